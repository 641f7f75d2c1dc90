from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from regiodeal.common.health import healthz
from regiodeal.deals import statements
from regiodeal.deals import views as deal_views

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for monitors, no login (common/health.py)
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("regiodeal.api.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", statements.favicon),
    path("", include("regiodeal.portal.woo_urls")),  # robots.txt and the Woo sitemap
]
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
urlpatterns += i18n_patterns(
    path("accounts/", include("regiodeal.accounts.urls")),
    path("beheer/deals/", include("regiodeal.deals.urls")),
    path("deals/<slug:slug>/projects/", include("regiodeal.projects.urls")),
    path("deals/<slug:slug>/finance/", include("regiodeal.finance.urls")),
    path("deals/<slug:slug>/results/", include("regiodeal.results.urls")),
    path("deals/<slug:slug>/governance/", include("regiodeal.governance.urls")),
    path("deals/<slug:slug>/audit/", include("regiodeal.audit.urls")),
    path("deals/<slug:slug>/people/", include("regiodeal.accounts.people_urls")),
    path("deals/<slug:slug>/participation/", include("regiodeal.participation.urls")),
    path("deals/<slug:slug>/ideas/", include("regiodeal.ideas.urls")),
    path("deals/<slug:slug>/reports/", include("regiodeal.reporting.urls")),
    path("deals/<slug:slug>/evaluation/", include("regiodeal.evaluation.urls")),
    path("deals/<slug:slug>/settings/", deal_views.settings_view, name="deal-settings"),
    path(
        "deals/<slug:slug>/settings/organisaties/<str:code>/",
        deal_views.organisation_edit,
        name="deal-organisation-edit",
    ),
    path("", include("regiodeal.work.urls")),
    # The deal's statements and identity (deals/statements.py)
    path("deals/<slug:slug>/public/privacy/", statements.privacy, name="deal-privacy"),
    path("deals/<slug:slug>/public/toegankelijkheid/", statements.accessibility, name="deal-accessibility"),
    path("deals/<slug:slug>/public/contact/", statements.contact, name="deal-contact"),
    path("deals/<slug:slug>/public/huisstijl.css", statements.identity_css, name="deal-identity-css"),
    path("privacy/", statements.site_statement_view("privacy"), name="statement-privacy"),
    path(
        "toegankelijkheid/", statements.site_statement_view("accessibility"), name="statement-accessibility"
    ),
    path("contact/", statements.site_statement_view("contact"), name="statement-contact"),
    path("deals/<slug:slug>/imports/", include("regiodeal.imports.urls")),
    path("meldingen/", include("regiodeal.notifications.urls")),
    path("", include("regiodeal.portal.urls")),
    prefix_default_language=False,
)

handler400 = "regiodeal.api.errors.bad_request"
handler403 = "regiodeal.api.errors.permission_denied"
handler404 = "regiodeal.api.errors.not_found"
handler500 = "regiodeal.api.errors.server_error"
