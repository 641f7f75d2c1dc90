from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("portfolio/", views.portfolio_view, name="portfolio"),
    path("deals/<slug:slug>/", views.deal_page, name="deal"),
    path("deals/<slug:slug>/public/projects/", views.projects, name="projects"),
    path("deals/<slug:slug>/public/projects/<str:code>/", views.project, name="project"),
    path("deals/<slug:slug>/public/money/", views.money, name="money"),
    path("deals/<slug:slug>/public/results/", views.results, name="results"),
    path("deals/<slug:slug>/public/ideas/", views.ideas, name="ideas"),
    path("deals/<slug:slug>/public/ideas/<int:number>/", views.idea, name="idea"),
    path("deals/<slug:slug>/public/reports/", views.reports, name="reports"),
    path("deals/<slug:slug>/public/open-data/", views.open_data, name="open-data"),
    path("deals/<slug:slug>/public/open-data/iati.xml", views.open_data_iati, name="open-data-iati"),
    path(
        "deals/<slug:slug>/public/open-data/catalogus.<str:fmt>",
        views.open_data_catalogue,
        name="open-data-catalogue",
    ),
    path(
        "deals/<slug:slug>/public/open-data/<slug:dataset>.<str:fmt>",
        views.open_data_file,
        name="open-data-file",
    ),
]
