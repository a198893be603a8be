import pytest

from mestring.api.cors import is_public_path


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/tilbud",
        "/api/v1/tilbud/T-1",
        "/api/v1/tilbydere/O-1",
        "/api/v1/rapporter/kartlegging",
        "/api/v1/rapporter/brukermedvirkning",
        "/hsds/services",
        "/fhir/HealthcareService",
    ],
)
def test_public_read_paths(path):
    assert is_public_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/gjennomforinger/R-1/oppmote",
        "/api/v1/rapporter/npr",
        "/api/v1/rapporter/kostra",
        "/api/v1/tilbudx",
        "/arbeid/",
    ],
)
def test_session_and_other_paths_are_not_public(path):
    assert not is_public_path(path)


@pytest.mark.django_db
def test_public_get_allows_any_origin(client):
    response = client.get("/api/v1/tilbydere", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


@pytest.mark.django_db
def test_preflight_on_public_path(client):
    response = client.options(
        "/api/v1/tilbud",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_session_endpoints_get_no_cors(client):
    for path in ("/api/v1/gjennomforinger/R-1/oppmote", "/api/v1/rapporter/npr"):
        response = client.get(path, HTTP_ORIGIN="https://example.org")
        assert "Access-Control-Allow-Origin" not in response
    preflight = client.options(
        "/api/v1/gjennomforinger/R-1/oppmote",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PUT",
    )
    assert "Access-Control-Allow-Origin" not in preflight


@pytest.mark.django_db
def test_writes_on_public_paths_get_no_cors(client):
    response = client.post("/api/v1/tilbud", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response
