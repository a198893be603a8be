"""Public pages about health communities and collaboration agreements, and the parties'
editors' forms to register, confirm and tie offers and runs to them."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mestring.accounts.access import member_required
from mestring.accounts.permissions import (
    Action,
    agreement_parties,
    can_agreement,
    grants,
    offers,
    parties_represented,
    sees_exact_figures,
)
from mestring.catalogue.models import Offer, Run
from mestring.refdata.models import HealthTrust, Municipality

from . import activity, overview, rules, services
from .forms import AgreementForm, TieForm
from .models import Agreement, Assessment, HealthCommunity, TiedOffer, TiedRun


@require_safe
def community_list(request):
    trusts = list(
        HealthTrust.objects.filter(
            Q(has_catchment=True)
            | Q(health_communities__isnull=False)
            | Q(agreements__isnull=False)
        )
        .distinct()
        .select_related("region")
        .annotate(agreement_count=Count("agreements", distinct=True))
        .order_by("region__name", "name")
    )
    communities = {}
    all_communities = list(
        HealthCommunity.objects.order_by("name")
        .prefetch_related("health_trusts")
        .annotate(municipality_count=Count("municipalities", distinct=True))
    )
    for community in sorted(all_communities, key=lambda c: c.pk):
        for trust in community.health_trusts.all():
            communities.setdefault(trust.orgnr, community)
    latest = {}
    for assessment in Assessment.objects.select_related("agreement").order_by("assessed_on", "pk"):
        latest[assessment.agreement.health_trust_id] = assessment
    rows = [
        {
            "trust": trust,
            "community": communities.get(trust.orgnr),
            "agreement_count": trust.agreement_count,
            "latest": latest.get(trust.orgnr),
            "total": rules.assessment_total(latest[trust.orgnr]) if trust.orgnr in latest else None,
        }
        for trust in trusts
    ]
    return render(
        request,
        "collaboration/community_list.html",
        {
            "rows": rows,
            "max_total": rules.MAX_TOTAL,
            "communities": all_communities,
            "municipalities": Municipality.objects.filter(valid_to__isnull=True).order_by(
                "unique_name"
            ),
        },
    )


@require_safe
def trust_detail(request, orgnr):
    trust = get_object_or_404(HealthTrust.objects.select_related("region"), orgnr=orgnr)
    today = timezone.localdate()
    area = overview.area_for(trust)
    agreements = []
    for agreement in Agreement.objects.filter(health_trust=trust).prefetch_related(
        Prefetch("municipalities"),
        Prefetch("assessments", queryset=Assessment.objects.select_related("assessed_by")),
    ):
        latest = rules.latest_assessment(agreement.assessments.all())
        agreements.append(
            {
                "agreement": agreement,
                "due": rules.is_due_for_revision(agreement, today),
                "latest": latest,
                "total": rules.assessment_total(latest) if latest else None,
                "criteria": rules.criterion_rows(latest) if latest else [],
            }
        )
    table = overview.bounded_side_by_side(area, 0, CELL_SIZE)
    table.joint = overview.first_joint(area, LIST_SIZE)
    return render(
        request,
        "collaboration/trust_detail.html",
        {
            "trust": trust,
            "area": area,
            "agreements": agreements,
            "table": table,
            "max_total": rules.MAX_TOTAL,
            "criteria": rules.CRITERIA,
            "levels": rules.LEVELS,
            "summary": summary(table),
        },
    )


def summary(table: overview.BoundedSideBySide) -> dict:
    return {
        "diagnosis_overlaps": [r.label for r in table.diagnoses if r.overlap],
        "diagnosis_gaps": [r.label for r in table.diagnoses if r.gap],
        "target_overlaps": [r.label for r in table.target_groups if r.overlap],
        "target_gaps": [r.label for r in table.target_groups if r.gap],
    }


# --- Municipalities and agreements ------------------------------------------------------


@require_safe
def municipality_choice(request):
    """The municipality chooser on the list page (a GET form, no JavaScript)."""
    number = request.GET.get("kommune", "")
    if (
        len(number) == 4
        and number.isdigit()
        and Municipality.objects.filter(number=number).exists()
    ):
        return redirect("collaboration:municipality", number=number)
    return redirect("collaboration:index")


def _agreements_with_status(queryset, user, today):
    """Agreements with their parties' confirmations and the ties the user may see (drafts
    only for those who may see the offer), and the editor's forms where the user acts for
    a party."""
    visible = offers(user, Action.VIEW)
    items = []
    tie_choices = None  # the user's own offers and runs, read once for every agreement
    for agreement in queryset.select_related("health_trust", "community").prefetch_related(
        "municipalities",
        "confirmations",
        Prefetch(
            "tied_offers",
            queryset=TiedOffer.objects.filter(offer__in=visible).select_related(
                "offer__responsible"
            ),
        ),
        Prefetch(
            "tied_runs",
            queryset=TiedRun.objects.filter(run__offer__in=visible).select_related("run__offer"),
        ),
    ):
        mine = parties_represented(user, agreement) if user.is_authenticated else None
        statuses = rules.party_statuses(agreement, agreement.confirmations.all())
        mine_keys = set()
        tie_form = None
        if mine:
            mine_keys = set(mine.trusts) | set(mine.municipalities)
            tie_form = TieForm(user=user, agreement=agreement, choices=tie_choices)
            tie_choices = tie_form.own_choices
        items.append(
            {
                "agreement": agreement,
                "due": rules.is_due_for_revision(agreement, today),
                "parties": statuses,
                "can_edit": bool(mine),
                "to_confirm": [p for p in statuses if p.key in mine_keys and not p.confirmed],
                "tie_form": tie_form,
            }
        )
    return items


# The municipality page lists at most this many offers per level, and per cell of the
# group tables at most CELL_SIZE; the rest are a count and a link to the search.
LIST_SIZE, CELL_SIZE = 50, 5


@require_safe
def municipality_detail(request, number):
    municipality = get_object_or_404(
        Municipality.objects.select_related("county", "region"), number=number
    )
    today = timezone.localdate()
    area = overview.municipality_area(municipality)
    trusts = overview.trusts_serving(municipality, area.community)
    agreements = _agreements_with_status(
        Agreement.objects.filter(municipalities=municipality).order_by("-signed", "pk"),
        request.user,
        today,
    )
    table = overview.bounded_side_by_side(area, LIST_SIZE, CELL_SIZE)
    return render(
        request,
        "collaboration/municipality_detail.html",
        {
            "municipality": municipality,
            "area": area,
            "trusts": trusts,
            "members": area.community.municipalities.order_by("unique_name")
            if area.community
            else [],
            "agreements": agreements,
            "table": table,
            "hospital": table.hospital,
            "municipal": table.municipal,
            "hospital_more": max(table.hospital_count - LIST_SIZE, 0),
            "municipal_more": max(table.municipal_count - LIST_SIZE, 0),
            "can_register": bool(agreement_parties(request.user))
            or grants(request.user).administrator,
            "here": request.get_full_path(),
        },
    )


@require_safe
def agreement_detail(request, external_id):
    agreement = get_object_or_404(Agreement, external_id=external_id)
    today = timezone.localdate()
    item = _agreements_with_status(Agreement.objects.filter(pk=agreement.pk), request.user, today)[
        0
    ]
    assessments = list(agreement.assessments.select_related("assessed_by"))
    latest = rules.latest_assessment(assessments)
    return render(
        request,
        "collaboration/agreement_detail.html",
        {
            "item": item,
            "agreement": item["agreement"],
            "years": activity.per_year(agreement, exact=sees_exact_figures(request.user)),
            "latest": latest,
            "total": rules.assessment_total(latest) if latest else None,
            "criteria": rules.criterion_rows(latest) if latest else [],
            "max_total": rules.MAX_TOTAL,
            "threshold": settings.SUPPRESSION_THRESHOLD,
            "here": request.get_full_path(),
        },
    )


def _back(request, agreement):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("collaboration:agreement", external_id=agreement.external_id)


@member_required
def agreement_form(request, external_id=None):
    agreement = None
    if external_id is not None:
        agreement = get_object_or_404(Agreement, external_id=external_id)
        if not can_agreement(request.user, Action.EDIT, agreement):
            raise PermissionDenied
    elif not (agreement_parties(request.user) or grants(request.user).administrator):
        raise PermissionDenied
    initial = {}
    if agreement is None:
        mine = agreement_parties(request.user)
        if len(mine.trusts) == 1:
            initial["health_trust"] = next(iter(mine.trusts))
        initial["municipalities"] = sorted(mine.municipalities)
    form = AgreementForm(
        request.POST or None, instance=agreement, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, _("Avtalen er lagret."))
        return redirect("collaboration:agreement", external_id=saved.external_id)
    return render(
        request, "collaboration/agreement_form.html", {"form": form, "agreement": agreement}
    )


@require_POST
@member_required
def agreement_confirm(request, external_id):
    agreement = get_object_or_404(Agreement, external_id=external_id)
    services.confirm(agreement, request.user, timezone.localdate())
    messages.success(request, _("Avtalen er bekreftet."))
    return _back(request, agreement)


@require_POST
@member_required
def agreement_tie(request, external_id):
    agreement = get_object_or_404(Agreement, external_id=external_id)
    if not can_agreement(request.user, Action.EDIT, agreement):
        raise PermissionDenied
    form = TieForm(request.POST, user=request.user, agreement=agreement)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return _back(request, agreement)
    sub = form.cleaned_data["sub_agreement"]
    if form.cleaned_data["run"]:
        run = get_object_or_404(Run, external_id=form.cleaned_data["run"])
        services.tie_run(agreement, run, request.user, sub)
        messages.success(request, _("Gjennomføringen er knyttet til avtalen."))
    else:
        offer = get_object_or_404(Offer, external_id=form.cleaned_data["offer"])
        services.tie_offer(agreement, offer, request.user, sub)
        messages.success(request, _("Tilbudet er knyttet til avtalen."))
    return _back(request, agreement)


@require_POST
@member_required
def agreement_untie(request, external_id):
    agreement = get_object_or_404(Agreement, external_id=external_id)
    offer = Offer.objects.filter(external_id=request.POST.get("tilbud", "")).first()
    run = Run.objects.filter(external_id=request.POST.get("gjennomforing", "")).first()
    if offer is None and run is None:
        raise Http404
    services.untie(agreement, request.user, offer=offer, run=run)
    messages.success(request, _("Koblingen er fjernet."))
    return _back(request, agreement)
