"""/api/v1/avtaler: collaboration agreements with their parties, confirmations, the offers
and runs tied to them, activity per year (person counts suppressed) and assessments."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from mestring.accounts.permissions import Action, offers, sees_exact_figures
from mestring.collaboration import activity, rules
from mestring.collaboration.models import Agreement, TiedOffer, TiedRun

from ..errors import not_found
from ..pagination import MAX_PAGE, MAX_PAGE_SIZE, Page
from ..schemas import Problem, Text

router = Router(tags=["avtaler"])


class Part(Schema):
    type: str = Field(description="«helseforetak» eller «kommune»")
    id: str = Field(description="Organisasjonsnummer eller kommunenummer")
    navn: str
    bekreftet: bool
    bekreftet_dato: date | None


class Kobling(Schema):
    id: str
    delavtale: str | None


class Aar(Schema):
    aar: str = Field(description="År, eller «i_alt»")
    gjennomforinger: int
    samlinger: int
    deltakere: str = Field(description="Antall, «<5» eller «x» (prikket)")
    parter: list[str]


class Vurdering(Schema):
    vurdert_dato: date
    sum: int
    konkretisering: int
    brukermedvirkning: int
    forpliktelse: int
    tilgjengelighet: int
    vedlikehold: int


class Avtale(Schema):
    id: str
    tittel: str
    helsefellesskap: str | None
    parter: list[Part]
    delavtaler: list[str]
    inngatt: date
    sist_revidert: date | None
    publisert: str | None
    omtaler_lm: bool
    omtaler_samiske_tilbud: bool
    brukere_medvirket: bool
    bor_revideres: bool
    tilbud: list[Kobling]
    gjennomforinger: list[Kobling]
    vurderinger: list[Vurdering]
    url: str


class AvtaleMedAktivitet(Avtale):
    aktivitet: list[Aar]


class AvtaleListe(Schema):
    antall: int
    side: int
    per_side: int
    resultater: list[Avtale]


class AgreementQuery(Schema):
    kommune: Text | None = None
    helseforetak: Text | None = None
    helsefellesskap: Text | None = None
    side: int = Field(1, ge=1, le=MAX_PAGE)
    per_side: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


def _queryset(user):
    visible = offers(user, Action.VIEW)
    return Agreement.objects.select_related("health_trust", "community").prefetch_related(
        "municipalities",
        "confirmations",
        "assessments",
        Prefetch(
            "tied_offers",
            queryset=TiedOffer.objects.filter(offer__in=visible).select_related("offer"),
        ),
        Prefetch(
            "tied_runs",
            queryset=TiedRun.objects.filter(run__offer__in=visible).select_related("run"),
        ),
    )


def serialise(agreement: Agreement, today: date) -> dict:
    parties = rules.party_statuses(agreement, agreement.confirmations.all())
    assessments = sorted(agreement.assessments.all(), key=lambda a: (a.assessed_on, a.pk))
    return {
        "id": agreement.external_id,
        "tittel": str(agreement),
        "helsefellesskap": (agreement.community.code or None) if agreement.community else None,
        "parter": [
            {
                "type": p.kind,
                "id": p.key,
                "navn": p.name,
                "bekreftet": p.confirmed,
                "bekreftet_dato": p.confirmed_on,
            }
            for p in parties
        ],
        "delavtaler": list(agreement.sub_agreements),
        "inngatt": agreement.signed,
        "sist_revidert": agreement.last_revised,
        "publisert": agreement.url or None,
        "omtaler_lm": agreement.mentions_learning_and_coping,
        "omtaler_samiske_tilbud": agreement.sami_offers,
        "brukere_medvirket": agreement.user_participation_in_making,
        "bor_revideres": rules.is_due_for_revision(agreement, today),
        "tilbud": [
            {"id": t.offer.external_id, "delavtale": t.sub_agreement or None}
            for t in sorted(agreement.tied_offers.all(), key=lambda t: t.offer.external_id)
        ],
        "gjennomforinger": [
            {"id": t.run.external_id, "delavtale": t.sub_agreement or None}
            for t in sorted(agreement.tied_runs.all(), key=lambda t: t.run.external_id)
        ],
        "vurderinger": [
            {
                "vurdert_dato": a.assessed_on,
                "sum": rules.assessment_total(a),
                **{c.code: getattr(a, c.field) for c in rules.CRITERIA},
            }
            for a in assessments
        ],
        "url": reverse("collaboration:agreement", args=[agreement.external_id]),
    }


@router.get(
    "",
    response={200: AvtaleListe, 400: Problem},
    operation_id="list_agreements",
    summary="Samarbeidsavtaler",
    url_name="agreement-list",
)
def list_agreements(request, query: Query[AgreementQuery]):
    """Samarbeidsavtaler mellom helseforetak og kommuner, med filter på kommune,
    helseforetak (organisasjonsnummer) og helsefellesskap (kode)."""
    agreements = _queryset(request.user).order_by("external_id")
    if query.kommune:
        agreements = agreements.filter(municipalities=query.kommune)
    if query.helseforetak:
        agreements = agreements.filter(health_trust_id=query.helseforetak)
    if query.helsefellesskap:
        agreements = agreements.filter(community__code=query.helsefellesskap)
    today = timezone.localdate()
    return Page.of(query).of_queryset(agreements, lambda a: serialise(a, today))


@router.get(
    "/{agreement_id}",
    response={200: AvtaleMedAktivitet, 404: Problem},
    operation_id="get_agreement",
    summary="Én samarbeidsavtale",
    url_name="agreement-detail",
)
def get_agreement(request, agreement_id: Text):
    """Én avtale med aktiviteten den har gitt per år; personer under 5 prikkes."""
    agreement = _queryset(request.user).filter(external_id=agreement_id).first()
    if agreement is None:
        return not_found(_("Fant ingen avtale med id «%(id)s».") % {"id": agreement_id})
    body = serialise(agreement, timezone.localdate())
    body["aktivitet"] = [
        {
            "aar": str(row.year),
            "gjennomforinger": row.runs,
            "samlinger": row.sessions,
            "deltakere": row.participants_shown,
            "parter": list(row.parties),
        }
        for row in activity.per_year(agreement, exact=sees_exact_figures(request.user))
    ]
    return body
