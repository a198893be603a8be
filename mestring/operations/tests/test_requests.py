"""Request ids, the JSON log line per request, the 500 page and /metrics."""

import json
import logging
import re

import pytest
from django.test import Client

from mestring.operations import requests as request_log
from mestring.operations.logs import JsonFormatter


def test_a_sane_incoming_id_is_kept_and_anything_else_replaced():
    assert request_log.request_id_from("abc-123.x") == "abc-123.x"
    for bad in ("", None, "a" * 65, "with space", "<script>", "-leading"):
        made = request_log.request_id_from(bad)
        assert re.fullmatch(r"[0-9a-f]{32}", made)


@pytest.mark.django_db
def test_every_answer_carries_the_request_id_and_logs_one_line(client, caplog):
    caplog.set_level(logging.INFO, logger="mestring.request")
    response = client.get("/helse", HTTP_X_REQUEST_ID="proxy-42")
    assert response["X-Request-ID"] == "proxy-42"
    [record] = [r for r in caplog.records if r.name == "mestring.request"]
    assert (record.method, record.route, record.status) == ("GET", "/helse", 200)
    assert record.duration_ms >= 0
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "proxy-42"
    assert {"method", "route", "status", "duration_ms", "time", "level"} <= line.keys()

    caplog.clear()
    caplog.set_level(logging.WARNING, logger="django.request")
    missing = client.get("/finnes-ikke", HTTP_X_REQUEST_ID="proxy-43")
    assert missing.status_code == 404
    [warning] = [r for r in caplog.records if r.name == "django.request"]
    assert request_log.RequestIdFilter().filter(warning) and warning.request_id == "proxy-43"

    fresh = client.get("/helse", HTTP_X_REQUEST_ID="not a sane id")
    assert re.fullmatch(r"[0-9a-f]{32}", fresh["X-Request-ID"])


@pytest.mark.django_db
@pytest.mark.urls("mestring.operations.tests.urls")
def test_the_500_page_shows_the_id_and_no_traceback(settings, caplog):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test-feil", HTTP_X_REQUEST_ID="feil-77")
    body = response.content.decode()
    assert response.status_code == 500
    assert response["X-Request-ID"] == "feil-77"
    assert "Noe gikk galt" in body and "feil-77" in body
    assert "Traceback" not in body and "hemmelig detalj" not in body
    [logged] = [r for r in caplog.records if r.name == "django.request"]
    assert logged.exc_info and logged.request_id == "feil-77"
    assert "hemmelig detalj" in JsonFormatter().format(logged)


@pytest.mark.django_db
@pytest.mark.urls("mestring.operations.tests.urls")
def test_the_500_page_speaks_english_when_asked(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/test-feil", HTTP_ACCEPT_LANGUAGE="en")
    assert "Something went wrong" in response.content.decode()


def metric_value(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.django_db
def test_metrics_are_off_without_a_token_or_addresses(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_need_the_token_or_an_allowed_address(client, settings):
    settings.METRICS_TOKEN = "hemmelig-token"
    settings.METRICS_ALLOWED_IPS = ["10.0.0.9"]
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer feil").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer hemmelig-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
@pytest.mark.urls("mestring.operations.tests.urls")
def test_metrics_count_requests_latency_and_database_errors(settings):
    settings.DEBUG = False
    settings.METRICS_TOKEN = "t"
    client = Client(raise_request_exception=False)
    auth = {"HTTP_AUTHORIZATION": "Bearer t"}
    before = client.get("/metrics", **auth).content.decode()
    client.get("/helse")
    client.get("/test-databasefeil")
    after = client.get("/metrics", **auth).content.decode()
    labels = {"route": "/helse", "method": "GET", "status": "200"}
    name = "mestring_http_requests_total"
    assert metric_value(after, name, **labels) == metric_value(before, name, **labels) + 1
    count = "mestring_http_request_duration_seconds_count"
    assert metric_value(after, count, route="/helse") >= 1
    errors = "mestring_database_errors_total"
    route = "/test-databasefeil"
    assert metric_value(after, errors, route=route) == metric_value(before, errors, route=route) + 1


@pytest.mark.django_db
@pytest.mark.urls("mestring.operations.tests.urls")
def test_an_unreachable_database_is_503_with_retry_after(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    page = client.get("/test-databasefeil")
    assert page.status_code == 503 and page["Retry-After"] == "10"
    assert "Databasen svarer ikke akkurat nå" in page.content.decode()
    api = client.get("/api/v1/test-databasefeil")
    assert api.status_code == 503 and api["Retry-After"] == "10"
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["title"] == "Tjenesten er midlertidig utilgjengelig"
