"""One request id per request, one JSON log line per answer, metrics per route.

The id comes from a sane incoming `X-Request-ID` (a proxy's) or is made here; it goes back
in the `X-Request-ID` response header, into every log line written while the request is
answered (`RequestIdFilter`), and onto the 500 page, so that a user's report can be found in
the logs.
"""

import contextvars
import logging
import re
import time
import uuid

from . import metrics

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
UNMATCHED = "ukjent"
STATIC = "/static/"
CURRENT_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
logger = logging.getLogger("mestring.request")


def request_id_from(incoming: str | None) -> str:
    """The incoming id when it is short and plain, else a new random one."""
    if incoming and SANE_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def route_of(request) -> str:
    """The URL pattern that answered (few distinct values, fit for a metric label)."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.route is None:
        # Static files are answered by whitenoise before any URL is resolved.
        return STATIC if request.path.startswith(STATIC) else UNMATCHED
    return "/" + match.route


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every log record (empty outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # Django logs 4xx and 5xx answers after the middleware returned, with the request.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", "") or CURRENT_ID.get()
        return True


class RequestMiddleware:
    """Outermost middleware: id, timing, the access log line and the metrics."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        token = CURRENT_ID.set(request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            duration = time.perf_counter() - started
            route = route_of(request)
            metrics.observe(route, request.method, response.status_code, duration)
            logger.info(
                "%s %s %s",
                request.method,
                route,
                response.status_code,
                extra={
                    "method": request.method,
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(duration * 1000, 1),
                },
            )
            return response
        finally:
            CURRENT_ID.reset(token)
