"""The public JSON API, version 1 (core dataset §9). OpenAPI at /api/v1/openapi.json."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import problem
from .params import StrictParser, allowed
from .routers import agreements, attendance, offers, providers, reports

PROBLEM_REF = "#/components/schemas/Problem"


def problem_responses(schema: dict) -> dict:
    """Errors are served as problem+json (errors.py); say so, and document 401 and 429."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if operation.get("security"):
                responses.setdefault(401, {"description": "Unauthorized"})
            responses.setdefault(429, {"description": "Too Many Requests"})
            for code in (401, 429):
                if code in responses:
                    responses[code]["content"] = {
                        "application/json": {"schema": {"$ref": PROBLEM_REF}}
                    }
            for response in responses.values():
                content = response.get("content", {})
                if content.get("application/json", {}).get("schema") == {"$ref": PROBLEM_REF}:
                    response["content"] = {"application/problem+json": content["application/json"]}
    return schema


class MestringAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        return problem_responses(super().get_openapi_schema(*args, **kwargs))


api = MestringAPI(
    title="Mestring API",
    version="1",
    description=(
        "Åpent API for den nasjonale oversikten over lærings- og mestringstilbud. "
        "Feltnavnene følger kjernedatasettet for LM-tilbud."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    parser=StrictParser(),
)
api.add_router("/tilbud", offers.router)
api.add_router("/tilbydere", providers.router)
api.add_router("/rapporter", reports.router)
api.add_router("/gjennomforinger", attendance.router)
api.add_router("/avtaler", agreements.router)


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    errors = []
    for error in exc.errors:
        loc = list(error.get("loc", []))
        in_query = loc[:1] == ["query"]
        location = [
            str(part)
            for part in loc
            if part not in ("query", "path", "body") and not (in_query and isinstance(part, int))
        ]
        name = ".".join(location) or "?"
        text = _("Ugyldig verdi for %(name)s.") % {"name": name}
        errors.append({"felt": name, "melding": f"{text} {allowed(error)}"})
    return problem(
        400, _("Ugyldig forespørsel"), _("Ett eller flere parametere er ugyldige."), errors
    )


@api.exception_handler(AuthenticationError)
def not_logged_in(request, exc: AuthenticationError):
    return problem(401, _("Ikke innlogget"), _("Logg inn for å bruke denne tjenesten."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 403:
        detail = _("Forespørselen mangler et gyldig CSRF-token, eller du har ikke tilgang.")
        return problem(403, _("Ingen tilgang"), detail)
    return problem(exc.status_code, _("Feil"), str(exc))
