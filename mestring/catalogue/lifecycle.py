"""An offer's life: draft → published → archived, and the copy and delete of a draft.

The workspace, the admin and any other entry point change an offer's status only through
these functions. Permission is the caller's business (accounts.permissions); these say
what the offer's state allows. Every change counts as the provider confirming the offer's
information (`last_confirmed` = today).

What must be in place before publishing has two layers: the core dataset's rules
(`core_problems`, for every entry point) and whatever the caller's own forms demand (the
workspace passes its five steps as `check`).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import date

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import codes, rules
from .models import Offer, OfferCode
from .querysets import PUBLISHED, is_published
from .search import index

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
Check = Callable[[Offer], Sequence[object]]


class NotAllowed(Exception):
    """The offer's state does not allow the change; the message says why, for people."""


class NotReady(NotAllowed):
    """Something is missing before the offer can be published (`missing` says what)."""

    def __init__(self, missing: Sequence[object]):
        super().__init__(_("Tilbudet kan ikke publiseres ennå."))
        self.missing = list(missing)


def core_values(offer: Offer) -> dict:
    """The offer as the core dataset's rules read it (Norwegian field names)."""
    return {
        "id": offer.external_id,
        "tittel": offer.title,
        "beskrivelse": offer.description,
        "ansvarlig": offer.responsible.external_id if offer.responsible_id else None,
        "medarrangorer": list(offer.co_organisers.values_list("external_id", flat=True)),
        "hovedtematikk": offer.main_theme,
        "hovedmalgruppe": offer.main_target_group,
        "aldersgruppe": offer.age_group,
        "brukerrepresentant": offer.user_representative,
        "nivaa": offer.level,
        "status": offer.status,
        "diagnoser": offer.codes_for("diagnoser"),
        "fagfelt": offer.codes_for("fagfelt"),
        "andre_malgrupper": offer.codes_for("andre_malgrupper"),
        "registreringssted": offer.codes_for("registreringssted"),
        "sprak": offer.codes_for("sprak"),
        "antall_samlinger": offer.session_count,
        "pris": offer.price,
        "pris_merknad": offer.price_note,
        "henvisning_merknad": offer.referral_note,
        "avbestilling": offer.cancellation,
        "pamelding_tekst": offer.signup_text,
        "kontakt_navn": offer.contact_name,
        "kontakt_rolle": offer.contact_role,
        "ta_med": offer.what_to_bring,
    }


def core_problems(offer: Offer) -> list[rules.Problem]:
    """What the core dataset's rules find wrong with the offer as stored."""
    return rules.offer_problems(core_values(offer))


def missing_before_publishing(offer: Offer, check: Check = core_problems) -> list:
    """Everything that stops `offer` from being published; empty when it may be."""
    return list(check(offer))


def _touch(offer: Offer, today: date, **changes) -> None:
    for name, value in changes.items():
        setattr(offer, name, value)
    offer.last_confirmed = today
    offer.save(update_fields=[*changes, "last_confirmed", "updated_at"])


def confirm(offer: Offer, today: date) -> None:
    """The provider says the offer's information is still right."""
    _touch(offer, today)


def publish(offer: Offer, today: date, check: Check = core_problems) -> None:
    """Publish the offer, or raise NotReady with what is missing."""
    if missing := missing_before_publishing(offer, check):
        raise NotReady(missing)
    _touch(offer, today, status=PUBLISHED)


def archive(offer: Offer, today: date) -> None:
    """Take a published offer out of the public catalogue (its runs still count)."""
    if not is_published(offer.status):
        raise NotAllowed(_("Bare publiserte tilbud kan arkiveres."))
    _touch(offer, today, status=codes.OfferStatus.ARCHIVED)


def is_deletable(offer: Offer) -> bool:
    """Only drafts may be deleted: a published or archived offer has counted."""
    return offer.status == codes.OfferStatus.DRAFT


def delete_draft(offer: Offer) -> None:
    if not is_deletable(offer):
        raise NotAllowed(_("Bare utkast kan slettes."))
    offer.delete()


def new_external_id(title: str) -> str:
    """A readable, unique id: the title as a slug plus a short random suffix."""
    base = slugify(title.translate(_NORWEGIAN_LETTERS))[:80].strip("-") or "tilbud"
    while True:
        candidate = f"{base}-{secrets.token_hex(3)}"
        if not Offer.objects.filter(external_id=candidate).exists():
            return candidate


@transaction.atomic
def copy(offer: Offer, today: date) -> Offer:
    """A new draft with every field, code and co-organiser of `offer`, but none of its runs."""
    duplicate = Offer.objects.get(pk=offer.pk)
    duplicate.pk = None
    duplicate.title = (_("Kopi av %(title)s") % {"title": offer.title})[:300]
    duplicate.external_id = new_external_id(duplicate.title)
    duplicate.status = codes.OfferStatus.DRAFT
    duplicate.last_confirmed = today
    duplicate.save()
    duplicate.co_organisers.set(offer.co_organisers.all())
    OfferCode.objects.bulk_create(
        OfferCode(offer=duplicate, field=c.field, code=c.code) for c in offer.codes.all()
    )
    index.refresh([duplicate.pk])
    return duplicate
