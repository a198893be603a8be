"""The 19 health communities from the reference data, and a municipality's area."""

import pytest
from django.core.management import call_command

from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation
from mestring.collaboration import overview
from mestring.collaboration.communities import (
    community_of,
    default_name,
    load_health_communities,
    read_reference,
)
from mestring.collaboration.models import HealthCommunity
from mestring.refdata.models import HealthTrust, Municipality

pytestmark = pytest.mark.django_db

OUS, LOVISENBERG, DIAKONHJEMMET, AHUS = "993467049", "965985166", "982791952", "983971636"
HELSE_BERGEN, HARALDSPLASS = "983974724", "984027737"


def test_the_reference_files_describe_19_communities_covering_every_municipality():
    rows = read_reference()
    assert len(rows) == 19
    assert len({row.code for row in rows}) == 19
    numbers = [n for row in rows for n in row.municipalities]
    assert len(numbers) == len(set(numbers)) == 357
    by_region = {}
    for row in rows:
        by_region[row.region] = by_region.get(row.region, 0) + 1
    assert by_region == {"helse_nord": 4, "helse_midt": 3, "helse_vest": 4, "helse_sor_ost": 8}


def test_loaded_communities_span_trusts_and_oslo_is_its_own(refdata):
    assert load_health_communities() == 19
    oslo = HealthCommunity.objects.get(code="oslo")
    assert {OUS, LOVISENBERG, DIAKONHJEMMET, AHUS} <= set(
        oslo.health_trusts.values_list("orgnr", flat=True)
    )
    assert list(oslo.municipalities.values_list("number", flat=True)) == ["0301"]
    # Oslo belongs to the Oslo community only, not to Akershus universitetssykehus's.
    assert community_of(Municipality.objects.get(number="0301")) == oslo
    akershus = HealthCommunity.objects.get(code="akershus")
    assert not akershus.municipalities.filter(number="0301").exists()
    assert akershus.municipalities.filter(number="3401").exists()  # Kongsvinger
    bergen = HealthCommunity.objects.get(code="bergen")
    assert set(bergen.health_trusts.values_list("orgnr", flat=True)) == {
        HELSE_BERGEN,
        HARALDSPLASS,
    }
    assert "Meld. St. 7" in bergen.source
    # Every trust with a catchment area is a party to a community.
    for trust in HealthTrust.objects.filter(has_catchment=True):
        assert trust.health_communities.exists(), trust.name


def test_loading_again_keeps_an_administrators_edits_and_replaces_generated_ones(refdata):
    innlandet = HealthTrust.objects.get(orgnr="983971709")
    generated = HealthCommunity.objects.create(name=default_name(innlandet))
    generated.health_trusts.set([innlandet])
    renamed = HealthCommunity.objects.create(name="Samhandling Telemark")
    renamed.health_trusts.set(["983975267"])
    load_health_communities()
    assert not HealthCommunity.objects.filter(pk=generated.pk).exists()
    assert HealthCommunity.objects.filter(pk=renamed.pk).exists()  # edited: left alone
    community = HealthCommunity.objects.get(code="innlandet")
    community.name = "Helsefellesskapet i Innlandet"
    community.save()
    community.municipalities.remove("3403")
    call_command("load_health_communities", verbosity=0)
    community.refresh_from_db()
    assert community.name == "Helsefellesskapet i Innlandet"
    assert not community.municipalities.filter(number="3403").exists()
    assert HealthCommunity.objects.exclude(code="").count() == 19


def test_a_community_with_two_trusts_gives_its_municipalities_both_hospitals(refdata):
    """Hand-made: a community of Helse Bergen and Haraldsplass with Bergen and Askøy."""
    community = HealthCommunity.objects.create(code="test", name="Helsefellesskapet Test")
    community.health_trusts.set([HELSE_BERGEN, HARALDSPLASS])
    community.municipalities.set(["4601", "4627"])
    bergen_hf = Organisation.objects.get(external_id=f"hf-{HELSE_BERGEN}")
    haraldsplass = Organisation.objects.get(external_id=f"hf-{HARALDSPLASS}")
    lms = make_organisation(name="LMS Bergen", parent=bergen_hf)
    make_offer(title="A Haukeland", responsible=lms)
    make_offer(title="B Haraldsplass", responsible=haraldsplass)
    make_offer(title="C Førde", responsible=Organisation.objects.get(external_id="hf-983974732"))
    askoy = make_organisation(name="Askøy kommune", type="kommune", municipality_id="4627")
    bergen = make_organisation(name="Bergen kommune", type="kommune", municipality_id="4601")
    make_offer(title="D Askøy", responsible=askoy)
    make_offer(title="E Bergen", responsible=bergen)

    area = overview.municipality_area(Municipality.objects.get(number="4627"))
    assert area.community == community
    hospital, municipal = overview.level_offers(area)
    assert sorted(o.title for o in hospital) == ["A Haukeland", "B Haraldsplass"]
    assert [o.title for o in municipal] == ["D Askøy"]  # its own municipality's offers only


def test_without_a_community_the_catchment_trusts_serve(refdata):
    oslo = Municipality.objects.get(number="0301")
    trusts = {t.orgnr for t in overview.trusts_serving(oslo, None)}
    assert {OUS, LOVISENBERG, DIAKONHJEMMET} <= trusts
    hamar = Municipality.objects.get(number="3403")
    assert [t.orgnr for t in overview.trusts_serving(hamar, None)] == ["983971709"]
