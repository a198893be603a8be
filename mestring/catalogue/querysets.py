"""The one place that says which offers and runs are public and which count (core dataset §3, §6).

- Published (`publisert`): the public catalogue, the API, HSDS, FHIR, the search and the
  open-data exports show these offers, and only these.
- Countable: published and archived offers. Their runs count in reports for the periods in
  which they ran; drafts never count, and cancelled runs never count (KJERNEDATASETT §6).

Nothing else in the code spells the published status: a test greps for it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import Q

from . import codes

PUBLISHED = codes.OfferStatus.PUBLISHED
COUNTED_OFFER_STATUSES = (codes.OfferStatus.PUBLISHED, codes.OfferStatus.ARCHIVED)


def published_q(path: str = "") -> Q:
    """The condition "the offer at lookup `path` is published" ("" = the offer itself)."""
    return Q(**{f"{path}__status" if path else "status": PUBLISHED})


def countable_q(path: str = "") -> Q:
    """The condition "the offer at lookup `path` counts in reports"."""
    return Q(**{f"{path}__status__in" if path else "status__in": COUNTED_OFFER_STATUSES})


def is_published(status: str) -> bool:
    """Whether an offer status (a code, as stored or as read from a file) is the public one."""
    return status == PUBLISHED


class OfferQuerySet(models.QuerySet):
    def published(self) -> OfferQuerySet:
        """What the public sees."""
        return self.filter(published_q())

    def countable(self) -> OfferQuerySet:
        """Offers whose runs count in reports: published or archived, never drafts."""
        return self.filter(countable_q())


class RunQuerySet(models.QuerySet):
    def published(self) -> RunQuerySet:
        """Runs of published offers (the public may see them)."""
        return self.filter(published_q("offer"))

    def counted(self) -> RunQuerySet:
        """Runs that count in reports: of a countable offer, and not cancelled."""
        return self.filter(countable_q("offer")).exclude(status=codes.RunStatus.CANCELLED)


class OrganisationQuerySet(models.QuerySet):
    def with_published_offers(self) -> OrganisationQuerySet:
        """Organisations responsible for or co-organising a published offer."""
        return self.filter(published_q("offers") | published_q("co_organised_offers")).distinct()

    def subtree_ids(self, roots: Iterable[int]) -> frozenset[int]:
        """The organisations `roots` (primary keys) and every organisation under them.

        One query reads the whole tree (a few thousand rows at most) and the walk is done
        in memory, however deep the tree is.
        """
        found = set(roots)
        if not found:
            return frozenset()
        children: dict[int | None, list[int]] = {}
        for pk, parent in self.model._default_manager.values_list("pk", "parent_id"):
            children.setdefault(parent, []).append(pk)
        frontier = list(found)
        while frontier:
            frontier = [c for pk in frontier for c in children.get(pk, []) if c not in found]
            found.update(frontier)
        return frozenset(found)
