"""Pathways, equity, capacity and user organisations on hand-made data."""

from datetime import date
from decimal import Decimal

import pytest

from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration import capacity, equity, participation, pathways
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import (
    Capacity,
    ImmigrantPopulation,
    OfferEquity,
    OfferPathway,
    Pathway,
    RunInterpreter,
)

pytestmark = pytest.mark.django_db

INNLANDET, OUS = "983971709", "993467049"


@pytest.fixture
def loaded(refdata):
    load_health_communities()
    pathways.load_pathways()


def hf(orgnr):
    return Organisation.objects.get(external_id=f"hf-{orgnr}")


def link(offer, code, phase):
    return OfferPathway.objects.create(offer=offer, pathway_id=code, phase=phase)


def test_the_reference_list_loads_with_responsible_body_and_source(loaded):
    assert Pathway.objects.count() == 39
    breast = Pathway.objects.get(code="kreft_bryst")
    assert breast.responsible == "Helsedirektoratet" and "helsedirektoratet.no" in breast.source
    assert pathways.load_pathways() == 0  # idempotent


def test_offers_in_pathway_gives_offer_ids(loaded):
    a = make_offer(title="A")
    b = make_offer(title="B")
    link(a, "kreft_bryst", "under_behandling")
    link(a, "kreft_bryst", "etter_behandling")
    link(b, "hjerneslag", "overgang")
    ids = pathways.offers_in_pathway("kreft_bryst")
    assert list(ids) == [a.pk]
    assert list(Offer.objects.filter(pk__in=ids)) == [a]


def test_a_pathway_gap_per_region(loaded):
    """Helse Sør-Øst has a breast-cancer offer (published) and a stroke draft; Helse Nord
    has nothing. So Sør-Øst covers one pathway, Nord none."""
    lms = make_organisation(name="LMS Innlandet", parent=hf(INNLANDET), region_id="helse_sor_ost")
    link(make_offer(title="Brystkreftkurs", responsible=lms), "kreft_bryst", "etter_behandling")
    draft = make_offer(title="Slagkurs", responsible=lms, status="utkast")
    link(draft, "hjerneslag", "etter_behandling")
    rows = {row.region.code: row for row in pathways.pathway_gaps_per_region()}
    assert [p.code for p in rows["helse_sor_ost"].covered] == ["kreft_bryst"]
    assert len(rows["helse_sor_ost"].missing) == 38
    assert rows["helse_nord"].covered == [] and len(rows["helse_nord"].missing) == 39


def test_a_transition_gap_and_a_followed_up_transition(loaded):
    """Innlandet: the hospital has breast-cancer and stroke offers; Hamar follows up
    stroke after treatment, but nobody follows up breast cancer in the municipalities
    (Hamar's breast-cancer offer is before treatment, which does not count)."""
    lms = make_organisation(name="LMS Innlandet", parent=hf(INNLANDET))
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    link(make_offer(title="Brystkreft", responsible=lms), "kreft_bryst", "overgang")
    link(make_offer(title="Slag", responsible=lms), "hjerneslag", "under_behandling")
    link(make_offer(title="Slag i Hamar", responsible=hamar), "hjerneslag", "etter_behandling")
    link(make_offer(title="Før brystkreft", responsible=hamar), "kreft_bryst", "for_behandling")
    gaps = [(g.community.code, g.pathway.code) for g in pathways.transition_gaps()]
    assert gaps == [("innlandet", "kreft_bryst")]


def test_immigrant_coverage_against_a_hand_made_population(loaded):
    """Innlandet (34): 40 000 people with immigrant background, two adapted offers (one a
    draft, which does not count) → 1 offer, 2.5 per 100 000. Oslo (03): 200 000 and one
    offer → 0.5. Interpreter: 3 sessions, 2 participants in Innlandet → «<5»."""
    ImmigrantPopulation.objects.create(county_id="34", year=2023, count=1)
    ImmigrantPopulation.objects.create(county_id="34", year=2024, count=40_000)
    ImmigrantPopulation.objects.create(county_id="03", year=2024, count=200_000)
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    oslo = make_organisation(name="Oslo kommune", type="kommune", municipality_id="0301")
    for offer, adapted in (
        (make_offer(title="Kurs på arabisk", responsible=hamar), True),
        (make_offer(title="Utkast", responsible=hamar, status="utkast"), True),
        (make_offer(title="Vanlig", responsible=hamar), False),
        (make_offer(title="Kurs på somali", responsible=oslo), True),
    ):
        OfferEquity.objects.create(
            offer=offer, adapted_for_immigrants=adapted, information_languages=["ar"]
        )
    run = make_run(Offer.objects.get(title="Kurs på arabisk"), municipality_id="3403")
    RunInterpreter.objects.create(run=run, sessions=3, participants=2)
    rows = {row.county.number: row for row in equity.immigrant_coverage()}
    assert (rows["34"].immigrants, rows["34"].year, rows["34"].offers) == (40_000, 2024, 1)
    assert rows["34"].per_100000 == 2.5
    assert (rows["03"].offers, rows["03"].per_100000) == (1, 0.5)
    assert rows["34"].interpreter_sessions == 3 and rows["34"].interpreter_participants == "<5"
    assert rows["11"].immigrants is None and rows["11"].per_100000 is None


def test_the_shipped_immigrant_file_loads_only_rows_with_figures(refdata, tmp_path):
    assert equity.load_immigrant_population() == 0  # the shipped file has no figures yet
    (tmp_path / "innvandrerbefolkning.csv").write_text(
        "fylkesnummer,fylke,aar,antall,kilde\n34,Innlandet,2024,41000,SSB tabell 09817\n"
        "03,Oslo,2024,,SSB tabell 09817\n",
        encoding="utf-8",
    )
    assert equity.load_immigrant_population(tmp_path) == 1
    assert ImmigrantPopulation.objects.get().count == 41000


def test_sami_offers_per_language_area(refdata):
    karasjok = make_organisation(name="Karasjok kommune", type="kommune", municipality_id="5610")
    snasa = make_organisation(name="Snåsa kommune", type="kommune", municipality_id="5041")
    make_offer(title="Nordsamisk kurs", responsible=karasjok, sami_adapted=True)
    make_offer(title="Ikke tilpasset", responsible=karasjok, sami_adapted=False)
    make_offer(title="Sørsamisk kurs", responsible=snasa, sami_adapted=True)
    rows = {row.language: row for row in equity.sami_offers_per_language_area()}
    assert (rows["nordsamisk"].offers, rows["nordsamisk"].municipalities) == (1, 8)
    assert (rows["sørsamisk"].offers, rows["lulesamisk"].offers) == (1, 0)


def test_fte_per_region_summed_beside_activity(refdata):
    """Sør-Øst: 2.5 + 1.25 FTE (Innlandet's LMS and Hamar), Nord 3.0; a 2023 row does not
    count in 2024. Activity 2024: one run in Sør-Øst with 7 participants."""
    lms = make_organisation(name="LMS Innlandet", region_id="helse_sor_ost")
    hamar = make_organisation(
        name="Hamar kommune", type="kommune", municipality_id="3403", region_id="helse_sor_ost"
    )
    unn = make_organisation(name="LMS UNN", region_id="helse_nord")
    Capacity.objects.create(
        organisation=lms, year=2024, fte=Decimal("2.5"), health_pedagogy=2, guidance_sessions=4
    )
    Capacity.objects.create(
        organisation=hamar, year=2024, fte=Decimal("1.25"), health_pedagogy=1, guidance_sessions=0
    )
    Capacity.objects.create(organisation=unn, year=2024, fte=Decimal("3"), health_pedagogy=0)
    Capacity.objects.create(organisation=unn, year=2023, fte=Decimal("9"), health_pedagogy=9)
    run = make_run(make_offer(responsible=lms), start=date(2024, 4, 1), status="gjennomfort")
    Attendance.objects.create(run=run, patients=5, relatives=2, professionals=3)
    rows = {row.region.code if row.region else "i_alt": row for row in capacity.per_region(2024)}
    south = rows["helse_sor_ost"]
    assert (south.providers, south.fte, south.health_pedagogy, south.guidance_sessions) == (
        2,
        Decimal("3.75"),
        3,
        4,
    )
    assert (south.runs, south.participants) == (1, 7)
    assert rows["helse_nord"].fte == Decimal("3") and rows["helse_nord"].runs == 0
    assert rows["i_alt"].fte == Decimal("6.75") and rows["i_alt"].providers == 3


def test_a_user_organisation_sees_offers_it_takes_part_in(refdata):
    forbund = make_organisation(
        external_id="diabetesforbundet",
        name="Diabetesforbundet Innlandet",
        type="brukerorganisasjon",
    )
    by_id = make_offer(title="Med id", user_organisations=["diabetesforbundet"])
    by_name = make_offer(title="Med navn", user_organisations=["diabetesforbundet  innlandet"])
    make_offer(title="Annen", user_organisations=["Diabetesforbundet Hedmark"])
    make_offer(title="Ingen", user_organisations=[])
    found = participation.offers_taking_part(forbund, Offer.objects.all())
    assert [o.title for o in found] == ["Med id", "Med navn"]
    assert by_id in found and by_name in found
