"""Time and peak memory of `tcxl check` on the hostile files of tests/data/bad/.

Run: python benchmarks/bad_input.py
Each file is checked in a fresh process; peak RSS is that process's VmHWM (it includes the
interpreter and tcxl's imports, measured alone in the first row). Issue targets: under
300 MB and 5 s for the zip bomb and the huge range.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
PROBE = """
import json, sys, time
t = time.perf_counter()
import tcxl
if sys.argv[1] != "-":
    report = tcxl.check(sys.argv[1])
    codes = sorted({f.code for f in report.findings})
else:
    codes = []
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"s": time.perf_counter() - t, "rss_mb": peak, "codes": codes}))
"""


def run(target: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, target], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    print(f"{'file':38} {'seconds':>8} {'peak RSS MB':>12}  codes")
    base = run("-")
    print(f"{'(import tcxl only)':38} {base['s']:8.2f} {base['rss_mb']:12.0f}")
    for path in sorted(BAD.iterdir()):
        r = run(str(path))
        print(f"{path.name:38} {r['s']:8.2f} {r['rss_mb']:12.0f}  {' '.join(r['codes'])}")


if __name__ == "__main__":
    main()
