"""The report pages and the workspace forms of items 3–6."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from mestring.accounts.models import Membership
from mestring.accounts.tests.helpers import login_verified
from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.collaboration.communities import load_health_communities
from mestring.collaboration.models import Capacity, OfferEquity, OfferPathway, RunInterpreter
from mestring.collaboration.pathways import load_pathways

pytestmark = pytest.mark.django_db


@pytest.fixture
def hamar(refdata, django_user_model):
    load_health_communities()
    load_pathways()
    org = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    user = django_user_model.objects.create_user("hamar", password="x")
    Membership.objects.create(user=user, role="redaktor", organisation=org)
    return org, user


def test_the_report_pages_render(client, hamar):
    org, _user = hamar
    lms = make_organisation(
        name="LMS Innlandet", parent=Organisation.objects.get(external_id="hf-983971709")
    )
    offer = make_offer(title="Brystkreftkurs", responsible=lms)
    OfferPathway.objects.create(offer=offer, pathway_id="kreft_bryst", phase="overgang")
    page = client.get(reverse("collaboration:pathways")).content.decode()
    assert "Overganger uten kommunalt oppfølgingstilbud" in page
    assert "Helsefellesskapet Innlandet" in page and "Brystkreftkurs" in page
    page = client.get(reverse("collaboration:equity")).content.decode()
    assert "Tilbud tilpasset innvandrere per fylke" in page and "Mangler tall" in page
    Capacity.objects.create(organisation=lms, year=2024, fte=Decimal("2.5"), health_pedagogy=1)
    page = client.get(reverse("collaboration:capacity"), {"aar": "2024"}).content.decode()
    assert "Kapasitet og aktivitet per region 2024" in page and "2,50" in page
    assert client.get(reverse("collaboration:capacity"), {"aar": "x"}).status_code == 200


def test_the_user_organisation_page(client, refdata):
    forbund = make_organisation(
        external_id="lhl-innlandet", name="LHL Innlandet", type="brukerorganisasjon"
    )
    offer = make_offer(title="Hjertekurs", user_organisations=["lhl-innlandet"])
    make_run(offer, start=date(2025, 3, 3))
    make_offer(title="Utkast", user_organisations=["lhl-innlandet"], status="utkast")
    page = client.get(
        reverse("collaboration:user-organisation", args=[forbund.external_id])
    ).content.decode()
    assert "Hjertekurs" in page and "3. mars 2025" in page
    assert "Utkast" not in page


def test_the_workspace_forms(client, hamar):
    org, user = hamar
    login_verified(client, user)
    url = reverse("workspace:collaboration-work:capacity")
    assert client.get(url).status_code == 200
    form = {"organisation": org.pk, "year": 2024, "fte": "1,5", "health_pedagogy": 2}
    form["guidance_sessions"] = 3
    assert client.post(url, form).status_code == 302
    form["fte"] = "2"
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Capacity.objects.get().fte == Decimal("2")  # saved again: replaced
    other = make_organisation(name="Annen")
    response = client.post(url, form | {"organisation": other.pk})
    assert response.status_code == 200 and Capacity.objects.count() == 1

    offer = make_offer(title="Kurs", responsible=org)
    url = reverse("workspace:collaboration-work:offer", args=[offer.external_id])
    response = client.post(
        url,
        {
            "pathway": "hjerneslag",
            "phase": "etter_behandling",
            "adapted_for_immigrants": "on",
            "information_languages": "ar, SO",
        },
    )
    assert response.status_code == 302
    assert OfferPathway.objects.get().phase == "etter_behandling"
    assert OfferEquity.objects.get().information_languages == ["ar", "so"]
    response = client.post(url, {"pathway": "hjerneslag", "information_languages": "arabisk"})
    page = response.content.decode()
    assert "Velg både forløp og fase" in page and "Ukjent språkkode: arabisk" in page

    run = make_run(offer)
    url = reverse("workspace:collaboration-work:interpreter", args=[run.external_id])
    assert client.post(url, {"sessions": 2, "participants": 3}).status_code == 302
    assert RunInterpreter.objects.get().participants == 3
    foreign = make_run(make_offer(title="Ikke mitt"))
    url = reverse("workspace:collaboration-work:interpreter", args=[foreign.external_id])
    assert client.post(url, {"sessions": 1, "participants": 1}).status_code == 403
