import subprocess
import sys

from .helpers import clean_env


def cache_backend(**env) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "import mestring.settings as s; print(s.CACHES['default'])"],
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_locmem_is_the_default_and_cache_url_selects_redis():
    assert "LocMemCache" in cache_backend()
    redis = cache_backend(CACHE_URL="redis://127.0.0.1:6379/3", CACHE_KEY_PREFIX="x")
    assert "ResilientRedisCache" in redis and "redis://127.0.0.1:6379/3" in redis
