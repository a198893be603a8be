"""The report `brukermedvirkning`: Standard metode and user participation.

Standard metode (Skjema 3) means users take part in planning, delivery and evaluation of
an offer. The service-level answers are the offer's; a run counts with its offer's
answers, like the survey (kartlegging.py). Only user representatives at sessions
(attendance) are person counts, and only that column is suppressed in public outputs.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count
from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import Organisation

from .filters import ReportFilter, counted_rows, region_of
from .per_run import attendance_aggregates, grouped_query
from .tables import Column, Report, Row, Table, share

QUESTIONS = ("planlegging", "gjennomforing", "evaluering")
# System-level participation, in the order of the core dataset's code list.
REPRESENTATIVES = ("med_organisasjon", "uten_organisasjon", "lms_ansatt")
UNKNOWN_REGION = "ukjent"
TOTAL = "samlet"
# Norwegian alphabetical order: æ, ø, å come after z (and in that order).
_NORWEGIAN = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def norwegian_key(name: str) -> str:
    """Sort key for names in Norwegian alphabetical order."""
    return name.casefold().translate(_NORWEGIAN)


def standard_method(answers: tuple[bool | None, ...]) -> bool | None:
    """Users in planning, delivery and evaluation; None unless all three are answered."""
    return None if None in answers else all(answers)


def organisation_names(entries, names_by_id: dict[str, str]) -> set[str]:
    """The user organisations an offer names, trimmed, an organisation id read as its name.

    Empty entries are left out; an organisation named twice counts once.
    """
    found = set()
    for entry in entries or ():
        if not isinstance(entry, str) or not entry.strip():
            continue
        name = entry.strip()
        found.add(names_by_id.get(name, name))
    return found


@dataclass
class Answers:
    """The counted runs by what their offers answer, added up in the database.

    `standard`: responsible organisation → runs by Standard metode (True, False, None);
    `by_year`: start year → runs by the three answers, for offers answering all three;
    `affiliation`: responsible organisation → offers by user representative;
    `user_organisations`: (the names an offer gives, its runs) for offers naming any;
    `attendance`: start year → (runs with attendance, runs with user representatives,
    the user representatives' attendances).
    """

    standard: dict[int, Counter]
    by_year: dict[int, Counter]
    affiliation: dict[int, Counter]
    user_organisations: list[tuple[list, int]]
    attendance: dict[int, tuple[int, int, int]]


def _flag(column: str) -> str:
    return f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} THEN 1 ELSE 0 END"


_STANDARD = (
    "CASE WHEN o.users_in_planning IS NULL OR o.users_in_delivery IS NULL "
    "OR o.users_in_evaluation IS NULL THEN NULL WHEN o.users_in_planning "
    "AND o.users_in_delivery AND o.users_in_evaluation THEN 1 ELSE 0 END"
)
_NAMES = "CAST(o.user_organisations AS text)"


def _answers_sql(counted: str) -> str:
    """One statement over one read of the year's report rows: rows of (kind, text,
    responsible or year, a, b, c, number)."""
    return (
        "WITH c AS MATERIALIZED (SELECT o.id, p.year, p.n, p.with_attendance AS wa, "  # noqa: S608
        "p.with_representatives AS wr, p.representatives AS r, "
        "o.responsible_id AS responsible, o.user_representative AS rep, "
        f"{_STANDARD} AS standard, {_NAMES} AS names, "
        f"{_flag('o.users_in_planning')} AS a, {_flag('o.users_in_delivery')} AS b, "
        f"{_flag('o.users_in_evaluation')} AS e "
        f"FROM ({counted}) AS p JOIN catalogue_offer AS o ON o.id = p.offer_id) "
        "SELECT 'standard', CAST(NULL AS text), c.responsible, c.standard, "
        "CAST(NULL AS integer), CAST(NULL AS integer), SUM(c.n) FROM c "
        "GROUP BY c.responsible, c.standard "
        "UNION ALL SELECT 'year', NULL, c.year, c.a, c.b, c.e, SUM(c.n) FROM c "
        "WHERE c.standard IS NOT NULL GROUP BY c.year, c.a, c.b, c.e "
        "UNION ALL SELECT 'affiliation', c.rep, c.responsible, NULL, NULL, NULL, "
        "COUNT(DISTINCT c.id) FROM c GROUP BY c.rep, c.responsible "
        "UNION ALL SELECT 'names', c.names, c.id, NULL, NULL, NULL, SUM(c.n) FROM c "
        "WHERE c.names IS NOT NULL AND c.names NOT IN ('[]', 'null') GROUP BY c.id, c.names "
        "UNION ALL SELECT 'attendance', NULL, c.year, SUM(c.wa), SUM(c.wr), SUM(c.r), NULL "
        "FROM c GROUP BY c.year"
    )


def _answers(report_filter: ReportFilter) -> Answers:
    standard: dict[int, Counter] = defaultdict(Counter)
    by_year: dict[int, Counter] = defaultdict(Counter)
    affiliation: dict[int, Counter] = defaultdict(Counter)
    named: list[tuple[list, int]] = []
    attendance: dict[int, tuple[int, int, int]] = {}
    query = grouped_query(
        counted_rows(report_filter),
        {"offer_id": None, "year": None},
        {"n": Count("*"), **attendance_aggregates()},
    )
    if query is None:
        return Answers(standard, by_year, affiliation, named, attendance)
    counted, params = query
    with connection.cursor() as cursor:
        cursor.execute(_answers_sql(counted), params)
        for kind, text, key, a, b, e, n in cursor.fetchall():
            if kind == "standard":
                standard[key][None if a is None else bool(a)] += int(n)
            elif kind == "year":
                by_year[int(key)][(bool(a), bool(b), bool(e))] += int(n)
            elif kind == "affiliation":
                affiliation[key][text] += int(n)
            elif kind == "names":
                named.append((json.loads(text), int(n)))
            else:
                attendance[int(key)] = (int(a or 0), int(b or 0), int(e or 0))
    return Answers(standard, by_year, affiliation, named, attendance)


def _regions(*, unknown: bool = False) -> list[tuple[str, str]]:
    """The health regions in code-list order; "ukjent" last when some runs have none."""
    regions = [(code, str(label)) for code, label in codes.RegionCode.choices]
    return [*regions, (UNKNOWN_REGION, _("Ukjent region"))] if unknown else regions


def _total_row(values: dict) -> Row:
    return Row(code=TOTAL, label=_("Samlet"), count=None, values=values, is_total=True)


def _standard_values(answered: int, following: int) -> dict[str, int | None]:
    return {
        "gjennomforinger": answered,
        "standard_metode": following,
        "andel": share(following, answered),
    }


def _standard_columns() -> tuple[Column, ...]:
    return (
        Column("gjennomforinger", _("Gjennomføringer med svar")),
        Column("standard_metode", _("Følger Standard metode")),
        Column("andel", _("Andel (%)")),
    )


def _standard_footnote() -> str:
    return _(
        "Standard metode: brukere er med i planlegging, gjennomføring og evaluering. Bare "
        "gjennomføringer der tilbudet har svar på alle tre spørsmålene er med."
    )


def _standard_table(
    table_id: str, title: str, standard: dict[int, Counter], key_of: dict[int, str], order
) -> Table:
    """Runs following Standard metode per group (`key_of`: organisation → row code)."""
    answered: Counter = Counter()
    following: Counter = Counter()
    for responsible, runs in standard.items():
        key = key_of[responsible]
        answered[key] += runs[True] + runs[False]
        following[key] += runs[True]
    rows = [
        Row(code=c, label=label, count=None, values=_standard_values(answered[c], following[c]))
        for c, label in order
    ]
    total = sum(answered.values())
    rows.append(_total_row(_standard_values(total, sum(following.values()))))
    return Table(
        id=table_id,
        title=title,
        n=total,
        rows=tuple(rows),
        unit=_("gjennomføringer"),
        columns=_standard_columns(),
        footnotes=(_standard_footnote(),),
    )


def standard_by_region(standard: dict[int, Counter], regions: dict[int, str | None]) -> Table:
    key_of = {pk: regions.get(pk) or UNKNOWN_REGION for pk in standard}
    unknown = any(
        regions.get(pk) is None and (runs[True] or runs[False]) for pk, runs in standard.items()
    )
    return _standard_table(
        "standard_metode_region",
        _("Gjennomføringer som følger Standard metode, per helseregion"),
        standard,
        key_of,
        _regions(unknown=unknown),
    )


def standard_by_provider(standard: dict[int, Counter], organisations: dict[int, tuple]) -> Table:
    """Every responsible organisation with counted runs, sorted by name."""
    key_of = {pk: organisations[pk][0] for pk in standard}
    providers = {organisations[pk] for pk in standard}
    order = [(ext, name) for ext, name in sorted(providers, key=lambda p: norwegian_key(p[1]))]
    return _standard_table(
        "standard_metode_tilbyder",
        _("Gjennomføringer som følger Standard metode, per ansvarlig tilbyder"),
        standard,
        key_of,
        order,
    )


def _years(report_filter: ReportFilter) -> list[int]:
    return list(range(report_filter.fra.year, report_filter.til.year + 1))


def service_level_by_year(by_year: dict[int, Counter], years: list[int]) -> Table:
    """Per start year: shares of answered runs with users in planning, delivery, evaluation."""
    answered: Counter = Counter()
    yes: dict[str, Counter] = {question: Counter() for question in QUESTIONS}
    for year, runs in by_year.items():
        for answers, n in runs.items():
            answered[year] += n
            for question, answer in zip(QUESTIONS, answers, strict=True):
                yes[question][year] += n if answer else 0

    def values(n: int, counts: dict[str, int]) -> dict[str, int | None]:
        return {**{q: share(counts[q], n) for q in QUESTIONS}, "besvart": n}

    rows = [
        Row(
            str(year),
            str(year),
            None,
            values=values(answered[year], {q: yes[q][year] for q in QUESTIONS}),
        )
        for year in years
    ]
    total = sum(answered.values())
    rows.append(_total_row(values(total, {q: sum(yes[q].values()) for q in QUESTIONS})))
    return Table(
        id="brukermedvirkning_tjeneste",
        title=_("Brukermedvirkning på tjenestenivå per år"),
        n=total,
        rows=tuple(rows),
        unit=_("gjennomføringer"),
        columns=(
            Column("planlegging", _("Brukere med i planlegging (%)")),
            Column("gjennomforing", _("Brukere med i gjennomføring (%)")),
            Column("evaluering", _("Brukere med i evaluering (%)")),
            Column("besvart", _("Gjennomføringer med svar")),
        ),
        footnotes=(
            _(
                "Året gjennomføringen starter. Andelene regnes av gjennomføringene der "
                "tilbudet har svar på alle tre spørsmålene om brukermedvirkning."
            ),
        ),
    )


def representatives_by_year(attendance: dict[int, tuple[int, int, int]], years: list[int]) -> Table:
    """Runs with registered attendance and how many had user representatives taking part."""

    def values(runs: int, with_rep: int, reps: int) -> dict[str, int | None]:
        return {
            "med_oppmote": runs,
            "med_brukerrepresentant": with_rep,
            "andel": share(with_rep, runs),
            "brukerrepresentanter": reps,
        }

    rows = [Row(str(y), str(y), None, values=values(*attendance.get(y, (0, 0, 0)))) for y in years]
    totals = [sum(a[i] for y, a in attendance.items() if y in years) for i in range(3)]
    rows.append(_total_row(values(*totals)))
    return Table(
        id="brukerrepresentanter_gjennomforing",
        title=_("Brukerrepresentanter med i gjennomføringen per år"),
        n=totals[0],
        rows=tuple(rows),
        unit=_("gjennomføringer"),
        columns=(
            Column("med_oppmote", _("Gjennomføringer med registrert oppmøte")),
            Column("med_brukerrepresentant", _("Med brukerrepresentant")),
            Column("andel", _("Andel (%)")),
            Column(
                "brukerrepresentanter", _("Oppmøter av brukerrepresentanter"), is_person_count=True
            ),
        ),
        footnotes=(
            _(
                "En gjennomføring har brukerrepresentant når minst én registrering av oppmøte "
                "har brukerrepresentanter. Oppmøter er summert over samlinger, ikke ulike personer."
            ),
        ),
    )


def user_organisations(named: list[tuple[list, int]], names_by_id: dict[str, str]) -> Table:
    """The user organisations named on counted offers, most offers first (`named`: the
    entries of each offer and its runs)."""
    offers: Counter = Counter()
    runs: Counter = Counter()
    naming = 0
    for entries, run_count in named:
        names = organisation_names(entries, names_by_id)
        naming += bool(names)
        for name in names:
            offers[name] += 1
            runs[name] += run_count
    order = sorted(offers, key=lambda name: (-offers[name], -runs[name], norwegian_key(name)))
    rows = tuple(
        Row(name, name, None, values={"tilbud": offers[name], "gjennomforinger": runs[name]})
        for name in order
    )
    return Table(
        id="brukerorganisasjoner",
        title=_("Brukerorganisasjoner som samarbeider om tilbudene"),
        n=naming,
        rows=rows,
        unit=_("tilbud"),
        columns=(
            Column("tilbud", _("Tilbud")),
            Column("gjennomforinger", _("Gjennomføringer")),
        ),
        footnotes=(
            _(
                "Navnene slik tilbyderne har skrevet dem; er en tilbyders id oppgitt, vises "
                "navnet. n er antall tilbud som nevner minst én brukerorganisasjon."
            ),
        ),
    )


def representative_affiliation(
    affiliation: dict[int, Counter], regions: dict[int, str | None]
) -> Table:
    """Per region the counted offers by the user representative's affiliation.

    This is who represents the users in an offer (core dataset field brukerrepresentant),
    not user participation at system level (user councils, service planning), which the
    core dataset has no field for yet.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for responsible, offers in affiliation.items():
        for representative, n in offers.items():
            if representative in REPRESENTATIVES:
                counts[regions.get(responsible) or UNKNOWN_REGION][representative] += n
    order = _regions(unknown=UNKNOWN_REGION in counts)

    def values(counter: Counter) -> dict[str, int | None]:
        n = sum(counter[key] for key in REPRESENTATIVES)
        out: dict[str, int | None] = {key: counter[key] for key in REPRESENTATIVES}
        out["tilbud"] = n
        out.update({f"andel_{key}": share(counter[key], n) for key in REPRESENTATIVES})
        return out

    rows = [Row(code, label, None, values=values(counts[code])) for code, label in order]
    total = sum(counts.values(), Counter())
    rows.append(_total_row(values(total)))
    labels = dict(codes.UserRepresentative.choices)
    short = {
        "med_organisasjon": _("Med brukerorganisasjon"),
        "uten_organisasjon": _("Uten brukerorganisasjon"),
        "lms_ansatt": _("LMS-ansatt"),
    }
    columns = [Column(key, str(labels[key])) for key in REPRESENTATIVES]
    columns.append(Column("tilbud", _("Tilbud med svar")))
    columns += [Column(f"andel_{key}", f"{short[key]} (%)") for key in REPRESENTATIVES]
    return Table(
        id="brukerrepresentant_tilknytning",
        title=_("Brukerrepresentantenes tilknytning per helseregion"),
        n=sum(total.values()),
        rows=tuple(rows),
        unit=_("tilbud"),
        columns=tuple(columns),
        footnotes=(
            _(
                "Hvem brukerrepresentanten i tilbudet er: fra en pasient- og "
                "brukerorganisasjon, uten organisasjon eller ansatt ved LMS. Dette er ikke "
                "brukermedvirkning på systemnivå (brukerråd, planlegging av tjenester); "
                "kjernedatasettet har ikke noe felt for det ennå."
            ),
            _(
                "Tilbud med gjennomføringer i perioden. «Ingen brukerrepresentant» og manglende "
                "svar er ikke med."
            ),
        ),
    )


def participation(report_filter: ReportFilter) -> Report:
    """Standard metode per region and provider, and user participation at every level."""
    answers = _answers(report_filter)
    organisations, regions = {}, {}
    for pk, external_id, name, region in Organisation.objects.annotate(
        region_code=region_of()
    ).values_list("pk", "external_id", "name", "region_code"):
        organisations[pk] = (external_id, name)
        regions[pk] = region
    names_by_id = dict(organisations.values())
    years = _years(report_filter)
    tables = (
        standard_by_region(answers.standard, regions),
        standard_by_provider(answers.standard, organisations),
        service_level_by_year(answers.by_year, years),
        representatives_by_year(answers.attendance, years),
        user_organisations(answers.user_organisations, names_by_id),
        representative_affiliation(answers.affiliation, regions),
    )
    return Report(
        id="brukermedvirkning",
        title=_("Brukermedvirkning og Standard metode"),
        period=(report_filter.fra.isoformat(), report_filter.til.isoformat()),
        filter=report_filter.as_dict(),
        tables=tables,
    )
