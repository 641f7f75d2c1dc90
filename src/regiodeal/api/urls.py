"""The REST API's routes and schema. Each domain app keeps its own serializers and views."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from regiodeal.deals import api as deals

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI's script is served as a file (the split view); its React styles need inline style.
    path(
        "docs/",
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("deals/", deals.DealList.as_view(), name="api-deal-list"),
    path("deals/<slug:slug>/", deals.DealDetail.as_view(), name="api-deal-detail"),
    path("deals/<slug:slug>/parties/", deals.PartyList.as_view(), name="api-party-list"),
    path("deals/<slug:slug>/partners/", deals.PartnerList.as_view(), name="api-partner-list"),
    path("deals/<slug:slug>/pillars/", deals.PillarList.as_view(), name="api-pillar-list"),
    path("deals/<slug:slug>/objectives/", deals.ObjectiveList.as_view(), name="api-objective-list"),
    path("deals/<slug:slug>/results/", deals.ResultList.as_view(), name="api-result-list"),
    path("deals/<slug:slug>/budget-lines/", deals.BudgetLineList.as_view(), name="api-budgetline-list"),
    path("deals/<slug:slug>/settings/", deals.DealSettingsView.as_view(), name="api-deal-settings"),
    path("deals/<slug:slug>/projects/", include("regiodeal.projects.api_urls")),
    path("deals/<slug:slug>/finance/", include("regiodeal.finance.api_urls")),
    path("deals/<slug:slug>/monitoring/", include("regiodeal.results.api_urls")),
    path("deals/<slug:slug>/governance/", include("regiodeal.governance.api_urls")),
    path("deals/<slug:slug>/participation/", include("regiodeal.participation.api_urls")),
    path("deals/<slug:slug>/evaluation/", include("regiodeal.evaluation.api_urls")),
    path("deals/<slug:slug>/ideas/", include("regiodeal.ideas.api_urls")),
    path("deals/<slug:slug>/reports/", include("regiodeal.reporting.api_urls")),
    path("public/", include("regiodeal.portal.api_urls")),
]
