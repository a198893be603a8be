"""Equity the reports can see: offers adapted for people with immigrant background against
the immigrant population per county, interpreter use, and Sami offers per language area."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum

from mestring.catalogue.models import Offer
from mestring.catalogue.querysets import published_q
from mestring.refdata.models import County, Municipality, SamiLanguage

from .communities import DATA
from .models import ImmigrantPopulation, OfferEquity, RunInterpreter

SOURCE = "SSB, statistikkbanken tabell 09817"


@transaction.atomic
def load_immigrant_population(folder: Path = DATA) -> int:
    """Load the rows of innvandrerbefolkning.csv that have a count; returns how many."""
    loaded = 0
    counties = set(County.objects.values_list("number", flat=True))
    with (folder / "innvandrerbefolkning.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["antall"].strip() or row["fylkesnummer"] not in counties:
                continue
            ImmigrantPopulation.objects.update_or_create(
                county_id=row["fylkesnummer"],
                year=int(row["aar"]),
                defaults={"count": int(row["antall"]), "source": row["kilde"] or SOURCE},
            )
            loaded += 1
    return loaded


def per_100000(count: int, population: int | None) -> float | None:
    if not population:
        return None
    return round(count * 100_000 / population, 1)


@dataclass
class CountyRow:
    county: County
    immigrants: int | None  # None: no figure loaded
    year: int | None
    offers: int  # published offers adapted for immigrants, by the provider's county
    per_100000: float | None
    interpreter_sessions: int
    interpreter_participants: str  # suppressed: the number, `<5` (or 0)


def immigrant_coverage() -> list[CountyRow]:
    """Per county: the latest immigrant population, the published offers adapted for
    immigrants (by the responsible provider's municipality), offers per 100 000 people with
    immigrant background, and interpreter use in the county's runs."""
    latest = {}
    for item in ImmigrantPopulation.objects.order_by("year"):
        latest[item.county_id] = item
    offers = dict(
        OfferEquity.objects.filter(published_q("offer"), adapted_for_immigrants=True)
        .values_list("offer__responsible__municipality__county")
        .annotate(n=Count("offer"))
        .values_list("offer__responsible__municipality__county", "n")
    )
    interpreters = {
        county: (sessions or 0, participants or 0)
        for county, sessions, participants in RunInterpreter.objects.values(
            "run__municipality__county"
        )
        .annotate(s=Sum("sessions"), p=Sum("participants"))
        .values_list("run__municipality__county", "s", "p")
    }
    threshold = settings.SUPPRESSION_THRESHOLD
    rows = []
    for county in County.objects.filter(valid_to__isnull=True).order_by("number"):
        population = latest.get(county.number)
        count = offers.get(county.number, 0)
        sessions, participants = interpreters.get(county.number, (0, 0))
        rows.append(
            CountyRow(
                county=county,
                immigrants=population.count if population else None,
                year=population.year if population else None,
                offers=count,
                per_100000=per_100000(count, population.count if population else None),
                interpreter_sessions=sessions,
                interpreter_participants=(
                    f"<{threshold}" if 0 < participants < threshold else str(participants)
                ),
            )
        )
    return rows


@dataclass
class SamiRow:
    language: str
    label: str
    municipalities: int
    offers: int


def sami_offers_per_language_area() -> list[SamiRow]:
    """Published Sami-adapted offers whose provider is in a municipality of each language
    area (forvaltningsområdet for samisk språk), beside the number of such municipalities."""
    offers = dict(
        Offer.objects.published()
        .filter(sami_adapted=True)
        .exclude(responsible__municipality__sami_area_language="")
        .values_list("responsible__municipality__sami_area_language")
        .annotate(n=Count("pk"))
        .values_list("responsible__municipality__sami_area_language", "n")
    )
    municipalities = dict(
        Municipality.objects.filter(valid_to__isnull=True)
        .exclude(sami_area_language="")
        .values_list("sami_area_language")
        .annotate(n=Count("pk"))
        .values_list("sami_area_language", "n")
    )
    return [
        SamiRow(code, str(label), municipalities.get(code, 0), offers.get(code, 0))
        for code, label in SamiLanguage.choices
    ]
