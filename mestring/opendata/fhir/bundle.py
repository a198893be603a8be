"""The whole public catalogue as one FHIR `collection` Bundle.

Published offers and what they need: their organisations (with the parents that `partOf`
points to), co-organiser affiliations, places, runs (Schedule) and sessions (Slot).
"""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from mestring.catalogue.models import Offer, Organisation, Run

from . import ids, resources


def published_offers() -> QuerySet[Offer]:
    runs = Run.objects.select_related("municipality").prefetch_related("sessions")
    return (
        Offer.objects.published()
        .select_related("responsible")
        .prefetch_related("codes", "co_organisers", Prefetch("runs", queryset=runs))
        .order_by("external_id")
    )


def _with_parents(orgs: dict[int, Organisation]) -> list[Organisation]:
    """The organisations and every ancestor, so each `partOf` resolves inside the Bundle."""
    missing = {o.parent_id for o in orgs.values() if o.parent_id and o.parent_id not in orgs}
    while missing:
        for org in Organisation.objects.filter(pk__in=missing):
            orgs[org.pk] = org
        missing = {o.parent_id for o in orgs.values() if o.parent_id and o.parent_id not in orgs}
    found = Organisation.objects.filter(pk__in=orgs).select_related("parent", "municipality")
    return sorted(found, key=lambda o: o.external_id)


def offer_locations(offer: Offer) -> dict[str, Run]:
    """Location id → a run held there, for the runs of an offer that have a place."""
    return {resources.run_location_id(r): r for r in offer.runs.all() if resources.has_place(r)}


def offer_resources(offer: Offer) -> list[dict]:
    """The resources that belong to one offer (not its organisations or places)."""
    found = [
        resources.healthcare_service(offer, sorted(offer_locations(offer))),
        resources.plan_definition(offer),
    ]
    for co_organiser in sorted(offer.co_organisers.all(), key=lambda o: o.external_id):
        found.append(resources.organization_affiliation(offer, co_organiser))
    for run in offer.runs.all():
        found.append(resources.schedule(run))
        for index, session in enumerate(run.sessions.all()):
            found.append(resources.slot(run, session, index))
    return found


def catalogue_resources(offers=None) -> list[dict]:
    """Every resource of the public catalogue, organisations and places first."""
    offers = list(published_offers() if offers is None else offers)
    orgs: dict[int, Organisation] = {}
    places: dict[str, Run] = {}
    for offer in offers:
        orgs[offer.responsible_id] = offer.responsible
        orgs.update({o.pk: o for o in offer.co_organisers.all()})
        places.update(offer_locations(offer))
    found = [resources.organization(o) for o in _with_parents(orgs)]
    found += [resources.location(places[key]) for key in sorted(places)]
    for offer in offers:
        found += offer_resources(offer)
    return found


def bundle(entries: list[dict], bundle_type: str, base_url: str = "", **extra) -> dict:
    """A Bundle of resources; `extra` adds elements such as `total` or `link`."""
    found = {
        "resourceType": "Bundle",
        "type": bundle_type,
        "timestamp": resources.instant(timezone.now()),
        **extra,
    }
    if entries:  # FHIR forbids an empty list
        if not base_url:
            entries = _urn_references(entries)
        found["entry"] = [{"fullUrl": ids.full_url(base_url, r), "resource": r} for r in entries]
    return found


def _urn_references(entries: list[dict]) -> list[dict]:
    """Without a base, relative references cannot resolve (R4 Bundle rules): point each at
    the urn:uuid fullUrl of the resource in the Bundle."""
    urns = {f"{r['resourceType']}/{r['id']}": ids.full_url("", r) for r in entries}

    def rewrite(node):
        if isinstance(node, dict):
            return {k: urns.get(v, v) if k == "reference" else rewrite(v) for k, v in node.items()}
        if isinstance(node, list):
            return [rewrite(v) for v in node]
        return node

    return [rewrite(r) for r in entries]


def catalogue_bundle(base_url: str = "") -> dict:
    return bundle(catalogue_resources(), "collection", base_url)
