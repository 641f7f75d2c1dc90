from django.urls import path

from . import views

app_name = "participation"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("conversations/", views.conversations, name="conversations"),
    path("conversations/new/", views.conversation_new, name="conversation-new"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation"),
    path("conversations/<int:pk>/edit/", views.conversation_edit, name="conversation-edit"),
    path("conversations/<int:pk>/publish/", views.conversation_publish, name="conversation-publish"),
    path("conversations/<int:pk>/delete/", views.conversation_delete, name="conversation-delete"),
    path("initiatives/", views.initiatives, name="initiatives"),
    path("initiatives/new/", views.initiative_new, name="initiative-new"),
    path("initiatives/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/edit/", views.initiative_edit, name="initiative-edit"),
    path("cocreation/", views.cocreation, name="cocreation"),
    path("projects/<str:code>/", views.project_page, name="project"),
    path("quality/", views.quality, name="quality"),
    path("wijken/", views.wijken, name="wijken"),
    path("wijken/<int:pk>/edit/", views.wijk_edit, name="wijk-edit"),
    path("themes/", views.theme_add, name="theme-add"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme-edit"),
    path("themes/<str:code>/toggle/", views.theme_toggle, name="theme-toggle"),
]
