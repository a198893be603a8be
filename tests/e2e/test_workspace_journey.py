"""An LMS coordinator's day in the workspace, in a real browser: log in, register an offer
through all five steps (correcting a mistake on the way), preview and publish it, add a
run with six weekly sessions, document attendance for all of them in one go, and find it
all again on «Mitt arbeid» and in the history. Every workspace page is checked by axe."""

import re

import pytest

from mestring.accounts.models import Membership
from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer
from mestring.catalogue.tests.factories import make_organisation

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-test"  # noqa: S105


@pytest.fixture
def coordinator(refdata, django_user_model):
    lms = make_organisation(
        external_id="lms-innlandet", name="Lærings- og mestringssenteret Innlandet"
    )
    user = django_user_model.objects.create_user("koordinator", password=PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=lms)
    return user


def group(page, name):
    return page.get_by_role("group", name=re.compile(f"^{re.escape(name)}"))


def next_step(page):
    page.get_by_role("button", name="Lagre og gå videre").click()


def test_coordinator_journey(page, live_server, coordinator):
    url = live_server.url
    page.goto(f"{url}/konto/logg-inn/?next=/arbeid/")
    assert_accessible(page)
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{url}/arbeid/")
    assert_accessible(page)

    page.get_by_role("link", name="Tilbud", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Registrer et nytt tilbud").click()

    # Step 1, with a mistake: a diagnosis-specific offer without a diagnosis.
    page.get_by_label("Tittel").fill("Leve med diabetes type 2")
    page.get_by_label("Beskrivelse").fill(
        "Et kurs over seks kvelder om mat, aktivitet og medisiner.\n\n- for pasienter\n"
        "- for pårørende"
    )
    group(page, "Hovedtematikk").get_by_label("Spesifikk diagnose").check()
    group(page, "Fagfelt").get_by_label("Somatikk").check()
    page.get_by_label("Ansvarlig tilbyder").select_option(
        label="Lærings- og mestringssenteret Innlandet"
    )
    next_step(page)
    summary = page.locator("#feiloppsummering")
    assert summary.is_visible()
    assert "Diagnosegrupper" in summary.inner_text()
    screenshot(page, "arbeid-steg1-feil")
    assert_accessible(page)
    group(page, "Diagnosegrupper").get_by_label("Diabetes").check()
    next_step(page)

    # Step 2: target group.
    assert page.get_by_role("heading", name=re.compile("Steg 2 av 5")).is_visible()
    group(page, "Hovedmålgruppe").get_by_label("Pasient og pårørende").check()
    group(page, "Aldersgruppe").get_by_label("Voksne (18 år eller eldre)").check()
    group(page, "Språk").get_by_label("Norsk bokmål").check()
    group(page, "Kan dere skaffe tolk?").get_by_label("Ja").check()
    group(page, "Er tilbudet tilpasset samisk språk og kultur?").get_by_label("Nei").check()
    assert_accessible(page)
    next_step(page)

    # Step 3: delivery.
    group(page, "Nivå").get_by_label("Lokal").check()
    page.get_by_label("Antall samlinger").fill("6")
    group(page, "Må deltakerne ha henvisning fra lege?").get_by_label("Nei").check()
    group(page, "Registreres deltakelsen som aktivitet?").get_by_label("Ja").check()
    assert_accessible(page)
    next_step(page)

    # Step 4: user participation (Standard metode).
    group(page, "Brukerrepresentant").get_by_label(re.compile("med brukerorganisasjon")).check()
    for question in (
        "Er brukere med og planlegger tilbudet?",
        "Er brukere med når tilbudet holdes?",
        "Er brukere med og evaluerer tilbudet?",
    ):
        group(page, question).get_by_label("Ja").check()
    assert_accessible(page)
    next_step(page)

    # Step 5: practical matters, then the preview.
    page.get_by_label("Egenandel (kroner)").fill("0")
    page.get_by_label("Annen informasjon om påmelding").fill("Ring oss for å melde deg på.")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre og forhåndsvis").click()
    assert page.get_by_text("Forhåndsvisning").first.is_visible()
    assert page.get_by_role("heading", name="Leve med diabetes type 2").is_visible()
    screenshot(page, "arbeid-forhandsvisning")
    assert_accessible(page)
    page.get_by_role("button", name="Publiser").click()
    offer = Offer.objects.get(title="Leve med diabetes type 2")
    assert offer.status == "publisert"

    # A run with six weekly sessions.
    page.goto(f"{url}/arbeid/tilbud/{offer.external_id}/gjennomforinger/")
    assert_accessible(page)
    page.get_by_role("link", name="Legg til gjennomføring").click()
    page.get_by_label("Start", exact=True).fill("2026-01-13")
    group(page, "Tidspunkt").get_by_label("Kveldstid").check()
    group(page, "Sted").get_by_label("Spesialisthelsetjenestens lokaler").check()
    group(page, "Format").get_by_label("Fysisk oppmøte").check()
    page.get_by_label("Kommune").select_option("3403")
    group(page, "Samarbeid med kommunalt personell").get_by_label("Nei").check()
    group(page, "Hvordan vil du legge inn samlingene?").get_by_label(
        re.compile("ukentlige")
    ).check()
    page.get_by_label("Dato for første samling").fill("2026-01-13")
    page.get_by_label("Klokkeslett").first.fill("18:00")
    page.get_by_label("Antall samlinger").fill("6")
    page.get_by_label("Varighet per samling (minutter)").fill("120")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre gjennomføringen").click()
    run = offer.runs.get()
    assert run.sessions.count() == 6

    # Attendance for the whole run: one form, one submit.
    page.goto(f"{url}/arbeid/gjennomforinger/{run.external_id}/oppmote/")
    form = page.locator("main form:has(table)")
    rows = form.locator("tbody tr")
    assert rows.count() == 6
    for index in range(6):
        fields = rows.nth(index).locator("input, select, textarea")
        assert fields.count() <= 7
        fields.nth(0).fill(str(8 + index % 3))  # patients
        fields.nth(1).fill("4")  # relatives
    assert form.locator("button[type=submit], input[type=submit]").count() == 1
    screenshot(page, "arbeid-oppmote")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre oppmøtet").click()
    assert Attendance.objects.filter(run=run).count() == 6
    assert sum(a.patients for a in Attendance.objects.filter(run=run)) == 8 + 9 + 10 + 8 + 9 + 10

    # «Mitt arbeid» and the history show what was done.
    page.goto(f"{url}/arbeid/")
    assert page.get_by_text("Leve med diabetes type 2").first.is_visible()
    screenshot(page, "arbeid-mitt-arbeid")
    assert_accessible(page)
    page.goto(f"{url}/arbeid/historikk/tilbud/{offer.external_id}/")
    assert page.get_by_text("koordinator").first.is_visible()
    screenshot(page, "arbeid-historikk")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/arbeid/gjennomforinger/{run.external_id}/oppmote/")
    screenshot(page, "arbeid-oppmote-mobil")
    assert_accessible(page)
