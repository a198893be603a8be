"""The exchange format's lists and columns (core dataset §7), declared once.

Each list is a sequence of columns in the core dataset's field order. A column names the
core dataset field (which is also its CSV/XLSX column), the model attribute it maps to,
how its values are parsed (`kind`, see `parsing.PARSERS`) and whether it holds several
values. Fields nested in JSON objects (`standard_metode`, `pamelding`) are flat columns
here; `json_object` says where they live in JSON.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection, models

from mestring.activity.models import COUNT_FIELDS, Attendance
from mestring.catalogue import codes, rules
from mestring.catalogue.models import Offer, Organisation, Run, Session


@dataclass(frozen=True)
class Column:
    name: str
    attr: str | None
    kind: str = "text"
    multi: bool = False
    # The registration forms require an answer: a missing one is a warning (§4).
    required: bool = False
    # (object key, key inside it) for fields grouped in a JSON object.
    json_object: tuple[str, str] | None = None


@dataclass(frozen=True)
class ListSpec:
    name: str
    model: type[models.Model]
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return self._by_name()[name]

    def _by_name(self) -> dict[str, Column]:
        return {column.name: column for column in self.columns}

    def max_length(self, column: Column) -> int | None:
        return _max_length(self.model, column)

    def int_range(self, column: Column) -> tuple[int | None, int | None]:
        return _int_range(self.model, column)


@cache
def _max_length(model: type[models.Model], column: Column) -> int | None:
    if column.attr is None or column.kind not in TEXT_KINDS or column.multi:
        return None
    return getattr(model._meta.get_field(column.attr), "max_length", None)


@cache
def _int_range(model: type[models.Model], column: Column) -> tuple[int | None, int | None]:
    if column.attr is None:
        return (None, None)
    field = model._meta.get_field(column.attr)
    return connection.ops.integer_field_range(field.get_internal_type())


TEXT_KINDS = frozenset({"text", "id", "ref", "url", "email", "markdown"})

ORGANISATIONS = ListSpec(
    "tilbydere",
    Organisation,
    (
        Column("id", "external_id", "id"),
        Column("navn", "name"),
        Column("type", "type", "code"),
        Column("orgnr", "orgnr", "orgnr"),
        Column("overordnet", "parent", "ref"),
        Column("region", "region", "code"),
        Column("kommunenummer", "municipality", "municipality"),
        Column("nettside", "website", "url"),
        Column("epost", "email", "email"),
        Column("telefon", "phone"),
    ),
)

OFFERS = ListSpec(
    "tilbud",
    Offer,
    (
        Column("id", "external_id", "id"),
        Column("tittel", "title"),
        Column("beskrivelse", "description", "markdown", required=True),
        Column("ansvarlig", "responsible", "ref"),
        Column("medarrangorer", "co_organisers", "ref", multi=True),
        Column("hovedtematikk", "main_theme", "code"),
        Column("diagnoser", None, "code", multi=True),
        Column("fagfelt", None, "code", multi=True, required=True),
        Column("hovedmalgruppe", "main_target_group", "code", required=True),
        Column("andre_malgrupper", None, "code", multi=True),
        Column("aldersgruppe", "age_group", "code", required=True),
        Column("antall_samlinger", "session_count", "int", required=True),
        Column("brukerrepresentant", "user_representative", "code", required=True),
        Column("brukerorganisasjoner", "user_organisations", multi=True),
        Column(
            "standard_metode_planlegging",
            "users_in_planning",
            "bool",
            required=True,
            json_object=("standard_metode", "planlegging"),
        ),
        Column(
            "standard_metode_gjennomforing",
            "users_in_delivery",
            "bool",
            required=True,
            json_object=("standard_metode", "gjennomforing"),
        ),
        Column(
            "standard_metode_evaluering",
            "users_in_evaluation",
            "bool",
            required=True,
            json_object=("standard_metode", "evaluering"),
        ),
        Column("krav_henvisning", "requires_referral", "bool", required=True),
        Column("registreres_som_aktivitet", "registered_as_activity", "bool", required=True),
        Column("registreringssted", None, "code", multi=True),
        Column("nivaa", "level", "code", required=True),
        Column("sprak", None, "code", multi=True, required=True),
        Column("tolk", "interpreter", "bool", required=True),
        Column("samisk_tilpasset", "sami_adapted", "bool", required=True),
        Column("pris", "price", "amount", required=True),
        Column("pris_merknad", "price_note"),
        Column("henvisning_merknad", "referral_note"),
        Column("avbestilling", "cancellation"),
        Column("sist_bekreftet", "last_confirmed", "date"),
        Column("pamelding_url", "signup_url", "url", json_object=("pamelding", "url")),
        Column("pamelding_epost", "signup_email", "email", json_object=("pamelding", "epost")),
        Column("pamelding_telefon", "signup_phone", json_object=("pamelding", "telefon")),
        Column("pamelding_tekst", "signup_text", json_object=("pamelding", "tekst")),
        Column("kontakt_navn", "contact_name", json_object=("kontakt", "navn")),
        Column("kontakt_rolle", "contact_role", json_object=("kontakt", "rolle")),
        Column("kontakt_telefon", "contact_phone", json_object=("kontakt", "telefon")),
        Column("kontakt_epost", "contact_email", "email", json_object=("kontakt", "epost")),
        Column("ta_med", "what_to_bring"),
        Column("pasientreiser", "patient_travel", "bool"),
        Column("status", "status", "code"),
    ),
)

RUNS = ListSpec(
    "gjennomforinger",
    Run,
    (
        Column("id", "external_id", "id"),
        Column("tilbud", "offer", "ref"),
        Column("start", "start", "date"),
        Column("slutt", "end", "date", required=True),
        Column("tidspunkt", "time_of_day", "code", required=True),
        Column("sted", "venue", "code", required=True),
        Column("format", "format", "code", required=True),
        Column("kommunenummer", "municipality", "municipality"),
        Column("adresse", "address"),
        Column("digital_deltakelse", "join_instructions"),
        Column("samarbeid_kommunalt_personell", "with_municipal_staff", "bool", required=True),
        Column("kapasitet", "capacity", "int"),
        Column("status", "status", "code"),
    ),
)

SESSIONS = ListSpec(
    "samlinger",
    Session,
    (
        Column("gjennomforing", "run", "ref"),
        Column("start", "start", "datetime"),
        Column("varighet_min", "duration_min", "int", required=True),
    ),
)

ATTENDANCE = ListSpec(
    "aktivitet",
    Attendance,
    (
        Column("gjennomforing", "run", "ref"),
        Column("dato", "date", "date"),
        *(Column(name, attr, "int") for name, attr in COUNT_FIELDS.items()),
    ),
)

# In dependency order: what a list refers to comes before it.
LISTS: dict[str, ListSpec] = {
    spec.name: spec for spec in (ORGANISATIONS, OFFERS, RUNS, SESSIONS, ATTENDANCE)
}
# Lists at the top level of the JSON document (sessions are nested in their run).
JSON_LISTS = ("tilbydere", "tilbud", "gjennomforinger", "aktivitet")
JSON_FORMAT, JSON_VERSION = "lm-kjernedatasett", 1
# Multi-valued code fields stored as OfferCode rows.
OFFER_CODE_FIELDS = ("diagnoser", "fagfelt", "andre_malgrupper", "registreringssted", "sprak")
KEYS = {"tilbydere": "id", "tilbud": "id", "gjennomforinger": "id"}


def _missing(value: Any) -> bool:
    return value is None or value == [] or value == ""


def missing_answers(list_name: str, record: Mapping[str, Any]) -> list[str]:
    """Fields the registration forms require but the record leaves without an answer."""
    spec = LISTS[list_name]
    fields = [c.name for c in spec.columns if c.required and _missing(record.get(c.name))]
    if list_name == "tilbydere":
        kind = record.get("type")
        if kind in codes.SPECIALIST_TYPES and _missing(record.get("region")):
            fields.append("region")
        if kind in codes.MUNICIPAL_TYPES and _missing(record.get("kommunenummer")):
            fields.append("kommunenummer")
    elif list_name == "gjennomforinger":
        if not rules.is_digital(record.get("format")) and _missing(record.get("kommunenummer")):
            fields.append("kommunenummer")
    return fields


# Columns without which the rows of a file cannot be matched to anything.
KEY_COLUMNS = {
    "tilbydere": ("id",),
    "tilbud": ("id",),
    "gjennomforinger": ("id",),
    "samlinger": ("gjennomforing", "start"),
    "aktivitet": ("gjennomforing",),
}
