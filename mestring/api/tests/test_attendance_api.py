import json
from datetime import date

import pytest
from django.test import Client

from mestring.activity.models import Attendance
from mestring.catalogue.tests.factories import make_offer, make_organisation, make_run

pytestmark = pytest.mark.django_db
URL = "/api/v1/gjennomforinger/kols-v/oppmote"


@pytest.fixture
def home(refdata):
    return make_organisation(external_id="lms")


@pytest.fixture
def run(home):
    offer = make_offer(external_id="kols", responsible=home)
    return make_run(offer, sessions=2, start=date(2026, 3, 2), external_id="kols-v")


def put(client, body, url=URL):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_put_replaces_the_given_dates_and_get_returns_them(client, coordinator, run):
    Attendance.objects.create(run=run, date=date(2026, 3, 9), patients=3)
    client.force_login(coordinator)
    body = {"oppmote": [{"dato": "2026-03-02", "pasienter": 5, "fagpersoner": 2}]}
    response = put(client, body)
    assert response.status_code == 200
    assert client.get(URL).json() == {
        "gjennomforing": "kols-v",
        "oppmote": [
            {
                "dato": "2026-03-02",
                "pasienter": 5,
                "parorende": None,
                "barn_som_parorende": None,
                "andre_deltakere": None,
                "brukerrepresentanter": None,
                "fagpersoner": 2,
            },
            {
                "dato": "2026-03-09",
                "pasienter": 3,
                "parorende": None,
                "barn_som_parorende": None,
                "andre_deltakere": None,
                "brukerrepresentanter": None,
                "fagpersoner": None,
            },
        ],
    }
    assert response.json() == client.get(URL).json()


def test_a_null_date_is_the_whole_run(client, coordinator, run):
    client.force_login(coordinator)
    assert put(client, {"oppmote": [{"dato": None, "pasienter": 12}]}).status_code == 200
    assert Attendance.objects.get(run=run).date is None


def test_invalid_rows_give_problem_json_and_store_nothing(client, coordinator, run):
    client.force_login(coordinator)
    body = {
        "oppmote": [
            {"dato": "2026-03-02", "pasienter": 5},
            {"dato": "2026-03-09", "pasienter": -2, "fagpersoner": 20000},
        ]
    }
    response = put(client, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["feil"]
    assert [e["felt"] for e in errors] == ["oppmote.1.pasienter", "oppmote.1.fagpersoner"]
    # The bounds are in the OpenAPI document, and the body is checked against them first.
    assert errors[0]["melding"] == "Ugyldig verdi for oppmote.1.pasienter. Må være minst 0."
    assert errors[1]["melding"].endswith("Kan være høyst 10000.")
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"dato": "2026-03-02", "pasienter": "fem"}, "oppmote.0.pasienter"),
        ({"dato": "2026-03-02", "navn": "Kari Nordmann"}, "oppmote.0.navn"),
        ({"dato": "2. mars"}, "oppmote.0.dato"),
    ],
)
def test_malformed_rows_are_refused(client, coordinator, run, row, field):
    client.force_login(coordinator)
    response = put(client, {"oppmote": [row]})
    assert response.status_code == 400
    assert [e["felt"] for e in response.json()["feil"]] == [field]


def test_the_same_date_twice_is_refused(client, coordinator, run):
    client.force_login(coordinator)
    body = {"oppmote": [{"dato": "2026-03-02"}, {"dato": "2026-03-02", "pasienter": 1}]}
    response = put(client, body)
    assert response.status_code == 400
    assert response.json()["feil"][0]["felt"] == "oppmote.1.dato"


def test_not_logged_in_is_401(client, run):
    assert client.get(URL).status_code == 401
    assert put(client, {"oppmote": []}).status_code == 401


def test_the_session_needs_its_csrf_token(coordinator, run):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert put(client, {"oppmote": [{"dato": None, "pasienter": 1}]}).status_code == 403
    assert not Attendance.objects.exists()


def test_an_editor_of_another_organisation_is_refused(client, outsider, run):
    client.force_login(outsider)
    for response in (client.get(URL), put(client, {"oppmote": [{"pasienter": 1}]})):
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
    assert not Attendance.objects.exists()


def test_a_reader_may_read_but_not_replace(client, reader, run):
    Attendance.objects.create(run=run, date=date(2026, 3, 2), patients=3)
    client.force_login(reader)
    assert client.get(URL).json()["oppmote"][0]["pasienter"] == 3
    assert put(client, {"oppmote": [{"dato": "2026-03-02", "pasienter": 1}]}).status_code == 403
    assert Attendance.objects.get(run=run).patients == 3


def test_unknown_runs_are_404(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/api/v1/gjennomforinger/finnes-ikke/oppmote")
    assert response.status_code == 404 and "finnes-ikke" in response.json()["detail"]
