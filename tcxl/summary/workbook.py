"""The summary workbook and the tidy tables (SPEC §4.1).

Sheets, in order: ``Resumo`` (the cover: one A4 page), ``Entregas`` (every file received),
``Projetos`` (a row per included project, then bar charts of % execução, 25 projects each),
``Demonstrativo consolidado`` (the model's statement summed over the projects),
``Avanço físico`` (a row per project, a column per result; a chart per result when there are
at most 25, else the distribution of % estado de avanço), ``Evolução`` (when several
semesters are asked) and the data sheets (``Dados - …``: the long tables, every semester,
with autofilter). Printed (LibreOffice's PDF, Excel's "print workbook"), the data sheets give
no page: their print area is one empty cell, and a print area with nothing in it prints
nothing (a hidden sheet would not print either, but would hide the data from the people who
filter it). The charts' sources are in the hidden sheet ``Gráficos - dados``.

Written in xlsxwriter's ``constant_memory`` mode, each sheet top to bottom, row after row: a
10,000-project summary has millions of cells, which the default mode would all hold until
the end.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .portfolio import INCLUDED, OUTSIDE, REPLACED, WITH_ERRORS, Summary
from .views import FLAG, NOT_PROADI, NOTHING, UNREADABLE

EXCEL_ROWS = 1_048_576  # rows of an Excel sheet; a longer data sheet goes on in "<name> (2)", …
EXCEL_URLS = 65_530  # hyperlinks Excel takes in one sheet; past it a copy's path is plain text
CHART_BARS = 25  # categories a printed bar chart can label; more go on the next chart
LOWEST = 10  # projects the cover names, lowest execution first
TABLE_SCALE = 58  # print scale (%) the long tables are laid out for: ~25 two-line rows a page
CHART_DATA = "Gráficos - dados"  # hidden sheet holding the charts' sources
SHORT_FLAG = "finalizadas além das programadas"  # the alert, as the narrow columns show it


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    kind: str = "text"  # text | wrap | int | brl | pct | date | link


# -- data sheets: the long tables, every semester (not printed) ----------------------------
DATA_VIEWS = (
    (
        "Dados - projetos",
        "projects",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 40),
            Col("period", "Período do projeto", 16),
            Col("calendar", "Semestre civil", 12),
            Col("erros", "Erros na conferência", 11, "int"),
            Col("avisos", "Avisos", 9, "int"),
            Col("programadas", "Ações programadas", 13, "int"),
            Col("finalizadas", "Ações finalizadas", 11, "int"),
            Col("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
            Col("pct_avanco", "% estado de avanço", 11, "pct"),
            Col("alerta", "Alerta", 30),
            Col("previsto_acumulado", "Previsto acumulado (R$)", 17, "brl"),
            Col("executado_acumulado", "Executado acumulado (R$)", 17, "brl"),
            Col("pct_execucao", "% execução", 10, "pct"),
            Col("file", "Arquivo", 40),
        ],
    ),
    (
        "Dados - avanço físico",
        "progress",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 34),
            Col("period", "Período do projeto", 16),
            Col("calendar", "Semestre civil", 12),
            Col("result", "Resultado", 10),
            Col("description", "Descrição", 40),
            Col("programadas", "Ações programadas", 13, "int"),
            Col("finalizadas", "Ações finalizadas", 11, "int"),
            Col("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
            Col("pct_avanco", "% estado de avanço", 11, "pct"),
            Col("alerta", "Alerta", 30),
            Col("erros", "Erros na conferência", 11, "int"),
            Col("file", "Arquivo", 40),
        ],
    ),
    (
        "Dados - fin. por bloco",
        "blocks",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 34),
            Col("block", "Bloco", 8),
            Col("letter", "Letra", 7),
            Col("year", "Ano", 12),
            Col("previsto", "Previsto (R$)", 17, "brl"),
            Col("executado", "Executado (R$)", 17, "brl"),
            Col("pct", "% Real/Prev", 11, "pct"),
        ],
    ),
    (
        "Dados - fin. por conta",
        "accounts",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 30),
            Col("code", "Código", 10),
            Col("label", "Conta", 50),
            Col("year", "Ano", 12),
            Col("previsto", "Previsão (R$)", 17, "brl"),
            Col("executado", "Executado (R$)", 17, "brl"),
            Col("pct", "%", 9, "pct"),
        ],
    ),
    (
        "Dados - demonstrativo",
        "statement",
        [
            Col("semester", "Semestre", 10),
            Col("code", "Código", 10),
            Col("label", "Conta", 50),
            Col("kind", "Tipo", 8),
            Col("year", "Ano", 12),
            Col("previsto", "Previsão (R$)", 19, "brl"),
            Col("executado", "Executado (R$)", 19, "brl"),
            Col("pct", "%", 9, "pct"),
        ],
    ),
)


LONG_VIEWS = ("blocks", "accounts")  # a row per project × block/account × year: data sheets only when asked


def write_summary(
    summary: Summary,
    path: str | Path,
    rows_per_sheet: int = EXCEL_ROWS - 2,
    generated: dt.date | None = None,
    long_tables: bool = False,
) -> Path:
    """The consolidated workbook (SPEC §4.1), printable on A4 landscape: the cover, the
    deliveries, the projects, the consolidated statement, the physical progress, the
    evolution over the semesters asked and the long data sheets. A data sheet longer than an
    Excel sheet (``rows_per_sheet`` data rows under its two header rows) continues on sheets
    named ``"<name> (2)"``, … rather than losing rows. ``generated``: the date the cover
    shows (default: today). ``long_tables``: also the per-project money by block and by
    account as data sheets — tens of thousands of rows for a few hundred projects, which
    would make writing the workbook cost as much as reading every file; by default they are
    in the tidy tables (CSV/Parquet/JSON) and summed in `Demonstrativo consolidado`."""
    import xlsxwriter

    from ..atomic import atomic_write
    from ..build import FIXED_CREATED

    path = Path(path)
    with atomic_write(path, ".xlsx") as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {
                "strings_to_urls": False,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "nan_inf_to_errors": True,
                "constant_memory": True,
            },
        )
        wb.set_properties(
            {"title": f"Resumo semestral {_semesters(summary)}", "author": "tcxl", "created": FIXED_CREATED}
        )
        fmt = _Formats(wb)
        book = _Book(summary, path)
        _cover(wb, fmt, book, generated or dt.date.today())
        _deliveries(wb, fmt, book)
        _projects(wb, fmt, book)
        _statement(wb, fmt, book)
        _progress(wb, fmt, book)
        if len(summary.semesters) > 1:
            _evolution(wb, fmt, book)
        for name, table, columns in DATA_VIEWS:
            if long_tables or table not in LONG_VIEWS:
                _data_sheets(wb, fmt, name, getattr(summary, table), columns, rows_per_sheet, summary)
        _chart_data(wb, book)
        wb.close()
    return path


def write_tables(summary: Summary, folder: str | Path, fmt: str, excel_csv: bool = False) -> list[Path]:
    """Tidy CSV or Parquet files of every view (CSV neutralises formula-like text);
    ``excel_csv``: the CSV dialect of a pt-BR Excel (';', decimal comma, BOM)."""
    from ..exports import write_frames

    return write_frames(summary.tables(), folder, fmt, excel_csv)


# -- what several sheets share ----------------------------------------------------------------
def _value(value: Any) -> Any:
    """A cell's value: None for nothing (None, NaN, pandas' NA)."""
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return None
    return value


def _semesters(summary: Summary) -> str:
    return ", ".join(summary.semesters)


def _column(frame, key: str, default: Any = None) -> list:
    return frame[key].tolist() if key in frame.columns else [default] * len(frame)


def _records(frame, keys: Iterable[str]) -> list[dict]:
    keys = list(keys)
    return [dict(zip(keys, row)) for row in zip(*[_column(frame, k) for k in keys])] if len(frame) else []


# advance widths of Calibri/Carlito letters, in thousandths of an em (the '0' a column width counts is 507)
_WIDE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            479,
            525,
            423,
            525,
            498,
            305,
            471,
            525,
            229,
            239,
            455,
            229,
            799,
            525,
            527,
            525,
            525,
            349,
            391,
            335,
            525,
            452,
            715,
            433,
            453,
            395,
        ),
    )
)
_WIDE.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            579,
            544,
            533,
            615,
            488,
            459,
            631,
            623,
            252,
            319,
            520,
            420,
            855,
            646,
            662,
            517,
            673,
            543,
            459,
            487,
            642,
            567,
            890,
            519,
            487,
            468,
        ),
    )
)
_WIDE.update(
    {
        " ": 226,
        ".": 252,
        ",": 250,
        ":": 268,
        ";": 268,
        "(": 303,
        ")": 303,
        "-": 306,
        "/": 386,
        "–": 498,
        "—": 905,
        "%": 715,
        "$": 507,
        "º": 347,
        "ª": 347,
        "×": 498,
        "!": 326,
        "'": 221,
    }
)


def _units(text: str) -> float:
    """A text's width in '0's of Calibri 11 (what column widths count)."""
    import unicodedata

    total = 0
    for ch in text:
        width = _WIDE.get(ch)
        if width is None:
            base = unicodedata.normalize("NFKD", ch)[:1]
            width = _WIDE.get(base, 507)
        total += width
    return total / 507


def _lines(text: Any, width: float, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide: words laid out as
    Calibri/Carlito set them (bold a little wider), with a margin for the cell's padding."""
    text = "" if text is None else str(text)
    room = max(width - 0.5, 1.0) / (1.06 if bold else 1.0)
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            size = _units(word)
            if used and used + _units(" ") + size > room:
                lines += 1
                used = 0.0
            while size > room:  # a word longer than the column breaks anywhere
                lines += 1
                size -= room
            used += (_units(" ") if used else 0) + size
    return max(lines, 1)


def _money_width(values: Iterable[Any], least: float = 14) -> float:
    """A money column wide enough for its largest amount in full (never '###')."""
    top = max((abs(v) for v in map(_value, values) if isinstance(v, (int, float))), default=0.0)
    return max(least, len(f"R$ {top:,.2f}") + 2.5)


def _capacity(scale: float, columns: int) -> float:
    """Characters of column width that fit the page width at ``scale`` % (the inverse of
    :func:`tcxl.build.print_scale`, less the per-column padding)."""
    from ..build import A4_LANDSCAPE, MARGIN_SIDE

    printable = A4_LANDSCAPE[0] - 2 * MARGIN_SIDE * 72
    return printable * 100 / (scale * 1.02 * 7.4 * 0.75) - 0.71 * columns


def _flex(wanted: float, others: list[float], least: float = 36, scale: float = TABLE_SCALE) -> float:
    """The width of a table's wrapped title column: its longest text when that fits beside
    the other columns at ``scale`` %, else what is left (the text wraps)."""
    room = _capacity(scale, len(others) + 1) - sum(others)
    return max(least, min(wanted, room))


def _page_height(scale: int) -> float:
    """Points of rows (at 100 %) one printed page holds at ``scale`` %."""
    from ..build import A4_LANDSCAPE, HEADER_FOOTER, MARGIN_TOP

    return (A4_LANDSCAPE[1] - 2 * (MARGIN_TOP + HEADER_FOOTER) * 72) * 100 / scale


def _px(width: float) -> int:
    """A column's width in pixels (Excel, Calibri 11)."""
    return int(width * 7 + 5)


def _short(text: str, size: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


class _Formats:
    """The workbook's cell formats, by kind and by whether the row is a total (bold)."""

    def __init__(self, wb):
        base = {"border": 1, "valign": "top", "font_size": 11}
        kinds = {
            "text": {},
            "wrap": {"text_wrap": True},
            "int": {"num_format": "0"},
            "brl": {"num_format": '"R$" #,##0.00'},
            "pct": {"num_format": "0.0%"},
            "date": {"num_format": "dd/mm/yyyy", "align": "left"},
            "nothing": {"align": "center", "font_color": "#7F7F7F"},
            "link": {"font_color": "#0563C1", "underline": 1, "text_wrap": True},
        }
        self.cells = {
            (kind, bold): wb.add_format({**base, **extra, **({"bold": True, "bg_color": "#F2F2F2"} if bold else {})})
            for kind, extra in kinds.items()
            for bold in (False, True)
        }
        self.status = {
            color: wb.add_format({**base, "text_wrap": True, "font_color": color})
            for color in ("#9C0006", "#9C5700", "#595959")
        }
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.head = wb.add_format(
            {
                "bold": True,
                "bg_color": "#D9E1F2",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        )
        # the cover
        self.cover_title = wb.add_format({"bold": True, "font_size": 20, "font_color": "#1F3864"})
        self.section = wb.add_format(
            {"bold": True, "font_size": 12, "font_color": "#1F3864", "bottom": 2, "bottom_color": "#1F3864"}
        )
        self.label = wb.add_format({"border": 1, "text_wrap": True, "valign": "vcenter"})
        self.label_bold = wb.add_format(
            {"border": 1, "text_wrap": True, "valign": "vcenter", "bold": True, "bg_color": "#F2F2F2"}
        )
        self.cover = {
            kind: wb.add_format({"border": 1, "valign": "vcenter", **extra})
            for kind, extra in (
                ("int", {"num_format": "#,##0"}),
                ("brl", {"num_format": '"R$" #,##0.00'}),
                ("pct", {"num_format": "0.0%"}),
                ("nothing", {"align": "center", "font_color": "#7F7F7F"}),
                ("link", {"font_color": "#0563C1", "underline": 1, "text_wrap": True}),
                ("wrap", {"text_wrap": True}),
            )
        }

    def cell(self, kind: str, bold: bool = False):
        return self.cells[(kind, bold)]


def _write(ws, fmt: _Formats, r: int, c: int, value: Any, kind: str, bold: bool = False, cell_format=None) -> None:
    """One table cell: a number, a text, a date, or '—' for an amount nobody reported."""
    value = _value(value)
    form = cell_format or fmt.cell(kind, bold)
    if value is None:
        if kind in ("brl", "pct"):
            ws.write_string(r, c, NOTHING, fmt.cell("nothing", bold))
        else:
            ws.write_blank(r, c, None, form)
    elif kind == "date":
        try:
            ws.write_datetime(r, c, dt.date.fromisoformat(str(value)), form)
        except ValueError:
            ws.write_string(r, c, str(value), fmt.cell("text", bold))
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, form)
    else:
        ws.write_string(r, c, str(value), form)


def _row(ws, fmt: _Formats, r: int, columns: list[Col], values: dict, bold: bool = False) -> int:
    """One table row: its height set for its longest wrapped text (neither LibreOffice nor
    Excel grows a row written without one when the file opens), then its cells; returns the
    lines it takes."""
    lines = max((_lines(_value(values.get(col.key)), col.width) for col in columns if col.kind in ("wrap",)), default=1)
    if lines > 1:
        ws.set_row(r, 15 * lines + 2)
    for c, col in enumerate(columns):
        _write(ws, fmt, r, c, values.get(col.key), col.kind, bold)
    return lines


def _head(ws, fmt: _Formats, row: int, columns: list[Col]) -> None:
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
        ws.write_string(row, c, col.header, fmt.head)


def _header_height(columns: list[Col]) -> float:
    return 15 * max(_lines(col.header, col.width) for col in columns) + 3


def _printed(
    ws,
    widths: list[float],
    last_row: int,
    header_rows: tuple[int, int] | None,
    breaks: list[int] | None = None,
    label_cols: int = 1,
) -> int:
    """The print setup of a printed sheet (:func:`tcxl.build.print_setup`) and its print
    area: the columns ``widths`` covers (columns further right are for the screen)."""
    from ..build import print_setup

    scale = print_setup(ws, widths, header_rows, label_cols, breaks)
    ws.print_area(0, 0, max(last_row, 0), len(widths) - 1)
    return scale


class _Book:
    """What the sheets share: the last semester's projects (their numbers and rows in
    `Projetos`), each file's entity, and the charts' sources gathered for the hidden sheet."""

    def __init__(self, summary: Summary, path: Path):
        self.summary, self.path = summary, path
        deliveries = summary.deliveries
        self.entity = dict(zip(_column(deliveries, "file"), _column(deliveries, "entity", "")))
        self.cnpj = dict(zip(_column(deliveries, "file"), _column(deliveries, "cnpj", "")))
        self.uf = dict(zip(deliveries["file"], deliveries["uf"])) if "uf" in deliveries.columns else None
        projects = summary.projects
        last = projects[projects["semester"].astype(str) == summary.semester] if len(projects) else projects
        rows = _records(last, list(projects.columns))
        self.projects = [r for r in rows if r.get("project") != "Total"]
        self.total = next((r for r in rows if r.get("project") == "Total"), None)
        self.number = {r["file"]: n for n, r in enumerate(self.projects, start=1)}
        self.chart_columns: list[tuple[int, list[tuple[str, float]]]] = []  # (first column, [(label, value)])

    def chart_source(self, points: list[tuple[str, float]]) -> int:
        """Keep ``points`` for the hidden sheet; returns their first column there."""
        first = 3 * len(self.chart_columns)
        self.chart_columns.append((first, points))
        return first


# -- Resumo: the cover, one page ---------------------------------------------------------------
COVER_WIDTHS = [8, 30, 11, 2, 24, 11, 11, 2, 20, 17, 17, 9]  # A … L; J, K grow for large amounts


def _portfolio_money(summary: Summary) -> dict[str, tuple]:
    """{year: (previsto, executado, %)} of the last semester, the blocks of every included
    project added up (what `Projetos` adds: its Total row is the 'Acumulado' line); a sum
    nobody reported stays None."""
    from decimal import Decimal

    blocks = summary.blocks
    if not len(blocks) or "year" not in blocks.columns:
        return {}
    last = blocks[blocks["semester"].astype(str) == summary.semester]
    sums: dict[str, list] = {}
    for year, planned, executed in zip(_column(last, "year"), _column(last, "previsto"), _column(last, "executado")):
        row = sums.setdefault(str(year), [None, None])
        for i, v in enumerate((planned, executed)):
            if _value(v) is not None:
                row[i] = (row[i] or Decimal(0)) + Decimal(str(v))
    return {
        year: (
            None if p is None else float(p),
            None if e is None else float(e),
            float(e / p) if p and e is not None else None,
        )
        for year, (p, e) in sums.items()
    }


def _cover(wb, fmt: _Formats, book: _Book, generated: dt.date) -> None:
    """`Resumo`, one A4 page: deliveries by status, the physical progress and the money of
    the last semester, the trend over the semesters asked, and the lowest executions, each
    linked to its row in `Projetos`."""
    from .. import __version__

    summary = book.summary
    ws = wb.add_worksheet("Resumo")
    widths: list[float] = list(COVER_WIDTHS)
    money = _portfolio_money(summary)
    years = _year_order(money)
    lowest = sorted(
        (p for p in book.projects if _value(p.get("pct_execucao")) is not None),
        key=lambda p: (p["pct_execucao"], book.number[p["file"]]),
    )[:LOWEST]
    big = _money_width(
        [v for y in money.values() for v in y[:2]]
        + [p.get(k) for p in lowest for k in ("previsto_acumulado", "executado_acumulado")],
        17,
    )
    widths[9] = widths[10] = big
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    grid: dict[int, list] = {}  # row -> [(first col, last col, value, format, url)]

    def put(r, c, value, form, last_col=None, url=None):
        grid.setdefault(r, []).append((c, c if last_col is None else last_col, value, form, url))

    heights = {0: 30, 1: 18, 2: 8}
    put(0, 0, f"Resumo semestral {_semesters(summary)}", fmt.cover_title, 11)
    put(
        1,
        0,
        f"Gerado em {generated:%d/%m/%Y} por tcxl {__version__} · {len(book.projects)} projeto(s) no resumo"
        f" · {len(summary.deliveries)} arquivo(s) recebido(s)",
        fmt.note,
        11,
    )
    top = 3
    put(top, 0, "Entregas (arquivos recebidos)", fmt.section, 2)
    put(top, 4, f"Avanço físico — {summary.semester}", fmt.section, 6)
    put(top, 8, f"Execução financeira da carteira — {summary.semester}", fmt.section, 11)
    heights[top] = 22
    # deliveries by status
    statuses = [str(s) for s in _column(summary.deliveries, "status", "")]
    lines = [
        ("Recebidos", len(statuses), True),
        ("Incluídos", statuses.count(INCLUDED), False),
        ("Incluídos com erros", statuses.count(WITH_ERRORS), False),
        ("Substituídos por outro arquivo", sum(s.startswith(REPLACED) for s in statuses), False),
        ("Ilegíveis", statuses.count(UNREADABLE), False),
        ("Não são planilha PROADI-SUS", statuses.count(NOT_PROADI), False),
        ("Fora do período", statuses.count(OUTSIDE), False),
    ]
    for i, (label, n, bold) in enumerate(lines, start=top + 1):
        put(i, 0, label, fmt.label_bold if bold else fmt.label, 1)
        put(i, 2, n, fmt.cover["int"])
    # actions of the last semester
    total = book.total or {}
    actions = [
        ("Ações programadas", total.get("programadas"), "int"),
        ("Ações finalizadas", total.get("finalizadas"), "int"),
        ("Ações adiadas/canceladas", total.get("adiadas_canceladas"), "int"),
        ("% estado de avanço", total.get("pct_avanco"), "pct"),
    ]
    for i, (label, value, kind) in enumerate(actions, start=top + 1):
        put(i, 4, label, fmt.label, 5)
        _cover_value(put, fmt, i, 6, value, kind)
    used = [top + len(lines), top + len(actions)]
    if len(summary.semesters) > 1:  # the trend: per semester, % avanço and % execução
        r = top + len(actions) + 2
        put(r, 4, "Semestre", fmt.head)
        put(r, 5, "% avanço", fmt.head)
        put(r, 6, "% execução", fmt.head)
        totals = {
            str(s): t
            for s, p, t in zip(
                _column(summary.projects, "semester"),
                _column(summary.projects, "project"),
                _records(summary.projects, ("pct_avanco", "pct_execucao")),
            )
            if p == "Total"
        }
        for i, semester in enumerate(summary.semesters, start=r + 1):
            t = totals.get(str(semester), {})
            put(i, 4, str(semester), fmt.label)
            _cover_value(put, fmt, i, 5, t.get("pct_avanco"), "pct")
            _cover_value(put, fmt, i, 6, t.get("pct_execucao"), "pct")
        used.append(r + len(summary.semesters))
    # money per year and to date
    for c, name in zip(range(8, 12), ("Ano", "Previsto (R$)", "Executado (R$)", "%")):
        put(top + 1, c, name, fmt.head)
    for i, year in enumerate(years, start=top + 2):
        bold = year == "Acumulado"
        planned, executed, pct = money[year]
        put(i, 8, f"Acumulado até {summary.semester}" if bold else year, fmt.label_bold if bold else fmt.label)
        _cover_value(put, fmt, i, 9, planned, "brl")
        _cover_value(put, fmt, i, 10, executed, "brl")
        _cover_value(put, fmt, i, 11, pct, "pct")
    if not years:
        put(top + 2, 8, "nenhum valor informado", fmt.note, 11)
    used.append(top + 1 + max(len(years), 1))
    # the lowest executions, each linked to its row in Projetos
    r = max(used) + 2
    put(
        r,
        0,
        f"Os {len(lowest) or LOWEST} projetos com menor execução financeira acumulada (o Nº leva à linha "
        "do projeto em Projetos)",
        fmt.section,
        11,
    )
    heights[r] = 22
    put(r + 1, 0, "Nº", fmt.head)
    put(r + 1, 1, "Projeto", fmt.head, 5)
    put(r + 1, 6, "Entidade", fmt.head, 8)
    put(r + 1, 9, "Previsto acumulado (R$)", fmt.head)
    put(r + 1, 10, "Executado acumulado (R$)", fmt.head)
    put(r + 1, 11, "% execução", fmt.head)
    heights[r + 1] = 15 * _lines("Executado acumulado (R$)", big, True) + 3
    title_width, entity_width = sum(widths[1:6]), sum(widths[6:9])
    for i, p in enumerate(lowest, start=r + 2):
        number = book.number[p["file"]]
        entity = book.entity.get(p["file"], "") or ""
        put(i, 0, f"Nº {number}", fmt.cover["link"], url=f"internal:'Projetos'!A{number + 2}")
        put(i, 1, p["project"], fmt.cover["wrap"], 5)
        put(i, 6, entity, fmt.cover["wrap"], 8)
        _cover_value(put, fmt, i, 9, p.get("previsto_acumulado"), "brl")
        _cover_value(put, fmt, i, 10, p.get("executado_acumulado"), "brl")
        _cover_value(put, fmt, i, 11, p.get("pct_execucao"), "pct")
        heights[i] = 15 * max(_lines(p["project"], title_width), _lines(entity, entity_width)) + 3
    end = r + 1 + len(lowest)
    if not lowest:
        end += 1
        put(end, 0, "nenhum projeto com valores financeiros informados", fmt.note, 11)
    missing = sum(1 for p in book.projects if _value(p.get("pct_execucao")) is None)
    if missing:
        end += 1
        put(end, 0, f"{missing} projeto(s) sem valores financeiros informados não entram nesta lista.", fmt.note, 11)
    for row in range(end + 1):
        if row in heights:
            ws.set_row(row, heights[row])
        for first, last_col, value, form, url in sorted(grid.get(row, []), key=lambda x: x[0]):
            if last_col > first:
                ws.merge_range(row, first, row, last_col, "", form)
            if url:
                ws.write_url(row, first, url, form, str(value))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(row, first, value, form)
            else:
                ws.write_string(row, first, str(value), form)
    _printed(ws, widths, end, None)
    ws.fit_to_pages(1, 1)  # the cover is bounded (about 40 rows): one page whatever its scale
    ws.hide_gridlines(2)
    ws.activate()


def _cover_value(put, fmt: _Formats, r: int, c: int, value: Any, kind: str) -> None:
    value = _value(value)
    if value is None:
        put(r, c, NOTHING, fmt.cover["nothing"])
    else:
        put(r, c, value, fmt.cover[kind])


def _year_order(years: Iterable[Any]) -> list[str]:
    """'Ano I', 'Ano II', … in order, then 'Acumulado'."""
    from ..periods import year_label

    order = {year_label(y): y for y in range(1, 21)}
    seen = dict.fromkeys(str(y) for y in years if y is not None)
    return sorted(seen, key=lambda y: order.get(y, 98 if y != "Acumulado" else 99))


# -- Entregas ------------------------------------------------------------------------------------
def _deliveries(wb, fmt: _Formats, book: _Book) -> None:
    summary = book.summary
    frame = summary.deliveries
    ws = wb.add_worksheet("Entregas")
    records = _records(frame, list(frame.columns))
    others = [  # and the title second, as wide as the others leave room for
        Col("name", "Arquivo", 20, "wrap"),
        Col("entity", "Entidade", 22, "wrap"),
        Col("cnpj", "CNPJ", 19),
        Col("protocol", "Nº do Protocolo (NUP)", 21, "wrap"),
        Col("date", "Data", 11, "date"),
        Col("errors", "Erros", 7, "int"),
        Col("warnings", "Avisos", 8, "int"),
        Col("codes", "Códigos mais frequentes", 17, "wrap"),
        Col("status", "Situação", 21, "wrap"),
        Col("reason", "Motivo", 28, "wrap"),
    ]
    wanted = max((len(str(r.get("title") or "")) for r in records), default=20) + 2
    others.insert(1, Col("title", "Título do projeto", _flex(wanted, [c.width for c in others]), "wrap"))
    screen = [
        Col("annotated", "Cópia anotada", 14, "link"),
        Col("path", "Caminho completo", 60),
        Col("identity", "Identidade do projeto", 40),
    ]
    columns = others + screen
    ws.write_string(
        0,
        0,
        f"Entregas — {len(records)} arquivo(s) recebido(s), na ordem em que foram lidos "
        f"(resumo semestral {_semesters(summary)})",
        fmt.title,
    )
    ws.set_row(1, _header_height(columns))
    _head(ws, fmt, 1, columns)
    urls = 0
    for r, d in enumerate(records, start=2):
        file = str(d.get("file") or "")
        status = str(d.get("status") or "")
        values = {**d, "name": Path(file).name, "path": os.path.abspath(file) if file else ""}
        lines = max(_lines(_value(values.get(col.key)), col.width) for col in others if col.kind == "wrap")
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
        for c, col in enumerate(columns):
            if col.key == "status":
                color = (
                    "#9C0006"
                    if status in (UNREADABLE, NOT_PROADI)
                    else "#9C5700"
                    if status == WITH_ERRORS
                    else "#595959"
                    if status.startswith(REPLACED) or status == OUTSIDE
                    else None
                )
                _write(ws, fmt, r, c, status, "wrap", cell_format=fmt.status[color] if color else None)
            elif col.key == "annotated":
                copy = str(_value(d.get("annotated")) or "")
                if copy and urls < EXCEL_URLS:
                    urls += 1
                    ws.write_url(r, c, "external:" + _link(copy, book.path), fmt.cell("link"), "cópia anotada")
                else:
                    _write(ws, fmt, r, c, copy or None, "wrap")
            else:
                _write(ws, fmt, r, c, values.get(col.key), col.kind)
    ws.autofilter(1, 0, max(1, len(records) + 1), len(columns) - 1)
    ws.freeze_panes(2, 1)
    _printed(ws, [c.width for c in others], len(records) + 1, (1, 1))


def _link(target: str, summary_path: Path) -> str:
    """A copy's path as the workbook links it: relative to the summary's folder when it can
    be (the folder may move with its files), else absolute."""
    try:
        return os.path.relpath(os.path.abspath(target), os.path.abspath(summary_path.parent))
    except ValueError:  # another drive (Windows)
        return os.path.abspath(target)


# -- Projetos --------------------------------------------------------------------------------------
def _projects(wb, fmt: _Formats, book: _Book) -> None:
    summary = book.summary
    ws = wb.add_worksheet("Projetos")
    rows = book.projects
    money = _money_width(
        [r.get(k) for r in rows + [book.total or {}] for k in ("previsto_acumulado", "executado_acumulado")], 14
    )
    others = [Col("number", "Nº", 5, "int"), Col("entity", "Entidade", 20, "wrap")]  # and the project second
    if book.uf is not None:
        others.append(Col("uf", "UF", 5))
    others += [
        Col("period", "Período do projeto", 12, "wrap"),
        Col("calendar", "Semestre civil", 9),
        Col("programadas", "Ações programadas", 11, "int"),
        Col("finalizadas", "Ações finalizadas", 11, "int"),
        Col("adiadas_canceladas", "Ações adiadas/ canceladas", 11, "int"),
        Col("pct_avanco", "% estado de avanço", 9, "pct"),
        Col("previsto_acumulado", "Previsto acumulado (R$)", money, "brl"),
        Col("executado_acumulado", "Executado acumulado (R$)", money, "brl"),
        Col("pct_execucao", "% execução", 9, "pct"),
        Col("erros", "Erros", 7, "int"),
        Col("avisos", "Avisos", 7, "int"),
        Col("alert", "Alerta", 15, "wrap"),
    ]
    wanted = max((len(str(r.get("project") or "")) for r in rows), default=20) + 2
    others.insert(1, Col("project", "Projeto", _flex(wanted, [c.width for c in others]), "wrap"))
    screen = [Col("alerta", "Alerta (texto completo)", 40, "wrap"), Col("file", "Arquivo", 60)]
    columns = others + screen
    printed = [c.width for c in others]
    ws.write_string(0, 0, f"Projetos — {len(rows)} projeto(s) incluído(s), semestre {summary.semester}", fmt.title)
    header = _header_height(columns)
    ws.set_row(1, header)
    _head(ws, fmt, 1, columns)
    lines = 0
    for r, p in enumerate(rows + ([book.total] if book.total else []), start=2):
        bold = p is book.total
        alert = str(p.get("alerta") or "")
        values = {
            **p,
            "number": None if bold else r - 1,
            "entity": book.entity.get(p.get("file"), ""),
            "uf": (book.uf or {}).get(p.get("file"), ""),
            "alert": SHORT_FLAG if alert == FLAG else alert,
            "project": "Total (todos os projetos)" if bold else p.get("project"),
            "calendar": p.get("calendar"),
        }
        lines += _row(ws, fmt, r, columns, values, bold)
    last = len(rows) + (2 if book.total else 1)
    ws.autofilter(1, 0, max(1, last), len(columns) - 1)
    ws.freeze_panes(2, 2)
    # % execução, sorted, in bar charts of at most CHART_BARS projects, each on its own page
    points = sorted(
        ((book.number[p["file"]], p) for p in rows if _value(p.get("pct_execucao")) is not None),
        key=lambda np: (np[1]["pct_execucao"], np[0]),
    )
    from ..build import print_scale

    scale = print_scale(printed)
    source = book.chart_source([(f"{n}. {_short(p['project'], 56)}", p["pct_execucao"]) for n, p in points])
    table_height = 20 + header + 15 * lines
    at, breaks = last + 2, []
    for part, first in enumerate(range(0, len(points), CHART_BARS)):
        bars = min(CHART_BARS, len(points) - first)
        height = _chart_height(bars, scale, header)
        if part or table_height + height * 0.75 > _page_height(scale) - 20:
            breaks.append(at)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "% execução",
                "categories": [CHART_DATA, first, source, first + bars - 1, source],
                "values": [CHART_DATA, first, source + 1, first + bars - 1, source + 1],
                "fill": {"color": "#4472C4"},
                "gap": 60,
                "data_labels": {"value": True, "num_format": "0%", "font": {"size": 11}},
            }
        )
        span = (
            f"projetos {first + 1}–{first + bars} de {len(points)}"
            if len(points) > CHART_BARS
            else f"{len(points)} projeto(s)"
        )
        chart.set_title(
            {"name": f"% de execução financeira acumulada, do menor para o maior — {span}", "name_font": {"size": 14}}
        )
        _bar_axes(chart)
        chart.set_size({"width": sum(_px(w) for w in printed) - 10, "height": height})
        ws.insert_chart(at, 0, chart, {"x_offset": 5, "y_offset": 5})
        at += math.ceil(height / 20) + 2
    if len(points) < len(rows):
        ws.write_string(
            at,
            0,
            f"{len(rows) - len(points)} projeto(s) sem valores financeiros informados não aparecem no gráfico.",
            fmt.note,
        )
        at += 1
    _printed(ws, printed, at, (1, 1), breaks, 2)


def _chart_height(bars: int, scale: int, header: float) -> int:
    """Pixels of a bar chart of ``bars`` categories: about 34 px a bar, never taller than a
    page (less the repeated header row) at ``scale`` %."""
    room = (_page_height(scale) - header - 30) * 4 / 3
    return int(min(room, 120 + 34 * bars))


def _bar_axes(chart, num_format: str = "0%") -> None:
    """A horizontal bar chart's axes: values from zero (at the bottom), categories top to
    bottom in order."""
    chart.set_x_axis(
        {"num_format": num_format, "min": 0, "major_gridlines": {"visible": True}, "num_font": {"size": 12}}
    )
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 12}})
    chart.set_legend({"none": True})


# -- Demonstrativo consolidado -------------------------------------------------------------------
def _statement(wb, fmt: _Formats, book: _Book) -> None:
    from ..accounts import ACCOUNTS

    summary = book.summary
    frame = summary.statement
    last = frame[frame["semester"].astype(str) == summary.semester] if len(frame) else frame
    years = _year_order(_column(last, "year"))
    values = {
        (c, y): (p, e, q)
        for c, y, p, e, q in zip(
            _column(last, "code"),
            _column(last, "year"),
            _column(last, "previsto"),
            _column(last, "executado"),
            _column(last, "pct"),
        )
    }
    money = _money_width([v for t in values.values() for v in t[:2]], 15)
    ws = wb.add_worksheet("Demonstrativo consolidado")
    label = 46
    widths = [label] + [money, money, 8] * len(years)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write_string(
        0,
        0,
        f"Demonstrativo da execução financeira consolidado — {len(book.projects)} projeto(s), "
        f"semestre {summary.semester}",
        fmt.title,
    )
    ws.set_row(1, 20)
    ws.set_row(2, 20)
    for i, year in enumerate(years):  # row 1 before the 'Conta' cell that spans rows 1-2 (rows go in order)
        c = 1 + 3 * i
        name = f"Acumulado até {summary.semester}" if year == "Acumulado" else year
        ws.merge_range(1, c, 1, c + 2, name, fmt.head)
    ws.merge_range(1, 0, 2, 0, "Conta", fmt.head)
    for i in range(len(years)):
        for j, name in enumerate(("Previsão (R$)", "Executado (R$)", "%")):
            ws.write_string(2, 1 + 3 * i + j, name, fmt.head)
    r = 3
    for acc in ACCOUNTS:
        bold = acc.kind in ("heading", "total")
        lines = _lines(acc.label, label, bold)
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
        ws.write_string(r, 0, acc.label, fmt.cell("wrap", bold))
        for i, year in enumerate(years):
            c = 1 + 3 * i
            if acc.kind == "heading":
                for j in range(3):
                    ws.write_blank(r, c + j, None, fmt.cell("text", True))
            elif acc.kind == "ratio":  # % indirect costs: 3 / TOTAL, for Previsão and for Executado
                share, whole = values.get(("3", year), (None,) * 3), values.get(("TOTAL", year), (None,) * 3)
                for j in range(2):
                    a, b = _value(share[j]), _value(whole[j])
                    _write(ws, fmt, r, c + j, a / b if a is not None and b else None, "pct")
                ws.write_blank(r, c + 2, None, fmt.cell("text"))
            else:
                planned, executed, pct = values.get((acc.code, year), (None, None, None))
                _write(ws, fmt, r, c, planned, "brl", bold)
                _write(ws, fmt, r, c + 1, executed, "brl", bold)
                _write(ws, fmt, r, c + 2, pct, "pct", bold)
        r += 1
    if not years:
        ws.write_string(r + 1, 0, "Nenhum valor financeiro informado nos projetos incluídos.", fmt.note)
        r += 2
    ws.freeze_panes(3, 1)
    _printed(ws, widths, r - 1, (1, 2))


# -- Avanço físico ------------------------------------------------------------------------------------
def _progress(wb, fmt: _Formats, book: _Book) -> None:
    summary = book.summary
    frame = summary.progress
    last = frame[frame["semester"].astype(str) == summary.semester] if len(frame) else frame
    per_file: dict[Any, dict[str, dict]] = {}  # by the frame's file column
    for rec in _records(last, ("file", "result", "programadas", "finalizadas", "adiadas_canceladas", "pct_avanco")):
        per_file.setdefault(rec["file"], {})[str(rec["result"])] = rec
    results = sorted(
        {r for rs in per_file.values() for r in rs if r != "Total"},
        key=lambda r: (not r.isdigit(), int(r) if r.isdigit() else 0, r),
    )
    ws = wb.add_worksheet("Avanço físico")
    result_cols = [
        Col(
            r,
            f"Resultado {r}" if r.isdigit() else "Monitoramento (M)" if r == "M" else r,
            11 if r.isdigit() else 15,
            "text",
        )
        for r in results
    ]
    others = [  # and the project second
        Col("number", "Nº", 5, "int"),
        *result_cols,
        Col("programadas", "Ações programadas", 11, "int"),
        Col("finalizadas", "Ações finalizadas", 11, "int"),
        Col("adiadas_canceladas", "Ações adiadas/ canceladas", 11, "int"),
        Col("pct_avanco", "% estado de avanço", 9, "pct"),
    ]
    projects = book.projects
    wanted = max((len(str(p.get("project") or "")) for p in projects), default=20) + 2
    others.insert(1, Col("project", "Projeto", _flex(wanted, [c.width for c in others], 36, 62), "wrap"))
    columns = others + [Col("file", "Arquivo", 60)]
    ws.write_string(
        0,
        0,
        f"Avanço físico — semestre {summary.semester}: em cada resultado, ações finalizadas/"
        "programadas (% estado de avanço); ! = finalizadas além das programadas",
        fmt.title,
    )
    header = _header_height(columns)
    ws.set_row(1, header)
    _head(ws, fmt, 1, columns)
    rows = projects + ([book.total] if book.total else [])
    lines = 0
    for r, p in enumerate(rows, start=2):
        bold = p is book.total
        counts = per_file.get(p.get("file"), {})
        values = {
            **p,
            "number": None if bold else r - 1,
            "project": "Total (todos os projetos)" if bold else p.get("project"),
        }
        for col in result_cols:
            counted = _sum_results([f.get(col.key) for f in per_file.values()]) if bold else counts.get(col.key)
            values[col.key] = _fraction(counted)
        lines += _row(ws, fmt, r, columns, values, bold)
    last_row = len(rows) + 1
    ws.autofilter(1, 0, max(1, last_row), len(columns) - 1)
    ws.freeze_panes(2, 2)
    from ..build import print_scale

    printed = [c.width for c in others]
    scale = print_scale(printed)
    at, breaks = last_row + 2, []
    points = [(p, r, per_file[p["file"]][r]) for p in projects for r in results if r in per_file.get(p["file"], {})]
    table_height = 20 + header + 15 * lines
    if 0 < len(points) <= CHART_BARS:  # a bar per result
        labels = [
            (f"Resultado {r}" if r.isdigit() else "Monitoramento" if r == "M" else r)
            if len(projects) == 1
            else f"Nº {book.number[p['file']]} · " + (f"R{r}" if r != "M" else "M")
            for p, r, _ in points
        ]
        source = book.chart_source([(label, _value(rec["pct_avanco"])) for label, (_, _, rec) in zip(labels, points)])
        height = _chart_height(len(points), scale, header)
        chart = wb.add_chart({"type": "bar"})
        chart.add_series(
            {
                "name": "% estado de avanço",
                "categories": [CHART_DATA, 0, source, len(points) - 1, source],
                "values": [CHART_DATA, 0, source + 1, len(points) - 1, source + 1],
                "fill": {"color": "#70AD47"},
                "gap": 60,
                "data_labels": {"value": True, "num_format": "0%", "font": {"size": 11}},
            }
        )
        chart.set_title({"name": f"% estado de avanço por resultado — {summary.semester}", "name_font": {"size": 14}})
        _bar_axes(chart)
        chart.set_size({"width": min(sum(_px(w) for w in printed) - 10, 1100), "height": height})
        if table_height + height * 0.75 > _page_height(scale) - 20:
            breaks.append(at)
        ws.insert_chart(at, 0, chart, {"x_offset": 5, "y_offset": 5})
        at += math.ceil(height / 20) + 2
    elif points:  # many results: their distribution (and the projects'), in bins of 20 %
        if table_height + 300 > _page_height(scale) - 20:
            breaks.append(at)
        at = _distribution(
            wb,
            ws,
            fmt,
            at,
            [rec for _, _, rec in points],
            [per_file[p["file"]].get("Total") for p in projects],
            summary.semester,
            sum(_px(w) for w in printed),
            scale,
            header,
        )
    _printed(ws, printed, at, (1, 1), breaks, 2)


def _fraction(rec: dict | None) -> str | None:
    """'3/4 (75%)' — finalizadas/programadas and the %; '—' when nothing was programmed
    nor done; a '!' when more was done than programmed."""
    if not rec:
        return None
    prog, fin = int(_value(rec.get("programadas")) or 0), int(_value(rec.get("finalizadas")) or 0)
    if prog == 0 and fin == 0:
        return NOTHING
    text = f"{fin}/{prog}" + (f" ({round(100 * fin / prog)}%)" if prog else "")
    return text + (" !" if fin > prog else "")


def _sum_results(recs: list[dict | None]) -> dict | None:
    filled = [r for r in recs if r]
    if not filled:
        return None
    return {k: sum(int(_value(r.get(k)) or 0) for r in filled) for k in ("programadas", "finalizadas")}


BINS = (
    (0.0, 0.2, "0–20%"),
    (0.2, 0.4, "20–40%"),
    (0.4, 0.6, "40–60%"),
    (0.6, 0.8, "60–80%"),
    (0.8, 1.0, "80–100%"),
    (1.0, math.inf, "acima de 100%"),
)


def _bin(pct: Any) -> int | None:
    """The band of a % estado de avanço (80–100 % takes 100 %; beyond it, the last band)."""
    pct = _value(pct)
    if pct is None:
        return None
    if pct > 1.0:
        return len(BINS) - 1
    return next(i for i, (_, high, _) in enumerate(BINS) if pct < high or high == 1.0)


def _distribution(
    wb,
    ws,
    fmt: _Formats,
    at: int,
    results: list[dict],
    totals: list[dict | None],
    semester: str,
    width_px: int,
    scale: int,
    header: float,
) -> int:
    """How many results (and projects) fall in each 20 % band of % estado de avanço: a small
    table and its column chart (the source of the chart is the table)."""
    counts = [[0, 0] for _ in BINS]
    none = [0, 0]
    groups: tuple[Sequence[dict | None], ...] = (results, totals)
    for k, recs in enumerate(groups):
        for rec in recs:
            b = _bin(rec.get("pct_avanco")) if rec else None
            if b is None:
                none[k] += 1
            else:
                counts[b][k] += 1
    ws.write_string(
        at,
        0,
        f"Distribuição do % estado de avanço — {semester} ({len(results)} resultados de {len(totals)} projetos)",
        fmt.title,
    )
    ws.set_row(at + 1, 30)
    ws.write_string(at + 1, 1, "Faixa de % estado de avanço", fmt.head)
    ws.write_string(at + 1, 2, "Resultados", fmt.head)
    ws.write_string(at + 1, 3, "Projetos (total)", fmt.head)
    for i, (_, _, label) in enumerate(BINS):
        ws.write_string(at + 2 + i, 1, label, fmt.cell("text"))
        ws.write_number(at + 2 + i, 2, counts[i][0], fmt.cell("int"))
        ws.write_number(at + 2 + i, 3, counts[i][1], fmt.cell("int"))
    end = at + 2 + len(BINS)
    ws.write_string(end, 1, "nada programado", fmt.cell("text"))
    ws.write_number(end, 2, none[0], fmt.cell("int"))
    ws.write_number(end, 3, none[1], fmt.cell("int"))
    sheet = ws.get_name()
    chart = wb.add_chart({"type": "column"})
    for c, color in ((2, "#70AD47"), (3, "#4472C4")):
        chart.add_series(
            {
                "name": [sheet, at + 1, c],
                "categories": [sheet, at + 2, 1, end - 1, 1],
                "values": [sheet, at + 2, c, end - 1, c],
                "fill": {"color": color},
                "data_labels": {"value": True, "font": {"size": 12}},
            }
        )
    chart.set_title({"name": "Resultados e projetos por faixa de % estado de avanço", "name_font": {"size": 14}})
    chart.set_y_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True}, "name": "quantidade"})
    chart.set_x_axis({"num_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    height = int(min((_page_height(scale) - header - 30) * 4 / 3 - 200, 420))
    chart.set_size({"width": min(width_px - 10, 900), "height": height})
    ws.insert_chart(end + 2, 0, chart, {"x_offset": 5, "y_offset": 5})
    return end + 2 + math.ceil(height / 20) + 1


# -- Evolução ------------------------------------------------------------------------------------------
def _evolution(wb, fmt: _Formats, book: _Book) -> None:
    summary = book.summary
    frame = summary.projects
    recs = _records(frame, ("semester", "project", "file", "pct_avanco", "pct_execucao"))
    by: dict[tuple[str, str], dict] = {
        (str(r["semester"]), r["file"] if r["project"] != "Total" else ""): r for r in recs
    }
    order = list(dict.fromkeys(r["file"] for r in recs if r["project"] != "Total"))
    titles = {r["file"]: r["project"] for r in recs if r["project"] != "Total"}
    pairs = [
        Col(f"{k}|{s}", f"{name} {s}", 11, "pct")
        for s in summary.semesters
        for k, name in (("pct_avanco", "% avanço"), ("pct_execucao", "% execução"))
    ]
    others = [Col("entity", "Entidade", 30, "wrap"), *pairs]  # and the project first
    wanted = max((len(str(t)) for t in titles.values()), default=20) + 2
    others.insert(0, Col("project", "Projeto", _flex(wanted, [c.width for c in others], 36, 62), "wrap"))
    columns = others + [Col("file", "Arquivo", 60)]
    ws = wb.add_worksheet("Evolução")
    ws.write_string(
        0,
        0,
        f"Evolução por semestre — % estado de avanço e % execução financeira acumulada ({_semesters(summary)})",
        fmt.title,
    )
    ws.set_row(1, _header_height(columns))
    _head(ws, fmt, 1, columns)
    rows = [(f, titles[f]) for f in order] + [("", "Total (todos os projetos)")]
    for r, (file, title) in enumerate(rows, start=2):
        bold = file == ""
        values = {"project": title, "entity": book.entity.get(file, ""), "file": file}
        for col in pairs:
            key, semester = col.key.split("|", 1)
            rec = by.get((semester, file))
            values[col.key] = rec.get(key) if rec else None
        _row(ws, fmt, r, columns, values, bold)
    ws.autofilter(1, 0, len(rows) + 1, len(columns) - 1)
    ws.freeze_panes(2, 1)
    _printed(ws, [c.width for c in others], len(rows) + 1, (1, 1))


# -- the data sheets ------------------------------------------------------------------------------------
ROWS_AT_ONCE = 20_000  # rows turned into Python values at a time while a data sheet is written


def _view_rows(frame, columns: list[Col], start: int = 0, stop: int | None = None):
    """The view's cells row by row, in its column order (a column the frame lacks is empty),
    as an iterator over slices (memory stays flat however long the view). Column lists, not
    ``to_dict('records')``: a seventh of the time on 2,000 projects."""
    stop = len(frame) if stop is None else min(stop, len(frame))
    for first in range(start, stop, ROWS_AT_ONCE):
        part = frame.iloc[first : min(first + ROWS_AT_ONCE, stop)]
        n = len(part)
        yield from zip(*[part[col.key].tolist() if col.key in part.columns else [None] * n for col in columns])


def _data_sheets(
    wb, fmt: _Formats, name: str, frame, columns: list[Col], rows_per_sheet: int, summary: Summary
) -> None:
    """A long table on as many sheets as it takes; none of them prints (an empty print area)."""
    total = len(frame)
    formats = [fmt.cell(col.kind if col.kind in ("int", "brl", "pct") else "text") for col in columns]
    amounts = [col.kind in ("brl", "pct") for col in columns]
    nothing, plain = fmt.cell("nothing"), fmt.cell("text")
    for part, start in enumerate(range(0, max(total, 1), rows_per_sheet)):
        sheet = name if part == 0 else f"{name} ({part + 1})"
        count = max(0, min(rows_per_sheet, total - start))
        ws = wb.add_worksheet(sheet)
        ws.write_string(
            0,
            0,
            f"{sheet} — resumo semestral {_semesters(summary)} (tabela de dados para filtrar; não é impressa)",
            fmt.title,
        )
        ws.set_row(1, 45)
        _head(ws, fmt, 1, columns)
        for r, row in enumerate(_view_rows(frame, columns, start, start + count), start=2):
            for c, raw in enumerate(row):
                value = _value(raw)
                if value is None:
                    if amounts[c]:
                        ws.write_string(r, c, NOTHING, nothing)  # nothing reported (or no base for a %)
                    else:
                        ws.write_blank(r, c, None, plain)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, c, value, formats[c])
                else:
                    ws.write_string(r, c, str(value), plain)
        ws.autofilter(1, 0, max(1, count + 1), len(columns) - 1)
        ws.freeze_panes(2, 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.print_area(0, len(columns) + 1, 0, len(columns) + 1)  # an empty cell: nothing to print


def _chart_data(wb, book: _Book) -> None:
    """The hidden sheet of the charts' sources (label, value), written row by row."""
    ws = wb.add_worksheet(CHART_DATA)
    longest = max((len(points) for _, points in book.chart_columns), default=0)
    for r in range(longest):
        for first, points in book.chart_columns:
            if r < len(points):
                label, value = points[r]
                ws.write_string(r, first, label)
                if _value(value) is not None:
                    ws.write_number(r, first + 1, value)
    ws.print_area(0, 10, 0, 10)
    ws.hide()
