from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("documents/new/", views.document_new, name="document-new"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
    path("adjustments/new/", views.adjustment_new, name="adjustment-new"),
    path("adjustments/<int:pk>/edit/", views.adjustment_edit, name="adjustment-edit"),
    path("communication/", views.communication, name="communication"),
    path("communication/<str:code>/asked/", views.credit_line_new, name="credit-line-new"),
    path("lessons.xlsx", views.lessons_xlsx, name="lessons-xlsx"),
]
