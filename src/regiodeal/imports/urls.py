from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("u/<str:token>/", views.upload_page, name="upload"),
    path("u/<str:token>/progress/", views.upload_progress, name="progress"),
    path("<str:kind>/", views.upload_new, name="new"),
]
