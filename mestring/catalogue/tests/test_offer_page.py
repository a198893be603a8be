"""The offer page tells a person where, when, what to bring and how to sign up."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from mestring.catalogue.models import Session

from .factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def page_of(client, offer) -> str:
    response = client.get(f"/tilbud/{offer.external_id}/")
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def course(refdata):
    return make_offer(
        title="Hjertekurs",
        signup_url="https://www.example.no/pamelding?kurs=1&x=2",
        signup_phone="62 53 70 00",
        contact_name="Kari Kursholder",
        contact_role="Kurskoordinator, Lærings- og mestringssenteret",
        contact_phone="915 02 770",
        contact_email="lms@example.no",
        what_to_bring="Treningstøy og matpakke",
        patient_travel=True,
    )


def test_address_with_an_openstreetmap_link(client, course):
    make_run(course, sessions=1, address="Skolegata 32", municipality_id="3403")
    page = page_of(client, course)
    assert "Skolegata 32, Hamar" in page
    assert (
        'href="https://www.openstreetmap.org/search?query=Skolegata%2032%2C%20Hamar%2C%20Norge"'
        in page
    )


def test_every_session_has_its_clock_times(client, course):
    run = make_run(course, start=date.today() + timedelta(days=30), sessions=0)
    first = datetime.combine(run.start, datetime.min.time(), OSLO).replace(hour=18)
    Session.objects.create(run=run, start=first, duration_min=120)
    Session.objects.create(run=run, start=first + timedelta(days=7, hours=-8), duration_min=90)
    page = page_of(client, course)
    day = first.strftime("%-d.")
    assert re.search(rf"<li>\w+dag {day} \w+ kl\. 18\.00–20\.00</li>", page, re.I)
    assert re.search(r"kl\. 10\.00–11\.30</li>", page)


def test_practical_facts_and_patient_travel(client, course):
    page = section(page_of(client, course), "praktisk")
    assert "Treningstøy og matpakke" in page
    assert "Pasientreiser" in page and 'href="https://www.pasientreiser.no/"' in page


def test_no_patient_travel_note_unless_the_provider_says_so(client, refdata):
    offer = make_offer(patient_travel=None)
    assert "pasientreiser.no" not in page_of(client, offer)
    offer = make_offer(patient_travel=False)
    assert "pasientreiser.no" not in page_of(client, offer)


def test_seats_with_a_note_on_how_to_sign_up(client, course):
    make_run(course, sessions=2, capacity=12)
    page = page_of(client, course)
    assert re.search(r"Plasser: 12</strong>\. Påmeldingen skjer på example\.no\.", page)


def test_contact_person_with_role_phone_and_email(client, course):
    page = section(page_of(client, course), "kontakt")
    assert "Kari Kursholder" in page
    assert "Kurskoordinator, Lærings- og mestringssenteret" in page
    assert '<a href="tel:+4791502770">915 02 770</a>' in page
    assert '<a href="mailto:lms@example.no">lms@example.no</a>' in page


def test_the_provider_is_the_contact_when_no_person_is_named(client, refdata):
    lms = make_organisation(phone="62 53 70 00", email="post@example.no")
    page = section(page_of(client, make_offer(responsible=lms)), "kontakt")
    assert 'href="tel:+4762537000"' in page and "mailto:post@example.no" in page


def test_sign_up_link_is_the_primary_button(client, course):
    page = page_of(client, course)
    first_button = re.search(r'<a class="button" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert first_button.groups() == (
        "https://www.example.no/pamelding?kurs=1&amp;x=2",
        "Meld deg på",
    )
    assert page.index("Meld deg på") < page.index('id="om"')
    signup = section(page, "pamelding")
    assert '<a href="tel:+4762537000">62 53 70 00</a>' in signup


@pytest.mark.parametrize(
    ("values", "href", "label"),
    [
        ({"signup_email": "kurs@example.no"}, "mailto:kurs@example.no", "Meld deg på med e-post"),
        ({"signup_phone": "62537000"}, "tel:+4762537000", "Ring og meld deg på"),
    ],
)
def test_email_or_phone_is_the_primary_action_without_a_link(client, refdata, values, href, label):
    page = page_of(client, make_offer(**values))
    assert f'<a class="button" href="{href}">{label}</a>' in page


def test_without_any_way_to_sign_up_the_page_points_to_the_contact(client, refdata):
    page = page_of(client, make_offer())
    assert 'class="button"' not in page
    assert 'href="#kontakt"' in page


def test_calendar_link_for_each_run(client, course):
    run = make_run(course, sessions=1)
    assert f'href="/tilbud/{course.external_id}/kalender/{run.external_id}.ics"' in page_of(
        client, course
    )


def test_digital_runs_say_how_to_join(client, course):
    make_run(
        course,
        sessions=1,
        format="digitalt_direkte",
        municipality_id=None,
        join_instructions="Du får lenke til videomøtet på SMS dagen før.",
    )
    page = page_of(client, course)
    assert "Du får lenke til videomøtet på SMS dagen før." in page
    assert "openstreetmap" not in page


def test_upcoming_lists_only_runs_that_have_not_started(client, course):
    today = timezone.localdate()
    make_run(course, start=today + timedelta(days=10), sessions=2)
    started = make_run(course, start=today - timedelta(days=7), sessions=3)
    make_run(course, start=today - timedelta(days=70), sessions=2)  # planned, but over
    page = page_of(client, course)
    upcoming = section(page, "datoer")
    assert upcoming.count('class="run"') == 1
    in_progress = section(page, "pagar")
    assert in_progress.count('class="run"') == 1
    started_on = started.start.strftime("%-d. ")
    assert f"Pågår – startet {started_on}" in in_progress


def test_no_in_progress_section_when_nothing_has_started(client, course):
    make_run(course, start=timezone.localdate() + timedelta(days=3), sessions=1)
    assert 'id="pagar"' not in page_of(client, course)


def test_a_run_that_starts_today_stands_the_same_everywhere(client, course):
    """Without sessions a run has started on its start date: the offer page, the cards
    (search and provider page) and the API all say so."""
    today = timezone.localdate()
    make_run(course, start=today, end=today + timedelta(days=7), sessions=0)
    started_on = today.strftime("%-d. ")
    page = page_of(client, course)
    assert section(page, "pagar").count('class="run"') == 1
    assert section(page, "datoer").count('class="run"') == 0
    provider = client.get(f"/tilbydere/{course.responsible.external_id}/").content.decode()
    assert f"Pågår – startet {started_on}" in provider and "Neste:" not in provider
    results = client.get("/tilbud/", {"q": "Hjertekurs"}).content.decode()
    assert f"Pågår – startet {started_on}" in results and "Neste:" not in results
    card = client.get("/api/v1/tilbud", {"q": "Hjertekurs"}).json()["resultater"][0]
    assert card["neste_gjennomforing"] is None
    detail = client.get(f"/api/v1/tilbud/{course.external_id}").json()
    assert [run["start"] for run in detail["kommende_gjennomforinger"]] == [today.isoformat()]


@pytest.mark.parametrize(
    ("run_format", "municipality", "shown"),
    [
        ("fysisk", "5501", "(Tromsø)"),
        ("hybrid", "5501", "(Tromsø og digitalt)"),
        ("digitalt_direkte", None, "(digitalt)"),
    ],
)
def test_a_card_says_where_its_next_run_is_held(client, course, run_format, municipality, shown):
    # A hybrid run is open to people far from its place too.
    make_run(
        course,
        start=timezone.localdate() + timedelta(days=10),
        format=run_format,
        municipality_id=municipality,
        sessions=1,
    )
    results = client.get("/tilbud/", {"q": "Hjertekurs"}).content.decode()
    assert shown in results


def test_a_card_says_which_sami_an_offer_is(client, course):
    # «samisk» finds offers held in a Sami language and offers adapted to Sami culture;
    # the card says which, as the offer page does.
    course.sami_adapted = True
    course.save()
    make_run(course, start=timezone.localdate() + timedelta(days=10), sessions=1)
    results = client.get("/tilbud/", {"q": "samisk"}).content.decode()
    assert course.title in results
    assert "<li>Tilpasset samisk språk og kultur</li>" in results


def test_a_card_writes_its_date_as_the_offer_page_does(client, course):
    # Norwegian month names are lower case and written out: «Neste: 17. desember 2026»,
    # not «17. Des 2026».
    months = "januar februar mars april mai juni juli august september oktober november desember"
    start = timezone.localdate() + timedelta(days=10)
    make_run(course, start=start, sessions=1)
    results = client.get("/tilbud/", {"q": "Hjertekurs"}).content.decode()
    assert f"Neste: {start.day}. {months.split()[start.month - 1]} {start.year}" in results


def test_a_card_shows_someone_far_away_the_run_they_can_join(client, course):
    # A local course in Hamar, held there first and then also online: for someone in
    # Tromsø the card names the hybrid run, not the one they cannot reach.
    months = "januar februar mars april mai juni juli august september oktober november desember"

    def written(day) -> str:
        return f"{day.day}. {months.split()[day.month - 1]} {day.year}"

    first = timezone.localdate() + timedelta(days=10)
    later = first + timedelta(days=30)
    make_run(course, start=first, format="fysisk", municipality_id="3403", sessions=1)
    make_run(course, start=later, format="hybrid", municipality_id="3403", sessions=1)

    def card(**params) -> str:
        return client.get("/tilbud/", {"q": "Hjertekurs", **params}).content.decode()

    assert f"Neste: {written(later)} (Hamar og digitalt)" in card(kommune="5501")
    assert f"Neste: {written(first)} (Hamar)" in card(kommune="3403")
    assert f"Neste: {written(first)} (Hamar)" in card()
