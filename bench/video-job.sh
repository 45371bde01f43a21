#!/usr/bin/env bash
# Measures one video job on a `coursed worker` (the closing note of issue 16): a 60 s 720p clip (ffmpeg testsrc +
# sine, generated here), uploaded to coursed's own store under STORAGE_DIR, queued in PostgreSQL, processed by one
# worker. Prints the job's wall time as a multiple of real time, the time spent in ffmpeg/ffprobe (wrapped to log
# their runs) versus the rest (coursed: reading the upload, uploading the outputs, database), the CPU seconds of
# the worker and of its tools, and the worker's peak RSS (VmHWM).
#
# Usage: bench/video-job.sh [coursed binary, default .build/release/coursed] [seconds, default 60]
# Needs COURSED_TEST_DATABASE_URL and COURSED_TEST_PG_BIN (source the env file of scripts/test-services.sh start).
set -euo pipefail
binary="${1:-.build/release/coursed}"
seconds="${2:-60}"
admin="${COURSED_TEST_DATABASE_URL:?start the test services and source their env file}"
bin="${COURSED_TEST_PG_BIN:-/usr/lib/postgresql/15/bin}"
work="$(mktemp -d /tmp/coursed-video-bench.XXXXXX)"
worker=""
cleanup() { [[ -n "$worker" ]] && kill "$worker" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

name="coursed_video_bench_$$"
"$bin/psql" --no-psqlrc -q -d "$admin" -c "CREATE DATABASE $name"
url="${admin/\/postgres\?//$name?}"
DATABASE_URL="$url" "$binary" migrate --dir migrations >/dev/null

course="$(cat /proc/sys/kernel/random/uuid)"
asset="$(cat /proc/sys/kernel/random/uuid)"
key="courses/$course/assets/$asset/original"
mkdir -p "$work/store/$(dirname "$key")"
ffmpeg -nostdin -y -loglevel error -f lavfi -i testsrc=size=1280x720:rate=30 -f lavfi -i sine=frequency=440 \
  -t "$seconds" -c:v libx264 -preset veryfast -pix_fmt yuv420p -c:a aac -shortest -f mp4 "$work/store/$key"
size="$(stat -c %s "$work/store/$key")"

# The tools, wrapped: each run's start and end go to a log (the wrapper's own cost is a few ms a run).
for tool in ffmpeg ffprobe; do
  cat >"$work/$tool" <<WRAP
#!/bin/bash
start=\$(date +%s.%N)
/usr/bin/$tool "\$@"
rc=\$?
echo "$tool \$start \$(date +%s.%N)" >>"$work/tools.log"
exit \$rc
WRAP
  chmod +x "$work/$tool"
done

sql() { "$bin/psql" --no-psqlrc -qtA -d "$url" -c "$1"; }
DATABASE_URL="$url" STORAGE_DIR="$work/store" VIDEO_POLL_INTERVAL_MS=100 VIDEO_SCRATCH_DIR="$work" \
  FFMPEG_PATH="$work/ffmpeg" FFPROBE_PATH="$work/ffprobe" COURSED_MIGRATIONS_DIR=migrations \
  "$binary" worker >"$work/worker.log" 2>&1 &
worker=$!
sleep 2  # the worker starts polling; the job's clock starts at its insertion, not here
sql "INSERT INTO courses (id, title) VALUES ('$course', 'Bench')"
sql "INSERT INTO course_assets (id, course_id, kind, filename, content_type, size_bytes, status, storage_key)
     VALUES ('$asset', '$course', 'video', 'bench.mp4', 'video/mp4', $size, 'processing', '$key')"
sql "INSERT INTO video_jobs (id, asset_id, run_after) VALUES (gen_random_uuid(), '$asset', now())"
for _ in $(seq 1 6000); do
  state="$(sql "SELECT state FROM video_jobs")"
  [[ "$state" == succeeded || "$state" == failed ]] && break
  sleep 0.1
done
[[ "$state" == succeeded ]] || { echo "job $state"; cat "$work/worker.log"; exit 1; }
wall="$(sql "SELECT extract(epoch FROM updated_at - created_at) FROM video_jobs")"
hwm_kb="$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")"
read -r utime stime cutime cstime < <(awk '{print $14, $15, $16, $17}' "/proc/$worker/stat")
ticks="$(getconf CLK_TCK)"
tools="$(awk '{s += $3 - $2} END {printf "%.2f", s}' "$work/tools.log")"
runs="$(wc -l <"$work/tools.log")"
kill -TERM "$worker"; wait "$worker" || true; worker=""
awk -v wall="$wall" -v seconds="$seconds" -v tools="$tools" -v runs="$runs" -v hwm="$hwm_kb" \
  -v u="$utime" -v s="$stime" -v cu="$cutime" -v cs="$cstime" -v t="$ticks" -v size="$size" 'BEGIN {
  printf "RESULT video_job clip=%ss_720p upload_bytes=%d wall_s=%.2f x_realtime=%.2f tools_s=%.2f (%d runs) tools_share=%.0f%% coursed_s=%.2f coursed_share=%.0f%% worker_cpu_s=%.2f tools_cpu_s=%.2f worker_peak_rss_mib=%.1f\n",
    seconds, size, wall, wall / seconds, tools, runs, 100 * tools / wall, wall - tools, 100 * (wall - tools) / wall,
    (u + s) / t, (cu + cs) / t, hwm / 1024 }'
"$bin/psql" --no-psqlrc -q -d "$admin" -c "DROP DATABASE $name" >/dev/null
