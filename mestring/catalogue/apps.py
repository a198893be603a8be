from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "mestring.catalogue"
    label = "catalogue"
    verbose_name = _("Tilbudskatalog")

    def ready(self):
        from .search import signals  # noqa: F401
