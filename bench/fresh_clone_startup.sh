#!/usr/bin/env bash
# How long a newcomer waits: from `git clone` of this checkout to the first page, with
# only the README's `make run` (embedded PostgreSQL, filesystem broker, demo data).
# Prints seconds to /healthz 200 and to the first directory page, then stops the portal
# with Ctrl-C as a person would and checks the embedded server stopped with it.
#
# Usage: bench/fresh_clone_startup.sh [--cold] [port]
#   default: the package cache is warm (uv's cache on this machine, as on a second clone);
#   --cold:  empty caches, every package downloaded again (PyPI must be reachable).
# Talks only to 127.0.0.1. Gives up after 300 s.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cache="warm"
if [ "${1:-}" = "--cold" ]; then cache="cold"; shift; fi
port="${1:-8765}"
work="$(mktemp -d)"
git clone --quiet "$here" "$work/coact"
cd "$work/coact"
unset DATABASE_URL REDIS_URL CELERY_BROKER_URL DJANGO_SETTINGS_MODULE
if [ "$cache" = "cold" ]; then
  export UV_CACHE_DIR="$work/uv-cache" PIP_NO_CACHE_DIR=1
fi
start=$(date +%s.%N)
PORT="$port" setsid make run >"$work/run.log" 2>&1 &
pid=$!
cleanup() { kill -KILL -- -"$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

seconds() { python3 -c "print(f'{$1 - $start:.1f}')"; }
wait_for() {  # url
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "make run ended:"; tail -30 "$work/run.log"; exit 1; }
    sleep 0.5
  done
  echo "no answer from $1 within 300 s"; tail -30 "$work/run.log"; exit 1
}

wait_for "http://127.0.0.1:$port/healthz"
healthy=$(date +%s.%N)
wait_for "http://127.0.0.1:$port/fi/organizations/?q=kerho"
first_page=$(date +%s.%N)
for lang in fi sv en; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$lang/")
  [ "$code" = 200 ] || { echo "/$lang/ -> $code"; exit 1; }
done
grep -q "embedded PostgreSQL: started" "$work/run.log" || { echo "not the embedded server"; exit 1; }

# Ctrl-C, as the terminal sends it to the foreground group.
kill -INT -- -"$pid"
for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
stopped="no"
grep -q "embedded PostgreSQL: stopped" "$work/run.log" && stopped="yes"

# A baseline from the same run, for a shared machine: one Django start-up in the clone.
base_start=$(date +%s.%N)
.venv/bin/python manage.py check >/dev/null 2>&1
base_end=$(date +%s.%N)

echo "package cache: $cache"
echo "fresh clone to /healthz 200: $(seconds "$healthy") s"
echo "fresh clone to the first directory page: $(seconds "$first_page") s"
echo "embedded PostgreSQL stopped on Ctrl-C: $stopped"
python3 -c "print(f'baseline, one manage.py check in the clone: {$base_end - $base_start:.1f} s')"
[ "$stopped" = yes ]
