from django.urls import path

from . import api

urlpatterns = [
    path("documents/", api.DocumentList.as_view(), name="api-evaluation-document-list"),
    path("adjustments/", api.AdjustmentList.as_view(), name="api-evaluation-adjustment-list"),
    path("credit-lines/", api.CreditLineList.as_view(), name="api-evaluation-credit-line-list"),
]
