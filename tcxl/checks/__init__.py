"""Check completed workbooks (SPEC §3): every broken formula and wrong total, by cell.

``check(path)`` reads the workbook (with the formulas' stored results), rebuilds the
layout of the structure it found and runs the groups of checks: formulas and arithmetic
(TCX2xx/3xx), across sheets (TCX4xx), inputs (TCX5xx) and registration data (TCX6xx);
file and structure problems (TCX0xx/1xx) come from reading. ``check_many`` runs it over
many files with any ``concurrent.futures.Executor``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import map_tasks
from ..files import UnreadableFile
from ..findings import ERROR, WARNING, Finding, finding
from ..keys import WORKBOOK_LABELS
from ..speed import paused_gc

UNREADABLE = {"TCX001", "TCX002", "TCX003", "TCX004", "TCX006", "TCX009"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# walked in folders: workbooks, including the old and macro formats, so they are reported
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@dataclass
class Report:
    """The findings for one file. ``ok``: no errors (and, with ``strict``, no warnings)."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    @property
    def readable(self) -> bool:
        return not any(f.code in UNREADABLE for f in self.findings)

    def to_dict(self) -> dict:
        return {"file": self.file, "ok": self.ok, "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, indent: int | None = 2) -> str:
        return BatchReport([self], self.strict).to_json(indent)

    def to_frame(self):
        return BatchReport([self], self.strict).to_frame()

    def lines(self) -> list[str]:
        return [f.line(self.file) for f in self.findings]

    def annotate(self, path: str | Path, force: bool = False) -> Path:
        """Write a copy of the checked workbook with each finding's cell coloured by severity and
        commented, and a first sheet ``Conferência`` linking to them (see :mod:`tcxl.annotate`)."""
        from ..annotate import annotate

        return annotate(self, path, force)


@dataclass
class BatchReport:
    """Reports of many files, in the order given."""

    reports: list[Report]
    strict: bool = False

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.reports for f in r.findings]

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.reports),
            "errors": sum(r.errors for r in self.reports),
            "warnings": sum(r.warnings for r in self.reports),
        }

    def to_dict(self) -> dict:
        return {"files": [r.to_dict() for r in self.reports], "summary": self.summary()}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self):
        import pandas as pd

        rows = [{"file": r.file, **f.to_dict()} for r in self.reports for f in r.findings]
        return pd.DataFrame(rows, columns=["file", "code", "severity", "sheet", "cell", "message", "expected", "found"])

    def exit_code(self) -> int:
        if not all(r.readable for r in self.reports):
            return 2
        return 0 if self.ok else 1


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
    from ..files import DEFAULT_MAX_SIZE

    tasks = [(f, strict, max_size) for f in expand(targets)]
    if executor is not None and ship_files:
        reports = map_shipped(_check_for_pool, tasks, executor, max_size or DEFAULT_MAX_SIZE, progress)
    else:
        reports = map_tasks(_check_for_pool, tasks, executor, jobs, progress)
    return BatchReport(reports, strict)


__all__ = ["check", "check_many", "expand", "Report", "BatchReport"]
