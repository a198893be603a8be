"""An administrator registers a collaboration agreement and its assessment in the admin;
the hospital trust's public page then shows it beside the overlap/gap view."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from mestring.catalogue.models import Organisation
from mestring.catalogue.tests.factories import make_offer, make_organisation
from mestring.collaboration.communities import load_health_communities
from mestring.refdata.models import Municipality

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Et langt og trygt passord 42"
JUSTIFICATIONS = {
    "concreteness": "Avtalen nevner diabeteskurs, men ikke hvem som holder dem.",
    "user_participation": "Brukerrådet er nevnt i innledningen.",
    "commitment": "Bare «bør» og «kan».",
    "accessibility": "Publisert på helseforetakets nettside.",
    "maintenance": "Revideres hvert annet år av samarbeidsutvalget.",
}


@pytest.fixture
def innlandet(refdata):
    load_health_communities()
    trust = Municipality.objects.get(number="3403").health_trust
    hf = Organisation.objects.get(external_id=f"hf-{trust.orgnr}")
    lms = make_organisation(name="Lærings- og mestringssenteret Innlandet", parent=hf)
    hamar = make_organisation(name="Hamar kommune", type="kommune", municipality_id="3403")
    make_offer(
        title="Leve med diabetes type 2",
        responsible=lms,
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["diabetes"]},
    )
    make_offer(
        title="Diabetesskolen i Hamar",
        responsible=hamar,
        co_organisers=[lms],
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["diabetes"]},
    )
    return trust


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_superuser(
        "admin", "admin@example.no", PASSWORD, first_name="Ada", last_name="Admin"
    )
    return user, TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def log_in(page, url, administrator, next_url):
    _, device = administrator
    page.goto(f"{url}/konto/logg-inn/?next={next_url}")
    page.get_by_label("Brukernavn").fill("admin")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/konto/tofaktor/**")
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Engangskode").fill(f"{code:06d}")
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(f"**{next_url}")


def test_an_administrator_registers_and_the_public_sees_it(
    page, live_server, innlandet, administrator
):
    url = live_server.url
    log_in(page, url, administrator, "/admin/collaboration/agreement/add/")
    page.locator("#id_health_trust").select_option(innlandet.orgnr)
    page.locator("#id_municipalities").select_option(["3403", "3405"])
    page.get_by_label("Delavtale 2: koordinerte tjenester").check()
    page.get_by_label("Delavtale 10: forebygging").check()
    page.locator("#id_signed").fill("2021-09-01")
    page.locator("#id_url").fill("https://example.no/samarbeidsavtale.pdf")
    page.locator("#id_mentions_learning_and_coping").check()
    for (field, justification), score in zip(JUSTIFICATIONS.items(), "21022", strict=True):
        page.locator(f"#id_assessments-0-{field}").select_option(score)
        page.locator(f"#id_assessments-0-{field}_justification").fill(justification)
    page.locator("#id_assessments-0-assessed_on").fill("2025-10-01")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/collaboration/agreement/")
    assert page.locator(".messagelist .success").is_visible()

    page.goto(f"{url}/samarbeid/")
    row = page.get_by_role("row").filter(has_text=innlandet.name)
    assert "Helsefellesskapet" in row.inner_text()
    assert "7" in row.get_by_role("cell").nth(-1).inner_text()  # 2 + 1 + 0 + 2 + 2
    screenshot(page, "samarbeid-liste")
    assert_accessible(page)

    row.get_by_role("link", name=innlandet.name).click()
    page.wait_for_url(f"**/samarbeid/{innlandet.orgnr}/")
    assert page.get_by_role("heading", name=innlandet.name, level=1).is_visible()
    assessment = page.get_by_role("table", name="Vurdering: 7 av 15 poeng")
    assert "0 – Ikke omtalt" in assessment.inner_text()
    assert JUSTIFICATIONS["commitment"] in assessment.inner_text()
    assert page.get_by_text("Vurdert av Ada Admin 1. oktober 2025.").is_visible()
    assert page.get_by_text("Bør revideres").is_visible()
    assert page.get_by_role("link", name="Les avtalen").is_visible()
    diagnoses = page.get_by_role("table", name="Tilbud etter diagnosegruppe")
    diabetes = diagnoses.get_by_role("row").filter(has_text="Diabetesskolen i Hamar")
    assert "Overlapp" in diabetes.inner_text()
    assert "Mangel" in diagnoses.get_by_role("row").filter(has_text="Demens").inner_text()
    screenshot(page, "samarbeid-helseforetak")
    assert_accessible(page)

    page.set_viewport_size(PHONE)
    screenshot(page, "samarbeid-helseforetak-mobil")
    assert_accessible(page)
    page.goto(f"{url}/samarbeid/")
    screenshot(page, "samarbeid-liste-mobil")
    assert_accessible(page)
