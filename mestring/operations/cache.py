"""The shared cache: Django's Redis backend that degrades instead of failing.

Rate limits, ETag bookkeeping and the search caches all go through Django's cache, so with
`CACHE_URL` set every worker and every machine share them. When Redis does not answer, this
backend behaves as an empty cache that forgets what it is given: reads miss, writes are
dropped, `incr` raises `ValueError` as for a missing key. So the site keeps serving, the
rate limits fail open (every request is the first of its window) and the caches recompute.
After a failure Redis is left alone for `RETRY_AFTER_SECONDS`, so that a dead cache does not
cost a connection timeout on every call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("mestring.cache")
RETRY_AFTER_SECONDS = 5.0


def _redis_errors() -> tuple[type[Exception], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class CacheUnavailable(Exception):
    """Redis is in its pause after a failure."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._errors = (*_redis_errors(), CacheUnavailable)
        self._down_until = 0.0

    def _call(self, operation: str, fallback, method, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback()
        try:
            return method(*args, **kwargs)
        except self._errors as exc:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Hurtigbufferen svarer ikke (%s): %s", operation, exc)
            from .metrics import count_cache_error

            count_cache_error(operation)
            return fallback()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        return self._call("incr", missing, super().incr, key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, super().delete_many, keys, version)

    def clear(self):
        """Delete this site's keys only (those under KEY_PREFIX), not the whole Redis database."""
        if not self.key_prefix:
            return self._call("clear", lambda: False, super().clear)
        return self._call("clear", lambda: False, self._clear_prefix)

    def _clear_prefix(self):
        client = self._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True
