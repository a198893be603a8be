from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reinstall_triggers(sender, using="default", **kwargs) -> None:
    """SQLite drops a table's triggers when a migration rebuilds the table (adding a
    column to sessions, say): put the run-totals and report-row triggers back after every
    migrate."""
    from django.db import connections

    from . import report_rows, totals

    connection = connections[using]
    tables = connection.introspection.table_names()
    if totals.TABLE in tables:
        totals.install_triggers(connection)
    if report_rows.TABLE in tables:
        report_rows.install_triggers(connection)


class ActivityConfig(AppConfig):
    name = "mestring.activity"
    label = "activity"
    verbose_name = _("Aktivitet")

    def ready(self) -> None:
        post_migrate.connect(_reinstall_triggers, sender=self)
