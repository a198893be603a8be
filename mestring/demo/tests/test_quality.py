"""The demo data reads true: the quality checks find nothing at every scale."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from mestring.catalogue.rules import is_upcoming
from mestring.demo import generator, vocabulary, writer
from mestring.demo.records import offer_data
from mestring.quality import sources
from mestring.quality.rules import Duplicates, actionable_findings, offer_findings, title_key

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 22)
SEED = 2012


def make_demo(scale: str) -> None:
    call_command(
        "demo",
        "--scale",
        scale,
        "--today",
        TODAY.isoformat(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )


def kvalitet() -> str:
    out = io.StringIO()
    call_command("kvalitet", "--today", TODAY.isoformat(), stdout=out)
    return out.getvalue()


def upcoming_runs(offers) -> list:
    return [
        run.record
        for data in offers
        if data.record["status"] == "publisert"
        for run in data.runs
        if is_upcoming(run.record["status"], run.record["start"], run.record["slutt"], TODAY)
    ]


@pytest.mark.parametrize("scale", ["mini", "demo"])
def test_the_checker_finds_nothing_in_the_demo_data(refdata, scale):
    make_demo(scale)
    assert "Ingen funn" in kvalitet()  # the command raises (exit code 1) on any finding
    offers = list(sources.database_offers())
    published = [d for d in offers if d.record["status"] == "publisert"]
    # Every published offer can be acted on: a sign-up or a contact, and for each upcoming
    # run a place or a way to join and sessions with clock times.
    for data in published:
        assert data.record["kontakt_epost"].endswith("@example.no"), data.record["id"]
        assert data.record["kontakt_rolle"], data.record["id"]
        assert actionable_findings(data.record, data.runs, TODAY) == []
    upcoming = upcoming_runs(offers)
    formats = {run["format"] for run in upcoming}
    assert "fysisk" in formats and formats & {"digitalt_direkte", "digitalt_selvstudium"}
    assert all(run["adresse"] or run["digital_deltakelse"] for run in upcoming)


def test_demo_texts_follow_the_structured_fields(refdata):
    make_demo("mini")
    for data in sources.database_offers():
        offer = data.record
        if offer["pris"] is not None and offer["pris"] > 0:
            assert f"{int(offer['pris'])} kr" in offer["pris_merknad"], offer["id"]
        if offer["krav_henvisning"] is True:
            assert "henvisning" in offer["henvisning_merknad"], offer["id"]
        if offer["krav_henvisning"] is False:
            assert offer["henvisning_merknad"] == "Du trenger ingen henvisning."
        if offer["pasientreiser"]:
            assert offer["krav_henvisning"] is True and offer["ansvarlig"].startswith(
                ("lms-", "klinikk-")
            )
        for run in data.runs:
            if run.record["format"] == "fysisk":
                assert run.record["adresse"] and run.record["kommunenummer"]


def test_sessions_skip_public_holidays_and_keep_their_weekday():
    days = generator.session_days(date(2026, 3, 26), "arbeidstid", 3)  # Thursday
    assert days == [date(2026, 3, 26), date(2026, 4, 9), date(2026, 4, 16)]  # not 2 April
    assert generator.session_days(date(2026, 11, 25), "helg", 2) == [
        date(2026, 11, 28),
        date(2026, 12, 5),
    ]
    assert generator.session_days(date(2026, 11, 22), "kveld", 1) == [date(2026, 11, 23)]
    assert generator.session_days(date(2026, 12, 17), "kveld", 3) == [  # not on 24 or 31 Dec
        date(2026, 12, 17),
        date(2027, 1, 7),
        date(2027, 1, 14),
    ]


def test_national_scale_reads_true(refdata):
    """National scale without writing: every title is unique per provider, and a fixed
    sample of chunks (4 × 1 000 of the 52 000 offers) passes every check."""
    scale = generator.SCALES["national"]
    rng = generator.random.Random(f"{SEED}-plan")
    providers = generator.plan_providers(rng, writer._trusts(), writer._municipalities(), scale)
    owners = generator.owners(SEED, scale, providers)
    titles = generator.plan_titles(SEED, owners)
    keys = {(owner.external_id, title_key(t.text)) for owner, t in zip(owners, titles, strict=True)}
    assert len(keys) == scale.offers
    chunks = (0, 17, 34, 51)
    numbers = [c * 1000 + i for c in chunks for i in range(1, 1001)]
    duplicates, checked, upcoming = Duplicates(), 0, 0
    for number, bundle in zip(
        numbers, generator.offers(SEED, scale, providers, TODAY, owners, numbers), strict=True
    ):
        data = offer_data(bundle, owners[number - 1].external_id)
        assert offer_findings(data, TODAY) == [], data.record["id"]
        assert duplicates.add(data) == []
        checked += 1
        upcoming += len(upcoming_runs([data]))
    assert checked == 4000 and upcoming > 1000


def test_user_organisations_hold_courses_on_what_they_work_for(refdata):
    """Kreftforeningen holds courses on cancer, not on drug abuse: every offer of a user
    organisation at national scale (without writing) is on a diagnosis, or without one a
    field, that the organisation works for."""
    scale = generator.SCALES["national"]
    rng = generator.random.Random(f"{SEED}-plan")
    providers = generator.plan_providers(rng, writer._trusts(), writer._municipalities(), scale)
    owners = generator.owners(SEED, scale, providers)
    numbers = [n for n, owner in enumerate(owners, start=1) if owner.kind == "user"]
    held_by = {owners[n - 1].external_id for n in numbers}
    assert held_by == {external_id for external_id, _name in vocabulary.USER_ORGANISATIONS}
    bundles = generator.offers(SEED, scale, providers, TODAY, owners, numbers)
    for number, bundle in zip(numbers, bundles, strict=True):
        owner = owners[number - 1].external_id
        record = offer_data(bundle, owner).record
        about = set(record["diagnoser"]) or set(record["fagfelt"])
        assert about & vocabulary.user_organisation_topics(owner), (owner, record["tittel"])
