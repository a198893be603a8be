"""Public catalogue pages: anyone, no login, work without JavaScript."""

from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mestring.core.text import render_markdown
from mestring.refdata.models import Municipality

from .. import codes, presentation, reach, rules, search
from ..filter_bounds import within_bounds
from ..ics import run_calendar
from ..models import Offer, Organisation, Run, Session
from ..querysets import is_published
from ..search.facets import facet_counts
from ..search.models import SearchDocument
from ..structured_data import course_json_ld
from .facets import build_facets

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
        "offer_count": Offer.objects.published().count(),
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


def _card_runs_prefetch(today) -> Prefetch:
    """The runs an offer card can show: planned ones not yet over (next, or in progress),
    with their first and last session for `rules.phase_of`."""
    return Prefetch(
        "runs",
        queryset=Run.objects.filter(
            Q(end__gte=today) | Q(end__isnull=True, start__gte=today), status="planlagt"
        )
        .annotate(first_session=Min("sessions__start"), last_session=Max("sessions__start"))
        .select_related("municipality"),
    )


def offer_page_queryset():
    """Offers with everything the offer page shows (the workspace preview uses it too)."""
    return Offer.objects.select_related(
        "responsible__parent", "responsible__municipality"
    ).prefetch_related("codes", "co_organisers", _runs_prefetch())


def offer_page_context(offer: Offer, url: str) -> dict:
    """The context of the offer page, whatever the offer's status (the preview shows drafts)."""
    now = timezone.localtime()
    today = now.date()
    phases = {run.pk: rules.phase_of(run, now) for run in offer.runs.all()}
    upcoming = [r for r in offer.runs.all() if phases[r.pk] == rules.RunPhase.UPCOMING]
    in_progress = [r for r in offer.runs.all() if phases[r.pk] == rules.RunPhase.IN_PROGRESS]
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
        "runs_in_progress": in_progress,
        "cancelled_runs": cancelled,
        "signup": presentation.signup_action(
            offer.signup_url, offer.signup_email, offer.signup_phone
        ),
        "patient_travel_url": presentation.PATIENT_TRAVEL_URL,
        "is_stale": rules.is_stale(offer.last_confirmed, today),
        "user_organisations": [named.get(name, name) for name in offer.user_organisations],
        "json_ld": course_json_ld(offer, upcoming, url),
    }


def offer_detail(request, external_id: str):
    offer = get_object_or_404(offer_page_queryset(), external_id=external_id)
    if offer.status == "arkivert":
        return render(request, "catalogue/offer_gone.html", {"offer": offer}, status=410)
    if not is_published(offer.status):
        raise Http404(_("Fant ikke tilbudet."))
    context = offer_page_context(offer, request.build_absolute_uri())
    return render(request, "catalogue/offer_detail.html", context)


def run_ics(request, external_id: str, run_id: str):
    """One run as a calendar file: an event per session (public offers only)."""
    run = get_object_or_404(
        Run.objects.published().select_related("offer__responsible", "municipality"),
        offer__external_id=external_id,
        external_id=run_id,
    )
    url = request.build_absolute_uri(reverse("catalogue:offer-detail", args=[external_id]))
    body = run_calendar(
        run.offer,
        run,
        list(run.sessions.order_by("start")),
        url,
        uid_domain=request.get_host().split(":")[0],
        stamp=run.updated_at,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"{slugify(run.offer.title)[:60] or 'tilbud'}-{run.start:%Y-%m-%d}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def organisation_detail(request, external_id: str):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "municipality", "region"),
        external_id=external_id,
    )
    now = timezone.localtime()
    children = list(organisation.children.order_by("name"))
    offers = (
        Offer.objects.published()
        .filter(responsible=organisation)
        .select_related("responsible")
        .prefetch_related("codes", _runs_prefetch())
        .order_by("title")
    )
    co_organised = (
        Offer.objects.published()
        .filter(co_organisers=organisation)
        .select_related("responsible")
        .prefetch_related("codes", _runs_prefetch())
        .order_by("title")
    )
    context = {
        "organisation": organisation,
        "children": children,
        "offers": [(offer, _card_run(offer, now)) for offer in offers],
        "co_organised": [(offer, _card_run(offer, now)) for offer in co_organised],
    }
    return render(request, "catalogue/organisation_detail.html", context)


def _card_run(offer: Offer, now, where=None, in_person: bool = True) -> Run | None:
    """The run an offer card shows: the next to start, else one in progress (`in_progress`
    tells the card which); with a municipality chosen, among the runs its residents can
    join (`reach.runs_open_to`)."""
    runs = reach.runs_open_to(list(offer.runs.all()), where, in_person)
    run = rules.next_run(runs, now)
    if run is None:
        run = rules.run_in_progress(runs, now)
    if run is not None:
        run.in_progress = rules.phase_of(run, now) == rules.RunPhase.IN_PROGRESS
    return run


RESULTS_PER_PAGE = 20
MAX_SUGGESTED_DROPS = 6


def offer_list(request):
    """Search results with facets; every filter is a form field and works without JavaScript."""

    params, notices = within_bounds(request.GET)
    filters, errors = search.OfferFilters.from_query(params)
    errors = [*notices, *errors]
    query = request.GET.get("q", "").strip()
    found = search.run(query, filters)
    counts = facet_counts(query, filters)
    number = _page_number(request.GET.get("side"))
    paginator = Paginator(search.Results(found, number, RESULTS_PER_PAGE), RESULTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("side"))
    now = timezone.localtime()
    today = now.date()
    offers = (
        Offer.objects.filter(pk__in=list(page.object_list))
        .select_related("responsible")
        .prefetch_related("codes", _card_runs_prefetch(today))
    )
    by_pk = {offer.pk: offer for offer in offers}
    ordered = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    where = found.place(found.filters.kommune) if found.filters.kommune else None
    in_person = _reaching_in_person(list(by_pk), where) if where else {}
    total = paginator.count
    context = {
        "query": query,
        "errors": errors,
        "page": page,
        "total": total,
        "offers": [
            (offer, _card_run(offer, now, where, in_person.get(offer.pk, False)))
            for offer in ordered
        ],
        "facets": build_facets(counts, params),
        "municipalities": [
            (number, name, counts["kommune"].get(number, 0))
            for number, name in Municipality.objects.filter(valid_to__isnull=True)
            .order_by("unique_name")
            .values_list("number", "unique_name")
        ],
        "selected_municipality": found.filters.kommune or "",
        "date_from": request.GET.get("fra", ""),
        "date_to": request.GET.get("til", ""),
        "page_query": _without_page(params),
        "chips": [(chip, _with_literal(params, chip.words)) for chip in found.reading.chips],
        "notices": found.notices,
        "sort": found.filters.sortering,
        "sorts": _sort_choices(found.filters.kommune),
    }
    if total == 0:
        context["suggestion"] = search.spelling_suggestion(query) if query else None
        context["drops"] = _drops(params, query, found)
    return render(request, "catalogue/offer_list.html", context)


def _reaching_in_person(offer_ids: list[int], where: reach.Place) -> dict[int, bool]:
    """Per offer, whether it is open to the residents of `where` wherever it is held."""
    rows = SearchDocument.objects.filter(offer_id__in=offer_ids).values_list(
        "offer_id", "level", "reach_trust", "reach_region", "reach_county"
    )
    return {
        pk: reach.reaches_in_person(
            level, reach.RegionalReach(trust or None, region or None, county or None), where
        )
        for pk, level, trust, region, county in rows
    }


def _page_number(raw: str | None) -> int:
    """The page asked for; Paginator.get_page turns anything odd into the first or last."""
    try:
        return max(int(raw or 1), 1)
    except ValueError:
        return 1


def _sort_choices(municipality: str | None) -> list[tuple[str, str]]:
    choices = [("beste", _("Beste treff")), ("snarest", _("Snarest"))]
    if municipality:
        choices.append(("naermest", _("Nærmest")))
    return choices


def _with_literal(querydict, words: str) -> str:
    copy = querydict.copy()
    copy.pop("side", None)
    copy.appendlist("bokstavelig", words)
    return copy.urlencode()


def _drops(querydict, query: str, found) -> list[tuple[str, int, str]]:
    """Filters and chips the person could drop, each with how many offers that would give."""
    drops = []
    for chip in found.reading.chips:
        copy = querydict.copy()
        copy.appendlist("bokstavelig", chip.words)
        filters, _errors = search.OfferFilters.from_query(copy)
        drops.append((chip.label, search.run(query, filters).count(), copy.urlencode()))
    for param in (
        "diagnose",
        "fagfelt",
        "malgruppe",
        "aldersgruppe",
        "sprak",
        "format",
        "pasientforlop",
        "kommune",
        "tolk",
        "samisk",
        "gratis",
        "uten_henvisning",
        "fra",
        "til",
    ):
        if len(drops) >= MAX_SUGGESTED_DROPS:
            break
        if not querydict.getlist(param):
            continue
        copy = querydict.copy()
        copy.pop(param)
        copy.pop("side", None)
        filters, _errors = search.OfferFilters.from_query(copy)
        label = _("Uten filteret «%(name)s»") % {"name": FILTER_NAMES.get(param, param)}
        drops.append((label, search.run(query, filters).count(), copy.urlencode()))
    return [d for d in drops if d[1] > 0][:MAX_SUGGESTED_DROPS]


FILTER_NAMES = {
    "diagnose": gettext_lazy("diagnose"),
    "fagfelt": gettext_lazy("fagfelt"),
    "malgruppe": gettext_lazy("målgruppe"),
    "aldersgruppe": gettext_lazy("aldersgruppe"),
    "sprak": gettext_lazy("språk"),
    "format": gettext_lazy("format"),
    "pasientforlop": gettext_lazy("pasientforløp"),
    "kommune": gettext_lazy("kommune"),
    "tolk": gettext_lazy("tolk"),
    "samisk": gettext_lazy("samisk"),
    "gratis": gettext_lazy("gratis"),
    "uten_henvisning": gettext_lazy("uten henvisning"),
    "fra": gettext_lazy("fra dato"),
    "til": gettext_lazy("til dato"),
}


def _without_page(querydict) -> str:
    copy = querydict.copy()
    copy.pop("side", None)
    return copy.urlencode()
