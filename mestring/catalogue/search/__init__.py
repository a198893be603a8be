"""Search and filters of the public catalogue: the one interface views and the API call.

The question is read first (`understanding.read`): words that name a filter become chips,
the rest are concepts (a word with its synonyms, stem and spelling neighbours). Matching
reads the search index (`models.SearchDocument`, kept by `index.py`), never the offers and
runs themselves: a trigram GIN index on PostgreSQL, an FTS5 trigram table on SQLite, both
matching folded substrings so that "diabetes" finds "Diabeteskurs". Offers matching every
concept come first; when none does, offers matching most of them, with a notice.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache as memoize

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.refdata.models import Municipality

from .. import codes, reach
from ..models import Offer, OfferCode
from . import index, language, understanding
from .models import SearchDocument, SearchPlace, SearchSlot, SearchWord

D = "search_document__"
MULTI = {
    "diagnose": ("diagnoser", codes.DiagnosisGroup.values),
    "fagfelt": ("fagfelt", codes.Field.values),
    "sprak": ("sprak", None),
}
# Filter value → the document field holding the next start of such a run. The exchange
# format's codes are accepted beside the short ones of the public form.
FORMATS = {
    "fysisk": "next_physical",
    "digitalt": "next_live",
    "selvstudium": "next_self_study",
}
FORMAT_ALIASES = {
    "digitalt_direkte": "digitalt",
    "digitalt_selvstudium": "selvstudium",
    "hybrid": "digitalt",
}
FLAGS = {
    "tolk": Q(**{f"{D}interpreter": True}),
    "samisk": Q(**{f"{D}sami": True}),
    "gratis": Q(**{f"{D}free": True}),
    "uten_henvisning": Q(**{f"{D}without_referral": True}),
}
SORTS = ("beste", "snarest", "naermest")
YES = {"ja", "true", "1", "on"}
NO = {"nei", "false", "0", "off"}
MAX_VALUES_PER_FILTER = 30
# Sami names in use besides those in the municipality register (Kartverket, Sentralt
# stedsnavnregister).
EXTRA_PLACE_NAMES = {
    "romsa": "5501",
    "áltá": "5601",
    "bådåddjo": "1804",
    "áhkkánjárga": "1806",
    "čáhcesuolu": "5607",
}


@dataclass(frozen=True)
class OfferFilters:
    diagnose: tuple[str, ...] = ()
    malgruppe: tuple[str, ...] = ()
    aldersgruppe: tuple[str, ...] = ()
    fagfelt: tuple[str, ...] = ()
    sprak: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    kommune: str | None = None
    tolk: bool = False
    samisk: bool = False
    gratis: bool = False
    uten_henvisning: bool = False
    fra: date | None = None
    til: date | None = None
    tilbyder: str | None = None
    # Who the offer is for, read from the question (`understanding.AUDIENCES`).
    audience: str | None = None
    sortering: str = "beste"
    # Words of the question to read as plain text, not as a filter (a removed chip).
    bokstavelig: frozenset[str] = frozenset()

    @classmethod
    def from_query(cls, query) -> tuple["OfferFilters", list[dict]]:
        """Filters from URL parameters, and a Norwegian message for every value not understood."""
        errors: list[dict] = []
        values: dict = {}

        def bad(name: str, value: str) -> None:
            errors.append(
                {
                    "felt": name,
                    "melding": _("Ukjent verdi «%(value)s» for %(name)s.")
                    % {"value": value[:100], "name": name},
                }
            )

        choices = {
            "diagnose": codes.DiagnosisGroup.values,
            "fagfelt": codes.Field.values,
            "malgruppe": codes.TargetGroup.values,
            "aldersgruppe": codes.AgeGroup.values,
            "format": [*FORMATS, *FORMAT_ALIASES],
        }
        for name, allowed in choices.items():
            picked = [v for v in query.getlist(name) if v][:MAX_VALUES_PER_FILTER]
            for value in picked:
                if value not in allowed:
                    bad(name, value)
            kept = [FORMAT_ALIASES.get(v, v) for v in picked if v in allowed]
            values[name] = tuple(dict.fromkeys(kept))
        values["sprak"] = tuple(dict.fromkeys(v[:10] for v in query.getlist("sprak") if v))[
            :MAX_VALUES_PER_FILTER
        ]
        for name in ("tolk", "samisk", "gratis", "uten_henvisning"):
            raw = (query.get(name) or "").lower()
            if raw and raw not in YES | NO:
                bad(name, raw)
            values[name] = raw in YES
        kommune = query.get("kommune") or None
        if kommune and not Municipality.objects.filter(number=kommune[:4]).exists():
            bad("kommune", kommune)
            kommune = None
        values["kommune"] = kommune
        for name in ("fra", "til"):
            raw = query.get(name) or ""
            try:
                values[name] = date.fromisoformat(raw) if raw else None
            except ValueError:
                errors.append(
                    {
                        "felt": name,
                        "melding": _("%(name)s må være en dato som 2026-11-22, ikke «%(value)s».")
                        % {"name": name, "value": raw[:100]},
                    }
                )
                values[name] = None
        values["tilbyder"] = (query.get("tilbyder") or None) and query.get("tilbyder")[:100]
        sort = query.get("sortering") or "beste"
        if sort not in SORTS:
            bad("sortering", sort)
            sort = "beste"
        values["sortering"] = sort
        values["bokstavelig"] = frozenset(
            language.fold(w) for w in query.getlist("bokstavelig")[:MAX_VALUES_PER_FILTER] if w
        )
        return cls(**values), errors


@dataclass
class Search:
    """A question read and ready to run: what was understood, and the matching offers."""

    query: str
    filters: OfferFilters
    reading: understanding.Reading
    today: date
    partial: bool = False
    notices: list[str] = field(default_factory=list)

    def offers(self) -> QuerySet:
        """Published offers, best first (as `search_offers`)."""
        return _ranked(self)

    def count(self) -> int:
        return _matching(self).count()


def run(query: str, filters: OfferFilters, *, today: date | None = None) -> Search:
    """Read the question, apply its chips, and decide between full and partial matching."""
    today = today or timezone.localdate()
    reading = understanding.read(query, place_names(), literal=filters.bokstavelig)
    search = Search(query, _with_chips(filters, reading), reading, today)
    if reading.ignored:
        search.notices.append(
            _("Spørsmålet var langt; disse ordene ble ikke brukt: %(words)s.")
            % {"words": ", ".join(reading.ignored)}
        )
    if len(reading.concepts) > 1 and not _matching(search).exists():
        search.partial = True
        if _matching(search).exists():
            search.notices.append(
                _("Ingen tilbud passer alle ordene. Viser tilbud som passer noen av dem.")
            )
    return search


def search_offers(query: str, filters: OfferFilters, *, today: date | None = None) -> QuerySet:
    """Published offers matching the question and filters, best match first."""
    return run(query, filters, today=today).offers()


def _with_chips(filters: OfferFilters, reading: understanding.Reading) -> OfferFilters:
    changes: dict = {}
    for chip in reading.chips:
        if chip.param == "for":
            changes["audience"] = chip.value
        elif chip.param in ("sprak", "format"):
            current = changes.get(chip.param, getattr(filters, chip.param))
            wanted = ("digitalt", "selvstudium") if chip.value == "nett" else (chip.value,)
            changes[chip.param] = tuple(dict.fromkeys((*current, *wanted)))
        elif chip.param == "kommune":
            if not filters.kommune:
                changes["kommune"] = chip.value
        else:
            changes[chip.param] = True
    return replace(filters, **changes)


@memoize
def _place_names_cached(_version: int) -> dict[str, tuple[str, str]]:
    names: dict[str, set[tuple[str, str]]] = {}
    rows = Municipality.objects.filter(valid_to__isnull=True).values_list(
        "number", "name", "unique_name", "sami_name", "kven_name"
    )
    display = {}
    for number, name, unique, sami, kven in rows:
        display[number] = unique
        for value in (name, unique, sami, kven):
            if value:
                names.setdefault(language.plain(value), set()).add((number, unique))
    for name, number in EXTRA_PLACE_NAMES.items():
        if number in display:
            names.setdefault(language.plain(name), set()).add((number, display[number]))
    # A name two municipalities share ("Våler") says nothing about which one is meant.
    return {name: next(iter(found)) for name, found in names.items() if len(found) == 1}


def place_names() -> dict[str, tuple[str, str]]:
    return _place_names_cached(Municipality.objects.count())


# --- matching -------------------------------------------------------------------------


def _concept_alternatives(search: Search) -> list[list[str]]:
    vocabulary = _vocabulary() if search.reading.concepts else frozenset()
    found = []
    for concept in search.reading.concepts:
        terms = set(concept)
        terms |= {language.stem(term) for term in concept if " " not in term}
        for term in concept:
            terms.update(language.typo_alternatives(term, vocabulary))
        found.append(sorted(terms))
    return found


def _text_match(alternatives: list[str]) -> Q:
    """Offers whose document contains one of the alternatives, answered from the index."""
    if connection.vendor == "sqlite":
        long = [a for a in alternatives if len(a) >= 3]
        q = Q(pk__in=[])
        if long:
            expression = " OR ".join('"' + a.replace('"', '""') + '"' for a in long)
            q |= Q(
                pk__in=RawSQL(
                    "SELECT rowid FROM catalogue_searchfts WHERE catalogue_searchfts MATCH %s",
                    [expression],
                )
            )
        for term in alternatives:
            if len(term) < 3:
                q |= Q(**{f"{D}text__contains": f" {term}"})
        return q
    q = Q(pk__in=[])
    for term in alternatives:
        q |= Q(**{f"{D}text__contains": term})
    return q


def _field_hit(column: str, alternatives: list[str]) -> Q:
    q = Q(pk__in=[])
    for term in alternatives:
        q |= Q(**{f"{D}{column}__contains": term})
    return q


def _matching(search: Search) -> QuerySet:
    """The published offers that match, unordered."""
    offers = Offer.objects.filter(status=codes.OfferStatus.PUBLISHED, search_document__isnull=False)
    offers = offers.filter(filter_conditions(search.filters, search.today))
    concepts = _concept_alternatives(search)
    if not concepts:
        return offers
    matches = [_text_match(alternatives) for alternatives in concepts]
    if search.partial:
        either = Q(pk__in=[])
        for match in matches:
            either |= match
        return offers.filter(either)
    for match in matches:
        offers = offers.filter(match)
    return offers


def _ranked(search: Search) -> QuerySet:
    offers = _matching(search)
    today = search.today
    concepts = _concept_alternatives(search)
    # The words read as chips still say what matters most: they rank, but do not match.
    boosts = [
        sorted({language.stem(language.fold(c.words)), language.fold(c.words)})
        for c in search.reading.chips
    ]
    score = Value(0)
    for alternatives in concepts + boosts:
        score = score + Case(
            When(_field_hit("title", alternatives), then=Value(4)),
            When(_field_hit("tags", alternatives), then=Value(2)),
            When(_field_hit("body", alternatives), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    upcoming = Case(
        When(**{f"{D}next_start__gte": today}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    offers = offers.annotate(score=score, has_upcoming=upcoming)
    order: list = []
    if search.partial:
        matched = Value(0)
        for alternatives in concepts:
            matched = matched + Case(
                When(_text_match(alternatives), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        offers = offers.annotate(matched=matched)
        order.append("-matched")
    if search.filters.kommune:
        offers = offers.annotate(tier=_tier(search.filters.kommune, today))
    soonest = Case(
        When(**{f"{D}next_start__gte": today}, then=f"{D}next_start"),
        default=Value(None),
    )
    if search.filters.sortering == "snarest":
        offers = offers.annotate(soonest=soonest)
        order += ["-has_upcoming", "soonest", "-score"]
    elif search.filters.sortering == "naermest" and search.filters.kommune:
        order += ["tier", "-has_upcoming", "-score"]
    else:
        order.append("-score")
        if search.filters.kommune:
            order.append("tier")
        order.append("-has_upcoming")
    order += [f"{D}title_sort", "pk"]
    return offers.order_by(*order)


# --- filters --------------------------------------------------------------------------


def _with_code(field: str, values) -> Q:
    return Q(pk__in=OfferCode.objects.filter(field=field, code__in=values).values("offer"))


def _tier(number: str, today: date) -> Case:
    where = reach.place(number)
    local, regional, digital, national = _reach_conditions(where, today)
    return Case(
        When(local, then=Value(reach.Tier.LOCAL)),
        When(regional, then=Value(reach.Tier.REGIONAL)),
        When(digital, then=Value(reach.Tier.DIGITAL)),
        When(national, then=Value(reach.Tier.NATIONAL)),
        default=Value(9),
        output_field=IntegerField(),
    )


def _reach_conditions(where: reach.Place | None, today: date) -> tuple[Q, Q, Q, Q]:
    number = where.number if where else ""
    local = Q(pk__in=SearchPlace.objects.filter(municipality=number).values("offer_id"))
    regional = Q(**{f"{D}level": codes.Level.REGIONAL}) & (
        Q(**{f"{D}reach_trust__in": sorted(where.trusts) if where else []})
        | Q(**{f"{D}reach_region": where.region if where else "-"})
        | Q(**{f"{D}reach_county": where.county if where else "-"})
    )
    digital = Q(**{f"{D}next_live__gte": today}) | Q(**{f"{D}next_self_study__gte": today})
    national = Q(**{f"{D}level": codes.Level.NATIONAL})
    return local, regional, digital, national


def _where_i_live(number: str, today: date) -> Q:
    local, regional, digital, national = _reach_conditions(reach.place(number), today)
    return local | regional | digital | national


def filter_conditions(filters: OfferFilters, today: date, skip: str = "") -> Q:
    """The filters as one condition on offers; `skip` leaves one facet out (for its counts)."""
    q = Q()
    for name, (code_field, _allowed) in MULTI.items():
        if name != skip and getattr(filters, name):
            q &= _with_code(code_field, getattr(filters, name))
    if skip != "malgruppe" and filters.malgruppe:
        q &= Q(**{f"{D}main_target_group__in": filters.malgruppe}) | _with_code(
            "andre_malgrupper", filters.malgruppe
        )
    if skip != "aldersgruppe" and filters.aldersgruppe:
        q &= Q(**{f"{D}age_group__in": filters.aldersgruppe})
    if filters.audience and skip != "for":
        _label, groups, ages = understanding.AUDIENCES[filters.audience]
        audience = Q(pk__in=[])
        if groups:
            audience |= Q(**{f"{D}main_target_group__in": sorted(groups)}) | _with_code(
                "andre_malgrupper", sorted(groups)
            )
        if ages:
            audience |= Q(**{f"{D}age_group__in": sorted(ages)})
        q &= audience
    if skip != "format" and filters.format:
        either = Q(pk__in=[])
        for name in filters.format:
            either |= Q(**{f"{D}{FORMATS[name]}__gte": today})
        q &= either
    for name, condition in FLAGS.items():
        if name != skip and getattr(filters, name):
            q &= condition
    if filters.kommune and skip != "kommune":
        q &= _where_i_live(filters.kommune, today)
    if filters.fra or filters.til:
        slots = SearchSlot.objects.filter(start__gte=max(filters.fra or today, today))
        if filters.til:
            slots = slots.filter(start__lte=filters.til)
        q &= Q(pk__in=slots.values("offer_id"))
    if filters.tilbyder:
        from mestring.accounts.permissions import subtree

        roots = set(
            Offer.responsible.field.related_model.objects.filter(
                external_id=filters.tilbyder
            ).values_list("pk", flat=True)
        )
        q &= Q(responsible_id__in=sorted(subtree(roots)))
    return q


# --- vocabulary and suggestions --------------------------------------------------------

_VOCABULARY: dict[int, frozenset[str]] = {}


def _vocabulary() -> frozenset[str]:
    """The folded words of the index, read once per index version and process."""
    current = index.version()
    if current not in _VOCABULARY:
        _VOCABULARY.clear()
        words = set(SearchWord.objects.values_list("word", flat=True))
        for choices in (codes.DiagnosisGroup, codes.Field, codes.TargetGroup):
            for _code, label in choices.choices:
                words.update(language.words(str(label)))
        _VOCABULARY[current] = frozenset(w for w in words if len(w) >= 3)
    return _VOCABULARY[current]


def spelling_suggestion(query: str) -> str | None:
    """The question with unknown words replaced by the closest known word, if any."""
    import difflib

    vocabulary = _vocabulary()
    changed, words = False, []
    for word in language.words(query):
        if len(word) < 4 or any(word in known for known in vocabulary):
            words.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        if close:
            words.append(close[0])
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else None


# --- facet counts ---------------------------------------------------------------------


def catalogue_version() -> str:
    """Changes whenever the index changes (one indexed read)."""
    return str(index.version())


def facet_counts(
    query: str, filters: OfferFilters, *, today: date | None = None
) -> dict[str, dict[str, int]]:
    """How many offers each choice would leave, given the question and the other filters.

    Cached per question, filters, day and index version, so a change shows at once.
    """
    today = today or timezone.localdate()
    key = (
        "search-facets-"
        + hashlib.sha256(
            repr((query.strip().casefold(), filters, today, catalogue_version())).encode()
        ).hexdigest()
    )
    counts = cache.get(key)
    if counts is None:
        counts = _facet_counts(run(query, filters, today=today))
        cache.set(key, counts, 3600)
    return counts


def _facet_counts(search: Search) -> dict[str, dict[str, int]]:
    today, filters = search.today, search.filters
    base = _matching(replace(search, filters=OfferFilters()))
    counts: dict[str, dict[str, int]] = {}
    for name, (code_field, _allowed) in MULTI.items():
        offers = base.filter(filter_conditions(filters, today, skip=name)).values("pk")
        rows = (
            OfferCode.objects.filter(field=code_field, offer__in=offers)
            .values("code")
            .annotate(n=Count("offer", distinct=True))
        )
        counts[name] = {row["code"]: row["n"] for row in rows}
    for name, column in (("malgruppe", "main_target_group"), ("aldersgruppe", "age_group")):
        scoped = base.filter(filter_conditions(filters, today, skip=name))
        counts[name] = {
            row[f"{D}{column}"]: row["n"]
            for row in scoped.values(f"{D}{column}").annotate(n=Count("pk"))
        }
    scoped = base.filter(filter_conditions(filters, today, skip="format"))
    counts["format"] = scoped.aggregate(
        **{
            name: Count("pk", filter=Q(**{f"{D}{column}__gte": today}))
            for name, column in FORMATS.items()
        }
    )
    for name, condition in FLAGS.items():
        scoped = base.filter(filter_conditions(filters, today, skip=name))
        counts[name] = {"ja": scoped.filter(condition).count()}
    counts["kommune"] = municipality_counts(
        base.filter(filter_conditions(filters, today, skip="kommune")), today
    )
    return counts


def municipality_counts(offers: QuerySet, today: date) -> dict[str, int]:
    """For every municipality, how many of `offers` its residents can join (`catalogue.reach`).

    Two reads of the index and set arithmetic in memory, not a query per municipality.
    """
    everywhere: set[int] = set()
    by_trust: dict[str, set[int]] = {}
    by_region: dict[str, set[int]] = {}
    by_county: dict[str, set[int]] = {}
    rows = offers.values_list(
        "pk",
        f"{D}level",
        f"{D}reach_trust",
        f"{D}reach_region",
        f"{D}reach_county",
        f"{D}next_live",
        f"{D}next_self_study",
    )
    for pk, level, trust, region, county, live, self_study in rows:
        if (
            level == codes.Level.NATIONAL
            or (live and live >= today)
            or (self_study and self_study >= today)
        ):
            everywhere.add(pk)
        elif level == codes.Level.REGIONAL:
            if trust:
                by_trust.setdefault(trust, set()).add(pk)
            elif region:
                by_region.setdefault(region, set()).add(pk)
            elif county:
                by_county.setdefault(county, set()).add(pk)
    local: dict[str, set[int]] = {}
    places = SearchPlace.objects.filter(offer_id__in=offers.values("pk")).values_list(
        "municipality", "offer_id"
    )
    for municipality, pk in places:
        if pk not in everywhere:
            local.setdefault(municipality, set()).add(pk)
    counts = {}
    for number, where in reach.places().items():
        near = set(local.get(number, ()))
        for trust in where.trusts:
            near |= by_trust.get(trust, set())
        near |= by_region.get(where.region, set())
        near |= by_county.get(where.county, set())
        counts[number] = len(everywhere) + len(near)
    return counts


__all__ = [
    "OfferFilters",
    "Search",
    "SearchDocument",
    "facet_counts",
    "filter_conditions",
    "run",
    "search_offers",
    "spelling_suggestion",
]
