#!/usr/bin/env bash
# Installs the Debian 12 packages kmc needs, skipping apt entirely when all are present.
# Usage: scripts/install-deps.sh [--with-browser] [--with-fuzzer]
#   --with-browser: chromium, for the HTML report test
#   --with-fuzzer:  clang-16 and its libFuzzer runtime, for scripts/fuzz-targets.sh
set -euo pipefail
packages=(cmake make g++ pkg-config libboost-context-dev libgtest-dev libgmock-dev
          librapidcheck-dev graphviz libgraphviz-dev libcli11-dev nlohmann-json3-dev libfmt-dev
          relacy-dev libopenmpi-dev openmpi-bin libkainjow-mustache-dev
          python3-jsonschema libxml2-utils)
for flag in "$@"; do
  case "$flag" in
    --with-browser) packages+=(chromium) ;;
    --with-fuzzer) packages+=(clang-16 libclang-rt-16-dev) ;;
    *) echo "install-deps.sh: unknown flag '$flag' (--with-browser, --with-fuzzer)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
