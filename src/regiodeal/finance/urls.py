from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("grootboek/", views.ledger, name="ledger"),
    path("grootboek/boeken/", views.book_choose, name="book-choose"),
    path("grootboek/boeken/<slug:screen>/", views.book, name="book"),
    path("grootboek/<int:pk>/", views.entry_detail, name="entry"),
    path("grootboek/<int:pk>/herkomst/", views.entry_source, name="entry-source"),
    path("grootboek/<int:pk>/corrigeren/", views.correct_entry, name="reverse"),
    path("grootboek/<int:pk>/tegenboeken/", views.reverse_entry, name="reverse-only"),
    path("uitvoeringsprogramma/", views.programme, name="programme"),
    path("uitvoeringsprogramma/<int:year>/", views.programme_year, name="programme-year"),
    path("vat-verdeling/", views.vat_split, name="vat"),
    path("samenwerkingsovereenkomst/", views.agreement, name="agreement"),
    path("samenwerkingsovereenkomst/bestand/", views.agreement_file, name="agreement-file"),
    path("spuk/beschikking/<int:pk>/bestand/", views.spuk_decision_file, name="spuk-decision-file"),
    path("unierecht/", views.eu_law, name="eu-law"),
    path("unierecht/<slug:target>/<int:pk>/", views.eu_law_edit, name="eu-law-edit"),
    path("bevindingen/", views.findings, name="findings"),
    path("spuk/", views.spuk, name="spuk"),
    path("spuk/<int:year>/indienen/", views.spuk_submit, name="spuk-submit"),
    path("export/<slug:table>.xlsx", views.export, name="export"),
]
