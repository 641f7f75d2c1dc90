from django.urls import path

from . import views

app_name = "deals"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<slug:deal_slug>/verbeteren/", views.correct, name="correct"),
]
