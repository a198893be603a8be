import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_health_answers_200_when_the_database_is_reachable(client):
    response = client.get("/helse")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_503_when_the_database_is_unreachable():
    # A real unreachable PostgreSQL server (nothing listens on port 9), in a fresh process.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/helse', HTTP_HOST='localhost');"
        "print(r.status_code, r.json()['database'])"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    env["DJANGO_SETTINGS_MODULE"] = "mestring.settings"
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.split() == ["503", "utilgjengelig"], result.stderr
