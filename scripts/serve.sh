#!/usr/bin/env bash
# Quick start: installs what is missing, builds coursed, and serves the API on the embedded default
# (in-memory stores, no AI provider) at http://127.0.0.1:8080 unless DATABASE_URL / REDIS_URL are set.
# Extra arguments go to `coursed serve` (e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build -c release --product coursed
exec .build/release/coursed serve "$@"
