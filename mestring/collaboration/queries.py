"""Reading agreements from the database: those due for revision (the rule is rules.py's)."""

from datetime import date

from django.db.models import Q
from django.db.models.functions import Coalesce

from . import rules
from .models import Agreement


def agreements_due_for_revision(today: date, health_trusts=None, municipalities=None) -> list:
    """The agreements due for revision on `today`, oldest first.

    With `health_trusts` and/or `municipalities`, only those where one of them is a party
    (each party gets the reminder).
    """
    # One day of slack, because of 29 February; `rules.is_due_for_revision` decides.
    latest = rules.add_years(today, -rules.REVISION_YEARS).toordinal() + 1
    queryset = (
        Agreement.objects.select_related("health_trust")
        .annotate(reference=Coalesce("last_revised", "signed"))
        .filter(reference__lte=date.fromordinal(latest))
        .order_by("reference", "pk")
    )
    if health_trusts is not None or municipalities is not None:
        parties = Q(health_trust__in=list(health_trusts or []))
        parties |= Q(
            pk__in=Agreement.municipalities.through.objects.filter(
                municipality__in=list(municipalities or [])
            ).values("agreement")
        )
        queryset = queryset.filter(parties)
    return [agreement for agreement in queryset if rules.is_due_for_revision(agreement, today)]
