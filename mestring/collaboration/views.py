"""Public, read-only pages about health communities and collaboration agreements."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mestring.refdata.models import HealthTrust

from . import overview, rules
from .models import Agreement, Assessment, HealthCommunity


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
    for community in HealthCommunity.objects.order_by("pk"):
        communities.setdefault(community.health_trust_id, community)
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
        {"rows": rows, "max_total": rules.MAX_TOTAL},
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
    table = overview.side_by_side(area)
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


def summary(table: overview.SideBySide) -> dict:
    return {
        "diagnosis_overlaps": [r.label for r in table.diagnoses if r.overlap],
        "diagnosis_gaps": [r.label for r in table.diagnoses if r.gap],
        "target_overlaps": [r.label for r in table.target_groups if r.overlap],
        "target_gaps": [r.label for r in table.target_groups if r.gap],
    }
