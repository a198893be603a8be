"""Where a user organisation takes part: the offers whose `user_organisations` name it (by
provider id or by name) and their runs, besides the offers it is responsible for."""

from __future__ import annotations

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from mestring.catalogue.models import Offer, Organisation


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def names_organisation(value: str, organisation: Organisation) -> bool:
    """A `user_organisations` entry names the organisation: its provider id, or its name
    (ignoring case and spacing)."""
    return value == organisation.external_id or _normal(value) == _normal(organisation.name)


def offers_taking_part(organisation: Organisation, offers: QuerySet[Offer]) -> list[Offer]:
    """The offers of `offers` that name the organisation among their user organisations."""
    # A text search narrows the rows on both databases; the exact match is decided below.
    # SQLite stores non-ASCII letters as JSON escapes, so only ASCII words are searched for.
    listed = offers.exclude(user_organisations=[]).annotate(
        _uo=Cast("user_organisations", TextField())
    )
    words = [w for w in organisation.name.split() if w.isascii() and len(w) >= 3]
    found = {o.pk: o for o in listed.filter(_uo__contains=organisation.external_id)}
    by_name = listed.filter(_uo__icontains=max(words, key=len)) if words else listed
    found.update((o.pk, o) for o in by_name)
    return sorted(
        (
            offer
            for offer in found.values()
            if any(
                isinstance(v, str) and names_organisation(v, organisation)
                for v in offer.user_organisations
            )
        ),
        key=lambda o: (o.title, o.external_id),
    )
