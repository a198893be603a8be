"""The search list's cards come from the index; they must equal cards built from the offers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from mestring.api import serialise
from mestring.catalogue.models import Offer, SearchCard
from mestring.catalogue.search import index
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(refdata, today):
    TODAY = today  # noqa: N806 - the day the offers are made on
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
    make_run(many, start=TODAY - timedelta(days=3), end=TODAY + timedelta(days=10))
    make_run(many, start=TODAY + timedelta(days=2), municipality_id="1804", format="fysisk")
    make_run(many, start=TODAY + timedelta(days=2), municipality_id="1806")
    make_run(many, start=TODAY + timedelta(days=9), status="avlyst")
    for week in range(1, 9):
        make_run(many, start=TODAY + timedelta(weeks=week, days=3), format="digitalt_direkte")
    none = make_offer(title="Selvhjelp på nett", responsible=lms, price=None)
    make_run(none, start=TODAY - timedelta(days=40), status="gjennomfort")
    return [many, none]


def built_from_offer(offer: Offer, today: date) -> dict:
    fresh = (
        Offer.objects.select_related("responsible")
        .prefetch_related("codes", "runs__municipality")
        .get(pk=offer.pk)
    )
    return serialise.offer_card(fresh, today)


def cards_agree(offers, today: date) -> None:
    for offer in offers:
        kept = SearchCard.objects.get(document_id=offer.pk).card
        assert serialise.offer_card_from_index(kept, today) == built_from_offer(offer, today)


@pytest.mark.parametrize("days_later", [0, 1, 2, 3, 12])
def test_a_card_from_the_index_equals_one_from_the_offer(offers, today, days_later):
    cards_agree(offers, today + timedelta(days=days_later))


def test_cards_stay_right_day_by_day_with_the_daily_refresh(offers, today):
    for days_later in range(70):
        day = today + timedelta(days=days_later)
        index.refresh_stale(today=day)  # `mestring search oppdater`, every night
        cards_agree(offers, day)


def test_the_list_shows_the_card_from_the_index(client, offers, today):
    body = client.get("/api/v1/tilbud", {"q": "kols"}).json()
    card = body["resultater"][0]
    assert card["tittel"] == "KOLS-skole"
    assert card["pris"] == "250.00"
    assert card["ansvarlig"] == {"id": "lms-bodo", "navn": "LMS Bodø"}
    assert card["diagnoser"] == ["hjerte_kar", "lunge"]
    assert card["neste_gjennomforing"]["start"] == (today + timedelta(days=2)).isoformat()
    assert card["neste_gjennomforing"]["kommunenummer"] == "1804"
    assert card["neste_gjennomforing"]["kommune"] == "Bodø"
