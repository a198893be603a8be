import pytest
from django.core.cache import cache

from mestring.api.caching import body_etag


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_etag_is_strong_and_follows_the_body():
    assert body_etag(b"a") == body_etag(b"a")
    assert body_etag(b"a") != body_etag(b"b")
    assert body_etag(b"a").startswith('"')


@pytest.mark.django_db
def test_public_read_has_validators_and_public_cache_control(client):
    response = client.get("/api/v1/tilbydere")
    assert response.status_code == 200
    assert response["ETag"] == body_etag(response.content)
    assert "Last-Modified" in response
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.django_db
def test_if_none_match_gives_304(client):
    first = client.get("/api/v1/tilbud")
    again = client.get("/api/v1/tilbud", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    other = client.get("/api/v1/tilbud", HTTP_IF_NONE_MATCH='"stale"')
    assert other.status_code == 200


@pytest.mark.django_db
def test_if_modified_since_gives_304_until_the_body_changes(client, refdata, monkeypatch):
    from mestring.api import caching
    from mestring.catalogue.models import Organisation

    url = "/api/v1/tilbydere?per_side=1"
    monkeypatch.setattr(caching.time, "time", lambda: 2_000_000_000.0)
    first = client.get(url)
    since = first["Last-Modified"]
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    monkeypatch.setattr(caching.time, "time", lambda: 2_000_000_100.0)
    Organisation.objects.filter(external_id=first.json()["resultater"][0]["id"]).delete()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 200


@pytest.mark.django_db
def test_personal_answers_are_private(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("kari", password="x"))
    response = client.get("/api/v1/tilbydere")
    assert response["Cache-Control"] == "private, no-store"
    assert "Last-Modified" not in response


@pytest.mark.django_db
def test_errors_and_pages_outside_the_api_are_left_alone(client):
    missing = client.get("/api/v1/tilbud/finnes-ikke")
    assert missing.status_code == 404
    assert "ETag" not in missing


@pytest.mark.django_db
def test_hsds_and_fhir_reads_carry_etags_too(client, refdata):
    for path in ("/hsds/services", "/fhir/HealthcareService"):
        first = client.get(path)
        assert first.status_code == 200
        assert first["ETag"] and first["Cache-Control"].startswith("public")
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
