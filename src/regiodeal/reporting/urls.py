from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:year>/", views.detail, name="detail"),
    path("<int:year>/lessons/", views.lessons, name="lessons"),
    path("<int:year>/send/", views.send, name="send"),
    path("<int:year>/comment/", views.comment, name="comment"),
    path("<int:year>/finalise/", views.finalise, name="finalise"),
    path("<int:year>/reopen/", views.reopen, name="reopen"),
    path("<int:year>/submit/", views.submit, name="submit"),
    path("<int:year>/download/<str:audience>.<str:fmt>", views.download, name="download"),
    path("<int:year>/openbaar.pdf", views.public_pdf, name="public-pdf"),
    path("<int:year>/editions/<int:number>.pdf", views.edition_pdf, name="edition-pdf"),
]
