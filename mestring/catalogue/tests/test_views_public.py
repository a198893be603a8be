import json
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest

from .factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(refdata):
    lms = make_organisation(name="Lærings- og mestringssenteret Innlandet")
    partner = make_organisation(
        name="Frisklivssentralen i Hamar",
        type="frisklivssentral",
        region=None,
        municipality_id="3403",
    )
    offer = make_offer(
        title="Diabeteskurs – type 2",
        description="Lær om **kosthold** og blodsukker.\n\n<script>alert(1)</script>",
        responsible=lms,
        co_organisers=[partner],
        main_theme="spesifikk_diagnose",
        codes={"diagnoser": ["diabetes"], "sprak": ["nb", "se"]},
        price=Decimal("350"),
        price_note="Gratis med frikort. Pårørende betaler ikke.",
        requires_referral=True,
        referral_note="Fastlegen sender henvisning til LMS.",
        cancellation="Gi beskjed senest 24 timer før.",
        interpreter=True,
        signup_email="lms@example.no",
        user_organisations=["Diabetesforbundet"],
    )
    make_run(offer, sessions=3, address="Skolegata 32", municipality_id="3403")
    make_run(offer, start=date.today() - timedelta(days=200), status="gjennomfort")
    return offer


def test_offer_page_tells_a_participant_what_they_need(client, course):
    page = client.get(f"/tilbud/{course.external_id}/").content.decode()
    for text in [
        "Diabeteskurs – type 2",
        "<strong>kosthold</strong>",
        "kr\u00a0350",
        "Gratis med frikort. Pårørende betaler ikke.",
        "Du trenger henvisning fra lege",
        "Fastlegen sender henvisning til LMS.",
        "Gi beskjed senest 24 timer før.",
        "Arrangøren kan skaffe tolk",
        "Sist bekreftet",
        "Skolegata 32, Hamar",
        "3 samlinger",
        "Frisklivssentralen i Hamar",
        "Diabetesforbundet",
        "lms@example.no",
        "nordsamisk",
        "Standard metode",
    ]:
        assert text in page, text
    assert "<script>alert(1)" not in page


def test_offer_page_has_course_structured_data(client, course):
    page = client.get(f"/tilbud/{course.external_id}/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Course" and data["name"] == "Diabeteskurs – type 2"
    assert len(data["hasCourseInstance"]) == 1
    assert data["hasCourseInstance"][0]["location"]["address"]["addressLocality"] == "Hamar"


def test_only_upcoming_runs_are_listed(client, course):
    page = client.get(f"/tilbud/{course.external_id}/").content.decode()
    assert page.count('class="run"') == 1


def test_draft_offers_are_not_public(client, refdata):
    offer = make_offer(status="utkast")
    assert client.get(f"/tilbud/{offer.external_id}/").status_code == 404


def test_archived_offers_say_they_are_gone(client, refdata):
    offer = make_offer(status="arkivert", title="Gammelt kurs")
    response = client.get(f"/tilbud/{offer.external_id}/")
    assert response.status_code == 410
    assert "holdes ikke lenger" in response.content.decode()


def test_stale_offers_are_flagged(client, refdata):
    offer = make_offer(last_confirmed=date.today() - timedelta(days=600))
    assert "kan være utdatert" in client.get(f"/tilbud/{offer.external_id}/").content.decode()


def test_organisation_page_lists_own_and_shared_offers(client, course):
    partner = course.co_organisers.get()
    page = client.get(f"/tilbydere/{partner.external_id}/").content.decode()
    assert "Frisklivssentralen i Hamar" in page
    assert "Tilbud vi arrangerer sammen med andre" in page and "Diabeteskurs" in page
    own = client.get(f"/tilbydere/{course.responsible.external_id}/").content.decode()
    assert "Diabeteskurs – type 2" in own


def test_detail_pages_do_not_multiply_queries(client, course, django_assert_max_num_queries):
    for _ in range(5):
        make_run(course, sessions=4)
    with django_assert_max_num_queries(12):
        client.get(f"/tilbud/{course.external_id}/")
    with django_assert_max_num_queries(12):
        client.get(f"/tilbydere/{course.responsible.external_id}/")


def test_accessibility_statement_names_the_level_and_how_to_report(client):
    page = client.get("/tilgjengelighet/").content.decode()
    assert "WCAG 2.1" in page and "AA" in page and "Meld fra" in page
