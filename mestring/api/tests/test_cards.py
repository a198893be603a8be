"""The search list's cards come from the index; they must equal cards built from the offers."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from mestring.api import serialise
from mestring.catalogue.models import Offer, SearchCard
from mestring.catalogue.search import cards, index
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=OSLO)


@pytest.fixture
def offers(refdata, today):
    lms = make_organisation(name="LMS Bodø", external_id="lms-bodo", region_id="helse_nord")
    many = make_offer(
        title="KOLS-skole",
        responsible=lms,
        codes={
            "diagnoser": ["lunge", "hjerte_kar"],
            "sprak": ["nb", "se"],
            "fagfelt": ["somatikk"],
        },
        price=Decimal("250.00"),
        requires_referral=True,
    )
    make_run(many, start=today - timedelta(days=3), end=today + timedelta(days=10))
    make_run(many, start=today, sessions=2, hour=18)  # begins this evening
    make_run(many, start=today + timedelta(days=2), municipality_id="1804", format="fysisk")
    make_run(many, start=today + timedelta(days=2), municipality_id="1806")
    make_run(many, start=today + timedelta(days=9), status="avlyst")
    for week in range(1, 9):
        make_run(many, start=today + timedelta(weeks=week, days=3), sessions=3, hour=12)
    none = make_offer(title="Selvhjelp på nett", responsible=lms, price=None)
    make_run(none, start=today - timedelta(days=40), status="gjennomfort")
    return [many, none]


def built_from_offer(offer: Offer, now: datetime) -> dict:
    fresh = (
        Offer.objects.select_related("responsible")
        .prefetch_related("codes", "runs__municipality", "runs__sessions")
        .get(pk=offer.pk)
    )
    return serialise.offer_card(fresh, now)


def cards_agree(offers, now: datetime) -> None:
    for offer in offers:
        kept = SearchCard.objects.get(document_id=offer.pk).card
        assert serialise.offer_card_from_index(kept, now) == built_from_offer(offer, now)


@pytest.mark.parametrize(("days_later", "hour"), [(0, 10), (0, 19), (1, 10), (2, 10), (12, 10)])
def test_a_card_from_the_index_equals_one_from_the_offer(offers, today, days_later, hour):
    cards_agree(offers, at(today + timedelta(days=days_later), hour))


def test_cards_stay_right_day_by_day_with_the_daily_refresh(offers, today):
    for days_later in range(70):
        day = today + timedelta(days=days_later)
        index.refresh_stale(today=day)  # `mestring search oppdater`, every night
        for hour in (1, 13, 23):
            cards_agree(offers, at(day, hour))


def test_a_card_says_when_its_next_run_turns_into_one_in_progress(offers, today):
    kept = [SearchCard.objects.get(document_id=offer.pk).card for offer in offers]
    evening = at(today, 18)
    assert cards.next_change(kept, at(today, 10)) == evening
    assert cards.next_change(kept, at(today, 19)) is None


def test_the_list_shows_the_card_from_the_index(client, offers, today):
    body = client.get("/api/v1/tilbud", {"q": "kols"}).json()
    card = body["resultater"][0]
    assert card["tittel"] == "KOLS-skole"
    assert card["pris"] == "250.00"
    assert card["ansvarlig"] == {"id": "lms-bodo", "navn": "LMS Bodø"}
    assert card["diagnoser"] == ["hjerte_kar", "lunge"]
    assert card["neste_gjennomforing"]["start"] == today.isoformat()  # this evening
