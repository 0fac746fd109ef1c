#!/usr/bin/env bash
# Install what is missing (with the browser for the HTML report test), build, run every test: the
# Release stage. KMC_CI_SANITIZERS=1 adds the sanitizer stage (scripts/test-san.sh) and a minute
# of each libFuzzer harness (scripts/fuzz-targets.sh, with clang-16); they are not yet in CI's
# default run because their cold time on 2 cores has not been measured to fit CI's 90 minutes
# (README, "Testing").
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${KMC_CI_SANITIZERS:-0}" == 1 ]]; then
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
if [[ "${KMC_CI_SANITIZERS:-0}" == 1 ]]; then
  scripts/test-san.sh
  stage_done "the sanitizer stage"
  scripts/fuzz-targets.sh 60
  stage_done "the libFuzzer stage"
fi
