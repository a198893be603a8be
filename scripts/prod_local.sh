#!/usr/bin/env bash
# The production stack as plain processes on this machine, with the container's commands:
# a virtual environment with the package installed (not editable), collectstatic with the
# production storage, PostgreSQL and Redis of its own in a state folder, migrations and
# reference data, gunicorn with production settings (DEBUG=false, a real SECRET_KEY, JSON
# logs, Prometheus multiprocess) and the schedule (`mestring planlagt --timeplan`).
#
#   scripts/prod_local.sh            serve on http://127.0.0.1:${PORT:-8000} until Ctrl-C
#   scripts/prod_local.sh --check    start everything, check /helse, a page, the API and
#                                    /metrics, then stop (exit status 0 when all answered)
#
# DATABASE_URL / CACHE_URL point it at an existing PostgreSQL / Redis instead. DEMO_SCALE
# (mini, demo, national) loads demo data when the database has no offers.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE=${STATE_DIR:-$ROOT/var/prod-local}
PORT=${PORT:-8000}
CHECK=false
[ "${1:-}" = "--check" ] && CHECK=true
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}
VENV=$STATE/venv
mkdir -p "$STATE"
PIDS=()

log() { printf '%s prod_local: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [ -f "$STATE/redis.pid" ]; then kill "$(cat "$STATE/redis.pid")" 2>/dev/null; rm -f "$STATE/redis.pid"; fi
  if [ -f "$STATE/pg/postmaster.pid" ]; then as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null; fi
  log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Build, as the Dockerfile's build stage does.
log "building $VENV"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$ROOT"
PATH="$VENV/bin:$PATH"

# 2. Settings: production, with a secret made once and kept in the state folder.
[ -s "$STATE/secret_key" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(50))' > "$STATE/secret_key"
[ -s "$STATE/metrics_token" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$STATE/metrics_token"
export DEBUG=false SECURE_COOKIES=false LOG_FORMAT=json
export SECRET_KEY; SECRET_KEY=$(cat "$STATE/secret_key")
export METRICS_TOKEN; METRICS_TOKEN=$(cat "$STATE/metrics_token")
export ALLOWED_HOSTS=127.0.0.1,localhost
export MESTRING_VAR_DIR=$STATE/var STATIC_ROOT=$STATE/static
export BACKUP_DIR=$STATE/var/sikkerhetskopier OPEN_DATA_DIR=$STATE/var/apne-data
export PROMETHEUS_MULTIPROC_DIR=$STATE/prometheus
export SITE_URL=http://127.0.0.1:$PORT BIND=127.0.0.1:$PORT

# 3. PostgreSQL of its own (never the machine's cluster), unless DATABASE_URL is given.
if [ -z "${DATABASE_URL:-}" ]; then
  PG_PORT=$(free_port)
  if [ ! -f "$STATE/pg/PG_VERSION" ]; then
    mkdir -p "$STATE/pg"; [ "$(id -u)" = 0 ] && chown postgres "$STATE/pg" "$STATE"
    as_postgres "$PG_BIN/initdb" -D "$STATE/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [ "$(id -u)" = 0 ] && chown postgres "$STATE"
  as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg.log" -w \
    -o "-p $PG_PORT -k $STATE -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
  as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='mestring'" | grep -q 1 \
    || as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres mestring
  export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/mestring
  log "PostgreSQL on port $PG_PORT ($STATE/pg)"
fi

# 4. Redis of its own, unless CACHE_URL is given.
if [ -z "${CACHE_URL:-}" ]; then
  REDIS_PORT=$(free_port)
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$STATE" --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export CACHE_URL=redis://127.0.0.1:$REDIS_PORT/0
  log "Redis on port $REDIS_PORT"
fi

# 5. Static files (as at image build), schema and reference data (as compose's init).
mestring collectstatic --no-input --verbosity 0
mestring migrate --no-input --verbosity 0
mestring refdata load >/dev/null
mestring load_health_communities >/dev/null
if [ -n "${DEMO_SCALE:-}" ]; then mestring demo --scale "$DEMO_SCALE" --if-empty; fi

# 6. The schedule and the site (the container's CMD, through its entrypoint).
mestring planlagt --timeplan >"$STATE/planlagt.log" 2>&1 &
PIDS+=($!)
"$ROOT/deploy/entrypoint.sh" gunicorn --config python:mestring.operations.gunicorn_conf \
  mestring.wsgi:application 2>"$STATE/gunicorn.log" &
GUNICORN=$!
PIDS+=("$GUNICORN")
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/helse" >/dev/null 2>&1 && break
  kill -0 "$GUNICORN" 2>/dev/null || { cat "$STATE/gunicorn.log" >&2; exit 1; }
  sleep 0.2
done
log "serving on http://127.0.0.1:$PORT (logs: $STATE/gunicorn.log, metrics token: $STATE/metrics_token)"

if $CHECK; then
  status=0
  for path in /helse / /tilbud/ "/api/v1/tilbud?per_side=1" /statistikk/ /static/css/mestring.css; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
    log "GET $path -> $code"; [ "$code" = 200 ] || status=1
  done
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")
  log "GET /metrics without token -> $code"; [ "$code" = 403 ] || status=1
  metrics=$(curl -s -H "Authorization: Bearer $METRICS_TOKEN" "http://127.0.0.1:$PORT/metrics")
  if grep -q '^mestring_http_requests_total{' <<<"$metrics"; then log "GET /metrics with token -> counts per route"; else status=1; fi
  head=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/finnes-ikke")
  grep -qi '^x-request-id:' <<<"$head" && log "X-Request-ID present" || status=1
  python3 - "$STATE/gunicorn.log" <<'PY' >&2 || status=1
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
request = [l for l in lines if l["logger"] == "mestring.request"][-1]
print("JSON log line:", request["method"], request["route"], request["status"], request["request_id"])
PY
  mestring planlagt --liste >&2
  exit $status
fi
wait "$GUNICORN"
