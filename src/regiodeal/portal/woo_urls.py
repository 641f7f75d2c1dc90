"""The Woo publication (portal/woo.py): language-neutral addresses, outside the /en/ prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path("sitemap-woo.xml", views.woo_sitemap_index, name="woo-sitemap-index"),
    path("deals/<slug:slug>/woo/sitemap.xml", views.woo_sitemap, name="woo-sitemap"),
    path("deals/<slug:slug>/woo/<slug:key>.xml", views.woo_metadata, name="woo-metadata"),
    path("deals/<slug:slug>/woo/<slug:key>.txt", views.woo_text, name="woo-text"),
]
