from django.urls import path

from . import api

urlpatterns = [
    path("", api.ReportList.as_view(), name="api-reports"),
    path("public/", api.PublicReportList.as_view(), name="api-reports-public"),
    path("<int:year>/", api.ReportDetail.as_view(), name="api-report"),
    path("<int:year>/document/", api.ReportDocument.as_view(), name="api-report-document"),
    path("<int:year>/lessons/", api.Lessons.as_view(), name="api-report-lessons"),
    path("<int:year>/send/", api.Send.as_view(), name="api-report-send"),
    path("<int:year>/comments/", api.Comments.as_view(), name="api-report-comments"),
    path("<int:year>/finalise/", api.Finalise.as_view(), name="api-report-finalise"),
    path("<int:year>/reopen/", api.Reopen.as_view(), name="api-report-reopen"),
    path("<int:year>/submit/", api.Submit.as_view(), name="api-report-submit"),
]
