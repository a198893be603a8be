"""Write a checked dataset with bulk queries, in dependency order, inside one transaction."""

from collections.abc import Iterable
from typing import TextIO

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run, Session
from mestring.catalogue.search import index
from mestring.core.progress import progress

from .columns import OFFER_CODE_FIELDS, OFFERS, ORGANISATIONS, RUNS, ListSpec
from .plan import Plan
from .records import chunked
from .validation import Dataset

BATCH = 1000
_REFERENCED = {"overordnet": Organisation, "ansvarlig": Organisation, "tilbud": Offer}


def store(data: Dataset, plan: Plan, stream: TextIO) -> None:
    """Upsert every record of `data` as planned; call inside a transaction.

    The search index follows in the same transaction, once for every offer touched.
    """
    with index.deferred() as touched:
        _store(data, plan, stream)
        org_pks = _pks(Organisation, data.organisations)
        offers = Offer.objects.filter(
            models.Q(external_id__in=set(data.offers) | {r["tilbud"] for r in data.runs.values()})
            | models.Q(responsible_id__in=org_pks.values())
            | models.Q(co_organisers__in=org_pks.values())
        )
        touched.update(offers.values_list("pk", flat=True))


def _store(data: Dataset, plan: Plan, stream: TextIO) -> None:
    _upsert(ORGANISATIONS, data.organisations, plan, {}, stream, skip={"parent"})
    org_pks = _pks(Organisation, _org_keys(data))
    _set_parents(data, plan, org_pks)
    _upsert(OFFERS, data.offers, plan, {"ansvarlig": org_pks}, stream)
    offer_pks = _pks(Offer, set(data.offers) | {r["tilbud"] for r in data.runs.values()})
    _replace_offer_details(data, plan, offer_pks, org_pks)
    _upsert(RUNS, data.runs, plan, {"tilbud": offer_pks}, stream)
    run_pks = _pks(Run, set(data.runs) | set(data.sessions) | set(data.attendance))
    _replace_sessions(data, plan, run_pks)
    _upsert_attendance(data, plan, run_pks, stream)


def _org_keys(data: Dataset) -> set[str]:
    keys = set(data.organisations)
    keys.update(r["overordnet"] for r in data.organisations.values() if r["overordnet"])
    for record in data.offers.values():
        keys.add(record["ansvarlig"])
        keys.update(record["medarrangorer"])
    return keys


def _column(field: models.Field | models.ForeignObjectRel) -> str:
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{field} is not a column")
    return field.column


def _pks(model, keys: Iterable[str]) -> dict[str, int]:
    pks: dict[str, int] = {}
    for chunk in chunked(keys):
        pks.update(model.objects.filter(external_id__in=chunk).values_list("external_id", "pk"))
    return pks


def _model_values(spec: ListSpec, record: dict, refs: dict, skip=()) -> dict:
    values = {}
    for column in spec.columns:
        if column.attr is None or column.attr in skip:
            continue
        field = spec.model._meta.get_field(column.attr)
        value = record[column.name]
        if field.many_to_many:
            continue
        if field.many_to_one:
            key = column.attr + "_id"
            values[key] = refs[column.name][value] if column.name in refs and value else value
        elif value is None and isinstance(field, models.CharField | models.TextField):
            values[column.attr] = ""
        else:
            values[column.attr] = value
    return values


def _upsert(spec: ListSpec, incoming: dict, plan: Plan, refs: dict, stream, skip=()) -> None:
    pks, changed = plan.pks[spec.name], plan.changed[spec.name]
    new = [key for key in incoming if key not in pks]
    model = spec.model
    label = _("Lagrer %(list)s") % {"list": spec.name}
    with progress(label, len(new) + len(changed), stream) as bar:
        for chunk in chunked(new, BATCH):
            objects = [model(**_model_values(spec, incoming[k], refs, skip)) for k in chunk]
            model._default_manager.bulk_create(objects)
            bar.update(len(chunk))
        now = timezone.now()
        fields = [
            c.attr
            for c in spec.columns
            if c.attr and c.attr not in skip and not model._meta.get_field(c.attr).many_to_many
        ]
        for chunk in chunked(sorted(changed), BATCH):
            objects = [
                model(pk=pks[key], updated_at=now, **_model_values(spec, incoming[key], refs, skip))
                for key in chunk
            ]
            model._default_manager.bulk_update(objects, [*fields, "updated_at"])
            bar.update(len(chunk))


def _set_parents(data: Dataset, plan: Plan, org_pks: dict[str, int]) -> None:
    """Second pass: parents may come later in the file than their children."""
    existing, changed = plan.pks["tilbydere"], plan.changed["tilbydere"]
    objects = [
        Organisation(pk=org_pks[key], parent_id=org_pks.get(record["overordnet"]))
        for key, record in data.organisations.items()
        if key in changed or (key not in existing and record["overordnet"])
    ]
    Organisation.objects.bulk_update(objects, ["parent"], batch_size=BATCH)


def _replace_offer_details(data: Dataset, plan: Plan, offer_pks: dict, org_pks: dict) -> None:
    """Code rows and co-organisers of new and changed offers are written afresh."""
    existing = plan.pks["tilbud"]
    keys = [k for k in data.offers if k not in existing or k in plan.changed["tilbud"]]
    through = Offer.co_organisers.through
    for chunk in chunked(keys):
        pks = [offer_pks[key] for key in chunk]
        OfferCode.objects.filter(offer_id__in=pks).delete()
        through.objects.filter(offer_id__in=pks).delete()
        codes, links = [], []
        for key in chunk:
            record, pk = data.offers[key], offer_pks[key]
            for field in OFFER_CODE_FIELDS:
                codes += [OfferCode(offer_id=pk, field=field, code=c) for c in record[field]]
            links += [
                through(offer_id=pk, organisation_id=org_pks[o]) for o in record["medarrangorer"]
            ]
        OfferCode.objects.bulk_create(codes, batch_size=BATCH)
        through.objects.bulk_create(links, batch_size=BATCH)


def _replace_sessions(data: Dataset, plan: Plan, run_pks: dict[str, int]) -> None:
    for chunk in chunked(sorted(plan.session_runs)):
        Session.objects.filter(run_id__in=[run_pks[key] for key in chunk]).delete()
        Session.objects.bulk_create(
            [
                Session(run_id=run_pks[key], start=start, duration_min=minutes)
                for key in chunk
                for start, minutes in data.sessions[key]
            ],
            batch_size=BATCH,
        )


def _upsert_attendance(data: Dataset, plan: Plan, run_pks: dict, stream) -> None:
    fields = list(COUNT_FIELDS.values())
    updates, total = plan.attendance_pks, sum(len(v) for v in data.attendance.values())

    adapt = connection.ops.adapt_datefield_value

    def new_rows():
        for run, per_run in data.attendance.items():
            for day, (_row, *counts) in per_run.items():
                if (run, day) not in updates:
                    yield (run_pks[run], adapt(day), *counts)

    def objects():
        for run, per_run in data.attendance.items():
            for day, (_row, *counts) in per_run.items():
                if (pk := updates.get((run, day))) is not None:
                    values = dict(zip(fields, counts, strict=True))
                    yield Attendance(pk=pk, run_id=run_pks[run], date=day, **values)

    meta = Attendance._meta
    columns = [_column(meta.get_field(name)) for name in ("run", "date", *fields)]
    # Plain INSERTs: national data has millions of rows, and the ORM's per-object work
    # dominated the time. The unique constraints still guard (run, date).
    insert = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with progress(_("Lagrer aktivitet"), total, stream) as bar, connection.cursor() as cursor:
        for chunk in chunked(new_rows(), 5000):
            cursor.executemany(insert, chunk)
            bar.update(len(chunk))
        for chunk in chunked(objects(), BATCH):
            Attendance.objects.bulk_update(chunk, fields)
            bar.update(len(chunk))
