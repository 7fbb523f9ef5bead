"""A workbook loaded once into plain grids of values, and the state of one reading.

Reading makes a single pass over each sheet (:mod:`tcxl.xlsx`: formulas come back as
their text, inputs as their values, stored results alongside); everything after that
works on these grids. Tables are located by their labels (folded: case, accents and
spaces ignored), so they may start anywhere, on any sheet, under any sheet name (SPEC §2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..cells import cell_name
from ..findings import Finding
from ..formula.functions import to_ptbr
from ..keys import CellKey
from ..numbers import NotANumber, TooLarge, format_brl, to_decimal
from ..rules import declare
from ..text import fold

YEAR = re.compile(r"^ano\s*([ivx]+)\b")
EXTERNAL = re.compile(r"\[[^\[\]]+\][^!\[\]]*!")  # '[book.xlsx]Sheet!': no bracket inside (linear time)
EXCEL_TEXT_LIMIT = 32_767  # characters in one cell
# a sheet whose folded name contains this is meant to hold the table of that role
SHEET_HINTS = {
    "info": "identifica",
    "matrix": "matriz",
    "schedule": "cronograma de atividades",
    "disbursement": "desembolso",
    "financial": "financeir",
}

emit = declare("TCX005", "TCX101", "TCX204", "TCX501", "TCX502", "TCX508", "TCX510")


class Grid:
    """One sheet as rows of values (0-based), with folded text for label search."""

    def __init__(self, name: str, rows: list[tuple], hidden: bool = False, hidden_rows: set | None = None):
        self.name = name
        self.rows = rows
        self.hidden = hidden
        self.hidden_rows = hidden_rows or set()
        self.cached: list[tuple] | None = None  # stored formula results, when loaded
        # one pass over the text cells: labels and codes folded once (formulas are never
        # labels); formulas and texts too long for Excel kept for the loading notes
        self.texts: dict[tuple[int, int], str] = {}
        self.formulas: list[tuple[int, int, str]] = []
        self.long_texts: list[tuple[int, int, str]] = []
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, str):
                    if v[:1] == "=":
                        self.formulas.append((r, c, v))
                        continue
                    if len(v) > EXCEL_TEXT_LIMIT:
                        self.long_texts.append((r, c, v))
                    if v.strip():
                        self.texts[(r, c)] = fold(v)
        self._by_row: dict[int, list[tuple[int, str]]] = {}
        for (r, c), text in self.texts.items():  # insertion order is row-major already
            self._by_row.setdefault(r, []).append((c, text))

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def cached_value(self, row: int, col: int) -> Any:
        rows = self.cached or []
        if 0 <= row < len(rows) and 0 <= col < len(rows[row]):
            return rows[row][col]
        return None

    def text(self, row: int, col: int) -> str:
        return self.texts.get((row, col), "")

    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def find(self, pred: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
        """Cells whose folded text satisfies ``pred``, row by row."""
        for (r, c), text in self.texts.items():
            if pred(text):
                yield r, c

    def row_texts(self, row: int, start: int = 0) -> list[tuple[int, str]]:
        return [(c, t) for c, t in self._by_row.get(row, ()) if c >= start]


def ref(row: int, col: int) -> str:
    return cell_name(row, col)


@dataclass
class Reading:
    """What a reading collects: located cells by layout key, parsed inputs, findings."""

    grids: list[Grid]
    path: str = ""
    where: dict[CellKey, tuple[str, int, int]] = field(default_factory=dict)
    values: dict[CellKey, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, str] = field(default_factory=dict)  # table role -> sheet name
    items: dict[str, Any] = field(default_factory=dict)  # rows found per table, in order
    metadata: dict[str, str] = field(default_factory=dict)
    labels: dict = field(default_factory=dict)  # labels as this workbook writes them (keys.WORKBOOK_LABELS)
    names: dict = field(default_factory=dict)  # defined names: (sheet | None, folded name) -> formula text
    _cells: Any = None

    @property
    def cells(self):
        """What every cell shows (:class:`tcxl.formula.workbook.Cells`), built on first use."""
        if self._cells is None:
            from ..formula.workbook import Cells

            self._cells = Cells(self.grids, self.names)
        return self._cells

    def anchor(self, pred: Callable[[str], bool]) -> tuple[Grid, int, int] | None:
        """First cell, in workbook order, whose folded text satisfies ``pred``."""
        for grid in self.grids:
            for r, c in grid.find(pred):
                return grid, r, c
        return None

    def locate(self, key: CellKey, grid: Grid, row: int, col: int) -> None:
        self.where[key] = (grid.name, row, col)

    def missing_table(self, role: str, table: str, looked_for: str) -> None:
        """TCX101 when a sheet meant for the table exists but the table is not on it; else TCX005."""
        from ..layout import SHEET_NAMES

        home = next((g.name for g in self.grids if SHEET_HINTS[role] in fold(g.name)), None)
        if home is None:
            sheet = SHEET_NAMES[role]
            self.findings.append(
                emit("TCX005", sheet, "", expected=sheet, table=table, label=looked_for, sheet_name=sheet)
            )
        else:
            self.findings.append(emit("TCX101", home, "", expected=looked_for, table=table, label=looked_for))

    def number(self, key: CellKey, grid: Grid, row: int, col: int, money: bool = True) -> None:
        """Locate and parse a numeric input cell; text numbers and non-numbers become findings."""
        self.locate(key, grid, row, col)
        raw = grid.value(row, col)
        if isinstance(raw, str) and raw.startswith("="):
            raw = self.computed_input(grid, row, col, raw)
            if raw is None:
                self.values[key] = None
                return
        try:
            value = to_decimal(raw)
        except NotANumber as exc:
            self.values[key] = None
            shown = raw.strftime("%d/%m/%Y") if isinstance(raw, (dt.date, dt.datetime)) else str(raw)[:40]
            typed = f"a data {shown}" if isinstance(raw, (dt.date, dt.datetime)) else f"'{shown}'"
            problem = "é grande demais para um" if isinstance(exc, TooLarge) else "não é um"
            code = "TCX502" if money else "TCX510"  # a quantity (a matrix target) is not money: a warning
            self.findings.append(emit(code, grid.name, ref(row, col), found=shown, typed=typed, problem=problem))
            return
        if isinstance(raw, str) and value is not None and money:
            self.findings.append(
                emit(
                    "TCX501",
                    grid.name,
                    ref(row, col),
                    expected=str(value),
                    found=raw,
                    raw=raw,
                    value=format_brl(value),
                )
            )
        self.values[key] = value

    def computed_input(self, grid: Grid, row: int, col: int, text: str) -> Any:
        """An input cell that holds a formula is an input (SPEC §2): its value is the stored
        result, else what tcxl's evaluator gives; an error or a formula tcxl cannot evaluate is
        a finding at the cell, never a silent blank."""
        from ..formula import Err, NotEvaluated

        try:
            value = self.cells.value(grid.name, row, col)
        except NotEvaluated as exc:
            if "[" in text and EXTERNAL.search(text):
                return None  # a link to another workbook: TCX011 names the cell (see load_grids)
            self.findings.append(
                emit(
                    "TCX508",
                    grid.name,
                    ref(row, col),
                    found=text,
                    formula=to_ptbr(text),
                    reason=exc.args[0] if exc.args else "motivo desconhecido",
                )
            )
            return None
        if isinstance(value, Err):
            self.findings.append(
                emit(
                    "TCX204",
                    grid.name,
                    ref(row, col),
                    found=str(value),
                    item=f"a fórmula {to_ptbr(text)}",
                    problem=f"mostra o erro {value}; corrija-a ou digite o valor",
                )
            )
            return None
        return None if value in ("", None) else value

    def text_value(self, key: CellKey, grid: Grid, row: int, col: int) -> None:
        self.locate(key, grid, row, col)
        raw = grid.value(row, col)
        self.values[key] = raw.strip() if isinstance(raw, str) else raw


def group_columns(grid: Grid, row: int, start: int, is_group: Callable[[str], object]) -> list[tuple[int, int, str]]:
    """Group headers on ``row`` from column ``start``: [(first col, end col exclusive, text)]."""
    heads = [(c, t) for c, t in grid.row_texts(row, start) if is_group(t)]
    width = grid.width()
    return [(c, heads[i + 1][0] if i + 1 < len(heads) else width, t) for i, (c, t) in enumerate(heads)]


def decimal_or_none(value: Any) -> Decimal | None:
    try:
        return to_decimal(value)
    except NotANumber:
        return None
