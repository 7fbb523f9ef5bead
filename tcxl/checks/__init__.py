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
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..batch import map_tasks
from ..findings import Finding
from ..keys import WORKBOOK_LABELS
from ..report import SEVERITY_ORDER, BatchReport, Report
from ..rules import declare
from ..rules.config import RuleConfig, resolve
from ..sniff import UnreadableFile
from ..speed import paused_gc

if TYPE_CHECKING:
    from ..model import Project

# walked in folders: workbooks, including the old and macro formats, so they are reported
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@dataclass(frozen=True)
class Check:
    """One group of checks: a name for TCX000, the function and the rules it may emit."""

    name: str
    module: str  # in tcxl.checks: its ``emit`` declares the codes, its ``check(wb, *args)`` runs them
    args: tuple[str, ...] = ()  # what check() takes after the workbook: "layout", "today"


# the checks of a workbook already read (TCX0xx/1xx and some TCX5xx come from reading it)
CHECKS = (
    Check("fórmulas e totais", "formulas", ("layout",)),
    Check("consistência entre abas", "cross"),
    Check("entradas", "inputs", ("today",)),
    Check("cadastro", "registration", ("today",)),
)
emit = declare("TCX000", "TCX007")


@paused_gc()
def check(
    path: str | Path,
    strict: bool = False,
    today: dt.date | None = None,
    max_size: int | None = None,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, str] | Iterable[str] | str | None = None,
    config: RuleConfig | str | Path | None = None,
    debug: bool = False,
) -> Report:
    """Check one workbook; never raises for a bad file.

    Parameters
    ----------
    path : str or os.PathLike
        The workbook.
    strict : bool
        Warnings fail the file too (``Report.ok``), as ``--strict``.
    today : datetime.date, optional
        The date that decides which years and semesters have started, where the workbook's
        ``Data`` does not say (default: the real today).
    max_size : int, optional
        Bytes the file may expand to (zip bomb guard; default 200 MB).
    select, ignore : codes or prefixes (``"TCX4"``), optional
        The rules reported (SPEC §3.2); a comma-separated string or a list.
    severity : mapping or ``"CODE=level"`` items, optional
        Severities changed per code or prefix, e.g. ``{"TCX4": "error"}``.
    config : RuleConfig or folder, optional
        A ready configuration, or the folder where ``tcxl.toml``/``pyproject.toml`` is looked
        for upward; default: the current folder. The other arguments apply on top of it.
    debug : bool
        An internal error in one check raises instead of becoming a TCX000 finding.

    Returns
    -------
    Report
        Unreadable files give their TCX0xx finding; a check that fails unexpectedly gives
        TCX000 and the others still run.

    Raises
    ------
    TcxlError
        Only for a bad choice of rules (a code or prefix naming no rule, an unknown
        severity, a bad ``tcxl.toml``); never for the file checked.

    Examples
    --------
    >>> import tcxl
    >>> report = tcxl.check("samples/tc60_2017.xlsx")
    >>> report.ok, report.errors, report.warnings, len(report.findings)
    (True, 0, 0, 2)
    >>> print(report.findings[0].line(report.file))  # doctest: +ELLIPSIS
    samples/tc60_2017.xlsx:Cronograma de Atividades!F49: info TCX506 A2.1: realizada em Ano I/2º Sem ...
    >>> tcxl.check("samples/tc60_2017.xlsx", ignore="TCX506").findings
    []
    >>> [f.code for f in tcxl.check("samples/projeto_exemplo.yaml").findings]  # not a workbook
    ['TCX003']
    """
    rules = resolve(config, select, ignore, severity, strict)
    return _check_path(str(path), rules, today, max_size, debug)


def _check_path(path: str, rules: RuleConfig, today: dt.date | None, max_size: int | None, debug: bool) -> Report:
    from ..read import read_workbook

    try:
        wb = read_workbook(path, max_size)
    except UnreadableFile as exc:
        return Report(path, [exc.finding()], rules.strict, rules)  # the report names the file
    except Exception as exc:
        if debug:
            raise
        return Report(path, [_internal("leitura", exc)], rules.strict, rules)
    return check_workbook(wb, today=today, config=rules, debug=debug)


@paused_gc()
def check_workbook(
    wb, strict: bool = False, today: dt.date | None = None, *, config: RuleConfig | None = None, debug: bool = False
) -> Report:
    """Check a workbook already read (so callers that also need its tables read it once).
    ``config``: the rules to report (default: every rule at its default severity)."""
    import sys

    from ..layout import FORMULAS_ONLY, TEMPLATE_VERSION, workbook_layout
    from ..read.rebuild import structure
    from . import cross, formulas, inputs, registration  # noqa: F401  (run in CHECKS' order, by name)

    rules = (config or RuleConfig()).merged(strict=strict)
    found = list(wb.findings)
    version = wb.template_version
    if version and version != TEMPLATE_VERSION:
        found.append(
            emit("TCX007", expected=TEMPLATE_VERSION, found=version, version=version, current=TEMPLATE_VERSION)
        )
    try:
        # the layout reads a project duck-typed: a Structure has the fields of a Project it reads
        layout = workbook_layout(cast("Project", structure(wb)), FORMULAS_ONLY)
    except Exception as exc:
        if debug:
            raise
        layout = None
        found.append(_internal("estrutura", exc))
    labels = WORKBOOK_LABELS.set(wb.reading.labels)  # messages name columns as this workbook does
    try:
        for item in CHECKS:
            module = sys.modules[f"{__name__}.{item.module}"]
            given = {"layout": layout, "today": today}
            if not rules.runs_any(module.emit.codes) or (layout is None and "layout" in item.args):
                continue
            try:
                found += module.check(wb, *(given[a] for a in item.args))
            except Exception as exc:  # one check's bug is one finding; the file's other checks go on
                if debug:
                    raise
                found.append(_internal(item.name, exc))
    finally:
        WORKBOOK_LABELS.reset(labels)
    found = rules.apply(found)
    found.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.code))
    return Report(wb.path, found, rules.strict, rules, wb.project_id)


def _internal(where: str, exc: BaseException) -> Finding:
    detail = " ".join(str(exc).split())[:200] or "sem mensagem"
    return emit("TCX000", check=where, error=exc.__class__.__name__, detail=detail)


def internal_error(where: str, exc: BaseException) -> str:
    """TCX000's message for an unexpected exception in ``where`` (for callers that report a
    file's status rather than its findings, as the summary's deliveries do)."""
    return _internal(where, exc).message


def expand(targets: Iterable[str | os.PathLike[str]]) -> list[str]:
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
    path, rules, max_size, debug = args
    return _check_path(path, rules, None, max_size, debug)


def check_many(
    targets: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    executor: Executor | None = None,
    jobs: int | None = None,
    strict: bool = False,
    progress: Callable[[Report], None] | None = None,
    max_size: int | None = None,
    ship_files: bool = False,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, str] | Iterable[str] | str | None = None,
    config: RuleConfig | str | Path | None = None,
    debug: bool = False,
) -> BatchReport:
    """Check many files (directories are walked for ``.xlsx``), in parallel.

    Parameters
    ----------
    targets : str, os.PathLike or iterable of them
        Files and folders; one path is one target (not an iterable of characters).
    executor : concurrent.futures.Executor, optional
        Runs the per-file work, e.g. a ``ThreadPoolExecutor`` or a Dask
        ``Client(address).get_executor()``; default: local processes.
    jobs : int, optional
        Local processes when no ``executor`` is given (default: the machine's cores).
    strict : bool
        Warnings fail a file too, as ``--strict``.
    progress : callable, optional
        Called with each :class:`Report` as it arrives.
    max_size : int, optional
        Bytes a file may expand to (default 200 MB); with ``ship_files``, also the largest
        file sent.
    ship_files : bool
        The executor's workers do not see this machine's files: each file's bytes go with its
        task (as the CLI's ``--scheduler`` without ``--shared-fs``).
    select, ignore, severity, config, debug
        As in :func:`check`; the configuration file is looked for once, here.

    Returns
    -------
    BatchReport
        One :class:`Report` per file, in the order the files were given (folders sorted).

    Raises
    ------
    TcxlError
        Only for a bad choice of rules, as :func:`check`.

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> built = tcxl.build_workbook(project, f"{tmp}/projeto.xlsx")
    >>> batch = tcxl.check_many([built, "samples/tc60_2017.xlsx"], jobs=1)
    >>> batch.summary()
    {'files': 2, 'errors': 0, 'warnings': 0}
    >>> batch.exit_code(), [r.ok for r in batch.reports]
    (0, [True, True])
    """
    from ..batch import map_shipped
    from ..sniff import DEFAULT_MAX_SIZE

    if isinstance(targets, (str, os.PathLike)):
        targets = [targets]  # one path is one source, not an iterable of characters
    rules = resolve(config, select, ignore, severity, strict)
    tasks = [(f, rules, max_size, debug) for f in expand(targets)]
    if executor is not None and ship_files:
        reports = map_shipped(_check_for_pool, tasks, executor, max_size or DEFAULT_MAX_SIZE, progress)
    else:
        reports = map_tasks(_check_for_pool, tasks, executor, jobs, progress)
    return BatchReport(reports, rules.strict, rules)


__all__ = ["check", "check_many", "expand", "Report", "BatchReport"]
