"""Sign up in a browser, get the e-mail, cancel by its link; the next on the waiting list is
offered the seat; the provider sees the counts."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from mestring.accounts.models import Membership
from mestring.signup.models import SignUp
from mestring.signup.tests.helpers import IMMEDIATE, signup_run

from .conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def run(refdata, settings, live_server):
    settings.TASKS = IMMEDIATE
    settings.SITE_URL = live_server.url
    cache.clear()
    return signup_run(capacity=1)


def sign_up(page, live_server, run, name, email, width):
    page.goto(f"{live_server.url}/tilbud/{run.offer.external_id}/")
    page.locator("section[aria-labelledby=datoer] .run a.button").click()
    page.get_by_label("Navn").fill(name)
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Pårørende", exact=True).check()
    screenshot(page, f"pamelding-skjema-{width}")
    assert_accessible(page)
    page.get_by_role("button").filter(
        has_text=re.compile("Meld deg på|Sett meg på venteliste")
    ).click()
    assert page.locator("h1").inner_text() == "Sjekk e-posten din"


@pytest.mark.parametrize(("width", "viewport"), [("mobil", PHONE), ("skjerm", DESKTOP)])
def test_sign_up_cancel_and_the_waiting_list_moves(
    page, live_server, run, django_user_model, width, viewport
):
    page.set_viewport_size(viewport)
    sign_up(page, live_server, run, "Kari Nordmann", "kari@example.no", width)
    page.goto(f"{live_server.url}/tilbud/{run.offer.external_id}/")
    assert "Kurset er fullt" in page.content()
    sign_up(page, live_server, run, "Per Venter", "per@example.no", width)
    assert [m.to[0] for m in mail.outbox] == ["kari@example.no", "per@example.no"]
    assert mail.outbox[0].attachments[0][2] == "text/calendar"

    link = re.search(r"http\S+/pamelding/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    assert "Du har plass." in page.content()
    screenshot(page, f"pamelding-privat-{width}")
    assert_accessible(page)
    page.get_by_role("button", name="Meld meg av").click()
    assert page.locator("h1").inner_text() == "Du er meldt av"
    assert not SignUp.objects.filter(name="Kari Nordmann").exists()

    offer_mail = mail.outbox[-1]
    assert offer_mail.to == ["per@example.no"] and "Ledig plass" in offer_mail.subject
    page.goto(re.search(r"http\S+/pamelding/\S+/", offer_mail.body).group(0))
    page.get_by_role("button", name="Takk ja til plassen").click()
    assert "Du har plass." in page.content()

    editor = django_user_model.objects.create_user("red", password="pw")
    Membership.objects.create(user=editor, role="redaktor", organisation=run.offer.responsible)
    page.goto(f"{live_server.url}/konto/logg-inn/")
    page.get_by_label("Brukernavn").fill("red")
    page.get_by_label("Passord").fill("pw")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(f"{live_server.url}/arbeid/gjennomforinger/{run.external_id}/pameldinger/")
    row = page.locator("tr", has=page.locator("th", has_text="Bekreftet"))
    assert row.locator("td").all_inner_texts() == ["0", "1", "0", "1"]
    assert "Per Venter" in page.content()
    screenshot(page, f"pamelding-tilbyder-{width}")
    assert_accessible(page)
