"""Bulk import in the browser: a file with mistakes is previewed with every error and
nothing is stored; a good file is previewed with its counts and stored on «Lagre»."""

import pytest

from mestring.accounts.models import Membership
from mestring.catalogue.models import Offer
from mestring.catalogue.tests.factories import make_organisation

from .conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "id;tittel;ansvarlig;hovedtematikk;status;pris"


@pytest.fixture
def editor_page(page, live_server, refdata, django_user_model, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    lms = make_organisation(external_id="lms-egen", name="LMS Egen")
    make_organisation(external_id="lms-annen", name="LMS Annen")
    user = django_user_model.objects.create_user("redaktor", password="et-langt-passord-1")
    Membership.objects.create(user=user, role="redaktor", organisation=lms)
    page.goto(f"{live_server.url}/konto/logg-inn/?next=/arbeid/import/")
    page.get_by_label("Brukernavn").fill("redaktor")
    page.get_by_label("Passord").fill("et-langt-passord-1")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/arbeid/import/")
    return page


def upload(page, tmp_path, name: str, lines: list[str]):
    path = tmp_path / name
    path.write_text("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(path))
    page.get_by_role("button", name="Kontroller filene").click()


def test_a_file_with_errors_stores_nothing(editor_page, tmp_path):
    page = editor_page
    assert_accessible(page)
    upload(
        page,
        tmp_path,
        "tilbud.csv",
        [
            "t-1;Kurs én;lms-egen;ukjent_tema;publisert;0",
            "t-2;Kurs to;lms-egen;tvers_av_diagnoser;publisert;gratis",
            "t-3;Kurs tre;lms-annen;tvers_av_diagnoser;publisert;0",
        ],
    )
    table = page.locator("table").filter(has_text="Rad").first
    text = table.inner_text()
    assert "hovedtematikk" in text and "pris" in text and "ansvarlig" in text
    assert page.get_by_role("button", name="Lagre").count() == 0
    screenshot(page, "arbeid-import-feil")
    assert_accessible(page)
    assert not Offer.objects.exists()


def test_a_good_file_is_previewed_and_stored(editor_page, tmp_path):
    page = editor_page
    upload(page, tmp_path, "tilbud.csv", ["t-1;Kurs én;lms-egen;tvers_av_diagnoser;publisert;0"])
    assert page.get_by_role("button", name="Lagre").is_visible()
    screenshot(page, "arbeid-import-forhandsvisning")
    assert_accessible(page)
    assert not Offer.objects.exists()
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert Offer.objects.filter(external_id="t-1", responsible__external_id="lms-egen").exists()
    assert_accessible(page)
