#!/usr/bin/env bash
# Configures and builds kmc in build/ (Release, warnings as errors); extra args go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DKMC_WERROR=ON "$@" >/dev/null
cmake --build build -j2
