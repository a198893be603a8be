"""The shared cache: two backends on one Redis see one count; a dead Redis degrades."""

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from mestring.operations import cache as shared
from mestring.operations import metrics, ratelimit

from .helpers import REDIS_URL, closed_port, forget, unique_prefix


def backend(location: str, prefix: str) -> shared.ResilientRedisCache:
    return shared.ResilientRedisCache(
        location,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


@pytest.fixture
def prefix():
    name = unique_prefix()
    yield name
    forget(name)


def test_two_backends_on_one_redis_count_together(prefix):
    first, second = backend(REDIS_URL, prefix), backend(REDIS_URL, prefix)
    first.add("n", 0)
    assert first.incr("n") == 1
    assert second.incr("n") == 2
    assert second.get("n") == 2
    second.set("etag", 123.0)
    assert first.get("etag") == 123.0
    assert first.add("etag", 999.0) is False


def test_a_dead_redis_behaves_as_an_empty_cache_and_is_counted(prefix):
    dead = backend(f"redis://127.0.0.1:{closed_port()}/0", prefix)
    before = metrics.CACHE_ERRORS.labels(operation="get")._value.get()
    assert dead.get("x", "default") == "default"
    assert dead.add("x", 1) is False
    assert dead.set("x", 1) is None
    assert dead.get_many(["x", "y"]) == {}
    with pytest.raises(ValueError, match="not found"):
        dead.incr("x")
    assert metrics.CACHE_ERRORS.labels(operation="get")._value.get() == before + 1


def test_the_api_rate_limit_fails_open_when_redis_is_dead(monkeypatch, prefix):
    dead = backend(f"redis://127.0.0.1:{closed_port()}/0", prefix)
    monkeypatch.setattr(ratelimit, "cache", dead)
    assert [ratelimit.hit("ip:1", 1, now=600.0) for _ in range(3)] == [0, 0, 0]


def test_after_a_failure_redis_is_left_alone_for_a_while(monkeypatch, prefix):
    dead = backend(f"redis://127.0.0.1:{closed_port()}/0", prefix)
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise redis.exceptions.ConnectionError("down")

    monkeypatch.setattr(RedisCache, "get", refuse)
    dead.get("a")
    dead.get("b")
    assert len(calls) == 1
    dead._down_until = 0.0
    dead.get("c")
    assert len(calls) == 2


def test_clear_deletes_only_its_own_prefix(prefix):
    mine, other = backend(REDIS_URL, prefix), backend(REDIS_URL, prefix + "-other")
    mine.set("a", 1)
    other.set("a", 2)
    mine.clear()
    assert mine.get("a") is None
    assert other.get("a") == 2
    other.clear()
