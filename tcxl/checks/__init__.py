"""Check completed workbooks (SPEC §3): every broken formula and wrong total, by cell.

``check(path)`` reads the workbook (with the formulas' stored results), rebuilds the
layout of the structure it found and runs the groups of checks: formulas and arithmetic
(TCX2xx/3xx), across sheets (TCX4xx), inputs (TCX5xx) and registration data (TCX6xx);
file and structure problems (TCX0xx/1xx) come from reading. ``check_many`` runs it over
many files with any ``concurrent.futures.Executor``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from pathlib import Path

from ..batch import map_tasks
from ..findings import finding
from ..keys import WORKBOOK_LABELS
from ..report import SEVERITY_ORDER, BatchReport, Report
from ..sniff import UnreadableFile
from ..speed import paused_gc

# walked in folders: workbooks, including the old and macro formats, so they are reported
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@paused_gc()
def check(path: str | Path, strict: bool = False, today: dt.date | None = None, max_size: int | None = None) -> Report:
    """Check one workbook; unreadable files give a TCX0xx finding, never an exception."""
    from ..read import read_workbook

    path = str(path)
    try:
        wb = read_workbook(path, max_size)
    except UnreadableFile as exc:
        return Report(path, [finding(exc.code, "", "", exc.reason)], strict)  # the report names the file
    return check_workbook(wb, strict, today)


@paused_gc()
def check_workbook(wb, strict: bool = False, today: dt.date | None = None) -> Report:
    """Check a workbook already read (so callers that also need its tables read it once)."""
    from ..layout import FORMULAS_ONLY, TEMPLATE_VERSION, workbook_layout
    from ..read.rebuild import structure
    from . import cross, formulas, inputs, registration

    found = list(wb.findings)
    version = wb.template_version
    if version and version != TEMPLATE_VERSION:
        found.append(
            finding(
                "TCX007",
                "",
                "",
                f"planilha gerada pelo modelo {version}; o modelo atual é {TEMPLATE_VERSION}",
                expected=TEMPLATE_VERSION,
                found=version,
            )
        )
    layout = workbook_layout(structure(wb), FORMULAS_ONLY)
    labels = WORKBOOK_LABELS.set(wb.reading.labels)  # messages name columns as this workbook does
    try:
        found += formulas.check(wb, layout)
        found += cross.check(wb)
        found += inputs.check(wb, today)
        found += registration.check(wb, today)
    finally:
        WORKBOOK_LABELS.reset(labels)
    found.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return Report(wb.path, found, strict)


def expand(targets: Iterable[str | Path]) -> list[str]:
    """Files to check: each directory walked (sorted) for .xlsx/.xlsm/.xls; files kept as given.
    A walk skips hidden files: tcxl's own temporary files (``.name.xlsx-XXXX.tcxl-tmp``, left behind
    only when a write is killed) and Excel's lock files (``~$name.xlsx``)."""
    out: list[str] = []
    for target in targets:
        p = Path(target)
        if p.is_dir():
            found: list[str] = []
            unreadable: list[OSError] = []  # a subfolder that cannot be listed is reported, not skipped
            for folder, _, names in os.walk(p, onerror=unreadable.append):
                found += [
                    os.path.join(folder, n)
                    for n in names
                    if Path(n).suffix.lower() in WORKBOOK_SUFFIXES
                    and not n.startswith((".", "~$"))
                    and os.path.isfile(os.path.join(folder, n))
                ]
            found += [err.filename for err in unreadable if err.filename]
            out += sorted(found)
        else:
            out.append(str(p))
    return out


def _check_for_pool(args: tuple) -> Report:
    path, strict, max_size = args
    return check(path, strict=strict, max_size=max_size)


def check_many(
    targets: Iterable[str | Path],
    executor: Executor | None = None,
    jobs: int | None = None,
    strict: bool = False,
    progress: Callable[[Report], None] | None = None,
    max_size: int | None = None,
    ship_files: bool = False,
) -> BatchReport:
    """Check many files (directories are walked). ``executor``: any concurrent.futures
    Executor (e.g. a Dask ``Client.get_executor()``); default: local processes (``jobs``).
    ``ship_files``: the executor's workers do not see this machine's files: each file's bytes
    go with its task (at most ``max_size``)."""
    from ..batch import map_shipped
    from ..sniff import DEFAULT_MAX_SIZE

    tasks = [(f, strict, max_size) for f in expand(targets)]
    if executor is not None and ship_files:
        reports = map_shipped(_check_for_pool, tasks, executor, max_size or DEFAULT_MAX_SIZE, progress)
    else:
        reports = map_tasks(_check_for_pool, tasks, executor, jobs, progress)
    return BatchReport(reports, strict)


__all__ = ["check", "check_many", "expand", "Report", "BatchReport"]
