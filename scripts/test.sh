#!/usr/bin/env bash
# Install what is missing (with the browser for the HTML report test), build, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --with-browser
scripts/build.sh
# The full differential (label `differential`, about half an hour) is opt in: see README.
ctest --test-dir build -j2 --output-on-failure --timeout 900 -LE differential
