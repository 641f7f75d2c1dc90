from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("charts/<str:code>/", views.dashboard_charts, name="dashboard-charts"),
    path("theory/", views.theory, name="theory"),
    path("pillars/<str:code>/", views.pillar, name="pillar"),
    path("results/<str:code>/", views.result, name="result"),
    path("projects/<str:code>/", views.project_chain, name="project-chain"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("links/new/", views.link_add, name="link-add"),
    path("links/<int:pk>/", views.link_edit, name="link-edit"),
    path("measurements/new/", views.measurement_add, name="measurement-add"),
    path("milestones/new/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/document/", views.milestone_document, name="milestone-document"),
]
