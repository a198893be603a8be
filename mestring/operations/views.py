import hmac

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from . import metrics


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

    It renders without the context processors, so that it works when the database does not.
    """
    request_id = getattr(request, "request_id", "")
    template = loader.get_template(template_name)
    body = template.render({"request_id": request_id, "stylesheet": _stylesheet()})
    return HttpResponse(body, status=500)


def _stylesheet() -> str | None:
    try:
        return static("css/mestring.css")
    except ValueError:  # not collected: the page works without it
        return None
