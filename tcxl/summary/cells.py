"""How the summary workbook writes a table: its columns (:class:`Col`), the cell formats
(:class:`Formats`), a cell, a row grown for its wrapped text, the header row, a wrapped
title column as wide as the page leaves, and a printed sheet's print setup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .book import cell_value
from .measure import TABLE_SCALE, flex_width, wrapped_lines
from .views import NOTHING


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    width: float
    kind: str = "text"  # text | wrap | int | brl | pct | date | link


class Formats:
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


def title_column(key: str, header: str, texts: Iterable[Any], others: list[Col], scale: float = TABLE_SCALE) -> Col:
    """A table's wrapped title column: as wide as its longest text (``texts``) when that fits
    beside the ``others`` at ``scale`` %, else what they leave."""
    wanted = max((len(str(t or "")) for t in texts), default=20) + 2
    return Col(key, header, flex_width(wanted, [c.width for c in others], 36, scale), "wrap")


def write_cell(ws, fmt: Formats, r: int, c: int, value: Any, kind: str, bold: bool = False, cell_format=None) -> None:
    """One table cell: a number, a text, a date, or '—' for an amount nobody reported."""
    value = cell_value(value)
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


def fit_row(ws, r: int, columns: list[Col], values: dict) -> int:
    """Set row ``r``'s height for the longest wrapped text of ``columns`` (neither
    LibreOffice nor Excel grows a row written without one when the file opens); returns the
    lines it takes."""
    lines = max(
        (wrapped_lines(cell_value(values.get(col.key)), col.width) for col in columns if col.kind == "wrap"),
        default=1,
    )
    if lines > 1:
        ws.set_row(r, 15 * lines + 2)
    return lines


def write_row(ws, fmt: Formats, r: int, columns: list[Col], values: dict, bold: bool = False) -> int:
    """One table row: its height (:func:`fit_row`), then its cells; returns the lines it takes."""
    lines = fit_row(ws, r, columns, values)
    for c, col in enumerate(columns):
        write_cell(ws, fmt, r, c, values.get(col.key), col.kind, bold)
    return lines


def write_header(ws, fmt: Formats, columns: list[Col], height: float | None = None) -> float:
    """The header row under the title (row 2), ``height`` points high (default: its longest
    header's lines), and the columns' widths; returns its height."""
    height = _header_height(columns) if height is None else height
    ws.set_row(1, height)
    for c, col in enumerate(columns):
        ws.set_column(c, c, col.width)
        ws.write_string(1, c, col.header, fmt.head)
    return height


def _header_height(columns: list[Col]) -> float:
    return 15 * max(wrapped_lines(col.header, col.width) for col in columns) + 3


def set_print(
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
