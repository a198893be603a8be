"""Real servers and a real Redis for the operations tests."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent


def unique_prefix() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def forget(prefix: str) -> None:
    """Delete the keys a test stored under its prefix (never the whole shared Redis)."""
    from mestring.operations.cache import ResilientRedisCache

    ResilientRedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).clear()


def closed_port() -> int:
    """A loopback port nothing listens on (bound and released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CACHE_", "PROMETHEUS"))}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # gunicorn loads mestring.wsgi, which runs with DEBUG off unless told otherwise.
    env.setdefault("SECRET_KEY", "operations-test-" + "k" * 40)
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.update(extra)
    return env


def mestring(*args: str, env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "mestring"), *args], env=env, check=True, cwd=ROOT, timeout=300)


class Gunicorn:
    """One gunicorn process on a socket this test bound to port 0 (passed by descriptor)."""

    def __init__(self, env: dict[str, str], workers: int = 1):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        fd = self.sock.fileno()
        self.process = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "mestring.wsgi:application",
                "--bind",
                f"fd://{fd}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
            pass_fds=(fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, path: str = "/helse", tries: int = 300) -> None:
        for _ in range(tries):
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode())
            try:
                get(self.url + path)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer")

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        self.sock.close()
        return err.decode(errors="replace")


def get(url: str, headers: dict[str, str] | None = None):
    """(status, headers, body) for a GET, without raising on 4xx and 5xx."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def manage_many(commands: list[list[str]], env: dict[str, str]) -> None:
    """Run several management commands in one fresh process (Django starts once)."""
    script = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "for command in json.loads(sys.argv[1]):\n"
        "    call_command(*command)\n"
    )
    env = {**env, "DJANGO_SETTINGS_MODULE": "mestring.settings"}
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", script, json.dumps(commands)],
        env=env,
        check=True,
        cwd=ROOT,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )


def postgres_server_url() -> str:
    """The PostgreSQL server the tests use: the one DATABASE_URL names, else the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


class TemporaryPostgresDatabases:
    """Empty databases made on the test server for one test and dropped after it."""

    def __init__(self):
        self.server = postgres_server_url()
        self.names: list[str] = []

    def _admin(self):
        import psycopg

        return psycopg.connect(self.server + "/postgres", autocommit=True)

    def create(self, label: str) -> str:
        from psycopg import sql

        name = f"mestring_{label}_{uuid.uuid4().hex[:8]}"
        with self._admin() as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.names.append(name)
        return f"{self.server}/{name}"

    def drop_all(self) -> None:
        from psycopg import sql

        with self._admin() as admin:
            for name in self.names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
