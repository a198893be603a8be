from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mestring.accounts"
    label = "accounts"
    verbose_name = _("Brukere og roller")

    def ready(self):
        from . import signals  # noqa: F401
