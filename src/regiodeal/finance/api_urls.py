from django.urls import path

from . import api

urlpatterns = [
    path("entries/", api.EntryList.as_view(), name="api-finance-entries"),
    path("entries/<int:pk>/", api.EntryDetail.as_view(), name="api-finance-entry"),
    path("entries/<int:pk>/reverse/", api.EntryReverse.as_view(), name="api-finance-entry-reverse"),
    path("entries/<int:pk>/source/", api.EntrySource.as_view(), name="api-finance-entry-source"),
    path("entries/<int:pk>/correct/", api.EntryCorrect.as_view(), name="api-finance-entry-correct"),
    path("programme/", api.ProgrammeList.as_view(), name="api-finance-programme"),
    path("overview/", api.Overview.as_view(), name="api-finance-overview"),
    path("vat-split/", api.VatSplit.as_view(), name="api-finance-vat-split"),
    path("findings/", api.Findings.as_view(), name="api-finance-findings"),
    path("spuk/", api.SpukList.as_view(), name="api-finance-spuk"),
    path("spuk/sisa/", api.SisaList.as_view(), name="api-finance-sisa"),
    path("spuk/<int:year>/submit/", api.SpukSubmit.as_view(), name="api-finance-spuk-submit"),
    path("imports/", api.Import.as_view(), name="api-finance-imports"),
    path("cooperation-agreement/", api.CooperationAgreementView.as_view(), name="api-finance-agreement"),
    path("eu-law/", api.EuLaw.as_view(), name="api-finance-eu-law"),
    path("vat-payments/", api.VatPayments.as_view(), name="api-finance-vat-payments"),
    path("spuk/decisions/", api.SpukDecisions.as_view(), name="api-finance-spuk-decisions"),
    path("spuk/payments/", api.SpukPayments.as_view(), name="api-finance-spuk-payments"),
]
