#!/usr/bin/env bash
# kmc's main job: install what is missing, build, check every shipped scenario against its
# expectation (a summary table), and write the reports (out/index.html, traces, graphs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only the kmc binary (and the libraries it links): the test programs are scripts/test.sh's, and
# building them too made a first run take many times longer.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKMC_WERROR=ON >/dev/null
cmake --build build -j2 --target kmc
build/kmc test scenarios --report out
