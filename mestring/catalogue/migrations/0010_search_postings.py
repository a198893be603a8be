"""Posting lists of the search words on PostgreSQL (`search/postings.py`, ADR 0004).

They replace the GIN indexes of migrations 0005 and 0007: a question now reads the ids of
the documents holding its words from the lists, not from the texts a GIN index points at.
SQLite keeps its FTS5 tables.
"""

from django.db import migrations

GIN_INDEXES = {
    "catalogue_searchtext_vector": "vector",
    "catalogue_searchtext_title_words": "to_tsvector('simple'::regconfig, title)",
    "catalogue_searchtext_tags_words": "to_tsvector('simple'::regconfig, tags)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mestring.catalogue.search import postings

    schema_editor.execute(postings.CREATE_TABLE)
    for statement in postings.trigger_statements() + postings.rebuild_sql():
        schema_editor.execute(statement)
    for name in GIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from mestring.catalogue.search import postings

    for statement in postings.drop_statements():
        schema_editor.execute(statement)
    for name, expression in GIN_INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON catalogue_searchtext USING gin ({expression})"
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0009_search_pathways")]
    operations = [migrations.RunPython(create, drop)]
