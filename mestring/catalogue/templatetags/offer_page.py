"""Template filters of the offer page; the logic is in catalogue/presentation.py."""

from django import template
from django.utils import timezone

from .. import presentation
from ..ics import OSLO

register = template.Library()


@register.filter
def tel_href(phone: str) -> str:
    return presentation.tel_href(phone)


@register.filter
def map_url(run) -> str:
    place = run.municipality.name if run.municipality_id else ""
    return presentation.map_url(run.address, place)


@register.filter
def session_when(session) -> str:
    start = timezone.localtime(session.start, OSLO)
    return presentation.session_when(start, session.duration_min)


@register.filter
def sami_summary(offer) -> str:
    return presentation.sami_summary(offer.codes_for("sprak"), offer.sami_adapted)
