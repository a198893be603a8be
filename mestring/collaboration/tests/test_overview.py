"""Overlap and gap detection with offers made by hand; expected groups worked out below."""

import pytest

from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation
from mestring.collaboration import overview
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import HealthCommunity
from mestring.refdata.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def innlandet(refdata):
    return Municipality.objects.get(number="3403").health_trust  # Hamar


@pytest.fixture
def offers(innlandet):
    trust_org = Organisation.objects.get(external_id=f"hf-{innlandet.orgnr}")
    lms = make_organisation(name="LMS Innlandet", parent=trust_org)
    clinic = make_organisation(name="Medisinsk klinikk", type="klinikk", parent=lms)
    elsewhere = make_organisation(name="LMS Vestfold")
    healthy_life = make_organisation(
        name="Frisklivssentralen Hamar", type="frisklivssentral", municipality_id="3403"
    )
    lillehammer = make_organisation(
        name="Lillehammer kommune", type="kommune", municipality_id="3405"
    )
    trondheim = make_organisation(name="Trondheim kommune", type="kommune", municipality_id="5001")
    patients = make_organisation(
        name="Diabetesforbundet Hamar", type="brukerorganisasjon", municipality_id="3403"
    )

    def offer(title, responsible, diagnoses, target="pasient", **values):
        return make_offer(
            title=title,
            responsible=responsible,
            main_theme="spesifikk_diagnose",
            main_target_group=target,
            codes={"diagnoser": diagnoses},
            **values,
        )

    return {
        "H1": offer("H1", lms, ["diabetes"]),
        "H2": offer(
            "H2",
            clinic,
            ["kreft", "diabetes"],
            "pasient_og_parorende",
            co_organisers=[healthy_life],
        ),
        "H3 draft": offer("H3", lms, ["angst"], status="utkast"),
        "H4 other trust": offer("H4", elsewhere, ["depresjon"]),
        "M1": offer("M1", healthy_life, ["diabetes"]),
        "M2": offer("M2", lillehammer, ["angst"], "parorende_barn", co_organisers=[lms]),
        "M3 outside": offer("M3", trondheim, ["kreft"]),
        "M4 archived": offer("M4", healthy_life, ["hjerneslag"], status="arkivert"),
        "M5 not municipal": offer("M5", patients, ["rus"]),
    }


def by_code(rows):
    return {row.code: row for row in rows}


def titles(offers):
    return sorted(o.title for o in offers)


def test_levels_are_split_by_subtree_and_municipal_location(innlandet, offers):
    hospital, municipal = overview.level_offers(overview.area_for(innlandet))
    assert titles(hospital) == ["H1", "H2"]
    assert titles(municipal) == ["M1", "M2"]


def test_overlap_and_gap_by_diagnosis_group(innlandet, offers, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        table = overview.side_by_side(overview.area_for(innlandet))
    rows = by_code(table.diagnoses)
    assert (titles(rows["diabetes"].hospital), titles(rows["diabetes"].municipal)) == (
        ["H1", "H2"],
        ["M1"],
    )
    assert [r.code for r in table.diagnoses if r.overlap] == ["diabetes"]
    one_level = [r.code for r in table.diagnoses if not r.overlap and not r.gap]
    assert one_level == ["angst", "kreft"]
    gaps = {r.code for r in table.diagnoses if r.gap}
    assert len(gaps) == 22 - 3
    assert {"depresjon", "hjerneslag", "rus"} <= gaps
    assert (table.hospital_count, table.municipal_count) == (2, 2)


def test_overlap_and_gap_by_main_target_group(innlandet, offers):
    table = overview.side_by_side(overview.area_for(innlandet))
    assert [r.code for r in table.target_groups if r.overlap] == ["pasient"]
    one_level = {r.code for r in table.target_groups if not r.overlap and not r.gap}
    assert one_level == {"pasient_og_parorende", "parorende_barn"}
    assert sum(r.gap for r in table.target_groups) == 11 - 3


def test_jointly_run_offers_have_a_co_organiser_of_the_other_level(innlandet, offers):
    table = overview.side_by_side(overview.area_for(innlandet))
    assert titles(table.joint) == ["H2", "M2"]


def test_the_health_community_decides_the_area(innlandet, offers):
    load_health_communities()
    community = HealthCommunity.objects.get(health_trusts=innlandet)
    community.municipalities.remove("3405")
    area = overview.area_for(innlandet)
    assert area.community == community
    _, municipal = overview.level_offers(area)
    assert titles(municipal) == ["M1"]
