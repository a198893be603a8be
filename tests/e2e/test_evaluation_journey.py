"""A participant evaluation in a real browser: a coordinator opens an evaluation for a run
and gets a short link and a QR code; six participants answer on their phones, each in a
browser of their own; the results stay hidden until five have answered."""

import re

import pytest

from mestring.accounts.models import Membership
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run
from mestring.evaluation.models import Evaluation, Response

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "et-langt-passord-for-test"  # noqa: S105


@pytest.fixture
def run(refdata, django_user_model):
    lms = make_organisation(external_id="lms-vest", name="Lærings- og mestringssenteret Vest")
    user = django_user_model.objects.create_user("koordinator", password=PASSWORD)
    Membership.objects.create(user=user, role="redaktor", organisation=lms)
    offer = make_offer(external_id="hjerte", title="Hjerteskolen", responsible=lms)
    return make_run(offer, external_id="hjerte-var", sessions=4)


def participant_answers(browser, url, number):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", bypass_csp=True)
    phone = context.new_page()
    phone.goto(url)
    assert phone.get_by_role("heading", name="Hva syntes du om kurset?").is_visible()
    if number == 1:
        # Submitting nothing first: the error summary names what is missing.
        phone.get_by_role("button", name="Send svarene").click()
        assert phone.locator("#feiloppsummering").is_visible()
        screenshot(phone, "evaluering-svar-feil-mobil")
        assert_accessible(phone)
    for question, value in (
        ("Hvor nyttig var kurset for deg?", 4 + number % 2),
        ("Var innholdet relevant for din situasjon?", 5),
        ("Etter kurset føler jeg meg bedre rustet til å mestre hverdagen", 3 + number % 3),
        ("Vil du anbefale kurset til andre i samme situasjon?", 5),
    ):
        group = phone.get_by_role("group", name=re.compile(f"^{re.escape(question)}"))
        group.get_by_label(re.compile(f"^{value}")).check()
    if number == 1:
        phone.get_by_label(re.compile("Er det noe du vil si til oss?")).fill(
            "Takk til Kari Nordmann for et godt kurs! Ring meg gjerne på 987 65 432."
        )
        screenshot(phone, "evaluering-svar-mobil")
        assert_accessible(phone)
    phone.get_by_role("button", name="Send svarene").click()
    assert phone.get_by_role("heading", name="Takk for svaret!").is_visible()
    if number == 1:
        screenshot(phone, "evaluering-takk-mobil")
        assert_accessible(phone)
        # The same browser cannot answer twice.
        phone.goto(url)
        assert phone.get_by_role("heading", name="Du har allerede svart").is_visible()
    context.close()


def test_evaluation_journey(browser, page, live_server, run):
    base = live_server.url
    page.goto(f"{base}/konto/logg-inn/?next=/arbeid/")
    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"{base}/arbeid/")

    page.goto(f"{base}/arbeid/tilbud/hjerte/gjennomforinger/")
    page.get_by_role("link", name=re.compile("^Evaluering")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Åpne evaluering").click()
    evaluation = Evaluation.objects.get(run=run)
    short_url = f"{base}/e/{evaluation.token}"
    assert page.get_by_role("link", name=short_url).is_visible()
    assert page.get_by_role("img", name="QR-kode til spørreskjemaet").locator("svg").is_visible()
    screenshot(page, "evaluering-lenke-og-qr")
    assert_accessible(page)
    # Printed, the page is a poster: QR code and link, no site navigation.
    page.emulate_media(media="print")
    assert page.locator(".evaluation-poster svg").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Lukk evalueringen").is_visible()
    page.emulate_media(media="screen")

    for number in range(1, 5):
        participant_answers(browser, short_url, number)
    assert Response.objects.count() == 4

    page.goto(f"{base}/arbeid/evaluering/gjennomforing/{run.external_id}/resultater/")
    assert page.get_by_text("4 har svart så langt").is_visible()
    assert page.get_by_text(re.compile("trengs 1 svar til")).is_visible()
    assert page.get_by_text("Gjennomsnitt").count() == 0
    assert page.get_by_text("Kari").count() == 0
    screenshot(page, "evaluering-for-faa-svar")
    assert_accessible(page)

    for number in range(5, 7):
        participant_answers(browser, short_url, number)
    assert Response.objects.count() == 6

    page.reload()
    assert page.get_by_text("6 har svart.").is_visible()
    assert page.get_by_role("heading", name="Hvor nyttig var kurset for deg?").is_visible()
    assert page.get_by_text(re.compile(r"Gjennomsnitt \d,\d av 5")).count() == 4
    assert page.get_by_text("Takk til [skjult] for et godt kurs!").is_visible()
    assert page.get_by_text("Nordmann").count() == 0
    screenshot(page, "evaluering-resultater")
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    screenshot(page, "evaluering-resultater-mobil")
    assert_accessible(page)

    # Closing: a new participant gets a friendly page and nothing is stored.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/arbeid/evaluering/gjennomforing/{run.external_id}/")
    page.get_by_role("button", name="Lukk evalueringen").click()
    late = browser.new_context(viewport=PHONE, locale="nb-NO", bypass_csp=True).new_page()
    late.goto(short_url)
    assert late.get_by_role("heading", name="Evalueringen er avsluttet").is_visible()
    assert_accessible(late)
    late.context.close()

    # The improvement log.
    page.goto(f"{base}/arbeid/evaluering/tilbud/hjerte/forbedringslogg/")
    page.get_by_label("Hva ble evaluert?").fill("Deltakernes svar fra vårens kurs")
    page.get_by_label("Hva lærte vi?").fill("Mestringsspørsmålet scoret lavest")
    page.get_by_label("Hva endrer vi til neste gang?").fill("Mer tid til erfaringsutveksling")
    page.get_by_role("button", name="Legg til i loggen").click()
    assert page.get_by_text("Mer tid til erfaringsutveksling").is_visible()
    screenshot(page, "evaluering-forbedringslogg")
    assert_accessible(page)
