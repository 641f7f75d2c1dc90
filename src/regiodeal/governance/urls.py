from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("signatures/", views.signatures, name="signatures"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/<str:form_name>/", views.meeting, name="meeting_form"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("register/", views.register, name="register"),
    path("register/<int:pk>/", views.register_item, name="register_item"),
    path("register/levels/<int:pk>/", views.escalation_level, name="escalation_level"),
    path("register/levels/<int:pk>/<str:step>/", views.escalation_level, name="escalation_level_step"),
    path("requests/", views.requests, name="requests"),
    path("requests/new/<str:kind>/", views.request_new, name="request_new"),
    path("requests/<int:number>/", views.request_detail, name="request"),
    path("requests/<int:number>/<str:step>/", views.request_detail, name="request_step"),
    path("publications/", views.publications, name="publications"),
    path("check/", views.covenant_check, name="check"),
    path("versions/", views.versions, name="versions"),
    path("versions/compare/", views.version_compare, name="compare"),
    path("versions/<int:number>/", views.version_detail, name="version"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("calendar/token/", views.calendar_token, name="calendar_token"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
