"""Check speed: tcxl.check per workbook vs one openpyxl read_only pass over the same file.

Run: python benchmarks/check.py [--reps 5]
Workbooks: the bundled sample and a generated 3,000-activity project (10 results × 300
activities). Medians of interleaved repetitions, measured in the same run.
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


def big_project(results: int = 10, per_result: int = 300) -> tcxl.Project:
    return tcxl.Project.from_dict({
        "start": "2025-01-01", "years": 3,
        "results": [{"description": f"Resultado {m}",
                     "activities": [{"description": f"Atividade {m}.{n}", "semesters": [1, 3, 5],
                                     "planned": [1000.5, 2000, 3000]} for n in range(1, per_result + 1)]}
                    for m in range(1, results + 1)],
        "monitoring": [{"description": "Monitoramento", "semesters": [2, 4, 6], "planned": [10, 10, 10]}],
        # the financial plan closes with the disbursement (no cross-sheet warning)
        "financial": {"1.2": [1000.5 * results * per_result + 10, 2000 * results * per_result + 10,
                              3000 * results * per_result + 10]},
    })


def openpyxl_pass(path: Path) -> None:
    wb = openpyxl.load_workbook(path, read_only=True)
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            pass
    wb.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "sample": tcxl.build_workbook(tcxl.Project.from_file(ROOT / "samples/projeto_exemplo.yaml"),
                                          Path(tmp) / "sample.xlsx"),
            "3,000 activities": tcxl.build_workbook(big_project(), Path(tmp) / "big.xlsx"),
        }
        print(f"{args.reps} interleaved reps, python {sys.version.split()[0]}")
        print(f"{'workbook':18} {'KiB':>6} {'openpyxl pass s':>16} {'tcxl.check s':>13} {'ratio':>6} {'findings':>9}")
        for name, path in files.items():
            floor, ours = [], []
            findings = None
            for _ in range(args.reps):
                t = time.perf_counter()
                openpyxl_pass(path)
                floor.append(time.perf_counter() - t)
                t = time.perf_counter()
                findings = len(tcxl.check(path).findings)
                ours.append(time.perf_counter() - t)
            f, o = statistics.median(floor), statistics.median(ours)
            print(f"{name:18} {path.stat().st_size / 1024:6.0f} {f:16.3f} {o:13.3f} {o / f:6.2f} {findings:9d}")


if __name__ == "__main__":
    main()
