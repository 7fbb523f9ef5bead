"""The portfolio a monitoring team hands on (SPEC §4.1): every file received accounted for,
each project counted once, for one or several semesters.

Workers compute each file's views and delivery record (:mod:`.views`); here the records
decide which file stands for each project — identity by protocol number (NUP), else CNPJ
and normalised title (:func:`tcxl.identity.project_identity`); the latest ``Data`` wins,
then the latest modification time — and only the included files' rows make the views, the
totals and the consolidated statement. Every frame follows the one vocabulary (SPEC §2.1,
:mod:`tcxl.vocabulary`): its names and dtypes, and no total row inside any frame.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..batch import iter_tasks
from ..errors import TcxlError
from ..speed import paused_gc
from ..vocabulary import frame, typed
from .columns import _Columns
from .views import (
    ACCOUNT_COLUMNS,
    ACTIONS,
    BLOCK_COLUMNS,
    FLAG,
    NOT_PROADI,
    PROGRESS_COLUMNS,
    PROJECT_COLUMNS,
    UNREADABLE,
    _money,
    _pct,
    _reported,
    project_summary,
)

if TYPE_CHECKING:
    from ..rules.config import RuleConfig

INCLUDED, WITH_ERRORS, REPLACED, OUTSIDE = "incluído", "incluído com erros", "substituído por", "fora do período"
DELIVERY_COLUMNS = [
    "file",
    "project",
    "entity",
    "uf",
    "cnpj",
    "protocol",
    "date",
    "errors",
    "warnings",
    "codes",
    "status",
    "reason",
    "project_id",
    "annotated",
]
STATEMENT_COLUMNS = ["report_semester", "account", "label", "level", "year", "planned", "executed", "pct"]
TOTAL_COLUMNS = ["report_semester", "projects", "errors", "warnings", *ACTIONS, "progress", "alert"]
TOTAL_COLUMNS += ["planned", "executed", "pct"]
VIEW_COLUMNS = {"progress": PROGRESS_COLUMNS, "blocks": BLOCK_COLUMNS, "accounts": ACCOUNT_COLUMNS}


@dataclass
class Summary:
    """The portfolio for ``semesters`` (the last one is ``semester``), as DataFrames in the one
    vocabulary (SPEC §2.1, :mod:`tcxl.vocabulary`: English names, the dtypes of
    :func:`tcxl.vocabulary.typed`), none with a total row inside:

    - ``deliveries``: one row per file received, with its ``status`` (`Entregas`);
    - ``projects``: one row per included project and semester asked (``report_semester``):
      its actions (``programmed``, ``finished``, ``postponed``, ``progress``, ``alert``) and
      its money to date (``planned``, ``executed``, ``pct``);
    - ``totals``: one row per semester asked: the included ``projects`` added up — the counts
      and the money summed (in Decimal), ``progress`` and ``pct`` from the sums, never a mean
      of percentages;
    - ``progress``: one row per project and result (``block``);
    - ``blocks`` and ``accounts``: each project's money per ``year`` and to date
      (``year == 'Acumulado'``: the years up to the semester's);
    - ``statement``: the accounts summed over the included projects (`Demonstrativo consolidado`).

    ``level`` (``blocks``, ``accounts``, ``statement``): the rows with ``level == "input"`` add
    up to everything and overlap nothing; ``subtotal`` and ``total`` rows add up input rows of
    the same frame (to date: the years' rows; a total account: its input accounts; ``total``:
    TOTAL GERAL). Sum ``planned`` over ``level == "input"`` and nothing is counted twice.
    """

    semesters: list[str]
    deliveries: Any
    projects: Any
    progress: Any
    blocks: Any
    accounts: Any
    statement: Any
    totals: Any = None
    annotated: dict = field(default_factory=dict)

    @property
    def semester(self) -> str:
        return self.semesters[-1]

    @property
    def unreadable(self) -> list[dict]:
        """Files that could not be read: ``file`` and ``reason`` (code and one line)."""
        rows = self.deliveries[self.deliveries.status == UNREADABLE]
        return [{"file": f, "reason": r} for f, r in zip(rows.file, rows.reason)]

    @property
    def included(self) -> list[str]:
        return [f for f, s in zip(self.deliveries.file, self.deliveries.status) if s in (INCLUDED, WITH_ERRORS)]

    def to_dict(self) -> dict[str, Any]:
        """Every table as records (NaN as null): what ``--json`` writes."""
        import json

        return {
            "semesters": self.semesters,
            **{
                name: json.loads(frame.to_json(orient="records", force_ascii=False))
                for name, frame in self.tables().items()
            },
        }

    def to_json(self, indent: int | None = 1) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def tables(self) -> dict[str, Any]:
        return {
            "entregas": self.deliveries,
            "projetos": self.projects,
            "totais": self.totals,
            "avanco_fisico": self.progress,
            "financeiro_blocos": self.blocks,
            "financeiro_contas": self.accounts,
            "demonstrativo_consolidado": self.statement,
        }

    # -- notebook manners -------------------------------------------------------------------
    def _statuses(self) -> list[tuple[str, int]]:
        """Files received by status, as the cover counts them (`Resumo`)."""
        statuses = [str(s) for s in self.deliveries["status"]] if "status" in self.deliveries.columns else []
        return [
            ("Recebidos", len(statuses)),
            ("Incluídos", statuses.count(INCLUDED)),
            ("Incluídos com erros", statuses.count(WITH_ERRORS)),
            ("Substituídos por outro arquivo", sum(s.startswith(REPLACED) for s in statuses)),
            ("Ilegíveis", statuses.count(UNREADABLE)),
            ("Não são planilha PROADI-SUS", statuses.count(NOT_PROADI)),
            ("Fora do período", statuses.count(OUTSIDE)),
        ]

    def _semesters_text(self) -> str:
        shown = self.semesters if len(self.semesters) <= 4 else [self.semesters[0], "…", self.semesters[-1]]
        return ", ".join(shown)

    def __repr__(self) -> str:
        from ..display import counted

        received, included = len(self.deliveries), len(self.included)
        return (
            f"<Summary {self._semesters_text()}: {counted(received, 'arquivo', 'arquivos')}, "
            f"{counted(included, 'incluído', 'incluídos')}>"
        )

    def _repr_html_(self) -> str:
        from ..display import counted, html_table

        word = counted(len(self.semesters), "semestre", "semestres").split(" ", 1)[1].capitalize()
        caption = (
            f"{word} {self._semesters_text()}: {counted(len(self.included), 'projeto incluído', 'projetos incluídos')}"
        )
        return html_table(caption, self._statuses(), ("Entregas", "arquivos"))


def _task(args: tuple) -> dict:
    return project_summary(*args)


@paused_gc()
def summarize(
    sources: Iterable[str | Path],
    semester: str | int | list,
    executor: Executor | None = None,
    jobs: int | None = None,
    progress: Callable[[dict], None] | None = None,
    ship_files: bool = False,
    annotate_dir: str | Path | None = None,
    on_error: Callable[[str, Exception], None] | None = None,
    config: RuleConfig | str | Path | None = None,
) -> Summary:
    """Summarize the workbooks of ``sources`` for one semester or several, as ``tcxl summarize``.

    Every file received is accounted for (one row of ``deliveries`` each, with its status);
    each project counts once (the file with the latest ``Data`` wins).

    Parameters
    ----------
    sources : str, os.PathLike or iterable of them
        Files and folders (walked for ``.xlsx``); a single ``str``/``Path`` is one source.
    semester : str, int or list
        Calendar (``"2025-2"``) or of the project (``"Ano II/1º Sem"``), or a list of them:
        each semester is summarized as a single run would, and every view gets a
        ``report_semester`` column.
    executor, jobs, ship_files
        As in :func:`tcxl.check_many` (e.g. a Dask cluster's executor).
    progress : callable, optional
        Called with each file's result as it arrives.
    annotate_dir : str or os.PathLike, optional
        An annotated copy of each workbook with findings goes there
        (``tcxl.annotate.annotate_all``, ``on_error`` as there), and its row of
        ``deliveries`` names it.
    on_error : callable, optional
        Called with the file and the exception when an annotated copy cannot be written.
    config : RuleConfig or folder, optional
        The rules the files are checked with, as in :func:`tcxl.check` (default: the
        ``tcxl.toml`` found from the current folder).

    Returns
    -------
    Summary
        DataFrames ``deliveries``, ``projects``, ``totals``, ``progress``, ``statement``,
        ``blocks``, ``accounts``; :func:`write_summary` makes the workbook.

    Raises
    ------
    TcxlError
        A semester that cannot be parsed, or a bad choice of rules.

    Examples
    --------
    >>> import tcxl
    >>> s = tcxl.summarize("samples/tc60_2017.xlsx", semester="2017-1", jobs=1)
    >>> s.deliveries.status.tolist()
    ['incluído']
    >>> s.progress[["block", "programmed", "finished"]].values.tolist()
    [['1', 2, 2], ['2', 0, 0], ['3', 2, 2], ['4', 0, 0], ['5', 1, 1], ['6', 0, 0]]
    >>> s.totals[["projects", "programmed", "finished", "progress"]].values.tolist()
    [[1, 5, 5, 1.0]]
    >>> two = tcxl.summarize(["samples/tc60_2017.xlsx"], semester=["2017-1", "2017-2"], jobs=1)
    >>> sorted(two.progress.report_semester.unique())
    ['2017-1', '2017-2']
    """
    from ..checks import expand
    from ..rules.config import resolve

    if isinstance(sources, (str, Path)):
        sources = [sources]
    semesters = [str(s) for s in (semester if isinstance(semester, (list, tuple)) else [semester])]
    if not semesters:
        raise TcxlError("informe ao menos um semestre")
    files = expand(sources)
    if not files:
        raise TcxlError("nenhuma planilha .xlsx para resumir")
    views = {name: _Columns() for name in ("progress", "blocks", "accounts")}
    projects: list[dict] = []
    deliveries: list[dict] = []
    rules = resolve(config)
    tasks = [(f, semesters, annotate_dir is not None, rules) for f in files]
    parallel = executor is not None or (jobs != 1 and len(files) > 1)
    results: Iterable[dict]
    if executor is not None and ship_files:
        from ..batch import map_shipped
        from ..sniff import DEFAULT_MAX_SIZE

        results = map_shipped(_task, tasks, executor, DEFAULT_MAX_SIZE, progress)
    else:
        results = iter_tasks(_task, tasks, executor, jobs, progress)
    for result in results:  # folded into columns as they arrive (memory: no dicts kept)
        if parallel and not deliveries:  # the workers exist by now: no fork while a thread imports
            _import_while_waiting("pandas", "xlsxwriter")
        deliveries.append({**result["delivery"], "mtime": _mtime(result["delivery"]["file"])})
        for name, columns in views.items():
            if name in result:
                columns.extend(result[name])
        projects += result.get("projects", [])
    decide(deliveries)
    if annotate_dir is not None:
        _annotate(deliveries, annotate_dir, on_error)
    return _summary(semesters, deliveries, projects, views)


def _annotate(deliveries: list[dict], folder: str | Path, on_error) -> None:
    """The annotated copies of the readable files with findings, each named in its delivery."""
    from ..annotate import annotate_all
    from ..checks import BatchReport, Report

    batch = BatchReport(
        [Report(d["file"], d.pop("findings", [])) for d in deliveries if d["status"] not in (UNREADABLE, NOT_PROADI)]
    )
    written = annotate_all(batch, folder, on_error=on_error)
    for d in deliveries:
        path = written.get(d["file"])
        d["annotated"] = str(path) if path is not None else ""


def _import_while_waiting(*modules: str) -> None:
    """Import what the main process needs after the workers (the frames, the workbook) while
    it waits for their results: half a second less of serial time on every summary."""
    import importlib
    import threading

    def load() -> None:
        for name in modules:
            importlib.import_module(name)

    threading.Thread(target=load, name="tcxl-imports", daemon=True).start()


def _mtime(path: str) -> float | None:
    """The file's modification time where it was received (a worker may hold a copy)."""
    import os

    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def decide(deliveries: list[dict]) -> None:
    """Each delivery's status: among the readable files of one project, the latest ``Data``
    (then the latest modification time, then the last file name) is included and the others
    are replaced by it; a file with no data for any semester asked is outside its period."""
    best: dict[str, dict] = {}
    for d in deliveries:
        if d.get("status") or not d.get("project_id"):
            continue
        rank = (d.get("date") or "", d.get("mtime") or 0.0, Path(d["file"]).name)
        current = best.get(d["project_id"])
        if current is None or rank > current["_rank"]:
            best[d["project_id"]] = {**d, "_rank": rank}
    for d in deliveries:
        d.setdefault("reason", "")
        if d.get("status"):
            continue
        winner = best.get(d.get("project_id") or "")
        if winner is not None and winner["file"] != d["file"]:
            d["status"] = f"{REPLACED} {Path(winner['file']).name}"
            same = "Nº do Protocolo" if d["project_id"].startswith("nup:") else "CNPJ e título"
            d["reason"] = f"outro arquivo do mesmo projeto (mesmo {same}) {_why(winner, d)}"
        elif d.get("outside") and d["outside"].count(";") + 1 == d.get("asked", 1):
            d["status"], d["reason"] = OUTSIDE, d["outside"]
        else:
            d["status"] = WITH_ERRORS if d.get("errors") else INCLUDED
            d["reason"] = d.get("outside", "")


def _why(winner: dict, other: dict) -> str:
    """What made the winner win, in pt-BR: its Data, else its modification time, else its name."""
    if (winner.get("date") or "") != (other.get("date") or ""):
        return f"com Data mais recente ({winner.get('date') or '—'} contra {other.get('date') or 'sem Data'})"
    if (winner.get("mtime") or 0.0) != (other.get("mtime") or 0.0):
        return "com a mesma Data e modificado por último"
    return "com a mesma Data e a mesma hora de modificação: vale o último nome em ordem alfabética"


def _summary(semesters: list[str], deliveries: list[dict], projects: list[dict], views: dict) -> Summary:
    included = {d["file"] for d in deliveries if d["status"] in (INCLUDED, WITH_ERRORS)}
    files = tuple(dict.fromkeys(d["file"] for d in deliveries))  # a file's category: the order received
    frames = {
        name: typed(_only(columns.frame(VIEW_COLUMNS[name]), included), file=files) for name, columns in views.items()
    }
    kept = [p for p in projects if p["file"] in included]
    delivery_frame = frame(
        [{k: d.get(k, "") for k in DELIVERY_COLUMNS} | {"project_id": d.get("project_id") or None} for d in deliveries],
        DELIVERY_COLUMNS,
        file=files,
    )
    return Summary(
        semesters=semesters,
        deliveries=delivery_frame,
        projects=frame([p for s in semesters for p in kept if p["report_semester"] == s], PROJECT_COLUMNS, file=files),
        totals=frame([_totals([p for p in kept if p["report_semester"] == s], s) for s in semesters], TOTAL_COLUMNS),
        progress=frames["progress"],
        blocks=frames["blocks"],
        accounts=frames["accounts"],
        statement=_statement(frames["accounts"], semesters),
    )


def _only(frame, files: set):
    """A view's rows of the included files (a replaced or outside file adds nothing); the frame
    itself when every file is included (no copy of a view of millions of rows)."""
    if "file" not in frame.columns or frame.empty:
        return frame
    keep = frame["file"].isin(files)
    return frame if keep.all() else frame[keep].reset_index(drop=True)


def _totals(projects: list[dict], semester: str) -> dict:
    """The project rows of one semester added up (money in Decimal): the counts, and the
    percentages from the sums, never a mean of percentages."""
    counts = {k: sum(r[k] for r in projects) for k in ("errors", "warnings", *ACTIONS)}
    planned = _reported(r["_planned"] for r in projects)
    executed = _reported(r["_executed"] for r in projects)
    return {
        "report_semester": semester,
        "projects": len(projects),
        **counts,
        "progress": _pct(Decimal(counts["finished"]), Decimal(counts["programmed"])),
        "alert": FLAG if counts["finished"] > counts["programmed"] else "",
        "planned": _money(planned),
        "executed": _money(executed),
        "pct": _pct(executed, planned),
    }


def _statement(accounts, semesters: list[str]):
    """The statement's accounts × years summed over the included projects, per semester, in
    the model's order (an amount no project reported stays NaN)."""
    if accounts.empty:
        return frame([], STATEMENT_COLUMNS)
    keys = STATEMENT_COLUMNS[:5]
    # grouped on the views' own (categorical) columns: a copy as text of a 10,000-project
    # view would cost gigabytes
    out = accounts.groupby(keys, sort=False, observed=True)[["planned", "executed"]].sum(min_count=1).reset_index()
    out["planned"], out["executed"] = out["planned"].round(2), out["executed"].round(2)
    out["pct"] = (out["executed"] / out["planned"]).where(out["planned"] != 0)
    asked = {s: i for i, s in enumerate(semesters)}
    order = out["report_semester"].map(asked).fillna(len(asked)).to_numpy() * 1_000_000
    codes = [out[key].cat.codes.to_numpy().astype("int64") for key in ("account", "year")]  # int8: no room for *100
    order = order + codes[0] * 100 + codes[1]
    return typed(out.iloc[order.argsort(kind="stable")].reset_index(drop=True))


__all__ = [
    "Summary",
    "summarize",
    "decide",
    "INCLUDED",
    "WITH_ERRORS",
    "REPLACED",
    "UNREADABLE",
    "NOT_PROADI",
    "OUTSIDE",
]
