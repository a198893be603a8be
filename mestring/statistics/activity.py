"""Activity statistics: runs, sessions and participants by category, over time and place.

Runs count in the period in which they start (§6), with their sessions and attendance.
Participants are attendances summed over sessions, not distinct persons: nobody is
identified anywhere. Relatives and children as next of kin get columns of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import Organisation
from mestring.refdata.models import County, HealthTrust, Municipality

from .filters import ReportFilter, counted_rows, region_of
from .per_run import grouped_rows, row_totals
from .tables import Column, Report, Row, Table, per_100k

PARTICIPANTS = ("pasienter", "parorende", "barn_som_parorende", "andre_deltakere")
OTHERS = ("brukerrepresentanter", "fagpersoner")
QUARTERS = {1: 1, 4: 2, 7: 3, 10: 4}


def period_label(start: date, step: str) -> str:
    if step == "ar":
        return str(start.year)
    if step == "kvartal":
        return f"{start.year} K{QUARTERS[start.month]}"
    return f"{start.year}-{start.month:02d}"


def category_labels() -> dict[str, str]:
    return {
        "pasienter": _("Pasienter"),
        "parorende": _("Pårørende"),
        "barn_som_parorende": _("Barn som pårørende"),
        "andre_deltakere": _("Andre deltakere"),
        "deltakere": _("Deltakere i alt"),
        "brukerrepresentanter": _("Brukerrepresentanter"),
        "fagpersoner": _("Fagpersoner"),
    }


def _columns(*, rate: bool) -> tuple[Column, ...]:
    labels = category_labels()
    columns = [
        Column("gjennomforinger", _("Gjennomføringer")),
        Column("samlinger", _("Samlinger")),
        *(Column(key, labels[key], is_person_count=True) for key in PARTICIPANTS),
        Column("deltakere", labels["deltakere"], is_person_count=True, total_of=PARTICIPANTS),
        *(Column(key, labels[key], is_person_count=True) for key in OTHERS),
    ]
    if rate:
        columns.append(
            Column("per_100000", _("Deltakere per 100 000 innbyggere"), rate_of="deltakere")
        )
    return tuple(columns)


def period_start(year: int, month: int, step: str) -> date:
    """The first day of the period (`step`) that the month `year`-`month` is in."""
    if step == "ar":
        return date(year, 1, 1)
    if step == "kvartal":
        return date(year, month - (month - 1) % 3, 1)
    return date(year, month, 1)


class Cube:
    """Counts per (period start, place municipality, responsible organisation).

    The database adds the report rows up per (month, place, organisation) in one query;
    the periods, places and organisations are then folded here.
    """

    KEYS = ("gjennomforinger", "samlinger", *PARTICIPANTS, *OTHERS)

    def __init__(self, report_filter: ReportFilter, step: str, located: Mapping[int, str | None]):
        """`located`: each organisation's municipality, where its digital runs count."""
        dims = {"year": None, "month": None, "municipality_id": None, "responsible_id": None}
        width = len(self.KEYS)
        self.cells: dict[tuple, list[int]] = {}
        for year, month, municipality, responsible, *numbers in grouped_rows(
            counted_rows(report_filter), dims, row_totals()
        ):
            place = municipality or located.get(responsible)
            key = (period_start(year, month, step), place, responsible)
            cell = self.cells.get(key)
            if cell is None:
                cell = self.cells[key] = [0] * width
            for i, value in enumerate(numbers):
                if value:
                    cell[i] += value

    def folded(self) -> tuple[dict, dict, dict]:
        """Counts by period, by place and by responsible organisation, in one pass."""
        width = len(self.KEYS)
        folds: tuple[dict, dict, dict] = ({}, {}, {})
        for key, cell in self.cells.items():
            for fold, target in zip(folds, key, strict=True):
                into = fold.get(target)
                if into is None:
                    fold[target] = list(cell)
                else:
                    for i in range(width):
                        into[i] += cell[i]
        return folds

    @classmethod
    def regroup(cls, counts: dict, group) -> dict[Any, dict[str, int]]:
        """`counts` (key → list of counts) added up by `group(key)`; None groups dropped."""
        out: dict[Any, list[int]] = {}
        for key, cell in counts.items():
            target = group(key)
            if target is None:
                continue
            into = out.setdefault(target, [0] * len(cls.KEYS))
            for i, value in enumerate(cell):
                into[i] += value
        return {target: dict(zip(cls.KEYS, cell, strict=True)) for target, cell in out.items()}


def _values(counts: dict[str, int], population: int | None, rate: bool) -> dict:
    participants = sum(counts[key] for key in PARTICIPANTS)
    values: dict[str, float | None] = {**counts, "deltakere": participants}
    if rate:
        values["per_100000"] = per_100k(participants, population)
    return values


def _wide(
    table_id: str,
    title: str,
    groups: dict,
    order: list[tuple[object, str, str]],
    *,
    populations: dict | None = None,
    footnotes: tuple[str, ...] = (),
) -> Table:
    rate = populations is not None
    empty = dict.fromkeys(Cube.KEYS, 0)
    rows = [
        Row(
            code=code,
            label=label,
            count=None,
            values=_values(groups.get(key, empty), (populations or {}).get(key), rate),
        )
        for key, code, label in order
    ]
    total = {name: sum(groups.get(key, empty)[name] for key, _c, _l in order) for name in Cube.KEYS}
    population = sum((populations or {}).get(key) or 0 for key, _c, _l in order) if rate else None
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=None,
            values=_values(total, population, rate),
            is_total=True,
        )
    )
    return Table(
        id=table_id,
        title=title,
        n=total["gjennomforinger"],
        rows=tuple(rows),
        unit=_("gjennomføringer"),
        columns=_columns(rate=rate),
        footnotes=footnotes,
    )


def _by_category(groups_total: dict[str, int]) -> Table:
    labels = category_labels()
    rows = [Row(code=key, label=labels[key], count=groups_total[key]) for key in PARTICIPANTS]
    rows.append(
        Row(
            code="deltakere",
            label=labels["deltakere"],
            count=sum(groups_total[key] for key in PARTICIPANTS),
            is_total=True,
        )
    )
    return Table(
        id="deltakere_kategori",
        title=_("Deltakere etter kategori"),
        n=None,
        rows=tuple(rows),
        unit=_("deltakelser"),
        person_counts=True,
        footnotes=(
            _(
                "Deltakelser summert over samlinger, ikke ulike personer. Barn som pårørende "
                "og pårørende vises hver for seg fordi de sjelden blir dokumentert."
            ),
        ),
    )


def activity(report_filter: ReportFilter, *, step: str = "maned") -> Report:
    """The activity report; `step` is maned, kvartal or ar for the time table."""
    organisations = {
        pk: (region, name, external_id, municipality)
        for pk, region, name, external_id, municipality in Organisation.objects.annotate(
            region_code=region_of()
        ).values_list("pk", "region_code", "name", "external_id", "municipality_id")
    }
    located = {pk: found[3] for pk, found in organisations.items()}
    by_period_cells, by_place_cells, by_org_cells = Cube(report_filter, step, located).folded()
    municipalities = {
        m.number: m for m in Municipality.objects.select_related("county", "health_trust")
    }
    by_period = Cube.regroup(by_period_cells, lambda period: period)
    grand = {name: sum(c[name] for c in by_period.values()) for name in Cube.KEYS}
    tables = [_by_category(grand)]
    periods = sorted(by_period)
    tables.append(
        _wide(
            "aktivitet_periode",
            _("Aktivitet per periode"),
            by_period,
            [(p, p.isoformat(), period_label(p, step)) for p in periods],
            footnotes=(
                _("Gjennomføringer og deltakelse regnes i perioden gjennomføringen starter."),
            ),
        )
    )
    regions = Cube.regroup(
        by_org_cells, lambda org: organisations[org][0] if org in organisations else None
    )
    region_population: dict[str, int] = defaultdict(int)
    county_population: dict[str, int] = defaultdict(int)
    trust_population: dict[str, int] = defaultdict(int)
    for m in municipalities.values():
        if m.valid_to is None:
            region_population[m.region_id] += m.population
            county_population[m.county_id] += m.population
            if m.health_trust_id:
                trust_population[m.health_trust_id] += m.population
    tables.append(
        _wide(
            "aktivitet_region",
            _("Aktivitet per helseregion"),
            regions,
            [(code, code, str(label)) for code, label in codes.RegionCode.choices],
            populations=region_population,
            footnotes=(_("Helseregionen til den ansvarlige tilbyderen."),),
        )
    )
    counties = Cube.regroup(
        by_place_cells,
        lambda place: municipalities[place].county_id if place in municipalities else None,
    )
    tables.append(
        _wide(
            "aktivitet_fylke",
            _("Aktivitet per fylke"),
            counties,
            [(c.number, c.number, c.name) for c in County.objects.filter(valid_to__isnull=True)],
            populations=county_population,
            footnotes=(
                _("Fylket der gjennomføringen holdes, eller tilbyderens fylke når den er digital."),
            ),
        )
    )
    trusts = Cube.regroup(
        by_place_cells,
        lambda place: municipalities[place].health_trust_id if place in municipalities else None,
    )
    tables.append(
        _wide(
            "aktivitet_opptaksomrade",
            _("Aktivitet per opptaksområde"),
            trusts,
            [
                (t.orgnr, t.orgnr, t.short_name)
                for t in HealthTrust.objects.filter(has_catchment=True).order_by("short_name")
            ],
            populations=trust_population,
            footnotes=(
                _(
                    "Helseforetakets opptaksområde etter kommunen gjennomføringen holdes i. "
                    "Oslo er delt mellom flere opptaksområder etter bydel og er ikke med her."
                ),
            ),
        )
    )
    places = Cube.regroup(by_place_cells, lambda place: place)
    active = [m for m in municipalities.values() if m.valid_to is None]
    tables.append(
        _wide(
            "aktivitet_kommune",
            _("Aktivitet per kommune"),
            places,
            [(m.number, m.number, m.name) for m in sorted(active, key=lambda m: m.number)],
            populations={m.number: m.population for m in active},
        )
    )
    by_org = Cube.regroup(by_org_cells, lambda org: org)
    tables.append(
        _wide(
            "aktivitet_tilbyder",
            _("Aktivitet per ansvarlig tilbyder"),
            by_org,
            sorted(
                ((pk, organisations[pk][2], organisations[pk][1]) for pk in by_org),
                key=lambda o: o[2],
            ),
        )
    )
    return Report(
        id="aktivitet",
        title=_("Aktivitet"),
        period=(report_filter.fra.isoformat(), report_filter.til.isoformat()),
        filter={**report_filter.as_dict(), **({"inndeling": step} if step != "maned" else {})},
        tables=tuple(tables),
    )
