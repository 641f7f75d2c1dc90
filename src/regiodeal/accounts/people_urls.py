"""/deals/<slug>/people/: the programme office invites people of its deal and manages their roles."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.people, name="list"),
    path("invite/", views.person_invite, name="invite"),
    path("<int:pk>/", views.person_edit, name="edit"),
    path("<int:pk>/end/", views.person_end, name="end"),
    path("<int:pk>/resend/", views.person_resend, name="resend"),
]
