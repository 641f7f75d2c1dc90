#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: started here, removed afterwards.
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${PGPORT_TEST:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
D=$(mktemp -d)
chown postgres: "$D"
cleanup() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$D" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -l "$D/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $D -c fsync=off -c synchronous_commit=off" start >/dev/null
runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE regiodeal"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/regiodeal" "$@"
