"""Property-based API tests: schemathesis against /api/v1/openapi.json, with demo data.

Every operation gets a bounded number of generated requests, valid and invalid; the API must
not fail, must answer as its schema says, must accept valid input and must reject invalid
input with a 4xx. Every response check of schemathesis runs. Run it alone:
`.venv/bin/pytest tests/test_schemathesis.py`.

The budget is 25 examples per operation and mode with a fixed derandomised seed; the long
run (docs/api.md) sets `SCHEMATHESIS_EXAMPLES=200` and `SCHEMATHESIS_SEED=<n>` for other seeds.
"""

import os

import pytest
import schemathesis
import schemathesis.specs.openapi.checks  # noqa: F401 - registers the OpenAPI checks
from django.conf import settings as settings_
from django.core.management import call_command
from django.middleware.csrf import get_token
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS as REGISTERED
from werkzeug.test import Client as WsgiClient

from mestring.accounts.models import Membership
from mestring.catalogue.models import Run
from mestring.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "25"))
SEED = os.environ.get("SCHEMATHESIS_SEED", "")
# Every check that judges one response; the stateful ones (use_after_free,
# ensure_resource_availability, object_level_authorization) need links between operations.
STATEFUL = {"use_after_free", "ensure_resource_availability", "object_level_authorization"}
# What a schema cannot say: a period whose end is before its start, a well-formed code or
# id of no record (a municipality or county number, an organisation, a patient pathway's
# code), a date given twice.
UNKNOWN_RECORD = {"kommune", "fylke", "organisasjon", "pasientforlop"}


def refused_for_a_reason_no_schema_states(response) -> bool:
    if response.status_code != 400:
        return False
    try:
        errors = response.json().get("feil", [])
    except ValueError:
        return False
    return bool(errors) and all(
        e["felt"] in UNKNOWN_RECORD
        or (e["felt"] == "til" and "før" in e["melding"])
        # The same date in two rows of an attendance body.
        or (e["felt"].endswith(".dato") and "flere rader" in e["melding"])
        for e in errors
    )


def positive_data_acceptance(ctx, response, case):
    """schemathesis' own check, but a 400 for the reasons above is not a contradiction."""
    if refused_for_a_reason_no_schema_states(response):
        return None
    return builtin_positive_data_acceptance(ctx, response, case)


builtin_positive_data_acceptance = next(
    c for c in REGISTERED.get_all() if c.__name__ == "positive_data_acceptance"
)
CHECKS = [
    positive_data_acceptance if check is builtin_positive_data_acceptance else check
    for check in REGISTERED.get_all()
    if check.__name__ not in STATEFUL
]


def run_operation(operation, mode: GenerationMode, headers=None, **fixed) -> set[int]:
    """Run the checks on generated requests; the status codes seen."""
    seen = set()
    # Uncompressed: the WSGI transport does not undo GZipMiddleware.
    headers = {"Accept-Encoding": "identity", **(headers or {})}

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=not SEED,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def check(case):
        seen.add(case.call_and_validate(headers=headers, checks=CHECKS).status_code)

    if SEED:
        check = seed(int(SEED))(check)
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
@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
def test_api_against_its_openapi_document(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 12
    failures, seen = run_all(operations)
    assert not failures, "\n\n".join(failures)
    assert {200, 400, 401, 404} <= seen


@pytest.mark.slow
@pytest.mark.fuzz
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
