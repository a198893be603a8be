"""An administrator finds the immigrant population page in the workspace menu, uploads SSB's
CSV (first with a refused row, then clean) and sees the coverage report use it; a visitor
filters the catalogue by patient pathway. Every page axe clean. Made-up figures."""

from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mestring.catalogue.tests.factories import make_offer
from mestring.collaboration.models import ImmigrantPopulation, OfferPathway
from mestring.collaboration.pathways import load_pathways

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-administratoren"  # noqa: S105
HEADER = '"region";"innvandringskategori";"landbakgrunn";"år";"Personer"\n'
ROWS = (
    '"03 Oslo";"Innvandrere";"Verden i alt";"2024";1200\n'
    '"03 Oslo";"Norskfødte med innvandrerforeldre";"Verden i alt";"2024";300\n'
)


def test_an_administrator_loads_the_immigrant_population(
    page, live_server, refdata, django_user_model, tmp_path: Path
):
    user = django_user_model.objects.create_superuser("admin", "admin@example.no", PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    url = live_server.url
    page.goto(f"{url}/konto/logg-inn/?next=/samarbeid/likeverd/")
    page.get_by_label("Brukernavn").fill("admin")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/konto/tofaktor/**")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Engangskode").fill(f"{code:06d}")
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url("**/samarbeid/likeverd/")
    assert page.get_by_text("Tallene for innvandrerbefolkningen er ikke lastet inn.").is_visible()
    assert_accessible(page)

    page.goto(f"{url}/arbeid/")
    page.get_by_role("navigation", name="Arbeidsflate").get_by_role(
        "link", name="Innvandrerbefolkning"
    ).click()
    page.wait_for_url("**/arbeid/samarbeid/innvandrerbefolkning/")
    broken = tmp_path / "09817-feil.csv"
    broken.write_text(HEADER + ROWS + '"30 Viken";"Innvandrere";"Verden i alt";"2024";5\n')
    page.get_by_label("CSV-fil fra SSBs statistikkbank (tabell 09817)").set_input_files(broken)
    page.get_by_role("button", name="Last inn").click()
    alert = page.get_by_role("alert")
    assert "Linje 4: Fylket «30 Viken» finnes ikke i dagens fylkesinndeling" in alert.inner_text()
    assert not ImmigrantPopulation.objects.exists()
    screenshot(page, "innvandrerbefolkning-feil")
    assert_accessible(page)

    clean = tmp_path / "09817.csv"
    clean.write_text(HEADER + ROWS, encoding="utf-8")
    page.get_by_label("CSV-fil fra SSBs statistikkbank (tabell 09817)").set_input_files(clean)
    page.get_by_role("button", name="Last inn").click()
    assert page.get_by_text("Lagret innvandrerbefolkningen for 1 fylker og år.").is_visible()
    assert "1500" in page.get_by_role("table", name="Lagrede tall").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Se dekningsrapporten").click()
    row = page.get_by_role("table", name="Tilbud tilpasset innvandrere per fylke").get_by_role(
        "row", name="Oslo"
    )
    assert "1500" in row.inner_text()
    assert page.get_by_text("Mangler tall for innvandrerbefolkningen i:").is_visible()
    assert_accessible(page)


def test_a_visitor_filters_the_catalogue_by_patient_pathway(page, live_server, refdata):
    load_pathways()
    breast = make_offer(title="Kurs etter brystkreft")
    make_offer(title="Diabetesskolen")
    OfferPathway.objects.create(offer=breast, pathway_id="kreft_bryst", phase="overgang")
    url = live_server.url
    page.goto(f"{url}/tilbud/")
    filters = page.get_by_role("group", name="Pasientforløp")
    filters.get_by_label("Pakkeforløp for brystkreft").check()
    page.get_by_role("button", name="Vis tilbud").click()
    page.wait_for_url("**pasientforlop=kreft_bryst**")
    results = page.get_by_role("region", name="1 tilbud")
    assert "Kurs etter brystkreft" in results.inner_text()
    assert "Diabetesskolen" not in results.inner_text()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    screenshot(page, "sok-pasientforlop-mobil")
    assert_accessible(page)
