#!/bin/sh
# Start of every Mestring process (container or systemd): a clean folder for the Prometheus
# multiprocess files, the migrations when asked (MIGRATE_ON_START=true), then the command.
set -eu
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  rm -rf "$PROMETHEUS_MULTIPROC_DIR"
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
case "${MIGRATE_ON_START:-false}" in
  1|true|yes) mestring migrate --no-input ;;
esac
exec "$@"
