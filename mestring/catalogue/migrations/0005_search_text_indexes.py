"""The full-text index of the search documents, per engine.

PostgreSQL: a `tsvector` column generated from the folded text, without positions
(smaller and quicker to read; phrases match their words), with a GIN index; the old trigram indexes on the offers go,
since the search no longer reads the offers' text. SQLite: an FTS5 table over the same
folded text, kept in step with the documents by triggers. Both hold whole words; compound
words are found by expanding a query word to the indexed words that contain it
(`search.SearchWord`). An empty index is filled after `migrate` (see `apps.py`).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_searchfts USING fts5("
    "text, content='catalogue_searchtext', content_rowid='document_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_ai AFTER INSERT ON catalogue_searchtext "
    "BEGIN INSERT INTO catalogue_searchfts(rowid, text) VALUES (new.document_id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_ad AFTER DELETE ON catalogue_searchtext "
    "BEGIN INSERT INTO catalogue_searchfts(catalogue_searchfts, rowid, text) "
    "VALUES ('delete', old.document_id, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfts_au AFTER UPDATE ON catalogue_searchtext "
    "BEGIN INSERT INTO catalogue_searchfts(catalogue_searchfts, rowid, text) "
    "VALUES ('delete', old.document_id, old.text); "
    "INSERT INTO catalogue_searchfts(rowid, text) VALUES (new.document_id, new.text); END",
    # Index documents already there, so that the delete trigger never meets a stranger.
    "INSERT INTO catalogue_searchfts(catalogue_searchfts) VALUES ('rebuild')",
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
        schema_editor.execute(
            "ALTER TABLE catalogue_searchtext ADD COLUMN vector tsvector "
            "GENERATED ALWAYS AS (strip(to_tsvector('simple'::regconfig, text))) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX catalogue_searchtext_vector ON catalogue_searchtext USING gin (vector)"
        )
        for column in ("title", "description"):
            schema_editor.execute(f"DROP INDEX IF EXISTS catalogue_offer_{column}_trgm")


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in SQLITE_DROP:
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute("ALTER TABLE catalogue_searchtext DROP COLUMN vector")


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_search_index")]
    operations = [
        migrations.RunPython(create, drop),
    ]
