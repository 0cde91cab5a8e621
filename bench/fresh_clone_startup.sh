#!/usr/bin/env bash
# How long `make run` takes on a fresh clone until the portal answers: /healthz and the
# home page in fi, sv and en. Prints seconds; gives up after 300 s (the acceptance bound).
# Usage: bench/fresh_clone_startup.sh [port]   (talks only to 127.0.0.1)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-8765}"
work="$(mktemp -d)"
git clone --quiet "$here" "$work/coact"
cd "$work/coact"
# Cold caches, as on a new machine: every package is downloaded again.
export UV_CACHE_DIR="$work/uv-cache" PIP_NO_CACHE_DIR=1
start=$(date +%s.%N)
PORT="$port" setsid make run >"$work/run.log" 2>&1 &
pid=$!
cleanup() { kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

ok=""
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then ok=1; break; fi
  sleep 0.5
done
[ -n "$ok" ] || { echo "make run did not answer /healthz within 300 s"; tail -20 "$work/run.log"; exit 1; }
ready=$(date +%s.%N)
for lang in fi sv en; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/$lang/")
  echo "/$lang/ -> $code"
  [ "$code" = 200 ] || exit 1
done
python3 -c "print(f'fresh clone to /healthz 200: {$ready - $start:.1f} s')"
