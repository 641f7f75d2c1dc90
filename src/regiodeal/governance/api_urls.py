from django.urls import path

from . import api

urlpatterns = [
    path("signatures/", api.SignatureList.as_view(), name="api-governance-signatures"),
    path("meetings/", api.MeetingList.as_view(), name="api-governance-meetings"),
    path("meetings/<int:pk>/", api.MeetingDetail.as_view(), name="api-governance-meeting"),
    path("meetings/<int:pk>/decisions/", api.DecisionCreate.as_view(), name="api-governance-decisions"),
    path("meetings/<int:pk>/actions/", api.ActionCreate.as_view(), name="api-governance-actions"),
    path("meetings/<int:pk>/files/", api.MeetingFileCreate.as_view(), name="api-governance-meeting-files"),
    path("actions/<int:pk>/done/", api.ActionDoneView.as_view(), name="api-governance-action-done"),
    path("escalation-levels/", api.LevelList.as_view(), name="api-governance-levels"),
    path("escalation-levels/<int:pk>/", api.LevelChange.as_view(), name="api-governance-level"),
    path("escalation-levels/<int:pk>/end/", api.LevelEndView.as_view(), name="api-governance-level-end"),
    path("register/", api.RegisterList.as_view(), name="api-governance-register"),
    path("register/<int:pk>/escalations/", api.EscalateView.as_view(), name="api-governance-escalate"),
    path("requests/", api.RequestList.as_view(), name="api-governance-requests"),
    path("requests/<int:number>/", api.RequestDetail.as_view(), name="api-governance-request"),
    path("requests/<int:number>/receipt/", api.ReceiptView.as_view(), name="api-governance-receipt"),
    path("requests/<int:number>/consents/", api.ConsentView.as_view(), name="api-governance-consents"),
    path("requests/<int:number>/letters/", api.LetterView.as_view(), name="api-governance-letters"),
    path("requests/<int:number>/withdraw/", api.WithdrawView.as_view(), name="api-governance-withdraw"),
    path("requests/<int:number>/reconsider/", api.ReconsiderView.as_view(), name="api-governance-reconsider"),
    path("requests/<int:number>/decision/", api.DecideView.as_view(), name="api-governance-decide"),
    path("requests/<int:number>/lift/", api.LiftView.as_view(), name="api-governance-lift"),
    path("requests/<int:number>/spuk/", api.SpukView.as_view(), name="api-governance-spuk"),
    path("versions/", api.VersionList.as_view(), name="api-governance-versions"),
    path("versions/diff/", api.VersionDiff.as_view(), name="api-governance-diff"),
    path("obligations/", api.ObligationList.as_view(), name="api-governance-obligations"),
    path("obligations/<str:key>/fulfilment/", api.FulfilView.as_view(), name="api-governance-fulfil"),
]
