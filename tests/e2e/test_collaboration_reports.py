"""The pathway, equity, capacity and user-organisation pages, and the workspace forms for
capacity, an offer's pathways and interpreter use: filled in by an editor, axe clean."""

from datetime import date

import pytest

from mestring.accounts.models import Membership
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import Capacity, OfferPathway, RunInterpreter
from mestring.collaboration.pathways import load_pathways

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-lms"  # noqa: S105


@pytest.fixture
def lms(refdata, django_user_model):
    load_health_communities()
    load_pathways()
    hf = Organisation.objects.get(external_id="hf-983971709")
    lms = make_organisation(name="LMS Innlandet", parent=hf, external_id="lms-innlandet")
    forbund = make_organisation(
        name="LHL Innlandet", type="brukerorganisasjon", external_id="lhl-innlandet"
    )
    offer = make_offer(
        title="Hjerteskolen",
        responsible=lms,
        external_id="hjerteskolen",
        user_organisations=[forbund.external_id],
    )
    make_run(offer, start=date(2025, 2, 3), external_id="hjerteskolen-1")
    user = django_user_model.objects.create_user("lms", password=PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=lms)
    return offer


def test_reports_and_forms_are_accessible(page, live_server, lms):
    url = live_server.url
    page.goto(f"{url}/konto/logg-inn/?next=/arbeid/samarbeid/kapasitet/")
    page.get_by_label("Brukernavn").fill("lms")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{url}/arbeid/samarbeid/kapasitet/")
    assert_accessible(page)
    page.get_by_label("Tilbyder").select_option(label="LMS Innlandet")
    page.locator("#id_year").fill("2025")
    page.get_by_label("Årsverk").fill("2,5")
    page.get_by_label("Ansatte med helsepedagogisk utdanning").fill("2")
    page.get_by_label("Veiledninger til kommuner").fill("6")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Kapasiteten er lagret.").is_visible()
    assert str(Capacity.objects.get().fte) == "2.50"
    assert_accessible(page)

    page.goto(f"{url}/arbeid/samarbeid/tilbud/hjerteskolen/")
    page.get_by_label("Pasientforløp").select_option(label="Pakkeforløp for hjerneslag")
    page.get_by_label("Fase").select_option("overgang")
    page.get_by_label("Tilpasset personer med innvandrerbakgrunn").check()
    page.get_by_label("Informasjonsspråk").fill("ar, so")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Forløp og tilpasning er lagret.").is_visible()
    assert OfferPathway.objects.get().pathway_id == "hjerneslag"
    assert_accessible(page)

    page.goto(f"{url}/arbeid/samarbeid/gjennomforing/hjerteskolen-1/tolk/")
    page.get_by_label("Samlinger med tolk").fill("2")
    page.get_by_label("Deltakere som brukte tolk").fill("3")
    page.get_by_role("button", name="Lagre").click()
    assert page.get_by_text("Tolkebruken er lagret.").is_visible()
    assert RunInterpreter.objects.get().participants == 3
    assert_accessible(page)

    for path, heading in (
        ("/samarbeid/forlop/", "Pasientforløp og overganger"),
        ("/samarbeid/likeverd/", "Likeverdige tilbud"),
        ("/samarbeid/kapasitet/?aar=2025", "Kapasitet og kompetanse"),
        ("/samarbeid/brukerorganisasjon/lhl-innlandet/", "Der LHL Innlandet er med"),
    ):
        page.goto(f"{url}{path}")
        assert page.get_by_role("heading", name=heading, level=1).is_visible()
        assert_accessible(page)
    assert (
        "Hjerteskolen"
        in page.get_by_role(
            "region", name="Tilbud der organisasjonens representanter er med"
        ).inner_text()
    )
    page.goto(f"{url}/samarbeid/forlop/")
    transitions = page.get_by_role("table", name="Overganger uten kommunalt oppfølgingstilbud")
    assert "Hjerteskolen" in transitions.inner_text()
    screenshot(page, "samarbeid-forlop")
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/samarbeid/kapasitet/?aar=2025")
    screenshot(page, "samarbeid-kapasitet-mobil")
    assert_accessible(page)
