#!/usr/bin/env bash
# Issue 17's cached-read numbers in one run of one release binary (defaults: Redis cache, first level on):
#   - anonymous cached GET /api/courses/{id} (200), the same with a matching If-None-Match (304), and signed in;
#   - that the request metric counted every answer, by status (the event-loop fast path's too): `counted_200` and
#     `counted_304` next to wrk's `requests`;
#   - the server's RSS after the load.
# Two rounds in alternating order, wrk with 64 connections, 10 s each after a 3 s warm-up, 2,000 hot ids.
#
#   bench/cached-reads.sh [COURSED_BINARY]     (default .build/release/coursed)
#
# Uses ../shared/bench's services.sh (throwaway PostgreSQL + Redis) and seed.py (20,000 courses).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
binary="${1:-$root/.build/release/coursed}"
[ -x "$binary" ] || { echo "no coursed binary at $binary (swift build -c release)" >&2; exit 2; }
work=$(mktemp -d /tmp/cached-reads.XXXX)
bench="$work/bench"; mkdir -p "$bench"; cp -r "$root/../shared/bench/." "$bench"; chmod -R u+w "$bench"
services=$("$bench/services.sh" start 2>/dev/null) || { echo "services did not start" >&2; exit 1; }
cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null
    sleep 1
    "$bench/services.sh" stop "$services" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
# shellcheck disable=SC1091
source "$services/env.sh"
DATABASE_URL="$COURSED_DATABASE_URL" "$binary" migrate >/dev/null 2>&1 || { echo "migrate failed" >&2; exit 1; }
python3 "$bench/seed.py" --database-url "$COURSED_DATABASE_URL" >/dev/null || { echo "seed failed" >&2; exit 1; }
ids="$bench/data/published_ids.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL="$COURSED_DATABASE_URL" REDIS_URL="$COURSED_REDIS_URL" JWT_SECRET=cached-reads-bench-secret-0123456789 \
    ADMIN_EMAIL=bench@example.com ADMIN_PASSWORD='a long bench password' LOG_LEVEL=warning \
    "$binary" serve --host 127.0.0.1 --port "$port" >"$work/coursed.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/api/health/ready" >/dev/null && break; sleep 0.2; done
token=$(curl -fs -X POST "$base/api/auth/login" -H 'content-type: application/json' \
    -d '{"email":"bench@example.com","password":"a long bench password"}' \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["token"])') || { echo "login failed" >&2; exit 1; }

# Every hot id with its tag, read once (which also fills the caches).
: >"$work/items.txt"
while read -r id; do
    tag=$(curl -fsS -D - -o /dev/null "$base/api/courses/$id" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
    echo "$id $tag" >>"$work/items.txt"
done <"$ids"
cat >"$work/reads.lua" <<'LUA'
local items, counter = {}, 0
local conditional = os.getenv("CONDITIONAL") == "1"
local token = os.getenv("TOKEN")
function init(args)
  for line in io.lines(os.getenv("ITEMS")) do
    local id, tag = line:match("^(%S+) (%S+)")
    if id then items[#items + 1] = {id, tag} end
  end
end
function request()
  counter = counter + 1
  local item = items[(counter % #items) + 1]
  local headers = {}
  if conditional then headers["If-None-Match"] = item[2] end
  if token and #token > 0 then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("GET", "/api/courses/" .. item[1], headers)
end
local statuses = {}
function response(status) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency)
  io.write(string.format("requests=%d rps=%.0f p99_ms=%.2f errors=%d bad_status=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
LUA
metric() { curl -fs "$base/metrics" | awk -v name="$1" 'index($0, name) == 1 { sum += $NF } END { printf "%d", sum }'; }
run() { # name conditional token
    CONDITIONAL=$2 TOKEN=$3 ITEMS="$work/items.txt" wrk -t2 -c64 -d3s -s "$work/reads.lua" "$base" >/dev/null
    local series='http_server_requests_total{http_request_method="GET",http_route="/api/courses/{id}",http_response_status_code='
    local ok_before not_modified_before
    ok_before=$(metric "$series\"200\"")
    not_modified_before=$(metric "$series\"304\"")
    local result; result=$(CONDITIONAL=$2 TOKEN=$3 ITEMS="$work/items.txt" wrk -t2 -c64 -d10s -s "$work/reads.lua" "$base" | tail -1)
    echo "$1: $result counted_200=$(( $(metric "$series\"200\"") - ok_before ))" \
        "counted_304=$(( $(metric "$series\"304\"") - not_modified_before )) load1=$(cut -d' ' -f1 /proc/loadavg)"
}
for round in 1 2; do
    order=("200 0 -" "304 1 -" "signed-in 0 $token")
    [ "$round" = 2 ] && order=("signed-in 0 $token" "304 1 -" "200 0 -")
    for item in "${order[@]}"; do
        read -r name conditional who <<<"$item"
        [ "$who" = "-" ] && who=""
        echo "round $round $(run "$name" "$conditional" "$who")"
    done
done
echo "rss_mib $(( $(ps -o rss= -p "$server") / 1024 ))"
