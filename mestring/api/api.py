"""The public JSON API, version 1 (core dataset §9). OpenAPI at /api/v1/openapi.json."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from .errors import problem
from .routers import offers, providers, reports

api = NinjaAPI(
    title="Mestring API",
    version="1",
    description=(
        "Åpent API for den nasjonale oversikten over lærings- og mestringstilbud. "
        "Feltnavnene følger kjernedatasettet for LM-tilbud."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/tilbud", offers.router)
api.add_router("/tilbydere", providers.router)
api.add_router("/rapporter", reports.router)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        location = [
            str(part) for part in error.get("loc", []) if part not in ("query", "path", "body")
        ]
        errors.append({"felt": ".".join(location) or "?", "melding": _("Ugyldig verdi.")})
    return problem(
        400, _("Ugyldig forespørsel"), _("Ett eller flere parametere er ugyldige."), errors
    )
