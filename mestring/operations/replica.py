"""Public reads and reports from a read replica, when DATABASE_REPLICA_URL names one.

`ReplicaMiddleware` marks a request as a public read (GET or HEAD under the public
catalogue, the statistics and the open APIs); while it is answered, `ReplicaRouter` sends
reads to the `replica` database. Everything else — writes, the provider workspace, logins,
the admin, and every read outside such a request (commands, the schedule) — uses the
primary, so that nobody reads their own writes from a replica that lags behind.
"""

import contextvars

from django.conf import settings

REPLICA = "replica"
PUBLIC_READ_PREFIXES = (
    "/tilbud/",
    "/tilbydere/",
    "/statistikk/",
    "/samarbeid/",
    "/apne-data/",
    "/hsds/",
    "/fhir/",
    "/api/v1/tilbud",
    "/api/v1/tilbydere",
    "/api/v1/rapporter",
)
_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar("public_read", default=False)


def is_public_read(method: str, path: str) -> bool:
    return method in ("GET", "HEAD") and (path == "/" or path.startswith(PUBLIC_READ_PREFIXES))


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _public_read.set(is_public_read(request.method, request.path))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
