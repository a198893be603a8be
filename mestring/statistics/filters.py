"""What a report covers: a period and optional filters, declared once.

`ReportFilter` is the only declaration of the report parameters: each field's metadata
(`Parameter`) gives its label, description, code list or form of value. The report form
(forms.py), the API's query schema (api/routers/reports.py) and the CLI options
(`mestring rapport`) are built from `PARAMETERS`, and `parse_filter` is the one validator
they all call. Multi-valued filters accept repeated parameters
(`fagfelt=rus&fagfelt=psykisk_helse`) and comma-separated values
(`--fagfelt rus,psykisk_helse`) alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cached_property

from django.db import connection
from django.db.models import DateField, Exists, F, Func, OuterRef, Q, QuerySet, TextChoices
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mestring.activity.models import ReportRun
from mestring.catalogue import codes
from mestring.catalogue.models import Offer, OfferCode, Organisation, Run
from mestring.catalogue.querysets import countable_q
from mestring.refdata.models import County, Municipality

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _known_counties(values: Iterable[str]) -> set[str]:
    return set(County.objects.filter(number__in=list(values)).values_list("number", flat=True))


def _known_municipalities(values: Iterable[str]) -> set[str]:
    return set(
        Municipality.objects.filter(number__in=list(values)).values_list("number", flat=True)
    )


def _known_organisations(values: Iterable[str]) -> set[str]:
    return set(
        Organisation.objects.filter(external_id__in=list(values)).values_list(
            "external_id", flat=True
        )
    )


@dataclass(frozen=True)
class Parameter:
    """One report parameter as the form, the API and the CLI offer it."""

    name: str
    label: str  # the form's label (translated, lazy)
    description: str  # the API's and the CLI's help (Norwegian, as the API documents)
    kind: str = "codes"  # "date", "codes" (several values) or "one" (a single value)
    codes: type[TextChoices] | None = None  # a fixed code list
    pattern: str | None = None  # the form of a value, when not a fixed code list
    known: Callable[[Iterable[str]], set[str]] | None = None  # values that exist
    unknown: str = ""  # the message for a value that does not exist (%(value)s)

    def allowed(self, values: Iterable[str]) -> set[str]:
        """The values among `values` that this parameter accepts."""
        # A NUL byte is no value of anything, and PostgreSQL refuses to compare it.
        values = [value for value in values if "\x00" not in value]
        if self.codes is not None:
            return set(values) & set(self.codes.values)
        return self.known(values) if self.known else set(values)


def _param(label: str | Promise, description: str, **options) -> dict:
    return {"parameter": {"label": label, "description": description, **options}}


COMMAS = "Gjenta parameteren eller skill verdiene med komma for flere verdier."


@dataclass(frozen=True)
class ReportFilter:
    fra: date = field(
        metadata=_param(
            gettext_lazy("Fra og med"),
            "Første dag i perioden (ÅÅÅÅ-MM-DD).",
            kind="date",
            pattern=DATE_PATTERN,
        )
    )
    til: date = field(
        metadata=_param(
            gettext_lazy("Til og med"),
            "Siste dag i perioden (ÅÅÅÅ-MM-DD), ikke før fra.",
            kind="date",
            pattern=DATE_PATTERN,
        )
    )
    fagfelt: tuple[str, ...] = field(
        default=(),
        metadata=_param(gettext_lazy("Fagfelt"), "Fagfelt.", codes=codes.Field),
    )
    region: tuple[str, ...] = field(
        default=(),
        metadata=_param(gettext_lazy("Helseregion"), "Helseregion (RHF).", codes=codes.RegionCode),
    )
    fylke: tuple[str, ...] = field(
        default=(),
        metadata=_param(
            gettext_lazy("Fylke"),
            "Fylkesnummer med to sifre.",
            pattern=r"^[0-9]{2}$",
            known=_known_counties,
        ),
    )
    kommune: tuple[str, ...] = field(
        default=(),
        metadata=_param(
            gettext_lazy("Kommune"),
            "Kommunenummer med fire sifre, med ledende null (f.eks. 0301).",
            pattern=r"^[0-9]{4}$",
            known=_known_municipalities,
        ),
    )
    organisasjon: str | None = field(
        default=None,
        metadata=_param(
            gettext_lazy("Tilbyder"),
            "Id til en tilbyder: den og enhetene under den.",
            kind="one",
            known=_known_organisations,
            unknown=gettext_lazy("Finner ingen tilbyder med id «%(value)s»."),
        ),
    )
    tilbydertype: tuple[str, ...] = field(
        default=(),
        metadata=_param(gettext_lazy("Type tilbyder"), "Tilbydertype.", codes=codes.ProviderType),
    )
    diagnose: tuple[str, ...] = field(
        default=(),
        metadata=_param(
            gettext_lazy("Diagnosegruppe"),
            "Diagnosegruppe.",
            codes=codes.DiagnosisGroup,
        ),
    )
    malgruppe: tuple[str, ...] = field(
        default=(),
        metadata=_param(gettext_lazy("Målgruppe"), "Målgruppe.", codes=codes.TargetGroup),
    )

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        """The chosen organisation and every one under it (empty when none is chosen),
        looked up once per filter."""
        if not self.organisasjon:
            return frozenset()
        return frozenset(descendants(self.organisasjon))

    def without_places(self) -> ReportFilter:
        """The same filter for every place (no region, county or municipality); the
        organisation it has looked up already goes with it."""
        other = replace(self, kommune=(), fylke=(), region=())
        if "organisation_ids" in self.__dict__:
            other.__dict__["organisation_ids"] = self.organisation_ids
        return other

    @cached_property
    def row_conditions(self) -> tuple[Q, ...]:
        """The provider and place filters on report rows, looked up once per filter."""
        return row_conditions(self)

    def as_dict(self) -> dict[str, list[str] | str]:
        """The filters in use (not the period), by their Norwegian names, for report output."""
        out: dict[str, list[str] | str] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name in ("fra", "til") or not value:
                continue
            out[spec.name] = list(value) if isinstance(value, tuple) else value
        return out

    def as_query(self) -> dict[str, str | list[str]]:
        """URL parameters that give this filter back through `parse_filter`."""
        query: dict[str, str | list[str]] = {
            "fra": self.fra.isoformat(),
            "til": self.til.isoformat(),
        }
        query.update(self.as_dict())
        return query


PARAMETERS: tuple[Parameter, ...] = tuple(
    Parameter(name=spec.name, **spec.metadata["parameter"]) for spec in fields(ReportFilter)
)


def _values(raw: list[str]) -> list[str]:
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def _parse_date(name: str, raw: str, errors: list[dict]) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors.append(
            {
                "felt": name,
                "melding": _("%(name)s må være en dato som 2026-11-22, ikke «%(value)s».")
                % {"name": name, "value": raw},
            }
        )
        return None


def parse_filter(
    get_list, *, default_period: tuple[date, date] | None = None
) -> tuple[ReportFilter | None, list[dict]]:
    """A filter from parameters (`get_list(name) -> list[str]`), or every problem found.

    Each problem is `{"felt": name, "melding": Norwegian text}`. The values that must
    exist (counties, municipalities, the provider) are looked up once each, and only
    when given.
    """
    errors: list[dict] = []
    values: dict = {}
    for parameter in PARAMETERS:
        name = parameter.name
        if parameter.kind == "date":
            raw = (get_list(name) or [""])[-1].strip()
            if raw:
                parsed = _parse_date(name, raw, errors)
                if parsed is not None:
                    values[name] = parsed
            elif default_period:
                values[name] = default_period[0 if name == "fra" else 1]
            else:
                errors.append(
                    {"felt": name, "melding": _("%(name)s må fylles ut.") % {"name": name}}
                )
            continue
        if parameter.kind == "one":
            raw = (get_list(name) or [""])[-1].strip()
            picked = [raw] if raw else []
        else:
            picked = _values(get_list(name))
        allowed = parameter.allowed(picked) if picked else set()
        for value in picked:
            if value not in allowed:
                message = parameter.unknown or _("Ukjent verdi «%(value)s» for %(name)s.")
                errors.append(
                    {"felt": name, "melding": str(message) % {"value": value, "name": name}}
                )
        kept = tuple(dict.fromkeys(v for v in picked if v in allowed))
        if parameter.kind == "one":
            if kept:
                values[name] = kept[0]
        else:
            values[name] = kept
    if "fra" in values and "til" in values and values["til"] < values["fra"]:
        errors.append({"felt": "til", "melding": _("til kan ikke være før fra.")})
    if errors:
        return None, errors
    return ReportFilter(**values), []


def descendants(external_id: str) -> list[int]:
    """Primary keys of an organisation and every organisation under it."""
    root = Organisation.objects.get(external_id=external_id).pk
    return sorted(Organisation.objects.subtree_ids({root}))


# The region of a run is the region of its offer's responsible organisation (§6),
# taken from its parent or its municipality when the organisation has none of its own.
def region_of(organisation: str = "") -> Coalesce:
    """The region of the organisation at the lookup path `organisation` ("" = itself)."""
    prefix = f"{organisation}__" if organisation else ""
    return Coalesce(
        F(f"{prefix}region_id"),
        F(f"{prefix}parent__region_id"),
        F(f"{prefix}municipality__region_id"),
    )


RUN_REGION = region_of("offer__responsible")
# Where a run takes place; a digital run counts where its organiser is.
RUN_MUNICIPALITY = Coalesce(F("municipality_id"), F("offer__responsible__municipality_id"))


def _offer_has(field: str, values) -> Exists:
    return Exists(
        OfferCode.objects.filter(offer_id=OuterRef("offer_id"), field=field, code__in=values)
    )


# Over more than a month of national data, SQLite reads faster through all runs than
# through its index on `start` (measured: 0.4 s against 1.5 s for a year); its planner
# cannot tell. `+start` is SQLite's documented way to keep a column's index out of a query.
SQLITE_SCAN_AFTER_DAYS = 31


def _filtered(rows: QuerySet, report_filter: ReportFilter) -> QuerySet:
    """`rows` (runs or report rows: both have `offer`, `start` and `municipality`) of
    counted offers, with the report's filters applied."""
    f = report_filter
    rows = rows.filter(countable_q("offer"))
    if f.fagfelt:
        rows = rows.filter(_offer_has(OfferCode.List.FIELDS, f.fagfelt))
    if f.diagnose:
        rows = rows.filter(_offer_has(OfferCode.List.DIAGNOSES, f.diagnose))
    if f.malgruppe:
        rows = rows.filter(
            Q(offer__main_target_group__in=f.malgruppe)
            | _offer_has(OfferCode.List.OTHER_TARGET_GROUPS, f.malgruppe)
        )
    if f.region:
        rows = rows.alias(region=RUN_REGION).filter(region__in=f.region)
    if f.kommune or f.fylke:
        rows = rows.alias(place=RUN_MUNICIPALITY)
        if f.kommune:
            rows = rows.filter(place__in=f.kommune)
        if f.fylke:
            rows = rows.filter(
                place__in=Municipality.objects.filter(county_id__in=f.fylke).values("number")
            )
    if f.tilbydertype:
        rows = rows.filter(offer__responsible__type__in=f.tilbydertype)
    if f.organisasjon:
        rows = rows.filter(offer__responsible_id__in=f.organisation_ids)
    return rows


def counted_runs(report_filter: ReportFilter) -> QuerySet[Run]:
    """Runs in the period that count (§6): not cancelled, offer not a draft, filters applied."""
    f = report_filter
    runs = Run.objects.exclude(status=codes.RunStatus.CANCELLED)
    if connection.vendor == "sqlite" and (f.til - f.fra).days > SQLITE_SCAN_AFTER_DAYS:
        plain = Func(F("start"), template="+%(expressions)s", output_field=DateField())
        runs = runs.alias(plain_start=plain).filter(plain_start__gte=f.fra, plain_start__lte=f.til)
    else:
        runs = runs.filter(start__gte=f.fra, start__lte=f.til)
    return _filtered(runs, f)


def _organisation_places() -> dict[int, tuple[str | None, str | None, str]]:
    """Every organisation's (region, municipality, type): a few thousand rows."""
    return {
        pk: (region, municipality, kind)
        for pk, region, municipality, kind in Organisation.objects.annotate(
            region_code=region_of()
        ).values_list("pk", "region_code", "municipality_id", "type")
    }


def counted_rows(report_filter: ReportFilter) -> QuerySet[ReportRun]:
    """The report rows (ADR 0007) of the runs `counted_runs` gives: the same rule, read
    from one range of the rows' covering index on `start` without the runs or offers.

    Filters on the provider (region, type, organisation, the place of a digital run) are
    resolved once per filter over the organisations into sets of ids (`row_conditions`);
    filters on the offer's codes are one subquery each."""
    f = report_filter
    rows = ReportRun.objects.filter(start__gte=f.fra, start__lte=f.til, counted=True)
    if f.fagfelt:
        rows = rows.filter(offer_id__in=_offers_with(OfferCode.List.FIELDS, f.fagfelt))
    if f.diagnose:
        rows = rows.filter(offer_id__in=_offers_with(OfferCode.List.DIAGNOSES, f.diagnose))
    if f.malgruppe:
        rows = rows.filter(
            offer_id__in=Offer.objects.filter(
                Q(main_target_group__in=f.malgruppe)
                | Q(pk__in=_offers_with(OfferCode.List.OTHER_TARGET_GROUPS, f.malgruppe))
            ).values("pk")
        )
    for condition in f.row_conditions:
        rows = rows.filter(condition)
    return rows


def row_conditions(f: ReportFilter) -> tuple[Q, ...]:
    """The provider and place filters as conditions on report rows (ids, no joins)."""
    conditions = []
    if f.organisasjon:
        conditions.append(Q(responsible_id__in=f.organisation_ids))
    if not (f.region or f.tilbydertype or f.kommune or f.fylke):
        return tuple(conditions)
    organisations = _organisation_places()
    if f.region or f.tilbydertype:
        conditions.append(
            Q(
                responsible_id__in=[
                    pk
                    for pk, (region, _m, kind) in organisations.items()
                    if (not f.region or region in f.region)
                    and (not f.tilbydertype or kind in f.tilbydertype)
                ]
            )
        )
    if f.kommune or f.fylke:
        places = set(f.kommune) if f.kommune else None
        if f.fylke:
            in_counties = set(
                Municipality.objects.filter(county_id__in=f.fylke).values_list("number", flat=True)
            )
            places = in_counties if places is None else places & in_counties
        # Where a run takes place; a digital run counts where its organiser is.
        assert places is not None  # kommune or fylke narrowed it  # noqa: S101
        held_by = [pk for pk, (_r, place, _k) in organisations.items() if place in places]
        conditions.append(
            Q(municipality_id__in=places)
            | Q(municipality_id__isnull=True, responsible_id__in=held_by)
        )
    return tuple(conditions)


def _offers_with(field: str, values) -> QuerySet:
    return OfferCode.objects.filter(field=field, code__in=values).values("offer_id")
