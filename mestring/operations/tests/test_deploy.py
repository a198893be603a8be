"""The container image, compose file, systemd units and the local script agree.

There is no container engine on the machines that run these tests, so the Dockerfile is
checked by BuildKit's own parser (the `dockerfile` package), and scripts/prod_local.sh runs
the same build and start commands as plain processes (docs/operations.md).
"""

import importlib
import os
from pathlib import Path

import dockerfile
import yaml

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = "gunicorn --config python:mestring.operations.gunicorn_conf mestring.wsgi:application"


def instructions():
    return dockerfile.parse_file(str(ROOT / "Dockerfile"))


def test_the_image_is_multi_stage_non_root_and_checks_its_health():
    commands = instructions()
    stages = [c for c in commands if c.cmd == "FROM"]
    assert len(stages) >= 2
    runtime = commands[commands.index(stages[-1]) :]
    assert any(c.cmd == "COPY" and "--from=build" in c.flags for c in runtime)
    [user] = [c for c in runtime if c.cmd == "USER"]
    assert user.value[0] not in ("root", "0")
    [health] = [c for c in commands if c.cmd == "HEALTHCHECK"]
    assert "/helse" in " ".join(health.value)
    build = commands[: commands.index(stages[-1])]
    assert any(c.cmd == "RUN" and "collectstatic --no-input" in c.value[0] for c in build)
    assert any(c.cmd == "RUN" and "DEBUG=false" in c.value[0] for c in build)
    [cmd] = [c for c in commands if c.cmd == "CMD"]
    assert " ".join(cmd.value) == GUNICORN


def test_the_local_script_and_systemd_run_what_the_image_runs():
    script = (ROOT / "scripts" / "prod_local.sh").read_text()
    assert '/bin/pip" install' in script and "collectstatic --no-input" in script
    assert "deploy/entrypoint.sh" in script
    one_line = " ".join(script.replace("\\\n", " ").split())
    assert 'deploy/entrypoint.sh" ' + GUNICORN in one_line
    unit = (ROOT / "deploy" / "systemd" / "mestring.service").read_text()
    assert GUNICORN in unit and "entrypoint.sh" in unit and "User=mestring" in unit
    assert "--timeplan" in (ROOT / "deploy" / "systemd" / "mestring-planlagt.service").read_text()


def test_compose_runs_the_site_with_postgresql_redis_and_the_schedule():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "cache", "init", "web", "planlagt"} <= services.keys()
    # The image's pg_dump is Debian bookworm's PostgreSQL 15 client: the server matches.
    assert services["db"]["image"].startswith("postgres:15")
    assert services["web"]["environment"]["CACHE_URL"].startswith("redis://cache")
    assert services["web"]["environment"]["DEBUG"] == "false"
    assert services["planlagt"]["command"] == ["mestring", "planlagt", "--timeplan"]
    assert services["web"]["depends_on"]["init"]["condition"] == "service_completed_successfully"


def test_gunicorn_workers_follow_the_cpu_count(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    from mestring.operations import gunicorn_conf

    assert importlib.reload(gunicorn_conf).workers == 2 * os.cpu_count() + 1
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert importlib.reload(gunicorn_conf).workers == 3
