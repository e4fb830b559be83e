#!/usr/bin/env bash
# Serve the peer (django-helpdesk, benchmarks/peer/project) with gunicorn on loopback, in the foreground:
#   benchmarks/peer/serve.sh HOST PORT WORKERS        e.g. benchmarks/peer/serve.sh 127.0.0.1 8100 2
# Sync workers, as many as given (one request at a time each), no access log. Environment:
#   PEER_DATABASE_URL  the database (default postgres://postgres@127.0.0.1:5432/helpdesk_peer)
#   PEER_TIMEOUT       seconds before gunicorn kills a busy worker (default 30, gunicorn's and Sopan's)
#   PEER_ACCESS_LOG    a file (or - for stdout) for gunicorn's access log; unset: none
# The console mail backend writes each mail that a new ticket sends to stdout: redirect it when that is noise.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 HOST PORT WORKERS" >&2
  exit 2
fi
host=$1 port=$2 workers=$3
case $host in
  127.* | localhost | ::1 | "[::1]") ;;
  *) echo "serve.sh serves on loopback only, not on $host" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/.venv/bin/gunicorn" ]; then
  echo "no peer venv: run benchmarks/peer/setup.sh first" >&2
  exit 1
fi
args=(--chdir "$here/project" --bind "$host:$port" --workers "$workers" --worker-class sync
  --timeout "${PEER_TIMEOUT:-30}" --graceful-timeout 5 --no-control-socket)
if [ -n "${PEER_ACCESS_LOG:-}" ]; then
  args+=(--access-logfile "$PEER_ACCESS_LOG")
fi
exec "$here/.venv/bin/gunicorn" peer_site.wsgi:application "${args[@]}"
