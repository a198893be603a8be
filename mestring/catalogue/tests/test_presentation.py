from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from mestring.catalogue.presentation import map_url, session_when, signup_action, tel_href

OSLO = ZoneInfo("Europe/Oslo")


def test_map_link_searches_openstreetmap_for_the_address():
    url = map_url("Skolegata 32", "Hamar")
    assert url == "https://www.openstreetmap.org/search?query=Skolegata%2032%2C%20Hamar%2C%20Norge"


def test_no_map_link_without_a_place():
    assert map_url("", "") == ""


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("62 53 70 00", "tel:+4762537000"),
        ("+47 915 02 770", "tel:+4791502770"),
        ("0047 62537000", "tel:+4762537000"),
        ("113", "tel:113"),
        ("ring sentralbordet", ""),
        ("", ""),
    ],
)
def test_phone_links(phone, href):
    assert tel_href(phone) == href


def test_session_time_reads_as_norwegian_clock_times():
    with translation.override("nb"):
        text = session_when(datetime(2027, 1, 12, 18, 0, tzinfo=OSLO), 120)
    assert text == "tirsdag 12. januar kl. 18.00–20.00"


def test_session_time_without_duration_has_only_the_start():
    with translation.override("nb"):
        assert session_when(datetime(2027, 1, 12, 9, 30, tzinfo=OSLO), None) == (
            "tirsdag 12. januar kl. 09.30"
        )


def test_session_time_in_english():
    with translation.override("en"):
        text = session_when(datetime(2027, 1, 12, 18, 0, tzinfo=OSLO), 90)
    assert text == "Tuesday 12 January, 18:00–19:30"


def test_a_signup_link_is_the_primary_action():
    action = signup_action("https://www.example.no/kurs", "lms@example.no", "62 53 70 00")
    assert (action.kind, action.label) == ("nett", "Meld deg på")
    assert "example.no" in action.note


def test_email_then_phone_when_there_is_no_link():
    assert signup_action("", "lms@example.no", "62537000").href == "mailto:lms@example.no"
    assert signup_action("", "", "62537000").href == "tel:+4762537000"
    assert signup_action("javascript:alert(1)", "", "") is None
    assert signup_action("", "", "") is None
