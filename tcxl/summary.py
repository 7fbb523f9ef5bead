"""Consolidated semester summaries of one or many projects (SPEC §4, ``tcxl summarize``).

Per project and per result for one semester: Ações programadas (Previsto ``X``), Ações
finalizadas (Realizado ``X``), Ações adiadas/canceladas (``A``/``C``) and % estado de
avanço = finalizadas / programadas — the total row from the counts, never a mean of
percentages (the TC-60 report's 1st-semester "50%" is such a mean); empty when nothing
was programmed; finalizadas beyond programadas are shown as they are and flagged. Plus
financial execution per year and to date (the years up to the semester's), by block and
by account. Money is added in Decimal and shown rounded to the cent.
"""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from .accounts import ACCOUNTS, BY_CODE
from .batch import map_tasks
from .errors import TcxlError
from .keys import AccountKey
from .numbers import cents
from .periods import parse_semester, period_label, semester_year_half, year_label

ZERO = Decimal(0)
FLAG = "finalizadas além das programadas (ações não programadas)"
PROGRESS_COLUMNS = ["project", "file", "period", "calendar", "result", "description", "programadas",
                    "finalizadas", "adiadas_canceladas", "pct_avanco", "alerta", "erros"]
MONEY_COLUMNS = ["previsto", "executado", "pct"]


def _pct(num: Decimal | None, den: Decimal | None) -> float | None:
    return None if num is None or den is None or den == 0 else float(num / den)


def _money(value: Decimal | None) -> float | None:
    """To the cent; None when nothing was reported (shown as '—', never as R$ 0,00)."""
    return None if value is None else float(cents(value))


NOTHING = "—"  # what the summary workbook shows for an amount nobody reported yet
AMOUNT_COLUMNS = {"previsto", "executado", "pct", "previsto_acumulado", "executado_acumulado", "pct_execucao",
                  "pct_avanco"}


def _reported(values) -> Decimal | None:
    """The sum of the values typed in; None when every cell was blank (nothing reported yet:
    a blank is not a zero)."""
    typed = [v for v in values if v is not None]
    return sum(typed, ZERO) if typed else None


def calendar_label(wb, index: int) -> str:
    """'2025-1' (the form `--semester` takes) for the semester's start, when the project's
    start date is known."""
    begins = wb.semester_start(index)
    return "" if begins is None else f"{begins.year}-{1 if begins.month < 7 else 2}"


def resolve(wb, semester: str | int) -> int:
    """The project's semester index for '2025-1', 'Ano II/1º Sem' or 3 (TcxlError if outside)."""
    start = wb.start_date()
    try:
        return parse_semester(semester, wb.years, start.year if start else None)
    except ValueError as exc:
        raise TcxlError(f"{wb.path}: {exc}") from None


def project_summary(path: str, semester: str | int) -> dict[str, list[dict]]:
    """Rows of every view for one workbook (picklable: runs in worker processes)."""
    from .checks import check_workbook
    from .files import UnreadableFile
    from .read import read_workbook

    try:
        wb = read_workbook(path)
    except UnreadableFile as exc:
        return {"unreadable": [{"file": path, "reason": exc.reason}]}
    try:
        index = resolve(wb, semester)
    except TcxlError as exc:
        return {"skipped": [{"file": path, "reason": str(exc).split(": ", 1)[-1]}]}
    report = check_workbook(wb)
    title = wb.value(("info", "project.title")) or Path(path).stem
    common = {"project": title, "file": path, "period": period_label(index),
              "calendar": calendar_label(wb, index)}
    progress, blocks = _progress(wb, index, common, report.errors), _blocks(wb, index, common)
    return {
        "progress": progress,
        "blocks": blocks,
        "accounts": _accounts(wb, index, common),
        "projects": [_project_row(common, report.errors, report.warnings, progress[-1], blocks)],
    }


def _project_row(common: dict, errors: int, warnings: int, total: dict, blocks: list[dict]) -> dict:
    """The project's line of the Projetos view: its progress total and its money to date."""
    money = [b for b in blocks if b["year"] == "Acumulado"]
    planned = _reported(b["_planned"] for b in money)
    executed = _reported(b["_executed"] for b in money)
    return {**common, "erros": errors, "avisos": warnings,
            **{k: total[k] for k in ("programadas", "finalizadas", "adiadas_canceladas", "pct_avanco", "alerta")},
            "previsto_acumulado": _money(planned), "executado_acumulado": _money(executed),
            "pct_execucao": _pct(executed, planned), "_planned": planned, "_executed": executed}


def _progress(wb, index: int, common: dict, errors: int) -> list[dict]:
    titles = wb.reading.items.get("titles", {})
    counts: dict[Any, list[int]] = {}
    for block, code, _, _ in wb.reading.items.get("schedule", []):
        if code.count(".") != 1:
            continue  # sub-activities are detail, not actions of their own
        row = counts.setdefault(block, [0, 0, 0])
        row[0] += wb.value(("sch", code, index, "planned")) == "X"
        status = wb.value(("sch", code, index, "status"))
        row[1] += status == "X"
        row[2] += status in ("A", "C")
    blocks = sorted((b for b in counts if b != "M"), key=int) + (["M"] if "M" in counts else [])
    rows = []
    for block in blocks:
        rows.append(_progress_row(common, block, titles.get(block, ""), *counts[block], errors))
    total = [sum(counts[b][i] for b in blocks) for i in range(3)]
    rows.append(_progress_row(common, "Total", "", *total, errors))
    return rows


def _progress_row(common: dict, result: Any, description: str, prog: int, fin: int, adi: int, errors: int) -> dict:
    return {**common, "result": str(result), "description": description, "programadas": prog, "finalizadas": fin,
            "adiadas_canceladas": adi, "pct_avanco": _pct(Decimal(fin), Decimal(prog)),
            "alerta": FLAG if fin > prog else "", "erros": errors}


def _periods(wb, index: int) -> list[tuple[str, list[int]]]:
    """Each year, then 'Acumulado' (years up to the semester's year)."""
    year = semester_year_half(index)[0]
    return [(year_label(y), [y]) for y in range(1, wb.years + 1)] + [("Acumulado", list(range(1, year + 1)))]


def _blocks(wb, index: int, common: dict) -> list[dict]:
    rows = []
    blocks: dict[Any, list[str]] = {}
    for block, code, _ in wb.reading.items.get("disbursement", []):
        blocks.setdefault(block, []).append(code)
    letters = {bid: letter for bid, letter, _ in wb.reading.items.get("disbursement_totals", [])}
    for block, codes in blocks.items():
        for label, years in _periods(wb, index):
            planned, executed = (_reported(_typed(wb, ("dis", c, y, field)) for c in codes for y in years)
                                 for field in ("planned", "executed"))
            rows.append({**common, "block": str(block), "letter": letters.get(block) or "", "year": label,
                         "previsto": _money(planned), "executado": _money(executed), "pct": _pct(executed, planned),
                         "_planned": planned, "_executed": executed})
    return rows


def _typed(wb, key: tuple) -> Decimal | None:
    value = wb.value(key)
    return value if isinstance(value, Decimal) else None


def _leaves(code: str) -> list[str]:
    """The input accounts a statement line adds up (itself, for an input account)."""
    acc = BY_CODE[code]
    return [code] if acc.is_input else [leaf for part in acc.parts for leaf in _leaves(part)]


def _accounts(wb, index: int, common: dict) -> list[dict]:
    rows = []
    for acc in ACCOUNTS:
        if acc.kind in ("heading", "ratio"):
            continue
        leaves = _leaves(acc.code)
        for label, years in _periods(wb, index):
            planned, executed = (
                sum((wb.statement(AccountKey(acc.code, y, field)) for y in years), ZERO)
                if any(_typed(wb, ("fin", leaf, y, field)) is not None for leaf in leaves for y in years) else None
                for field in ("planned", "executed"))
            rows.append({**common, "code": acc.code, "label": acc.label, "kind": acc.kind, "year": label,
                         "previsto": _money(planned), "executado": _money(executed), "pct": _pct(executed, planned),
                         "_planned": planned, "_executed": executed})
    return rows


@dataclass
class Summary:
    """The summary views as DataFrames: ``projects``, ``progress``, ``blocks``, ``accounts``;
    ``unreadable`` lists files that could not be read, ``skipped`` projects whose years do
    not include the semester."""

    semester: str
    projects: Any
    progress: Any
    blocks: Any
    accounts: Any
    unreadable: list[dict]
    skipped: list[dict]

    def tables(self) -> dict[str, Any]:
        return {"projetos": self.projects, "avanco_fisico": self.progress, "financeiro_blocos": self.blocks,
                "financeiro_contas": self.accounts}


def _task(args: tuple[str, str]) -> dict:
    return project_summary(*args)


def summarize(sources: Iterable[str | Path], semester: str | int, executor: Executor | None = None,
              jobs: int | None = None, progress: Callable[[dict], None] | None = None,
              ship_files: bool = False) -> Summary:
    """Summarize many workbooks (files or folders) for one semester. ``executor`` and
    ``ship_files``: as in :func:`tcxl.check_many` (e.g. a Dask cluster)."""
    import pandas as pd

    from .checks import expand

    files = expand(sources)
    if not files:
        raise TcxlError("nenhuma planilha .xlsx para resumir")
    parts: dict[str, list[dict]] = {"progress": [], "blocks": [], "accounts": [], "projects": [], "unreadable": [],
                                    "skipped": []}
    tasks = [(f, str(semester)) for f in files]
    if executor is not None and ship_files:
        from .batch import map_shipped
        from .files import DEFAULT_MAX_SIZE

        results = map_shipped(_task, tasks, executor, DEFAULT_MAX_SIZE, progress)
    else:
        results = map_tasks(_task, tasks, executor, jobs, progress)
    for result in results:
        for name, rows in result.items():
            parts[name] += rows
    drop = ["_planned", "_executed"]

    def frame(rows: list[dict], columns=None):
        """Amounts as float64: a value nobody reported is NaN (never 0.0, never None)."""
        out = pd.DataFrame(rows, columns=columns).drop(columns=drop, errors="ignore")
        for col in AMOUNT_COLUMNS & set(out.columns):
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        return out

    return Summary(
        semester=str(semester),
        projects=frame(_with_total(parts["projects"])),
        progress=frame(parts["progress"], PROGRESS_COLUMNS),
        blocks=frame(parts["blocks"]),
        accounts=frame(parts["accounts"]),
        unreadable=parts["unreadable"],
        skipped=parts["skipped"],
    )


def _with_total(projects: list[dict]) -> list[dict]:
    """The project rows (in the order of the files) and a last row adding them all (Decimal)."""
    counts = {k: sum(r[k] for r in projects) for k in ("erros", "avisos", "programadas", "finalizadas",
                                                        "adiadas_canceladas")}
    planned = _reported(r["_planned"] for r in projects)
    executed = _reported(r["_executed"] for r in projects)
    total = {"project": "Total", "file": "", "period": "", "calendar": "", **counts,
             "pct_avanco": _pct(Decimal(counts["finalizadas"]), Decimal(counts["programadas"])),
             "alerta": FLAG if counts["finalizadas"] > counts["programadas"] else "",
             "previsto_acumulado": _money(planned), "executado_acumulado": _money(executed),
             "pct_execucao": _pct(executed, planned)}
    return [*projects, total]


# -- the consolidated workbook ------------------------------------------------------------
# (sheet name, table, [(column, header, width, format)], chart)
VIEWS = (
    ("Projetos", "projects", [
        ("project", "Projeto", 40, None), ("period", "Período do projeto", 16, None),
        ("calendar", "Semestre civil", 12, None), ("erros", "Erros na conferência", 11, "int"),
        ("avisos", "Avisos", 9, "int"), ("programadas", "Ações programadas", 13, "int"),
        ("finalizadas", "Ações finalizadas", 11, "int"), ("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
        ("pct_avanco", "% estado de avanço", 11, "pct"), ("alerta", "Alerta", 30, None),
        ("previsto_acumulado", "Previsto acumulado (R$)", 17, "brl"),
        ("executado_acumulado", "Executado acumulado (R$)", 17, "brl"), ("pct_execucao", "% execução", 10, "pct"),
        ("file", "Arquivo", 40, None)], "money"),
    ("Avanço físico", "progress", [
        ("project", "Projeto", 34, None), ("period", "Período do projeto", 16, None),
        ("calendar", "Semestre civil", 12, None), ("result", "Resultado", 10, None),
        ("description", "Descrição", 40, None), ("programadas", "Ações programadas", 13, "int"),
        ("finalizadas", "Ações finalizadas", 11, "int"), ("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
        ("pct_avanco", "% estado de avanço", 11, "pct"), ("alerta", "Alerta", 30, None),
        ("erros", "Erros na conferência", 11, "int")], "progress"),
    ("Financeiro por bloco", "blocks", [
        ("project", "Projeto", 34, None), ("block", "Bloco", 8, None), ("letter", "Letra", 7, None),
        ("year", "Ano", 12, None), ("previsto", "Previsto (R$)", 17, "brl"), ("executado", "Executado (R$)", 17, "brl"),
        ("pct", "% Real/Prev", 11, "pct")], None),
    ("Financeiro por conta", "accounts", [
        ("project", "Projeto", 30, None), ("code", "Código", 10, None), ("label", "Conta", 50, None),
        ("year", "Ano", 12, None), ("previsto", "Previsão (R$)", 17, "brl"), ("executado", "Executado (R$)", 17, "brl"),
        ("pct", "%", 9, "pct")], None),
)


EXCEL_ROWS = 1_048_576  # rows of an Excel sheet; a longer view goes on in "<name> (2)", …


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


def _view_rows(frame, columns: list) -> list[tuple]:
    """The view's cells row by row, in its column order (a column the frame lacks is empty).
    Column lists, not ``to_dict('records')``: a seventh of the time on 2,000 projects."""
    n = len(frame)
    data = [frame[key].tolist() if key in frame.columns else [None] * n for key, *_ in columns]
    return list(zip(*data)) if n else []


def _split_view(name: str, rows: list[tuple], per_sheet: int):
    """(sheet name, rows) for each sheet of a view: one, unless it passes Excel's row limit."""
    for start in range(0, max(len(rows), 1), per_sheet):
        yield (name if start == 0 else f"{name} ({start // per_sheet + 1})"), rows[start:start + per_sheet]


def write_summary(summary: Summary, path: str | Path, rows_per_sheet: int = EXCEL_ROWS - 2) -> Path:
    """The consolidated workbook: a sheet per view, BRL/% formats, frozen headers,
    autofilter, native charts (Previsto × Executado per project, % avanço per result).
    A view longer than an Excel sheet (``rows_per_sheet`` data rows under the two header
    rows) continues on sheets named ``"<view> (2)"``, … rather than losing rows."""
    import xlsxwriter

    from .build import FIXED_CREATED
    from .files import atomic_write

    path = Path(path)
    with atomic_write(path, ".xlsx") as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_urls": False, "strings_to_formulas": False,
                                       "strings_to_numbers": False, "nan_inf_to_errors": True})
        wb.set_properties({"title": f"Resumo semestral {summary.semester}", "author": "tcxl",
                           "created": FIXED_CREATED})
        fmt = {"title": wb.add_format({"bold": True, "font_size": 13}),
               "head": wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True,
                                      "valign": "vcenter", "align": "center"}),
               None: wb.add_format({"border": 1}), "int": wb.add_format({"border": 1, "num_format": "0"}),
               "brl": wb.add_format({"border": 1, "num_format": '"R$" #,##0.00'}),
               "pct": wb.add_format({"border": 1, "num_format": "0.0%"}),
               "nothing": wb.add_format({"border": 1, "align": "center", "font_color": "#7F7F7F"})}
        for name, table, columns, chart in VIEWS:
            for part, (sheet, rows) in enumerate(_split_view(name, _view_rows(getattr(summary, table), columns),
                                                        rows_per_sheet)):
                ws = _view_sheet(wb, fmt, sheet, summary.semester, columns, rows)
                if chart and rows and part == 0:
                    _chart(wb, ws, sheet, columns, rows, chart)
        wb.close()
    return path


def _view_sheet(wb, fmt: dict, name: str, semester: str, columns: list, rows: list[tuple]):
    ws = wb.add_worksheet(name)
    ws.write_string(0, 0, f"{name} — resumo semestral {semester}", fmt["title"])
    for c, (_, header, width, _) in enumerate(columns):
        ws.write_string(1, c, header, fmt["head"])
        ws.set_column(c, c, width)
    ws.set_row(1, 45)
    formats = [fmt[kind] for *_, kind in columns]
    amounts = [kind in ("brl", "pct") for *_, kind in columns]
    for r, row in enumerate(rows, start=2):
        for c, raw in enumerate(row):
            value = _cell_value(raw)
            if value is None and amounts[c]:
                ws.write_string(r, c, NOTHING, fmt["nothing"])  # nothing reported (or no base for a %)
            elif value is None:
                ws.write_blank(r, c, None, formats[c])
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, formats[c])
            else:
                ws.write_string(r, c, str(value), formats[c])
    last = max(1, len(rows) + 1)
    ws.autofilter(1, 0, last, len(columns) - 1)
    ws.freeze_panes(2, 1)
    from .build import print_setup

    print_setup(ws, [width for _, _, width, _ in columns], (1, 1), 1)
    return ws


def _chart(wb, ws, sheet: str, columns: list, records: list[tuple], kind: str) -> None:
    col = {key: i for i, (key, *_rest) in enumerate(columns)}
    project, result = col["project"], col.get("result")
    rows = [i + 2 for i, r in enumerate(records)
            if r[project] != "Total" and (result is None or r[result] != "Total")]
    if not rows:
        return
    first, last = rows[0], rows[-1]
    if kind == "money":
        chart = wb.add_chart({"type": "column"})
        for key, name in (("previsto_acumulado", "Previsto"), ("executado_acumulado", "Executado")):
            chart.add_series({"name": name, "categories": [sheet, first, project, last, project],
                              "values": [sheet, first, col[key], last, col[key]]})
        chart.set_title({"name": "Previsto × Executado (acumulado) por projeto"})
        chart.set_y_axis({"num_format": '"R$" #,##0', "min": 0})  # from zero: bar lengths compare
    else:
        # chart source: the result rows only (no totals), in two hidden columns at the right
        hidden = len(columns) + 1
        ws.set_column(hidden, hidden + 1, None, None, {"hidden": True})
        points = [records[r - 2] for r in rows]
        for i, rec in enumerate(points, start=2):
            ws.write_string(i, hidden, f"{str(rec[project])[:25]} / R{rec[result]}")
            if _cell_value(rec[col["pct_avanco"]]) is not None:
                ws.write_number(i, hidden + 1, rec[col["pct_avanco"]])
        end = len(points) + 1
        chart = wb.add_chart({"type": "bar"})
        chart.add_series({"name": "% estado de avanço", "categories": [sheet, 2, hidden, end, hidden],
                          "values": [sheet, 2, hidden + 1, end, hidden + 1]})
        chart.set_title({"name": "% estado de avanço por resultado"})
        chart.set_x_axis({"num_format": "0%", "min": 0})
        chart.set_y_axis({"reverse": True})
        chart.set_legend({"none": True})
        chart.show_hidden_data()
    chart.set_size({"width": 640, "height": 360})
    ws.insert_chart(last + 3, 0, chart)


def write_tables(summary: Summary, folder: str | Path, fmt: str, excel_csv: bool = False) -> list[Path]:
    """Tidy CSV or Parquet files of every view (CSV neutralises formula-like text);
    ``excel_csv``: the CSV dialect of a pt-BR Excel (';', decimal comma, BOM)."""
    from .exports import write_frames

    return write_frames(summary.tables(), folder, fmt, excel_csv)
