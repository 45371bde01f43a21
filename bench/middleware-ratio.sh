#!/usr/bin/env bash
# Measures what the middleware costs: req/s and p99 of /api/health/live (edge + monitoring + tracing) against
# /api/health/live/bare (the same handler, registered before any middleware), run live, bare, live again, and
# prints the ratio live/bare (the issue's goal: >= 0.85).
# The bare route exists only when the server runs with COURSED_BENCH_BARE_ROUTE=1 (server.bench_bare_route).
# Usage: bench/middleware-ratio.sh BASE_URL [--duration 10s] [--connections 64]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export BENCH_DIR="$here"
base="${1:?usage: middleware-ratio.sh BASE_URL [--duration 10s] [--connections 64]}"; shift
duration=10s; connections=64
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
base="${base%/}"
python3 - "$base/api/health/live/bare" <<'PY' || exit 1
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1], timeout=10)
except urllib.error.HTTPError as error:
    sys.exit(f"{sys.argv[1]} answered {error.code}: start the server with COURSED_BENCH_BARE_ROUTE=1")
except OSError as error:
    sys.exit(f"{sys.argv[1]}: {error}")
PY
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
echo "/api/health/live" > "$work/live.txt"
echo "/api/health/live/bare" > "$work/bare.txt"
# shellcheck source=bench/measure.sh
source "$here/measure.sh"
measure live bare live2
awk -v l1="${rps[live]}" -v l2="${rps[live2]}" -v b="${rps[bare]}" \
  -v p1="${p99[live]}" -v p2="${p99[live2]}" -v pb="${p99[bare]}" 'BEGIN {
    live = (l1 + l2) / 2
    printf "live (full middleware): %.0f req/s, p99 %.2f ms / %.2f ms\n", live, p1, p2
    printf "bare (no middleware):   %.0f req/s, p99 %.2f ms\n", b, pb
    printf "ratio live/bare: %.2f\n", live / b
  }'
