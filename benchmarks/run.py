"""tcxl speed against floors measured in the same run (issue "Speed"; SPEC §7).

Run from a clone after the README's install:  python benchmarks/run.py [--reps 7] [--files 200] [--scale]
It generates its inputs (the sample project, 300- and 3,000-activity projects, a folder of
sample-sized workbooks of which a quarter were re-saved by LibreOffice when it is
installed, so they carry shared strings and stored results), then measures medians of
interleaved repetitions and prints one table of seconds and ratios to the floors:

- build: tcxl.build_workbook vs bare xlsxwriter writing the same cells (values, formulas
  with their results, same formats);
- read:  tcxl.read_workbook vs one lxml iterparse pass over every sheet yielding
  (ref, formula, stored value), and vs pandas.read_excel(sheet_name=None);
- check: tcxl.check vs the same lxml floor and vs the naive openpyxl approach
  (read_only loaded twice, formulas then values);
- habits: tcxl.check of every workbook of tests/data/habitos (typed by hand in the
  analysts' own forms: SUBTOTAL, SUMIF, names, helper sheets …) vs the lxml floor, medians
  of the clean files and of the planted twins, the slowest, and each clean file's time;
- batch: `tcxl check DIR --jobs 2` (and --jobs 1) in files/s vs the lxml floor in one process;
- summarize: `tcxl summarize DIR --jobs 1` and `--jobs 2` over the same folder, in files/s;
- CLI start: `tcxl --help` and `tcxl check sample.xlsx` vs `python -c pass`;
- peak RSS of `tcxl check` on the 3,000-activity workbook (a fresh process), and whether
  `tcxl check` on the sample imported pandas or pydantic;
- with ``--scale`` (about 5 more minutes, needs ``distributed``): `tcxl summarize --jobs 2`
  over 2,000 and 10,000 files, with the peak RSS of its main process (ratio: against the
  500 MB target), and `tcxl check DIR --scheduler` on a 2-worker Dask LocalCluster (ratio:
  its time over `--jobs 2`).
The CLI rows run the installed `tcxl` script when it sits beside this Python, else
`python -m tcxl`.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import xlsxwriter
from lxml import etree

import tcxl
from tcxl import libreoffice
from tcxl.build import compute_values
from tcxl.totals import render
from tcxl.layout import workbook_layout
from tcxl.styles import STYLES

ROOT = Path(__file__).resolve().parent.parent
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# the installed console script (what users type), else the module
_SCRIPT = Path(sys.executable).with_name("tcxl")
TCXL = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "tcxl"]
# `tcxl check PATH` in this process, then a probe printed (peak RSS, modules loaded)
CLI_CHECK = ("import sys\nfrom tcxl.cli import main\ntry:\n    main(['check', sys.argv[1]], prog_name='tcxl')\n"
             "except SystemExit:\n    pass\n")


def project(results: int, per_result: int) -> tcxl.Project:
    return tcxl.Project.from_dict({
        "start": "2025-01-01", "years": 3,
        "results": [{"description": f"Resultado {m}", "activities": [
            {"description": f"Atividade {m}.{n}", "semesters": [1, 3, 5], "planned": [1000.5, 2000, 3000]}
            for n in range(1, per_result + 1)]} for m in range(1, results + 1)],
        "monitoring": [{"description": "Monitoramento", "semesters": [2, 4, 6], "planned": [10, 10, 10]}],
        "financial": {"1.2": [1000.5 * results * per_result + 10, 2000 * results * per_result + 10,
                              3000 * results * per_result + 10]},
    })


# -- floors -------------------------------------------------------------------------------
def lxml_floor(path: Path) -> int:
    """One iterparse pass over every sheet yielding (ref, formula, stored value) (SPEC §7)."""
    n = 0
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                with zf.open(name) as fh:
                    for _, el in etree.iterparse(fh, events=("end",), tag=f"{NS}c", resolve_entities=False,
                                                 no_network=True):
                        cell = (el.get("r"), el.findtext(f"{NS}f"), el.findtext(f"{NS}v"))
                        n += cell is not None
                        el.clear()
    return n


def naive_check_floor(path: Path) -> None:
    """What a naive checker pays: openpyxl read_only twice (formulas, then stored values)."""
    for data_only in (False, True):
        wb = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()


def writer_plan(p: tcxl.Project) -> list:
    """The cells tcxl writes (sheet, widths, cells with rendered formulas and values), computed
    outside the timing, so the floor is pure xlsxwriter work."""
    layout = workbook_layout(p)
    values = compute_values(layout)
    plan = []
    for sheet in layout.sheets:
        pos = sheet.positions()
        cells = []
        for c in sheet.cells:
            if c.role == "formula":
                v = values[c.key]
                cells.append((c.row, c.col, "f", render(c.formula, pos), c.style,
                              float(v) if isinstance(v, Decimal) else ""))
            elif isinstance(c.value, (int, float, Decimal)):
                cells.append((c.row, c.col, "n", float(c.value), c.style, None))
            elif c.value is None or c.value == "":
                cells.append((c.row, c.col, "b", None, c.style, None))
            else:
                cells.append((c.row, c.col, "s", str(c.value), c.style, None))
        plan.append((sheet.name, sheet.widths, cells, [(m.first_row, m.first_col, m.last_row, m.last_col, m.value,
                                                        m.style) for m in sheet.merges]))
    return plan


def xlsxwriter_floor(plan: list, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    fmts = {name: wb.add_format(props) for name, props in STYLES.items()}
    for name, widths, cells, merges in plan:
        ws = wb.add_worksheet(name)
        for col, width in widths.items():
            ws.set_column(col, col, width)
        for row, col, kind, payload, style, value in cells:
            if kind == "f":
                ws.write_formula(row, col, payload, fmts[style], value)
            elif kind == "n":
                ws.write_number(row, col, payload, fmts[style])
            elif kind == "s":
                ws.write_string(row, col, payload, fmts[style])
            else:
                ws.write_blank(row, col, None, fmts[style])
        for r1, c1, r2, c2, text, style in merges:
            ws.merge_range(r1, c1, r2, c2, text, fmts[style])
    wb.close()


# -- measurement --------------------------------------------------------------------------
MIN_REP_SECONDS = 0.05  # a repetition of a quicker call runs it several times (less timer noise)


def interleaved(fns: dict, reps: int) -> dict[str, float]:
    """Median seconds per call of each function, over ``reps`` interleaved repetitions
    (a repetition of a call quicker than MIN_REP_SECONDS runs it several times)."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    loops = {}
    for name, fn in fns.items():  # warm-up, then one call timed: how many make a repetition
        fn()
        t = time.perf_counter()
        fn()
        loops[name] = max(1, min(50, round(MIN_REP_SECONDS / max(time.perf_counter() - t, 1e-6))))
    for _ in range(reps):
        for name, fn in fns.items():
            t = time.perf_counter()
            for _ in range(loops[name]):
                fn()
            times[name].append((time.perf_counter() - t) / loops[name])
    return {k: statistics.median(v) for k, v in times.items()}


# `tcxl ARGS…` in this process; then its own peak RSS (VmHWM: workers are other processes)
CLI_PEAK = ("import sys\nfrom tcxl.cli import main\ntry:\n    main(sys.argv[1:], prog_name='tcxl')\n"
            "except SystemExit:\n    pass\nprint(next(int(l.split()[1]) for l in open('/proc/self/status') "
            "if l.startswith('VmHWM')) / 1024)\n")


SAMPLE_TITLE = "Qualificação da Rede de Cuidados Paliativos no SUS"  # and its NUP 25000.123456/2024-53


def retitled(src: Path, dst: Path, i: int) -> None:
    """A copy of a sample workbook as another project: its title and protocol number (shared
    strings) numbered, everything else byte for byte (stored results included). A summary
    counts a project once, so a folder of plain copies would be one project sent many times."""
    import re

    title = re.compile(re.escape(SAMPLE_TITLE.encode()) + " — projeto [0-9]+".encode() + b"|" +
                       re.escape(SAMPLE_TITLE.encode()))  # the sample's, or a copy's already numbered
    protocol = re.compile(rb"25000\.[0-9]{6}/2024-53")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data, n = title.subn(SAMPLE_TITLE.encode() + f" — projeto {i}".encode(), data, count=1)
                data, m = protocol.subn(f"25000.{i:06d}/2024-53".encode(), data, count=1)
                assert n == m == 1, src
            zout.writestr(item, data)


def scale_rows(folder: Path, tmp: Path, n: int) -> list[tuple]:
    """summarize at 2,000 and 10,000 files (each another project: the batch folder's files
    retitled), and check on a local Dask cluster."""
    out = []
    for count in (2_000, 10_000):
        big = tmp / f"escala_{count}"
        big.mkdir()
        sources = sorted(folder.glob("*.xlsx"))
        for i in range(count):
            retitled(sources[i % len(sources)], big / f"p{i:05d}.xlsx", i)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CLI_PEAK, "summarize", str(big), "--semester", "2025-2",
                               "-o", str(tmp / f"resumo_{count}.xlsx"), "--jobs", "2"],
                              capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
        peak = float(done.stdout.strip().splitlines()[-1])
        out.append(("summ.", f"{count:,} files --jobs 2", seconds,
                    f"files/s {count / seconds:.0f}; peak RSS main {peak:.0f} MB", peak / 500))
        shutil.rmtree(big)
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster:
        t = interleaved({"local": lambda: run([*TCXL, "check", str(folder), "--jobs", "2"]),
                         "dask": lambda: run([*TCXL, "check", str(folder), "--scheduler", cluster.scheduler_address])},
                        3)
    out.append(("batch", f"{n} files --scheduler", t["dask"], f"files/s {n / t['dask']:.0f}; vs --jobs 2",
                 t["dask"] / t["local"]))
    return out


def run(cmd: list[str]) -> None:
    """Run a command; a failing one stops the benchmark (its time would mean nothing). The
    inputs check clean, so every tcxl command here exits 0."""
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"benchmark: {' '.join(cmd)} exited {done.returncode}: {done.stderr.strip()[-500:]}")


def peak_rss_mb(path: Path) -> float:
    # VmHWM (this process's peak RSS) rather than ru_maxrss, which on Linux also counts the
    # parent's RSS at fork time
    probe = CLI_CHECK + "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) / 1024)"
    out = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=7)  # ratios move ~8% run to run here at 5
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--scale", action="store_true",
                        help="also summarize 2,000 and 10,000 files (peak RSS of the main process) and check "
                             "on a Dask LocalCluster (about 5 more minutes)")
    args = parser.parse_args()
    import pandas as pd

    rows: list[tuple[str, str, float, str, float]] = []  # (group, what, seconds, floor name, ratio)

    def add(group, what, seconds, floor_name, floor_seconds):
        rows.append((group, what, seconds, floor_name, seconds / floor_seconds if floor_seconds else float("nan")))

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        projects = {"sample": tcxl.Project.from_file(ROOT / "samples/projeto_exemplo.yaml"),
                    "300 activities": project(3, 100), "3,000 activities": project(10, 300)}
        files = {name: tcxl.build_workbook(p, tmp / f"{i}.xlsx") for i, (name, p) in enumerate(projects.items())}

        for name, p in projects.items():
            plan = writer_plan(p)
            t = interleaved({"tcxl": lambda p=p: tcxl.build_workbook(p, tmp / "b.xlsx"),
                             "floor": lambda plan=plan: xlsxwriter_floor(plan, tmp / "f.xlsx")}, args.reps)
            add("build", name, t["tcxl"], "bare xlsxwriter", t["floor"])

        for name, path in files.items():
            t = interleaved({"read": lambda path=path: tcxl.read_workbook(path),
                             "check": lambda path=path: tcxl.check(path),
                             "lxml": lambda path=path: lxml_floor(path),
                             "pandas": lambda path=path: pd.read_excel(path, sheet_name=None, engine="openpyxl"),
                             "naive": lambda path=path: naive_check_floor(path)}, args.reps)
            add("read", name, t["read"], "lxml pass", t["lxml"])
            add("read", name, t["read"], "pandas.read_excel", t["pandas"])
            add("check", name, t["check"], "lxml pass", t["lxml"])
            add("check", name, t["check"], "openpyxl twice (naive)", t["naive"])

        # the habits corpus: workbooks typed by hand in the analysts' own forms (SUBTOTAL, SUMIF,
        # names, helper sheets …), judged by evaluation where the symbolic reading stops
        habits = sorted((ROOT / "tests/data/habitos").glob("*.xlsx"))
        habit_times: dict[str, tuple[float, float]] = {}
        for path in habits:
            t = interleaved({"check": lambda path=path: tcxl.check(path),
                             "lxml": lambda path=path: lxml_floor(path)}, max(3, args.reps // 2))
            habit_times[path.name] = (t["check"], t["lxml"])
        for label, names in (("29 clean, median", [n for n in habit_times if "__" not in n]),
                             ("120 twins, median", [n for n in habit_times if "__" in n])):
            if names:
                check = statistics.median(habit_times[n][0] for n in names)
                floor = statistics.median(habit_times[n][1] for n in names)
                add("habits", label, check, "lxml pass (median)", floor)
        if habit_times:
            slowest = max(habit_times, key=lambda n: habit_times[n][0])
            add("habits", "slowest " + slowest[:-5][:15], habit_times[slowest][0], "lxml pass", habit_times[slowest][1])

        # a folder of sample-sized workbooks, a quarter re-saved by LibreOffice
        folder = tmp / "lote"
        folder.mkdir()
        resaved = None
        if libreoffice.soffice():
            resaved = libreoffice.convert(files["sample"], tmp / "lo", "xlsx")
        for i in range(args.files):
            src = resaved if (resaved and i % 4 == 0) else files["sample"]
            retitled(src, folder / f"p{i:03}.xlsx", i)
        batch = sorted(folder.glob("*.xlsx"))
        t = interleaved({"jobs2": lambda: run([*TCXL, "check", str(folder), "--jobs", "2"]),
                         "jobs1": lambda: run([*TCXL, "check", str(folder), "--jobs", "1"]),
                         "lxml": lambda: [lxml_floor(f) for f in batch]}, args.reps)
        n = len(batch)
        rows.append(("batch", f"{n} files --jobs 1", t["jobs1"], f"files/s {n / t['jobs1']:.0f} vs lxml "
                     f"{n / t['lxml']:.0f}", t["jobs1"] / t["lxml"]))
        rows.append(("batch", f"{n} files --jobs 2", t["jobs2"], f"files/s {n / t['jobs2']:.0f}; speed-up vs "
                     f"--jobs 1", t["jobs1"] / t["jobs2"]))

        # consolidating the same folder: read + check + the semester views of every file, then
        # one workbook written in the main process (its share is why the speed-up is lower)
        out = tmp / "resumo.xlsx"
        check1 = t["jobs1"]
        t = interleaved({f"jobs{j}": lambda j=j: run([*TCXL, "summarize", str(folder), "--semester", "2025-2",
                                                       "-o", str(out), "--jobs", str(j)]) for j in (1, 2)}, args.reps)
        rows.append(("summ.", f"{n} files --jobs 1", t["jobs1"], f"files/s {n / t['jobs1']:.0f}; vs check --jobs 1",
                     t["jobs1"] / check1))
        rows.append(("summ.", f"{n} files --jobs 2", t["jobs2"], f"files/s {n / t['jobs2']:.0f}; speed-up vs "
                     f"--jobs 1", t["jobs1"] / t["jobs2"]))

        if args.scale:
            rows += scale_rows(folder, tmp, n)

        t = interleaved({"help": lambda: run([*TCXL, "--help"]),
                         "check": lambda: run([*TCXL, "check", str(files["sample"])]),
                         "python": lambda: run([sys.executable, "-c", "pass"])}, args.reps)
        rows.append(("cli", "tcxl --help", t["help"], f"python -c pass +{t['help'] - t['python']:.3f} s",
                     t["help"] / t["python"]))
        rows.append(("cli", "tcxl check sample", t["check"], f"python -c pass +{t['check'] - t['python']:.3f} s",
                     t["check"] / t["python"]))
        rss = peak_rss_mb(files["3,000 activities"])
        probe = CLI_CHECK + "print(f\"pandas {'pandas' in sys.modules}, pydantic {'pydantic' in sys.modules}\")"
        loaded = subprocess.run([sys.executable, "-c", probe, str(files["sample"])], capture_output=True,
                                text=True).stdout.strip().splitlines()[-1]

    print(f"tcxl {tcxl.__version__} · Python {platform.python_version()} · {os.cpu_count()} cores · "
          f"{platform.machine()} · medians of {args.reps} interleaved reps")
    print(f"{'group':6} {'input':22} {'seconds':>9}  {'against':38} {'ratio':>6}")
    for group, what, seconds, floor_name, ratio in rows:
        print(f"{group:6} {what:22} {seconds:9.3f}  {floor_name:38} {ratio:6.2f}")
    print(f"memory peak RSS, tcxl check 3,000 activities: {rss:.0f} MB")
    if habit_times:
        print("check of each clean habits file (tests/data/habitos), seconds:")
        clean = sorted(n for n in habit_times if "__" not in n)
        for i in range(0, len(clean), 3):
            print("  " + "  ".join(f"{n[:-5]:24} {habit_times[n][0]:.3f}" for n in clean[i:i + 3]))
    print(f"tcxl check on the sample imports: {loaded}")


if __name__ == "__main__":
    main()
