#!/usr/bin/env bash
# CI's sanitizer stage: builds kmc and the engine, model, scenario, report and CLI tests with
# AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer) in build-san/, runs them, then
# `kmc test scenarios` under the same runtime options. Any sanitizer report fails the stage.
# Usage: scripts/test-san.sh
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
# -O1 -g: sanitized code at -O0 runs several times slower; -O1 keeps the stacks readable.
# No MPI (its launcher is not sanitized) and no Relacy peer (a benchmark): neither is run here.
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DKMC_SANITIZE=ON -DKMC_RELACY=OFF -DKMC_MPI=OFF >/dev/null
# kmc_sanitizer_stage: kmc and the tests of the labels in build-san/sanitizer_labels.txt (engine,
# models, scenario, reports, CLI; see tests/CMakeLists.txt). The differential, verify and
# fuzz-loop labels stay out: long explorations that the Release stage runs.
cmake --build build-san -j2 --target kmc_sanitizer_stage
ctest --test-dir build-san -j2 --output-on-failure --timeout 900 \
  -L "$(cat build-san/sanitizer_labels.txt)"
# The same runtime options as ctest's (tests/sanitizers.env), for the scenarios run directly.
while IFS= read -r line; do
  if [[ "$line" =~ ^[A-Z_]+= ]]; then export "${line//@KMC_SOURCE_DIR@/$src}"; fi
done < tests/sanitizers.env
build-san/kmc test scenarios -q --jobs 2
