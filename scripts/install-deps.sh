#!/usr/bin/env bash
# Installs the Debian packages coursed builds, runs and tests with (skips apt when all are present).
# Usage: scripts/install-deps.sh [--force]
set -euo pipefail

packages=(
  libpq-dev libhiredis-dev libcurl4-openssl-dev   # the C libraries of the adapters
  postgresql redis-server openssl                  # real services for the adapter tests, pg_dump/pg_restore
  prometheus                                       # promtool, to check /metrics and the exported rules
  wrk curl ca-certificates python3-pip python3-venv # load test, smoke checks, the S3 test server (moto)
  ffmpeg                                           # video processing (ffmpeg, ffprobe), and its tests' clips
)

missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

if [ "${1:-}" = "--force" ] || [ "${#missing[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]:-${packages[*]}}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null
fi

# The S3-compatible test server, from PyPI, in a venv of its own.
venv="${COURSED_VENV:-${HOME:-/root}/.cache/coursed-venv}"
if [ ! -x "$venv/bin/moto_server" ]; then
  echo "installing moto[server] into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]'
fi

# The real-time tests' clients: Pusher's Python server SDK and the pysher WebSocket client.
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pusher, pysher, websocket, websockets' 2>/dev/null; then
  echo "installing pusher, pysher and websocket-client into $venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q pusher pysher websocket-client websockets
fi

command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6.2 or later" >&2; exit 1; }
