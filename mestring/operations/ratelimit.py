"""Rate limiting of the APIs (/api/v1/, /hsds/, /fhir/) per client: a fixed one-minute window
counted in Django's cache.

The client is the logged-in user, or else the address the request came from. Over the
limit, the answer is `429` with `Retry-After` in seconds: problem+json, or a FHIR
OperationOutcome under /fhir/. It sits here, above the API rooms, because it answers for
all of them.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from mestring.api.errors import problem
from mestring.opendata.fhir.views import operation_outcome

API_PREFIX = "/api/v1/"
LIMITED_PREFIXES = (API_PREFIX, "/hsds/", "/fhir/")
WINDOW_SECONDS = 60


def client_key(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '?')}"


def hit(key: str, limit: int, now: float | None = None) -> int:
    """Count one request for `key`; 0 when allowed, else the seconds until the next window."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    cache_key = f"api-rate:{key}:{window}"
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))


def too_many(retry_after: int):
    response = problem(
        429,
        _("For mange forespørsler"),
        _("Du har sendt for mange forespørsler. Vent %(seconds)s sekunder og prøv igjen.")
        % {"seconds": retry_after},
    )
    response["Retry-After"] = str(retry_after)
    return response


def fhir_too_many(retry_after: int):
    """The FHIR API answers every error as an OperationOutcome, this one too."""
    response = operation_outcome(
        429, "throttled", f"Too many requests: wait {retry_after} seconds and try again."
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitMiddleware:
    """Counts every request to an API; place it after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.API_RATE_PER_MINUTE
        if limit > 0 and request.path.startswith(LIMITED_PREFIXES):
            retry_after = hit(client_key(request), limit)
            if retry_after:
                if request.path.startswith("/fhir/"):
                    return fhir_too_many(retry_after)
                return too_many(retry_after)
        return self.get_response(request)
