"""Read one resource of every type the FHIR API and the Bundle export reference.

Each function takes a FHIR id and returns the resource as `bundle.py` would export it, or
None when there is none in the public catalogue (only published offers and what they need).
"""

import re
from collections.abc import Callable

from mestring.catalogue.models import Organisation, Run

from . import bundle, ids, resources, search

_SLOT = re.compile(r"^(?P<run>.+)\.s(?P<number>[0-9]+)$")


def _offer(resource_id: str):
    found = search.external_id(resource_id, bundle.published_offers().model)
    return bundle.published_offers().filter(external_id=found).first() if found else None


def _published_runs():
    return (
        Run.objects.filter(offer__in=bundle.published_offers())
        .select_related("offer__responsible", "municipality")
        .prefetch_related("sessions")
        .order_by("external_id")
    )


def healthcare_service(resource_id: str) -> dict | None:
    offer = _offer(resource_id)
    if offer is None:
        return None
    return resources.healthcare_service(offer, sorted(bundle.offer_locations(offer)))


def plan_definition(resource_id: str) -> dict | None:
    offer = _offer(resource_id)
    return resources.plan_definition(offer) if offer else None


def organization(resource_id: str) -> dict | None:
    found = search.external_id(resource_id, Organisation)
    if found is None:
        return None
    org = Organisation.objects.select_related("parent", "municipality").get(external_id=found)
    return resources.organization(org)


def _run(run_external_id: str) -> Run | None:
    return _published_runs().filter(external_id=run_external_id).first()


def schedule(resource_id: str) -> dict | None:
    run = _run(resource_id)
    if run is None:
        run = next(
            (r for r in _published_runs() if ids.fhir_id(r.external_id) == resource_id), None
        )
    return resources.schedule(run) if run else None


def slot(resource_id: str) -> dict | None:
    match = _SLOT.match(resource_id)
    candidates = [_run(match["run"])] if match else []
    if not candidates or candidates[0] is None:  # a hashed id: look through every run
        candidates = list(_published_runs())
    for run in candidates:
        for index, session in enumerate(run.sessions.all()):
            if ids.slot_id(run.external_id, index) == resource_id:
                return resources.slot(run, session, index)
    return None


def location(resource_id: str) -> dict | None:
    """Location ids are `sted-<municipality or x>-<hash>`: look only in that municipality."""
    municipality = resource_id.removeprefix("sted-").rsplit("-", 1)[0]
    runs = _published_runs()
    if municipality == "x":
        runs = runs.filter(municipality__isnull=True)
    else:
        runs = runs.filter(municipality_id=municipality)
    for run in runs:
        if resources.has_place(run) and resources.run_location_id(run) == resource_id:
            return resources.location(run)
    return None


def organization_affiliation(resource_id: str) -> dict | None:
    for offer in bundle.published_offers():
        for co_organiser in offer.co_organisers.all():
            if ids.affiliation_id(offer.external_id, co_organiser.external_id) == resource_id:
                return resources.organization_affiliation(offer, co_organiser)
    return None


READERS: dict[str, Callable[[str], dict | None]] = {
    "HealthcareService": healthcare_service,
    "PlanDefinition": plan_definition,
    "Organization": organization,
    "OrganizationAffiliation": organization_affiliation,
    "Location": location,
    "Schedule": schedule,
    "Slot": slot,
}
