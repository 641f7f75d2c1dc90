"""The REST API's routes and schema. Each domain app keeps its own serializers and views."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from regiodeal.deals import api as deals

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("deals/", deals.DealList.as_view(), name="api-deal-list"),
    path("deals/<slug:slug>/", deals.DealDetail.as_view(), name="api-deal-detail"),
    path("deals/<slug:slug>/parties/", deals.PartyList.as_view(), name="api-party-list"),
    path("deals/<slug:slug>/partners/", deals.PartnerList.as_view(), name="api-partner-list"),
    path("deals/<slug:slug>/pillars/", deals.PillarList.as_view(), name="api-pillar-list"),
    path("deals/<slug:slug>/objectives/", deals.ObjectiveList.as_view(), name="api-objective-list"),
    path("deals/<slug:slug>/results/", deals.ResultList.as_view(), name="api-result-list"),
    path("deals/<slug:slug>/budget-lines/", deals.BudgetLineList.as_view(), name="api-budgetline-list"),
]
