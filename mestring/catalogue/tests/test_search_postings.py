"""The posting lists of PostgreSQL follow every write of the search texts, and drift shows."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mestring.catalogue.models import SearchText
from mestring.catalogue.search import index, postings

from .factories import make_offer

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("refdata"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="posting lists are PostgreSQL's word index"
    ),
]


def listed(field: str, word: str) -> set[int]:
    sql, params = postings.matching_sql(field, [word])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk for (pk,) in cursor.fetchall()}


def test_lists_follow_saves_updates_and_deletes():
    offer = make_offer(title="Diabeteskurs for foreldre")
    other = make_offer(title="Kurs om søvn")
    assert listed("title", "diabeteskurs") == {offer.pk}
    assert listed("text", "kurs") >= {other.pk}
    assert offer.pk in listed("text", "foreldre")

    offer.title = "Mestring av søvnvansker"
    offer.save()
    assert listed("title", "diabeteskurs") == set()
    assert listed("title", "søvnvansker") == {offer.pk}

    # Raw SQL on the texts is followed too: the triggers, not the writer, keep the lists.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_searchtext SET tags = 'hjertesvikt' WHERE document_id = %s",
            [other.pk],
        )
    assert listed("tags", "hjertesvikt") == {other.pk}

    offer.delete()
    assert offer.pk not in listed("text", "søvnvansker")
    assert postings.drift() == []


def test_a_phrase_needs_all_its_words():
    both = make_offer(title="Kurs for psykisk syk mor")
    one = make_offer(title="Kurs om psykisk helse")
    sql, params = postings.matching_sql("title", ["psykisk syk"])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {pk for (pk,) in cursor.fetchall()}
    assert both.pk in found
    assert one.pk not in found


def test_drift_is_reported_and_a_rebuild_mends_it():
    offer = make_offer(title="Kurs om kols")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalogue_searchposting SET documents = array_remove(documents, %s) "
            "WHERE field = 1 AND word = 'kols'",
            [offer.pk],
        )
    assert postings.drift() == [offer.pk]
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search", "kontroller", stdout=out)
    assert "står feil i ordlistene" in out.getvalue()

    call_command("search", "reindex", stdout=io.StringIO(), stderr=io.StringIO())
    assert postings.drift() == []
    assert listed("title", "kols") == {offer.pk}


def test_a_rebuild_switches_the_triggers_back_on_in_its_transaction():
    make_offer(title="Kurs om astma")
    with transaction.atomic():
        index.rebuild()
        late = make_offer(title="Kurs om migrene")
        assert listed("title", "migrene") == {late.pk}
    assert postings.drift() == []


def test_texts_written_while_paused_are_not_listed_until_the_rebuild():
    offer = make_offer(title="Kurs om epilepsi")
    with transaction.atomic():
        postings.pause()
        SearchText.objects.filter(document_id=offer.pk).update(title="kurs om artrose")
        assert listed("title", "artrose") == set()
        postings.rebuild()
        assert listed("title", "artrose") == {offer.pk}


def test_emptying_the_texts_at_once_empties_the_lists():
    make_offer(title="Kurs om psoriasis")
    with connection.cursor() as cursor:
        # The test's own transaction holds deferred foreign key checks; TRUNCATE needs none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE catalogue_searchtext")
        cursor.execute("SELECT count(*) FROM catalogue_searchposting")
        assert cursor.fetchone() == (0,)
    assert postings.drift() == []
