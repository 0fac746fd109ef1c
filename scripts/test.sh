#!/usr/bin/env bash
# Install what is missing (with the browser for the HTML report test and clang-16 for the
# fuzzers), then CI's three stages: the Release build and every test; the sanitizer stage
# (scripts/test-san.sh); a minute of each libFuzzer harness (scripts/fuzz-targets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-browser --with-fuzzer
stage_start=$SECONDS
stage_done() { echo "test.sh: $1 took $((SECONDS - stage_start)) s"; stage_start=$SECONDS; }
scripts/build.sh
# The full differential (label `differential`, about half an hour) is opt in: see README.
ctest --test-dir build -j2 --output-on-failure --timeout 900 -LE differential
stage_done "the Release stage"
scripts/test-san.sh
stage_done "the sanitizer stage"
scripts/fuzz-targets.sh 60
stage_done "the libFuzzer stage"
