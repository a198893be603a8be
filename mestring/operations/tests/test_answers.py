"""Whole answers of the search list kept until the catalogue changes (operations/answers.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db
URL = "/api/v1/tilbud?q=kols"


@pytest.fixture
def offer(refdata):
    lms = make_organisation(name="LMS Bodø", external_id="lms-bodo", region_id="helse_nord")
    offer = make_offer(
        external_id="kols-skole",
        title="KOLS-skole",
        responsible=lms,
        codes={"diagnoser": ["lunge"]},
    )
    make_run(offer, municipality_id="1804")
    return offer


def titles(response) -> list[str]:
    return [row["tittel"] for row in response.json()["resultater"]]


def test_a_repeated_question_is_answered_from_one_read(client, offer):
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    assert again["X-Request-ID"] != first["X-Request-ID"]
    assert len(queries) == 1  # the index state


def test_a_kept_answer_still_gives_304(client, offer):
    first = client.get(URL)
    again = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "change",
    ["title", "new run", "run deleted", "organisation renamed", "offer archived"],
)
def test_every_change_to_what_the_answer_shows_is_seen_at_once(client, offer, change):
    assert titles(client.get(URL)) == ["KOLS-skole"]
    if change == "title":
        offer.title = "KOLS-skole for pårørende"
        offer.save()
    elif change == "new run":
        make_run(offer, municipality_id="0301")
    elif change == "run deleted":
        offer.runs.all().delete()
    elif change == "organisation renamed":
        offer.responsible.name = "LMS Nordlandssykehuset"
        offer.responsible.save()
    else:
        offer.status = "arkivert"
        offer.save()
    fresh = client.get(URL)
    if change == "title":
        assert titles(fresh) == ["KOLS-skole for pårørende"]
    elif change == "new run":
        assert fresh.json()["resultater"][0]["neste_gjennomforing"] is not None
    elif change == "run deleted":
        assert fresh.json()["resultater"][0]["neste_gjennomforing"] is None
    elif change == "organisation renamed":
        assert fresh.json()["resultater"][0]["ansvarlig"]["navn"] == "LMS Nordlandssykehuset"
    else:
        assert titles(fresh) == []


def test_a_compressed_answer_is_kept_apart_from_a_plain_one(client, offer):
    packed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    plain = client.get(URL)
    assert "Content-Encoding" not in plain
    assert plain.json()["antall"] == 1
    assert client.get(URL, HTTP_ACCEPT_ENCODING="gzip").content == packed.content


def test_logged_in_readers_and_errors_are_not_kept(client, offer, django_user_model):
    from django.core.cache import caches

    client.get("/api/v1/tilbud?side=0")
    assert not caches["answers"]._cache  # a 400 is not kept
    client.force_login(django_user_model.objects.create_user("kari", password="x"))
    client.get(URL)
    assert not caches["answers"]._cache
    client.logout()
    client.get(URL)
    assert len(caches["answers"]._cache) == 1


def test_a_kept_answer_counts_against_the_rate_limit(client, offer, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_PER_MINUTE = 2
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 200
    limited = client.get(URL)
    assert limited.status_code == 429
    assert "Retry-After" in limited


def test_a_kept_answer_is_not_used_once_a_shown_run_begins(client, refdata, today):
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    import time_machine

    offer = make_offer(title="KOLS-skole", codes={"diagnoser": ["lunge"]})
    make_run(offer, start=today, sessions=1, hour=18)
    make_run(offer, start=today + timedelta(days=7))
    oslo = ZoneInfo("Europe/Oslo")
    with time_machine.travel(datetime.combine(today, time(17, 30), tzinfo=oslo), tick=False):
        before = client.get(URL).json()["resultater"][0]["neste_gjennomforing"]
        assert client.get(URL).json()["resultater"][0]["neste_gjennomforing"] == before
    with time_machine.travel(datetime.combine(today, time(18, 30), tzinfo=oslo), tick=False):
        after = client.get(URL).json()["resultater"][0]["neste_gjennomforing"]
    assert before["start"] == today.isoformat()
    assert after["start"] == (today + timedelta(days=7)).isoformat()
