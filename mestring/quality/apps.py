from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "mestring.quality"
    label = "quality"
