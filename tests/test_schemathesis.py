"""Property-based API tests: schemathesis against /api/v1/openapi.json, with demo data.

Every operation gets a bounded number of generated requests, valid and invalid; the API must
not fail, must answer as its schema says, and must reject invalid input with a 4xx.
Run it alone: `.venv/bin/pytest tests/test_schemathesis.py`.
"""

import pytest
import schemathesis
from django.conf import settings as settings_
from django.core.management import call_command
from django.middleware.csrf import get_token
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WsgiClient

from mestring.accounts.models import Membership
from mestring.catalogue.models import Run
from mestring.wsgi import application

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def run_operation(operation, mode: GenerationMode, headers=None, **fixed) -> set[int]:
    """Run the checks on generated requests; the status codes seen."""
    seen = set()
    # Uncompressed: the WSGI transport does not undo GZipMiddleware.
    headers = {"Accept-Encoding": "identity", **(headers or {})}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def check(case):
        seen.add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    check()
    return seen


def run_all(operations, **options) -> tuple[list[str], set[int]]:
    """Every operation, valid and invalid: the failures and the status codes seen."""
    failures, seen = [], set()
    for operation in operations:
        for mode in GenerationMode:
            try:
                seen |= run_operation(operation, mode, **options)
            except Unsatisfiable:
                # Negative mode: no invalid value exists (e.g. a free-text path parameter).
                assert mode is GenerationMode.NEGATIVE, operation.label
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect them all
                failures.append(f"{operation.label} ({mode.value}): {error}")
    return failures, seen


def logged_in(user) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and cookies of `user`'s session with a CSRF token, as a browser sends them."""
    client = Client()
    client.force_login(user)
    request = client.get("/").wsgi_request
    token = get_token(request)
    cookies = {
        settings_.SESSION_COOKIE_NAME: client.cookies[settings_.SESSION_COOKIE_NAME].value,
        settings_.CSRF_COOKIE_NAME: request.META["CSRF_COOKIE"],
    }
    return {"X-CSRFToken": token}, cookies


@pytest.fixture
def api_schema(refdata, settings):
    settings.API_RATE_PER_MINUTE = 0
    call_command("demo", "--scale", "mini", "--seed", "7", "--today", "2026-06-30", verbosity=0)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_api_against_its_openapi_document(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    failures, seen = run_all(operations)
    assert not failures, "\n\n".join(failures)
    assert {200, 400, 401, 404} <= seen


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_attendance_api_for_a_logged_in_coordinator(api_schema, django_user_model):
    run = Run.objects.select_related("offer__responsible").order_by("pk").first()
    user = django_user_model.objects.create_user("koordinator", "k@example.no", "pw")
    Membership.objects.create(user=user, role="redaktor", organisation=run.offer.responsible)
    operations = [
        result.ok()
        for result in api_schema.get_all_operations()
        if "/gjennomforinger/" in result.ok().path
    ]
    assert len(operations) == 2
    headers, cookies = logged_in(user)
    url = f"/api/v1/gjennomforinger/{run.external_id}/oppmote"
    browser = WsgiClient(application)
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    assert browser.get(url, headers=headers).status_code == 200
    failures, seen = run_all(
        operations,
        headers=headers,
        cookies=cookies,
        path_parameters={"run_id": run.external_id},
    )
    assert not failures, "\n\n".join(failures)
    assert {200, 400} <= seen
