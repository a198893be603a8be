"""One error shape for the whole API: RFC 9457 problem details with Norwegian messages."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str, errors: list[dict] | None = None) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "feil": errors or [],
    }
    return JsonResponse(
        body,
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def not_found(what: str) -> JsonResponse:
    return problem(404, _("Ikke funnet"), what)


def bad_request(errors: list[dict]) -> JsonResponse:
    return problem(
        400, _("Ugyldig forespørsel"), _("Ett eller flere parametere er ugyldige."), errors
    )
