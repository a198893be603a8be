"""Trigram indexes for the catalogue search on PostgreSQL (SQLite needs and gets nothing).

The search matches case-insensitive substrings: Django writes them as
`UPPER(col::text) LIKE UPPER('%…%')`. GIN trigram indexes on exactly those expressions let
PostgreSQL answer them from the index instead of reading every offer. Creating the pg_trgm
extension needs the right privileges; without them the search still works, only slower.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)
COLUMNS = ("title", "description")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        logger.warning("pg_trgm is not available; the search runs without trigram indexes.")
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS catalogue_offer_{column}_trgm ON catalogue_offer "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS catalogue_offer_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
