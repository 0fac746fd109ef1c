#!/usr/bin/env bash
# Instructions per scheduling point (issue 16): callgrind counts the instructions of
# `kmc bench steps N` (two threads, N stores each) for two sizes; the difference divided by the
# difference in scheduling points removes start-up and per-execution costs.
# Usage: bench/steps-callgrind.sh [KMC] [EXECUTIONS]   (default build/kmc, 4 executions)
set -euo pipefail
kmc=${1:-build/kmc}
executions=${2:-4}
small=10000
large=20000
command -v valgrind >/dev/null || { echo "steps-callgrind: needs valgrind (apt-get install -y valgrind)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
instructions() {  # total instructions of one run of steps N
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$1" "$kmc" bench steps "$1" \
    --strategy random --seed 1 --executions "$executions" -q >/dev/null 2>"$tmp/log.$1" || true
  grep -m1 '^summary:' "$tmp/cg.$1" | awk '{print $2}'
}
a=$(instructions $small)
b=$(instructions $large)
points=$(( 2 * (large - small) * executions ))
echo "steps $small: $a instructions; steps $large: $b instructions; $executions executions"
awk -v a="$a" -v b="$b" -v p="$points" \
  'BEGIN { printf "%.1f instructions per scheduling point (%d points)\n", (b - a) / p, p }'
