#!/usr/bin/env bash
# CI's libFuzzer stage: builds the two harnesses of tests/fuzz_targets/ (scenario parser, replay
# token decoder) with clang-16 -fsanitize=fuzzer,address,undefined in build-fuzz/, seeds them with
# the shipped scenarios and the replay tokens of reports/FINDINGS.md, and fuzzes each for SECONDS.
# Usage: scripts/fuzz-targets.sh [SECONDS]   (default 60; a crash fails with its input saved in
# build-fuzz/artifacts/, to rerun as build-fuzz/tests/fuzz_targets/kmc_fuzz_NAME FILE)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "fuzz-targets.sh: SECONDS must be a positive whole number, not '$seconds'" >&2
  exit 2
fi
# Debian 12's clang 14 cannot compile kmc's headers; clang-16 can (libFuzzer: libclang-rt-16-dev).
cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DKMC_FUZZ_TARGETS=ON -DKMC_TESTS=OFF -DKMC_RELACY=OFF \
  -DKMC_MPI=OFF >/dev/null
cmake --build build-fuzz -j2 --target kmc_fuzz_scenario_parser kmc_fuzz_replay_token

# Seeds, made afresh each run: every shipped scenario, and each replay token FINDINGS.md quotes.
seeds=build-fuzz/seeds
rm -rf "$seeds" build-fuzz/corpus build-fuzz/artifacts
mkdir -p "$seeds/scenario_parser" "$seeds/replay_token" build-fuzz/artifacts
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/scenario_parser/$(echo "$f" | tr '/' '_')"
done < <(find scenarios -name '*.scn' -print0)
n=0
for token in $(grep -oE 'K1\.[A-Za-z0-9_-]+\.[0-9a-f]{8}' reports/FINDINGS.md | sort -u); do
  n=$((n + 1))
  printf '%s' "$token" > "$seeds/replay_token/token$n"
done
echo "fuzz-targets: $(ls "$seeds/scenario_parser" | wc -l) scenario seeds, $n token seeds"

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for name in scenario_parser replay_token; do
  mkdir -p "build-fuzz/corpus/$name"  # new inputs go here; the seeds stay as they are
  echo "fuzz-targets: $name for ${seconds} s"
  log="build-fuzz/$name.log"
  status=0
  "build-fuzz/tests/fuzz_targets/kmc_fuzz_$name" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$name-" \
    "build-fuzz/corpus/$name" "$seeds/$name" > "$log" 2>&1 || status=$?
  if ((status != 0)); then
    tail -n 60 "$log" >&2
    echo "fuzz-targets: $name failed (exit $status); its input is in build-fuzz/artifacts/" >&2
    exit 1
  fi
  grep -E '^#[0-9]+ +(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log"
done
