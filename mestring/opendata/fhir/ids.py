"""Stable FHIR resource ids and identifier systems.

FHIR ids allow [A-Za-z0-9-.]{1,64}; our external ids mostly fit and are kept as they are.
Others are made safe and get a short hash, so that two external ids never share a FHIR id.
"""

import hashlib
import re
import uuid

ORGNR_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.101"  # Enhetsregisteret (no-basis)
RESH_SYSTEM = "urn:oid:2.16.578.1.12.4.1.4.102"  # Reshid, not yet recorded in our data
ID_SYSTEM = "https://mestring.no/fhir/NamingSystem/"
CODE_SYSTEM = "https://mestring.no/fhir/CodeSystem/"
_VALID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_INVALID_CHARS = re.compile(r"[^A-Za-z0-9\-.]+")


def is_valid_id(value: str) -> bool:
    return bool(_VALID.match(value))


def fhir_id(external_id: str) -> str:
    """The FHIR id of a record: its external id where allowed, else a safe hashed form."""
    if is_valid_id(external_id):
        return external_id
    digest = hashlib.sha256(external_id.encode()).hexdigest()[:10]
    safe = _INVALID_CHARS.sub("-", external_id).strip("-")[:53]
    return f"{safe}-{digest}" if safe else digest


def slot_id(run_external_id: str, index: int) -> str:
    return fhir_id(f"{run_external_id}.s{index + 1}")


def location_id(municipality: str | None, address: str) -> str:
    """One Location per distinct place (municipality and street address)."""
    key = f"{municipality or ''}|{address.strip().lower()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"sted-{municipality or 'x'}-{digest}"


def affiliation_id(offer_external_id: str, org_external_id: str) -> str:
    return fhir_id(f"{offer_external_id}.{org_external_id}")


def identifier(kind: str, value: str) -> dict:
    """Our own external id as a FHIR Identifier."""
    return {"system": ID_SYSTEM + kind, "value": value}


def full_url(base_url: str, resource: dict) -> str:
    """An absolute fullUrl under a base, or a stable urn:uuid when there is none."""
    path = f"{resource['resourceType']}/{resource['id']}"
    if base_url:
        return f"{base_url.rstrip('/')}/{path}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ID_SYSTEM + path)}"
