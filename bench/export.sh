#!/usr/bin/env bash
# Export benchmark for issue 5: GET /api/v1/customers/export of every customer as CSV and as XLSX, with the
# wall time, bytes, rows and the server's peak RSS during each export (sampled from /proc every 0.2 s).
# Usage: bench/export.sh [CUSTOMERS] (default 1000000). The store is made as in bench/run.sh and reused.
# Env: KARTOTEKA_BINARY, BENCH_DATA, PORT, SERVE_ARGS (e.g. "--sqlite-mmap-mb 4096"), QUICK=1 (CSV + XLSX only). Results: bench/results/export-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
binary=${KARTOTEKA_BINARY:-build/kartoteka}
data=${BENCH_DATA:-/tmp/kartoteka-bench-$customers}
port=${PORT:-18083}
password=bench-password-123
mkdir -p bench/results
log=bench/results/export-$(date +%Y%m%d-%H%M%S).txt

if [ ! -f "$data/kartoteka.db" ]; then
  echo "== filling $data with $customers demo customers" | tee -a "$log"
  "$binary" demo-data "$customers" --data "$data" | tail -1 | tee -a "$log"
fi
"$binary" migrate --data "$data" | tail -1 | tee -a "$log"

KARTOTEKA_ADMIN_PASSWORD=$password "$binary" serve --data "$data" --listen 127.0.0.1:$port ${SERVE_ARGS:-} \
  >bench/results/export-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
"$binary" user passwd admin --data "$data" --password "$password" >/dev/null || true
cookie=$(curl -fs -i -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  http://127.0.0.1:$port/api/v1/auth/login | grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/')

rss_kb() { awk '/^VmRSS/ {print $2}' /proc/$server/status; }
# Server CPU seconds (user + system) so far: steadier than wall time on a shared machine.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' /proc/$server/stat; }
echo "== $(date -Is) store $data, $customers customers; load: $(uptime | sed 's/.*load average: //')" | tee -a "$log"
echo "server RSS idle after start: $(rss_kb) KB" | tee -a "$log"

export_one() {
  local label=$1 query=$2 out=$3
  local peak=0 sampler
  ( while kill -0 $server 2>/dev/null; do rss_kb; sleep 0.2; done ) >"$out.rss" &
  sampler=$!
  local start end cpu_start cpu_end
  cpu_start=$(cpu_s)
  start=$(date +%s.%N)
  curl -fs -H "Cookie: $cookie" -o "$out" "http://127.0.0.1:$port/api/v1/customers/export?$query"
  end=$(date +%s.%N)
  cpu_end=$(cpu_s)
  kill $sampler 2>/dev/null; wait $sampler 2>/dev/null || true
  peak=$(sort -n "$out.rss" | tail -1)
  local bytes rows
  bytes=$(stat -c %s "$out")
  if [[ $out == *.csv ]]; then rows=$(($(tr -cd '\n' <"$out" | wc -c) - 1)); else rows=$(python3 - "$out" <<'PY'
import sys, zipfile, re
with zipfile.ZipFile(sys.argv[1]) as z:
    n = sum(1 for _ in re.finditer(rb'<row ', z.read('xl/worksheets/sheet1.xml')))
print(n - 1)
PY
); fi
  printf '%s: %.1f s wall, %.1f s server CPU, %s bytes, %s data rows, server peak RSS %s KB (load after: %s)\n' \
    "$label" "$(echo "$end - $start" | bc)" "$(echo "$cpu_end - $cpu_start" | bc)" "$bytes" "$rows" "$peak" \
    "$(uptime | sed 's/.*load average: //')" | tee -a "$log"
  rm -f "$out.rss"
}

tmp=$(mktemp -d)
export_one "CSV default columns (name,ico,city,status,owner,updated), sort=name" "format=csv" "$tmp/all.csv"
export_one "XLSX default columns, sort=name" "format=xlsx" "$tmp/all.xlsx"
if [ -z "${QUICK:-}" ]; then
  export_one "CSV filtered status=active&city=Brno" "format=csv&status=active&city=Brno" "$tmp/brno.csv"
  export_one "CSV 12 columns, sort=-updated" \
    "format=csv&sort=-updated&columns=name,kind,ico,dic,email,phone,street,city,postal_code,status,tags,created" \
    "$tmp/wide.csv"
fi
rm -rf "$tmp"
echo "server RSS at the end: $(rss_kb) KB" | tee -a "$log"
echo "results: $log"
