import os
import subprocess
import sys

import pytest


def load_settings(**env):
    """Import the settings module in a fresh process with the given environment."""
    full_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    full_env.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import mestring.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_local_defaults_use_sqlite():
    result = load_settings(DATABASE_URL="")
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "at least 32"),
        ({"DEBUG": "kanskje"}, "DEBUG must be true or false"),
    ],
)
def test_production_refuses_unsafe_settings(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_secret():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr


def test_a_fresh_checkout_gets_its_sqlite_folder(tmp_path):
    var = tmp_path / "nytt" / "var"
    result = load_settings(DATABASE_URL="", MESTRING_VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    assert var.is_dir()
