from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "mestring.demo"
    label = "demo"
