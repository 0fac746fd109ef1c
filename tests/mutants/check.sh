#!/usr/bin/env bash
# Keeps the mutants of scripts/mutation.sh from rotting (ctest `mutants`, no build needed): every
# tests/mutants/<model>/NN-name.patch has a one-line "# " header before its first `diff --git`,
# touches only model/, applies cleanly to the current tree (git apply --check), and each of fd,
# sem and kq has at least 15 of them.
# Usage: tests/mutants/check.sh [SOURCE_DIR]   (default: the checkout this script is in)
set -euo pipefail
root="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$root"
git rev-parse --git-dir >/dev/null 2>&1 || {
  echo "check.sh: $root is not a git checkout" >&2
  exit 2
}
fail=0
for model in fd sem kq; do
  shopt -s nullglob
  patches=(tests/mutants/"$model"/*.patch)
  shopt -u nullglob
  if ((${#patches[@]} < 15)); then
    echo "FAIL $model: ${#patches[@]} mutants, at least 15 are needed" >&2
    fail=1
  fi
  for p in "${patches[@]}"; do
    if [[ ! "$(basename "$p")" =~ ^[0-9][0-9]-[a-z0-9-]+\.patch$ ]]; then
      echo "FAIL $p: the name must be NN-short-name.patch" >&2
      fail=1
    fi
    first="$(head -n 1 "$p")"
    second="$(sed -n 2p "$p")"
    if [[ ! "$first" =~ ^#\ .{20,} || "$second" != "diff --git "* ]]; then
      echo "FAIL $p: line 1 must be a '# ' header (what bug, which seed line), line 2 'diff --git'" >&2
      fail=1
    fi
    if grep -E '^(\+\+\+|---) ' "$p" | grep -vqE '^(\+\+\+|---) (a|b)/model/'; then
      echo "FAIL $p: a mutant may only change files under model/" >&2
      fail=1
    fi
    if ! err="$(git apply --check "$p" 2>&1)"; then
      echo "FAIL $p: does not apply to the current tree: $err" >&2
      fail=1
    fi
  done
  echo "$model: ${#patches[@]} mutants checked"
done
exit "$fail"
