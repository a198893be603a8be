#!/bin/sh
# Run one scheduled job (`mestring planlagt JOBB`) with the site's settings; used by deploy/cron.
set -eu
MESTRING_HOME="${MESTRING_HOME:-/opt/mestring}"
ENV_FILE="${MESTRING_ENV_FILE:-/etc/mestring/mestring.env}"
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
exec "$MESTRING_HOME/.venv/bin/mestring" planlagt "$@"
