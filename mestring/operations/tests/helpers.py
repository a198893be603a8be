"""Real servers and a real Redis for the operations tests."""

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
            except (urllib.error.URLError, ConnectionError):
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
