#!/usr/bin/env bash
# A few seconds of the platform's load test against the embedded default, thresholds applied (CI smoke test),
# then `coursed verify`, promtool on the live /metrics and on the exported alert rules, and a SIGTERM drain.
# Usage: scripts/smoke-load.sh [path/to/coursed]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-.build/debug/coursed}"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
env -u DATABASE_URL -u REDIS_URL ADMIN_EMAIL=smoke@example.com ADMIN_PASSWORD=smoke-password LOG_LEVEL=warning \
  COURSED_CONFIG_DIR=/nonexistent "$binary" serve --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$port/api/health/live" >/dev/null 2>&1 && break; sleep 0.1; done
python3 bench/seed.py --url "http://127.0.0.1:$port" --admin-email smoke@example.com --admin-password smoke-password \
  --users 40 --courses 400
bench/load-test.sh "http://127.0.0.1:$port" --duration 3s --connections "16 64"
"$binary" verify --url "http://127.0.0.1:$port"
if command -v promtool >/dev/null; then
  curl -fsS "http://127.0.0.1:$port/metrics" | promtool check metrics
  rules="$(mktemp --suffix=.yml)"
  "$binary" alerts export --output "$rules" >/dev/null
  promtool check rules "$rules"
  rm -f "$rules"
fi
kill -TERM "$server"
wait "$server"
echo "smoke load test passed; the server drained and exited 0"
