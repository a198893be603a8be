import hmac
import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from mestring.api.errors import problem

from . import metrics
from .ratelimit import LIMITED_PREFIXES
from .requests import route_of

# Errors that mean "the database cannot be reached now", not "this request is wrong".
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def metrics_allowed(request) -> bool | None:
    """None when /metrics is off (no token, no addresses), else whether this request may read it."""
    token = settings.METRICS_TOKEN
    addresses = settings.METRICS_ALLOWED_IPS
    if not token and not addresses:
        return None
    if request.META.get("REMOTE_ADDR") in addresses:
        return True
    given = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


@never_cache
def metrics_view(request):
    allowed = metrics_allowed(request)
    if allowed is None:
        raise Http404
    if not allowed:
        return HttpResponseForbidden("Ingen tilgang.\n", content_type="text/plain; charset=utf-8")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The 500 page: what happened and the request id, never a traceback.

    When the database is unreachable the answer is 503 with Retry-After instead: the request
    may be repeated once it is back (problem+json under the APIs). The page renders without
    the context processors, so that it works when the database does not.
    """
    exception = sys.exc_info()[1]
    route = route_of(request)
    metrics.count_exception(route)
    unavailable = isinstance(exception, DATABASE_DOWN)
    if isinstance(exception, DatabaseError):
        metrics.count_database_error(route)
    request_id = getattr(request, "request_id", "")
    if unavailable and request.path.startswith(LIMITED_PREFIXES):
        response = problem(
            503,
            _("Tjenesten er midlertidig utilgjengelig"),
            _("Databasen svarer ikke akkurat nå. Ingenting er lagret. Prøv igjen om litt."),
        )
    else:
        template = loader.get_template(template_name)
        context = {
            "request_id": request_id,
            "stylesheet": _stylesheet(),
            "unavailable": unavailable,
        }
        response = HttpResponse(template.render(context), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _stylesheet() -> str | None:
    try:
        return static("css/mestring.css")
    except ValueError:  # not collected: the page works without it
        return None
