"""The documented production command, `gunicorn mestring.wsgi`, never shows the debug page:
without DEBUG in the environment the server runs with DEBUG off, and refuses to start
without a real SECRET_KEY."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ENV = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}


def settings_through_wsgi(**env) -> subprocess.CompletedProcess:
    code = "import mestring.wsgi; from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**ENV, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_wsgi_module_defaults_to_debug_off():
    result = settings_through_wsgi(SECRET_KEY="p" * 50)
    assert result.stdout.strip() == "False", result.stderr


def test_the_wsgi_module_refuses_to_start_without_a_secret():
    result = settings_through_wsgi()
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_an_explicit_debug_is_respected():
    assert settings_through_wsgi(DEBUG="true").stdout.strip() == "True"


@pytest.mark.slow
def test_gunicorn_answers_errors_without_the_debug_page(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {
        **ENV,
        "SECRET_KEY": "p" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [str(gunicorn), "--bind", "127.0.0.1:0", "--workers", "1", "mestring.wsgi"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = None
        for line in server.stderr:
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if found:
                port = int(found.group(1))
                break
        assert port, "gunicorn did not start"
        bodies = []
        # An unknown page (404) and a page that needs the missing tables: a database error,
        # which the server answers 503 («try again») rather than 500.
        for path in ("/finnes-ikke/", "/api/v1/tilbud"):
            for _attempt in range(50):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30)  # noqa: S310
                except urllib.error.HTTPError as error:
                    bodies.append((error.code, error.read().decode("utf-8", "replace")))
                    break
                except urllib.error.URLError:
                    time.sleep(0.1)
        assert [code for code, _body in bodies] == [404, 503]
        for _code, body in bodies:
            assert "DEBUG = True" not in body and "Traceback" not in body
    finally:
        server.terminate()
        server.wait(timeout=30)
