"""Time the national reports on the configured database, beside DuckDB as a lower bound.

Usage (a database with national demo data, see docs/benchmarks.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python scripts/bench_reports.py
    MESTRING_VAR_DIR=/tmp/mestring-bench .venv/bin/python scripts/bench_reports.py

For each report (kartlegging, aktivitet, dekning, brukermedvirkning) over one year of
national data it times the whole report as the API builds it (queries, aggregation and
suppression; best of --repeat runs after one warm-up). The same tables, with the stored
totals per run (`activity_runtotals`) in place of sessions and attendance, are then
copied into an in-memory DuckDB database (not timed), where the same aggregations run as
plain SQL: what an analytical column store needs for the same answer. Prints a Markdown
table and the machine's load average at the start and the end. Run `mestring statistikk
kontroller` first: the totals and the report rows must be exact. On PostgreSQL, after
filling the report rows by migration, `VACUUM ANALYZE activity_reportrun` (or wait for
autovacuum) so that the year is read by an index-only scan.
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestring.settings")

import django  # noqa: E402

django.setup()

import duckdb  # noqa: E402
from django.db import connection  # noqa: E402

from mestring.statistics.filters import ReportFilter  # noqa: E402
from mestring.statistics.service import build_report  # noqa: E402

TABLES = {
    "run": "SELECT id, offer_id, start, time_of_day, venue, format, municipality_id, "
    "with_municipal_staff, status FROM catalogue_run",
    "offer": "SELECT id, main_theme, main_target_group, age_group, session_count, "
    "user_representative, requires_referral, registered_as_activity, users_in_planning, "
    "users_in_delivery, users_in_evaluation, level, responsible_id, status, sami_adapted "
    "FROM catalogue_offer",
    "offercode": "SELECT offer_id, field, code FROM catalogue_offercode",
    "organisation": "SELECT id, type, region_id, parent_id, municipality_id, external_id "
    "FROM catalogue_organisation",
    "place_trust": "SELECT number AS municipality, health_trust_id AS trust "
    "FROM refdata_municipality WHERE health_trust_id IS NOT NULL "
    "UNION SELECT municipality_id, health_trust_id FROM refdata_district",
    "totals": "SELECT run_id, sessions, attendance_records, records_with_user_representatives, "
    "patients, relatives, child_relatives, other_participants, user_representatives, "
    "professionals FROM activity_runtotals",
    "municipality": "SELECT number, region_id, county_id, population, valid_to FROM refdata_municipality",
}

COUNTED = """
    counted AS (
        SELECT r.*, o.main_theme, o.responsible_id
        FROM run r JOIN offer o ON o.id = r.offer_id
        WHERE r.start BETWEEN DATE '{fra}' AND DATE '{til}'
          AND o.status IN ('publisert', 'arkivert') AND r.status <> 'avlyst'),
    org AS (
        SELECT g.id, g.type, coalesce(g.region_id, p.region_id, m.region_id) AS region,
               g.municipality_id
        FROM organisation g LEFT JOIN organisation p ON p.id = g.parent_id
        LEFT JOIN municipality m ON m.number = g.municipality_id)
"""

KARTLEGGING = [
    # runs per offer, joined with what the offer-level tables need
    """WITH {counted}
    SELECT o.main_theme, o.main_target_group, o.age_group, o.user_representative,
           o.requires_referral, o.registered_as_activity, org.region, count(*)
    FROM counted c JOIN offer o ON o.id = c.offer_id JOIN org ON org.id = o.responsible_id
    GROUP BY ALL""",
    # Tabell 4: mentions, one per run and folded row
    """WITH {counted}
    SELECT row, count(*) FROM (
        SELECT DISTINCT c.id, CASE WHEN oc.code IN ('rus','demens','psykose','depresjon',
            'angst','asperger','tourette','adhd') THEN oc.code ELSE 'annet' END AS row
        FROM counted c JOIN offercode oc ON oc.offer_id = c.offer_id
        WHERE oc.field = 'diagnoser' AND c.main_theme = 'spesifikk_diagnose')
    GROUP BY row""",
    # Tabell 7, 8, time of day and municipal staff: run-level answers with session counts
    """WITH {counted}
    SELECT CASE WHEN n >= 16 THEN '16+' WHEN n >= 11 THEN '11-15' WHEN n >= 6 THEN '6-10'
                WHEN n >= 2 THEN '2-5' WHEN n = 1 THEN '1' END AS band,
           time_of_day, venue, with_municipal_staff, count(*)
    FROM (SELECT c.*, coalesce(nullif(t.sessions, 0), o.session_count) AS n FROM counted c
          JOIN offer o ON o.id = c.offer_id LEFT JOIN totals t ON t.run_id = c.id)
    GROUP BY ALL""",
    # Standard metode per LMS
    """WITH {counted}
    SELECT c.responsible_id,
           count(*) FILTER (WHERE o.users_in_planning IS NOT NULL AND o.users_in_delivery IS NOT NULL
                            AND o.users_in_evaluation IS NOT NULL),
           count(*) FILTER (WHERE o.users_in_planning AND o.users_in_delivery AND o.users_in_evaluation)
    FROM counted c JOIN offer o ON o.id = c.offer_id JOIN organisation g ON g.id = c.responsible_id
    WHERE g.type = 'lms' GROUP BY ALL""",
]

ACTIVITY = [
    """WITH {counted}
    SELECT date_trunc('month', c.start), coalesce(c.municipality_id, org.municipality_id),
           c.responsible_id, count(*), sum(t.sessions), sum(t.patients), sum(t.relatives),
           sum(t.child_relatives), sum(t.other_participants), sum(t.user_representatives),
           sum(t.professionals)
    FROM counted c JOIN org ON org.id = c.responsible_id LEFT JOIN totals t ON t.run_id = c.id
    GROUP BY ALL""",
]

PARTICIPATION = [
    """WITH {counted}
    SELECT c.offer_id, year(c.start), count(*),
           count(*) FILTER (WHERE t.attendance_records > 0),
           count(*) FILTER (WHERE t.records_with_user_representatives > 0),
           sum(t.user_representatives)
    FROM counted c LEFT JOIN totals t ON t.run_id = c.id GROUP BY ALL""",
    """SELECT o.id, o.users_in_planning, o.users_in_delivery, o.users_in_evaluation,
           o.user_representative, o.responsible_id, org.region
    FROM offer o JOIN (SELECT g.id, coalesce(g.region_id, p.region_id, m.region_id) AS region
                       FROM organisation g LEFT JOIN organisation p ON p.id = g.parent_id
                       LEFT JOIN municipality m ON m.number = g.municipality_id) org
      ON org.id = o.responsible_id""",
]

COVERAGE = [
    # Local and regional offers per municipality (a trust's regional offers reach its
    # catchment area, other providers' their county), then digital and national apart.
    """WITH {counted},
    reach AS (
        SELECT g.id, CASE WHEN g.external_id LIKE 'hf-%' THEN substr(g.external_id, 4)
                          WHEN p.external_id LIKE 'hf-%' THEN substr(p.external_id, 4) END
                     AS trust, m.county_id AS county
        FROM organisation g LEFT JOIN organisation p ON p.id = g.parent_id
        LEFT JOIN municipality m ON m.number = g.municipality_id),
    regional AS (
        SELECT DISTINCT c.offer_id, r.trust, r.county FROM counted c
        JOIN offer o ON o.id = c.offer_id JOIN reach r ON r.id = o.responsible_id
        WHERE o.level = 'regional'),
    places AS (SELECT number, county_id FROM municipality WHERE valid_to IS NULL),
    available AS (
        SELECT DISTINCT c.municipality_id AS number, c.offer_id FROM counted c
        WHERE c.municipality_id IS NOT NULL
        UNION
        SELECT p.number, f.offer_id FROM places p JOIN regional f
          ON f.trust IS NULL AND f.county = p.county_id
        UNION
        SELECT t.municipality, f.offer_id FROM place_trust t JOIN regional f
          ON f.trust = CAST(t.trust AS VARCHAR))
    SELECT number, count(*) FROM available GROUP BY number""",
    """WITH {counted}
    SELECT count(DISTINCT c.offer_id) FILTER (WHERE c.format IN
               ('digitalt_direkte', 'digitalt_selvstudium', 'hybrid')),
           count(DISTINCT c.offer_id) FILTER (WHERE o.level = 'nasjonal')
    FROM counted c JOIN offer o ON o.id = c.offer_id""",
]

REPORTS = {
    "kartlegging": KARTLEGGING,
    "aktivitet": ACTIVITY,
    "dekning": COVERAGE,
    "brukermedvirkning": PARTICIPATION,
}


CPU: dict[str, float] = {}


def best(fn, repeat: int, name: str = "") -> float:
    """The best wall time of `repeat` runs after a warm-up; the CPU time this process
    spent in that run is kept in CPU[name] (on SQLite that is all the work, whatever the
    machine's load)."""
    fn()
    times = []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    wall, cpu = min(times)
    if name:
        CPU[name] = cpu
    return wall


def copy_to_duckdb(folder: Path) -> duckdb.DuckDBPyConnection:
    duck = duckdb.connect()
    for name, query in TABLES.items():
        path = folder / f"{name}.csv"
        with connection.cursor() as cursor, path.open("w", newline="") as stream:
            cursor.execute(query)
            columns = [c[0] for c in cursor.description]
            writer = csv.writer(stream)
            writer.writerow(columns)
            while rows := cursor.fetchmany(50_000):
                writer.writerows(["" if v is None else v for v in row] for row in rows)
        duck.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = true, "  # noqa: S608
            "nullstr = '', all_varchar = false, auto_type_candidates = "
            "['BOOLEAN', 'BIGINT', 'DATE', 'VARCHAR'])"
        )
        path.unlink()
    return duck


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fra", default="2025-01-01")
    parser.add_argument("--til", default="2025-12-31")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report_filter = ReportFilter(fra=date.fromisoformat(args.fra), til=date.fromisoformat(args.til))
    engine = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM activity_runtotals")
        totals_rows = cursor.fetchone()[0]
    print(f"{engine}: {totals_rows} runs with totals, period {args.fra} – {args.til}", flush=True)
    print("load average at start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    ours = {
        name: best(lambda name=name: build_report(name, report_filter), args.repeat, name)
        for name in REPORTS
    }
    with tempfile.TemporaryDirectory() as folder:
        duck = copy_to_duckdb(Path(folder))
    sql_counted = COUNTED.format(fra=args.fra, til=args.til)
    duck_times = {
        name: best(
            lambda queries=queries: [
                duck.execute(q.format(counted=sql_counted)).fetchall() for q in queries
            ],
            args.repeat,
        )
        for name, queries in REPORTS.items()
    }
    print("load average at end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print()
    print(f"| report | {engine} | DuckDB | ratio | CPU of this process |")
    print("|---|---:|---:|---:|---:|")
    for name in REPORTS:
        ratio = ours[name] / duck_times[name] if duck_times[name] else float("nan")
        print(
            f"| {name} | {ours[name]:.2f} s | {duck_times[name]:.2f} s | {ratio:.1f}× "
            f"| {CPU[name]:.2f} s |"
        )


if __name__ == "__main__":
    main()
