"""Schemathesis against our HSDS API description (/hsds/openapi.json, profiled), GET only:
the read operations we publish."""

import pytest
import schemathesis
from django.core.management import call_command

from mestring.wsgi import application

from .test_schemathesis import run_all

IMPLEMENTED = {
    "/",
    "/services",
    "/services/{id}",
    "/organizations",
    "/organizations/{id}",
    "/locations",
    "/locations/{id}",
    "/service_at_locations",
    "/service_at_locations/{id}",
    "/taxonomies",
    "/taxonomies/{id}",
    "/taxonomy_terms",
    "/taxonomy_terms/{id}",
}


@pytest.mark.slow
@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
def test_hsds_api_against_its_openapi_document(refdata, settings):
    settings.API_RATE_PER_MINUTE = 0
    call_command("demo", "--scale", "mini", "--seed", "7", "--today", "2026-06-30", verbosity=0)
    schema = schemathesis.openapi.from_wsgi("/hsds/openapi.json", application)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().method.upper() == "GET" and result.ok().path in IMPLEMENTED
    ]
    assert len(operations) >= 10, [o.path for o in operations]
    failures, seen = run_all(operations)
    assert not failures, "\n\n".join(failures)
    assert 200 in seen
