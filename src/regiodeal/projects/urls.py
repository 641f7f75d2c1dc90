from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/edit/", views.edit, name="edit"),
    path("<str:code>/transition/", views.transition, name="transition"),
    path("<str:code>/milestones/", views.milestone_add, name="milestone-add"),
    path("<str:code>/milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("<str:code>/risks/", views.risk_add, name="risk-add"),
    path("<str:code>/risks/<int:pk>/status/", views.risk_status, name="risk-status"),
]
