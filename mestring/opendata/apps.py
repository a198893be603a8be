from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mestring.opendata"
    label = "opendata"
    verbose_name = _("Åpne data")
