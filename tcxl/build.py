"""Write a :class:`~tcxl.layout.base.WorkbookLayout` with xlsxwriter (SPEC §1.6).

Every formula is written with its computed result, inputs are unlocked and shaded,
sheets are protected, and the output is byte-identical for identical input (fixed
document properties; xlsxwriter already fixes the zip timestamps). The file is written
to a temporary name and renamed into place, so a failure never leaves a partial file.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from .atomic import atomic_write
from .formula.functions import CLASSIC
from .layout import METADATA_SHEET, TEMPLATE_VERSION, workbook_layout
from .layout.base import BLANK, DATE, FLAG, FORMULA, INPUT, MONEY, PLAN_MARK, STATUS_MARK, SheetLayout, WorkbookLayout
from .layout.schedule import PLAN_MARKS, STATUS_MARKS
from .model import Project
from .speed import paused_gc
from .styles import STYLES
from .totals import Evaluation, Formula, Key, Value, rectangles, render

FIXED_CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)
PROTECTION = {
    "format_columns": True,
    "format_rows": True,
    "insert_rows": True,
    "delete_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


# every function tcxl's formulas and validations call: none is one of the "future functions"
# that Excel stores with an _xlfn. prefix
_FUNCTION_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9._]*)\(")


class _Sheet(Worksheet):
    """xlsxwriter's worksheet, minus its future-function scan for formulas tcxl writes.

    xlsxwriter runs 30 to 180 regex substitutions on every formula (cells and validations)
    to prefix functions newer than Excel 2010 with ``_xlfn.``; for a formula that calls only
    functions the table marks as classic (:data:`tcxl.formula.functions.CLASSIC`) the scan
    changes nothing, so it is skipped (a third of the time of building a big project). Any
    other formula goes through xlsxwriter's code.

    This overrides a private method because the public API cannot do it: xlsxwriter (3.x) has
    no switch for the scan. ``use_future_functions=False`` (the default) still runs its 30
    dynamic-array substitutions on every formula; ``write_formula`` with a value only sets the
    cached result; ``strings_to_formulas`` is about ``write()``. ``test_build`` compares the
    files written with and without this class, so an xlsxwriter change that breaks it fails.
    """

    def _prepare_formula(self, formula, expand_future_functions=False):
        text = formula[1:] if formula.startswith("=") else formula
        if not text.startswith("{") and not text.endswith("}") and CLASSIC.issuperset(_FUNCTION_CALL.findall(text)):
            return text
        return super()._prepare_formula(formula, expand_future_functions)


def _validation(kind: str, top_left: str) -> dict[str, Any]:
    """Data-validation options (pt-BR messages) for a run whose first cell is ``top_left``."""
    if kind == MONEY:
        return {
            "validate": "custom",
            "ignore_blank": True,
            "value": f"=AND(ISNUMBER({top_left}),{top_left}>=0,ROUND({top_left},2)={top_left})",
            "error_title": "Valor inválido",
            "error_message": "Informe um valor em reais maior ou igual a zero, com no máximo 2 casas decimais.",
        }
    if kind == PLAN_MARK:
        return {
            "validate": "list",
            "source": list(PLAN_MARKS),
            "error_title": "Marca inválida",
            "error_message": "Na linha Previsto, use X para marcar o semestre previsto.",
        }
    if kind == STATUS_MARK:
        return {
            "validate": "list",
            "source": list(STATUS_MARKS),
            "error_title": "Marca inválida",
            "error_message": "Na linha Realizado, use X (realizada), P (parcialmente realizada/em "
            "andamento), A (adiada) ou C (cancelada).",
        }
    if kind == FLAG:
        return {
            "validate": "list",
            "source": ["X"],
            "error_title": "Marca inválida",
            "error_message": "Marque com X as áreas de atuação do projeto.",
        }
    if kind == DATE:
        return {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(1990, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "error_title": "Data inválida",
            "error_message": "Informe uma data no formato dd/mm/aaaa.",
        }
    raise ValueError(kind)


def compute_values(layout: WorkbookLayout) -> dict[Key, Value]:
    """Every formula's value, computed from the layout's inputs.

    Parameters
    ----------
    layout : WorkbookLayout
        From :func:`workbook_layout`.

    Returns
    -------
    dict
        Layout key (a tuple such as ``("fin", "TOTAL", 1, "planned")``: sheet, item, year,
        column) -> ``Decimal``, or ``""`` for a guarded result that is empty (a percentage
        whose Previsão is 0).

    Examples
    --------
    >>> import tcxl
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> values = tcxl.compute_values(tcxl.workbook_layout(project))
    >>> values[("fin", "TOTAL", 1, "planned")]  # TOTAL GERAL, Ano I, Previsão
    Decimal('572250.50')
    """
    inputs = layout.inputs()

    def input_of(key: Key) -> Value:
        raw = inputs.get(key)
        return Decimal(raw) if isinstance(raw, (int, float, Decimal)) else raw

    value_of = Evaluation(layout.formulas(), input_of)
    return {key: value_of(key) for key in value_of.formulas}


def _write_value(ws, row: int, col: int, value: Any, fmt) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (Decimal, int, float)):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


LINE_HEIGHT = 15


def _row_heights(sheet: SheetLayout) -> dict[int, float]:
    """Rows whose wrapped text needs more than one line (xlsxwriter does not autofit)."""
    heights: dict[int, float] = {}
    spans = {(m.first_row, m.first_col): m for m in sheet.merges if m.first_row == m.last_row}
    texts = [(c.row, c.col, c.value, c.style) for c in sheet.cells if isinstance(c.value, str)]
    texts += [(m.first_row, m.first_col, m.value, m.style) for m in spans.values() if isinstance(m.value, str)]
    for row, col, value, style in texts:
        if STYLES[style].get("text_wrap") and value:
            merge = spans.get((row, col))
            last = merge.last_col if merge else col
            width = sum(sheet.widths.get(c, 8.43) for c in range(col, last + 1))
            lines = -(-int(len(value) * 1.1) // max(int(width), 1))
            if lines > 1:
                heights[row] = max(heights.get(row, 0), LINE_HEIGHT * min(lines, 6))
    return heights


# print setup (SPEC §1.6): A4 landscape, fit to width, never below MIN_SCALE %
MIN_SCALE = 55
MARGIN_SIDE, MARGIN_TOP = 0.4, 0.6  # inches
A4_LANDSCAPE = (842, 595)  # points
HEADER_FOOTER = 0.3  # inches, each


def _used_widths(sheet: SheetLayout) -> list[float]:
    used = max((c.col for c in sheet.cells), default=0)
    used = max(used, max((m.last_col for m in sheet.merges), default=0))
    return [sheet.widths.get(c, 8.43) for c in range(used + 1)]


def print_scale(widths: list[float]) -> int:
    """The scale (%) that fits columns of these widths (characters) to the page width, no
    smaller than MIN_SCALE. Excel gives a column of ``w`` characters 7w + 5 px (Calibri 11),
    LibreOffice (Carlito) about 7.4 (w + 0.71) px: the wider of the two is used, plus 2 %."""
    width = sum((w + 0.71) * 7.4 for w in widths) * 0.75
    printable = A4_LANDSCAPE[0] - 2 * MARGIN_SIDE * 72
    return max(MIN_SCALE, min(100, int(100 * printable / (width * 1.02))))


def print_setup(
    ws, widths: list[float], header_rows: tuple[int, int] | None, label_cols: int = 0, breaks: list[int] | None = None
) -> int:
    """A4 landscape at a scale that fits the width (never 'fit to pages': Excel then ignores
    page breaks, and a long table shrinks to unreadable print), header rows repeated, a
    footer with the sheet name and page number; returns the scale."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.set_margins(left=MARGIN_SIDE, right=MARGIN_SIDE, top=MARGIN_TOP, bottom=MARGIN_TOP)
    ws.set_footer("&L&A&RPágina &P de &N", {"margin": HEADER_FOOTER})
    scale = print_scale(widths)
    ws.set_print_scale(scale)
    if header_rows:
        ws.repeat_rows(*header_rows)
    if scale == MIN_SCALE and label_cols:
        ws.repeat_columns(0, label_cols - 1)  # wider than the page: the labels on every page
    if breaks:
        ws.set_h_pagebreaks(breaks)
    return scale


def page_breaks(sheet: SheetLayout, heights: dict[int, float], scale: int) -> list[int]:
    """Rows to break before so that a block that fits on a page is not split across two."""
    page = (A4_LANDSCAPE[1] - 2 * (MARGIN_TOP + HEADER_FOOTER) * 72) * 100 / scale
    height = lambda a, b: sum(heights.get(r, LINE_HEIGHT) for r in range(a, b + 1))  # noqa: E731
    repeated = height(*sheet.header_rows) if sheet.header_rows else 0
    breaks, top, first = [], 0, True
    for start, end in sheet.blocks:
        room = page - (0 if first else repeated)
        if height(top, end) > room and start > top and height(start, end) <= page - repeated:
            breaks.append(start)
            top, first = start, False
        while height(top, end) > page - (0 if first else repeated):  # the client breaks inside it
            used, r = 0.0, top
            while used + heights.get(r, LINE_HEIGHT) <= page - (0 if first else repeated):
                used += heights.get(r, LINE_HEIGHT)
                r += 1
            top, first = r, False
    return breaks


def _write_sheet(wb, sheet: SheetLayout, formats: dict, values: dict, password: str) -> None:
    ws = wb.add_worksheet(sheet.name, worksheet_class=_Sheet)
    for col, width in sheet.widths.items():
        ws.set_column(col, col, width)
    heights = _row_heights(sheet)
    for row, height in sorted(heights.items()):
        ws.set_row(row, height)
    pos = sheet.positions()
    validations: dict[str, list[tuple[int, int]]] = {}
    for cell in sheet.cells:
        fmt = formats[cell.style]
        if cell.role == FORMULA:
            value = values[cell.key]
            text = render(cast(Formula, cell.formula), pos)  # a formula cell always has its formula
            ws.write_formula(cell.row, cell.col, text, fmt, float(value) if isinstance(value, Decimal) else "")
        elif cell.role == BLANK:
            ws.write_blank(cell.row, cell.col, None, fmt)
        else:
            _write_value(ws, cell.row, cell.col, cell.value, fmt)
        if cell.role == INPUT and cell.validation:
            validations.setdefault(cell.validation, []).append((cell.row, cell.col))
    for m in sheet.merges:
        ws.merge_range(m.first_row, m.first_col, m.last_row, m.last_col, m.value, formats[m.style])
    for kind, cells in validations.items():
        rects = rectangles(cells)
        if kind == MONEY:  # a custom formula is relative to its range's first cell: one per rectangle
            for (r1, c1), (r2, c2) in rects:
                ws.data_validation(r1, c1, r2, c2, _validation(kind, xl_rowcol_to_cell(r1, c1)))
        else:  # lists and dates: one validation over every range
            (r1, c1), (r2, c2) = rects[0]
            multi = " ".join(xl_range(a, b, c, d) for (a, b), (c, d) in rects)
            ws.data_validation(r1, c1, r2, c2, {**_validation(kind, ""), "multi_range": multi})
    if sheet.freeze != (0, 0):
        ws.freeze_panes(*sheet.freeze)
    widths = _used_widths(sheet)
    print_setup(ws, widths, sheet.header_rows, sheet.freeze[1] or 1, page_breaks(sheet, heights, print_scale(widths)))
    if sheet.protect:
        ws.protect(password, PROTECTION)


def _write_metadata(wb, metadata: dict[str, str], password: str) -> None:
    ws = wb.add_worksheet(METADATA_SHEET)
    ws.write_string(0, 0, "chave")
    ws.write_string(0, 1, "valor")
    for row, (key, value) in enumerate(metadata.items(), start=1):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.hide()
    ws.protect(password)


def write_layout(layout: WorkbookLayout, path: str | Path, title: str = "", password: str = "") -> Path:
    """Write ``layout`` to ``path`` atomically; return the path."""
    path = Path(path)
    values = compute_values(layout)
    with atomic_write(path, ".xlsx") as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp), {"strings_to_urls": False, "strings_to_numbers": False, "strings_to_formulas": False}
        )
        wb.set_properties(
            {
                "title": title or "Modelo PROADI-SUS",
                "subject": "PROADI-SUS",
                "author": "tcxl",
                "comments": f"tcxl template {TEMPLATE_VERSION}",
                "created": FIXED_CREATED,
            }
        )
        wb.set_custom_property("tcxl_template_version", TEMPLATE_VERSION)
        formats = {name: wb.add_format(props) for name, props in STYLES.items()}
        for sheet in layout.sheets:
            _write_sheet(wb, sheet, formats, values, password)
        _write_metadata(wb, layout.metadata, password)
        try:
            wb.close()
        except XlsxWriterException as exc:
            raise OSError(str(exc)) from None
    return path


@paused_gc()
def build_workbook(project: Project | None, path: str | Path, password: str = "") -> Path:
    """Build the five official sheets for ``project`` (``None``: the blank official template).

    Every total, subtotal and percentage is a live formula written with its computed
    result; input cells are unlocked and shaded, the sheets protected, with inserting and
    deleting rows allowed. Building twice gives byte-identical files.

    Parameters
    ----------
    project : Project or None
        The project; ``None`` builds the blank official template (:meth:`Project.blank`).
    path : str or os.PathLike
        The ``.xlsx`` to write (written atomically; its folder is created).
    password : str, optional
        The sheets' protection password (default: protected without one).

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    TcxlError
        The file cannot be written.

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> out = tcxl.build_workbook(project, f"{tmp}/projeto.xlsx")
    >>> out.name, tcxl.check(out).ok
    ('projeto.xlsx', True)
    >>> tcxl.build_workbook(None, f"{tmp}/modelo.xlsx").name  # the blank template
    'modelo.xlsx'
    """
    project = project if project is not None else Project.blank()
    return write_layout(workbook_layout(project), path, project.title, password)
