"""Search and filters of the public catalogue: the one interface views and the API call.

The question is read first (`understanding.read`): words that name a filter become chips,
the rest are concepts (a word with its synonyms, stem and spelling neighbours). Matching
reads the search index (`models.SearchDocument`, kept by `index.py`), never the offers and
runs themselves: a trigram GIN index on PostgreSQL, an FTS5 trigram table on SQLite, both
matching folded substrings so that "diabetes" finds "Diabeteskurs". Offers matching every
concept come first; when none does, offers matching most of them, with a notice.
"""

import hashlib
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Expression,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.refdata.models import Municipality

from .. import codes, reach
from ..models import Offer, OfferCode, Organisation
from . import audience, index, language, postings, understanding
from .models import SearchDocument, SearchPathway, SearchPlace, SearchSlot, SearchWord

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
FORMAT_ALIASES = {"digitalt_direkte": "digitalt", "digitalt_selvstudium": "selvstudium"}
# Hybrid runs count as physical and as live; asked for alone, only they are meant.
HYBRID = "hybrid"
FLAGS = {
    "tolk": Q(interpreter=True),
    "samisk": Q(**{"sami": True}),
    "gratis": Q(**{"free": True}),
    "uten_henvisning": Q(**{"without_referral": True}),
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
    # Patient pathways (collaboration.Pathway codes): offers in any of them, any phase.
    pasientforlop: tuple[str, ...] = ()
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
            "format": [*FORMATS, *FORMAT_ALIASES, HYBRID],
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
        pathways = list(dict.fromkeys(v for v in query.getlist("pasientforlop") if v))[
            :MAX_VALUES_PER_FILTER
        ]
        known = pathway_names(pathways) if pathways else {}
        for value in pathways:
            if value not in known:
                bad("pasientforlop", value)
        values["pasientforlop"] = tuple(v for v in pathways if v in known)
        for name in ("tolk", "samisk", "gratis", "uten_henvisning"):
            raw = (query.get(name) or "").lower()
            if raw and raw not in YES | NO:
                bad(name, raw)
            values[name] = raw in YES
        kommune = query.get("kommune") or None
        if kommune and not _known_municipality(kommune[:4]):
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
    """A question read and ready to run: what was understood, and the matching offers.

    Offers must match every concept of the question; when none does, offers matching some
    of them are shown (`partial`), with a notice. That is decided once, at the first read:
    a page read together with its count learns it from the count, other reads ask first.
    """

    query: str
    filters: OfferFilters
    reading: understanding.Reading
    today: date
    partial: bool = False
    notices: list[str] = field(default_factory=list)
    _concepts: list | None = None
    _places: dict = field(default_factory=dict)
    _settled: bool = False

    def concepts(self) -> list[tuple[list[str], list[str]]]:
        """Per concept: its alternatives (for ranking) and the indexed words they expand to."""
        if self._concepts is None:
            self._concepts = _concepts(self)
        return self._concepts

    def place(self, number: str) -> "reach.Place | None":
        if number not in self._places:
            self._places[number] = reference_place(number)
        return self._places[number]

    def settle(self) -> None:
        """Decide between full and partial matching, if not yet decided."""
        if self._settled:
            return
        self._settled = True
        if self._may_widen() and not _matching(self).exists():
            self._widen(_matching(replace(self, partial=True)).exists())

    def _may_widen(self) -> bool:
        return not self.partial and len(self.reading.concepts) > 1

    def _widen(self, found: bool) -> None:
        self.partial = True
        if found:
            self.notices.append(
                _("Ingen tilbud passer alle ordene. Viser tilbud som passer noen av dem.")
            )

    def documents(self) -> QuerySet:
        """The matching search documents, best first."""
        self.settle()
        return _ranked(self)

    def count(self) -> int:
        self.settle()
        return _matching(self).count()

    def page(self, start: int, stop: int) -> list[int]:
        """Offer ids of one page of results, best first."""
        return list(self.documents()[start:stop].values_list("offer_id", flat=True))

    def page_and_count(self, start: int, stop: int) -> tuple[list[int], int]:
        """Offer ids of one page and the number of matches, from one read of the index.

        Undecided, the strict reading is tried first: when nothing matches every concept,
        the count says so and the page is read again, partially.
        """
        if self._settled or not self._may_widen():
            self._settled = True
            return self._page_and_count(start, stop)
        self._settled = True
        ids, total = self._page_and_count(start, stop)
        if total == 0:
            self.partial = True
            ids, total = self._page_and_count(start, stop)
            self._widen(total > 0)
        return ids, total

    def _page_and_count(self, start: int, stop: int) -> tuple[list[int], int]:
        rows = list(
            _ranked(self)
            .annotate(total=Window(Count("offer_id")))[start:stop]
            .values_list("offer_id", "total")
        )
        if rows:
            return [pk for pk, _total in rows], rows[0][1]
        return [], (_matching(self).count() if start else 0)

    def cached_page(self, start: int, stop: int) -> tuple[list[int], int]:
        """Offer ids of one page and the total, kept until the index changes.

        People ask the same questions again and again; a cached answer costs one read.
        """
        # "-2": entries now hold whether the match was partial; older ones are not read.
        key = (
            "search-page-2-"
            + hashlib.sha256(
                repr(
                    (self.query.strip().casefold(), self.filters, self.today, start, stop)
                ).encode()
            ).hexdigest()
        )
        version = index.state()
        found = cache.get(key)
        if found is not None and found[0] == version:
            _version, ids, total, partial = found
            if partial and not self.partial:
                self._widen(total > 0)
            self._settled = True
            return ids, total
        ids, total = self.page_and_count(start, stop)
        cache.set(key, (version, ids, total, self.partial), 600)
        return ids, total

    def offer_ids(self) -> QuerySet:
        """The matching offers' ids as a subquery (unordered)."""
        self.settle()
        return _matching(self).values("offer_id")

    def offers(self) -> QuerySet:
        """The matching offers as `Offer` objects, best first (reads every id: small sets)."""
        ids = list(self.documents().values_list("offer_id", flat=True))
        order = Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)),
            default=Value(len(ids)),
            output_field=IntegerField(),
        )
        return Offer.objects.filter(pk__in=ids).order_by(order) if ids else Offer.objects.none()


class Results:
    """A search as a sequence of offer ids for Django's Paginator: a count and page slices.

    The page the visitor asked for is read together with the count, in one query, and kept
    like the API's pages (`Search.cached_page`); another slice (a page number out of range)
    is read on its own.
    """

    def __init__(self, search: Search, page: int = 1, per_page: int = 20):
        self.search = search
        self._wanted = ((page - 1) * per_page, page * per_page)
        self._read: tuple[list[int], int] | None = None

    def count(self) -> int:
        if self._read is None:
            self._read = self.search.cached_page(*self._wanted)
        return self._read[1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            wanted = (index.start or 0, index.stop)
            if self._read is not None and wanted == self._wanted:
                return self._read[0]
            return self.search.page(*wanted)
        return self.search.page(index, index + 1)[0]


def run(query: str, filters: OfferFilters, *, today: date | None = None) -> Search:
    """Read the question and apply its chips (whether to match partially is decided at the
    first read, see `Search`)."""
    today = today or timezone.localdate()
    reading = understanding.read(query, place_names(), literal=filters.bokstavelig)
    search = Search(query, _with_chips(filters, reading), reading, today)
    if reading.ignored:
        search.notices.append(
            _("Spørsmålet var langt; disse ordene ble ikke brukt: %(words)s.")
            % {"words": ", ".join(reading.ignored)}
        )
    return search


def search_offers(query: str, filters: OfferFilters, *, today: date | None = None) -> QuerySet:
    """Published offers matching the question and filters, best match first (small sets;
    pages and counts of large ones come from `run(...).page()` and `.count()`)."""
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


@lru_cache(maxsize=1)
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
    """Municipality names, read at most every ten minutes per process (they rarely change)."""
    return _place_names_cached(int(time.monotonic() // 600))


@lru_cache(maxsize=1)
def _current_places(_version: int) -> dict[str, reach.Place]:
    return reach.places()


def reference_place(number: str) -> reach.Place | None:
    """A municipality as the reach rule needs it; the current ones are read at most every
    ten minutes per process, like their names."""
    found = _current_places(int(time.monotonic() // 600)).get(number)
    return found if found is not None else reach.place(number)


def _known_municipality(number: str) -> bool:
    if number in _current_places(int(time.monotonic() // 600)):
        return True
    return Municipality.objects.filter(number=number).exists()


def forget_reference_data() -> None:
    """Read municipality names and places anew (after loading reference data; tests)."""
    _place_names_cached.cache_clear()
    _current_places.cache_clear()


def pathway_names(codes_wanted=None) -> dict[str, str]:
    """Patient pathway code → name (collaboration.Pathway), all or only those asked for."""
    from django.apps import apps

    pathways = apps.get_model("collaboration", "Pathway").objects.all()
    if codes_wanted is not None:
        pathways = pathways.filter(code__in=[c[:60] for c in codes_wanted])
    return dict(pathways.order_by("group", "name").values_list("code", "name"))


# --- matching -------------------------------------------------------------------------


def _concept_alternatives(search: Search, vocabulary: frozenset[str]) -> list[list[str]]:
    found = []
    for concept in search.reading.concepts:
        terms = set(concept)
        terms |= {language.stem(term) for term in concept if " " not in term}
        for term in concept:
            terms.update(_typo_alternatives(term, vocabulary))
        found.append(sorted(terms))
    return found


MAX_EXPANSIONS = 300


# Both read the whole vocabulary; a word's answer is kept until the vocabulary changes (a
# new index version gives a new frozenset, whose hash Python computes once).
@lru_cache(maxsize=4096)
def _typo_alternatives(term: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(language.typo_alternatives(term, vocabulary))


@lru_cache(maxsize=4096)
def _containing(term: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in vocabulary if term in w)


_AUDIENCE_WORDS = tuple(w for w in understanding.AUDIENCE_WORDS if " " not in w)


@lru_cache(maxsize=4096)
def _names_an_audience(term: str) -> bool:
    """An audience word, or its stem («eldr» of «eldre»)."""
    return term in _AUDIENCE_WORDS or (
        len(term) >= 4 and any(word.startswith(term) for word in _AUDIENCE_WORDS)
    )


@lru_cache(maxsize=4096)
def _starting(term: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    return tuple(w for w in vocabulary if w.startswith(term))


def _expanded(alternatives: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Whole indexed words for the alternatives: compounds and inflections containing them.

    "diabetes" → diabetes, diabeteskurs, diabetesskole …; a phrase stays a phrase.
    """
    words: set[str] = set()
    for term in alternatives:
        if " " in term or len(term) < 3:
            words.add(term)
            continue
        words.add(term)
        if _names_an_audience(term):
            # Who a course is for leads its compounds («eldreomsorg», «barnegruppe»);
            # inside a word it is another word: «eldre» in «foreldre».
            words.update(_starting(term, vocabulary))
        else:
            words.update(_containing(term, vocabulary))
    return sorted(words, key=lambda w: (len(w), w))[:MAX_EXPANSIONS]


def _text_match(words: list[str]) -> Q:
    """Documents containing one of the words, answered by the word index.

    On PostgreSQL the membership test is wrapped (`IS TRUE`) so that the planner keeps it as
    one hashed set probed per document instead of turning it into a join: with a LIMIT
    and a broad word it chose a nested loop that took a minute (measured on national data).
    """
    if connection.vendor == "postgresql":
        sql, params = postings.matching_sql("text", words)
        return Q(
            Func(
                F("offer_id"),
                RawSQL(sql, params),  # noqa: S611 - postings.py builds it from constants
                arg_joiner=" IN ",
                template="(%(expressions)s) IS TRUE",
                output_field=BooleanField(),
            )
        )
    return Q(
        offer_id__in=RawSQL(
            "SELECT rowid FROM catalogue_searchfts WHERE catalogue_searchfts MATCH %s",
            [_fts_any(words)],
        )
    )


def _field_match(column: str, words: list[str]) -> Q:
    """Documents with one of the words in their title or their tags (migrations 0007, 0010)."""
    if connection.vendor == "postgresql":
        return Q(offer_id__in=RawSQL(*postings.matching_sql(column, words)))  # noqa: S611
    return Q(
        offer_id__in=RawSQL(
            "SELECT rowid FROM catalogue_searchfields WHERE catalogue_searchfields MATCH %s",
            [f"{column} : ({_fts_any(words)})"],
        )
    )


def _fts_any(words: list[str]) -> str:
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def _concepts(search: Search) -> list[tuple[list[str], list[str]]]:
    if not search.reading.concepts:
        return []
    vocabulary = _vocabulary()
    return [
        (alternatives, _expanded(alternatives, vocabulary))
        for alternatives in _concept_alternatives(search, vocabulary)
    ]


def _matching(search: Search) -> QuerySet:
    """The matching documents, unordered."""
    documents = SearchDocument.objects.filter(
        filter_conditions(search.filters, search.today, place=search.place)
    )
    matches = [_text_match(words) for _alternatives, words in search.concepts()]
    if not matches:
        return documents
    if search.partial:
        either = Q(pk__in=[])
        for match in matches:
            either |= match
        return documents.filter(either)
    for match in matches:
        documents = documents.filter(match)
    return documents


def _ranked(search: Search) -> QuerySet:
    documents = _matching(search)
    today = search.today
    concepts = search.concepts()
    # The words read as chips still say what matters most: they rank, but do not match.
    vocabulary = _vocabulary()
    boosts = [
        _expanded(
            sorted({language.stem(language.fold(c.words)), language.fold(c.words)}), vocabulary
        )
        for c in search.reading.chips
    ]
    score: Expression = Value(0)
    for words in [words for _alternatives, words in concepts] + boosts:
        score = score + Case(
            When(_field_match("title", words), then=Value(4)),
            When(_field_match("tags", words), then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    upcoming = Case(
        When(next_start__gte=today, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    documents = documents.annotate(score=score, has_upcoming=upcoming)
    order: list = []
    if search.partial:
        matched: Expression = Value(0)
        for _alternatives, words in concepts:
            matched = matched + Case(
                When(_text_match(words), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        documents = documents.annotate(matched=matched)
        order.append("-matched")
    if search.filters.kommune:
        where = search.place(search.filters.kommune)
        documents = documents.annotate(tier=_tier(where, today))
    if search.filters.sortering == "snarest":
        soonest = Case(When(next_start__gte=today, then="next_start"), default=Value(None))
        documents = documents.annotate(soonest=soonest)
        order += ["-has_upcoming", "soonest", "-score"]
    elif search.filters.sortering == "naermest" and search.filters.kommune:
        order += ["tier", "-has_upcoming", "-score"]
    else:
        order.append("-score")
        if search.filters.kommune:
            order.append("tier")
        order.append("-has_upcoming")
    return documents.order_by(*order, "title_sort", "offer_id")


# --- filters --------------------------------------------------------------------------


def _has_bits(field: str, mask: int) -> Q:
    """Documents with any of these bits set in the field (`audience.py`)."""
    return Q(GreaterThan(F(field).bitand(mask), 0))


def _with_code(field: str, values) -> Q:
    return Q(offer_id__in=OfferCode.objects.filter(field=field, code__in=values).values("offer"))


def _tier(where: reach.Place | None, today: date) -> Case:
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
    local = Q(offer_id__in=SearchPlace.objects.filter(municipality=number).values("offer_id"))
    regional = Q(**{"level": codes.Level.REGIONAL}) & (
        Q(**{"reach_trust__in": sorted(where.trusts) if where else []})
        | Q(**{"reach_region": where.region if where else "-"})
        | Q(**{"reach_county": where.county if where else "-"})
    )
    digital = Q(**{"next_live__gte": today}) | Q(**{"next_self_study__gte": today})
    national = Q(**{"level": codes.Level.NATIONAL})
    return local, regional, digital, national


def _where_i_live(where: reach.Place | None, today: date) -> Q:
    local, regional, digital, national = _reach_conditions(where, today)
    return local | regional | digital | national


def filter_conditions(filters: OfferFilters, today: date, skip: str = "", place=None) -> Q:
    """The filters as one condition on offers; `skip` leaves one facet out (for its counts)."""
    q = Q()
    for name, (code_field, _allowed) in MULTI.items():
        if name != skip and getattr(filters, name):
            q &= _with_code(code_field, getattr(filters, name))
    if skip != "malgruppe" and filters.malgruppe:
        q &= _has_bits("target_groups", audience.target_group_mask(filters.malgruppe))
    if skip != "aldersgruppe" and filters.aldersgruppe:
        q &= Q(**{"age_group__in": filters.aldersgruppe})
    if filters.audience and skip != "for":
        q &= _has_bits("audiences", audience.AUDIENCE_BITS[filters.audience])
    if skip != "pasientforlop" and filters.pasientforlop:
        q &= Q(
            offer_id__in=SearchPathway.objects.filter(pathway__in=filters.pasientforlop).values(
                "offer_id"
            )
        )
    if skip != "format" and filters.format:
        either = Q(pk__in=[])
        for name in filters.format:
            if name == HYBRID:
                hybrid = SearchSlot.objects.filter(format=HYBRID, start__gte=today)
                either |= Q(offer_id__in=hybrid.values("offer_id"))
            else:
                either |= Q(**{f"{FORMATS[name]}__gte": today})
        q &= either
    for name, condition in FLAGS.items():
        if name != skip and getattr(filters, name):
            q &= condition
    if filters.kommune and skip != "kommune":
        q &= _where_i_live((place or reach.place)(filters.kommune), today)
    if filters.fra or filters.til:
        slots = SearchSlot.objects.filter(start__gte=max(filters.fra or today, today))
        if filters.til:
            slots = slots.filter(start__lte=filters.til)
        q &= Q(offer_id__in=slots.values("offer_id"))
    if filters.tilbyder:
        roots = Organisation.objects.filter(external_id=filters.tilbyder).values_list(
            "pk", flat=True
        )
        q &= Q(offer__responsible_id__in=sorted(Organisation.objects.subtree_ids(roots)))
    return q


# --- vocabulary and suggestions --------------------------------------------------------

_VOCABULARY: dict[tuple, frozenset[str]] = {}


def _vocabulary() -> frozenset[str]:
    """The folded words of the index, read once per index state and process."""
    current = index.state()
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


# Facet counts that took longer than this are served from the previous index version
# while one background thread computes the new ones: no visitor waits seconds after a
# change. Quicker ones are computed at once, so a change shows at once.
SLOW_FACETS_SECONDS = 0.5


def facet_counts(
    query: str, filters: OfferFilters, *, today: date | None = None
) -> dict[str, dict[str, int]]:
    """How many offers each choice would leave, given the question and the other filters.

    Cached per question, filters and day, with the index version they were counted at.
    """
    today = today or timezone.localdate()
    key = (
        "search-facets-"
        + hashlib.sha256(repr((query.strip().casefold(), filters, today)).encode()).hexdigest()
    )
    current = index.state()
    entry = cache.get(key)
    if entry is not None and entry[0] == current:
        return entry[1]
    if entry is not None and entry[2] > SLOW_FACETS_SECONDS:
        if cache.add(key + "-busy", 1, 120):
            threading.Thread(
                target=_count_in_background, args=(key, query, filters, today), daemon=True
            ).start()
        return entry[1]
    return _count_and_keep(key, query, filters, today)


def _count_and_keep(key: str, query: str, filters: OfferFilters, today: date) -> dict:
    version = index.state()
    started = time.monotonic()
    counts = _facet_counts(run(query, filters, today=today))
    cache.set(key, (version, counts, time.monotonic() - started), 24 * 3600)
    return counts


def _count_in_background(key: str, query: str, filters: OfferFilters, today: date) -> None:
    try:
        _count_and_keep(key, query, filters, today)
    finally:
        cache.delete(key + "-busy")
        connection.close()


def warm_facets(today: date | None = None) -> None:
    """Count the facets of the empty search, so the first visitor finds them ready."""
    facet_counts("", OfferFilters(), today=today)


def _facet_counts(search: Search) -> dict[str, dict[str, int]]:
    """Every facet counts the matches under the other filters. The facets not chosen share
    those (all the filters), so they are counted together: one read of the codes and one
    of the documents; a chosen facet is counted on its own, without its own filter."""
    search.settle()
    today, filters = search.today, search.filters
    base = _matching(replace(search, filters=OfferFilters()))
    every = base.filter(filter_conditions(filters, today, place=search.place))

    def without(name: str) -> QuerySet:
        if not getattr(filters, name):
            return every
        return base.filter(filter_conditions(filters, today, skip=name, place=search.place))

    counts: dict[str, dict[str, int]] = {}
    for names, documents in _grouped(MULTI, filters, every, without):
        counts.update(_code_counts(names, documents))
    for names, documents in _grouped(DOCUMENT_FACETS, filters, every, without):
        counts.update(_document_counts(names, documents, today))
    counts["pasientforlop"] = {
        row["pathway"]: row["n"]
        for row in SearchPathway.objects.filter(
            offer__in=without("pasientforlop").values("offer_id")
        )
        .values("pathway")
        .annotate(n=Count("offer", distinct=True))
    }
    counts["kommune"] = municipality_counts(without("kommune"), today)
    return counts


# Facets counted from the search documents' own columns.
DOCUMENT_FACETS = ("malgruppe", "aldersgruppe", "format", *FLAGS)


def _grouped(names, filters: OfferFilters, every: QuerySet, without) -> list[tuple[list, QuerySet]]:
    """The facets not chosen together over all the filters; each chosen one on its own."""
    chosen = [name for name in names if getattr(filters, name)]
    groups = [([name], without(name)) for name in chosen]
    others = [name for name in names if name not in chosen]
    return [(others, every), *groups] if others else groups


def _code_counts(names: list[str], documents: QuerySet) -> dict[str, dict[str, int]]:
    lists = {MULTI[name][0]: name for name in names}
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    rows = (
        OfferCode.objects.filter(field__in=sorted(lists), offer__in=documents.values("offer_id"))
        .values("field", "code")
        .annotate(n=Count("offer"))  # an offer has a code once per list (offercode_unique)
    )
    for row in rows:
        counts[lists[row["field"]]][row["code"]] = row["n"]
    return counts


def _document_counts(names: list[str], documents: QuerySet, today: date) -> dict:
    """One grouped read: per main target group and age group, how many documents, and how
    many of them have each format and flag; the facets asked for are summed from it."""
    counted = {f"format_{name}": Q(**{f"{column}__gte": today}) for name, column in FORMATS.items()}
    counted |= {f"flag_{name}": condition for name, condition in FLAGS.items()}
    rows = documents.values("main_target_group", "age_group").annotate(
        n=Count("pk"), **{key: Count("pk", filter=condition) for key, condition in counted.items()}
    )
    counts: dict[str, dict[str, int]] = {name: {} for name in names}
    if "format" in counts:
        counts["format"] = dict.fromkeys(FORMATS, 0)
    for name in FLAGS:
        if name in counts:
            counts[name] = {"ja": 0}
    for row in rows:
        for name, column in (("malgruppe", "main_target_group"), ("aldersgruppe", "age_group")):
            if name in counts:
                counts[name][row[column]] = counts[name].get(row[column], 0) + row["n"]
        if "format" in counts:
            for name in FORMATS:
                counts["format"][name] += row[f"format_{name}"]
        for name in FLAGS:
            if name in counts:
                counts[name]["ja"] += row[f"flag_{name}"]
    return counts


def municipality_counts(offers: QuerySet, today: date) -> dict[str, int]:
    """For every municipality, how many of these documents' offers its residents can join.

    Two reads of the index and arithmetic in memory, not a query per municipality. A
    regional offer reaches through one trust, region or county: the municipality's count
    adds the sizes of its areas and its local offers, less the local ones already counted
    in an area.
    """
    everywhere: set[int] = set()
    area_of: dict[int, tuple[str, str]] = {}
    sizes: dict[tuple[str, str], int] = {}
    rows = offers.values_list(
        "offer_id",
        "level",
        "reach_trust",
        "reach_region",
        "reach_county",
        "next_live",
        "next_self_study",
    )
    for pk, level, trust, region, county, live, self_study in rows:
        if (
            level == codes.Level.NATIONAL
            or (live and live >= today)
            or (self_study and self_study >= today)
        ):
            everywhere.add(pk)
        elif level == codes.Level.REGIONAL and (trust or region or county):
            area = (
                ("trust", trust) if trust else ("region", region) if region else ("county", county)
            )
            area_of[pk] = area
            sizes[area] = sizes.get(area, 0) + 1
    local: dict[str, set[int]] = {}
    places = SearchPlace.objects.filter(offer_id__in=offers.values("offer_id")).values_list(
        "municipality", "offer_id"
    )
    for municipality, pk in places:
        if pk not in everywhere:
            local.setdefault(municipality, set()).add(pk)
    counts = {}
    for number, where in _current_places(int(time.monotonic() // 600)).items():
        areas = {("trust", trust) for trust in where.trusts}
        areas |= {("region", where.region), ("county", where.county)}
        held = local.get(number, set())
        counted = sum(1 for pk in held if area_of.get(pk) in areas)
        regional = sum(sizes.get(area, 0) for area in areas)
        counts[number] = len(everywhere) + regional + len(held) - counted
    return counts


__all__ = [
    "OfferFilters",
    "Results",
    "Search",
    "SearchDocument",
    "facet_counts",
    "filter_conditions",
    "run",
    "search_offers",
    "spelling_suggestion",
]
