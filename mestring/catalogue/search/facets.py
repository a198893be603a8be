"""Facet counts of the results page: for every choice of every filter, how many offers it
would leave, counted from the search index and kept per question, filters and day."""

import hashlib
import threading
import time
from dataclasses import replace
from datetime import date

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .. import codes
from ..models import OfferCode
from . import OfferFilters, Search, filter_conditions, index, matching, places, run
from .filters import FLAGS, FORMATS, MULTI
from .models import SearchPathway, SearchPlace

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
    base = matching(replace(search, filters=OfferFilters()))
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
    held_in = SearchPlace.objects.filter(offer_id__in=offers.values("offer_id")).values_list(
        "municipality", "offer_id"
    )
    for municipality, pk in held_in:
        if pk not in everywhere:
            local.setdefault(municipality, set()).add(pk)
    counts = {}
    for number, where in places.current_places().items():
        areas = {("trust", trust) for trust in where.trusts}
        areas |= {("region", where.region), ("county", where.county)}
        held = local.get(number, set())
        counted = sum(1 for pk in held if area_of.get(pk) in areas)
        regional = sum(sizes.get(area, 0) for area in areas)
        counts[number] = len(everywhere) + regional + len(held) - counted
    return counts
