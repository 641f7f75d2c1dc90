from django.urls import path

from . import api

urlpatterns = [
    path("indicators/", api.IndicatorList.as_view(), name="api-indicator-list"),
    path("targets/", api.TargetList.as_view(), name="api-target-list"),
    path("targets/<int:pk>/", api.TargetDetail.as_view(), name="api-target-detail"),
    path("measurements/", api.MeasurementList.as_view(), name="api-measurement-list"),
    path("measurements/import/", api.MeasurementImport.as_view(), name="api-measurement-import"),
    path("verdicts/", api.VerdictList.as_view(), name="api-verdicts"),
    path("milestones/", api.ResultMilestoneList.as_view(), name="api-milestone-list"),
    path("milestones/<int:pk>/", api.ResultMilestoneDetail.as_view(), name="api-milestone-detail"),
    path("norms/", api.ApproachNormView.as_view(), name="api-approach-norms"),
]
