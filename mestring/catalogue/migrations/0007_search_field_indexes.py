"""Word indexes on the title and the tags of the search documents, for ranking.

The ranking asks, per concept of a question, which matching documents have it in their
title and which in their tags. A word index answers that once per question, where a
substring test per document and term grew with every broad match. The two folded columns
move from the documents (read row by row by every filter, so kept narrow) to their texts.
PostgreSQL: GIN indexes on the words of the two columns. SQLite: an FTS5 table over them,
kept in step with the texts by triggers.
"""

from importlib import import_module

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_searchfields USING fts5("
    "title, tags, content='catalogue_searchtext', content_rowid='document_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfields_ai "
    "AFTER INSERT ON catalogue_searchtext BEGIN "
    "INSERT INTO catalogue_searchfields(rowid, title, tags) "
    "VALUES (new.document_id, new.title, new.tags); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfields_ad "
    "AFTER DELETE ON catalogue_searchtext BEGIN "
    "INSERT INTO catalogue_searchfields(catalogue_searchfields, rowid, title, tags) "
    "VALUES ('delete', old.document_id, old.title, old.tags); END",
    "CREATE TRIGGER IF NOT EXISTS catalogue_searchfields_au "
    "AFTER UPDATE OF title, tags ON catalogue_searchtext BEGIN "
    "INSERT INTO catalogue_searchfields(catalogue_searchfields, rowid, title, tags) "
    "VALUES ('delete', old.document_id, old.title, old.tags); "
    "INSERT INTO catalogue_searchfields(rowid, title, tags) "
    "VALUES (new.document_id, new.title, new.tags); END",
    "INSERT INTO catalogue_searchfields(catalogue_searchfields) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS catalogue_searchfields_ai",
    "DROP TRIGGER IF EXISTS catalogue_searchfields_ad",
    "DROP TRIGGER IF EXISTS catalogue_searchfields_au",
    "DROP TABLE IF EXISTS catalogue_searchfields",
]
POSTGRESQL = [
    f"CREATE INDEX IF NOT EXISTS catalogue_searchtext_{column}_words "
    f"ON catalogue_searchtext USING gin (to_tsvector('simple'::regconfig, {column}))"
    for column in ("title", "tags")
]
POSTGRESQL_DROP = [
    f"DROP INDEX IF EXISTS catalogue_searchtext_{column}_words" for column in ("title", "tags")
]


def copy_words(apps, schema_editor):
    """Move the title and tags of every document to its text, in one statement."""
    schema_editor.execute(
        "UPDATE catalogue_searchtext SET "
        "title = (SELECT d.title FROM catalogue_searchdocument d "
        "WHERE d.offer_id = catalogue_searchtext.document_id), "
        "tags = (SELECT d.tags FROM catalogue_searchdocument d "
        "WHERE d.offer_id = catalogue_searchtext.document_id)"
    )


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Adding the columns made SQLite copy the table, which drops its triggers: the
        # full-text triggers of 0005 come back first (the statements are idempotent).
        for sql in import_module(f"{__package__}.0005_search_text_indexes").SQLITE:
            schema_editor.execute(sql)
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_search_changed_at")]
    operations = [
        migrations.AddField(
            model_name="searchtext", name="title", field=models.TextField(default="")
        ),
        migrations.AddField(
            model_name="searchtext", name="tags", field=models.TextField(default="")
        ),
        migrations.RunPython(copy_words, migrations.RunPython.noop),
        migrations.RemoveField(model_name="searchdocument", name="title"),
        migrations.RemoveField(model_name="searchdocument", name="tags"),
        migrations.RunPython(create, drop),
    ]
