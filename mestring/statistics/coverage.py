"""The report `dekning`: which offers the residents of each municipality can join.

An offer is available to a resident by the catalogue's rule (`_where_i_live` in
catalogue/search): it has a run in the municipality (local), it is a regional offer whose
responsible organisation is in the same region or the same county, it is a national offer,
or it has a digital or hybrid run. Only runs counted in the report period (`counted_runs`)
make an offer available. Counts are offers, never persons, so nothing is suppressed.

The data is read in a few queries (runs grouped by offer, municipality and format; offers;
their codes; municipalities) and everything else is set arithmetic in Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, OfferCode
from mestring.catalogue.rules import language_name
from mestring.refdata.models import Municipality, SamiLanguage

from .filters import COUNTED_OFFER_STATUSES, ReportFilter, counted_runs
from .tables import Column, Report, Row, Table, count_table, per_100k

SAMI_LANGUAGE_CODES = frozenset({"se", "smj", "sma"})
# Formats that make an offer available wherever one lives (as in the catalogue search).
REMOTE_FORMATS = frozenset({*codes.DIGITAL_FORMATS, codes.Format.HYBRID})
NATIONAL_ROW = "nasjonalt"
MAX_NAMES = 30


@dataclass(frozen=True)
class Place:
    """An active municipality, as the report needs it."""

    number: str
    name: str
    population: int
    county: str
    region: str
    sami_language: str = ""


@dataclass(slots=True)
class OfferFacts:
    level: str = ""
    region: str | None = None  # the responsible organisation's own region
    county: str | None = None  # the county of the responsible organisation's municipality
    age_group: str = ""
    sami_adapted: bool = False
    target_group: str = ""
    languages: set[str] = field(default_factory=set)
    diagnoses: set[str] = field(default_factory=set)

    @property
    def is_sami(self) -> bool:
        """In a Sami language, or adapted for Sami users."""
        return self.sami_adapted or not SAMI_LANGUAGE_CODES.isdisjoint(self.languages)


# For an offer without facts (not published or archived); never changed.
NO_FACTS = OfferFacts()


@dataclass
class Availability:
    """The counted offers by route; `local` by municipality, regional ones by region/county."""

    local: dict[str, set[int]] = field(default_factory=dict)
    regional_by_region: dict[str, set[int]] = field(default_factory=dict)
    regional_by_county: dict[str, set[int]] = field(default_factory=dict)
    national: set[int] = field(default_factory=set)
    digital: set[int] = field(default_factory=set)


def build_availability(
    run_places: Iterable[tuple[int, str | None, str]], offers: dict[int, OfferFacts]
) -> Availability:
    """Availability from the counted runs as (offer id, municipality, format) triples."""
    result = Availability()
    counted: set[int] = set()
    for offer_id, municipality, run_format in run_places:
        counted.add(offer_id)
        if municipality:
            result.local.setdefault(municipality, set()).add(offer_id)
        if run_format in REMOTE_FORMATS:
            result.digital.add(offer_id)
    for offer_id in counted:
        facts = offers.get(offer_id, NO_FACTS)
        if facts.level == codes.Level.NATIONAL:
            result.national.add(offer_id)
        elif facts.level == codes.Level.REGIONAL:
            if facts.region:
                result.regional_by_region.setdefault(facts.region, set()).add(offer_id)
            if facts.county:
                result.regional_by_county.setdefault(facts.county, set()).add(offer_id)
    return result


def offers_by_route(availability: Availability, place: Place) -> dict[str, set[int]]:
    """The offers a resident of `place` can join, per route (an offer may be on several)."""
    regional = availability.regional_by_region.get(place.region, set())
    return {
        "lokale": availability.local.get(place.number, set()),
        "regionale": regional | availability.regional_by_county.get(place.county, set()),
        "nasjonale": availability.national,
        "digitale": availability.digital,
    }


def available_offers(availability: Availability, place: Place) -> set[int]:
    """Every offer a resident of `place` can join, each once."""
    return set().union(*offers_by_route(availability, place).values())


def count_distinct(sets: Iterable[set[int]]) -> int:
    """The size of the union, without copying the largest set (the digital offers, often)."""
    sets = list(sets)
    if not sets:
        return 0
    largest = max(sets, key=len)
    rest = set().union(*(s for s in sets if s is not largest))
    return len(largest) + len(rest - largest)


def underserved(table: Table) -> list[tuple[str, str]]:
    """(row code, column key) of every cell below half the national row's value."""
    national = table.row(NATIONAL_ROW).values
    found = []
    for row in table.rows:
        if row.code == NATIONAL_ROW:
            continue
        for column in table.columns:
            value, reference = row.values.get(column.key), national.get(column.key)
            if value is not None and reference and value * 2 < reference:
                found.append((row.code, column.key))
    return found


def name_list(names: list[str], limit: int = MAX_NAMES) -> str:
    """The names as «A, B og C»; beyond `limit` names as «A, B, … og 12 til»."""
    if len(names) > limit:
        return _("%(names)s og %(more)s til") % {
            "names": ", ".join(names[:limit]),
            "more": len(names) - limit,
        }
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s og %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _without(table: Table, column: str) -> list[tuple[str, str]]:
    return [(row.code, row.label) for row in table.rows if row.values.get(column) == 0]


def municipalities_without(report: Report, column: str = "tilgjengelige") -> list[tuple[str, str]]:
    """(number, name) of the municipalities with no offer in `column` of `dekning_kommune`."""
    return _without(report.table("dekning_kommune"), column)


# --- Reading the database -------------------------------------------------------------


def _places() -> tuple[list[Place], str]:
    """Active municipalities in number order, and the latest population date."""
    rows = Municipality.objects.filter(valid_to__isnull=True).order_by("number")
    places, dated = [], None
    for number, name, population, county, region, sami, when in rows.values_list(
        "number",
        "name",
        "population",
        "county_id",
        "region_id",
        "sami_area_language",
        "population_date",
    ):
        places.append(Place(number, name, population, county, region, sami))
        dated = max(dated, when) if dated else when
    return places, dated.strftime("%d.%m.%Y") if dated else ""


def _offer_facts() -> dict[int, OfferFacts]:
    """Facts of every offer that can count (published or archived): two queries."""
    offers = Offer.objects.filter(status__in=COUNTED_OFFER_STATUSES).order_by()
    facts = {
        pk: OfferFacts(level, region, county, age_group, bool(sami), target_group)
        for pk, level, region, county, age_group, sami, target_group in offers.values_list(
            "pk",
            "level",
            "responsible__region_id",
            "responsible__municipality__county_id",
            "age_group",
            "sami_adapted",
            "main_target_group",
        )
    }
    for offer_id, list_name, code in (
        OfferCode.objects.filter(field__in=(OfferCode.List.LANGUAGES, OfferCode.List.DIAGNOSES))
        .order_by()
        .values_list("offer_id", "field", "code")
    ):
        found = facts.get(offer_id)
        if found is not None:
            on = found.languages if list_name == OfferCode.List.LANGUAGES else found.diagnoses
            on.add(code)
    return facts


def _run_places(report_filter: ReportFilter) -> list[tuple[int, str | None, str]]:
    return list(
        counted_runs(report_filter)
        .order_by()
        .values_list("offer_id", "municipality_id", "format")
        .distinct()
    )


def _is_geographic(report_filter: ReportFilter) -> bool:
    return bool(report_filter.kommune or report_filter.fylke or report_filter.region)


def _in_filter(place: Place, report_filter: ReportFilter) -> bool:
    f = report_filter
    return (
        (not f.kommune or place.number in f.kommune)
        and (not f.fylke or place.county in f.fylke)
        and (not f.region or place.region in f.region)
    )


# --- Tables ---------------------------------------------------------------------------


def municipality_table(
    places: list[Place], availability: Availability, population_date: str = ""
) -> Table:
    columns = (
        Column("befolkning", _("Befolkning")),
        Column("lokale", _("Lokale tilbud")),
        Column("regionale", _("Regionale tilbud")),
        Column("nasjonale", _("Nasjonale tilbud")),
        Column("digitale", _("Digitale tilbud")),
        Column("tilgjengelige", _("Tilgjengelige tilbud")),
        Column("per_100000", _("Tilgjengelige per 100 000 innbyggere")),
    )
    rows = []
    for place in places:
        routes = offers_by_route(availability, place)
        available = count_distinct(routes.values())
        values: dict = {"befolkning": place.population}
        values.update({route: len(offers) for route, offers in routes.items()})
        values["tilgjengelige"] = available
        values["per_100000"] = per_100k(available, place.population)
        rows.append(Row(code=place.number, label=place.name, count=None, values=values))
    footnotes = [
        _(
            "Lokale: tilbud med minst én gjennomføring i kommunen i perioden. Regionale: "
            "tilbud på regionalt nivå fra en tilbyder i samme helseregion eller samme fylke. "
            "Nasjonale: tilbud på nasjonalt nivå. Digitale: tilbud med en digital eller hybrid "
            "gjennomføring. Bare gjennomføringer som telles i perioden, er med."
        ),
        _("Et tilbud som kan nås på flere måter, telles bare én gang i «Tilgjengelige tilbud»."),
    ]
    if population_date:
        footnotes.append(_("Folketall fra SSB per %(date)s.") % {"date": population_date})
    return Table(
        id="dekning_kommune",
        title=_("Tilbud innbyggerne i hver kommune kan delta på"),
        n=None,
        rows=tuple(rows),
        unit=_("tilbud"),
        columns=columns,
        footnotes=tuple(footnotes),
    )


def without_table(municipalities: Table) -> Table:
    local = _without(municipalities, "lokale")
    available = _without(municipalities, "tilgjengelige")
    footnotes = []
    if local:
        footnotes.append(
            _("Uten lokale tilbud: %(names)s.") % {"names": name_list([n for _c, n in local])}
        )
    if available:
        footnotes.append(
            _("Uten tilgjengelige tilbud: %(names)s.")
            % {"names": name_list([n for _c, n in available])}
        )
    return count_table(
        "kommuner_uten_tilbud",
        _("Kommuner uten tilbud"),
        {"ingen_lokale": len(local), "ingen_tilgjengelige": len(available)},
        [
            ("ingen_lokale", _("Kommuner uten lokale tilbud")),
            ("ingen_tilgjengelige", _("Kommuner uten noe tilgjengelig tilbud")),
        ],
        _("kommuner"),
        footnotes=tuple(footnotes),
        n=len(municipalities.rows),
    )


def sami_table(
    places: list[Place], availability: Availability, offers: dict[int, OfferFacts]
) -> Table:
    """The Sami language administrative area: municipalities reached by Sami offers."""
    sami = {pk for pk, facts in offers.items() if facts.is_sami}
    rows, everything = [], set()
    totals = {"kommuner": 0, "med_samisk_tilbud": 0}
    for language, label in SamiLanguage.choices:
        area = [place for place in places if place.sami_language == language]
        reached = [available_offers(availability, place) & sami for place in area]
        found = set().union(*reached)
        everything |= found
        values = {
            "kommuner": len(area),
            "med_samisk_tilbud": sum(1 for found_here in reached if found_here),
            "samiske_tilbud": len(found),
        }
        totals["kommuner"] += values["kommuner"]
        totals["med_samisk_tilbud"] += values["med_samisk_tilbud"]
        rows.append(Row(code=language, label=str(label), count=None, values=values))
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=None,
            values={**totals, "samiske_tilbud": len(everything)},
            is_total=True,
        )
    )
    return Table(
        id="samisk",
        title=_("Samiske tilbud i forvaltningsområdet for samisk språk"),
        n=None,
        rows=tuple(rows),
        columns=(
            Column("kommuner", _("Kommuner")),
            Column("med_samisk_tilbud", _("Kommuner med samisk tilbud")),
            Column("samiske_tilbud", _("Samiske tilbud")),
        ),
        footnotes=(
            _(
                "Et samisk tilbud gis på nordsamisk, lulesamisk eller sørsamisk, eller er "
                "tilpasset samiske brukere. Kommunene med samisk tilbud har minst ett slikt "
                "tilbud tilgjengelig. I samlet-raden telles hvert samisk tilbud én gang."
            ),
        ),
    )


def language_table(counted: Iterable[int], offers: dict[int, OfferFacts]) -> Table:
    tally: Counter = Counter()
    with_language = 0
    for pk in counted:
        languages = offers.get(pk, NO_FACTS).languages
        with_language += bool(languages)
        tally.update(languages)
    order = sorted(tally, key=lambda code: (-tally[code], code))
    return count_table(
        "sprak",
        _("Språk tilbudene gis på"),
        dict(tally),
        [(code, language_name(code)) for code in order],
        _("tilbud"),
        footnotes=(_("Et tilbud på flere språk telles under hvert av dem."),),
        n=with_language,
    )


PLACE_BOUND_ROUTES = ("lokale", "regionale")


def region_offers(places: list[Place], availability: Availability) -> dict[str, set[int]]:
    """Per region, and for the whole country under NATIONAL_ROW: the offers held in or
    run for at least one of its municipalities.

    National and digital offers are open to everyone alike, so they make no difference
    between regions; counting them would only favour the regions with fewer inhabitants.
    """
    # Many municipalities share the very same regional set: each set object is added once.
    route_sets: dict[str, dict[int, set[int]]] = {code: {} for code in codes.RegionCode.values}
    for place in places:
        routes = offers_by_route(availability, place)
        for route in PLACE_BOUND_ROUTES:
            route_sets.setdefault(place.region, {})[id(routes[route])] = routes[route]
    offers = {region: set().union(*sets.values()) for region, sets in route_sets.items()}
    offers[NATIONAL_ROW] = set().union(*offers.values())
    return offers


def variation_table(
    table_id: str,
    title: str,
    groups: list[tuple[str, str]],
    members: dict[str, set[int]],
    offers_of: dict[str, set[int]],
    population: dict[str, int],
    geographic_filter: bool = False,
) -> Table:
    """Offers per 100 000 inhabitants for each region (and the whole country) and group.

    `members` are the offers of each group; `offers_of` and `population` are by region
    code, with NATIONAL_ROW for the whole country.
    """
    labels = dict(codes.RegionCode.choices) | {NATIONAL_ROW: _("Hele landet")}
    rows = []
    for code, label in labels.items():
        offers = offers_of.get(code, set())
        values = {
            key: per_100k(len(offers & members.get(key, set())), population.get(code, 0))
            for key, _label in groups
        }
        is_national = code == NATIONAL_ROW
        rows.append(
            Row(code=code, label=str(label), count=None, values=values, is_total=is_national)
        )
    table = Table(
        id=table_id,
        title=title,
        n=None,
        rows=tuple(rows),
        unit=_("tilbud per 100 000 innbyggere"),
        columns=tuple(Column(key, str(label)) for key, label in groups),
    )
    return replace(table, footnotes=_variation_notes(table, geographic_filter))


def _variation_notes(table: Table, geographic_filter: bool) -> tuple[str, ...]:
    notes = [
        _(
            "Lokale og regionale tilbud for innbyggerne i minst én kommune i regionen, per "
            "100 000 innbyggere i regionen. Nasjonale og digitale tilbud er åpne for alle og "
            "er ikke med i sammenligningen."
        )
    ]
    low = underserved(table)
    regions = {row.code: row.label for row in table.rows}
    groups = {column.key: column.label for column in table.columns}
    if low:
        pairs = [f"{regions[r]} – {groups[g]}" for r, g in low]
        notes.append(
            _("Under halvparten av landsgjennomsnittet: %(pairs)s.") % {"pairs": "; ".join(pairs)}
        )
    else:
        notes.append(_("Ingen region er under halvparten av landsgjennomsnittet."))
    if geographic_filter:
        notes.append(
            _("Filtre på region, fylke og kommune gjelder ikke her: regionene sammenlignes.")
        )
    return tuple(notes)


def _choices(choices) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in choices.choices]


def region_population(places: list[Place]) -> Counter:
    """Inhabitants per region, and of the whole country under NATIONAL_ROW."""
    population: Counter = Counter()
    for place in places:
        population[place.region] += place.population
        population[NATIONAL_ROW] += place.population
    return population


def offers_by_group(offers: dict[int, OfferFacts]) -> tuple[dict, dict, dict]:
    """The offers of each age group, each diagnosis group and each main target group."""
    by_age: dict[str, set[int]] = defaultdict(set)
    by_diagnosis: dict[str, set[int]] = defaultdict(set)
    by_target: dict[str, set[int]] = defaultdict(set)
    for pk, facts in offers.items():
        by_age[facts.age_group].add(pk)
        by_target[facts.target_group].add(pk)
        for diagnosis in facts.diagnoses:
            by_diagnosis[diagnosis].add(pk)
    return by_age, by_diagnosis, by_target


def coverage(report_filter: ReportFilter) -> Report:
    """The coverage-and-variation report for a period and filter.

    Availability is that of a resident, whatever the geographic filters: they only pick
    the municipalities shown (tables 1–3). The language table counts the offers counted
    under the whole filter, as the other reports do; the regional comparison always has
    every region and the whole country.
    """
    anywhere = replace(report_filter, kommune=(), fylke=(), region=())
    places, population_date = _places()
    offers = _offer_facts()
    run_places = _run_places(anywhere)
    availability = build_availability(run_places, offers)
    all_counted = {offer_id for offer_id, _m, _f in run_places}
    geographic = _is_geographic(report_filter)
    counted = all_counted
    if geographic:
        counted = set(
            counted_runs(report_filter).order_by().values_list("offer_id", flat=True).distinct()
        )
    shown = [place for place in places if _in_filter(place, report_filter)]
    municipalities = municipality_table(shown, availability, population_date)
    offers_of = region_offers(places, availability)
    population = region_population(places)
    by_age, by_diagnosis, by_target = offers_by_group(offers)
    tables = (
        municipalities,
        without_table(municipalities),
        sami_table(shown, availability, offers),
        language_table(counted, offers),
        variation_table(
            "variasjon_aldersgruppe",
            _("Tilgjengelige tilbud per 100 000 innbyggere etter aldersgruppe og helseregion"),
            _choices(codes.AgeGroup),
            by_age,
            offers_of,
            population,
            geographic,
        ),
        variation_table(
            "variasjon_diagnose",
            _("Tilgjengelige tilbud per 100 000 innbyggere etter diagnosegruppe og helseregion"),
            _choices(codes.DiagnosisGroup),
            by_diagnosis,
            offers_of,
            population,
            geographic,
        ),
        variation_table(
            "variasjon_malgruppe",
            _("Tilgjengelige tilbud per 100 000 innbyggere etter hovedmålgruppe og helseregion"),
            _choices(codes.TargetGroup),
            by_target,
            offers_of,
            population,
            geographic,
        ),
    )
    return Report(
        id="dekning",
        title=_("Dekning og variasjon"),
        period=(report_filter.fra.isoformat(), report_filter.til.isoformat()),
        filter=report_filter.as_dict(),
        tables=tables,
    )
