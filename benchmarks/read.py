"""Reading speed: tcxl.read_workbook vs one openpyxl read_only pass over the same file.

Run: python benchmarks/read.py [--reps 15]
Prints medians of interleaved repetitions and the ratio (issue target: ≤ 2×).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

import tcxl

ROOT = Path(__file__).resolve().parent.parent


def openpyxl_pass(path: Path) -> int:
    wb = openpyxl.load_workbook(path, read_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
    wb.close()
    return n


def tcxl_read(path: Path) -> int:
    wb = tcxl.read_workbook(path)
    return len(wb.disbursement) + len(wb.schedule) + len(wb.matrix) + len(wb.financial)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = tcxl.build_workbook(tcxl.Project.from_file(ROOT / "samples/projeto_exemplo.yaml"),
                                   Path(tmp) / "sample.xlsx")
        import pandas  # noqa: F401 -- imported once, outside the timings

        times = {"openpyxl read_only pass": [], "tcxl.read_workbook": []}
        for fn in (openpyxl_pass, tcxl_read):  # warm-up
            fn(path)
        for _ in range(args.reps):
            for name, fn in (("openpyxl read_only pass", openpyxl_pass), ("tcxl.read_workbook", tcxl_read)):
                t = time.perf_counter()
                fn(path)
                times[name].append(time.perf_counter() - t)
        floor = statistics.median(times["openpyxl read_only pass"])
        print(f"sample workbook: {path.stat().st_size / 1024:.0f} KiB, {args.reps} interleaved reps, "
              f"python {sys.version.split()[0]}")
        print(f"{'operation':28} {'median s':>10} {'ratio':>7}")
        for name, values in times.items():
            med = statistics.median(values)
            print(f"{name:28} {med:10.4f} {med / floor:7.2f}")


if __name__ == "__main__":
    main()
