import pytest
from django.core.cache import cache

from mestring.operations import ratelimit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_hit_allows_up_to_the_limit_then_says_how_long_to_wait():
    assert [ratelimit.hit("ip:1", 2, now=600.0) for _ in range(2)] == [0, 0]
    assert ratelimit.hit("ip:1", 2, now=615.2) == 45
    assert ratelimit.hit("ip:2", 2, now=615.2) == 0
    assert ratelimit.hit("ip:1", 2, now=660.0) == 0


@pytest.mark.django_db
def test_over_the_limit_is_429_problem_with_retry_after(client, settings):
    settings.API_RATE_PER_MINUTE = 2
    assert client.get("/api/v1/tilbydere?per_side=1").status_code == 200
    assert client.get("/api/v1/tilbydere?per_side=1").status_code == 200
    response = client.get("/api/v1/tilbydere?per_side=1")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["title"] == "For mange forespørsler"


@pytest.mark.django_db
def test_clients_are_counted_apart_and_pages_outside_the_api_are_not(client, settings):
    settings.API_RATE_PER_MINUTE = 1
    assert client.get("/api/v1/tilbydere").status_code == 200
    assert client.get("/api/v1/tilbydere", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/api/v1/tilbydere").status_code == 429
    assert client.get("/").status_code != 429


@pytest.mark.django_db
def test_logged_in_user_is_counted_by_user_id(client, settings, django_user_model):
    user = django_user_model.objects.create_user("ola", password="x")
    client.force_login(user)
    settings.API_RATE_PER_MINUTE = 1
    assert client.get("/api/v1/tilbydere").status_code == 200
    assert cache.get(f"api-rate:user:{user.pk}:{int(__import__('time').time() // 60)}") == 1


@pytest.mark.django_db
def test_zero_turns_the_limit_off(client, settings):
    settings.API_RATE_PER_MINUTE = 0
    for _ in range(3):
        assert client.get("/api/v1/tilbydere").status_code == 200
