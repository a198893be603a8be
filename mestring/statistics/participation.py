"""The report `brukermedvirkning`: Standard metode and user participation.

Standard metode (Skjema 3) means users take part in planning, delivery and evaluation of
an offer. The service-level answers are the offer's; a run counts with its offer's
answers, like the survey (kartlegging.py). Only user representatives at sessions
(attendance) are person counts, and only that column is suppressed in public outputs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Organisation

from .filters import ReportFilter, counted_rows, region_of
from .per_run import attendance_rows
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
class OfferFacts:
    """What the tables need of a counted offer; `runs` counts its runs per start year."""

    answers: tuple[bool | None, bool | None, bool | None]
    user_representative: str
    user_organisations: list
    responsible_id: int
    region: str | None
    runs: Counter

    @property
    def run_count(self) -> int:
        return sum(self.runs.values())

    @property
    def standard(self) -> bool | None:
        return standard_method(self.answers)


def _offer_facts(report_filter: ReportFilter) -> list[OfferFacts]:
    per_offer: dict[int, Counter] = defaultdict(Counter)
    grouped = (
        counted_rows(report_filter)
        .order_by()
        .values("offer_id", "year")
        .annotate(n=Count("pk"))
        .values_list("offer_id", "year", "n")
    )
    for offer_id, year, n in grouped:
        per_offer[offer_id][year] += n
    # All offers in one plain scan, as in kartlegging.py; the counted ones are picked here.
    offers = (
        Offer.objects.annotate(region=region_of("responsible"))
        .values_list(
            "pk",
            "users_in_planning",
            "users_in_delivery",
            "users_in_evaluation",
            "user_representative",
            "user_organisations",
            "responsible_id",
            "region",
        )
        .order_by()
    )
    return [
        OfferFacts((plan, deliver, evaluate), rep, orgs, resp, region, per_offer[pk])
        for pk, plan, deliver, evaluate, rep, orgs, resp, region in offers
        if pk in per_offer
    ]


def _attendance_by_year(report_filter: ReportFilter) -> dict[int, tuple[int, int, int]]:
    """Per start year: runs with attendance, runs with a user representative, their sum."""
    rows = attendance_rows(counted_rows(report_filter), {"year": None})
    return {int(year): (runs or 0, with_rep or 0, reps or 0) for year, runs, with_rep, reps in rows}


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
    table_id: str, title: str, facts: list[OfferFacts], keys: dict[int, str], order
) -> Table:
    """Runs following Standard metode per group (`keys`: offer index → row code)."""
    answered: Counter = Counter()
    following: Counter = Counter()
    for index, offer in enumerate(facts):
        if offer.standard is None:
            continue
        answered[keys[index]] += offer.run_count
        following[keys[index]] += offer.run_count if offer.standard else 0
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


def standard_by_region(facts: list[OfferFacts]) -> Table:
    keys = {i: offer.region or UNKNOWN_REGION for i, offer in enumerate(facts)}
    unknown = any(o.region is None and o.standard is not None for o in facts)
    return _standard_table(
        "standard_metode_region",
        _("Gjennomføringer som følger Standard metode, per helseregion"),
        facts,
        keys,
        _regions(unknown=unknown),
    )


def standard_by_provider(facts: list[OfferFacts], organisations: dict[int, tuple]) -> Table:
    """Every responsible organisation with counted runs, sorted by name."""
    keys = {i: organisations[offer.responsible_id][0] for i, offer in enumerate(facts)}
    providers = {organisations[offer.responsible_id] for offer in facts}
    order = [(ext, name) for ext, name in sorted(providers, key=lambda p: norwegian_key(p[1]))]
    return _standard_table(
        "standard_metode_tilbyder",
        _("Gjennomføringer som følger Standard metode, per ansvarlig tilbyder"),
        facts,
        keys,
        order,
    )


def _years(report_filter: ReportFilter) -> list[int]:
    return list(range(report_filter.fra.year, report_filter.til.year + 1))


def service_level_by_year(facts: list[OfferFacts], years: list[int]) -> Table:
    """Per start year: shares of answered runs with users in planning, delivery, evaluation."""
    answered: Counter = Counter()
    yes: dict[str, Counter] = {question: Counter() for question in QUESTIONS}
    for offer in facts:
        if offer.standard is None:
            continue
        for year, n in offer.runs.items():
            answered[year] += n
            for question, answer in zip(QUESTIONS, offer.answers, strict=True):
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


def user_organisations(facts: list[OfferFacts], names_by_id: dict[str, str]) -> Table:
    """The user organisations named on counted offers, most offers first."""
    offers: Counter = Counter()
    runs: Counter = Counter()
    naming = 0
    for offer in facts:
        names = organisation_names(offer.user_organisations, names_by_id)
        naming += bool(names)
        for name in names:
            offers[name] += 1
            runs[name] += offer.run_count
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


def representative_affiliation(facts: list[OfferFacts]) -> Table:
    """Per region the counted offers by the user representative's affiliation.

    This is who represents the users in an offer (core dataset field brukerrepresentant),
    not user participation at system level (user councils, service planning), which the
    core dataset has no field for yet.
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for offer in facts:
        if offer.user_representative in REPRESENTATIVES:
            counts[offer.region or UNKNOWN_REGION][offer.user_representative] += 1
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
    facts = _offer_facts(report_filter)
    organisations = {
        pk: (external_id, name)
        for pk, external_id, name in Organisation.objects.values_list("pk", "external_id", "name")
    }
    names_by_id = dict(organisations.values())
    years = _years(report_filter)
    tables = (
        standard_by_region(facts),
        standard_by_provider(facts, organisations),
        service_level_by_year(facts, years),
        representatives_by_year(_attendance_by_year(report_filter), years),
        user_organisations(facts, names_by_id),
        representative_affiliation(facts),
    )
    return Report(
        id="brukermedvirkning",
        title=_("Brukermedvirkning og Standard metode"),
        period=(report_filter.fra.isoformat(), report_filter.til.isoformat()),
        filter=report_filter.as_dict(),
        tables=tables,
    )
