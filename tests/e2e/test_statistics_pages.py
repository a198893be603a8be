"""The statistics pages in a real browser: filters, tables, a chart and a map, downloads."""

import pytest
from django.core.management import call_command

from .conftest import PHONE, assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(refdata):
    call_command("demo", "--scale", "mini", "--seed", "7", "--today", "2026-06-30", verbosity=0)


def test_survey_report_with_filters(page, live_server, demo):
    page.goto(f"{live_server.url}/statistikk/")
    assert_accessible(page)
    page.get_by_role("link", name="Kartlegging (Tabell 1–9)").click()
    page.get_by_label("Fra og med").fill("2025-01-01")
    page.get_by_label("Til og med").fill("2025-12-31")
    page.get_by_label("Psykisk helse").check()
    page.get_by_label("Rus", exact=True).check()
    page.get_by_role("button", name="Lag rapporten").click()
    page.wait_for_url("**fagfelt=psykisk_helse**")
    heading = page.get_by_role("heading", name="Hovedtematikk for LMS-tilbudene")
    assert heading.is_visible()
    chart = page.locator("svg[aria-labelledby='figur-tabell_3-title figur-tabell_3-desc']")
    assert chart.is_visible()
    assert page.get_by_role("link", name="PDF").is_visible()
    screenshot(page, "statistikk-kartlegging")
    assert_accessible(page)


def test_activity_report_draws_a_map_and_a_line_chart(page, live_server, demo):
    page.goto(
        f"{live_server.url}/statistikk/aktivitet/?fra=2025-01-01&til=2025-12-31&inndeling=kvartal"
    )
    municipality_map = page.locator("#tabell-aktivitet_kommune ~ figure svg")
    assert (
        municipality_map.locator("path[data-code='0301'] title").text_content().startswith("Oslo")
    )
    assert page.locator("#tabell-aktivitet_periode ~ figure svg circle").count() >= 4
    page.locator("#tabell-aktivitet_kommune").scroll_into_view_if_needed()
    screenshot(page, "statistikk-aktivitet")
    assert_accessible(page)
    page.get_by_text("Vis tabellen (358 rader)").click()
    assert page.get_by_role("rowheader", name="Tromsø").first.is_visible()


def test_report_errors_on_a_phone(page, live_server, demo):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/statistikk/aktivitet/?fra=2025-12-31&til=2025-01-01")
    alert = page.get_by_role("alert")
    assert "til kan ikke være før fra." in alert.inner_text()
    screenshot(page, "statistikk-feil-mobil")
    assert_accessible(page)


def test_pdf_download(page, live_server, demo):
    page.goto(f"{live_server.url}/statistikk/kartlegging/?fra=2025-01-01&til=2025-12-31")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    download = download_info.value
    assert download.suggested_filename == "kartlegging_2025-01-01_2025-12-31.pdf"
    with open(download.path(), "rb") as stream:
        assert stream.read(5) == b"%PDF-"
