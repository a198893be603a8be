"""Schemathesis against the OpenAPI description of the FHIR endpoints (/fhir/openapi.json):
the CapabilityStatement, the paged HealthcareService search and a read per resource type."""

import pytest
import schemathesis
from django.core.management import call_command

from mestring.wsgi import application

from .test_schemathesis import run_all


@pytest.mark.slow
@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
def test_fhir_api_against_its_openapi_document(refdata, settings):
    settings.API_RATE_PER_MINUTE = 0
    call_command("demo", "--scale", "mini", "--seed", "7", "--today", "2026-06-30", verbosity=0)
    schema = schemathesis.openapi.from_wsgi("/fhir/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9, [o.path for o in operations]
    failures, seen = run_all(operations)
    assert not failures, "\n\n".join(failures)
    assert {200, 400, 404} <= seen
