"""Search of the public catalogue: the one interface views, the API and the open data call.

The question is read first (`understanding.read`): words that name a filter become chips,
the rest are concepts (a word with its synonyms, stem, spelling neighbours and the
compounds of the index's vocabulary that contain it). Matching reads the search index
(`models.SearchDocument`, kept by `index.py`), never the offers and runs themselves: word
posting lists on PostgreSQL (`postings.py`), FTS5 tables on SQLite. Offers matching every
concept come first; when none does, offers matching most of them, with a notice.

Beside it: the filters (`filters.py`), the reference data a process keeps (`places.py`)
and the results page's facet counts (`facets.py`).
"""

import hashlib
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

from .. import codes, reach
from ..models import Offer, OfferCode, Organisation
from . import audience, index, language, postings, understanding
from .filters import FLAGS, FORMATS, HYBRID, MULTI, OfferFilters
from .models import SearchDocument, SearchPathway, SearchPlace, SearchSlot, SearchWord
from .places import forget_reference_data, pathway_names, place_names, reference_place


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
        if self._may_widen() and not matching(self).exists():
            self._widen(matching(replace(self, partial=True)).exists())

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
        return matching(self).count()

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
        return [], (matching(self).count() if start else 0)

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
        return matching(self).values("offer_id")

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


def matching(search: Search) -> QuerySet:
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
    documents = matching(search)
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


__all__ = [
    "FORMATS",
    "OfferFilters",
    "Results",
    "Search",
    "SearchDocument",
    "filter_conditions",
    "forget_reference_data",
    "pathway_names",
    "run",
    "search_offers",
    "spelling_suggestion",
]
