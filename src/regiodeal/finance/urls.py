from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("grootboek/", views.ledger, name="ledger"),
    path("grootboek/<int:pk>/corrigeren/", views.reverse_entry, name="reverse"),
    path("vat-verdeling/", views.vat_split, name="vat"),
    path("bevindingen/", views.findings, name="findings"),
    path("spuk/", views.spuk, name="spuk"),
    path("spuk/<int:year>/indienen/", views.spuk_submit, name="spuk-submit"),
    path("export/<slug:table>.xlsx", views.export, name="export"),
]
