"""Whole answers of the public catalogue API kept until the catalogue changes.

People ask the same questions again and again. An anonymous `GET /api/v1/tilbud?…` is
answered once, and the finished answer (status, headers and body, as the middleware below
this one left it) is kept under the URL, the headers the answer depends on, the day and
the search index's state (its version and when it changed). Any write to an offer, its
runs or its organisers moves that state in the same transaction
(`catalogue.search.index`), so a kept answer is never older than the catalogue. A kept
answer still counts against the client's rate limit and still answers `If-None-Match`
with 304.

Only answers that say `Cache-Control: public` are kept: never one that depends on who is
logged in, sets a cookie, or is an error. A view may set `request.fresh_until` (an aware
datetime) when its answer changes at a known moment without a write, such as a card's
next run that begins this evening: the kept answer is not used from then on.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from . import ratelimit

# The search list: everything in it comes from the index, offers, codes, runs and
# organisers, whose every write moves the index state. (One offer's page also shows
# sessions, which do not, so it is not kept here.)
CACHED_PATH = "/api/v1/tilbud"
# The request headers an answer may differ by: compression, language, and CORS.
VARY_HEADERS = ("HTTP_ACCEPT_ENCODING", "HTTP_ACCEPT_LANGUAGE", "HTTP_ORIGIN")
# Headers the server or the outer middleware set for each answer anew.
NOT_KEPT = {"x-request-id", "date", "server"}
KEEP_SECONDS = 3600
ALIAS = "answers"


def applies(request) -> bool:
    """An anonymous read of the public catalogue: no session, no credentials."""
    return (
        request.method == "GET"
        and request.path == CACHED_PATH
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def key_for(request, state: tuple) -> str:
    varies = "\n".join(request.META.get(name, "") for name in VARY_HEADERS)
    raw = f"{state}\n{timezone.localdate()}\n{request.get_full_path()}\n{varies}"
    return "answer:" + hashlib.sha256(raw.encode()).hexdigest()


def keepable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and "public" in response.get("Cache-Control", "")
        and not response.cookies
    )


def replay(kept: tuple) -> HttpResponse:
    status, headers, body, _fresh_until = kept
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


class AnswerCacheMiddleware:
    """Place it above GZipMiddleware, so that what is kept is what was sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not applies(request):
            return self.get_response(request)
        from mestring.catalogue.search import index

        store = caches[ALIAS]
        with index.pinned() as state:
            key = key_for(request, state)
            kept = store.get(key)
            if kept is None or (kept[3] is not None and timezone.now() >= kept[3]):
                response = self.get_response(request)
                if keepable(response):
                    headers = [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in NOT_KEPT
                    ]
                    fresh_until = getattr(request, "fresh_until", None)
                    store.set(
                        key,
                        (response.status_code, headers, response.content, fresh_until),
                        KEEP_SECONDS,
                    )
                return response
        limit = settings.API_RATE_PER_MINUTE
        if limit > 0:
            retry_after = ratelimit.hit(ratelimit.client_key(request), limit)
            if retry_after:
                return ratelimit.too_many(retry_after)
        response = replay(kept)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
