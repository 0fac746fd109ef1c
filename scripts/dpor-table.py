#!/usr/bin/env python3
"""Re-measures the DPOR columns of a scenarios/<model>/README.md table in place.

usage: scripts/dpor-table.py BUILD_KMC scenarios/<model>/README.md
Runs `kmc run FILE --keep-going -q --json -` for every row whose first cell names a scenario of
that folder and rewrites the cells under the headers 'DPOR executions', 'DPOR time' and (if the
table has it) 'DPOR dropped'. The other columns (what, expect, DFS) are left as they are.
"""
import json
import pathlib
import subprocess
import sys


def measure(kmc, scn):
    out = subprocess.run([kmc, "run", str(scn), "--keep-going", "-q", "--json", "-"],
                         capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"dpor-table: {scn}: kmc exited {out.returncode}: {out.stderr.strip()}")
    return json.loads(out.stdout)["results"][0]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    kmc, readme = sys.argv[1], pathlib.Path(sys.argv[2])
    lines = readme.read_text().splitlines()
    header = None
    for n, line in enumerate(lines):
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if "DPOR executions" in cells:
            header = cells
            continue
        if header is None or set(line) <= set("|-: "):
            continue
        scn = readme.parent / (cells[0].strip("`") + ".scn")
        if not scn.exists():
            continue
        d = measure(kmc, scn)
        cells[header.index("DPOR executions")] = str(d["executions"])
        cells[header.index("DPOR time")] = f"{d['elapsed_s']:.3f} s"
        if "DPOR dropped" in header:
            cells[header.index("DPOR dropped")] = str(d.get("disabled_branches", 0))
        lines[n] = "| " + " | ".join(cells) + " |"
    readme.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
