#!/usr/bin/env bash
# The test command: installs what is missing, starts Postgres, Redis and an S3 server on loopback in a
# temporary directory, runs the whole suite (unit and real-service tests), and stops the services.
# Extra arguments go to `swift test` (e.g. --filter HTTPAPITests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

services_dir="$(mktemp -d /tmp/coursed-test-services.XXXXXX)"
chmod 755 "$services_dir"
cleanup() { scripts/test-services.sh stop "$services_dir" >/dev/null 2>&1 || true; rm -rf "$services_dir"; }
trap cleanup EXIT
scripts/test-services.sh start "$services_dir"
# shellcheck source=/dev/null
source "$services_dir/env"

swift build --build-tests
# One test at a time: the suite starts real processes (coursed, ffmpeg, Python clients, six Redis nodes, three
# PostgreSQL servers), and run all at once on two cores they starved each other's timers past their bounds
# (a 100 ms health timeout seen at 12 s, a 5-job in-memory queue not done in 30 s). Serially: 813 tests in 3.6 min.
# The output is kept so that, when something fails, its failing tests and their recorded issues are printed
# again at the very end (CI shows only the tail of a long log).
log="$services_dir/swift-test.log"
status=0
swift test --skip-build --no-parallel "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo "== failures (repeated from above)"
  grep -E '✘|recorded an issue|error:|Fatal error|fatal error' "$log" | grep -v 'known issue' | head -60 || true
fi
exit "$status"
