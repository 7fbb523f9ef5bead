"""The summary workbook's data sheets (``Dados - …``): the long tables, every semester, with
autofilter, for the people who filter them. None prints: a print area of one empty cell prints
nothing (a hidden sheet would not print either, but would hide the data). A table longer than
an Excel sheet goes on in ``"<name> (2)"``, …"""

from __future__ import annotations

from ..vocabulary import BY_NAME, headers
from .book import cell_value, semesters_text
from .cells import Col, Formats, write_header
from .portfolio import Summary
from .views import NOTHING

EXCEL_ROWS = 1_048_576  # rows of an Excel sheet; a longer data sheet goes on in "<name> (2)", …

KINDS = {"planned": "brl", "executed": "brl", "pct": "pct", "progress": "pct"}  # the rest: by dtype


def _columns(*spec: tuple[str, float]) -> list[Col]:
    """A data sheet's columns (name, width): the vocabulary's pt-BR headers (:func:`headers`),
    money's with " (R$)"; counts as integers, money as R$, fractions as %."""
    names = [name for name, _ in spec]
    out = []
    for (name, width), header in zip(spec, headers(names)):
        kind = KINDS.get(name) or ("int" if name in BY_NAME and BY_NAME[name].dtype == "Int64" else "text")
        out.append(Col(name, f"{header} (R$)" if kind == "brl" else header, width, kind))
    return out


_WHERE = (("report_semester", 10),)
DATA_VIEWS = (
    (
        "Dados - projetos",
        "projects",
        _columns(
            *_WHERE,
            ("project", 40),
            ("period", 16),
            ("calendar", 12),
            ("errors", 11),
            ("warnings", 9),
            ("programmed", 13),
            ("finished", 11),
            ("postponed", 14),
            ("progress", 11),
            ("alert", 30),
            ("planned", 17),
            ("executed", 17),
            ("pct", 10),
            ("file", 40),
        ),
    ),
    (
        "Dados - avanço físico",
        "progress",
        _columns(
            *_WHERE,
            ("project", 34),
            ("period", 16),
            ("calendar", 12),
            ("block", 10),
            ("description", 40),
            ("programmed", 13),
            ("finished", 11),
            ("postponed", 14),
            ("progress", 11),
            ("alert", 30),
            ("errors", 11),
            ("file", 40),
        ),
    ),
    (
        "Dados - fin. por bloco",
        "blocks",
        _columns(
            *_WHERE,
            ("project", 34),
            ("block", 8),
            ("letter", 7),
            ("year", 12),
            ("level", 9),
            ("planned", 17),
            ("executed", 17),
            ("pct", 11),
        ),
    ),
    (
        "Dados - fin. por conta",
        "accounts",
        _columns(
            *_WHERE,
            ("project", 30),
            ("account", 10),
            ("label", 50),
            ("level", 9),
            ("year", 12),
            ("planned", 17),
            ("executed", 17),
            ("pct", 9),
        ),
    ),
    (
        "Dados - demonstrativo",
        "statement",
        _columns(
            *_WHERE,
            ("account", 10),
            ("label", 50),
            ("level", 9),
            ("year", 12),
            ("planned", 19),
            ("executed", 19),
            ("pct", 9),
        ),
    ),
)


LONG_VIEWS = ("blocks", "accounts")  # a row per project × block/account × year: data sheets only when asked


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


def write_data_views(wb, fmt: Formats, summary: Summary, rows_per_sheet: int, long_tables: bool) -> None:
    """The data sheets of :data:`DATA_VIEWS`, those of :data:`LONG_VIEWS` when ``long_tables``."""
    for name, table, columns in DATA_VIEWS:
        if long_tables or table not in LONG_VIEWS:
            write_data_sheets(wb, fmt, name, getattr(summary, table), columns, rows_per_sheet, summary)


def write_data_sheets(
    wb, fmt: Formats, name: str, frame, columns: list[Col], rows_per_sheet: int, summary: Summary
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
            f"{sheet} — resumo semestral {semesters_text(summary)} (tabela de dados para filtrar; não é impressa)",
            fmt.title,
        )
        write_header(ws, fmt, columns, 45)
        for r, row in enumerate(_view_rows(frame, columns, start, start + count), start=2):
            for c, raw in enumerate(row):
                value = cell_value(raw)
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
