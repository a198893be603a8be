#!/usr/bin/env bash
# Generate the national-scale demo data on SQLite and on PostgreSQL; print time, memory, size.
# Usage: bash scripts/bench_demo.sh   (PostgreSQL at $BENCH_PG, default 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
DIR="${BENCH_DIR:-/tmp/mestring-bench}"
mkdir -p "$DIR"

echo "== SQLite"
rm -f "$DIR"/mestring.sqlite3*
MESTRING_VAR_DIR="$DIR" .venv/bin/mestring migrate -v0
MESTRING_VAR_DIR="$DIR" /usr/bin/time -f "wall %e s, peak memory %M KB" \
  .venv/bin/mestring demo --scale national --today 2026-11-22
ls -l "$DIR/mestring.sqlite3" | awk '{printf "SQLite file: %.0f MB\n", $5/1048576}'

echo "== PostgreSQL"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS bench_national" -c "CREATE DATABASE bench_national"
DATABASE_URL="$PG/bench_national" .venv/bin/mestring migrate -v0
DATABASE_URL="$PG/bench_national" /usr/bin/time -f "wall %e s, peak memory %M KB" \
  .venv/bin/mestring demo --scale national --today 2026-11-22
psql "$PG/bench_national" -Atc "SELECT 'PostgreSQL database: ' || pg_size_pretty(pg_database_size('bench_national'))"
