"""Search latency of GET /api/v1/tilbud under gunicorn, at 1 and 16 concurrent clients.

Usage (a database with national demo data, see docs/benchmarks.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python scripts/bench_search.py --requests 600
    MESTRING_VAR_DIR=/tmp/mestring-bench .venv/bin/python scripts/bench_search.py

Starts gunicorn on 127.0.0.1 (2 workers, the machine's cores), warms up, then sends a
bounded number of requests per concurrency level and prints p50/p95 latency and throughput.
Traffic goes only to the loopback address.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

QUERIES = [
    "q=diabetes",
    "q=diabtes",
    "q=sukkersyke",
    "q=kols",
    "q=lungesykdom",
    "q=hjerteinfarkt",
    "q=kreft",
    "q=smerter",
    "q=demens",
    "q=pårørende",
    "q=paaroerende",
    "q=barn som pårørende",
    "q=adhd",
    "q=depresjon",
    "q=angst",
    "q=rus",
    "q=søvn",
    "q=røykeslutt",
    "q=mestring",
    "q=mestringskurs",
    "q=diabetes&kommune=5001",
    "q=pårørende&malgruppe=parorende_barn",
    "q=adhd&gratis=ja",
    "q=søvn&format=digitalt",
    "q=diabetes&sprak=se",
    "malgruppe=parorende_barn&kommune=0301",
    "kommune=1804",
    "q=hjerte&uten_henvisning=ja",
    "q=kreft&aldersgruppe=voksne",
    "q=rus&fagfelt=rus&kommune=4601",
    "q=kurs for pårørende",
    "diagnose=diabetes&kommune=3403",
]


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def run_level(base: str, clients: int, total: int) -> dict:
    urls = [f"{base}/api/v1/tilbud?{urllib.parse.quote(q, safe='=&')}" for q in QUERIES]
    work = [urls[i % len(urls)] for i in range(total)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = sorted(pool.map(fetch, work))
    elapsed = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": total,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "rps": total / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=320)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mestring.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(60):
            try:
                fetch(f"{base}/helse")
                break
            except OSError:
                time.sleep(1)
        for q in QUERIES:  # warm up: caches, vocabulary, connections
            fetch(f"{base}/api/v1/tilbud?{urllib.parse.quote(q, safe='=&')}")
        engine = (
            "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
        )
        for clients in (1, 16):
            result = run_level(base, clients, args.requests)
            print(
                f"{engine}: {result['clients']:>2} clients, {result['requests']} requests: "
                f"p50 {result['p50_ms']:.0f} ms, p95 {result['p95_ms']:.0f} ms, "
                f"{result['rps']:.1f} requests/s"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
