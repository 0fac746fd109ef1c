#!/usr/bin/env bash
# kmc's main job: install what is missing, build, check every shipped scenario against its
# expectation (a summary table), and write the reports (out/index.html, traces, graphs).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
build/kmc test scenarios --report out
