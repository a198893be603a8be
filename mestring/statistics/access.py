"""Who sees exact person counts: analysts and administrators; everyone else the protected
figures (core dataset §6)."""

from django.db import models


class StatisticsAccess(models.Model):
    """Holds the statistics permissions; no table behind it."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_exact_figures", "Kan se eksakte tall i statistikken")]

    def __str__(self) -> str:
        return "statistikk"


def sees_exact_figures(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("statistics.view_exact_figures"))
    )
