#!/usr/bin/env bash
# Uploads and downloads one large file through the documents API with curl and reports MB/s both ways and
# the server's memory growth (VmHWM/VmRSS from /proc). Usage: bench/documents.sh [SIZE_MB] (default 1024).
# Needs a built ./build/kartoteka (or KARTOTEKA=path). Everything lives in a temp dir removed at the end.
set -euo pipefail
SIZE_MB=${1:-1024}
BIN=${KARTOTEKA:-$(dirname "$0")/../build/kartoteka}
PORT=${PORT:-18491}
WORK=$(mktemp -d /tmp/kt-docbench.XXXXXX)
PASSWORD=bench-Heslo-2026
cleanup() { [[ -n "${SERVER_PID:-}" ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

KARTOTEKA_ADMIN_PASSWORD=$PASSWORD "$BIN" serve --data "$WORK/data" --listen 127.0.0.1:$PORT \
  --password-cost minimal --max-upload-mb $((SIZE_MB + 16)) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do grep -q "listening on" "$WORK/server.log" && break; sleep 0.2; done
B=http://127.0.0.1:$PORT
CSRF=$(curl -sf -c "$WORK/cj" -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" $B/api/v1/auth/login | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
CUSTOMER=$(curl -sf -b "$WORK/cj" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d '{"name":"Benchmark s.r.o."}' $B/api/v1/customers | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom >"$WORK/file.bin"

rss() { grep -E "^$1:" /proc/$SERVER_PID/status | awk '{print $2}'; }
RSS_BEFORE=$(rss VmRSS)
UP=$(curl -sf -o "$WORK/up.json" -w '%{time_total} %{speed_upload}' -b "$WORK/cj" -H "X-CSRF-Token: $CSRF" \
  -F "file=@$WORK/file.bin;filename=bench.bin" $B/api/v1/customers/$CUSTOMER/documents)
DOC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/up.json")
HWM_UP=$(rss VmHWM)
DOWN=$(curl -sf -o "$WORK/down.bin" -w '%{time_total} %{speed_download}' -b "$WORK/cj" $B/api/v1/documents/$DOC/content)
HWM_DOWN=$(rss VmHWM)
cmp -s "$WORK/file.bin" "$WORK/down.bin" && SAME=yes || SAME=NO
read -r UP_S UP_BPS <<<"$UP"
read -r DOWN_S DOWN_BPS <<<"$DOWN"
awk -v size="$SIZE_MB" -v us="$UP_S" -v ub="$UP_BPS" -v ds="$DOWN_S" -v db="$DOWN_BPS" -v r0="$RSS_BEFORE" \
    -v h1="$HWM_UP" -v h2="$HWM_DOWN" -v same="$SAME" 'BEGIN {
  printf "file: %d MiB, byte-identical after the round trip: %s\n", size, same
  printf "upload:   %.1f s, %.0f MB/s (includes the fsync before the blob is renamed into place)\n", us, ub / 1e6
  printf "download: %.1f s, %.0f MB/s\n", ds, db / 1e6
  printf "server RSS before: %.1f MB; peak (VmHWM) after upload: %.1f MB, after download: %.1f MB; growth: %.1f MB\n",
         r0 / 1024, h1 / 1024, h2 / 1024, (h2 - r0) / 1024
}'
printf "load average: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
