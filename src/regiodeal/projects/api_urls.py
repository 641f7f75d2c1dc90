from django.urls import path

from . import api

urlpatterns = [
    path("", api.ProjectList.as_view(), name="api-project-list"),
    path("<str:code>/", api.ProjectDetail.as_view(), name="api-project-detail"),
    path("<str:code>/transitions/", api.TransitionList.as_view(), name="api-project-transitions"),
    path("<str:code>/milestones/", api.MilestoneCreate.as_view(), name="api-project-milestones"),
    path("<str:code>/risks/", api.RiskCreate.as_view(), name="api-project-risks"),
]
