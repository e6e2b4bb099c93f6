#!/usr/bin/env bash
# Runs each reader fuzzer for SECONDS on a copy of its seed corpus (the committed corpus stays unchanged).
#   fuzz/run.sh BUILD_DIR SECONDS [FORMAT...]      (formats: xlsx ods csv xls; default all four)
# Exits non-zero on the first crash, leak or timeout, leaving the reproducer in the printed directory.
set -euo pipefail
build_dir=${1:?build dir}
seconds=${2:-20}
shift 2 || true
formats=${*:-xlsx ods csv xls}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/kt-fuzz.XXXXXX)
for format in $formats; do
  mkdir -p "$work/$format"
  echo "fuzz_$format: ${seconds}s"
  if ! "$build_dir/fuzz/fuzz_$format" "$work/$format" "$here/corpus/$format" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 -max_len=262144 \
      -artifact_prefix="$work/$format-" -print_final_stats=1 >"$work/$format.log" 2>&1; then
    tail -40 "$work/$format.log"
    echo "fuzz_$format FAILED; reproducer and log in $work" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/$format.log" | tail -2 || true
done
rm -rf "$work"
