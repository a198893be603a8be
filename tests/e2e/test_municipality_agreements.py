"""A municipal editor opens their municipality's page, confirms an agreement and ties one of
the municipality's offers to it; every page is checked with axe."""

from datetime import date

import pytest

from mestring.accounts.models import Membership
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import Agreement, TiedOffer
from mestring.refdata.models import HealthTrust

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-kommunen"  # noqa: S105


@pytest.fixture
def hamar(refdata, django_user_model):
    load_health_communities()
    trust = HealthTrust.objects.get(orgnr="983971709")
    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    lms = make_organisation(name="Lærings- og mestringssenteret Innlandet", parent=hf)
    municipality = make_organisation(
        name="Hamar kommune", type="kommune", municipality_id="3403", external_id="hamar"
    )
    make_offer(title="Leve med KOLS", responsible=lms)
    make_offer(title="Diabetesskolen i Hamar", responsible=municipality)
    agreement = Agreement.objects.create(
        title="Samarbeidsavtale Innlandet–Hamar",
        health_trust=trust,
        sub_agreements=["delavtale_2", "delavtale_10"],
        signed=date(2023, 5, 1),
    )
    agreement.municipalities.set(["3403", "3405"])
    user = django_user_model.objects.create_user("hamar", password=PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=municipality)
    return agreement


def test_a_municipal_editor_confirms_and_ties_an_offer(page, live_server, hamar):
    url = live_server.url
    page.goto(f"{url}/konto/logg-inn/?next=/arbeid/")
    page.get_by_label("Brukernavn").fill("hamar")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{url}/arbeid/")
    # The workspace menu leads to the municipality's collaboration page.
    menu = page.get_by_role("navigation", name="Arbeidsflate")
    menu.get_by_role("link", name="Samarbeid: Hamar").click()
    page.wait_for_url(f"{url}/samarbeid/kommune/3403/")
    assert page.get_by_role("heading", name="Hamar kommune", level=1).is_visible()
    assert page.get_by_text("Helsefellesskapet Innlandet").first.is_visible()
    sykehus = page.get_by_role("region", name="Fra sykehuset")
    kommunen = page.get_by_role("region", name="Fra kommunen")
    assert "Leve med KOLS" in sykehus.inner_text()
    assert "Diabetesskolen i Hamar" in kommunen.inner_text()
    parties = page.get_by_role("table", name="Parter og bekreftelser")
    assert "Ikke bekreftet" in parties.get_by_role("row").filter(has_text="Hamar").inner_text()
    screenshot(page, "samarbeid-kommune")
    assert_accessible(page)

    page.get_by_role("button", name="Bekreft avtalen").click()
    page.wait_for_url(f"{url}/samarbeid/kommune/3403/")
    assert page.get_by_text("Avtalen er bekreftet.").is_visible()
    row = page.get_by_role("table", name="Parter og bekreftelser").get_by_role("row")
    assert "Bekreftet" in row.filter(has_text="Hamar").inner_text()
    assert "Ikke bekreftet" in row.filter(has_text="Lillehammer").inner_text()
    assert page.get_by_role("button", name="Bekreft avtalen").count() == 0
    assert_accessible(page)

    page.get_by_label("Tilbud", exact=True).select_option(label="Diabetesskolen i Hamar")
    page.get_by_label("Delavtale tilbudet gjennomfører").select_option("delavtale_2")
    page.get_by_role("button", name="Knytt til avtalen").click()
    page.wait_for_url(f"{url}/samarbeid/kommune/3403/")
    assert page.get_by_text("Tilbudet er knyttet til avtalen.").is_visible()
    tie = TiedOffer.objects.get()
    assert (tie.offer.title, tie.sub_agreement) == ("Diabetesskolen i Hamar", "delavtale_2")
    assert page.get_by_role("link", name="Diabetesskolen i Hamar").count() >= 2
    screenshot(page, "samarbeid-kommune-bekreftet")
    assert_accessible(page)

    page.get_by_role("link", name="Samarbeidsavtale Innlandet–Hamar", exact=True).click()
    page.wait_for_url(f"{url}/samarbeid/avtaler/{hamar.external_id}/")
    assert page.get_by_role("table", name="Aktivitet per år").is_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    screenshot(page, "samarbeid-avtale-mobil")
    assert_accessible(page)
