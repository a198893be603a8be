from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mestring.statistics"
    label = "statistics"
    verbose_name = _("Statistikk")
