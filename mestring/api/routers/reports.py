"""/api/v1/rapporter: the survey report, activity and coverage as JSON (core dataset §8–§9).

Person counts below the threshold are hidden unless the caller is logged in with the
right to see exact figures.
"""

from typing import Annotated, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth
from pydantic import StringConstraints, create_model, field_validator

from mestring.accounts.permissions import Action, can_organisation
from mestring.catalogue.models import Organisation
from mestring.statistics.access import exact_for
from mestring.statistics.filters import COMMAS, PARAMETERS, Parameter, parse_filter
from mestring.statistics.render.data import report_dict
from mestring.statistics.service import STEPS, build_report

from ..errors import bad_request, not_found, problem
from ..params import IsoDate, Text, choices
from ..schemas import Problem

router = Router(tags=["rapporter"])


class _ReportQueryBase(Schema):
    @field_validator("*", mode="before")
    @classmethod
    def split_commas(cls, value):
        """`fagfelt=a,b` is the same as `fagfelt=a&fagfelt=b`."""
        if isinstance(value, list):
            return [part.strip() for item in value for part in str(item).split(",")]
        return value


def _query_field(parameter: Parameter) -> tuple:
    """The schema's type and field for a report parameter: its form or code list, so
    that the OpenAPI document lists them; `parse_filter` checks what must exist."""
    if parameter.kind == "date":
        return (IsoDate, Field(description=str(parameter.description)))
    if parameter.kind == "one":
        return (Text | None, Field(None, description=str(parameter.description)))
    if parameter.codes is not None:
        value = choices(parameter.codes)
    else:
        value = Annotated[str, StringConstraints(pattern=parameter.pattern or r"^[^\x00]*$")]
    return (list[value], Field([], description=f"{parameter.description} {COMMAS}"))


# The query schema of every report, built from the one declaration (filters.PARAMETERS).
ReportQuery = create_model(
    "ReportQuery",
    __base__=_ReportQueryBase,
    **{parameter.name: _query_field(parameter) for parameter in PARAMETERS},
)


class ActivityQuery(ReportQuery):
    inndeling: Literal["maned", "kvartal", "ar"] = Field(
        "maned", description="Periodene i tabellen: måned, kvartal eller år."
    )


def _values(query: Schema):
    """`get_list` for `parse_filter` over the schema's validated values."""
    data = query.dict()

    def get_list(name: str) -> list[str]:
        value = data.get(name)
        if value is None:
            return []
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]

    return get_list


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


def _report(request, query: Schema, name: str, step: str = "maned"):
    report_filter, errors = parse_filter(_values(query))
    if errors:
        return bad_request(errors)
    if step not in STEPS:
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
    return _report(request, query, "kartlegging")


@router.get(
    "/aktivitet",
    response={200: Rapport, 400: Problem},
    operation_id="report_activity",
    summary="Aktivitet: gjennomføringer, samlinger og deltakere",
)
def aktivitet(request, query: Query[ActivityQuery]):
    """Aktivitet per periode, helseregion, fylke, opptaksområde, kommune og tilbyder."""
    return _report(request, query, "aktivitet", query.inndeling)


@router.get(
    "/dekning",
    response={200: Rapport, 400: Problem},
    operation_id="report_coverage",
    summary="Dekning og variasjon per kommune og region",
)
def dekning(request, query: Query[ReportQuery]):
    """Tilbud tilgjengelige for innbyggerne i hver kommune, samisk, språk og variasjon."""
    return _report(request, query, "dekning")


@router.get(
    "/brukermedvirkning",
    response={200: Rapport, 400: Problem},
    operation_id="report_participation",
    summary="Brukermedvirkning og Standard metode",
)
def brukermedvirkning(request, query: Query[ReportQuery]):
    """Standard metode per region og tilbyder, brukermedvirkning per år og på systemnivå."""
    return _report(request, query, "brukermedvirkning")


class ExtractQuery(Schema):
    organisasjon: Text = Field(description="Id til tilbyderen.")
    fra: IsoDate = Field(description="Første dag i perioden (ÅÅÅÅ-MM-DD).")
    til: IsoDate = Field(description="Siste dag i perioden (ÅÅÅÅ-MM-DD).")


def _extract(request, name: str, query: ExtractQuery):
    from datetime import date

    from mestring.statistics.extracts import extract_csv

    organisation = Organisation.objects.filter(external_id=query.organisasjon).first()
    if organisation is None:
        return not_found(_("Finner ingen tilbyder med id «%(id)s».") % {"id": query.organisasjon})
    if not can_organisation(request.user, Action.EXPORT, organisation):
        return problem(
            403,
            _("Ingen tilgang"),
            _("Registeruttrekk er bare for tilbyderen selv, analytikere og administratorer."),
        )
    try:
        fra, til = date.fromisoformat(query.fra), date.fromisoformat(query.til)
        data = extract_csv(name, query.organisasjon, fra, til)
    except ValueError as error:
        return bad_request([{"felt": "fra/til", "melding": str(error)}])
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    filename = f"{name}_{query.organisasjon}_{fra}_{til}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


EXTRACT_RESPONSES = {
    200: None,
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
}


@router.get(
    "/npr",
    response=EXTRACT_RESPONSES,
    auth=django_auth,
    operation_id="extract_npr",
    summary="NPR/KPR-uttrekk for en tilbyder (CSV)",
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def npr(request, query: Query[ExtractQuery]):
    """Én rad per gjennomføring med deltakere per kategori; se docs/registeruttrekk.md."""
    return _extract(request, "npr", query)


@router.get(
    "/kostra",
    response=EXTRACT_RESPONSES,
    auth=django_auth,
    operation_id="extract_kostra",
    summary="KOSTRA-uttrekk for en tilbyder (CSV)",
    openapi_extra={"responses": {200: {"content": {"text/csv": {}}}}},
)
def kostra(request, query: Query[ExtractQuery]):
    """Summert per kommune, år og hovedtematikk; se docs/registeruttrekk.md."""
    return _extract(request, "kostra", query)
