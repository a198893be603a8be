"""Presentation of values the Norwegian way: kroner, yes/no answers, missing answers."""

import html
from decimal import Decimal
from urllib.parse import urlsplit

from django import template
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from mestring.core.text import render_markdown

register = template.Library()


@register.filter
def kroner(value: Decimal | None) -> str:
    if value is None:
        return _("Ikke oppgitt")
    if value == 0:
        return _("Gratis")
    whole = f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",").removesuffix(",00")
    return f"kr\u00a0{whole}"


@register.filter
def yes_no(value: bool | None) -> str:
    if value is None:
        return _("Ikke oppgitt")
    return _("Ja") if value else _("Nei")


@register.filter
def minutes(value: int | None) -> str:
    if not value:
        return ""
    hours, mins = divmod(value, 60)
    if hours and mins:
        return _("%(h)d t %(m)d min") % {"h": hours, "m": mins}
    if hours:
        return _("%(h)d t") % {"h": hours}
    return _("%(m)d min") % {"m": mins}


@register.filter
def labels(obj, field: str) -> list[str]:
    """Labels of a multi-valued code field: `offer|labels:"diagnoser"`."""
    return obj.labels_for(field)


@register.filter
def plain_text(markdown: str) -> str:
    """A Markdown description as plain text, for summaries in lists (escaped once, by the
    template: the entities of the rendered HTML are turned back into characters here)."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown))).split())


LINK_SCHEMES = ("http", "https", "mailto", "tel")


@register.filter
def safe_url(url: str) -> str:
    """The address if it is a web, e-mail or phone link, else nothing.

    Forms and the importer accept only such addresses, but data restored or written past
    them must not become a `javascript:` link."""
    scheme = urlsplit((url or "").strip()).scheme.lower()
    return url.strip() if scheme in LINK_SCHEMES else ""
