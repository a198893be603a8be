"""The one indexed text match of the search, per engine.

PostgreSQL: a GIN trigram index on the folded document text, which answers
`text LIKE '%term%'` (compound words, infixes) from the index; the old trigram indexes on
the offers go, since the search no longer reads the offers' text. SQLite: an FTS5 table
with the trigram tokenizer over the same text, kept in step with the documents by triggers.
Then every published offer is indexed.
"""

import logging

from django.db import DatabaseError, migrations, transaction

logger = logging.getLogger(__name__)

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_searchfts USING fts5("
    "text, content='catalogue_searchdocument', content_rowid='offer_id', tokenize='trigram')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_ai AFTER INSERT ON catalogue_searchdocument "
    "BEGIN INSERT INTO catalogue_searchfts(rowid, text) VALUES (new.offer_id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_ad AFTER DELETE ON catalogue_searchdocument "
    "BEGIN INSERT INTO catalogue_searchfts(catalogue_searchfts, rowid, text) "
    "VALUES ('delete', old.offer_id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_au AFTER UPDATE ON catalogue_searchdocument "
    "BEGIN INSERT INTO catalogue_searchfts(catalogue_searchfts, rowid, text) "
    "VALUES ('delete', old.offer_id, old.text); "
    "INSERT INTO catalogue_searchfts(rowid, text) VALUES (new.offer_id, new.text); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_searchfts_ai",
    "DROP TRIGGER IF EXISTS catalogue_searchfts_ad",
    "DROP TRIGGER IF EXISTS catalogue_searchfts_au",
    "DROP TABLE IF EXISTS catalogue_searchfts",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except DatabaseError:
            logger.warning("pg_trgm is not available; the search runs without its index.")
        else:
            schema_editor.execute(
                "CREATE INDEX IF NOT EXISTS catalogue_searchdocument_text_trgm "
                "ON catalogue_searchdocument USING gin (text gin_trgm_ops)"
            )
        for column in ("title", "description"):
            schema_editor.execute(f"DROP INDEX IF EXISTS catalogue_offer_{column}_trgm")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalogue_searchdocument_text_trgm")


def index_everything(apps, schema_editor):
    from mestring.catalogue.search import index

    index.rebuild()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_search_index")]
    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(index_everything, migrations.RunPython.noop, elidable=True),
    ]
