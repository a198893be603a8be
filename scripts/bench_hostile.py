"""How long each hostile request occupies a worker, against a static file in the same run.

Usage:
    .venv/bin/python scripts/bench_hostile.py [--repeat 3] [--scale demo]

Sets up a fresh SQLite database in a temporary folder (migrations, reference data, demo
data, an editor with a second factor), starts gunicorn with production settings
(DEBUG=false) and ONE sync worker on a loopback socket bound to port 0, and sends each
request of the hostile-input tests (tests/test_hostile_input.py) one at a time. With one
worker and one request at a time, the time from sending a request to the end of its answer
is the time the request holds the worker. Prints a Markdown table: the median over the
repeats per request, its status, and its ratio to the static file.
"""

import argparse
import io
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _xlsx(fill) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "tilbud"
    sheet.append(["id", "tittel", "ansvarlig", "hovedtematikk", "status"])
    fill(sheet)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


HEADER = "id;tittel;ansvarlig;hovedtematikk;status\r\n"
HUGE_INT = "9" * 5000
UPLOADS = {
    "JSON nested 5 000 levels": ("data.json", b'{"tilbud": ' + b"[" * 5000 + b"]" * 5000 + b"}"),
    "CSV cell of 140 000 characters": (
        "tilbud.csv",
        (HEADER + "t-9;" + "x" * 140_000 + ";a;b;c\r\n").encode(),
    ),
    "CSV row of 400 000 separators": ("tilbud.csv", (HEADER + ";" * 400_000 + "\r\n").encode()),
    "CSV with 600 000 rows": ("tilbud.csv", (HEADER + "t\r\n" * 600_000).encode()),
    "CSV with a huge integer": (
        "tilbud.csv",
        (HEADER.strip() + ";antall_samlinger\r\nt-9;Kurs;a;b;c;" + HUGE_INT + "\r\n").encode(),
    ),
    "XLSX zip bomb (30 MB of XML)": ("bok.xlsx", _zip({"xl/workbook.xml": b" " * 30_000_000})),
    "XLSX with 5 000 columns": (
        "bok.xlsx",
        _xlsx(lambda sheet: sheet.cell(row=2, column=5000, value="x")),
    ),
    "XLSX stating 900 000 rows": (
        "bok.xlsx",
        _xlsx(lambda sheet: sheet.cell(row=900_000, column=1, value="x")),
    ),
}


def _environment(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'mestring.sqlite3'}",
        "MESTRING_VAR_DIR": str(folder),
        "API_RATE_PER_MINUTE": "0",
        "IMPORT_RATE_PER_HOUR": "100000",
        "LOG_LEVEL": "ERROR",
    }


def _setup(env: dict[str, str], scale: str) -> None:
    mestring = str(BIN / "mestring")
    for command in (["migrate", "-v0"], ["refdata", "load"], ["demo", "--scale", scale]):
        subprocess.run([mestring, *command], env=env, check=True, capture_output=True)
    subprocess.run(
        [mestring, "collectstatic", "--noinput", "-v0"], env=env, check=True, capture_output=True
    )


_SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from mestring.accounts.models import Membership
from mestring.catalogue.models import Offer, Run
from mestring.evaluation.models import Evaluation, new_token

run = Run.objects.select_related("offer__responsible").order_by("pk").first()
user = get_user_model().objects.create_user("benk", password="benk-passord-123")
Membership.objects.create(user=user, role="redaktor", organisation=run.offer.responsible)
device = TOTPDevice.objects.create(user=user, name="benk", confirmed=True)
evaluation, _ = Evaluation.objects.get_or_create(run=run, defaults={"token": new_token()})
client = Client()
client.force_login(user)
session = client.session
session[DEVICE_ID_SESSION_KEY] = device.persistent_id
session.save()
print(session.session_key, run.external_id, run.offer.external_id, evaluation.token)
"""


def _session(env: dict[str, str]) -> tuple[str, str, str, str]:
    result = subprocess.run(
        [str(BIN / "mestring"), "shell", "-c", _SESSION],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    key, run, offer, token = result.stdout.split()[-4:]
    return key, run, offer, token


def _server(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "mestring.wsgi",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "1",
            "--timeout",
            "120",
        ],
        env=env,
        pass_fds=[listener.fileno()],
        cwd=ROOT,
    )
    listener.close()
    base = f"http://127.0.0.1:{port}"
    for _ in range(60):
        try:
            if requests.get(base + "/helse", timeout=10).status_code == 200:
                return process, base
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


def _requests(base: str, run: str, offer: str, token: str):
    """(label, method, path, keyword arguments for requests) per hostile request."""
    form = {
        "title": '=HYPERLINK("http://x","klikk")',
        "co_organisers": "-99999999999999999999",
        "responsible": HUGE_INT,
        "description": "x\x00y",
    }
    yield "static file (reference)", "GET", "/static/css/mestring.css", {}
    yield (
        "/tilbud/ with 500 values in one filter",
        "GET",
        "/tilbud/",
        {"params": {"fagfelt": ["somatikk"] * 500}},
    )
    yield (
        "/api/v1/tilbud with 21 values in one filter",
        "GET",
        "/api/v1/tilbud",
        {"params": {"fagfelt": ["somatikk"] * 21}},
    )
    yield (
        "/tilbud/ with side=-99999999999999999999",
        "GET",
        "/tilbud/",
        {"params": {"side": "-99999999999999999999"}},
    )
    yield (
        "/api/v1/tilbud with a 5 000-digit page",
        "GET",
        "/api/v1/tilbud",
        {"params": {"side": HUGE_INT}},
    )
    yield "/tilbud/ with invalid UTF-8 and NUL", "GET", "/tilbud/?fra=%FF%FE&til=%00", {}
    yield (
        "/hsds/services with a 5 000-digit page",
        "GET",
        "/hsds/services",
        {"params": {"page": HUGE_INT, "per_page": "-1"}},
    )
    yield (
        "/statistikk/kartlegging/ with hostile filters",
        "GET",
        "/statistikk/kartlegging/",
        {"params": {"fra": "\x00", "til": HUGE_INT, "fagfelt": ["x"] * 200, "region": "[" * 2000}},
    )
    yield (
        "/e/<kode>: evaluation answer with hostile values",
        "POST",
        f"/e/{token}",
        {
            "data": {f"q{n}": HUGE_INT for n in range(1, 6)} | {"fritekst": "x" * 100_000},
            "csrf": True,
        },
    )
    yield (
        "/arbeid/tilbud/nytt/: form with hostile values",
        "POST",
        "/arbeid/tilbud/nytt/",
        {
            "data": form,
            "csrf": True,
        },
    )
    body = b"[" * 100_000 + b"]" * 100_000
    yield (
        "PUT oppmøte with JSON nested 100 000 levels",
        "PUT",
        (f"/api/v1/gjennomforinger/{run}/oppmote"),
        {"data": body, "headers": {"Content-Type": "application/json"}, "csrf": True},
    )
    for label, (name, data) in UPLOADS.items():
        yield (
            f"upload: {label}",
            "POST",
            "/arbeid/import/",
            {
                "files": {"files": (name, data)},
                "csrf": True,
            },
        )
    yield (
        "upload: body stating 10 GB",
        "POST",
        "/arbeid/import/",
        {
            "data": b"x" * 1000,
            "headers": {"Content-Length": str(10 * 1024**3), "Content-Type": "multipart/form-data"},
            "csrf": True,
            "raw": True,
        },
    )
    yield (
        "/tilbud/ with a 400-word question (search rewrite)",
        "GET",
        "/tilbud/",
        {"params": {"q": "ab " * 400}},
    )


def _send(http: requests.Session, base: str, method: str, path: str, options: dict):
    options = dict(options)
    if options.pop("csrf", False):
        options.setdefault("headers", {})["X-CSRFToken"] = http.cookies.get("csrftoken", "")
    if options.pop("raw", False):
        return _raw(base, method, path, options)
    started = time.perf_counter()
    response = http.request(method, base + path, timeout=120, allow_redirects=False, **options)
    return time.perf_counter() - started, response.status_code


def _raw(base: str, method: str, path: str, options: dict):
    """A request whose Content-Length says more than is sent: the server must answer
    without waiting for the rest."""
    host, port = base.removeprefix("http://").split(":")
    headers = options["headers"] | {"X-CSRFToken": options.get("csrf_token", "")}
    cookie = options.get("cookie", "")
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=120) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + options["data"])
        answer = connection.recv(1024)
    status = int(answer.split()[1]) if answer else 0
    return time.perf_counter() - started, status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", default="demo")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        env = _environment(Path(folder))
        _setup(env, args.scale)
        key, run, offer, token = _session(env)
        process, base = _server(env)
        try:
            http = requests.Session()
            http.cookies.set("sessionid", key)
            http.get(base + "/arbeid/import/", timeout=30)  # the CSRF cookie
            cookie = f"sessionid={key}; csrftoken={http.cookies.get('csrftoken', '')}"
            results = []
            for label, method, path, options in _requests(base, run, offer, token):
                print(label, file=sys.stderr, flush=True)
                if options.get("raw"):
                    options = options | {
                        "cookie": cookie,
                        "csrf_token": http.cookies.get("csrftoken", ""),
                    }
                _send(http, base, method, path, options)  # warm-up
                timings, status = [], None
                for _ in range(args.repeat):
                    seconds, status = _send(http, base, method, path, options)
                    timings.append(seconds)
                results.append((label, status, statistics.median(timings), max(timings)))
        finally:
            process.terminate()
            process.wait(timeout=30)
    reference = results[0][2]
    print("| request | status | median | slowest | × static file |")
    print("|---|---:|---:|---:|---:|")
    for label, status, median, slowest in results:
        print(
            f"| {label} | {status} | {median * 1000:.0f} ms | {slowest * 1000:.0f} ms "
            f"| {median / reference:.1f}× |"
        )


if __name__ == "__main__":
    main()
