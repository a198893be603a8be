"""Operations that write catalogue data."""

from django.db import transaction

from mestring.refdata.models import HealthTrust, Region

from . import codes
from .models import Organisation


def health_trust_organisation_id(orgnr: str, kind: str) -> str:
    return f"{kind}-{orgnr}"


@transaction.atomic
def sync_health_trust_providers() -> int:
    """Make every regional health authority and hospital trust a provider; returns rows changed.

    Idempotent: names, types and parents follow the reference data, nothing else is touched.
    """
    changed = 0
    regional: dict[str, Organisation] = {}
    for region in Region.objects.all():
        org, touched = _upsert_provider(
            health_trust_organisation_id(region.orgnr, "rhf"),
            name=f"{region.name} RHF",
            type=codes.ProviderType.RHF,
            orgnr=region.orgnr,
            region_id=region.code,
            parent=None,
        )
        regional[region.code] = org
        changed += touched
    for trust in HealthTrust.objects.all():
        _, touched = _upsert_provider(
            health_trust_organisation_id(trust.orgnr, "hf"),
            name=trust.name,
            type=trust.kind,
            orgnr=trust.orgnr,
            region_id=trust.region_id,
            parent=regional[trust.region_id],
        )
        changed += touched
    return changed


def _upsert_provider(external_id: str, **values) -> tuple[Organisation, bool]:
    org = Organisation.objects.filter(external_id=external_id).first()
    if org is None:
        return Organisation.objects.create(external_id=external_id, **values), True
    differing = [k for k, v in values.items() if getattr(org, k) != v]
    if not differing:
        return org, False
    for key in differing:
        setattr(org, key, values[key])
    org.save()
    return org, True
