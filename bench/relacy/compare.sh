#!/usr/bin/env bash
# kmc's optimal DPOR next to Relacy (full search and random scheduler) on lastzero(N), measured in
# the same run. See bench/relacy/README.md.
#
# usage: bench/relacy/compare.sh [BUILD_DIR] [--seconds S] [--sizes "3 4 5"] [--kmc-sizes "3 4 5 12"]
#                                [--json FILE]
#   BUILD_DIR    the CMake build folder holding kmc and relacy_lastzero (default: ./build)
#   --seconds S  time cap of each Relacy run (default 10)
#   --json FILE  also write every run's JSON line to FILE (one per line)
# Runs, for N in the sizes:  BUILD/kmc bench lastzero N --json -
#                            BUILD/relacy_lastzero N full   --seconds S
#                            BUILD/relacy_lastzero N random --seconds S
# and prints a table. Works without kmc (Relacy's rows only) and without relacy_lastzero (kmc's only).
set -u

build=""
seconds=10
sizes="3 4 5"
kmc_sizes="3 4 5 12"
json_out=""
kmc_timeout=300

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --kmc-sizes) kmc_sizes="$2"; shift 2 ;;
    --json) json_out="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    *) if [ -z "$build" ]; then build="$1"; shift; else echo "compare.sh: unexpected $1" >&2; exit 2; fi ;;
  esac
done
[ -n "$build" ] || build=build
if [ ! -d "$build" ]; then
  echo "compare.sh: build folder '$build' does not exist" >&2
  exit 2
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "compare.sh: needs python3 to read the JSON" >&2
  exit 2
fi

kmc="$build/kmc"
relacy="$build/relacy_lastzero"
have_kmc=1
have_relacy=1
if [ ! -x "$kmc" ]; then
  have_kmc=0
  echo "note: $kmc is absent (not built yet?): printing Relacy's rows only" >&2
fi
if [ ! -x "$relacy" ]; then
  have_relacy=0
  echo "note: $relacy is absent (configure with -DKMC_RELACY=ON and install relacy-dev):" \
       "printing kmc's rows only" >&2
fi
if [ $have_kmc = 0 ] && [ $have_relacy = 0 ]; then
  echo "compare.sh: neither kmc nor relacy_lastzero in $build" >&2
  exit 1
fi

results=$(mktemp)
trap 'rm -f "$results" "$results.out"' EXIT

# record TOOL SCHEDULER N CMD...: runs CMD, appends {"row":{...}} built from its JSON to $results.
record() {
  local tool="$1" sched="$2" n="$3"
  shift 3
  echo "running: $*" >&2
  "$@" >"$results.out" 2>&1
  local rc=$?
  python3 - "$tool" "$sched" "$n" "$rc" "$results.out" >>"$results" <<'PY'
import json, sys
tool, sched, n, rc, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
text = open(path, errors="replace").read()

def find(obj):
    """The outermost dict that has an 'executions' field (the last one, in a list)."""
    if isinstance(obj, dict):
        if "executions" in obj:
            return obj
        for v in obj.values():
            r = find(v)
            if r is not None:
                return r
        return None
    if isinstance(obj, list):
        for v in reversed(obj):
            r = find(v)
            if r is not None:
                return r
    return None

doc = None
dec = json.JSONDecoder()
i = text.find("{")
while i != -1:
    try:
        obj, end = dec.raw_decode(text, i)
    except ValueError:
        i = text.find("{", i + 1)
        continue
    r = find(obj)
    if r is not None:
        doc = r
    i = text.find("{", end)

row = {"tool": tool, "scheduler": sched, "n": n}
if doc is None:
    last = text.strip().splitlines()[-1] if text.strip() else "(no output)"
    row["error"] = f"exit {rc}: {last[:100]}"
else:
    row["raw"] = doc
    e = doc.get("executions")
    t = doc.get("elapsed_s")
    row["executions"] = e
    row["elapsed_s"] = t
    rate = doc.get("executions_per_s")
    if rate is None and isinstance(e, (int, float)) and isinstance(t, (int, float)) and t > 0:
        rate = e / t
    row["rate"] = rate
    row["complete"] = doc.get("complete")
    row["blocked"] = doc.get("blocked")
    row["cpu_s"] = doc.get("cpu_s")
print(json.dumps(row))
PY
}

for n in $kmc_sizes; do
  [ $have_kmc = 1 ] || break
  record kmc optimal-dpor "$n" timeout "$kmc_timeout" "$kmc" bench lastzero "$n" --json -
done
for n in $sizes; do
  [ $have_relacy = 1 ] || break
  for sched in full random; do
    record relacy "$sched" "$n" "$relacy" "$n" "$sched" --seconds "$seconds"
  done
done

if [ -n "$json_out" ]; then
  python3 -c 'import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l); print(json.dumps(r.get("raw", r)))' "$results" >"$json_out"
fi

python3 - "$results" "$seconds" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
hdr = ["tool", "scheduler", "N", "executions", "seconds", "executions/s", "complete", "blocked",
       "cpu s", "executions/cpu-s"]
out = []
errors = []
for r in rows:
    if "error" in r:
        errors.append(f"  {r['tool']} {r['scheduler']} N={r['n']}: {r['error']}")
        out.append([r["tool"], r["scheduler"], str(r["n"]), "-", "-", "-", "failed (below)", "-", "-",
                    "-"])
        continue
    e, t, rate, c, b = r.get("executions"), r.get("elapsed_s"), r.get("rate"), r.get("complete"), r.get("blocked")
    out.append([
        r["tool"], r["scheduler"], str(r["n"]),
        f"{e:,}" if isinstance(e, int) else str(e),
        f"{t:.3f}" if isinstance(t, (int, float)) else str(t),
        f"{rate:,.0f}" if isinstance(rate, (int, float)) else "-",
        "yes" if c is True else ("no (sampling)" if r["scheduler"] == "random" else "no (capped)")
        if c is False else str(c),
        "-" if b is None else str(b),
        f"{r['cpu_s']:.3f}" if isinstance(r.get("cpu_s"), (int, float)) else "-",
        f"{e / r['cpu_s']:,.0f}" if isinstance(e, int) and isinstance(r.get("cpu_s"), (int, float))
        and r["cpu_s"] > 0 else "-",
    ])
w = [max(len(h), *(len(o[i]) for o in out)) if out else len(h) for i, h in enumerate(hdr)]
right = {2, 3, 4, 5, 8, 9}
def fmt(cells):
    return "  ".join(c.rjust(w[i]) if i in right else c.ljust(w[i]) for i, c in enumerate(cells)).rstrip()
print(fmt(hdr))
print(fmt(["-" * x for x in w]))
for o in out:
    print(fmt(o))
if errors:
    print("\nfailed runs:")
    print("\n".join(errors))
print(f"\nRelacy runs are capped at {sys.argv[2]} s each; 'no (capped)' = search stopped by the cap;"
      " random sampling is never complete.")
print("seconds = wall clock (executions/s uses it); cpu s = the process's CPU time, where the tool"
      " reports it (relacy_lastzero does).")
PY
