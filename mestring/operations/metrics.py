"""Prometheus metrics: requests and latency per route, database and cache errors.

With gunicorn's several workers set `PROMETHEUS_MULTIPROC_DIR` to an empty folder (the
container and `scripts/prod_local.sh` do): each worker then writes its numbers there and
`/metrics` adds them up (prometheus_client's multiprocess mode).
"""

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "mestring_http_requests_total",
    "HTTP requests answered, per route, method and status",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "mestring_http_request_duration_seconds",
    "Time to answer an HTTP request, per route",
    ["route"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DATABASE_ERRORS = Counter(
    "mestring_database_errors_total", "Requests that failed on a database error", ["route"]
)
CACHE_ERRORS = Counter(
    "mestring_cache_errors_total", "Cache operations that failed (Redis unavailable)", ["operation"]
)
EXCEPTIONS = Counter(
    "mestring_http_exceptions_total", "Unhandled exceptions while answering, per route", ["route"]
)


def observe(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route).observe(seconds)


def count_cache_error(operation: str) -> None:
    CACHE_ERRORS.labels(operation=operation).inc()


def count_database_error(route: str) -> None:
    DATABASE_ERRORS.labels(route=route).inc()


def count_exception(route: str) -> None:
    EXCEPTIONS.labels(route=route).inc()


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, added up over every worker when multiprocess."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
