"""The offer page a person can act on, in a real browser at phone and desktop widths."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from icalendar import Calendar

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(refdata):
    lms = make_organisation(
        name="Lærings- og mestringssenteret, Sykehuset Innlandet", phone="62 53 70 00"
    )
    offer = make_offer(
        title="Leve med hjertesvikt",
        description="Et kurs for deg som lever med hjertesvikt, og for dine pårørende.",
        responsible=lms,
        price=Decimal("0"),
        signup_url="https://www.example.no/pamelding/hjertesvikt",
        signup_phone="62 53 70 00",
        contact_name="Kari Kursholder",
        contact_role="Kurskoordinator, Lærings- og mestringssenteret",
        contact_phone="62 53 70 00",
        contact_email="lms@example.no",
        what_to_bring="Medisinlisten din og gjerne en pårørende",
        patient_travel=True,
        requires_referral=True,
    )
    today = timezone.localdate()
    make_run(
        offer,
        start=today + timedelta(days=21),
        sessions=4,
        municipality_id="3403",
        address="Sykehuset Innlandet Hamar, Skolegata 32, auditoriet",
        capacity=12,
    )
    make_run(offer, start=today - timedelta(days=7), sessions=3, capacity=10)
    return offer


@pytest.mark.parametrize(("width", "viewport"), [("mobil", PHONE), ("skjerm", DESKTOP)])
def test_offer_page_shows_what_a_person_needs_to_act(page, live_server, course, width, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/tilbud/{course.external_id}/")
    primary = page.locator("main a.button").first
    assert primary.inner_text() == "Meld deg på"
    assert primary.get_attribute("href") == "https://www.example.no/pamelding/hjertesvikt"
    assert primary.is_visible()
    upcoming = page.locator("section[aria-labelledby=datoer] .run")
    assert upcoming.count() == 1
    text = upcoming.inner_text()
    assert "Plasser: 12" in text and "Påmeldingen skjer på example.no" in text
    assert " kl. 18.00–20.00" in text
    map_link = upcoming.get_by_role("link", name="Vis på kart (OpenStreetMap)")
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/search?query=")
    started = page.locator("section[aria-labelledby=pagar]").inner_text()
    assert "Pågår – startet" in started
    contact = page.locator("section[aria-labelledby=kontakt]")
    assert contact.get_by_role("link", name="62 53 70 00").get_attribute("href") == (
        "tel:+4762537000"
    )
    assert "Kurskoordinator" in contact.inner_text()
    assert page.get_by_role("link", name="Les mer på pasientreiser.no").is_visible()
    # Phone first: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"tilbud-handling-{width}")
    assert_accessible(page)


def test_calendar_file_from_the_page(page, live_server, course):
    page.goto(f"{live_server.url}/tilbud/{course.external_id}/")
    link = page.locator("section[aria-labelledby=datoer]").get_by_role(
        "link", name="Legg i kalenderen (.ics)"
    )
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(response.body()).walk("VEVENT")
    assert len(events) == 4
    assert "Skolegata 32" in str(events[0]["location"])


def test_offer_page_works_without_javascript(browser, live_server, course):
    context = browser.new_context(viewport=PHONE, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/tilbud/{course.external_id}/")
    assert (
        page.locator("main").get_by_role("link", name="Meld deg på", exact=True).first.is_visible()
    )
    assert "Plasser: 12" in page.content()
    context.close()
