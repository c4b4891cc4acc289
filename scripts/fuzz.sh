#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang into build-fuzz/ and
# runs each for SECONDS (default 45) over a copy of its corpus in
# tests/fuzz/corpus/<target>, so that runs do not grow the repository's
# corpus. Prints each target's executions; exits non-zero on any crash, leak,
# sanitizer report or timeout, leaving the input in build-fuzz/findings/.
#   bash scripts/fuzz.sh [SECONDS]      e.g. bash scripts/fuzz.sh 600
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-45}
dir=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTRATA_FUZZ=ON >/dev/null
cmake --build "$dir" -j "$(nproc)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
findings=$dir/findings
mkdir -p "$findings"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=()
for corpus in tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  cp -r "$corpus" "$work/$target"
  dict=()
  [ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
  log=$work/$target.log
  # An input that takes over 10 s counts as a hang (parsers must be linear).
  if "$dir/tests/fuzz/${target}_fuzz" "$work/$target" "${dict[@]}" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/$target-" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz: $target: $runs executions in ${seconds}s, no findings"
  else
    tail -n 40 "$log" >&2
    echo "fuzz: $target: FAILED (input in $findings/)" >&2
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
