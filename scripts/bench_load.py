"""Load and fault drill against the production stack, on loopback only, bounded in time.

Starts its own PostgreSQL (initdb in a temporary folder, a free port; never the machine's
cluster), its own Redis and gunicorn with production settings, loads demo data, then:

1. reference: one client for --reference-seconds;
2. load: --clients concurrent clients for --seconds, mixing search, offer pages, a report,
   API reads and authenticated attendance writes (PUT /api/v1/gjennomforinger/…/oppmote);
3. database outage: PostgreSQL stopped for --outage seconds under load: /helse must answer
   503 during it and 200 after, without restarting gunicorn; every write answered 2xx must
   be in the database exactly once, every other write must have a clear 503 and be absent;
4. cache outage: Redis stopped for --outage seconds under load: no server errors.

    .venv/bin/python scripts/bench_load.py --clients 200 --seconds 60 --append docs/benchmarks.md

Exits 1 when a check fails. Everything it started is stopped and its folder removed.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
SEARCH_WORDS = [
    "diabetes",
    "kols",
    "hjerte",
    "kreft",
    "pårørende",
    "smerte",
    "",
    "barn",
    "mestring",
]
REPORT_PATH = "/statistikk/kartlegging/?fra=2024-01-01&til=2024-12-31"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def log(message: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


class Postgres:
    """A throw-away PostgreSQL cluster in `folder`."""

    def __init__(self, folder: Path):
        self.data = folder / "pg"
        self.socket_dir = folder
        self.port = free_port()
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres")
            shutil.chown(folder, "postgres")
        subprocess.run(
            as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
                + ["-E", "UTF8", "--locale=C.UTF-8"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/mestring"

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
        options += " -c max_connections=200"
        subprocess.run(
            as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.data / "log")]
                + ["-o", options, "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def createdb(self) -> None:
        subprocess.run(
            as_postgres([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port)])
            + ["-U", "postgres", "mestring"],
            check=True,
        )

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
            return db.execute(sql).fetchall()


class Redis:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
            + ["--pidfile", str(self.folder / "redis.pid")]
            + ["--logfile", str(self.folder / "redis.log")],
            check=True,
        )
        for _ in range(100):
            ping = ["redis-cli", "-p", str(self.port), "ping"]
            if subprocess.run(ping, capture_output=True, check=False).stdout.strip() == b"PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("Redis did not start")

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )


def mestring(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "mestring"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


SETUP = """
import json, secrets, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from mestring.accounts.models import Membership
from mestring.catalogue.models import Offer, Run

writers = int(sys.argv[1])
runs = list(Run.objects.filter(offer__status="publisert").select_related("offer")
            .order_by("pk")[:writers])
user = get_user_model().objects.create_user("bench-redaktor", "bench@example.no",
                                            secrets.token_urlsafe(20))
for organisation_id in {run.offer.responsible_id for run in runs}:
    Membership.objects.create(user=user, role="redaktor", organisation_id=organisation_id)
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
offers = list(Offer.objects.filter(status="publisert").values_list("external_id", flat=True))
print(json.dumps({"session": session.session_key, "runs": [r.external_id for r in runs],
                  "run_pks": [r.pk for r in runs], "offers": offers}))
"""


@dataclass
class Result:
    kind: str
    status: int  # 0: no answer (connection refused or reset, timeout)
    seconds: float
    started: float


@dataclass
class Write:
    run_pk: int
    day: date
    value: int
    status: int


@dataclass
class Outcome:
    results: list[Result] = field(default_factory=list)
    writes: list[Write] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Client:
    """One closed-loop client: a request, the answer, the next request (no think time)."""

    def __init__(self, number, port, setup, outcome, deadline, writer, day_counter):
        self.number, self.port, self.setup, self.outcome = number, port, setup, outcome
        self.deadline, self.writer, self.days = deadline, writer, day_counter
        self.random = random.Random(number)
        self.csrf = secrets.token_hex(16)

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            response.read()
            return response.status, time.perf_counter() - started
        except OSError:
            return 0, time.perf_counter() - started
        finally:
            connection.close()

    def one(self):
        roll = self.random.random()
        if self.writer:
            return self.write()
        if roll < 0.40:
            word = self.random.choice(SEARCH_WORDS)
            return "søk", *self.request("GET", f"/tilbud/?q={quote(word)}")
        if roll < 0.80:
            offer = self.random.choice(self.setup["offers"])
            return "tilbudsside", *self.request("GET", f"/tilbud/{offer}/")
        if roll < 0.95:
            word = self.random.choice(SEARCH_WORDS)
            return "api-søk", *self.request("GET", f"/api/v1/tilbud?q={quote(word)}&per_side=20")
        return "rapport", *self.request("GET", REPORT_PATH)

    def write(self):
        index = self.number % len(self.setup["runs"])
        run_id, run_pk = self.setup["runs"][index], self.setup["run_pks"][index]
        with self.days[1]:
            self.days[0][index] += 1
            day = date(2000, 1, 1) + timedelta(days=self.days[0][index])
        value = self.random.randint(1, 99)
        body = json.dumps({"oppmote": [{"dato": day.isoformat(), "pasienter": value}]})
        headers = {
            "Content-Type": "application/json",
            "Cookie": f"sessionid={self.setup['session']}; csrftoken={self.csrf}",
            "X-CSRFToken": self.csrf,
        }
        status, seconds = self.request(
            "PUT", f"/api/v1/gjennomforinger/{run_id}/oppmote", body, headers
        )
        with self.outcome.lock:
            self.outcome.writes.append(Write(run_pk, day, value, status))
        return "oppmøte-skriv", status, seconds

    def run_loop(self):
        while time.monotonic() < self.deadline:
            started = time.monotonic()
            kind, status, seconds = self.one()
            with self.outcome.lock:
                self.outcome.results.append(Result(kind, status, seconds, started))


# Attendance dates written so far per run, over all phases: every write has its own date.
DAYS = (defaultdict(int), threading.Lock())


def load(port, setup, clients, seconds, writer_share=0.2):
    """Run `clients` closed-loop clients for `seconds`; returns what they saw."""
    outcome = Outcome()
    deadline = time.monotonic() + seconds
    days = DAYS
    threads = []
    for number in range(clients):
        writer = number < int(clients * writer_share)
        client = Client(number, port, setup, outcome, deadline, writer, days)
        thread = threading.Thread(target=client.run_loop, daemon=True)
        threads.append(thread)
        thread.start()
    return outcome, threads


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def summary(outcome: Outcome, seconds: float) -> dict:
    by_kind = defaultdict(list)
    for result in outcome.results:
        by_kind[result.kind].append(result)
    table = {}
    for kind, results in sorted(by_kind.items()):
        times = [r.seconds for r in results]
        table[kind] = {
            "n": len(results),
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "statuses": dict(Counter(r.status for r in results)),
        }
    all_times = [r.seconds for r in outcome.results]
    return {
        "requests": len(outcome.results),
        "per_second": len(outcome.results) / seconds,
        "p50": statistics.median(all_times) if all_times else float("nan"),
        "p95": percentile(all_times, 0.95),
        "server_errors": sum(1 for r in outcome.results if r.status >= 500),
        "no_answer": sum(1 for r in outcome.results if r.status == 0),
        "kinds": table,
    }


def health(port) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/helse")
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def check_writes(pg: Postgres, writes: list[Write]) -> dict:
    """Every 2xx write present exactly once with its value; every other one absent."""
    rows = pg.query(
        "SELECT run_id, date, COUNT(*), MAX(patients) FROM activity_attendance "
        "WHERE date < '2100-01-01' AND date >= '2000-01-01' GROUP BY run_id, date"
    )
    stored = {(run, day): (count, value) for run, day, count, value in rows}
    ok = [w for w in writes if 200 <= w.status < 300]
    failed = [w for w in writes if not 200 <= w.status < 300]
    missing = [w for w in ok if stored.get((w.run_pk, w.day)) != (1, w.value)]
    # A write whose answer never came (status 0) may or may not have been stored.
    stray = [w for w in failed if w.status != 0 and (w.run_pk, w.day) in stored]
    return {
        "ok": len(ok),
        "failed": dict(Counter(w.status for w in failed)),
        "ok_missing_or_duplicated": len(missing),
        "refused_but_stored": len(stray),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--reference-seconds", type=int, default=15)
    parser.add_argument("--outage", type=int, default=10)
    parser.add_argument("--drill-clients", type=int, default=20)
    parser.add_argument("--scale", default="demo", choices=["mini", "demo", "national"])
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: 2×CPU+1)")
    parser.add_argument("--append", type=Path, help="append the results to this Markdown file")
    args = parser.parse_args()
    args.clients = min(args.clients, 400)
    args.seconds = min(args.seconds, 300)

    folder = Path(tempfile.mkdtemp(prefix="mestring-load-"))
    pg, redis = Postgres(folder), Redis(folder)
    gunicorn = None
    checks: dict[str, bool] = {}
    report: dict = {}
    try:
        pg.start()
        pg.createdb()
        redis.start()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("CACHE_", "PROMETHEUS"))},
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_COOKIES": "false",
            "DATABASE_URL": pg.url,
            "CACHE_URL": redis.url,
            "MESTRING_VAR_DIR": str(folder / "var"),
            "STATIC_ROOT": str(folder / "static"),
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "prometheus"),
            # Every client here comes from 127.0.0.1; real clients do not share one address.
            "API_RATE_PER_MINUTE": "0",
            "LOG_LEVEL": "WARNING",
        }
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        log(f"data: migrate, reference data, demo --scale {args.scale}")
        mestring("migrate", "--no-input", env=env)
        mestring("refdata", "load", env=env)
        mestring("demo", "--scale", args.scale, env=env)
        mestring("collectstatic", "--no-input", env=env)
        writers = max(1, int(args.clients * 0.2))
        made = subprocess.run(
            [sys.executable, "-c", SETUP, str(writers)],
            env={**env, "DJANGO_SETTINGS_MODULE": "mestring.settings"},
            cwd=ROOT,
            check=False,
            capture_output=True,
            text=True,
        )
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
        setup = json.loads(made.stdout)
        port = free_port()
        env["BIND"] = f"127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [str(ROOT / "deploy" / "entrypoint.sh"), str(BIN / "gunicorn")]
            + ["--config", "python:mestring.operations.gunicorn_conf", "mestring.wsgi:application"],
            env={**env, "PATH": f"{BIN}:{env.get('PATH', '')}"},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "gunicorn.log", "w"),  # noqa: SIM115
        )
        for _ in range(600):
            if health(port) == 200:
                break
            time.sleep(0.2)
        workers = env.get("WEB_CONCURRENCY") or str(os.cpu_count() * 2 + 1)
        report["setup"] = {
            "scale": args.scale,
            "offers": len(setup["offers"]),
            "workers": workers,
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg()[0],
        }
        # Warm every worker's caches a little, then the single-client reference.
        load(port, setup, 5, 5)[1][-1].join()
        time.sleep(5)
        log(f"reference: 2 clients (1 writing) for {args.reference_seconds} s")
        outcome, threads = load(port, setup, 2, args.reference_seconds, writer_share=0.5)
        for thread in threads:
            thread.join()
        report["reference"] = summary(outcome, args.reference_seconds)

        log(f"load: {args.clients} clients for {args.seconds} s")
        outcome, threads = load(port, setup, args.clients, args.seconds)
        for thread in threads:
            thread.join()
        report["load"] = summary(outcome, args.seconds)
        report["load_writes"] = check_writes(pg, outcome.writes)
        checks["load: 0 server errors"] = report["load"]["server_errors"] == 0
        checks["load: every request answered"] = report["load"]["no_answer"] == 0
        checks["load: 2xx writes stored exactly once"] = (
            report["load_writes"]["ok_missing_or_duplicated"] == 0
        )

        # PostgreSQL outage under load.
        drill = args.outage * 3
        log(f"database outage: {args.drill_clients} clients, PostgreSQL stopped {args.outage} s")
        outcome, threads = load(port, setup, args.drill_clients, drill)
        time.sleep(args.outage)
        pg.stop()
        stopped = time.monotonic()
        during = []
        while time.monotonic() - stopped < args.outage:
            during.append(health(port))
            time.sleep(0.5)
        pg.start()
        after = []
        for _ in range(40):
            after.append(health(port))
            if after[-1] == 200:
                break
            time.sleep(0.5)
        recovered = time.monotonic() - stopped - args.outage
        for thread in threads:
            thread.join()
        report["pg_outage"] = summary(outcome, drill)
        report["pg_outage_health"] = {
            "during": dict(Counter(during)),
            "after": after[-1],
            "recovered_seconds": round(recovered, 1),
        }
        report["pg_outage_writes"] = check_writes(pg, outcome.writes)
        statuses = Counter(r.status for r in outcome.results)
        checks["db outage: /helse 503 during"] = set(during) == {503}
        checks["db outage: /helse 200 after, same gunicorn"] = (
            after[-1] == 200 and gunicorn.poll() is None
        )
        checks["db outage: 2xx writes stored exactly once"] = (
            report["pg_outage_writes"]["ok_missing_or_duplicated"] == 0
        )
        checks["db outage: refused writes not stored"] = (
            report["pg_outage_writes"]["refused_but_stored"] == 0
        )
        checks["db outage: errors are 503, not 500"] = statuses.get(500, 0) == 0

        # Redis outage under load.
        log(f"cache outage: {args.drill_clients} clients, Redis stopped {args.outage} s")
        outcome, threads = load(port, setup, args.drill_clients, drill)
        time.sleep(args.outage)
        redis.stop()
        time.sleep(args.outage)
        redis.start()
        for thread in threads:
            thread.join()
        report["redis_outage"] = summary(outcome, drill)
        checks["cache outage: 0 server errors"] = report["redis_outage"]["server_errors"] == 0
        checks["cache outage: every request answered"] = report["redis_outage"]["no_answer"] == 0
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(60)
        redis.stop()
        pg.stop()
        log_tail = (
            (folder / "gunicorn.log").read_text()[-3000:]
            if (folder / "gunicorn.log").exists()
            else ""
        )
        shutil.rmtree(folder, ignore_errors=True)

    report["checks"] = checks
    text = markdown(args, report)
    print(text)
    print(json.dumps(report, indent=1, default=str), file=sys.stderr)
    if not all(checks.values()):
        print(log_tail, file=sys.stderr)
    if args.append:
        with args.append.open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    return 0 if checks and all(checks.values()) else 1


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}".replace(",", " ")


def markdown(args, report) -> str:
    setup = report["setup"]
    lines = [
        f"## Load and fault drill (`scripts/bench_load.py`, {time.strftime('%Y-%m-%d')})",
        "",
        f"`.venv/bin/python scripts/bench_load.py --clients {args.clients} --seconds "
        f"{args.seconds} --outage {args.outage} --scale {args.scale}`: gunicorn "
        f"({setup['workers']} sync workers, production settings) + its own PostgreSQL + its "
        f"own Redis on loopback, demo data at scale `{setup['scale']}` ({setup['offers']} "
        f"published offers), {setup['cpus']} CPUs shared with the load generator (load "
        f"average {setup['load_average']:.1f} at the start). Clients are closed loops "
        "without think time: 20 % write attendance through the API, the rest search "
        "(40 %), open offer pages (40 %), search the API (15 %) or open a report (5 %).",
        "",
        "| phase | requests | per s | p50 ms | p95 ms | 5xx | no answer |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, key in [
        ("reference: 2 clients (1 writing)", "reference"),
        (f"load: {args.clients} clients, {args.seconds} s", "load"),
        (f"PostgreSQL stopped {args.outage} s ({args.drill_clients} clients)", "pg_outage"),
        (f"Redis stopped {args.outage} s ({args.drill_clients} clients)", "redis_outage"),
    ]:
        row = report.get(key)
        if row:
            lines.append(
                f"| {name} | {row['requests']} | {row['per_second']:.1f} | {ms(row['p50'])} | "
                f"{ms(row['p95'])} | {row['server_errors']} | {row['no_answer']} |"
            )
    lines += ["", "Per kind under load (p95 ms, beside the 2-client reference):", ""]
    lines += ["| kind | n | p95 ms | reference p95 ms | statuses |", "|---|---|---|---|---|"]
    reference = report.get("reference", {}).get("kinds", {})
    for kind, row in report.get("load", {}).get("kinds", {}).items():
        ref = reference.get(kind)
        lines.append(
            f"| {kind} | {row['n']} | {ms(row['p95'])} | "
            f"{ms(ref['p95']) if ref else '–'} | {row['statuses']} |"
        )
    health_report = report.get("pg_outage_health")
    if health_report:
        lines += [
            "",
            f"Database outage: `/helse` answered {health_report['during']} while PostgreSQL "
            f"was stopped and {health_report['after']} {health_report['recovered_seconds']} s "
            "after it started again, from the same gunicorn. Writes: "
            f"{report['pg_outage_writes']} (under load: {report['load_writes']}).",
        ]
    lines += ["", "Checks:", ""]
    lines += [f"- {'✔' if ok else '✘'} {name}" for name, ok in report["checks"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
