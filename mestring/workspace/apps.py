from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mestring.workspace"
    label = "workspace"
    verbose_name = _("Arbeidsflate for tilbydere")

    def ready(self):
        from mestring.exchange.revisions import register_models

        register_models()
