"""Every workspace page a provider can reach passes axe, also on a phone."""

import pytest

from mestring.accounts.models import Membership
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .conftest import PHONE, assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-test"  # noqa: S105


@pytest.fixture
def signed_in(page, live_server, refdata, django_user_model):
    lms = make_organisation(external_id="lms-a", name="LMS A")
    user = django_user_model.objects.create_user("redaktor", password=PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=lms)
    draft = make_offer(external_id="utkast-1", responsible=lms, status="utkast")
    published = make_offer(external_id="kurs-1", responsible=lms)
    run = make_run(published, external_id="kurs-1-gj", sessions=3)
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill("redaktor")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeid/")
    return live_server.url, draft, published, run


PAGES = [
    "/arbeid/",
    "/arbeid/tilbud/",
    "/arbeid/tilbud/?q=kurs",
    "/arbeid/tilbud/nytt/",
    "/arbeid/tilbud/{draft}/steg/1/",
    "/arbeid/tilbud/{draft}/steg/2/",
    "/arbeid/tilbud/{draft}/steg/3/",
    "/arbeid/tilbud/{draft}/steg/4/",
    "/arbeid/tilbud/{draft}/steg/5/",
    "/arbeid/tilbud/{draft}/forhandsvis/",
    "/arbeid/tilbud/{draft}/slett/",
    "/arbeid/tilbud/{published}/gjennomforinger/",
    "/arbeid/tilbud/{published}/gjennomforinger/ny/",
    "/arbeid/gjennomforinger/{run}/endre/",
    "/arbeid/gjennomforinger/{run}/avlys/",
    "/arbeid/gjennomforinger/{run}/oppmote/",
    "/arbeid/historikk/tilbud/{published}/",
    "/arbeid/historikk/gjennomforing/{run}/",
    "/arbeid/import/",
]


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["skjerm", "mobil"])
def test_every_workspace_page_is_accessible(page, signed_in, viewport):
    url, draft, published, run = signed_in
    if viewport:
        page.set_viewport_size(viewport)
    for path in PAGES:
        address = url + path.format(
            draft=draft.external_id, published=published.external_id, run=run.external_id
        )
        response = page.goto(address)
        assert response.status == 200, address
        assert_accessible(page)
