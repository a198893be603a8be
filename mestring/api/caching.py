"""ETag, Last-Modified, Cache-Control and conditional GET for the read endpoints of /api/v1/.

The ETag is a hash of the body, so it is always right. Last-Modified is the newest
`updated_at` of the data behind the catalogue endpoints, or the first time this process
served the same body for the same URL, whichever is later: deletions and session changes
do not move `updated_at`, but they do change the body.
"""

import hashlib
import time

from django.core.cache import cache
from django.db.models import Max
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from .cors import is_public_path

API_PREFIX = "/api/v1/"
# Every read API: our own, and the open standards (HSDS, FHIR).
READ_PREFIXES = (API_PREFIX, "/hsds/", "/fhir/")
PUBLIC_MAX_AGE = 60
FIRST_SEEN_SECONDS = 24 * 3600


def body_etag(body: bytes) -> str:
    """A strong ETag: a quoted hash of the body's bytes."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def newest_update(path: str) -> float | None:
    """The newest `updated_at` (a Unix time) of the data behind `path`, where that is cheap."""
    from mestring.catalogue.models import Organisation
    from mestring.catalogue.search import index

    if path.startswith(API_PREFIX + "tilbud"):
        # Every write to offers and runs passes through the search index: one row to read.
        stamps = [index.changed_at()]
    elif path.startswith(API_PREFIX + "tilbydere"):
        stamps = [Organisation.objects.aggregate(t=Max("updated_at"))["t"]]
    else:
        return None
    stamps = [stamp.timestamp() for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


def first_seen(url: str, etag: str, now: float) -> float:
    """When this body was first served for this URL (remembered in Django's cache)."""
    key = "api-etag:" + hashlib.sha256(f"{url} {etag}".encode()).hexdigest()
    cache.add(key, now, timeout=FIRST_SEEN_SECONDS)
    return cache.get(key, now)


def last_modified(request, etag: str, now: float | None = None) -> int:
    now = time.time() if now is None else now
    seen = first_seen(request.get_full_path(), etag, now)
    newest = newest_update(request.path)
    return int(max(seen, newest or 0))


def is_personal(request) -> bool:
    """True when the answer may depend on who is logged in (or is for the session only)."""
    user = getattr(request, "user", None)
    return not is_public_path(request.path) or bool(user and user.is_authenticated)


def applies(request, response) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and request.path.startswith(READ_PREFIXES)
        and response.status_code == 200
        and not response.streaming
    )


def conditional(request, response):
    """Add the caching headers to a read response; 304 when the client's copy is current."""
    if not applies(request, response):
        return response
    etag = body_etag(response.content)
    if is_personal(request):
        response["Cache-Control"] = "private, no-store"
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
    modified = last_modified(request, etag)
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


class ConditionalGetMiddleware:
    """Place it after GZipMiddleware, so that the hash is of the uncompressed body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return conditional(request, self.get_response(request))
