#!/usr/bin/env bash
# Starts (or stops) the real services the adapter tests use, on loopback, in DIR.
# Usage: scripts/test-services.sh start DIR | stop DIR
# `start` writes DIR/env: export lines (COURSED_TEST_*) to source before `swift test`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
action="${1:?start or stop}"
dir="${2:?directory}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

# A free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

for fragment in "$here"/test-services.d/*.sh; do
  # shellcheck source=/dev/null
  source "$fragment"
done

services=(postgres redis s3 scaleout)
case "$action" in
  start)
    : > "$dir/env"
    for service in "${services[@]}"; do
      if declare -F "${service}_start" >/dev/null; then
        echo "starting $service" >&2
        "${service}_start" "$dir"
      fi
    done
    ;;
  stop)
    for service in "${services[@]}"; do
      if declare -F "${service}_stop" >/dev/null; then "${service}_stop" "$dir" || true; fi
    done
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
