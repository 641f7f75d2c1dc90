from django.urls import path

from . import api

urlpatterns = [
    path("", api.IdeaList.as_view(), name="api-idea-list"),
    path("<int:number>/", api.IdeaDetail.as_view(), name="api-idea-detail"),
    path("<int:number>/transitions/", api.IdeaTransitionCreate.as_view(), name="api-idea-transition"),
    path("<int:number>/contact/", api.IdeaContactDetail.as_view(), name="api-idea-contact"),
]
