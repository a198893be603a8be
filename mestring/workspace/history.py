"""Version history with django-reversion, the reading side: what changed between versions.

What is versioned, and the revision each import writes, is exchange/revisions.py.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version

from mestring.catalogue.models import (
    MULTI_CODE_CHOICES,
    Offer,
    OfferCode,
    Organisation,
    Run,
    Session,
)
from mestring.catalogue.rules import language_name
from mestring.exchange.revisions import FOLLOWED

# The history page's URL names for the models it shows.
HISTORY_MODELS = {"tilbud": Offer, "gjennomforing": Run, "tilbyder": Organisation}
_HIDDEN_FIELDS = {"id", "created_at", "updated_at"}


@dataclass
class Entry:
    revision: Revision
    # (field label, before, after) for every changed field; empty for the first version.
    changes: list[tuple[str, str | None, str | None]]
    first: bool


def changes(old: dict, new: dict) -> list[tuple[str, object, object]]:
    """(field label, before, after) for every field whose value differs, in `new`'s order
    (then fields only `old` has). Both map a field label to a displayable value."""
    labels = [*new, *(label for label in old if label not in new)]
    return [
        (label, old.get(label), new.get(label))
        for label in labels
        if old.get(label) != new.get(label)
    ]


def history(obj: models.Model) -> list[Entry]:
    """Every version of `obj`, newest first, each with what changed since the one before."""
    versions = (
        Version.objects.get_for_object(obj)
        .select_related("revision", "revision__user", "content_type")
        .order_by("revision__date_created", "pk")
    )
    entries, previous = [], None
    for version in versions:
        current = readable(version)
        found = [] if previous is None else changes(previous, current)
        entries.append(Entry(version.revision, found, previous is None))
        previous = current
    return entries[::-1]


def readable(version: Version) -> dict[str, str | None]:
    """Field label → displayed value of one version, with the codes or sessions saved with it."""
    model, data = version.content_type.model_class(), version.field_dict
    values = {}
    for field in model._meta.get_fields():
        if not field.concrete or field.name in _HIDDEN_FIELDS or field.attname not in data:
            continue
        values[str(field.verbose_name)] = _display(field, data[field.attname])
    if model in FOLLOWED:
        values.update(_followed_values(version, model))
    return values


def _followed_values(version: Version, model) -> dict[str, str | None]:
    _name, child, key = FOLLOWED[model]
    rows = [
        json.loads(v.serialized_data)[0]["fields"]
        for v in version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(child)
        )
    ]
    rows = [row for row in rows if str(row[key]) == version.object_id]
    if child is Session:
        starts = sorted((row["start"], row["duration_min"]) for row in rows)
        return {_("samlinger"): _join(_session_text(start, minutes) for start, minutes in starts)}
    return {
        str(label): _join(
            _code_labels(value, {row["code"] for row in rows if row["field"] == value})
        )
        for value, label in OfferCode.List.choices
    }


def _code_labels(field: str, values: set[str]) -> list[str]:
    """Labels in the code list's order; languages by name."""
    if field == OfferCode.List.LANGUAGES:
        return sorted(language_name(code) for code in values)
    choices = MULTI_CODE_CHOICES[field].choices
    known = [str(label) for code, label in choices if code in values]
    return known + sorted(values - {code for code, _label in choices})


def _session_text(start: str, minutes: int | None) -> str:
    moment = timezone.localtime(datetime.fromisoformat(start.replace("Z", "+00:00")))
    text = formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return f"{text} ({minutes} min)" if minutes else text


def _join(items: Iterable[str]) -> str | None:
    return ", ".join(items) or None


def _display(field, value) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if field.many_to_many:
        return _join(sorted(str(obj) for obj in field.related_model.objects.filter(pk__in=value)))
    if field.many_to_one:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float | int):
        return formats.localize(value)
    if isinstance(value, list):
        return _join(str(item) for item in value)
    return str(value)
