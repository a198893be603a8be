"""Which records HSDS publishes, and the HSDS search parameters applied cumulatively."""

from datetime import datetime

from django.db.models import Q, QuerySet

from mestring.catalogue.models import Offer, Organisation
from mestring.catalogue.search import OfferFilters, run

from . import params, taxonomies
from .ids import hsds_id

FILTER_FIELDS = {
    "diagnosegruppe": "diagnose",
    "malgruppe": "malgruppe",
    "aldersgruppe": "aldersgruppe",
}


class BadParameter(ValueError):
    """A parameter value we cannot use; `name` is the parameter."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


def published_offers() -> QuerySet:
    return (
        Offer.objects.published()
        .select_related("responsible__parent")
        .prefetch_related("codes", "runs__sessions", "runs__municipality", "co_organisers")
        .order_by("title", "pk")
    )


def public_organisations() -> QuerySet:
    """Organisations responsible for or co-organising a published offer."""
    return (
        Organisation.objects.with_published_offers().select_related("parent").order_by("name", "pk")
    )


def term_by_id(term_id: str) -> tuple[str, str] | None:
    """(taxonomy, code) of a term id, or None: an unknown term matches nothing."""
    for term in taxonomies.all_terms():
        if term["id"] == term_id:
            return term["taxonomy"], term["code"]
    return None


def modified_after(value: str) -> datetime:
    try:
        return params.moment(value)
    except params.BadValue as error:
        raise BadParameter("modified_after", str(error)) from error


def filter_offers(query) -> QuerySet:
    """Published offers matching every HSDS parameter given (filters are cumulative)."""
    offers = published_offers()
    text = (query.get("search") or "").strip()
    if text:
        offers = offers.filter(pk__in=run(text, OfferFilters()).offer_ids())
    for term_id in query.getlist("taxonomy_term_id"):
        found = term_by_id(term_id)
        if found is None:
            return offers.none()
        taxonomy, code = found
        if taxonomy == "tematikk":
            offers = offers.filter(main_theme=code)
        elif taxonomy == "gjennomforingsstatus":
            offers = offers.filter(pk__in=Offer.objects.filter(runs__status=code).values("pk"))
        else:
            filters = OfferFilters(**{FILTER_FIELDS[taxonomy]: (code,)})
            offers = offers.filter(pk__in=run("", filters).offer_ids())
    taxonomy_id = query.get("taxonomy_id")
    if taxonomy_id:
        codes = {t for t in taxonomies.TAXONOMIES if taxonomies.taxonomy_id(t) == taxonomy_id}
        if not codes:  # an unknown taxonomy has no terms, so nothing matches
            return offers.none()
        # Every offer has a main theme; other taxonomies need a value.
        if codes != {"tematikk"}:
            wanted = {
                "diagnosegruppe": Q(codes__field="diagnoser"),
                "malgruppe": ~Q(main_target_group="") | Q(codes__field="andre_malgrupper"),
                "aldersgruppe": ~Q(age_group=""),
                "gjennomforingsstatus": Q(runs__isnull=False),
            }[codes.pop()]
            offers = offers.filter(pk__in=Offer.objects.filter(wanted).values("pk"))
    org_id = query.get("organization_id")
    if org_id:
        pks = [
            o.pk for o in public_organisations() if hsds_id("organization", o.external_id) == org_id
        ]
        offers = offers.filter(responsible__pk__in=pks)
    if query.get("modified_after"):
        since = modified_after(query["modified_after"])
        offers = offers.filter(
            Q(updated_at__gte=since)
            | Q(runs__updated_at__gte=since)
            | Q(responsible__updated_at__gte=since)
        ).distinct()
    return offers
