"""Hospital and municipal offers side by side in a hospital trust's area.

The area is the trust's health community (or, before one is loaded, its catchment area).
Hospital level: published offers whose responsible organisation is the trust's provider
(`hf-<orgnr>`) or anything under it. Municipal level: published offers whose responsible
organisation is of a municipal type and located in one of the area's municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, OfferCode, Organisation
from mestring.catalogue.services import health_trust_organisation_id
from mestring.refdata.models import HealthTrust, Municipality

from .communities import catchment, community_of
from .models import HealthCommunity

HOSPITAL, MUNICIPAL = "spesialist", "kommune"


@dataclass
class Area:
    trust: HealthTrust | None
    community: HealthCommunity | None
    municipalities: list[Municipality]
    hospital_organisations: frozenset[int]


@dataclass
class GroupRow:
    code: str
    label: str
    hospital: list[Offer] = field(default_factory=list)
    municipal: list[Offer] = field(default_factory=list)

    @property
    def overlap(self) -> bool:
        """Offers at both levels for the same group in the same area."""
        return bool(self.hospital and self.municipal)

    @property
    def gap(self) -> bool:
        """No offer at either level."""
        return not self.hospital and not self.municipal


@dataclass
class SideBySide:
    diagnoses: list[GroupRow]
    target_groups: list[GroupRow]
    hospital_count: int
    municipal_count: int
    joint: list[Offer]


def trust_organisations(trusts) -> frozenset[int]:
    """The providers of the hospital trusts and everything under them (LMS, clinics)."""
    ids = [health_trust_organisation_id(trust.orgnr, "hf") for trust in trusts]
    return Organisation.objects.subtree_ids(
        Organisation.objects.filter(external_id__in=ids).values_list("pk", flat=True)
    )


def area_for(trust: HealthTrust) -> Area:
    community = trust.health_communities.order_by("pk").first()
    if community is not None:
        municipalities = list(community.municipalities.order_by("number"))
    else:
        municipalities = catchment(trust)
    return Area(trust, community, municipalities, trust_organisations([trust]))


def trusts_serving(municipality: Municipality, community: HealthCommunity | None):
    """The hospital parties for a municipality's residents: its community's trusts, or
    (without a community) the trusts of its catchment area, district by district."""
    if community is not None:
        return list(community.health_trusts.order_by("name"))
    return list(
        HealthTrust.objects.filter(
            Q(municipalities=municipality) | Q(districts__municipality=municipality)
        )
        .distinct()
        .order_by("name")
    )


def municipality_area(municipality: Municipality) -> Area:
    """One municipality: its residents' hospital offers beside its own municipal offers."""
    community = community_of(municipality)
    trusts = trusts_serving(municipality, community)
    return Area(None, community, [municipality], trust_organisations(trusts))


def _published() -> QuerySet:
    return (
        Offer.objects.published()
        .select_related("responsible")
        .only(
            "external_id",
            "title",
            "main_target_group",
            "responsible__name",
            "responsible__type",
            "responsible__municipality",
        )
    )


def level_querysets(area: Area) -> tuple[QuerySet, QuerySet]:
    """The area's published offers of the hospital and of the municipal level, unread."""
    published = _published()
    hospital = published.filter(responsible_id__in=area.hospital_organisations)
    municipal = published.filter(
        responsible__type__in=codes.MUNICIPAL_TYPES,
        responsible__municipality__in=[m.number for m in area.municipalities],
    ).exclude(responsible_id__in=area.hospital_organisations)
    return hospital, municipal


def level_offers(area: Area) -> tuple[list[Offer], list[Offer]]:
    """The area's published (counted) offers of the hospital and of the municipal level,
    with only what the overview shows loaded (title, target group, diagnoses, organisers)."""
    prefetch = (
        Prefetch(
            "codes",
            queryset=OfferCode.objects.filter(field=OfferCode.List.DIAGNOSES).only(
                "offer_id", "field", "code"
            ),
        ),
        Prefetch("co_organisers", queryset=Organisation.objects.only("name", "type")),
    )
    hospital, municipal = level_querysets(area)
    return list(hospital.prefetch_related(*prefetch)), list(municipal.prefetch_related(*prefetch))


def is_joint(offer: Offer, other_types: frozenset[str]) -> bool:
    """Run together with the other level: a co-organiser of one of `other_types`."""
    return any(org.type in other_types for org in offer.co_organisers.all())


def joint_offers(hospital: list[Offer], municipal: list[Offer]) -> list[Offer]:
    joint = [o for o in hospital if is_joint(o, codes.MUNICIPAL_TYPES)]
    joint += [o for o in municipal if is_joint(o, codes.SPECIALIST_TYPES)]
    return sorted(joint, key=lambda o: o.title)


def group_rows(choices, hospital, municipal, groups_of) -> list[GroupRow]:
    rows = {code: GroupRow(code, str(label)) for code, label in choices.choices}
    for level, offers in (("hospital", hospital), ("municipal", municipal)):
        for offer in offers:
            for code in groups_of(offer):
                if code in rows:
                    getattr(rows[code], level).append(offer)
    return list(rows.values())


def _diagnoses(offer: Offer) -> set[str]:
    return {c.code for c in offer.codes.all() if c.field == OfferCode.List.DIAGNOSES}


def _main_target_group(offer: Offer) -> set[str]:
    return {offer.main_target_group} if offer.main_target_group else set()


def side_by_side(area: Area, levels: tuple[list[Offer], list[Offer]] | None = None) -> SideBySide:
    hospital, municipal = levels if levels is not None else level_offers(area)
    return SideBySide(
        diagnoses=group_rows(codes.DiagnosisGroup, hospital, municipal, _diagnoses),
        target_groups=group_rows(codes.TargetGroup, hospital, municipal, _main_target_group),
        hospital_count=len(hospital),
        municipal_count=len(municipal),
        joint=joint_offers(hospital, municipal),
    )


# --- A bounded overview: what a page shows, read in a fixed number of queries -------------


class Cell(list):
    """The first offers of a list or table cell, and how many there are in all."""

    def __init__(self, items=(), total: int = 0):
        super().__init__(items)
        self.total = total


@dataclass
class BoundedSideBySide:
    diagnoses: list[GroupRow]
    target_groups: list[GroupRow]
    hospital: Cell
    municipal: Cell
    joint: Cell = field(default_factory=Cell)

    @property
    def hospital_count(self) -> int:
        return self.hospital.total

    @property
    def municipal_count(self) -> int:
        return self.municipal.total


_ORDER = (F("title").asc(), F("external_id").asc())


def _first_by_target_group(offers: QuerySet, size: int) -> tuple[dict, dict]:
    """Per main target group: the first `size` offers and how many in all (one read; a
    group without a code, "", is counted too, so the totals add up to the level's)."""
    group = [F("main_target_group")]
    ranked = offers.annotate(
        rank=Window(RowNumber(), partition_by=group, order_by=_ORDER),
        total=Window(Count("pk"), partition_by=group),
    ).filter(rank__lte=size)
    first: dict[str, list[Offer]] = {}
    totals: dict[str, int] = {}
    for offer in ranked.order_by("main_target_group", "rank"):
        first.setdefault(offer.main_target_group, []).append(offer)
        totals[offer.main_target_group] = offer.total
    return first, totals


def _first_by_diagnosis(offers: QuerySet, size: int) -> tuple[dict, dict]:
    """Per diagnosis group: the first `size` offers and how many in all (one read)."""
    links = OfferCode.objects.filter(field=OfferCode.List.DIAGNOSES, offer__in=offers.values("pk"))
    ranked = (
        links.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("code")],
                order_by=(F("offer__title").asc(), F("offer__external_id").asc()),
            ),
            total=Window(Count("pk"), partition_by=[F("code")]),
        )
        .filter(rank__lte=size)
        .select_related("offer__responsible")
        .only(
            "code",
            "offer__external_id",
            "offer__title",
            "offer__responsible__name",
        )
    )
    first: dict[str, list[Offer]] = {}
    totals: dict[str, int] = {}
    for link in ranked.order_by("code", "rank"):
        first.setdefault(link.code, []).append(link.offer)
        totals[link.code] = link.total
    return first, totals


def first_joint(area: Area, size: int) -> Cell:
    """The first `size` offers run together with the other level (a co-organiser of the
    other level's types), with their co-organisers, and how many there are."""
    hospital, municipal = level_querysets(area)
    joint = _published().filter(
        Q(pk__in=hospital.filter(co_organisers__type__in=codes.MUNICIPAL_TYPES).values("pk"))
        | Q(pk__in=municipal.filter(co_organisers__type__in=codes.SPECIALIST_TYPES).values("pk"))
    )
    first = joint.order_by(*_ORDER).prefetch_related(
        Prefetch("co_organisers", queryset=Organisation.objects.only("name", "type"))
    )[:size]
    return Cell(first, joint.count())


def bounded_side_by_side(area: Area, list_size: int, cell_size: int) -> BoundedSideBySide:
    """The side-by-side overview with only what a page shows read: per level the first
    `list_size` offers and the count, per group and level the first `cell_size` offers and
    the count. Three reads per level (two without the lists), however many offers."""
    levels = level_querysets(area)
    lists, diagnoses, targets = [], {}, {}
    for level, offers in zip(("hospital", "municipal"), levels, strict=True):
        targets[level] = _first_by_target_group(offers, cell_size)
        first = offers.order_by(*_ORDER)[:list_size] if list_size else []
        lists.append(Cell(first, sum(targets[level][1].values())))
        diagnoses[level] = _first_by_diagnosis(offers, cell_size)

    def rows(choices, found) -> list[GroupRow]:
        return [
            GroupRow(
                code,
                str(label),
                Cell(found["hospital"][0].get(code, []), found["hospital"][1].get(code, 0)),
                Cell(found["municipal"][0].get(code, []), found["municipal"][1].get(code, 0)),
            )
            for code, label in choices.choices
        ]

    return BoundedSideBySide(
        diagnoses=rows(codes.DiagnosisGroup, diagnoses),
        target_groups=rows(codes.TargetGroup, targets),
        hospital=lists[0],
        municipal=lists[1],
    )
