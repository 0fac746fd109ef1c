#!/usr/bin/env bash
# Install what is missing (with the browser for the HTML report test and clang-16 for the
# libFuzzer harnesses), build, run every test, in three stages: Release, the sanitizers
# (scripts/test-san.sh) and a minute of each libFuzzer harness (scripts/fuzz-targets.sh).
# KMC_CI_SANITIZERS=1 runs all three; the default (0) runs the Release stage alone, and so does CI
# until the two other stages have been timed cold end to end (README "Testing").
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=${KMC_CI_SANITIZERS:-0}
if [[ "$sanitizers" != 0 && "$sanitizers" != 1 ]]; then
  echo "test.sh: KMC_CI_SANITIZERS must be 0 or 1, not '$sanitizers'" >&2
  exit 2
fi
if [[ "$sanitizers" == 1 ]]; then
  scripts/install-deps.sh --with-browser --with-fuzzer
else
  scripts/install-deps.sh --with-browser
fi
stage_start=$SECONDS
stage_done() { echo "test.sh: $1 took $((SECONDS - stage_start)) s"; stage_start=$SECONDS; }
scripts/build.sh
# The full differential (label `differential`, about half an hour) is opt in: see README.
ctest --test-dir build -j2 --output-on-failure --timeout 900 -LE differential
stage_done "the Release stage"
if [[ "$sanitizers" == 1 ]]; then
  scripts/test-san.sh
  stage_done "the sanitizer stage"
  scripts/fuzz-targets.sh 60
  stage_done "the libFuzzer stage"
fi
