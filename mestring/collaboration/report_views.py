"""Public report pages of the collaboration room: patient pathways, equity, capacity and
where a user organisation takes part. Read-only, no JavaScript."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mestring.accounts.permissions import Action, grants, offers
from mestring.catalogue import codes
from mestring.catalogue.models import Organisation, Run

from . import capacity, equity, participation, pathways
from .models import Capacity


@require_safe
def pathway_coverage(request):
    return render(
        request,
        "collaboration/pathways.html",
        {
            "regions": pathways.pathway_gaps_per_region(),
            "transitions": pathways.transition_gaps(),
        },
    )


@require_safe
def equity_coverage(request):
    counties = equity.immigrant_coverage()
    return render(
        request,
        "collaboration/equity.html",
        {
            "counties": counties,
            "missing": [row.county.name for row in counties if row.immigrants is None],
            "can_load": grants(request.user).administrator,
            "sami": equity.sami_offers_per_language_area(),
            "threshold": settings.SUPPRESSION_THRESHOLD,
        },
    )


@require_safe
def capacity_per_region(request):
    years = sorted(set(Capacity.objects.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = years[0] if years else timezone.localdate().year - 1
    return render(
        request,
        "collaboration/capacity.html",
        {"year": year, "years": years, "rows": capacity.per_region(year)},
    )


@require_safe
def user_organisation(request, external_id):
    organisation = get_object_or_404(Organisation, external_id=external_id)
    visible = offers(request.user, Action.VIEW)
    taking_part = participation.offers_taking_part(organisation, visible)
    runs = (
        Run.objects.filter(offer__in=[o.pk for o in taking_part])
        .exclude(status=codes.RunStatus.CANCELLED)
        .select_related("offer", "municipality")
        .order_by("-start", "external_id")[:200]
    )
    return render(
        request,
        "collaboration/user_organisation.html",
        {
            "organisation": organisation,
            "own": visible.filter(responsible=organisation).order_by("title"),
            "taking_part": taking_part,
            "runs": runs,
        },
    )
