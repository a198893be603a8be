"""Operations that write: confirming an agreement, tying offers and runs to it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mestring.accounts.permissions import Action, can_offer, can_run, parties_represented
from mestring.catalogue.models import Offer, Run

from . import rules
from .models import Agreement, Confirmation, TiedOffer, TiedRun


@transaction.atomic
def confirm(agreement: Agreement, user, today: date) -> list[str]:
    """Confirm the agreement as it stands for every party `user` acts for; returns the
    parties' keys (orgnr or municipality number). PermissionDenied if none."""
    parties = parties_represented(user, agreement)
    if not parties:
        raise PermissionDenied
    revision = rules.revision_reference(agreement)
    values = {"revision": revision, "confirmed_by": user, "confirmed_on": today}
    for orgnr in sorted(parties.trusts):
        Confirmation.objects.update_or_create(
            agreement=agreement, health_trust_id=orgnr, defaults=values
        )
    for number in sorted(parties.municipalities):
        Confirmation.objects.update_or_create(
            agreement=agreement, municipality_id=number, defaults=values
        )
    return [*sorted(parties.trusts), *sorted(parties.municipalities)]


def _check(agreement: Agreement, user, sub_agreement: str) -> None:
    if not parties_represented(user, agreement):
        raise PermissionDenied
    problem = rules.sub_agreement_problem(agreement, sub_agreement)
    if problem:
        raise ValidationError({"sub_agreement": problem})


@transaction.atomic
def tie_offer(agreement: Agreement, offer: Offer, user, sub_agreement: str = "") -> TiedOffer:
    """Tie an offer the user may edit to an agreement one of whose parties they act for."""
    _check(agreement, user, sub_agreement)
    if not can_offer(user, Action.EDIT, offer):
        raise PermissionDenied
    tie, _created = TiedOffer.objects.update_or_create(
        agreement=agreement, offer=offer, defaults={"sub_agreement": sub_agreement}
    )
    return tie


@transaction.atomic
def tie_run(agreement: Agreement, run: Run, user, sub_agreement: str = "") -> TiedRun:
    _check(agreement, user, sub_agreement)
    if not can_run(user, Action.EDIT, run):
        raise PermissionDenied
    tie, _created = TiedRun.objects.update_or_create(
        agreement=agreement, run=run, defaults={"sub_agreement": sub_agreement}
    )
    return tie


@transaction.atomic
def untie(agreement: Agreement, user, *, offer: Offer | None = None, run: Run | None = None):
    if not parties_represented(user, agreement):
        raise PermissionDenied
    if offer is not None:
        if not can_offer(user, Action.EDIT, offer):
            raise PermissionDenied
        TiedOffer.objects.filter(agreement=agreement, offer=offer).delete()
    if run is not None:
        if not can_run(user, Action.EDIT, run):
            raise PermissionDenied
        TiedRun.objects.filter(agreement=agreement, run=run).delete()


def no_party_message() -> str:
    return _("Du må være redaktør for helseforetaket eller for en av kommunene i avtalen.")
