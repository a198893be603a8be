"""Where an offer's residents come from: which municipalities can join which offer.

One rule for the public search ("where I live") and the coverage report:

- an offer with a planned run held in a municipality is open to its residents (*local*);
- a regional offer of a hospital trust, or of an LMS or clinic under it, is open to every
  municipality in the trust's catchment area (SKDE's opptaksområde; Oslo and Bergen by
  district, so a split city belongs to several trusts); a regional offer of a regional
  health authority to its whole health region; any other regional offer to the county of
  its provider's municipality (*regional*);
- digital runs (live, hybrid or self-study) are open to all (*digital*);
- national offers are open to all (*national*).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mestring.refdata.models import District, Municipality

from . import codes
from .models import Organisation

DIGITAL_FORMATS = frozenset(
    {codes.Format.LIVE_ONLINE, codes.Format.HYBRID, codes.Format.SELF_STUDY}
)
TRUST_PREFIX = "hf-"
REGION_PREFIX = "rhf-"


class Tier:
    """How close an offer is to a municipality; lower is nearer (ranking and measures)."""

    LOCAL = 0
    REGIONAL = 1
    DIGITAL = 2
    NATIONAL = 3


@dataclass(frozen=True)
class RegionalReach:
    """Where a provider's regional offers reach: one of trust, region or county is set."""

    trust: str | None = None
    region: str | None = None
    county: str | None = None


def organisation_reach() -> dict[int, RegionalReach]:
    """For every organisation, where its regional offers reach (two queries, no recursion)."""
    rows = list(
        Organisation.objects.values_list(
            "pk", "parent_id", "external_id", "region_id", "municipality__county_id"
        )
    )
    by_pk = {row[0]: row for row in rows}
    reach: dict[int, RegionalReach] = {}
    for pk, *_rest in rows:
        reach[pk] = _reach_of(pk, by_pk)
    return reach


def _reach_of(pk: int, by_pk: Mapping[int, tuple]) -> RegionalReach:
    seen: set[int] = set()
    current: int | None = pk
    while current is not None and current not in seen:
        seen.add(current)
        _pk, parent, external_id, region, _county = by_pk[current]
        if external_id.startswith(TRUST_PREFIX):
            return RegionalReach(trust=external_id.removeprefix(TRUST_PREFIX))
        if external_id.startswith(REGION_PREFIX):
            return RegionalReach(region=region)
        current = parent
    _pk, _parent, _external_id, region, county = by_pk[pk]
    if county:
        return RegionalReach(county=county)
    return RegionalReach(region=region) if region else RegionalReach()


@dataclass(frozen=True)
class Place:
    """What the rule needs to know of a municipality."""

    number: str
    county: str
    region: str
    trusts: frozenset[str]


def places(numbers: Iterable[str] | None = None) -> dict[str, Place]:
    """Municipalities (all current ones by default) with the trusts whose catchment area
    covers them or one of their districts."""
    municipalities = Municipality.objects.all()
    districts = District.objects.all()
    if numbers is None:
        municipalities = municipalities.filter(valid_to__isnull=True)
    else:
        municipalities = municipalities.filter(number__in=list(numbers))
        districts = districts.filter(municipality_id__in=list(numbers))
    split: dict[str, set[str]] = {}
    for municipality, trust in districts.values_list("municipality_id", "health_trust_id"):
        split.setdefault(municipality, set()).add(trust)
    found = {}
    rows = municipalities.values_list("number", "county_id", "region_id", "health_trust_id")
    for number, county, region, trust in rows:
        trusts = set(split.get(number, ()))
        if trust:
            trusts.add(trust)
        found[number] = Place(number, county, region, frozenset(trusts))
    return found


def place(number: str) -> Place | None:
    return places([number]).get(number)


def regional_reaches(reach: RegionalReach, where: Place) -> bool:
    """Whether a regional offer with this reach is open to the residents of `where`."""
    if reach.trust:
        return reach.trust in where.trusts
    if reach.region:
        return reach.region == where.region
    return bool(reach.county) and reach.county == where.county


def reaches_in_person(level: str, reach: RegionalReach, where: Place) -> bool:
    """Whether an offer is open to the residents of `where` wherever its runs are held: a
    national offer, or a regional one whose area covers them."""
    if level == codes.Level.NATIONAL:
        return True
    return level == codes.Level.REGIONAL and regional_reaches(reach, where)


def runs_open_to(runs: list, where: Place | None, in_person: bool) -> list:
    """Of an offer's runs, those its card shows to residents of `where`: the ones held in
    their municipality when there are any; else all, when the offer reaches them in person
    (`reaches_in_person`); else the ones they can join digitally. When none of these
    remains, all of them, so that the card still says when the offer is held."""
    if where is None:
        return runs
    here = [run for run in runs if run.municipality_id == where.number]
    if here or in_person:
        return here or runs
    digital = [run for run in runs if run.format in DIGITAL_FORMATS]
    return digital or runs
