"""/api/v1/public/: the public part of the API (anonymous, read-only, portal/selectors.py only)."""

from django.urls import path

from . import api
from .opendata import DATASETS

urlpatterns = [
    path("deals/", api.PublicDealList.as_view(), name="api-public-deal-list"),
    path("deals/<slug:slug>/", api.PublicDealDetail.as_view(), name="api-public-deal-detail"),
    path("deals/<slug:slug>/iati/", api.PublicIati.as_view(), name="api-public-iati"),
    path("deals/<slug:slug>/catalogue/", api.PublicCatalogue.as_view(), name="api-public-catalogue"),
] + [
    path(f"deals/<slug:slug>/{name}/", api.dataset_view(name), name=f"api-public-{name}") for name in DATASETS
]
