from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "mestring.operations"
    label = "operations"
    verbose_name = "Drift"
