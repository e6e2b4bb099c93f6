#!/usr/bin/env bash
# Search benchmark for issue 5: GET /api/v1/customers with search, filters, sorts, a deep cursor and counts under
# wrk load, the same searches as a plain SQL LIKE scan (sqlite3, the baseline the index must beat), and the
# server's RSS. Usage: bench/search.sh [CUSTOMERS] (default 1000000); the store is made as in bench/run.sh and
# reused (a store of an older schema gets migrated, which builds the search index: that time is printed).
# Env: DURATION (5s), CONNECTIONS (16), KARTOTEKA_BINARY, BENCH_DATA, PORT. Results: bench/results/search-*.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-16}
binary=${KARTOTEKA_BINARY:-build/kartoteka}
data=${BENCH_DATA:-/tmp/kartoteka-bench-$customers}
port=${PORT:-18081}
password=bench-password-123
mkdir -p bench/results
log=bench/results/search-$(date +%Y%m%d-%H%M%S).txt

if [ ! -f "$data/kartoteka.db" ]; then
  echo "== filling $data with $customers demo customers" | tee -a "$log"
  /usr/bin/time -f "demo-data: %e s wall, %U s user, %M KB max RSS" "$binary" demo-data "$customers" --data "$data" 2>&1 |
    tail -3 | tee -a "$log"
fi
/usr/bin/time -f "migrate (builds the search index when missing): %e s wall, %U s user, %M KB max RSS" \
  "$binary" migrate --data "$data" 2>&1 | tail -2 | tee -a "$log"

KARTOTEKA_ADMIN_PASSWORD=$password "$binary" serve --data "$data" --listen 127.0.0.1:$port \
  >bench/results/search-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done
"$binary" user passwd admin --data "$data" --password "$password" >/dev/null || true
cookie=$(curl -fs -i -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  http://127.0.0.1:$port/api/v1/auth/login | grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: *([^;]*).*/\1/')
json_field() { python3 -c "import json,sys; print(eval('json.load(sys.stdin)' + sys.argv[1]))" "$1"; }
csrf=$(curl -fs -H "Cookie: $cookie" http://127.0.0.1:$port/api/v1/auth/me | json_field "['csrf_token']")
token=$(curl -fs -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"search-bench"}' http://127.0.0.1:$port/api/v1/auth/tokens | json_field "['token']")
get() { curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }

db="file:$data/kartoteka.db?mode=ro"
# Real values from the store, so the searches hit.
ico=$(sqlite3 "$db" "SELECT ico FROM customers WHERE ico LIKE '0%' AND deleted_at IS NULL LIMIT 1")
phone=$(sqlite3 "$db" "SELECT substr(phone, 8, 5) FROM customers WHERE phone <> '' LIMIT 1 OFFSET 777")
surname=novak
echo "== store: $customers customers; IČO $ico, phone fragment $phone; wrk -t2 -c$connections -d$duration" | tee -a "$log"

# Deep cursor: follow next_cursor 200 pages of 50 (the 10,000th row) in name order.
cursor=""
for _ in $(seq 1 200); do
  cursor=$(get "/api/v1/customers?limit=50${cursor:+&cursor=$cursor}" | json_field "['next_cursor']")
done

run() {
  local label=$1 path=$2
  echo "== $label: GET $path" | tee -a "$log"
  KT_TOKEN=$token KT_PATH=$path wrk -t2 -c"$connections" -d"$duration" --latency -s bench/get_path.lua \
    http://127.0.0.1:$port | grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx' | tr -s ' ' | tr '\n' ';' | tee -a "$log"
  echo | tee -a "$log"
}
run "prefix 1 letter" "/api/v1/customers?q=n&limit=50"
run "prefix 2 letters" "/api/v1/customers?q=no&limit=50"
run "prefix 3 letters" "/api/v1/customers?q=nov&limit=50"
run "common surname" "/api/v1/customers?q=$surname&limit=50"
run "full IČO" "/api/v1/customers?q=$ico&limit=50"
run "phone fragment" "/api/v1/customers?q=$phone&limit=50"
run "two words" "/api/v1/customers?q=nov%20brno&limit=50"
run "list first page (name)" "/api/v1/customers?limit=50"
run "filtered + sorted first page" "/api/v1/customers?status=active&city=Brno&sort=-updated&limit=50"
run "tag filter, sort by city" "/api/v1/customers?tag=vip&sort=city&limit=50"
run "deep cursor (page 201, name)" "/api/v1/customers?limit=50&cursor=$cursor"
run "count, all" "/api/v1/customers?limit=1&count=true"
run "count, search" "/api/v1/customers?q=$surname&limit=1&count=true"
run "count, filter" "/api/v1/customers?status=active&city=Brno&limit=1&count=true"
echo "== server memory: $(grep -E '^(VmRSS|RssAnon|RssFile)' /proc/$server/status | tr -s ' \t' ' ' | tr '\n' ';')" |
  tee -a "$log"

echo "== LIKE scan baseline (sqlite3, one run each, first page of 50 in name order)" | tee -a "$log"
like() {
  local label=$1 where=$2
  local start end
  start=$(date +%s%N)
  sqlite3 "$db" "SELECT id FROM customers WHERE deleted_at IS NULL AND ($where) ORDER BY name_sort_key, id LIMIT 50" >/dev/null
  end=$(date +%s%N)
  echo "$label: $(((end - start) / 1000000)) ms" | tee -a "$log"
}
like "prefix 1 letter" "name_search LIKE '%n%'"
like "prefix 3 letters" "name_search LIKE '%nov%'"
like "common surname" "name_search LIKE '%$surname%'"
like "full IČO" "ico LIKE '%$ico%'"
like "phone fragment" "phone LIKE '%$phone%'"
like "two words" "name_search LIKE '%nov%' AND billing_city_search LIKE '%brno%'"
like "e-mail fragment" "email LIKE '%@seznam%'"
start=$(date +%s%N)
sqlite3 "$db" "SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL AND name_search LIKE '%$surname%'" >/dev/null
end=$(date +%s%N)
echo "count, surname LIKE: $(((end - start) / 1000000)) ms" | tee -a "$log"
echo "results in $log"
