from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mestring.core"
    label = "core"
