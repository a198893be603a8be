from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefdataConfig(AppConfig):
    name = "mestring.refdata"
    label = "refdata"
    verbose_name = _("Referansedata")
