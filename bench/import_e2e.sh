#!/usr/bin/env bash
# End-to-end import benchmark (issue 6, "Performance"): `kartoteka import` — parse, validate, dedupe against a
# store that already holds 1,000,000 customers, write, index — timed with /usr/bin/time -v, plus LibreOffice's
# own xlsx -> csv conversion of the same file as the parse-speed baseline.
#
#   bench/import_e2e.sh [BUILD_DIR]            (default build/; figures go to docs/benchmarks.md by hand)
#
# Environment:
#   BASE_STORE  a data dir holding ~1,000,000 customers, never written to (default /tmp/kartoteka-bench-1000000;
#               created with `kartoteka demo-data 1000000` when missing — that takes a while)
#   WORK        scratch dir (default /tmp/kartoteka-import-e2e): the generated files and a store copy per run
#   CASES       which runs, default "xlsx-100k csv-100k csv-1m soffice-100k"
#   IMPORT_ARGS extra arguments for `kartoteka import`, e.g. "--batch-rows 10000"
#
# Each import runs on a fresh copy of the base store (migrated once before, so the timed run does not include
# the migrations), with a warm page cache for the store file: the copy has just been written.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
BIN=$(realpath "$BUILD_DIR/kartoteka")
BASE_STORE=${BASE_STORE:-/tmp/kartoteka-bench-1000000}
WORK=${WORK:-/tmp/kartoteka-import-e2e}
CASES=${CASES:-"xlsx-100k csv-100k csv-1m soffice-100k"}
PY=/usr/bin/python3  # Debian's python3 has python3-openpyxl

mkdir -p "$WORK"

if [[ ! -f "$BASE_STORE/kartoteka.db" ]]; then
    echo "== creating $BASE_STORE with 1,000,000 demo customers (slow)" >&2
    "$BIN" demo-data 1000000 --data "$BASE_STORE" >/dev/null
fi

# A migrated copy of the base store, made once; every run copies it again.
if [[ ! -f "$WORK/base/kartoteka.db" ]]; then
    echo "== copying and migrating $BASE_STORE" >&2
    rm -rf "$WORK/base.tmp"
    cp -r "$BASE_STORE" "$WORK/base.tmp"
    /usr/bin/time -f "migrate: %e s, %M KB" "$BIN" migrate --data "$WORK/base.tmp" >&2
    mv "$WORK/base.tmp" "$WORK/base"
fi
STORED=$(sqlite3 "$WORK/base/kartoteka.db" "SELECT count(*) FROM customers WHERE deleted_at IS NULL" 2>/dev/null ||
    sqlite3 "$WORK/base/kartoteka.db" "SELECT count(*) FROM customers")

generate() {  # rows format file
    if [[ ! -f "$WORK/$3" ]]; then
        echo "== generating $3" >&2
        "$PY" bench/gen_import.py --rows "$1" --format "$2" --out "$WORK/$3.tmp"
        mv "$WORK/$3.tmp" "$WORK/$3"
    fi
}

field() {  # "label" time-v-output-file
    grep -F "$1" "$2" | sed 's/.*: //'
}

seconds() {  # h:mm:ss or m:ss.ss -> seconds
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }' <<<"$1"
}

import_case() {  # name file target_seconds
    local name=$1 file=$2 target=$3
    local store="$WORK/run-$name"
    rm -rf "$store"
    cp -r "$WORK/base" "$store"
    sync
    local load
    load=$(uptime | sed 's/.*load average: //')
    echo "== $name: kartoteka import $(basename "$file") into $STORED customers (load $load)" >&2
    /usr/bin/time -v -o "$WORK/$name.time" "$BIN" import "$file" --data "$store" --json ${IMPORT_ARGS:-} >"$WORK/$name.json"
    local wall user sys rss
    wall=$(seconds "$(field "Elapsed (wall clock)" "$WORK/$name.time")")
    user=$(field "User time" "$WORK/$name.time")
    sys=$(field "System time" "$WORK/$name.time")
    rss=$(field "Maximum resident set size" "$WORK/$name.time")
    local summary
    summary=$("$PY" -c 'import json,sys; o=json.load(open(sys.argv[1]));
print("read %d, created %d, updated %d, skipped %d, rejected %d, duplicates %d" % (o["rows_read"], o["created"],
      o["updated"], o["skipped"], len(o["rejected"]), len(o["duplicates"])))' "$WORK/$name.json")
    local verdict=met
    awk -v w="$wall" -v t="$target" 'BEGIN { exit !(w < t) }' || verdict=missed
    local rss_verdict=met
    ((rss < 300 * 1024)) || rss_verdict=missed
    echo "| $name | $(basename "$file") | $summary | ${wall} s | ${user} s | ${sys} s | $((rss / 1024)) MB | < $target s: $verdict; RSS < 300 MB: $rss_verdict | $load |"
    rm -rf "$store"
}

soffice_case() {  # file
    local file=$1 out="$WORK/soffice-out" profile="$WORK/soffice-profile"
    rm -rf "$out"
    mkdir -p "$out"
    local load
    load=$(uptime | sed 's/.*load average: //')
    echo "== soffice --convert-to csv $(basename "$file") (load $load)" >&2
    /usr/bin/time -v -o "$WORK/soffice.time" soffice "-env:UserInstallation=file://$profile" --headless \
        --convert-to csv --outdir "$out" "$file" >/dev/null 2>&1
    local wall user rss lines
    wall=$(seconds "$(field "Elapsed (wall clock)" "$WORK/soffice.time")")
    user=$(field "User time" "$WORK/soffice.time")
    rss=$(field "Maximum resident set size" "$WORK/soffice.time")
    lines=$(wc -l <"$out"/*.csv)
    echo "| soffice-100k | $(basename "$file") | LibreOffice xlsx -> csv only, $lines lines | ${wall} s | ${user} s | - | $((rss / 1024)) MB | baseline | $load |"
}

echo "| case | file | outcome | wall | user | sys | max RSS | target | load (1/5/15 min) |"
echo "|---|---|---|---|---|---|---|---|---|"
for case in $CASES; do
    case $case in
    xlsx-100k) generate 100000 xlsx customers-100k.xlsx && import_case xlsx-100k "$WORK/customers-100k.xlsx" 5 ;;
    csv-100k) generate 100000 csv customers-100k.csv && import_case csv-100k "$WORK/customers-100k.csv" 3 ;;
    csv-1m) generate 1000000 csv customers-1m.csv && import_case csv-1m "$WORK/customers-1m.csv" 40 ;;
    soffice-100k) generate 100000 xlsx customers-100k.xlsx && soffice_case "$WORK/customers-100k.xlsx" ;;
    *) echo "unknown case $case" >&2 && exit 2 ;;
    esac
done
