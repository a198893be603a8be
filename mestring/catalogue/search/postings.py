# ruff: noqa: S608 - the SQL is built from this module's constant names only.
"""Posting lists of the search index on PostgreSQL: for every word, the documents holding it.

A GIN index finds the rows holding a word, but every row it finds must then be read from
the table to learn its document id, and with a broad word ("mestring", "rus") that is a
third of the catalogue; seeing that cost, the planner at times read every text instead.
Posting lists give the ids themselves: `catalogue_searchposting` holds, per field (all the
text, the title, the tags), word and block of 1 024 document ids, the ids as an array. A
question reads one row per word and block and unnests them (ADR 0004).

The lists are derived from `catalogue_searchtext` by statement triggers in the same
statement, and so the same transaction, as every write of the texts: the index writer, a
cascading delete, raw SQL. Blocks keep the arrays a single change rewrites small. A full
rebuild (`index.rebuild`) switches the triggers off for its transaction and writes all
lists in one statement; `drift()` compares the lists with the texts.

SQLite needs none of this: its FTS5 tables are posting lists already (migrations 0005, 0007).
"""

from __future__ import annotations

from django.db import connection

from mestring.core import sql_triggers

TABLE = "catalogue_searchposting"
TEXTS = "catalogue_searchtext"
PREFIX = "catalogue_searchposting_"
BLOCK = 1024
# The fields of a document, as stored in the `field` column.
TEXT, TITLE, TAGS = 0, 1, 2
FIELDS = {"text": TEXT, "title": TITLE, "tags": TAGS}
# Set for a transaction by `paused()`: the triggers do nothing while a rebuild writes.
SETTING = "mestring.searchposting"

CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "field smallint NOT NULL, word text NOT NULL, block bigint NOT NULL, "
    "documents bigint[] NOT NULL, PRIMARY KEY (field, word, block))"
)


def words_of(rows: str) -> str:
    """(field, word, block, document_id) for every word of every row of the texts `rows`."""
    return (
        f"SELECT w.field, w.word, r.document_id / {BLOCK} AS block, r.document_id "
        f"FROM {rows} AS r CROSS JOIN LATERAL ("
        f"SELECT {TEXT}::smallint AS field, unnest(tsvector_to_array(r.vector)) AS word "
        f"UNION ALL SELECT {TITLE}::smallint, "
        "unnest(tsvector_to_array(to_tsvector('simple'::regconfig, r.title))) "
        f"UNION ALL SELECT {TAGS}::smallint, "
        "unnest(tsvector_to_array(to_tsvector('simple'::regconfig, r.tags)))"
        ") AS w"
    )


def _add(rows: str) -> str:
    # Inserted in key order, so that two writers wait for each other instead of deadlocking.
    return (
        f"INSERT INTO {TABLE} AS p (field, word, block, documents) "
        f"SELECT field, word, block, array_agg(document_id) FROM ({words_of(rows)}) AS x "
        "GROUP BY field, word, block ORDER BY field, word, block "
        "ON CONFLICT (field, word, block) DO UPDATE SET documents = p.documents || "
        "EXCLUDED.documents;"
    )


def _remove(rows: str) -> str:
    gone = (
        f"SELECT field, word, block, array_agg(document_id) AS ids "
        f"FROM ({words_of(rows)}) AS x GROUP BY field, word, block"
    )
    return (
        f"PERFORM 1 FROM {TABLE} AS p JOIN ({gone}) AS g USING (field, word, block) "
        "ORDER BY p.field, p.word, p.block FOR UPDATE OF p; "
        f"UPDATE {TABLE} AS p SET documents = "
        "ARRAY(SELECT unnest(p.documents) EXCEPT ALL SELECT unnest(g.ids)) "
        f"FROM ({gone}) AS g "
        "WHERE p.field = g.field AND p.word = g.word AND p.block = g.block; "
        f"DELETE FROM {TABLE} AS p USING ({gone}) AS g "
        "WHERE p.field = g.field AND p.word = g.word AND p.block = g.block "
        "AND cardinality(p.documents) = 0;"
    )


def _guarded(body: str) -> str:
    return f"IF current_setting('{SETTING}', true) IS DISTINCT FROM 'off' THEN {body} END IF;"


EVENTS = {
    "insert": ("REFERENCING NEW TABLE AS new_rows", _add("new_rows")),
    "delete": ("REFERENCING OLD TABLE AS old_rows", _remove("old_rows")),
    "update": (
        "REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows",
        _remove("old_rows") + " " + _add("new_rows"),
    ),
}


def trigger_statements() -> list[str]:
    """The statements that (re)create the table's triggers; safe to run again."""
    statements = []
    for event, (referencing, body) in EVENTS.items():
        statements += sql_triggers.pg_statement_trigger(
            PREFIX + event, TEXTS, event, referencing, _guarded(body)
        )
    # Emptying the texts at once (Django's `flush`) empties the lists too.
    statements += sql_triggers.pg_statement_trigger(
        PREFIX + "truncate", TEXTS, "truncate", "", f"DELETE FROM {TABLE};"
    )
    return statements


def drop_statements() -> list[str]:
    return sql_triggers.drop_statements(
        "postgresql", [(PREFIX + event, TEXTS) for event in [*EVENTS, "truncate"]]
    ) + [f"DROP TABLE IF EXISTS {TABLE}"]


def rebuild_sql() -> list[str]:
    """Every list anew from the texts, in one statement."""
    return [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (field, word, block, documents) "
        f"SELECT field, word, block, array_agg(document_id ORDER BY document_id) "
        f"FROM ({words_of(TEXTS)}) AS x GROUP BY field, word, block",
    ]


def in_use() -> bool:
    return connection.vendor == "postgresql"


def pause() -> None:
    """Switch the triggers off until the end of the transaction (a rebuild follows)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])


def rebuild() -> None:
    """Write every list from the texts and switch the triggers on again."""
    with connection.cursor() as cursor:
        for statement in rebuild_sql():
            cursor.execute(statement)
        cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])


def drift() -> list[int]:
    """Documents missing from a list of one of their words, or listed under a word they lack."""
    actual = f"SELECT field, word, unnest(documents) AS document_id FROM {TABLE}"
    expected = f"SELECT field, word, document_id FROM ({words_of(TEXTS)}) AS x"
    sql = (
        "SELECT DISTINCT document_id FROM ("
        f"({expected} EXCEPT ALL {actual}) UNION ALL ({actual} EXCEPT ALL {expected})"
        ") AS d ORDER BY document_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [pk for (pk,) in cursor.fetchall()]


def matching_sql(field: str, words: list[str]) -> tuple[str, list]:
    """A subquery of the document ids holding any of the words in the field; a phrase (words
    with spaces) matches the documents holding all of its words (no positions are kept)."""
    number = FIELDS[field]
    singles = [w for w in words if " " not in w]
    parts, params = [], []
    if singles:
        parts.append(f"SELECT unnest(documents) FROM {TABLE} WHERE field = %s AND word = ANY(%s)")
        params += [number, singles]
    for phrase in (w for w in words if " " in w):
        every = [
            f"SELECT unnest(documents) FROM {TABLE} WHERE field = %s AND word = %s"
            for _word in phrase.split()
        ]
        parts.append("(" + " INTERSECT ".join(every) + ")")
        for word in phrase.split():
            params += [number, word]
    if not parts:
        return "SELECT NULL::bigint WHERE false", []
    return " UNION ALL ".join(parts), params
