"""Patient pathways: the reference list, offers per pathway, and the gaps the coverage page
shows — pathways without any LM offer in a region, and transitions from hospital to
municipality without a municipal follow-up offer («sjekkpunkter i overgangene»)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet

from mestring.catalogue import codes
from mestring.catalogue.models import Offer
from mestring.catalogue.querysets import published_q
from mestring.refdata.models import Region

from .communities import DATA
from .models import HealthCommunity, OfferPathway, Pathway, Phase

# The phases in which a municipal offer follows up a hospital stay.
FOLLOW_UP_PHASES = frozenset({Phase.AFTER, Phase.TRANSITION})


@transaction.atomic
def load_pathways(folder: Path = DATA) -> int:
    """Create or update the pathways in pasientforlop.csv; returns how many rows changed."""
    changed = 0
    with (folder / "pasientforlop.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            values = {
                "name": row["navn"],
                "group": row["gruppe"],
                "responsible": row["ansvarlig"],
                "source": row["kilde"],
            }
            pathway, created = Pathway.objects.get_or_create(code=row["kode"], defaults=values)
            if not created and any(getattr(pathway, k) != v for k, v in values.items()):
                Pathway.objects.filter(pk=pathway.pk).update(**values)
                changed += 1
            changed += created
    return changed


def offers_in_pathway(code: str) -> QuerySet[int]:
    """The ids of the offers that belong to the pathway `code` (any phase).

    For the catalogue's filter: `Offer.objects.filter(pk__in=offers_in_pathway(code))`.
    """
    return (
        OfferPathway.objects.filter(pathway_id=code)
        .order_by("offer_id")
        .values_list("offer_id", flat=True)
        .distinct()
    )


def _published_links():
    return OfferPathway.objects.filter(published_q("offer"))


@dataclass
class RegionGaps:
    region: Region
    covered: list[Pathway] = field(default_factory=list)
    missing: list[Pathway] = field(default_factory=list)


def pathway_gaps_per_region() -> list[RegionGaps]:
    """Per region (RHF): the pathways with and without any published offer whose
    responsible provider belongs to the region."""
    pathways = list(Pathway.objects.order_by("group", "name"))
    found = set(_published_links().values_list("offer__responsible__region", "pathway_id"))
    rows = []
    for region in Region.objects.order_by("name"):
        row = RegionGaps(region)
        for pathway in pathways:
            target = row.covered if (region.code, pathway.code) in found else row.missing
            target.append(pathway)
        rows.append(row)
    return rows


@dataclass
class TransitionGap:
    community: HealthCommunity
    pathway: Pathway
    hospital_offers: list[Offer]


def transition_gaps() -> list[TransitionGap]:
    """Per health community and pathway: hospital offers in the pathway, but no municipal
    offer in the pathway's follow-up phases (after treatment, or the transition) in any of
    the community's municipalities."""
    from .overview import trust_organisations

    links = list(
        _published_links().select_related("offer__responsible", "pathway").order_by("offer__title")
    )
    gaps = []
    for community in HealthCommunity.objects.prefetch_related("health_trusts", "municipalities"):
        hospital_orgs = trust_organisations(list(community.health_trusts.all()))
        numbers = {m.number for m in community.municipalities.all()}
        hospital: dict[str, list[Offer]] = {}
        followed_up: set[str] = set()
        for link in links:
            offer = link.offer
            if offer.responsible_id in hospital_orgs:
                hospital.setdefault(link.pathway_id, []).append(offer)
            elif (
                offer.responsible.type in codes.MUNICIPAL_TYPES
                and offer.responsible.municipality_id in numbers
                and link.phase in FOLLOW_UP_PHASES
            ):
                followed_up.add(link.pathway_id)
        pathways = {link.pathway_id: link.pathway for link in links}
        for code, offers in sorted(hospital.items(), key=lambda item: pathways[item[0]].name):
            if code not in followed_up:
                unique = list({o.pk: o for o in offers}.values())
                gaps.append(TransitionGap(community, pathways[code], unique))
    return gaps
