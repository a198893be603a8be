"""Two server processes on one Redis and one database: the API rate limit holds across them."""

import time

import pytest

from .helpers import REDIS_URL, Gunicorn, clean_env, forget, get, mestring, unique_prefix

LIMIT = 4


@pytest.fixture
def two_servers(tmp_path):
    prefix = unique_prefix()
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'mestring.sqlite3'}",
        MESTRING_VAR_DIR=str(tmp_path),
        CACHE_URL=REDIS_URL,
        CACHE_KEY_PREFIX=prefix,
        API_RATE_PER_MINUTE=str(LIMIT),
    )
    mestring("migrate", "--no-input", "-v", "0", env=env)
    servers = [Gunicorn(env), Gunicorn(env)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()
        forget(prefix)


def test_the_api_rate_limit_holds_across_two_processes(two_servers):
    # The limit counts per clock minute: start well inside one, so that all requests share it.
    if time.time() % 60 > 45:
        time.sleep(60 - time.time() % 60 + 0.5)
    answers = []
    for number in range(2 * LIMIT):
        server = two_servers[number % 2]
        status, headers, _ = get(server.url + "/api/v1/tilbydere?per_side=1")
        answers.append((number % 2, status))
    assert [status for _, status in answers] == [200] * LIMIT + [429] * LIMIT
    # Both processes refused: each would have allowed LIMIT on its own.
    assert {process for process, status in answers if status == 429} == {0, 1}


def test_metrics_add_up_over_gunicorn_workers(tmp_path):
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = clean_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'mestring.sqlite3'}",
        MESTRING_VAR_DIR=str(tmp_path),
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
        METRICS_TOKEN="t" * 40,
    )
    mestring("migrate", "--no-input", "-v", "0", env=env)
    server = Gunicorn(env, workers=2)
    try:
        server.wait_ready()
        for _ in range(10):
            assert get(server.url + "/helse")[0] == 200
        status, _, body = get(server.url + "/metrics", {"Authorization": "Bearer " + "t" * 40})
    finally:
        server.stop()
    assert status == 200
    line = next(
        line
        for line in body.decode().splitlines()
        if line.startswith("mestring_http_requests_total{") and 'route="/helse"' in line
    )
    # The ten, plus at least the readiness probe, whichever worker answered each.
    assert float(line.rsplit(" ", 1)[1]) >= 11
