"""Write the demo data set fast: explicit keys, COPY on PostgreSQL, executemany on SQLite."""

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from decimal import Decimal
from itertools import islice

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from mestring.activity import totals as run_totals
from mestring.activity.models import Attendance
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run, Session
from mestring.catalogue.search import index
from mestring.catalogue.services import sync_health_trust_providers
from mestring.core.progress import progress
from mestring.refdata.models import District, HealthTrust, Municipality

from . import generator

CHUNK = 1000
# Providers made by `refdata load` (regional health authorities and hospital trusts) stay.
REFDATA_PROVIDER_PREFIXES = ("rhf-", "hf-")
CO_ORGANISERS = Offer.co_organisers.through


def has_catalogue_data() -> bool:
    return Offer.objects.exists()


def ensure_reference_data() -> None:
    if not Municipality.objects.exists():
        call_command("load_refdata", verbosity=0)
    sync_health_trust_providers()


def wipe_catalogue() -> None:
    """Delete offers, runs, sessions, attendance and every provider not from reference data."""
    with connection.cursor() as cursor:
        for model in (Attendance, Session, OfferCode, CO_ORGANISERS, Run, Offer):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
    keep = models.Q()
    for prefix in REFDATA_PROVIDER_PREFIXES:
        keep |= models.Q(external_id__startswith=prefix)
    Organisation.objects.exclude(keep).filter(parent__isnull=False).update(parent=None)
    Organisation.objects.exclude(keep).delete()


def _trusts() -> list[dict]:
    catchment: dict[str, set[str]] = {}
    for number, trust in Municipality.objects.values_list("number", "health_trust_id"):
        if trust:
            catchment.setdefault(trust, set()).add(number)
    for municipality, trust in District.objects.values_list("municipality_id", "health_trust_id"):
        catchment.setdefault(trust, set()).add(municipality)
    return [
        {
            "orgnr": t.orgnr,
            "name": t.name,
            "short_name": t.short_name,
            "region_id": t.region_id,
            "has_catchment": t.has_catchment,
            "catchment": sorted(catchment.get(t.orgnr, ())),
        }
        for t in HealthTrust.objects.order_by("orgnr")
    ]


def _municipalities() -> list[dict]:
    return list(
        Municipality.objects.filter(valid_to__isnull=True)
        .order_by("number")
        .values("number", "name", "region_id", "population", "sami_area_language")
    )


def create_providers(providers: list[generator.Provider], stamp: datetime) -> dict[str, int]:
    """Insert the planned providers; return external id → primary key for all providers."""
    parents = dict(Organisation.objects.values_list("external_id", "pk"))
    Organisation.objects.bulk_create(
        Organisation(
            external_id=p.external_id,
            name=p.name,
            type=p.type,
            parent_id=parents.get(p.parent_external_id),
            region_id=p.region_id,
            municipality_id=p.municipality_id,
        )
        for p in providers
    )
    Organisation.objects.filter(external_id__in=[p.external_id for p in providers]).update(
        created_at=stamp, updated_at=stamp
    )
    return dict(Organisation.objects.values_list("external_id", "pk"))


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1


_PLAIN = (str, int, bool, float, type(None))


def _adapt(value):
    """A Python value as the database driver wants it (SQLite keeps datetimes as UTC text)."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if connection.vendor == "postgresql":
        return value
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert(model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([_adapt(v) for v in row])
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 - names are ours
                [tuple(_adapt(v) for v in row) for row in rows],
            )


def reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Organisation, Offer, OfferCode, Run, Session, Attendance, CO_ORGANISERS]
    )
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


OFFER_COLUMNS = [
    "external_id",
    "title",
    "description",
    "main_theme",
    "main_target_group",
    "age_group",
    "session_count",
    "user_representative",
    "user_organisations",
    "users_in_planning",
    "users_in_delivery",
    "users_in_evaluation",
    "requires_referral",
    "registered_as_activity",
    "level",
    "interpreter",
    "sami_adapted",
    "price",
    "price_note",
    "referral_note",
    "cancellation",
    "last_confirmed",
    "signup_url",
    "signup_email",
    "signup_phone",
    "signup_text",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "what_to_bring",
    "patient_travel",
    "status",
]
RUN_COLUMNS = [
    "external_id",
    "start",
    "end",
    "time_of_day",
    "venue",
    "format",
    "municipality_id",
    "address",
    "join_instructions",
    "with_municipal_staff",
    "capacity",
    "status",
]


def _chunks(iterator: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(iterator, size)):
        yield batch


def write_chunk(
    bundles: list[generator.OfferBundle],
    ids: dict[str, int],
    keys: dict[str, int],
    stamp: datetime,
    responsible: list[str],
) -> dict[str, int]:
    """Insert one chunk of offers with everything under them; return the row counts."""
    offers, codes, co, runs, sessions, attendance = [], [], [], [], [], []
    for bundle, owner in zip(bundles, responsible, strict=True):
        offer_id = keys["offer"]
        keys["offer"] += 1
        offers.append(
            (offer_id, ids[owner], stamp, stamp, *(bundle.offer[c] for c in OFFER_COLUMNS))
        )
        for field, code in bundle.codes:
            codes.append((keys["code"], offer_id, field, code))
            keys["code"] += 1
        for partner in bundle.co_organisers:
            co.append((keys["co"], offer_id, ids[partner]))
            keys["co"] += 1
        run_ids = []
        for run in bundle.runs:
            run_ids.append(keys["run"])
            runs.append((keys["run"], offer_id, stamp, stamp, *(run[c] for c in RUN_COLUMNS)))
            keys["run"] += 1
        for session in bundle.sessions:
            sessions.append(
                (
                    keys["session"],
                    run_ids[session["run"]],
                    session["start"],
                    session["duration_min"],
                )
            )
            keys["session"] += 1
        for row in bundle.attendance:
            attendance.append(
                (
                    keys["attendance"],
                    run_ids[row["run"]],
                    row["date"],
                    *(row[c] for c in generator.COUNT_FIELDS),
                )
            )
            keys["attendance"] += 1
    insert(Offer, ["id", "responsible_id", "created_at", "updated_at", *OFFER_COLUMNS], offers)
    insert(OfferCode, ["id", "offer_id", "field", "code"], codes)
    insert(CO_ORGANISERS, ["id", "offer_id", "organisation_id"], co)
    insert(Run, ["id", "offer_id", "created_at", "updated_at", *RUN_COLUMNS], runs)
    insert(Session, ["id", "run_id", "start", "duration_min"], sessions)
    insert(Attendance, ["id", "run_id", "date", *generator.COUNT_FIELDS], attendance)
    return {
        "offers": len(offers),
        "runs": len(runs),
        "sessions": len(sessions),
        "attendance": len(attendance),
    }


@transaction.atomic
def write_demo(seed: int, scale_name: str, today: date, stream) -> dict[str, int]:
    scale = generator.SCALES[scale_name]
    ensure_reference_data()
    stamp = datetime.combine(today, time(0, 0), UTC)
    rng = generator.random.Random(f"{seed}-plan")
    providers = generator.plan_providers(rng, _trusts(), _municipalities(), scale)
    ids = create_providers(providers, stamp)
    keys = {
        "offer": _next_id(Offer),
        "code": _next_id(OfferCode),
        "co": _next_id(CO_ORGANISERS),
        "run": _next_id(Run),
        "session": _next_id(Session),
        "attendance": _next_id(Attendance),
    }
    totals = {"offers": 0, "runs": 0, "sessions": 0, "attendance": 0}
    owners = generator.owners(seed, scale, providers)
    bundles = generator.offers(seed, scale, providers, today, owners)
    with progress("Demodata: tilbud", scale.offers, stream) as bar, run_totals.bulk_load():
        for chunk, owner_chunk in zip(
            _chunks(bundles, CHUNK), _chunks(iter(owners), CHUNK), strict=True
        ):
            counts = write_chunk(chunk, ids, keys, stamp, [p.external_id for p in owner_chunk])
            for key, value in counts.items():
                totals[key] += value
            bar.update(len(chunk))
    reset_sequences()
    published = Offer.objects.published().count()
    with progress("Demodata: søkeindeks", published, stream) as bar:
        index.rebuild(progress=bar.update)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics after a bulk load
    totals["providers"] = len(providers)
    return totals


def vacuum() -> None:
    """After a bulk load on PostgreSQL: mark the new rows visible to index-only scans
    (the statistics count sessions and attendance per run that way). Outside a transaction."""
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
