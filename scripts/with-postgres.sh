#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: started here, removed afterwards.
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PORT=${PGPORT_TEST:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
D=$(mktemp -d)
chown postgres: "$D"
chmod 755 "$D"  # the socket lives here: the command, run as another user, must reach it
cleanup() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
runuser -u postgres -- "$PGBIN/initdb" -D "$D" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D" -l "$D/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $D -c fsync=off -c synchronous_commit=off" start >/dev/null
runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE regiodeal"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on $D (socket), 127.0.0.1:$PORT"
# Through the Unix socket, not TCP: each query's round trip is shorter. Measured on the PostgreSQL
# tests of finance and governance (342 tests, one process, two runs each): 79-84 CPU-s against
# 86-91 over 127.0.0.1; some 4 % with an earlier measurement (docs/developers.md). The host is
# the socket's folder, percent-encoded in the URL.
SOCKET=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=''))" "$D")
DATABASE_URL="postgres://postgres@$SOCKET:$PORT/regiodeal" "$@"
