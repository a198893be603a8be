from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from .factories import make_offer, make_run

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def offer(refdata):
    return make_offer(
        title="Leve med KOLS; pust, mat og trening, for deg som har fått diagnosen i år",
        what_to_bring="Treningstøy, innesko og matpakke",
        contact_phone="62 53 70 00",
    )


def calendar_of(client, offer, run) -> Calendar:
    response = client.get(f"/tilbud/{offer.external_id}/kalender/{run.external_id}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    raw = response.content
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    return Calendar.from_ical(raw)


def test_one_event_per_session_in_oslo_time(client, offer):
    run = make_run(offer, sessions=3, address="Skolegata 32", municipality_id="3403")
    calendar = calendar_of(client, offer, run)
    response = client.get(f"/tilbud/{offer.external_id}/kalender/{run.external_id}.ics")
    assert 'filename="leve-med-kols-pust-mat' in response["Content-Disposition"]
    events = calendar.walk("VEVENT")
    assert len(events) == 3
    first = events[0]
    start = first.decoded("dtstart")
    assert b"DTSTART;TZID=Europe/Oslo:" in first.to_ical()
    assert start.astimezone(OSLO).hour == 18
    assert first.decoded("dtend") - start == timedelta(minutes=120)
    assert str(first["location"]) == "Skolegata 32, Hamar"
    assert "samling 1 av 3" in str(first["summary"])
    assert "Treningstøy" in str(first["description"])
    assert str(first["url"]).endswith(f"/tilbud/{offer.external_id}/")
    assert {str(e["uid"]) for e in events} == {
        f"{run.external_id}-{n}@testserver" for n in (1, 2, 3)
    }
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_text_is_escaped(client, refdata):
    offer = make_offer(title="Kurs; med komma, og semikolon")
    run = make_run(offer, sessions=1, address="Gate 1, inngang B")
    raw = client.get(f"/tilbud/{offer.external_id}/kalender/{run.external_id}.ics").content
    assert b"SUMMARY:Kurs\\; med komma\\, og semikolon" in raw
    assert b"LOCATION:Gate 1\\, inngang B\\, Oslo" in raw
    event = Calendar.from_ical(raw).walk("VEVENT")[0]
    assert str(event["summary"]) == "Kurs; med komma, og semikolon"


def test_summer_time_is_kept(client, refdata):
    offer = make_offer()
    run = make_run(offer, start=date(2027, 3, 23), sessions=2)  # 23 and 30 March: DST starts
    events = calendar_of(client, offer, run).walk("VEVENT")
    hours = [e.decoded("dtstart").astimezone(OSLO).hour for e in events]
    offsets = [e.decoded("dtstart").utcoffset() for e in events]
    assert hours == [18, 18]
    assert offsets == [timedelta(hours=1), timedelta(hours=2)]


def test_a_run_without_sessions_is_one_all_day_event(client, refdata):
    offer = make_offer()
    run = make_run(
        offer,
        start=date(2027, 2, 1),
        end=date(2027, 2, 3),
        format="digitalt_direkte",
        municipality_id=None,
        join_instructions="Lenke til Teams kommer på e-post.",
    )
    event = calendar_of(client, offer, run).walk("VEVENT")[0]
    assert event.decoded("dtstart") == date(2027, 2, 1)
    assert event.decoded("dtend") == date(2027, 2, 4)
    assert str(event["location"]) == "Digitalt"
    assert "Lenke til Teams" in str(event["description"])


def test_a_cancelled_run_says_so(client, refdata):
    offer = make_offer()
    run = make_run(offer, sessions=1, status="avlyst")
    event = calendar_of(client, offer, run).walk("VEVENT")[0]
    assert str(event["status"]) == "CANCELLED"


def test_no_calendar_for_drafts_or_unknown_runs(client, refdata):
    draft = make_offer(status="utkast")
    run = make_run(draft, sessions=1)
    assert (
        client.get(f"/tilbud/{draft.external_id}/kalender/{run.external_id}.ics").status_code == 404
    )
    offer = make_offer()
    assert (
        client.get(f"/tilbud/{offer.external_id}/kalender/{run.external_id}.ics").status_code == 404
    )


def test_dtstamp_is_utc(client, refdata):
    offer = make_offer()
    run = make_run(offer, sessions=1)
    event = calendar_of(client, offer, run).walk("VEVENT")[0]
    assert event.decoded("dtstamp").utcoffset() == timedelta(0)
    assert isinstance(event.decoded("dtstamp"), datetime)
