"""Health communities from the reference data's catchment areas."""

from django.db import transaction
from django.db.models import Q

from mestring.refdata.models import HealthTrust, Municipality

from .models import HealthCommunity


def catchment(trust: HealthTrust) -> list[Municipality]:
    """Municipalities in the trust's catchment area, those split by district included."""
    return list(
        Municipality.objects.filter(valid_to__isnull=True)
        .filter(Q(health_trust=trust) | Q(districts__health_trust=trust))
        .distinct()
        .order_by("number")
    )


def default_name(trust: HealthTrust) -> str:
    return f"Helsefellesskapet {trust.short_name}"


@transaction.atomic
def load_health_communities() -> int:
    """One health community per trust with a catchment area; returns how many were created.

    Existing communities are left as they are: administrators may have renamed them or
    changed their municipalities since.
    """
    existing = set(HealthCommunity.objects.values_list("health_trust_id", flat=True))
    created = 0
    for trust in HealthTrust.objects.exclude(orgnr__in=existing).order_by("name"):
        municipalities = catchment(trust)
        if not municipalities:
            continue
        community = HealthCommunity.objects.create(name=default_name(trust), health_trust=trust)
        community.municipalities.set(municipalities)
        created += 1
    return created
