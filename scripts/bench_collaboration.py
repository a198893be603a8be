"""Time the collaboration pages on national demo data, each beside a reference measured in
the same run.

Usage (a copy of the national demo data, migrated, with the health communities loaded;
see docs/benchmarks.md):
    DATABASE_URL=sqlite:////tmp/copy/mestring.sqlite3 \\
        .venv/bin/python scripts/bench_collaboration.py

Pages are fetched through Django's test client (no network): the whole request, queries,
template and all. The references are the hospital trust page of the same area (an older
page of the same kind) and, for capacity per region, the national activity report for the
same year. Median of --repeat runs. Prints a Markdown table.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from mestring.collaboration import capacity  # noqa: E402
from mestring.statistics.activity import activity  # noqa: E402
from mestring.statistics.filters import ReportFilter  # noqa: E402


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--pages", action="store_true", help="Only the municipality and trust pages."
    )
    args = parser.parse_args()
    setup_test_environment()
    client = Client()

    def page(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    rows = [
        (
            "`/samarbeid/kommune/0301/` (Oslo)",
            page("/samarbeid/kommune/0301/"),
            "trust page OUS",
            page("/samarbeid/993467049/"),
        ),
        (
            "`/samarbeid/kommune/3403/` (Hamar)",
            page("/samarbeid/kommune/3403/"),
            "trust page Innlandet",
            page("/samarbeid/983971709/"),
        ),
        ("`/samarbeid/forlop/`", page("/samarbeid/forlop/"), "`/samarbeid/`", page("/samarbeid/")),
        (
            "`/samarbeid/likeverd/`",
            page("/samarbeid/likeverd/"),
            "`/samarbeid/`",
            page("/samarbeid/"),
        ),
        (
            f"`capacity.per_region({args.year})`",
            lambda: capacity.per_region(args.year),
            f"activity report {args.year} (`inndeling=ar`)",
            lambda: activity(
                ReportFilter(date(args.year, 1, 1), date(args.year, 12, 31)), step="ar"
            ),
        ),
    ]
    if args.pages:
        # The area pages, each beside a page neither version of them changes.
        rows = [
            (name, page(path), "`/samarbeid/forlop/`", page("/samarbeid/forlop/"))
            for name, path in (
                ("`/samarbeid/kommune/0301/` (Oslo)", "/samarbeid/kommune/0301/"),
                ("`/samarbeid/kommune/3403/` (Hamar)", "/samarbeid/kommune/3403/"),
                ("trust page OUS", "/samarbeid/993467049/"),
                ("trust page Innlandet", "/samarbeid/983971709/"),
            )
        ]
    print("| measured | time | reference | time |")
    print("|---|---:|---|---:|")
    for name, action, ref_name, reference in rows:
        action()  # warm-up
        reference()
        measured = median_ms(action, args.repeat)
        ref = median_ms(reference, args.repeat)
        print(f"| {name} | {measured:.0f} ms | {ref_name} | {ref:.0f} ms |")


if __name__ == "__main__":
    main()
