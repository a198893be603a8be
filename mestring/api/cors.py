"""CORS for the public read endpoints only: any origin may GET them, nothing else.

Endpoints that use the session (attendance, NPR and KOSTRA extracts) never get CORS
headers, so a browser on another site cannot read them with the user's cookies.
"""

from django.http import HttpResponse

PUBLIC_PREFIXES = (
    "/api/v1/tilbud",
    "/api/v1/tilbydere",
    "/api/v1/rapporter/kartlegging",
    "/api/v1/rapporter/aktivitet",
    "/api/v1/rapporter/dekning",
    "/api/v1/rapporter/brukermedvirkning",
    "/api/v1/openapi.json",
    "/hsds/",
    "/fhir/",
    "/apne-data/",
)
READ_METHODS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_MAX_AGE = 86400


def is_public_path(path: str) -> bool:
    """True for a path of the public read API (the prefix must end at a path boundary)."""
    for prefix in PUBLIC_PREFIXES:
        if prefix.endswith("/") or prefix.endswith(".json"):
            if path.startswith(prefix):
                return True
        elif path == prefix or path.startswith(prefix + "/"):
            return True
    return False


def is_preflight(request) -> bool:
    return request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META


def cors_headers(request) -> dict[str, str]:
    """The CORS headers a response to this request gets; empty when CORS does not apply."""
    if request.method not in READ_METHODS or not is_public_path(request.path):
        return {}
    headers = {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
    }
    if is_preflight(request):
        headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        headers["Access-Control-Allow-Headers"] = (
            "Accept, Accept-Language, If-None-Match, If-Modified-Since"
        )
        headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return headers


class PublicCorsMiddleware:
    """Answers CORS preflights on public read paths and marks their responses readable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        headers = cors_headers(request)
        if headers and is_preflight(request):
            response = HttpResponse(status=204)
        else:
            response = self.get_response(request)
        for name, value in headers.items():
            response[name] = value
        return response
