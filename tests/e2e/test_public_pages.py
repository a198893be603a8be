"""Offer, organisation and accessibility pages in a real browser, at phone and desktop widths."""

from decimal import Decimal

import pytest

from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

from .conftest import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def course(refdata):
    lms = make_organisation(name="Lærings- og mestringssenteret, Sykehuset Innlandet")
    offer = make_offer(
        title="Kurs for barn som pårørende",
        description="Et kurs for barn (8–12 år) som har en mor eller far med psykisk sykdom.",
        responsible=lms,
        main_target_group="parorende_barn",
        age_group="barn",
        codes={"fagfelt": ["psykisk_helse"], "sprak": ["nb"]},
        price=Decimal("0"),
        signup_url="https://example.no/pamelding",
    )
    make_run(offer, sessions=6, municipality_id="3403", address="Sykehuset Innlandet Hamar")
    return offer


@pytest.mark.parametrize(("width", "viewport"), [("mobil", PHONE), ("skjerm", DESKTOP)])
def test_offer_page_is_accessible(page, live_server, course, width, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/tilbud/{course.external_id}/")
    assert page.locator("h1").inner_text() == "Kurs for barn som pårørende"
    screenshot(page, f"tilbud-{width}")
    assert_accessible(page)


def test_organisation_page_is_accessible(page, live_server, course):
    page.goto(f"{live_server.url}/tilbydere/{course.responsible.external_id}/")
    assert "Kurs for barn som pårørende" in page.content()
    screenshot(page, "tilbyder")
    assert_accessible(page)


def test_accessibility_statement_is_accessible(page, live_server):
    page.goto(f"{live_server.url}/tilgjengelighet/")
    assert_accessible(page)


@pytest.mark.parametrize(("width", "viewport"), [("mobil", PHONE), ("skjerm", DESKTOP)])
def test_search_from_the_front_page_and_filter(page, live_server, course, width, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/")
    screenshot(page, f"forside-{width}")
    assert_accessible(page)
    page.get_by_label("Hva leter du etter?").fill("pårørende")
    page.get_by_role("button", name="Søk").click()
    page.wait_for_url("**/tilbud/?q=*")
    page.get_by_label("Kommune").select_option("3403")
    page.get_by_role("checkbox", name="Pårørende (barn m/foreldre psyk/rus) (1)").check()
    page.get_by_role("button", name="Vis tilbud").click()
    assert "1 tilbud" in page.locator("#treff").inner_text()
    screenshot(page, f"treff-{width}")
    assert_accessible(page)
    page.get_by_role("link", name="Kurs for barn som pårørende").click()
    assert page.locator("h1").inner_text() == "Kurs for barn som pårørende"
    next_run = page.locator(".run").first
    assert "6 samlinger" in next_run.inner_text()
    screenshot(page, f"tilbud-neste-{width}")


def _tab_to(page, predicate: str, limit: int = 80) -> None:
    """Press Tab until the focused element satisfies the JavaScript predicate `el => …`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached an element with {predicate}")


def test_the_journey_works_with_the_keyboard_alone(page, live_server, course):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    _tab_to(page, "el => el.id === 'sok'")
    page.keyboard.type("barn")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tilbud/?q=barn")
    _tab_to(page, "el => el.name === 'malgruppe' && el.value === 'parorende_barn'")
    page.keyboard.press("Space")
    _tab_to(page, "el => el.textContent.trim() === 'Vis tilbud'")
    page.keyboard.press("Enter")
    page.wait_for_url("**malgruppe=parorende_barn**")
    _tab_to(page, "el => el.textContent.trim() === 'Kurs for barn som pårørende'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tilbud/{course.external_id}/")
    assert "Kommende datoer" in page.content()
