from django.urls import path

from . import views

app_name = "ideas"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("manage/", views.manage, name="manage"),
    path("manage/<int:number>/", views.manage_idea, name="manage-idea"),
    path("manage/<int:number>/contact/", views.contact, name="contact"),
]
