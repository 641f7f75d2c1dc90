from django.urls import path

from . import views

app_name = "work"
urlpatterns = [
    path("work/", views.home, name="home"),
    path("deals/<slug:slug>/work/", views.deal_work, name="deal"),
]
