#!/bin/sh
# Single machine, one command: SQLite database and job queue under ./var, one web process and
# one job worker. Usage: deploy/run-single.sh [PORT]   (Ctrl-C stops both)
set -eu
PORT="${1:-8000}"
axp init
axp worker --workers 1 &
WORKER=$!
trap 'kill -INT "$WORKER" 2>/dev/null; wait "$WORKER" 2>/dev/null' EXIT INT TERM
axp serve --port "$PORT"
