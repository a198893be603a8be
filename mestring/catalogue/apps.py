from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "mestring.catalogue"
    label = "catalogue"
    verbose_name = _("Tilbudskatalog")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .search import signals

        post_migrate.connect(signals.index_after_migrate, sender=self)
