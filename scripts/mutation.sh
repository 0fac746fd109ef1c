#!/usr/bin/env bash
# Mutation score of `kmc test` and `kmc verify`: applies each mutant under tests/mutants/<model>/,
# rebuilds kmc (only that target, incrementally), runs both tools against it and restores the tree.
#
# Usage: scripts/mutation.sh [--model fd|sem|kq] [--only NAME] [--out FILE] [--bound B]
#                            [--time-limit S] [--test-time-limit S] [--no-test] [--no-verify]
#                            [--full-verify] [--baseline-json FILE]
#   --model M          only the mutants of model M (default: fd, sem and kq)
#   --only NAME[,NAME] only the mutants whose file name (without .patch) contains one of the NAMEs
#   --out FILE         write the markdown table there too (default: $KMC_BUILD/mutation/mutation.md)
#   --bound B          the bound of `kmc verify` (default: default; e.g. 2x1 for a quicker kq run)
#   --time-limit S     `kmc verify --time-limit S` (default 600); scenarios not started by then
#                      are unfinished, and the run is killed outright S+300 seconds after it began
#   --test-time-limit S  `kmc test` is killed after S seconds (default 600): not killed, "timeout"
#   --no-test, --no-verify  leave one tool out
#   --full-verify      explore every scenario of each mutant; by default a mutant's verify runs with
#                      `--baseline <the unmutated JSON> --fail-fast` and stops at the first scenario
#                      that differs (the kill is decided there; the rest are unfinished). Survivors
#                      run every scenario either way.
#   --baseline-json FILE  the unmutated verify baseline (a `kmc verify --json` of this model, bound
#                      and config space) instead of computing it: for kq, whose default bound takes
#                      minutes, from a run on an idle machine (say in the report where it came from)
# Environment: KMC_BUILD (the build directory, default build; configured already), KMC_BUILD_JOBS
# (make jobs, default 2), KMC_VERIFY_JOBS and KMC_TEST_JOBS (--jobs of verify and test; default:
# kmc's own).
#
# A mutant is
#   killed by test    when `kmc test scenarios/<model>` exits non-zero with a mismatched (or failed)
#                     scenario that matched on the unmutated tree;
#   killed by verify  when `kmc verify --model <model>` reports a signature the unmutated baseline
#                     did not report, or a violation in a scenario the baseline proved. Signatures
#                     are compared with model-file line numbers masked (fget.cpp:33 -> fget.cpp:*),
#                     because a patch shifts them; seed lines (R/U/K<n>) are compared as they are;
#                     only scenarios the baseline finished count (a time limit may cut either run).
#                     Exit 3 (engine error) and `contract`-only outcomes are shown, not counted.
# The baselines (test mismatches, verify JSON) are taken once per run, before the mutants, with
# the same bound and limits. The script refuses to start on a dirty model/ tree; every applied
# patch is reverted (git apply -R) on exit, failure or Ctrl-C; kmc is rebuilt unmutated at the end.
set -euo pipefail

die() {
  echo "mutation.sh: $*" >&2
  exit 2
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

models=(fd sem kq)
only=""
out=""
bound="default"
time_limit=600
test_limit=600
run_test=1
run_verify=1
full_verify=0
given_base=""
while (($# > 0)); do
  case "$1" in
  --model)
    [[ $# -ge 2 ]] || die "--model needs a value"
    case "$2" in fd | sem | kq) models=("$2") ;; *) die "unknown model '$2' (fd, sem or kq)" ;; esac
    shift 2
    ;;
  --only)
    [[ $# -ge 2 ]] || die "--only needs a value"
    only="$2"
    shift 2
    ;;
  --out)
    [[ $# -ge 2 ]] || die "--out needs a value"
    out="$2"
    shift 2
    ;;
  --bound)
    [[ $# -ge 2 ]] || die "--bound needs a value"
    bound="$2"
    shift 2
    ;;
  --time-limit)
    [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--time-limit needs whole seconds"
    time_limit="$2"
    shift 2
    ;;
  --test-time-limit)
    [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || die "--test-time-limit needs whole seconds"
    test_limit="$2"
    shift 2
    ;;
  --no-test)
    run_test=0
    shift
    ;;
  --no-verify)
    run_verify=0
    shift
    ;;
  --full-verify)
    full_verify=1
    shift
    ;;
  --baseline-json)
    [[ $# -ge 2 && -f "$2" ]] || die "--baseline-json needs an existing file"
    given_base="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
    shift 2
    ;;
  -h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument '$1' (see --help)" ;;
  esac
done

build="${KMC_BUILD:-build}"
build_jobs="${KMC_BUILD_JOBS:-2}"
kmc="$build/kmc"
work="$build/mutation"
command -v python3 >/dev/null || die "python3 is needed to compare the verify JSON"
command -v timeout >/dev/null || die "timeout (coreutils) is needed"
[[ -f "$build/CMakeCache.txt" ]] || die "$build is not a configured build directory (set KMC_BUILD)"
git rev-parse --git-dir >/dev/null 2>&1 || die "$root is not a git checkout"
if [[ -n "$(git status --porcelain -- model/)" ]]; then
  git status --short -- model/ >&2
  die "model/ has uncommitted changes: commit or stash them first (the mutants are applied there)"
fi
mkdir -p "$work"
[[ -n "$out" ]] || out="$work/mutation.md"

applied=""
revert() {
  if [[ -n "$applied" ]]; then
    if git apply -R "$applied"; then
      echo "mutation.sh: reverted $applied" >&2
    else
      echo "mutation.sh: could not revert $applied: restore model/ by hand (git checkout -- model/)" >&2
    fi
    applied=""
  fi
}
on_exit() {
  local rc=$?
  revert
  exit "$rc"
}
on_signal() {
  echo "mutation.sh: interrupted; $kmc may still be a mutated build (rerun, or rebuild kmc)" >&2
  revert
  exit 130
}
trap on_exit EXIT
trap on_signal INT TERM HUP

build_kmc() { cmake --build "$build" --target kmc -j "$build_jobs" >"$1" 2>&1; }

# kmc test: prints "rc|failed scenarios" (model/name of each one that did not match), and keeps
# the JSON next to the log.
run_test_tool() {
  local model="$1" log="$2" rc=0
  rm -f "$log.json"
  local args=(test -q --json "$log.json")
  if [[ -n "${KMC_TEST_JOBS:-}" ]]; then args+=(--jobs "$KMC_TEST_JOBS"); fi
  timeout --foreground "$test_limit" "$kmc" "${args[@]}" "scenarios/$model" >"$log" 2>&1 || rc=$?
  local failed=""
  if [[ -s "$log.json" ]]; then
    failed="$(python3 - "$log.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(f"{s['model']}/{s['scenario']}" for s in d.get("results", [])
                      if not s.get("matched") or s.get("status") != "ok")))
PY
)"
  fi
  echo "$rc|$failed"
}

# What one failed scenario of a kmc test JSON expected and got.
test_detail() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for s in d.get("results", []):
    if f"{s['model']}/{s['scenario']}" == sys.argv[2]:
        kinds = sorted({v["kind"] for v in s.get("violations", [])})
        got = s.get("verdict", "?") + (" " + " ".join(kinds) if kinds else "")
        print(f"expected `{s.get('expectation')}`, got `{got}` ({s.get('status')})")
PY
}

# Runs kmc verify; extra arguments (after the three) go to kmc.
run_verify_tool() {
  local model="$1" json="$2" log="$3" rc=0
  shift 3
  local args=(verify --model "$model" --bound "$bound" --time-limit "$time_limit" -q --json "$json" "$@")
  if [[ -n "${KMC_VERIFY_JOBS:-}" ]]; then args+=(--jobs "$KMC_VERIFY_JOBS"); fi
  rm -f "$json"
  timeout --foreground $((time_limit + 300)) "$kmc" "${args[@]}" >"$log" 2>&1 || rc=$?
  echo "$rc"
}

# Compares a mutant's verify JSON with the baseline's: prints "killed|detail" or "survived|detail".
compare_verify() {
  python3 - "$1" "$2" <<'PY'
import json, re, sys
def norm(sig):
    return re.sub(r'([A-Za-z0-9_]+\.(?:cpp|hpp)):\d+', r'\1:*', sig)
try:
    base = json.load(open(sys.argv[1]))
    mut = json.load(open(sys.argv[2]))
except (OSError, ValueError) as e:
    print(f"none|no verify JSON ({e.__class__.__name__})")
    sys.exit(0)
base_sigs = {norm(f["signature"]) for f in base.get("findings", [])}
key = lambda c: (c["setup"], c["config"], json.dumps(c["threads"]))
base_status = {key(c): c["status"] for c in base.get("cases", [])}
# A signature counts as new only where the baseline finished the same case: when --time-limit cut
# either run, the two may have explored different scenarios.
finished = {k for k, st in base_status.items() if st in ("proved", "violation", "contract")}
seen_in_finished = {sig for c in mut.get("cases", []) if key(c) in finished
                    for sig in c.get("signatures", [])}
new = [f for f in mut.get("findings", [])
       if norm(f["signature"]) not in base_sigs and f["signature"] in seen_in_finished]
flipped = [c for c in mut.get("cases", [])
           if c["status"] == "violation" and base_status.get(key(c)) == "proved"]
s = mut.get("summary", {})
tail = (f"proved {s.get('proved')}, violation {s.get('violation')}, contract {s.get('contract')}, "
        f"unfinished {s.get('unfinished')}, error {s.get('error')}")
def case_str(c):
    return f"#{c['id']} {c['setup']}: " + " | ".join("; ".join(t) for t in c["threads"])
if new or flipped:
    parts = []
    if new:
        f = min(new, key=lambda f: f.get("smallest_case", 0))
        more = f" (+{len(new) - 1} more)" if len(new) > 1 else ""
        parts.append(f"new `{f['signature']}`{more}, smallest case #{f.get('smallest_case')}")
    if flipped:
        c = flipped[0]
        sigs = ", ".join(f"`{x}`" for x in c.get("signatures", [])[:2])
        parts.append(f"{len(flipped)} proved case(s) now violate, e.g. {case_str(c)}: {sigs}")
    print("killed|" + "; ".join(parts) + f" [{tail}]")
else:
    contract = sum(1 for c in mut.get("cases", [])
                   if c["status"] == "contract" and base_status.get(key(c)) == "proved")
    extra = f"; {contract} proved case(s) now contract-only" if contract else ""
    print(f"survived|no new signature, no proved case broken{extra} [{tail}]")
PY
}

md_escape() { printf '%s' "${1//|/\\|}"; }

echo "mutation.sh: building $kmc (unmutated)" >&2
build_kmc "$work/build-base.log" || die "the unmutated build failed: see $work/build-base.log"

{
  echo "# Mutation run $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Commit $(git rev-parse --short HEAD); verify bound \`$bound\`, \`--time-limit $time_limit\`$( ((full_verify)) && echo ", every scenario" || echo ", \`--fail-fast\` against the baseline")";
  echo "test limit ${test_limit} s; build dir \`$build\`."
} >"$out"

declare -A n_mut n_test n_verify n_either n_built
for model in "${models[@]}"; do
  shopt -s nullglob
  patches=(tests/mutants/"$model"/*.patch)
  shopt -u nullglob
  sel=()
  for p in "${patches[@]}"; do
    name="$(basename "$p" .patch)"
    keep=0
    if [[ -z "$only" ]]; then keep=1; fi
    IFS=',' read -r -a wanted <<<"$only"
    for w in "${wanted[@]}"; do
      if [[ -n "$w" && "$name" == *"$w"* ]]; then keep=1; fi
    done
    if ((keep)); then sel+=("$p"); fi
  done
  ((${#sel[@]} > 0)) || continue
  n_mut[$model]=${#sel[@]}
  n_test[$model]=0
  n_verify[$model]=0
  n_either[$model]=0
  n_built[$model]=0

  echo "mutation.sh: $model: baseline" >&2
  base_failed=""
  if ((run_test)); then
    r="$(run_test_tool "$model" "$work/$model-base-test.log")"
    base_failed="${r#*|}"
    if [[ -n "$base_failed" ]]; then
      echo "mutation.sh: warning: $model baseline already fails: $base_failed" >&2
    fi
  fi
  base_json="$work/$model-base-verify.json"
  if ((run_verify)) && [[ -n "$given_base" ]]; then
    cp "$given_base" "$base_json"
    rc="given ($given_base)"
    base_summary="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(", ".join(f"{k} {v}" for k,v in s.items()))' "$base_json")"
  elif ((run_verify)); then
    rc="$(run_verify_tool "$model" "$base_json" "$work/$model-base-verify.log")"
    [[ -s "$base_json" ]] || die "$model: the baseline verify wrote no JSON (exit $rc): see $work/$model-base-verify.log"
    base_summary="$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(", ".join(f"{k} {v}" for k,v in s.items()))' "$base_json")"
    echo "mutation.sh: $model baseline verify: exit $rc; $base_summary" >&2
  fi

  {
    echo
    echo "## $model"
    echo
    if ((run_test)); then echo "Baseline \`kmc test scenarios/$model\`: ${base_failed:-every scenario matches}."; fi
    if ((run_verify)); then echo "Baseline \`kmc verify --model $model --bound $bound\`: exit $rc; $base_summary."; fi
    echo
    echo "| mutant | plants | test | verify | killed by (test / verify) | time |"
    echo "|---|---|---|---|---|---|"
  } >>"$out"

  for p in "${sel[@]}"; do
    name="$(basename "$p" .patch)"
    header="$(head -n 1 "$p")"
    [[ "$header" == "# "* ]] || die "$p: the first line must be a '# ' header"
    header="${header#\# }"
    start=$SECONDS
    echo "mutation.sh: $model/$name" >&2
    if ! git apply --check "$p" 2>"$work/$model-$name-apply.log"; then
      echo "| $name | $(md_escape "$header") | - | - | does not apply (see \`$work/$model-$name-apply.log\`) | 0 s |" >>"$out"
      continue
    fi
    git apply "$p"
    applied="$p"
    if ! build_kmc "$work/$model-$name-build.log"; then
      revert
      echo "| $name | $(md_escape "$header") | - | - | does not compile (see \`$work/$model-$name-build.log\`) | $((SECONDS - start)) s |" >>"$out"
      continue
    fi
    n_built[$model]=$((n_built[$model] + 1))
    t_res="-"
    t_why=""
    t_killed=0
    if ((run_test)); then
      r="$(run_test_tool "$model" "$work/$model-$name-test.log")"
      t_rc="${r%%|*}"
      new_failed=""
      for s in ${r#*|}; do
        [[ " $base_failed " == *" $s "* ]] || new_failed+="$s "
      done
      if [[ "$t_rc" == 124 ]]; then
        t_res="timeout"
        t_why="test killed after ${test_limit} s"
      elif [[ "$t_rc" != 0 && -n "$new_failed" ]]; then
        t_res="**killed**"
        t_killed=1
        first="${new_failed%% *}"
        count="$(wc -w <<<"$new_failed")"
        t_why="$count scenario(s), e.g. $first: $(test_detail "$work/$model-$name-test.log.json" "$first")"
      else
        t_res="survived"
      fi
    fi
    v_res="-"
    v_why=""
    v_killed=0
    if ((run_verify)); then
      fast=()
      if ((!full_verify)); then fast=(--baseline "$base_json" --fail-fast); fi
      v_start=$SECONDS
      v_rc="$(run_verify_tool "$model" "$work/$model-$name-verify.json" "$work/$model-$name-verify.log" "${fast[@]}")"
      c="$(compare_verify "$base_json" "$work/$model-$name-verify.json")"
      v_why="exit $v_rc: ${c#*|}; verify $((SECONDS - v_start)) s"
      if ((!full_verify)) && [[ "${c%%|*}" == killed ]]; then v_why+=" (stopped at the first difference)"; fi
      case "${c%%|*}" in
      killed)
        v_res="**killed**"
        v_killed=1
        ;;
      survived) v_res="survived" ;;
      *) v_res="no result" ;;
      esac
      if [[ "$v_rc" == 3 ]]; then v_res="$v_res (engine error)"; fi
    fi
    revert
    n_test[$model]=$((n_test[$model] + t_killed))
    n_verify[$model]=$((n_verify[$model] + v_killed))
    if ((t_killed || v_killed)); then n_either[$model]=$((n_either[$model] + 1)); fi
    why="${t_why:--} / ${v_why:--}"
    echo "| $name | $(md_escape "$header") | $t_res | $v_res | $(md_escape "$why") | $((SECONDS - start)) s |" >>"$out"
    echo "mutation.sh: $model/$name: test $t_res, verify $v_res" >&2
  done
done

{
  echo
  echo "## Kill rates"
  echo
  echo "| model | mutants | compiled | killed by test | killed by verify | killed by either |"
  echo "|---|---|---|---|---|---|"
  for model in "${models[@]}"; do
    [[ -n "${n_mut[$model]:-}" ]] || continue
    b=${n_built[$model]}
    pct() { if (($2 > 0)); then echo "$1/$2 ($((100 * $1 / $2))%)"; else echo "-"; fi; }
    t="-"
    v="-"
    if ((run_test)); then t="$(pct "${n_test[$model]}" "$b")"; fi
    if ((run_verify)); then v="$(pct "${n_verify[$model]}" "$b")"; fi
    echo "| $model | ${n_mut[$model]} | $b | $t | $v | $(pct "${n_either[$model]}" "$b") |"
  done
} >>"$out"

echo "mutation.sh: rebuilding $kmc unmutated" >&2
build_kmc "$work/build-base.log" || echo "mutation.sh: warning: the final unmutated build failed" >&2
cat "$out"
