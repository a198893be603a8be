"""Public catalogue pages: anyone, no login, work without JavaScript."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from mestring.core.text import render_markdown
from mestring.refdata.models import Municipality

from .. import codes, rules, search
from ..filter_bounds import within_bounds
from ..models import Offer, Organisation, Run, Session
from ..structured_data import course_json_ld
from .facets import build_facets

PUBLIC_STATUSES = ("publisert",)
POPULAR_DIAGNOSES = (
    "diabetes",
    "kreft",
    "hjerte_kar",
    "lunge",
    "demens",
    "depresjon",
    "angst",
    "rus",
    "adhd",
    "smerte",
    "overvekt",
    "hjerneslag",
)


def front_page(request):
    labels = dict(codes.DiagnosisGroup.choices)
    context = {
        "offer_count": Offer.objects.filter(status__in=PUBLIC_STATUSES).count(),
        "popular_diagnoses": [(code, labels[code]) for code in POPULAR_DIAGNOSES],
    }
    return render(request, "catalogue/front_page.html", context)


def _runs_prefetch() -> Prefetch:
    return Prefetch(
        "runs",
        queryset=Run.objects.select_related("municipality").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("start"))
        ),
    )


def offer_page_queryset():
    """Offers with everything the offer page shows (the workspace preview uses it too)."""
    return Offer.objects.select_related(
        "responsible__parent", "responsible__municipality"
    ).prefetch_related("codes", "co_organisers", _runs_prefetch())


def offer_page_context(offer: Offer, url: str) -> dict:
    """The context of the offer page, whatever the offer's status (the preview shows drafts)."""
    today = timezone.localdate()
    upcoming = [r for r in offer.runs.all() if rules.is_upcoming(r.status, r.start, r.end, today)]
    cancelled = [
        r for r in offer.runs.all() if r.status == "avlyst" and (r.end or r.start) >= today
    ]
    named = {
        org.external_id: org
        for org in Organisation.objects.filter(external_id__in=offer.user_organisations)
    }
    return {
        "offer": offer,
        "description_html": render_markdown(offer.description),
        "upcoming_runs": upcoming,
        "cancelled_runs": cancelled,
        "is_stale": rules.is_stale(offer.last_confirmed, today),
        "user_organisations": [named.get(name, name) for name in offer.user_organisations],
        "json_ld": course_json_ld(offer, upcoming, url),
    }


def offer_detail(request, external_id: str):
    offer = get_object_or_404(offer_page_queryset(), external_id=external_id)
    if offer.status == "arkivert":
        return render(request, "catalogue/offer_gone.html", {"offer": offer}, status=410)
    if offer.status not in PUBLIC_STATUSES:
        raise Http404(_("Fant ikke tilbudet."))
    context = offer_page_context(offer, request.build_absolute_uri())
    return render(request, "catalogue/offer_detail.html", context)


def organisation_detail(request, external_id: str):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "municipality", "region"),
        external_id=external_id,
    )
    today = timezone.localdate()
    children = list(organisation.children.order_by("name"))
    offers = (
        Offer.objects.filter(status__in=PUBLIC_STATUSES, responsible=organisation)
        .select_related("responsible")
        .prefetch_related("codes", _runs_prefetch())
        .order_by("title")
    )
    co_organised = (
        Offer.objects.filter(status__in=PUBLIC_STATUSES, co_organisers=organisation)
        .select_related("responsible")
        .prefetch_related("codes", _runs_prefetch())
        .order_by("title")
    )
    context = {
        "organisation": organisation,
        "children": children,
        "offers": [(offer, _next_run(offer, today)) for offer in offers],
        "co_organised": [(offer, _next_run(offer, today)) for offer in co_organised],
    }
    return render(request, "catalogue/organisation_detail.html", context)


def _next_run(offer: Offer, today) -> Run | None:
    upcoming = [r for r in offer.runs.all() if rules.is_upcoming(r.status, r.start, r.end, today)]
    return min(upcoming, key=lambda r: r.start, default=None)


RESULTS_PER_PAGE = 20


def offer_list(request):
    """Search results with facets; every filter is a form field and works without JavaScript."""

    params, notices = within_bounds(request.GET)
    filters, errors = search.OfferFilters.from_query(params)
    errors = [*notices, *errors]
    query = request.GET.get("q", "").strip()
    results = search.search_offers(query, filters)
    counts = search.facet_counts(query, filters)
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("side"))
    today = timezone.localdate()
    offers = (
        Offer.objects.filter(pk__in=[o.pk for o in page.object_list])
        .select_related("responsible")
        .prefetch_related("codes", _runs_prefetch())
    )
    by_pk = {offer.pk: offer for offer in offers}
    ordered = [by_pk[o.pk] for o in page.object_list]
    context = {
        "query": query,
        "errors": errors,
        "page": page,
        "total": paginator.count,
        "offers": [(offer, _next_run(offer, today)) for offer in ordered],
        "facets": build_facets(counts, params),
        "municipalities": [
            (m.number, m.unique_name, counts["kommune"].get(m.number, 0))
            for m in Municipality.objects.filter(valid_to__isnull=True).order_by("unique_name")
        ],
        "selected_municipality": request.GET.get("kommune", ""),
        "date_from": request.GET.get("fra", ""),
        "date_to": request.GET.get("til", ""),
        "page_query": _without_page(params),
    }
    return render(request, "catalogue/offer_list.html", context)


def _without_page(querydict) -> str:
    copy = querydict.copy()
    copy.pop("side", None)
    return copy.urlencode()
