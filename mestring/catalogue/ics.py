"""A run as an iCalendar file (RFC 5545): one VEVENT per session, in Europe/Oslo time.

Built with the `icalendar` package, which escapes text, folds long lines at 75 octets and
writes the VTIMEZONE block for Europe/Oslo from the time zone database, so daylight saving
time is right in every calendar client.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from . import codes
from .models import Offer, Run, Session

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Mestring//Laerings- og mestringstilbud//NB"


def run_location(run: Run) -> str:
    if run.format in codes.DIGITAL_FORMATS:
        return _("Digitalt")
    place = run.municipality.name if run.municipality is not None else ""
    return ", ".join(part for part in (run.address, place) if part)


def _description(offer: Offer, run: Run, url: str) -> str:
    lines = [offer.responsible.name]
    if run.join_instructions:
        lines.append(_("Slik deltar du: %(text)s") % {"text": run.join_instructions})
    if offer.what_to_bring:
        lines.append(_("Ta med: %(text)s") % {"text": offer.what_to_bring})
    if offer.contact_phone or offer.contact_email:
        contact = " ".join(p for p in (offer.contact_phone, offer.contact_email) if p)
        lines.append(_("Kontakt: %(contact)s") % {"contact": contact})
    lines.append(url)
    return "\n".join(lines)


def run_calendar(
    offer: Offer,
    run: Run,
    sessions: Sequence[Session],
    url: str,
    uid_domain: str,
    stamp: datetime,
) -> bytes:
    """The iCalendar file of one run. Without sessions, one all-day event from start to end.

    UIDs are the run's id and the session's number, so a calendar that imports the file
    again updates the events instead of adding copies.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", offer.title)
    description = _description(offer, run, url)
    location = run_location(run)
    total = len(sessions)
    for number, session in enumerate(sessions, start=1):
        start = timezone.localtime(session.start, OSLO)
        end = start + timedelta(minutes=session.duration_min) if session.duration_min else None
        summary = offer.title
        if total > 1:
            summary = _("%(title)s (samling %(number)d av %(total)d)") % {
                "title": offer.title,
                "number": number,
                "total": total,
            }
        calendar.add_component(
            _event(f"{run.external_id}-{number}@{uid_domain}", summary, start, end, stamp)
        )
    if not sessions:
        last = (run.end or run.start) + timedelta(days=1)
        calendar.add_component(
            _event(f"{run.external_id}@{uid_domain}", offer.title, run.start, last, stamp)
        )
    status = "CANCELLED" if run.status == codes.RunStatus.CANCELLED else "CONFIRMED"
    for event in calendar.walk("VEVENT"):
        if location:
            event.add("location", location)
        event.add("description", description)
        event.add("url", url)
        event.add("status", status)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(
    uid: str, summary: str, start: datetime | date, end: datetime | date | None, stamp: datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("summary", summary)
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    return event
