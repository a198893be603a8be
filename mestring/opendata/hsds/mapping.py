"""Model → HSDS 3 dictionaries. Optional HSDS fields are left out, never null."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mestring.catalogue import codes
from mestring.catalogue.models import Offer, Organisation, Run
from mestring.catalogue.rules import language_name

from . import taxonomies
from .ids import hsds_id

STATUS = {"publisert": "active", "arkivert": "defunct", "utkast": "inactive"}
ORGNR_SCHEME = "NO-BRC"  # org-id.guide: Brønnøysund Register Centre (Enhetsregisteret)


def compact(data: dict) -> dict:
    """Drop None, "" and empty lists: HSDS optional fields are omitted, not null."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


def organization(org: Organisation) -> dict:
    org_id = hsds_id("organization", org.external_id)
    identifiers = []
    if org.orgnr:
        identifiers.append(
            {
                "id": hsds_id("organization_identifier", org.external_id, org.orgnr),
                "organization_id": org_id,
                "identifier_scheme": ORGNR_SCHEME,
                "identifier_type": "Organisasjonsnummer",
                "identifier": org.orgnr,
            }
        )
    phones = []
    if org.phone:
        phones.append(
            {
                "id": hsds_id("phone", "organization", org.external_id),
                "organization_id": org_id,
                "number": org.phone,
            }
        )
    return compact(
        {
            "id": org_id,
            "name": org.name,
            "description": str(codes.ProviderType(org.type).label) if org.type else org.name,
            "email": org.email,
            "website": org.website,
            "uri": settings.SITE_URL
            + reverse("catalogue:organisation-detail", args=[org.external_id]),
            "parent_organization_id": (
                hsds_id("organization", org.parent.external_id) if org.parent_id else None
            ),
            "phones": phones,
            "organization_identifiers": identifiers,
        }
    )


def is_virtual(run: Run) -> bool:
    return run.format in codes.DIGITAL_FORMATS or run.venue == "digitalt"


def place_key(run: Run) -> tuple[str, ...]:
    """What makes a place the same place: a street address in a municipality, or (for
    digital runs, and runs with no address) the municipality or the organisation."""
    if is_virtual(run):
        return ("virtual", run.offer.responsible.external_id)
    address = " ".join(run.address.split()).casefold()
    return ("physical", run.municipality_id or "", address)


def location_id(run: Run) -> str:
    return hsds_id("location", *place_key(run))


def location(run: Run) -> dict:
    """One location per real place (`place_key`), whichever run it is found through. The
    street address is in the name: an HSDS address needs a postcode, which we do not have."""
    virtual = is_virtual(run)
    place = location_id(run)
    if virtual:
        name = "Digitalt"
    else:
        parts = [" ".join(run.address.split())]
        parts.append(run.municipality.name if run.municipality_id else "")
        name = ", ".join(p for p in parts if p) or "Sted ikke oppgitt"
    return compact(
        {
            "id": place,
            "location_type": "virtual" if virtual else "physical",
            "organization_id": (
                hsds_id("organization", run.offer.responsible.external_id) if virtual else None
            ),
            "name": name,
            "external_identifier": None if virtual else run.municipality_id,
            "external_identifier_type": (
                "kommunenummer" if run.municipality_id and not virtual else None
            ),
        }
    )


def run_status(run: Run) -> dict:
    """The run's status (planned, completed, cancelled) as a coded attribute."""
    sal_id = hsds_id("service_at_location", run.external_id)
    term = taxonomies.term("gjennomforingsstatus", run.status)
    return {
        "id": hsds_id("attribute", run.external_id, "gjennomforingsstatus"),
        "link_id": sal_id,
        "link_type": "gjennomforingsstatus",
        "link_entity": "service_at_location",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": run.status,
        "label": term["name"],
    }


def run_schedule(run: Run) -> dict:
    """One schedule for the whole run (its dates), attached to the service at location."""
    sal_id = hsds_id("service_at_location", run.external_id)
    notes = [str(codes.RunStatus(run.status).label)]
    if run.time_of_day:
        notes.append(str(codes.TimeOfDay(run.time_of_day).label))
    return compact(
        {
            "id": hsds_id("schedule", run.external_id),
            "service_at_location_id": sal_id,
            "valid_from": run.start.isoformat(),
            "valid_to": run.end.isoformat() if run.end else None,
            "dtstart": run.start.isoformat(),
            "description": run.offer.title,
            "attending_type": str(codes.Format(run.format).label) if run.format else None,
            "notes": "; ".join(notes),
        }
    )


def session_schedule(run: Run, session) -> dict:
    start = timezone.localtime(session.start)
    end = start + timezone.timedelta(minutes=session.duration_min or 0)
    return compact(
        {
            "id": hsds_id("schedule", run.external_id, start.isoformat()),
            "service_at_location_id": hsds_id("service_at_location", run.external_id),
            "valid_from": start.date().isoformat(),
            "valid_to": start.date().isoformat(),
            "dtstart": start.date().isoformat(),
            "count": 1,
            "opens_at": start.strftime("%H:%M"),
            "closes_at": end.strftime("%H:%M") if session.duration_min else None,
            "description": "Samling",
        }
    )


def service_at_location(run: Run) -> dict:
    schedules = [run_schedule(run)] + [session_schedule(run, s) for s in run.sessions.all()]
    return compact(
        {
            "id": hsds_id("service_at_location", run.external_id),
            "service_id": hsds_id("service", run.offer.external_id),
            "location_id": location_id(run),
            "description": run.external_id,
            "schedules": schedules,
            "attributes": [run_status(run)] if run.status else [],
            "location": location(run),
        }
    )


def _attribute(offer: Offer, taxonomy: str, code: str) -> dict:
    term = taxonomies.term(taxonomy, code)
    return {
        "id": hsds_id("attribute", offer.external_id, taxonomy, code),
        "link_id": hsds_id("service", offer.external_id),
        "link_type": taxonomy,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
        "value": code,
        "label": term["name"],
    }


def offer_terms(offer: Offer) -> list[tuple[str, str]]:
    """(taxonomy, code) pairs describing an offer."""
    pairs = [("tematikk", offer.main_theme)]
    pairs += [("diagnosegruppe", c) for c in offer.codes_for("diagnoser")]
    targets = {offer.main_target_group, *offer.codes_for("andre_malgrupper")} - {""}
    pairs += [("malgruppe", c) for c in sorted(targets)]
    if offer.age_group:
        pairs.append(("aldersgruppe", offer.age_group))
    return pairs


def _eligibility(offer: Offer) -> str:
    parts = []
    if offer.age_group:
        parts.append(str(codes.AgeGroup(offer.age_group).label))
    parts += [str(label) for label in offer.labels_for("andre_malgrupper")]
    if offer.main_target_group:
        parts.insert(0, str(codes.TargetGroup(offer.main_target_group).label))
    return ". ".join(parts)


def _application(offer: Offer) -> str:
    parts = [offer.signup_text, offer.referral_note]
    if offer.requires_referral is True:
        parts.insert(0, "Krever henvisning.")
    elif offer.requires_referral is False:
        parts.insert(0, "Krever ikke henvisning.")
    return " ".join(p for p in parts if p)


def service(offer: Offer) -> dict:
    service_id = hsds_id("service", offer.external_id)
    min_age, max_age = taxonomies.AGES.get(offer.age_group, (None, None))
    cost = []
    if offer.price is not None:
        cost.append(
            compact(
                {
                    "id": hsds_id("cost_option", offer.external_id),
                    "service_id": service_id,
                    "option": "Egenandel",
                    "currency": "NOK",
                    "amount": float(offer.price),
                    "amount_description": offer.price_note,
                }
            )
        )
    languages = [
        {
            "id": hsds_id("language", offer.external_id, code),
            "service_id": service_id,
            "code": code,
            "name": language_name(code),
        }
        for code in offer.codes_for("sprak")
    ]
    phones = []
    if offer.signup_phone:
        phones.append(
            {
                "id": hsds_id("phone", "service", offer.external_id),
                "service_id": service_id,
                "number": offer.signup_phone,
                "description": "Påmelding",
            }
        )
    return compact(
        {
            "id": service_id,
            "organization_id": hsds_id("organization", offer.responsible.external_id),
            "name": offer.title,
            "alternate_name": offer.external_id,
            "description": offer.description,
            "url": offer.signup_url,
            "email": offer.signup_email,
            "status": STATUS[offer.status],
            "interpretation_services": ("Tolk kan skaffes." if offer.interpreter else None),
            "application_process": _application(offer),
            "fees_description": offer.price_note,
            "eligibility_description": _eligibility(offer),
            "minimum_age": min_age,
            "maximum_age": max_age,
            "assured_date": offer.last_confirmed.isoformat() if offer.last_confirmed else None,
            "last_modified": offer.updated_at.isoformat(),
            "phones": phones,
            "languages": languages,
            "cost_options": cost,
            "attributes": [_attribute(offer, t, c) for t, c in offer_terms(offer)],
            "service_at_locations": [service_at_location(r) for r in offer.runs.all()],
            "organization": organization(offer.responsible),
        }
    )
