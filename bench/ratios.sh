#!/usr/bin/env bash
# Measures req/s and p99 of course details, course listing and /api/health/live in one run, and prints each
# as a ratio to /api/health/live (the issues' performance goals are stated this way).
# Course details use up to --ids published courses (default 2000) in a skewed mix: the first tenth is asked for
# ten times as often as the rest.
# Usage: bench/ratios.sh BASE_URL [--duration 10s] [--connections 64] [--ids 2000]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export BENCH_DIR="$here"
base="${1:?usage: ratios.sh BASE_URL}"; shift
duration=10s; connections=64; ids=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --ids) ids="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
base="${base%/}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 - "$base" "$ids" > "$work/ids.txt" <<'PY'
import json, sys, urllib.request
base, wanted, cursor, ids = sys.argv[1], int(sys.argv[2]), None, []
while len(ids) < wanted:
    url = base + "/api/courses?limit=100" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(url, timeout=10))
    ids += [item["id"] for item in page["items"]]
    cursor = page.get("next_cursor")
    if not cursor: break
ids = ids[:wanted]
hot = ids[: max(1, len(ids) // 10)]
for course_id in ids + hot * 9: print(course_id)
PY
[ -s "$work/ids.txt" ] || { echo "no published course to read: seed first (bench/seed.py)" >&2; exit 1; }
shuf "$work/ids.txt" | sed 's#^#/api/courses/#' > "$work/detail.txt"
echo "/api/courses?limit=20" > "$work/listing.txt"
echo "/api/health/live" > "$work/live.txt"
# shellcheck source=bench/measure.sh
source "$here/measure.sh"
measure live detail listing live2
live="$(awk -v a="${rps[live]}" -v b="${rps[live2]}" 'BEGIN { print (a + b) / 2 }')"
for name in detail listing; do
  awk -v n="$name" -v r="${rps[$name]}" -v l="$live" -v p="${p99[$name]}" \
    'BEGIN { printf "%s: %.0f req/s, p99 %.2f ms, ratio to live %.2f\n", n, r, p, r / l }'
done
