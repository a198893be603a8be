"""Model → FHIR R4 JSON dictionaries (HealthcareService, PlanDefinition, Organization, …).

Every function takes one record and returns one resource; references are relative
(`Organization/<id>`), so a consumer resolves them against the server or Bundle base.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Organisation, Run, Session
from mestring.catalogue.querysets import is_published

from . import ids

LANGUAGE_SYSTEM = "urn:ietf:bcp:47"
PROVISION_SYSTEM = "http://terminology.hl7.org/CodeSystem/service-provision-conditions"
PLAN_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
SLOT_STATUS = {
    codes.RunStatus.PLANNED: "free",
    codes.RunStatus.COMPLETED: "busy",
    codes.RunStatus.CANCELLED: "busy-unavailable",
}


def instant(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def ref(resource_type: str, resource_id: str, display: str = "") -> dict:
    reference = {"reference": f"{resource_type}/{resource_id}"}
    if display:
        reference["display"] = display
    return reference


def _meta(record) -> dict:
    return {"lastUpdated": instant(record.updated_at)}


def _concept(list_name: str, code: str, choices: type) -> dict:
    coding = {"system": ids.CODE_SYSTEM + list_name, "code": code}
    display = dict(choices.choices).get(code)
    if display:
        coding["display"] = str(display)
    return {"coding": [coding]}


def _telecom(phone: str, email: str, url: str) -> list[dict]:
    points = [("phone", phone), ("email", email), ("url", url)]
    return [{"system": system, "value": value} for system, value in points if value]


def _drop_empty(resource: dict) -> dict:
    """FHIR forbids empty strings, lists and objects: leave such elements out."""
    return {k: v for k, v in resource.items() if v not in (None, "", [], {})}


def organisation_identifiers(org: Organisation) -> list[dict]:
    found = [{"use": "usual", **ids.identifier("organisation", org.external_id)}]
    if org.orgnr:
        found.insert(0, {"use": "official", "system": ids.ORGNR_SYSTEM, "value": org.orgnr})
    return found


def organization(org: Organisation) -> dict:
    address = {}
    if org.municipality_id:
        address = {"city": org.municipality.name, "country": "NO"}
    return _drop_empty(
        {
            "resourceType": "Organization",
            "id": ids.fhir_id(org.external_id),
            "meta": _meta(org),
            "identifier": organisation_identifiers(org),
            "active": True,
            "type": [_concept("provider-type", org.type, codes.ProviderType)],
            "name": org.name,
            "telecom": _telecom(org.phone, org.email, org.website),
            "address": [address] if address else [],
            "partOf": ref("Organization", ids.fhir_id(org.parent.external_id), org.parent.name)
            if org.parent_id
            else None,
        }
    )


def has_place(run: Run) -> bool:
    return bool(run.municipality_id or run.address.strip())


def run_location_id(run: Run) -> str:
    return ids.location_id(run.municipality_id, run.address)


def location(run: Run) -> dict:
    """The place a run is held: a municipality and, where known, a street address."""
    address = {"country": "NO"}
    if run.address.strip():
        address["line"] = [run.address.strip()]
    if run.municipality_id:
        address["city"] = run.municipality.name
    name = ", ".join(p for p in [run.address.strip(), address.get("city", "")] if p)
    return {
        "resourceType": "Location",
        "id": run_location_id(run),
        "status": "active",
        "name": name,
        "mode": "instance",
        "address": address,
    }


def _offer_categories(offer: Offer) -> list[dict]:
    return [_concept("theme", offer.main_theme, codes.Theme)] if offer.main_theme else []


def _diagnoses(offer: Offer) -> list[dict]:
    found = []
    for code in offer.codes_for("diagnoser"):
        concept = _concept("diagnosis-group", code, codes.DiagnosisGroup)
        block = codes.ICD10_BLOCKS.get(code)
        if block:
            concept["text"] = f"ICD-10 {block}"
        found.append(concept)
    return found


def _eligibility(offer: Offer) -> list[dict]:
    groups = [offer.main_target_group] if offer.main_target_group else []
    groups += [g for g in offer.codes_for("andre_malgrupper") if g not in groups]
    found = [{"code": _concept("target-group", g, codes.TargetGroup)} for g in groups]
    if offer.age_group:
        found.append({"code": _concept("age-group", offer.age_group, codes.AgeGroup)})
    return found


def _referral(offer: Offer) -> list[dict]:
    """Whether a referral is needed; FHIR R4 has no element for it, so a characteristic."""
    if offer.requires_referral is None:
        return []
    code = "required" if offer.requires_referral else "not-required"
    concept = {"coding": [{"system": ids.CODE_SYSTEM + "referral", "code": code}]}
    if offer.referral_note:
        concept["text"] = offer.referral_note
    return [concept]


def _provision(offer: Offer) -> list[dict]:
    if offer.price is None:
        return []
    code = "free" if offer.price == 0 else "cost"
    return [{"coding": [{"system": PROVISION_SYSTEM, "code": code}]}]


def healthcare_service(offer: Offer, location_ids: list[str] | None = None) -> dict:
    """An offer as a service. `location_ids`: the places of its runs (Location ids)."""
    return _drop_empty(
        {
            "resourceType": "HealthcareService",
            "id": ids.fhir_id(offer.external_id),
            "meta": _meta(offer),
            "identifier": [ids.identifier("offer", offer.external_id)],
            "active": is_published(offer.status),
            "providedBy": ref(
                "Organization", ids.fhir_id(offer.responsible.external_id), offer.responsible.name
            ),
            "category": _offer_categories(offer),
            "specialty": [_concept("field", c, codes.Field) for c in offer.codes_for("fagfelt")],
            "location": [ref("Location", i) for i in location_ids or []],
            "name": offer.title,
            "extraDetails": offer.description,
            "telecom": _telecom(offer.signup_phone, offer.signup_email, offer.signup_url),
            "serviceProvisionCode": _provision(offer),
            "eligibility": _eligibility(offer),
            "characteristic": _diagnoses(offer) + _referral(offer),
            "communication": [
                {"coding": [{"system": LANGUAGE_SYSTEM, "code": c}]}
                for c in offer.codes_for("sprak")
            ],
        }
    )


def plan_definition(offer: Offer) -> dict:
    """The programme of an offer: what happens over its sessions, independent of dates."""
    actions = [{"title": f"Session {n}"} for n in range(1, (offer.session_count or 0) + 1)]
    return _drop_empty(
        {
            "resourceType": "PlanDefinition",
            "id": ids.fhir_id(offer.external_id),
            "meta": _meta(offer),
            "identifier": [ids.identifier("offer", offer.external_id)],
            "title": offer.title,
            "type": {"coding": [{"system": PLAN_TYPE_SYSTEM, "code": "workflow-definition"}]},
            "status": "active" if is_published(offer.status) else "retired",
            "publisher": offer.responsible.name,
            "description": offer.description,
            "topic": _diagnoses(offer),
            "action": actions,
        }
    )


def organization_affiliation(offer: Offer, co_organiser: Organisation) -> dict:
    """A co-organiser of an offer: the responsible organisation works with it on the service."""
    return {
        "resourceType": "OrganizationAffiliation",
        "id": ids.affiliation_id(offer.external_id, co_organiser.external_id),
        "active": True,
        "organization": ref("Organization", ids.fhir_id(offer.responsible.external_id)),
        "participatingOrganization": ref(
            "Organization", ids.fhir_id(co_organiser.external_id), co_organiser.name
        ),
        "healthcareService": [ref("HealthcareService", ids.fhir_id(offer.external_id))],
        "code": [{"coding": [{"system": ids.CODE_SYSTEM + "role", "code": "co-organiser"}]}],
    }


def schedule(run: Run) -> dict:
    """A run: the service, at a place, over a period."""
    actors = [ref("HealthcareService", ids.fhir_id(run.offer.external_id))]
    if has_place(run):
        actors.append(ref("Location", run_location_id(run)))
    horizon = {"start": run.start.isoformat()}
    if run.end:
        horizon["end"] = run.end.isoformat()
    return {
        "resourceType": "Schedule",
        "id": ids.fhir_id(run.external_id),
        "meta": _meta(run),
        "identifier": [ids.identifier("run", run.external_id)],
        "active": run.status != codes.RunStatus.CANCELLED,
        "actor": actors,
        "planningHorizon": horizon,
    }


def slot(run: Run, session: Session, index: int) -> dict:
    """One session of a run. Without a recorded duration the slot has no length."""
    minutes = session.duration_min or 0
    resource = {
        "resourceType": "Slot",
        "id": ids.slot_id(run.external_id, index),
        "schedule": ref("Schedule", ids.fhir_id(run.external_id)),
        "status": SLOT_STATUS.get(run.status, "busy"),
        "start": instant(session.start),
        "end": instant(session.start + timedelta(minutes=minutes)),
    }
    if not session.duration_min:
        resource["comment"] = "Duration not recorded."
    return resource
