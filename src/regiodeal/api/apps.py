from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "regiodeal.api"
    label = "api"
    verbose_name = "API"
