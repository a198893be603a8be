"""Search latency and throughput of GET /api/v1/tilbud (or the results page, `--path /tilbud/`)
under gunicorn, beside a static file.

Usage (a database with national demo data, see docs/benchmarks.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python scripts/bench_search.py
    MESTRING_VAR_DIR=/tmp/mestring-bench .venv/bin/python scripts/bench_search.py

Starts gunicorn (2 sync workers, production settings) on a socket the OS hands out on
127.0.0.1, then measures, in one run:
1. one client asking `--distinct` different questions once each (no result cache can help):
   p50 and p95 latency;
2. 16 clients for `--seconds` seconds each, cycling the same questions: requests/s (as
   people repeat questions; the answers kept in the shared cache serve the repeats);
3. 16 clients fetching a static file from the same server for as long: requests/s, the
   reference the search rate is stated against;
4. 16 clients for as long, each question asked for the first time: requests/s of the
   search itself, with nothing kept to help.
Traffic goes only to the loopback address; every loop is bounded in count and time.
"""

import argparse
import itertools
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPICS = [
    "diabetes",
    "diabtes",
    "sukkersyke",
    "diabetes type 1",
    "kols",
    "lungesykdom",
    "astma",
    "hjerteinfarkt",
    "hjertesvikt",
    "kreft",
    "brystkreft",
    "smerter",
    "demens",
    "pårørende",
    "paaroerende",
    "adhd",
    "depresjon",
    "angst",
    "rus",
    "søvn",
    "røykeslutt",
    "mestring",
    "mestringskurs",
    "overvekt",
    "epilepsi",
    "autisme",
    "psykose",
    "spiseforstyrrelser",
    "hjerneslag",
    "revmatisme",
]
MODIFIERS = [
    "",
    "barn",
    "foreldre",
    "mamma",
    "pappa",
    "ungdom",
    "eldre",
    "søsken",
    "samisk",
    "arabisk",
    "engelsk",
    "digitalt",
    "nett",
    "Tromsø",
    "Bergen",
    "Kautokeino",
    "Guovdageaidnu",
    "gratis",
    "kurs",
]
FILTERS = [
    "",
    "&kommune=5001",
    "&kommune=0301",
    "&kommune=1804",
    "&kommune=4601",
    "&malgruppe=parorende_barn",
    "&gratis=ja",
    "&format=digitalt",
    "&uten_henvisning=ja",
    "&aldersgruppe=voksne",
    "&sortering=snarest",
]


def questions(count: int, seed: int = 2026) -> list[str]:
    """`count` different query strings, the same in every run."""
    combos = list(itertools.product(TOPICS, MODIFIERS, FILTERS))
    random.Random(seed).shuffle(combos)
    found: list[str] = []
    for topic, modifier, extra in combos:
        text = f"{topic} {modifier}".strip()
        query = "q=" + urllib.parse.quote(text) + extra
        if query not in found:
            found.append(query)
        if len(found) == count:
            break
    return found


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
    return time.perf_counter() - started


def latencies(urls: list[str]) -> dict:
    times = sorted(fetch(url) for url in urls)
    return {
        "requests": len(times),
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[max(int(len(times) * 0.95) - 1, 0)] * 1000,
    }


def throughput(urls: list[str], clients: int, seconds: float) -> float:
    """Requests per second of `clients` threads cycling `urls` for `seconds`."""
    deadline = time.perf_counter() + seconds
    done = [0] * clients
    errors: list[Exception] = []

    def client(number: int) -> None:
        for index in itertools.count(number):
            if time.perf_counter() >= deadline:
                return
            try:
                fetch(urls[index % len(urls)])
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
                return
            done[number] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, first: {errors[0]!r}")
    return sum(done) / (time.perf_counter() - started)


def redis_answers(url: str) -> bool:
    """True when a Redis server answers at `url` (the shared cache of production)."""
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def fresh_throughput(urls: list[str], clients: int, seconds: float) -> float:
    """Requests per second of `clients` threads each asking questions nobody asked before."""
    deadline = time.perf_counter() + seconds
    pending = iter(urls)
    lock = threading.Lock()
    done = [0] * clients

    def client(number: int) -> None:
        while time.perf_counter() < deadline:
            with lock:
                url = next(pending, None)
            if url is None:
                return
            fetch(url)
            done[number] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return sum(done) / (time.perf_counter() - started)


def start_server(static_root: str, cache_url: str) -> tuple[subprocess.Popen, str]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        # Every client here is 127.0.0.1: the per-address API limit would measure itself.
        "API_RATE_PER_MINUTE": "1000000",
        # The shared cache as in production; a prefix of its own, so that nothing kept by
        # an earlier run can answer a question of this one.
        "CACHE_URL": cache_url,
        "CACHE_KEY_PREFIX": f"bench-{os.getpid()}-{time.time_ns()}",
    }
    subprocess.run(
        [sys.executable, "-m", "mestring.cli", "collectstatic", "--no-input", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mestring.wsgi",
            "-w",
            "2",
            "-b",
            f"fd://{listener.fileno()}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        pass_fds=[listener.fileno()],
    )
    listener.close()
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            fetch(f"{base}/helse")
            return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--distinct", type=int, default=320)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--path",
        default="/api/v1/tilbud",
        help="what is asked: the API (default) or the results page, /tilbud/",
    )
    parser.add_argument(
        "--cache-url",
        default="redis://127.0.0.1:6379/0",
        help="the shared cache (Redis) as in production; empty: each worker's own memory",
    )
    args = parser.parse_args()
    cache_url = args.cache_url if args.cache_url and redis_answers(args.cache_url) else ""
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    asked = questions(args.distinct * 2 + 3000)
    warm, measured = asked[args.distinct : args.distinct * 2], asked[: args.distinct]
    unasked = asked[args.distinct * 2 :]
    with tempfile.TemporaryDirectory() as static_root:
        server, base = start_server(static_root, cache_url)
        try:
            static = f"{base}/static/css/mestring.css"
            fetch(static)
            for query in warm[:40]:  # connections, vocabulary, place names; other questions
                fetch(f"{base}{args.path}?{query}")
            one = latencies([f"{base}{args.path}?{q}" for q in measured])
            search_urls = [f"{base}{args.path}?{q}" for q in measured]
            search_rate = throughput(search_urls, args.clients, args.seconds)
            static_rate = throughput([static], args.clients, args.seconds)
            fresh_rate = fresh_throughput(
                [f"{base}{args.path}?{q}" for q in unasked], args.clients, args.seconds
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"{engine}: {args.path}, cache {'Redis' if cache_url else 'per worker, in memory'}")
    print(
        f"{engine}: 1 client, {one['requests']} different questions: "
        f"p50 {one['p50_ms']:.1f} ms, p95 {one['p95_ms']:.1f} ms"
    )
    print(
        f"{engine}: {args.clients} clients, {args.seconds:.0f} s: search {search_rate:.0f} "
        f"requests/s, static file {static_rate:.0f} requests/s "
        f"({search_rate / static_rate:.0%} of the static rate)"
    )
    print(
        f"{engine}: {args.clients} clients, {args.seconds:.0f} s, every question new: "
        f"{fresh_rate:.0f} requests/s ({fresh_rate / static_rate:.1%} of the static rate)"
    )


if __name__ == "__main__":
    main()
