#!/usr/bin/env bash
# Server benchmark for issue 2: fills a store with demo customers, then measures with wrk
#   GET /api/v1/customers/{id} (session cookie), GET /healthz (framework cost), POST creates (bearer token),
# and the server's RSS. Usage: bench/run.sh [CUSTOMERS] (default 1000000). Results: bench/results/.
# Env: DURATION (15s), CONNECTIONS (64), SERVE_FLAGS (extra `serve` options, e.g. --sqlite-mmap-mb 1024).
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
duration=${DURATION:-15s}
connections=${CONNECTIONS:-64}
binary=${KARTOTEKA_BINARY:-build/kartoteka}
data=${BENCH_DATA:-/tmp/kartoteka-bench-$customers}
port=${PORT:-18080}
password=bench-password-123
mkdir -p bench/results
log=bench/results/run-$(date +%Y%m%d-%H%M%S).txt

if [ ! -f "$data/kartoteka.db" ]; then
  echo "== filling $data with $customers demo customers" | tee -a "$log"
  /usr/bin/time -f "demo-data: %e s wall, %M KB max RSS" "$binary" demo-data "$customers" --data "$data" 2>&1 | tail -3 | tee -a "$log"
fi

KARTOTEKA_ADMIN_PASSWORD=$password "$binary" serve --data "$data" --listen 127.0.0.1:$port ${SERVE_FLAGS:-} \
  >bench/results/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done

# The admin may already exist with another password in a reused store: set it.
"$binary" user passwd admin --data "$data" --password "$password" || true
cookie=$(curl -fs -i -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  http://127.0.0.1:$port/api/v1/auth/login | grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/')
json_field() { python3 -c "import json,sys; print(eval('json.load(sys.stdin)' + sys.argv[1]))" "$1"; }
csrf=$(curl -fs -H "Cookie: $cookie" http://127.0.0.1:$port/api/v1/auth/me | json_field "['csrf_token']")
token=$(curl -fs -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"bench"}' http://127.0.0.1:$port/api/v1/auth/tokens | json_field "['token']")
max_id=$(sqlite3 "file:$data/kartoteka.db?mode=ro" "SELECT max(id) FROM customers")
echo "== store: $customers customers, max id $max_id; wrk -t2 -c$connections -d$duration" | tee -a "$log"

echo "== GET /healthz" | tee -a "$log"
wrk -t2 -c"$connections" -d"$duration" --latency http://127.0.0.1:$port/healthz | tee -a "$log"
echo "== GET /api/v1/customers/{id}" | tee -a "$log"
KT_COOKIE=$cookie KT_MAX_ID=$max_id wrk -t2 -c"$connections" -d"$duration" --latency -s bench/get_customer.lua \
  http://127.0.0.1:$port | tee -a "$log"
echo "== POST /api/v1/customers" | tee -a "$log"
KT_TOKEN=$token wrk -t2 -c"$connections" -d"$duration" --latency -s bench/create_customer.lua \
  http://127.0.0.1:$port | tee -a "$log"
echo "== server memory after the runs: $(grep -E '^(VmRSS|RssAnon|RssFile)' /proc/$server/status | tr -s ' \t' ' ' | tr '\n' ';')" | tee -a "$log"
echo "results in $log"
