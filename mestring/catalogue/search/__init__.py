"""Search and filters of the public catalogue: the one interface views and the API call.

Every concept of the query (a word, or a synonym group such as KOLS / lungesykdom) must occur
in the title, the description or the label of one of the offer's codes. Matching is by
case-insensitive substring, which finds compound words ("diabetes" finds "Diabeteskurs"),
widened by a light stem, aa/oe/ae spellings and one-letter typos against the words of the
catalogue (`language.py`). The same SQL runs on SQLite and PostgreSQL.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.refdata.models import Municipality

from .. import codes
from ..models import Offer, OfferCode, Organisation, Run
from . import language

MULTI = {
    "diagnose": ("diagnoser", codes.DiagnosisGroup.values),
    "fagfelt": ("fagfelt", codes.Field.values),
    "sprak": ("sprak", None),
}
FORMATS = {
    "fysisk": ("fysisk", "hybrid"),
    "digitalt": ("digitalt_direkte", "hybrid"),
    "selvstudium": ("digitalt_selvstudium",),
}
FLAGS = {
    "tolk": Q(interpreter=True),
    "samisk": Q(sami_adapted=True),
    "gratis": Q(price=0),
    "uten_henvisning": Q(requires_referral=False),
}
YES = {"ja", "true", "1", "on"}
NO = {"nei", "false", "0", "off"}


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
                    % {"value": value, "name": name},
                }
            )

        choices = {
            "diagnose": codes.DiagnosisGroup.values,
            "fagfelt": codes.Field.values,
            "malgruppe": codes.TargetGroup.values,
            "aldersgruppe": codes.AgeGroup.values,
            "format": list(FORMATS),
        }
        for name, allowed in choices.items():
            picked = [v for v in query.getlist(name) if v]
            for value in picked:
                if value not in allowed:
                    bad(name, value)
            values[name] = tuple(v for v in picked if v in allowed)
        values["sprak"] = tuple(v for v in query.getlist("sprak") if v)
        for name in ("tolk", "samisk", "gratis", "uten_henvisning"):
            raw = (query.get(name) or "").lower()
            if raw and raw not in YES | NO:
                bad(name, raw)
            values[name] = raw in YES
        kommune = query.get("kommune") or None
        if kommune and not Municipality.objects.filter(number=kommune).exists():
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
                        % {"name": name, "value": raw},
                    }
                )
                values[name] = None
        values["tilbyder"] = query.get("tilbyder") or None
        return cls(**values), errors


def _with_code(field: str, values) -> Q:
    return Q(pk__in=OfferCode.objects.filter(field=field, code__in=values).values("offer"))


def _runs(**lookups) -> Q:
    return Q(pk__in=Run.objects.filter(**lookups).values("offer"))


def _where_i_live(number: str) -> Q:
    municipality = Municipality.objects.select_related("county").get(number=number)
    digital = _runs(
        format__in=("digitalt_direkte", "digitalt_selvstudium", "hybrid"), status="planlagt"
    )
    regional = Q(level="regional") & (
        Q(responsible__region_id=municipality.region_id)
        | Q(responsible__municipality__county_id=municipality.county_id)
    )
    return _runs(municipality_id=number) | regional | Q(level="nasjonal") | digital


def _descendants(external_id: str) -> list[int]:
    ids = list(Organisation.objects.filter(external_id=external_id).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = list(
            Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def filter_conditions(filters: OfferFilters, today: date, skip: str = "") -> Q:
    """The filters as one condition; `skip` leaves one facet out (for its counts)."""
    q = Q()
    for name, (field, _allowed) in MULTI.items():
        if name != skip and getattr(filters, name):
            q &= _with_code(field, getattr(filters, name))
    if skip != "malgruppe" and filters.malgruppe:
        q &= Q(main_target_group__in=filters.malgruppe) | _with_code(
            "andre_malgrupper", filters.malgruppe
        )
    if skip != "aldersgruppe" and filters.aldersgruppe:
        q &= Q(age_group__in=filters.aldersgruppe)
    if skip != "format" and filters.format:
        wanted = [f for name in filters.format for f in FORMATS[name]]
        q &= _runs(format__in=wanted, status="planlagt", start__gte=today)
    for name, condition in FLAGS.items():
        if name != skip and getattr(filters, name):
            q &= condition
    if filters.kommune and skip != "kommune":
        q &= _where_i_live(filters.kommune)
    if filters.fra or filters.til:
        lookups = {"status": "planlagt", "start__gte": max(filters.fra or today, today)}
        if filters.til:
            lookups["start__lte"] = filters.til
        q &= _runs(**lookups)
    if filters.tilbyder:
        q &= Q(responsible_id__in=_descendants(filters.tilbyder))
    return q


def _label_codes(term: str) -> list[tuple[str, str]]:
    found = []
    for field, choices in (
        ("diagnoser", codes.DiagnosisGroup),
        ("fagfelt", codes.Field),
        ("andre_malgrupper", codes.TargetGroup),
    ):
        found += [(field, code) for code, label in choices.choices if term in str(label).lower()]
    return found


def catalogue_version() -> str:
    """Changes whenever an offer or run is added, changed or deleted (two indexed queries).

    Every write path sets `updated_at` (admin, import, demo), and deletions change the counts,
    so this holds across processes without a shared counter.
    """
    parts = []
    for model in (Offer, Run):
        found = model.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
        parts.append(f"{found['n']}-{found['latest'].timestamp() if found['latest'] else 0}")
    return "-".join(parts)


def _vocabulary() -> frozenset[str]:
    """Words of published titles and descriptions and of the code labels, cached per version."""
    published = Offer.objects.filter(status="publisert")
    key = f"search-vocabulary-{catalogue_version()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        found: set[str] = set()
        for title, description in published.values_list("title", "description").iterator():
            found.update(language.words(title))
            found.update(language.words(description))
        for choices in (codes.DiagnosisGroup, codes.Field, codes.TargetGroup):
            for _code, label in choices.choices:
                found.update(language.words(str(label)))
        vocabulary = frozenset(w for w in found if len(w) >= 3 and not w.isdigit())
        cache.set(key, vocabulary, 3600)
    return vocabulary


def _alternatives(concept: tuple[str, ...], vocabulary: frozenset[str]) -> list[str]:
    terms = set(concept)
    terms |= {language.stem(term) for term in concept if " " not in term}
    for term in concept:
        terms.update(language.typo_alternatives(term, vocabulary))
    return sorted(terms)


def _text_conditions(query: str) -> tuple[Q, list]:
    """One condition every concept must meet, and weighted hits for ranking."""
    match, weights = Q(), []
    concepts = language.concepts(query)
    vocabulary = _vocabulary() if concepts else frozenset()
    for concept in concepts:
        alternatives = _alternatives(concept, vocabulary)
        title = description = labels = Q(pk__in=[])
        for term in alternatives:
            title |= Q(title__icontains=term)
            if connection.vendor == "sqlite" and term[:1] in "æøå":
                # SQLite folds only ASCII letters: match "Østfold" for "østfold" too.
                title |= Q(title__icontains=term.capitalize())
            description |= Q(description__icontains=term)
            for field, code in _label_codes(term):
                labels |= _with_code(field, [code])
                if field == "andre_malgrupper":
                    labels |= Q(main_target_group=code)
        match &= title | labels | description
        weights += [(title, 4), (labels, 2), (description, 1)]
    return match, weights


def search_offers(query: str, filters: OfferFilters, *, today: date | None = None) -> QuerySet:
    """Published offers matching the query and filters, best match first.

    Title hits weigh most, then codes (diagnoses, target groups), then the description;
    among equals, offers with upcoming runs come first.
    """
    today = today or timezone.localdate()
    match, weights = _text_conditions(query)
    score = sum(
        (
            Case(When(hit, then=Value(weight)), default=Value(0), output_field=IntegerField())
            for hit, weight in weights
        ),
        Value(0),
    )
    upcoming = Run.objects.filter(offer=OuterRef("pk"), status="planlagt", start__gte=today)
    return (
        Offer.objects.filter(status="publisert")
        .filter(match, filter_conditions(filters, today))
        .annotate(score=score, has_upcoming=Exists(upcoming))
        .order_by("-score", "-has_upcoming", "title", "pk")
    )


def facet_counts(
    query: str, filters: OfferFilters, *, today: date | None = None
) -> dict[str, dict[str, int]]:
    """How many offers each choice would leave, given the query and the other filters.

    Cached per query, filters, day and catalogue version, so a change shows at once.
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
        counts = _facet_counts(query, filters, today)
        cache.set(key, counts, 3600)
    return counts


def _facet_counts(query: str, filters: OfferFilters, today: date) -> dict[str, dict[str, int]]:
    match, _hits = _text_conditions(query)
    base = Offer.objects.filter(status="publisert").filter(match)
    counts: dict[str, dict[str, int]] = {}
    for name, (field, _allowed) in MULTI.items():
        offers = base.filter(filter_conditions(filters, today, skip=name)).values("pk")
        rows = (
            OfferCode.objects.filter(field=field, offer__in=offers)
            .values("code")
            .annotate(n=Count("offer", distinct=True))
        )
        counts[name] = {row["code"]: row["n"] for row in rows}
    scoped = base.filter(filter_conditions(filters, today, skip="malgruppe"))
    counts["malgruppe"] = {
        row["main_target_group"]: row["n"]
        for row in scoped.values("main_target_group").annotate(n=Count("pk"))
    }
    scoped = base.filter(filter_conditions(filters, today, skip="aldersgruppe"))
    counts["aldersgruppe"] = {
        row["age_group"]: row["n"] for row in scoped.values("age_group").annotate(n=Count("pk"))
    }
    scoped = base.filter(filter_conditions(filters, today, skip="format")).values("pk")
    counts["format"] = {
        name: Run.objects.filter(
            offer__in=scoped, format__in=formats, status="planlagt", start__gte=today
        )
        .values("offer")
        .distinct()
        .count()
        for name, formats in FORMATS.items()
    }
    for name, condition in FLAGS.items():
        scoped = base.filter(filter_conditions(filters, today, skip=name))
        counts[name] = {"ja": scoped.filter(condition).count()}
    counts["kommune"] = _municipality_counts(
        base.filter(filter_conditions(filters, today, skip="kommune"))
    )
    return counts


def _municipality_counts(offers: QuerySet) -> dict[str, int]:
    """For every municipality, how many of `offers` its residents can join (see _where_i_live).

    Three queries and set unions in memory instead of one count query per municipality.
    """
    national_or_digital: set[int] = set()
    by_region: dict[str, set[int]] = {}
    by_county: dict[str, set[int]] = {}
    rows = offers.values_list(
        "pk", "level", "responsible__region_id", "responsible__municipality__county_id"
    )
    for pk, level, region, county in rows:
        if level == "nasjonal":
            national_or_digital.add(pk)
        elif level == "regional":
            by_region.setdefault(region, set()).add(pk)
            by_county.setdefault(county, set()).add(pk)
    local: dict[str, set[int]] = {}
    runs = (
        Run.objects.filter(offer__in=offers.values("pk"))
        .values_list("offer_id", "municipality_id", "format", "status")
        .distinct()
    )
    digital = {"digitalt_direkte", "digitalt_selvstudium", "hybrid"}
    for offer_id, municipality, run_format, status in runs:
        if municipality:
            local.setdefault(municipality, set()).add(offer_id)
        if run_format in digital and status == "planlagt":
            national_or_digital.add(offer_id)
    municipalities = Municipality.objects.filter(valid_to__isnull=True).values_list(
        "number", "region_id", "county_id"
    )
    return {
        number: len(
            national_or_digital.union(
                by_region.get(region, ()), by_county.get(county, ()), local.get(number, ())
            )
        )
        for number, region, county in municipalities
    }


__all__ = ["OfferFilters", "facet_counts", "filter_conditions", "search_offers"]
