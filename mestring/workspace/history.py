"""Version history with django-reversion: what is recorded, and what changed between versions.

Requests that save registered models make a revision through RevisionMiddleware. The
importer writes in bulk, which reversion does not see, so `import_with_history` writes the
import's revision itself.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, router, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version
from reversion.signals import pre_revision_commit

from mestring.activity.models import Attendance
from mestring.catalogue.models import (
    MULTI_CODE_CHOICES,
    Offer,
    OfferCode,
    Organisation,
    Run,
    Session,
)
from mestring.catalogue.rules import language_name
from mestring.exchange.importer import ImportResult, import_files
from mestring.exchange.records import chunked

# Parent → (related name, child model, child's foreign key): what a version carries along.
FOLLOWED = {
    Offer: ("codes", OfferCode, "offer"),
    Run: ("sessions", Session, "run"),
}
# The history page's URL names for the models it shows.
HISTORY_MODELS = {"tilbud": Offer, "gjennomforing": Run, "tilbyder": Organisation}
_HIDDEN_FIELDS = {"id", "created_at", "updated_at"}


def register_models() -> None:
    """Register the versioned models (WorkspaceConfig.ready)."""
    for model in (Organisation, Offer, OfferCode, Run, Session, Attendance):
        # VersionAdmin registers the models it edits as the admin loads, following inlines
        # (an offer's runs): reverting an offer would then delete runs added since.
        if reversion.is_registered(model):
            reversion.unregister(model)
        follow = [FOLLOWED[model][0]] if model in FOLLOWED else []
        reversion.register(model, follow=follow)
    pre_revision_commit.connect(_refresh_followed, dispatch_uid="workspace.history")


def _version(obj: models.Model) -> Version:
    """An unsaved version of `obj`, as reversion makes it for a model registered with
    its defaults (every field)."""
    return Version(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        db=router.db_for_write(type(obj), instance=obj),
        format="json",
        serialized_data=serializers.serialize("json", [obj]),
        object_repr=str(obj),
    )


def _refresh_followed(sender, revision, versions: list, **kwargs) -> None:
    """Read offers' codes and runs' sessions again just before a revision is saved.

    Reversion reads them when the offer or run is saved, but the forms write them in bulk
    afterwards; without this the revision would hold the old codes, and restoring it
    would delete the current ones.
    """
    for parent, (_name, child, key) in FOLLOWED.items():
        parent_type = ContentType.objects.get_for_model(parent)
        pks = {int(v.object_id) for v in versions if v.content_type_id == parent_type.pk}
        if not pks:
            continue
        child_type = ContentType.objects.get_for_model(child)
        versions[:] = [
            v
            for v in versions
            if v.content_type_id != child_type.pk
            or json.loads(v.serialized_data)[0]["fields"][key] not in pks
        ]
        for chunk in chunked(sorted(pks)):
            versions.extend(_version(obj) for obj in child.objects.filter(**{f"{key}__in": chunk}))


def import_with_history(
    paths: Iterable[str | Path], *, user=None, stream=None, limits=None
) -> ImportResult:
    """Import a file set (exchange.importer) and record it as one revision "Import: <files>",
    in the same transaction. `limits` as in import_files."""
    paths = list(paths)
    with transaction.atomic():
        result = import_files(paths, stream=stream, limits=limits)
        names = ", ".join(Path(path).name for path in paths)
        record_import(result.stored, user=user, comment=_("Import: %(files)s") % {"files": names})
    return result


def record_import(stored: dict[str, set[str]], *, user=None, comment: str = "") -> Revision | None:
    """One revision with every organisation, offer (with its codes) and run (with its
    sessions) an import created or changed, written in chunks so that national files fit
    in memory. Attendance is left out: millions of rows, re-importable from their source."""
    querysets = [
        (Organisation.objects.all(), stored.get("tilbydere", set())),
        (Offer.objects.prefetch_related("codes", "co_organisers"), stored.get("tilbud", set())),
        (
            Run.objects.select_related("offer").prefetch_related("sessions"),
            stored.get("gjennomforinger", set()),
        ),
    ]
    if not any(keys for _queryset, keys in querysets):
        return None
    revision = Revision.objects.create(date_created=timezone.now(), user=user, comment=comment)
    for queryset, keys in querysets:
        for chunk in chunked(sorted(keys)):
            versions = []
            for obj in queryset.filter(external_id__in=chunk):
                versions += _with_followed(obj)
            for version in versions:
                version.revision = revision
            Version.objects.bulk_create(versions, batch_size=500)
    return revision


def _with_followed(obj: models.Model) -> Iterator[Version]:
    yield _version(obj)
    if type(obj) in FOLLOWED:
        name = FOLLOWED[type(obj)][0]
        yield from (_version(child) for child in getattr(obj, name).all())


# Reading versions back.


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
