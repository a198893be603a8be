"""The report parameters are declared once (ReportFilter); the form, the API's query
schema and the CLI options are built from that declaration and checked by one validator."""

from dataclasses import fields

import pytest
from django.core.management import CommandError, call_command, load_command_class

from mestring.api.routers.reports import ReportQuery
from mestring.statistics.filters import PARAMETERS, ReportFilter
from mestring.statistics.forms import ReportForm

pytestmark = pytest.mark.django_db
NAMES = [spec.name for spec in fields(ReportFilter)]


def test_form_api_and_cli_offer_exactly_the_declared_parameters(refdata):
    assert [p.name for p in PARAMETERS] == NAMES
    assert list(ReportForm().fields) == NAMES
    assert list(ReportForm(with_step=True).fields) == [*NAMES, "inndeling"]
    assert list(ReportQuery.model_fields) == NAMES
    parser = load_command_class("mestring.statistics", "rapport").create_parser("m", "rapport")
    options = {action.dest for action in parser._actions}
    assert set(NAMES) <= options


def test_the_api_documents_the_declared_codes_and_forms(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/rapporter/kartlegging"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert list(parameters) == NAMES
    region = next(p for p in PARAMETERS if p.name == "region")
    assert parameters["region"]["schema"]["items"]["enum"] == list(region.codes.values)
    assert parameters["kommune"]["schema"]["items"]["pattern"] == "^[0-9]{4}$"
    assert parameters["fra"]["required"] is True


@pytest.mark.parametrize("kind", ["page", "api", "cli"])
def test_one_validator_gives_the_same_message_everywhere(client, refdata, kind):
    message = "Ukjent verdi «9999» for kommune."
    query = {"fra": "2025-01-01", "til": "2025-12-31", "kommune": "9999"}
    if kind == "page":
        response = client.get("/statistikk/aktivitet/", query)
        assert response.status_code == 400
        assert message in response.content.decode()
    elif kind == "api":
        response = client.get("/api/v1/rapporter/aktivitet", query)
        assert response.status_code == 400
        assert response.json()["feil"] == [{"felt": "kommune", "melding": message}]
    else:
        with pytest.raises(CommandError, match=message):
            call_command("rapport", "aktivitet", *[f"--{k}={v}" for k, v in query.items()])


@pytest.mark.parametrize("name", ["kartlegging", "aktivitet", "dekning", "brukermedvirkning"])
def test_a_filter_no_provider_matches_gives_empty_reports(client, refdata, name):
    # No organisation has this type: the filter becomes a list of no ids.
    query = {"fra": "2025-01-01", "til": "2025-12-31", "tilbydertype": "annen"}
    response = client.get(f"/api/v1/rapporter/{name}", query)
    assert response.status_code == 200
    assert response.json()["rapport"] == name
