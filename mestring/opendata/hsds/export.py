"""All HSDS objects we publish, per endpoint: shared by the API lists and the full export."""

from collections.abc import Iterable

from . import mapping, query, taxonomies

KINDS = (
    "services",
    "organizations",
    "locations",
    "service_at_locations",
    "taxonomies",
    "taxonomy_terms",
)


def services(offers) -> Iterable[dict]:
    return (mapping.service(o) for o in offers)


def service_at_locations(offers) -> Iterable[dict]:
    return (mapping.service_at_location(r) for o in offers for r in o.runs.all())


def locations(offers) -> Iterable[dict]:
    """One location per real place, in the order the places are first met."""
    seen = set()
    for offer in offers:
        for run in offer.runs.all():
            place = mapping.location_id(run)
            if place not in seen:
                seen.add(place)
                yield mapping.location(run)


def organizations(orgs) -> Iterable[dict]:
    return (mapping.organization(o) for o in orgs)


def objects(kind: str) -> Iterable[dict]:
    """Every published object of one kind, in a stable order."""
    if kind == "services":
        return services(query.published_offers())
    if kind == "service_at_locations":
        return service_at_locations(query.published_offers())
    if kind == "locations":
        return locations(query.published_offers())
    if kind == "organizations":
        return organizations(query.public_organisations())
    if kind == "taxonomies":
        return iter(taxonomies.all_taxonomies())
    if kind == "taxonomy_terms":
        return iter(taxonomies.all_terms())
    raise ValueError(kind)
