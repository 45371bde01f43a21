# Sourced by the ratio scripts. `measure NAME...` runs wrk on "$work/<NAME without a trailing 2>.txt" (paths used
# round-robin by single.lua) for each NAME in turn, prints its RESULT line, and records rps[NAME] and p99[NAME].
# Needs: here (this folder), work, base, connections, duration; declares the arrays rps and p99.
declare -A rps p99
measure() {
  local name file result
  for name in "$@"; do
    file="$work/${name%2}.txt"
    result="$(PATH_FILE="$file" wrk -t2 -c"$connections" -d"$duration" -s "$here/single.lua" "$base" | grep '^RESULT')"
    echo "$name $result"
    rps[$name]="$(sed -E 's/.*rps=([0-9.]+).*/\1/' <<<"$result")"
    p99[$name]="$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$result")"
  done
}
