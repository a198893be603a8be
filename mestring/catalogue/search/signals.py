"""Every single-row write to offers, codes, runs, organisers, places and an offer's patient
pathways updates the index.

Bulk writers (`bulk_create`, `update`, raw inserts) do not send these signals; they call
`index.refresh` or work inside `index.deferred()` themselves.
"""

from django.db.models import QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from ..models import Offer, OfferCode, Organisation, Run
from . import index


@receiver(post_save, sender=Offer)
def offer_written(sender, instance, **kwargs):
    index.changed([instance.pk])


@receiver(post_delete, sender=Offer)
def offer_deleted(sender, instance, **kwargs):
    index.bump()


@receiver(post_save, sender=OfferCode)
@receiver(post_delete, sender=OfferCode)
@receiver(post_save, sender=Run)
@receiver(post_delete, sender=Run)
def part_written(sender, instance, origin=None, **kwargs):
    if _deleting_offers(origin):
        return  # the offer's document goes with it
    index.changed([instance.offer_id])


@receiver(post_save, sender="collaboration.OfferPathway")
@receiver(post_delete, sender="collaboration.OfferPathway")
def pathway_written(sender, instance, origin=None, **kwargs):
    if _deleting_offers(origin):
        return
    index.changed([instance.offer_id])


def _deleting_offers(origin) -> bool:
    if isinstance(origin, Offer):
        return True
    return isinstance(origin, QuerySet) and origin.model is Offer


@receiver(m2m_changed, sender=Offer.co_organisers.through)
def organisers_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        index.changed(pk_set or [])
    else:
        index.changed([instance.pk])


@receiver(post_save, sender=Organisation)
def organisation_written(sender, instance, created, **kwargs):
    if created:
        return
    offers = Offer.objects.filter(responsible__in=[instance.pk, *instance.children.values("pk")])
    organised = Offer.co_organisers.through.objects.filter(organisation=instance)
    index.changed(
        [
            *offers.values_list("pk", flat=True),
            *organised.values_list("offer_id", flat=True),
        ]
    )


def index_after_migrate(sender, using="default", **kwargs):
    """Fill the index when published offers exist and it is empty or lacks a part added
    since it was built (a database from before the index, or before its cards)."""
    from .models import SearchDocument

    published = Offer.objects.using(using).published()
    documents = SearchDocument.objects.using(using)
    if published.exists() and (
        not documents.exists() or documents.filter(card__isnull=True).exists()
    ):
        index.rebuild()
