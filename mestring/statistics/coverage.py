"""The report `dekning`: which offers the residents of each municipality can join.

Which municipalities an offer is open to is the catalogue's rule (`catalogue/reach.py`,
shared with the public search): *local* when a counted run is held in the municipality,
*regional* when a regional offer reaches it (a hospital trust's offers, and those of an
LMS or clinic under it, the trust's catchment area; a regional health authority's its
region; any other provider's its county), *digital* when it has a digital run (open to
everyone) and *national* when it is a national offer (open to everyone).

The measures are kept apart: local and regional offers per 100 000 inhabitants is the
measure that differs between municipalities (table, map, the municipalities without
offers and the regional variation); digital and national offers are the same for every
municipality and get a table and text of their own. Only runs counted in the report
period (`counted_rows`) make an offer available. Counts are offers, never persons, so
nothing is suppressed.

The data is read in a few queries, each giving sets of offer ids the database has listed
per group (the counted offers per municipality, the offers per level and provider, age
and target group, language and diagnosis; municipalities); everything else is set
arithmetic in Python, on sets and never per offer or per run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Case, Max, Value, When
from django.utils.translation import gettext as _

from mestring.catalogue import codes, reach
from mestring.catalogue.models import OfferCode
from mestring.catalogue.querysets import COUNTED_OFFER_STATUSES
from mestring.catalogue.rules import language_name
from mestring.refdata.models import Municipality, SamiLanguage

from .filters import ReportFilter, counted_rows
from .per_run import compiled
from .tables import Column, Report, Row, Table, count_table, per_100k

# The language of each Sami language administrative area (ISO 639 codes of the core dataset).
SAMI_AREA_LANGUAGE: dict[str, str] = {
    SamiLanguage.NORTH: "se",
    SamiLanguage.LULE: "smj",
    SamiLanguage.SOUTH: "sma",
}
SAMI_LANGUAGE_CODES = frozenset(SAMI_AREA_LANGUAGE.values())
NATIONAL_ROW = "nasjonalt"
# The measure that differs between municipalities: offers held in or reaching them.
NEARBY = "lokale_og_regionale"
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
    trusts: frozenset[str] = frozenset()  # the trusts whose catchment area covers it

    @property
    def reach_place(self) -> reach.Place:
        return reach.Place(self.number, self.county, self.region, self.trusts)


@dataclass(slots=True)
class OfferFacts:
    level: str = ""
    reach: reach.RegionalReach = reach.RegionalReach()  # where it reaches when regional
    age_group: str = ""
    sami_adapted: bool = False
    target_group: str = ""


@dataclass
class OfferCodes:
    """The offers (ids) with each language and each diagnosis group."""

    languages: dict[str, set[int]] = field(default_factory=dict)
    diagnoses: dict[str, set[int]] = field(default_factory=dict)

    def in_language_of(self, area: str) -> set[int]:
        """The offers given in the Sami language of the language area `area`."""
        return self.languages.get(SAMI_AREA_LANGUAGE[area], set())

    def adapted_without_sami_language(self, sami_adapted: set[int]) -> set[int]:
        """Offers adapted for Sami users, but in no Sami language: no area can be told."""
        in_sami = set().union(*(self.languages.get(code, set()) for code in SAMI_LANGUAGE_CODES))
        return sami_adapted - in_sami


@dataclass
class OfferGroups:
    """The offers that can count (published or archived) as the sets the report asks
    for: national ones, regional ones by reach, by age group and main target group, and
    the Sami-adapted ones."""

    offers: set[int] = field(default_factory=set)
    national: set[int] = field(default_factory=set)
    regional: dict[reach.RegionalReach, set[int]] = field(default_factory=dict)
    by_age: dict[str, set[int]] = field(default_factory=dict)
    by_target: dict[str, set[int]] = field(default_factory=dict)
    sami_adapted: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, facts: dict[int, OfferFacts]) -> OfferGroups:
        groups = cls(offers=set(facts))
        for pk, offer in facts.items():
            if offer.level == codes.Level.NATIONAL:
                groups.national.add(pk)
            elif offer.level == codes.Level.REGIONAL:
                groups.regional.setdefault(offer.reach, set()).add(pk)
            groups.by_age.setdefault(offer.age_group, set()).add(pk)
            groups.by_target.setdefault(offer.target_group, set()).add(pk)
            if offer.sami_adapted:
                groups.sami_adapted.add(pk)
        return groups


@dataclass
class Availability:
    """The counted offers by route: `local` by municipality, `regional` by reach."""

    local: dict[str, set[int]] = field(default_factory=dict)
    regional: dict[reach.RegionalReach, set[int]] = field(default_factory=dict)
    national: set[int] = field(default_factory=set)
    digital: set[int] = field(default_factory=set)
    _regional_of: dict = field(default_factory=dict, repr=False, compare=False)

    def regional_for(self, place: Place) -> set[int]:
        """The regional offers reaching `place`, by the catalogue's rule; the same set object
        for places alike (same trusts, region and county)."""
        key = (place.trusts, place.region, place.county)
        found = self._regional_of.get(key)
        if found is None:
            where = place.reach_place
            found = set().union(
                *(offers for r, offers in self.regional.items() if reach.regional_reaches(r, where))
            )
            self._regional_of[key] = found
        return found


def build_availability(
    run_places: Iterable[tuple[int, str | None, str]], offers: dict[int, OfferFacts]
) -> Availability:
    """Availability from the counted runs as (offer id, municipality, format) triples."""
    local: dict[str, set[int]] = {}
    digital: set[int] = set()
    counted: set[int] = set()
    for offer_id, municipality, run_format in run_places:
        counted.add(offer_id)
        if municipality:
            local.setdefault(municipality, set()).add(offer_id)
        if run_format in reach.DIGITAL_FORMATS:
            digital.add(offer_id)
    return availability_of(RunPlaces(local, digital, counted), OfferGroups.of(offers))


@dataclass
class RunPlaces:
    """The counted offers: held in each municipality, with a digital run, all of them."""

    local: dict[str, set[int]]
    digital: set[int]
    counted: set[int]


def availability_of(places: RunPlaces, groups: OfferGroups) -> Availability:
    counted = places.counted
    return Availability(
        local=places.local,
        digital=places.digital,
        national=groups.national & counted,
        regional={
            where: found for where, offers in groups.regional.items() if (found := offers & counted)
        },
    )


def offers_by_route(availability: Availability, place: Place) -> dict[str, set[int]]:
    """The offers a resident of `place` can join, per route (an offer may be on several)."""
    return {
        "lokale": availability.local.get(place.number, set()),
        "regionale": availability.regional_for(place),
        "nasjonale": availability.national,
        "digitale": availability.digital,
    }


def nearby_offers(availability: Availability, place: Place) -> set[int]:
    """The offers held in `place` or reaching it regionally."""
    return availability.local.get(place.number, set()) | availability.regional_for(place)


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


def municipalities_without(report: Report, column: str = NEARBY) -> list[tuple[str, str]]:
    """(number, name) of the municipalities with no offer in `column` of `dekning_kommune`."""
    return _without(report.table("dekning_kommune"), column)


# --- Reading the database -------------------------------------------------------------


def _places() -> tuple[list[Place], str]:
    """Active municipalities in number order, and the latest population date."""
    rows = Municipality.objects.filter(valid_to__isnull=True).order_by("number")
    trusts = {number: place.trusts for number, place in reach.places().items()}
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
        places.append(
            Place(number, name, population, county, region, sami, trusts.get(number, frozenset()))
        )
        dated = max(dated, when) if dated else when
    return places, dated.strftime("%d.%m.%Y") if dated else ""


def _id_lists() -> str:
    """SQL aggregate: the ids `c.offer_id` of a group as one comma-separated string."""
    if connection.vendor == "postgresql":
        return "string_agg(CAST(c.offer_id AS text), ',')"
    return "group_concat(c.offer_id)"


def _offer_groups() -> OfferGroups:
    """The offers that can count, in sets, from one statement: the database lists the
    ids of each group (level and provider, age group, target group, Sami-adapted)."""
    ids = _id_lists()
    statuses = ", ".join(f"'{status}'" for status in COUNTED_OFFER_STATUSES)
    sql = (
        "WITH c AS MATERIALIZED (SELECT o.id AS offer_id, o.level, o.responsible_id, "  # noqa: S608
        "o.age_group, o.main_target_group, o.sami_adapted FROM catalogue_offer AS o "
        f"WHERE o.status IN ({statuses})) "
        f"SELECT 'level', c.level, c.responsible_id, {ids} FROM c "
        "GROUP BY c.level, c.responsible_id "
        f"UNION ALL SELECT 'age', c.age_group, NULL, {ids} FROM c GROUP BY c.age_group "
        f"UNION ALL SELECT 'target', c.main_target_group, NULL, {ids} FROM c "
        "GROUP BY c.main_target_group "
        f"UNION ALL SELECT 'sami', NULL, NULL, {ids} FROM c WHERE c.sami_adapted"
    )
    reaches = reach.organisation_reach()
    groups = OfferGroups()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for kind, code, responsible, offer_ids in cursor.fetchall():
            found = _ids(offer_ids)
            if kind == "level":
                groups.offers |= found
                if code == codes.Level.NATIONAL:
                    groups.national |= found
                elif code == codes.Level.REGIONAL:
                    groups.regional.setdefault(reaches[responsible], set()).update(found)
            elif kind == "age":
                groups.by_age[code] = found
            elif kind == "target":
                groups.by_target[code] = found
            else:
                groups.sami_adapted = found
    return groups


def _offer_codes() -> OfferCodes:
    """Per language and diagnosis group its offers: the database lists them, one row each."""
    ids = _id_lists()
    lists = (OfferCode.List.LANGUAGES, OfferCode.List.DIAGNOSES)
    found = OfferCodes()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.field, c.code, {ids} FROM catalogue_offercode AS c "  # noqa: S608
            "WHERE c.field IN (%s, %s) GROUP BY c.field, c.code",
            list(lists),
        )
        for list_name, code, offer_ids in cursor.fetchall():
            on = found.languages if list_name == OfferCode.List.LANGUAGES else found.diagnoses
            on[code] = _ids(offer_ids)
    return found


def _ids(text: str | None) -> set[int]:
    return set(map(int, text.split(","))) if text else set()


def run_places(report_filter: ReportFilter) -> RunPlaces:
    """The counted offers by where their runs are held, in one statement: the database
    lists each municipality's offers (and the digital and all counted ones) as one string
    of ids, so no Python code walks the year's runs."""
    digital = Case(When(format__in=sorted(reach.DIGITAL_FORMATS), then=Value(1)), default=Value(0))
    query = compiled(
        counted_rows(report_filter)
        .order_by()
        .values("offer_id", "municipality_id")
        .annotate(digital=Max(digital))
    )
    if query is None:
        return RunPlaces({}, set(), set())
    inner, params = query
    if connection.vendor == "postgresql":
        ids = "string_agg(CAST(d.offer_id AS text), ',')"
    else:
        ids = "group_concat(d.offer_id)"
    # Each (offer, municipality) once, with whether any of its runs there is digital: the
    # local lists need no DISTINCT then.
    sql = (
        f"WITH d AS MATERIALIZED ({inner}) "  # noqa: S608 - constants and the ORM's SQL
        f"SELECT 'lokal', d.municipality_id, {ids} FROM d WHERE d.municipality_id IS NOT NULL "
        "GROUP BY d.municipality_id "
        f"UNION ALL SELECT 'digital', NULL, {ids} FROM (SELECT DISTINCT offer_id FROM d "
        "WHERE d.digital = 1) AS d "
        f"UNION ALL SELECT 'alle', NULL, {ids} FROM (SELECT DISTINCT offer_id FROM d) AS d"
    )
    found = RunPlaces({}, set(), set())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, municipality, offer_ids in cursor.fetchall():
            if kind == "lokal":
                found.local[municipality] = _ids(offer_ids)
            elif kind == "digital":
                found.digital = _ids(offer_ids)
            else:
                found.counted = _ids(offer_ids)
    return found


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
        Column(NEARBY, _("Lokale og regionale tilbud")),
        Column("per_100000", _("Lokale og regionale tilbud per 100 000 innbyggere")),
        Column("digitale", _("Digitale tilbud (åpne for alle)")),
        Column("nasjonale", _("Nasjonale tilbud (åpne for alle)")),
    )
    rows = []
    for place in places:
        routes = offers_by_route(availability, place)
        nearby = count_distinct([routes["lokale"], routes["regionale"]])
        values: dict = {
            "befolkning": place.population,
            "lokale": len(routes["lokale"]),
            "regionale": len(routes["regionale"]),
            NEARBY: nearby,
            "per_100000": per_100k(nearby, place.population),
            "digitale": len(routes["digitale"]),
            "nasjonale": len(routes["nasjonale"]),
        }
        rows.append(Row(code=place.number, label=place.name, count=None, values=values))
    footnotes = [
        _(
            "Lokale: tilbud med minst én gjennomføring i kommunen i perioden. Regionale: "
            "tilbud på regionalt nivå som når kommunen – fra et helseforetak (eller et LMS "
            "eller en klinikk under det) til kommunene i foretakets opptaksområde, fra et "
            "regionalt helseforetak til helseregionen, ellers til fylket der tilbyderen "
            "holder til. Et tilbud som er både lokalt og regionalt, telles én gang i "
            "«Lokale og regionale tilbud»."
        ),
        _(
            "Digitale og nasjonale tilbud er åpne for alle og er like for alle kommuner; de "
            "er ikke med i tallet per 100 000 innbyggere. Bare gjennomføringer som telles i "
            "perioden, er med."
        ),
    ]
    if population_date:
        footnotes.append(_("Folketall fra SSB per %(date)s.") % {"date": population_date})
    return Table(
        id="dekning_kommune",
        title=_("Lokale og regionale tilbud for innbyggerne i hver kommune"),
        n=None,
        rows=tuple(rows),
        unit=_("tilbud"),
        columns=columns,
        footnotes=tuple(footnotes),
    )


def open_to_all_table(availability: Availability, population: int) -> Table:
    """Digital and national offers: open to everyone, the same for every municipality."""
    rows = [
        Row(
            code=code,
            label=label,
            count=None,
            values={"tilbud": len(offers), "per_100000": per_100k(len(offers), population)},
        )
        for code, label, offers in (
            ("digitale", _("Digitale tilbud"), availability.digital),
            ("nasjonale", _("Nasjonale tilbud"), availability.national),
        )
    ]
    both = count_distinct([availability.digital, availability.national])
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=None,
            values={"tilbud": both, "per_100000": per_100k(both, population)},
            is_total=True,
        )
    )
    return Table(
        id="dekning_for_alle",
        title=_("Digitale og nasjonale tilbud, åpne for alle"),
        n=None,
        rows=tuple(rows),
        unit=_("tilbud"),
        columns=(
            Column("tilbud", _("Tilbud")),
            Column("per_100000", _("Per 100 000 innbyggere i hele landet")),
        ),
        footnotes=(
            _(
                "Digitale tilbud (direkte digitalt, hybrid eller selvstudium) og tilbud på "
                "nasjonalt nivå kan alle delta på, uansett hvor de bor. Tallene er de samme "
                "for alle kommuner og vises derfor ikke på kartet. Et tilbud som er både "
                "digitalt og nasjonalt, telles én gang i samlet-raden."
            ),
        ),
    )


def without_table(municipalities: Table) -> Table:
    local = _without(municipalities, "lokale")
    nearby = _without(municipalities, NEARBY)
    footnotes = []
    if nearby:
        footnotes.append(
            _("Uten lokale eller regionale tilbud: %(names)s.")
            % {"names": name_list([n for _c, n in nearby])}
        )
    footnotes.append(
        _(
            "En kommune som nås av regionale tilbud (for eksempel fra helseforetaket i "
            "opptaksområdet), er ikke uten tilbud selv om ingen gjennomføring holdes der. "
            "Digitale og nasjonale tilbud finnes for alle og er ikke regnet med."
        )
    )
    return count_table(
        "kommuner_uten_tilbud",
        _("Kommuner uten tilbud"),
        {"ingen_lokale": len(local), "ingen_lokale_eller_regionale": len(nearby)},
        [
            ("ingen_lokale", _("Kommuner der ingen gjennomføring holdes")),
            ("ingen_lokale_eller_regionale", _("Kommuner uten lokale eller regionale tilbud")),
        ],
        _("kommuner"),
        footnotes=tuple(footnotes),
        n=len(municipalities.rows),
    )


def sami_table(
    places: list[Place],
    availability: Availability,
    groups: OfferGroups,
    offer_codes: OfferCodes,
) -> Table:
    """Per Sami language area: the offers in the area's own language its municipalities
    can join (by any route), and the Sami-adapted offers without a Sami language nearby."""
    rows, everything, adapted_everywhere = [], set(), set()
    totals = {"kommuner": 0, "med_tilbud_pa_spraket": 0}
    adapted = offer_codes.adapted_without_sami_language(groups.sami_adapted)
    for language, label in SamiLanguage.choices:
        in_language = offer_codes.in_language_of(language) & groups.offers
        area = [place for place in places if place.sami_language == language]
        reached = [available_offers(availability, place) & in_language for place in area]
        found = set().union(*reached)
        near_adapted = set().union(*(nearby_offers(availability, p) & adapted for p in area))
        everything |= found
        adapted_everywhere |= near_adapted
        values = {
            "kommuner": len(area),
            "med_tilbud_pa_spraket": sum(1 for found_here in reached if found_here),
            "tilbud_pa_spraket": len(found),
            "tilpasset_uten_samisk_sprak": len(near_adapted),
        }
        totals["kommuner"] += values["kommuner"]
        totals["med_tilbud_pa_spraket"] += values["med_tilbud_pa_spraket"]
        rows.append(Row(code=language, label=str(label), count=None, values=values))
    rows.append(
        Row(
            code="samlet",
            label=_("Samlet"),
            count=None,
            values={
                **totals,
                "tilbud_pa_spraket": len(everything),
                "tilpasset_uten_samisk_sprak": len(adapted_everywhere),
            },
            is_total=True,
        )
    )
    return Table(
        id="samisk",
        title=_("Tilbud på samisk i forvaltningsområdet for samisk språk, per språkområde"),
        n=None,
        rows=tuple(rows),
        columns=(
            Column("kommuner", _("Kommuner")),
            Column("med_tilbud_pa_spraket", _("Kommuner med tilbud på områdets språk")),
            Column("tilbud_pa_spraket", _("Tilbud på områdets språk")),
            Column(
                "tilpasset_uten_samisk_sprak",
                _("Samisk tilpassede tilbud uten samisk språk (lokale og regionale)"),
            ),
        ),
        footnotes=(
            _(
                "Et tilbud telles for et språkområde bare når det gis på områdets språk: "
                "nordsamisk, lulesamisk eller sørsamisk. Det kan være lokalt, regionalt, "
                "digitalt eller nasjonalt. Et samisk tilpasset tilbud på et samisk språk "
                "telles der språket hører til."
            ),
            _(
                "«Samisk tilpasset» uten samisk språk sier ikke hvilket språkområde tilbudet "
                "er tilpasset for; slike tilbud som holdes i eller når kommunene i området, "
                "vises i en egen kolonne og telles ikke som tilbud på områdets språk."
            ),
            _("I samlet-raden telles hvert tilbud én gang."),
        ),
    )


def language_table(counted: set[int], offer_codes: OfferCodes) -> Table:
    tally: Counter = Counter()
    for code, holders in offer_codes.languages.items():
        if found := len(holders & counted):
            tally[code] = found
    with_language = len(counted & set().union(*offer_codes.languages.values()))
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


def offers_by_group(groups: OfferGroups, offer_codes: OfferCodes) -> tuple[dict, dict, dict]:
    """The offers of each age group, each diagnosis group and each main target group."""
    by_diagnosis = {d: holders & groups.offers for d, holders in offer_codes.diagnoses.items()}
    return groups.by_age, by_diagnosis, groups.by_target


def coverage(report_filter: ReportFilter) -> Report:
    """The coverage-and-variation report for a period and filter.

    Availability is that of a resident, whatever the geographic filters: they only pick
    the municipalities shown (municipality, without and Sami tables). The language table
    counts the offers counted under the whole filter, as the other reports do; the
    regional comparison always has every region and the whole country.
    """
    anywhere = report_filter.without_places()
    places, population_date = _places()
    groups = _offer_groups()
    offer_codes = _offer_codes()
    places_of_runs = run_places(anywhere)
    availability = availability_of(places_of_runs, groups)
    all_counted = places_of_runs.counted
    geographic = _is_geographic(report_filter)
    counted = all_counted
    if geographic:
        counted = set(
            counted_rows(report_filter).order_by().values_list("offer_id", flat=True).distinct()
        )
    shown = [place for place in places if _in_filter(place, report_filter)]
    municipalities = municipality_table(shown, availability, population_date)
    offers_of = region_offers(places, availability)
    population = region_population(places)
    by_age, by_diagnosis, by_target = offers_by_group(groups, offer_codes)
    tables = (
        municipalities,
        open_to_all_table(availability, population[NATIONAL_ROW]),
        without_table(municipalities),
        sami_table(shown, availability, groups, offer_codes),
        language_table(counted, offer_codes),
        variation_table(
            "variasjon_aldersgruppe",
            _(
                "Lokale og regionale tilbud per 100 000 innbyggere etter aldersgruppe og "
                "helseregion"
            ),
            _choices(codes.AgeGroup),
            by_age,
            offers_of,
            population,
            geographic,
        ),
        variation_table(
            "variasjon_diagnose",
            _(
                "Lokale og regionale tilbud per 100 000 innbyggere etter diagnosegruppe og "
                "helseregion"
            ),
            _choices(codes.DiagnosisGroup),
            by_diagnosis,
            offers_of,
            population,
            geographic,
        ),
        variation_table(
            "variasjon_malgruppe",
            _(
                "Lokale og regionale tilbud per 100 000 innbyggere etter hovedmålgruppe og "
                "helseregion"
            ),
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
