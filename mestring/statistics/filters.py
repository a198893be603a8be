"""What a report covers: a period and optional filters, parsed from a URL or the CLI.

Multi-valued filters accept repeated parameters (`fagfelt=rus&fagfelt=psykisk_helse`)
and comma-separated values (`--fagfelt rus,psykisk_helse`) alike.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import cached_property

from django.db import connection
from django.db.models import DateField, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from mestring.activity.models import ReportRun
from mestring.catalogue import codes
from mestring.catalogue.models import OfferCode, Organisation, Run
from mestring.refdata.models import County, Municipality

COUNTED_OFFER_STATUSES = (codes.OfferStatus.PUBLISHED, codes.OfferStatus.ARCHIVED)


@dataclass(frozen=True)
class ReportFilter:
    fra: date
    til: date
    fagfelt: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    fylke: tuple[str, ...] = ()
    kommune: tuple[str, ...] = ()
    organisasjon: str | None = None
    tilbydertype: tuple[str, ...] = ()
    diagnose: tuple[str, ...] = ()
    malgruppe: tuple[str, ...] = ()

    @cached_property
    def organisation_ids(self) -> frozenset[int]:
        """The chosen organisation and every one under it (empty when none is chosen),
        looked up once per filter."""
        if not self.organisasjon:
            return frozenset()
        return frozenset(descendants(self.organisasjon))

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


def _choices() -> dict[str, set[str]]:
    return {
        "fagfelt": set(codes.Field.values),
        "region": set(codes.RegionCode.values),
        "tilbydertype": set(codes.ProviderType.values),
        "diagnose": set(codes.DiagnosisGroup.values),
        "malgruppe": set(codes.TargetGroup.values),
        "fylke": set(County.objects.values_list("number", flat=True)),
        "kommune": set(Municipality.objects.values_list("number", flat=True)),
    }


def _values(raw: list[str]) -> list[str]:
    return [part.strip() for value in raw for part in value.split(",") if part.strip()]


def parse_filter(
    get_list, *, default_period: tuple[date, date] | None = None
) -> tuple[ReportFilter | None, list[dict]]:
    """A filter from parameters (`get_list(name) -> list[str]`), or every problem found.

    Each problem is `{"felt": name, "melding": Norwegian text}`.
    """
    errors: list[dict] = []
    values: dict = {}
    for name in ("fra", "til"):
        raw = (get_list(name) or [""])[-1].strip()
        if not raw:
            if default_period:
                values[name] = default_period[0 if name == "fra" else 1]
                continue
            errors.append({"felt": name, "melding": _("%(name)s må fylles ut.") % {"name": name}})
            continue
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            errors.append(
                {
                    "felt": name,
                    "melding": _("%(name)s må være en dato som 2026-11-22, ikke «%(value)s».")
                    % {"name": name, "value": raw},
                }
            )
    if "fra" in values and "til" in values and values["til"] < values["fra"]:
        errors.append({"felt": "til", "melding": _("til kan ikke være før fra.")})
    for name, allowed in _choices().items():
        picked = _values(get_list(name))
        for value in picked:
            if value not in allowed:
                errors.append(
                    {
                        "felt": name,
                        "melding": _("Ukjent verdi «%(value)s» for %(name)s.")
                        % {"value": value, "name": name},
                    }
                )
        values[name] = tuple(dict.fromkeys(v for v in picked if v in allowed))
    organisation = (get_list("organisasjon") or [""])[-1].strip()
    if organisation:
        if Organisation.objects.filter(external_id=organisation).exists():
            values["organisasjon"] = organisation
        else:
            errors.append(
                {
                    "felt": "organisasjon",
                    "melding": _("Finner ingen tilbyder med id «%(value)s».")
                    % {"value": organisation},
                }
            )
    if errors:
        return None, errors
    return ReportFilter(**values), []


def descendants(external_id: str) -> list[int]:
    """Primary keys of an organisation and every organisation under it."""
    from mestring.accounts.permissions import subtree

    root = Organisation.objects.get(external_id=external_id).pk
    return sorted(subtree({root}))


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
    rows = rows.filter(offer__status__in=COUNTED_OFFER_STATUSES)
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


def counted_rows(report_filter: ReportFilter) -> QuerySet[ReportRun]:
    """The report rows (ADR 0007) of the runs `counted_runs` gives: the same rule, read
    from one range of the rows' covering index on `start` instead of the runs table."""
    f = report_filter
    rows = ReportRun.objects.filter(start__gte=f.fra, start__lte=f.til, cancelled=False)
    return _filtered(rows, f)
