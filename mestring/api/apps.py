from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mestring.api"
    label = "api"
