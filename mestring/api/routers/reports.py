"""/api/v1/rapporter: the survey report, activity and coverage as JSON (core dataset §8–§9).

Person counts below the threshold are hidden unless the caller is logged in with the
right to see exact figures.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from mestring.statistics.access import exact_for
from mestring.statistics.filters import parse_filter
from mestring.statistics.render.data import report_dict
from mestring.statistics.service import build_report

from ..errors import bad_request
from ..schemas import Problem

router = Router(tags=["rapporter"])


class ReportQuery(Schema):
    fra: str
    til: str
    fagfelt: list[str] = []
    region: list[str] = []
    fylke: list[str] = []
    kommune: list[str] = []
    organisasjon: str | None = None
    tilbydertype: list[str] = []
    diagnose: list[str] = []
    malgruppe: list[str] = []


class ActivityQuery(ReportQuery):
    inndeling: str = "maned"


class Kolonne(Schema):
    kode: str
    etikett: str


class Rad(Schema):
    kode: str
    etikett: str
    antall: int | None = None
    andel: int | None = None
    skjult: str | None = None
    verdier: dict[str, float | int | None] | None = None
    skjulte_verdier: dict[str, str] | None = None
    sum: bool | None = None


class Tabell(Schema):
    id: str
    tittel: str
    n: int | None
    enhet: str | None = None
    kolonner: list[Kolonne] | None = None
    rader: list[Rad]
    fotnoter: list[str] | None = None


class Rapport(Schema):
    rapport: str
    tittel: str
    fra: str
    til: str
    filter: dict[str, list[str] | str]
    tabeller: list[Tabell]
    prikket: bool | None = None
    merknader: list[str] | None = None


def _report(request, name: str, step: str = "maned"):
    report_filter, errors = parse_filter(request.GET.getlist)
    if errors:
        return bad_request(errors)
    if step not in ("maned", "kvartal", "ar"):
        return bad_request([{"felt": "inndeling", "melding": _("Bruk maned, kvartal eller ar.")}])
    exact = exact_for(request.user, report_filter)
    return report_dict(build_report(name, report_filter, exact=exact, step=step))


@router.get(
    "/kartlegging",
    response={200: Rapport, 400: Problem},
    operation_id="report_kartlegging",
    summary="Kartleggingsrapporten (Tabell 1–9)",
)
def kartlegging(request, query: Query[ReportQuery]):
    """Tabell 1–9, ja/nei-tallene og Standard metode for perioden og filteret."""
    return _report(request, "kartlegging")


@router.get(
    "/aktivitet",
    response={200: Rapport, 400: Problem},
    operation_id="report_activity",
    summary="Aktivitet: gjennomføringer, samlinger og deltakere",
)
def aktivitet(request, query: Query[ActivityQuery]):
    """Aktivitet per periode, helseregion, fylke, opptaksområde, kommune og tilbyder."""
    return _report(request, "aktivitet", query.inndeling)


@router.get(
    "/dekning",
    response={200: Rapport, 400: Problem},
    operation_id="report_coverage",
    summary="Dekning og variasjon per kommune og region",
)
def dekning(request, query: Query[ReportQuery]):
    """Tilbud tilgjengelige for innbyggerne i hver kommune, samisk, språk og variasjon."""
    return _report(request, "dekning")
