#!/usr/bin/env bash
# Measures the built-in Pusher server's three goals (SPEC §16) on a release binary: RSS with N idle sockets, and
# one channel of 1,000 subscribers (latency of single events, deliveries/s of a burst). Loopback only; run it under
# the shared benchmark lock:  flock /tmp/coursed-bench.lock bench/realtime-measure.sh [binary] [idle|fanout|all]
# Prints one JSON line per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/release/coursed}"
what="${2:-all}"
python="${COURSED_VENV:-${HOME:-/root}/.cache/coursed-venv}/bin/python"
port=$((20000 + RANDOM % 20000))
secret="bench-realtime-secret-0123456789abcdef"
ulimit -n 20000
PUSHER_APP_ID=4004 PUSHER_KEY=bench PUSHER_SECRET="$secret" REALTIME_MAX_CONNECTIONS=12000 LOG_LEVEL=warning \
  "$binary" serve --port "$port" >/tmp/coursed-realtime-bench.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/api/health/live" >/dev/null 2>&1 && break
  sleep 0.1
done
if [ "$what" = all ] || [ "$what" = idle ]; then
  "$python" bench/realtime-load.py idle --port "$port" --key bench --sockets 10000 --pid "$server"
fi
if [ "$what" = all ] || [ "$what" = fanout ]; then
  "$python" bench/realtime-load.py fanout --port "$port" --key bench --app-id 4004 --secret "$secret" \
    --sockets 1000 --processes "${PROCESSES:-2}" --events 50 --burst 2000
fi
