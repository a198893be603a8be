"""Version history with django-reversion, the writing side: which models are versioned
(with what they carry along), and one revision for each import.

Requests that save registered models make a revision through RevisionMiddleware. The
importer writes in bulk, which reversion does not see, so `import_with_history` writes the
import's revision itself. Reading versions back is the workspace's (workspace/history.py).
"""

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision, Version
from reversion.signals import pre_revision_commit

from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run, Session

from .importer import ImportResult, import_files
from .records import chunked

# Parent → (related name, child model, child's foreign key): what a version carries along.
FOLLOWED: dict[type[models.Model], tuple[str, type[models.Model], str]] = {
    Offer: ("codes", OfferCode, "offer"),
    Run: ("sessions", Session, "run"),
}


def register_models() -> None:
    """Register the versioned models (WorkspaceConfig.ready)."""
    for model in (Organisation, Offer, OfferCode, Run, Session, Attendance):
        # VersionAdmin registers the models it edits as the admin loads, following inlines
        # (an offer's runs): reverting an offer would then delete runs added since.
        if reversion.is_registered(model):
            reversion.unregister(model)
        follow = [FOLLOWED[model][0]] if model in FOLLOWED else []
        reversion.register(model, follow=follow)
    pre_revision_commit.connect(_refresh_followed, dispatch_uid="exchange.revisions")


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
            versions.extend(
                _version(obj) for obj in child._default_manager.filter(**{f"{key}__in": chunk})
            )


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
    querysets: list[tuple[models.QuerySet, set[str]]] = [
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
            versions: list[Version] = []
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
