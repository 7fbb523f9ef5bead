"""The building blocks of a sheet layout: cells with a role, a style and a meaning.

A :class:`SheetLayout` is plain data: every label, input cell and formula of a sheet,
with its position and its *key* (what it means, e.g. ``("fin", "1.2", 1, "planned")``).
The builder writes it with xlsxwriter; the reader and checker use the same layout to
know what to look for and what each formula must be.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from ..keys import CellKey
from ..totals import Formula, Key

# roles
TITLE, LABEL, HEADER, INPUT, FORMULA, BLANK = "title", "label", "header", "input", "formula", "blank"

# the roles kept while a layout is described (None: all); the checker needs only formulas
KEEP_ROLES: ContextVar[frozenset | None] = ContextVar("KEEP_ROLES", default=None)

# column widths (characters) that show R$ 999.999.999,99 in bold and a percentage without '###'
MONEY_WIDTH, PCT_WIDTH = 17, 9

# validations (see build.VALIDATIONS)
MONEY, PLAN_MARK, STATUS_MARK, FLAG, DATE = "money", "plan_mark", "status_mark", "flag", "date"


class Cell(NamedTuple):
    """One written cell (a NamedTuple: layouts of big projects hold hundreds of thousands)."""

    row: int
    col: int
    role: str
    style: str
    value: Any = None
    key: CellKey | None = None  # a typed Key for a formula and the inputs formulas read; else a plain tuple
    formula: Formula | None = None
    validation: str | None = None


@dataclass(frozen=True)
class Merge:
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    value: str
    style: str = "header"


@dataclass
class SheetLayout:
    """Everything written on one sheet; ``role`` is the sheet's stable identity."""

    role: str
    name: str
    title: str
    cells: list[Cell] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    widths: dict[int, float] = field(default_factory=dict)
    freeze: tuple[int, int] = (0, 0)
    header_rows: tuple[int, int] | None = None
    hidden: bool = False
    protect: bool = True
    keep: frozenset | None = field(default_factory=KEEP_ROLES.get)
    # (first row, last row) of each table block: print page breaks go between them
    blocks: list[tuple[int, int]] = field(default_factory=list)

    # -- writing helpers used by the per-sheet modules --------------------------------
    def keeps(self, role: str) -> bool:
        """Whether cells of ``role`` are described (modules skip whole loops when not)."""
        return self.keep is None or role in self.keep

    def put(
        self,
        row: int,
        col: int,
        role: str,
        style: str,
        value: Any = None,
        key: CellKey | None = None,
        formula: Formula | None = None,
        validation: str | None = None,
    ) -> Cell | None:
        if self.keep is not None and role not in self.keep:
            return None
        cell = Cell(row, col, role, style, value, key, formula, validation)
        self.cells.append(cell)
        return cell

    def label(self, row: int, col: int, text: str, style: str = "label") -> Cell | None:
        return self.put(row, col, LABEL, style, text)

    def input(
        self,
        row: int,
        col: int,
        key: CellKey,
        style: str,
        value: Any = None,
        validation: str | None = None,
        span_to: int | None = None,
    ) -> Cell | None:
        """An input cell; ``span_to``: merged across to that column (one field, wide)."""
        if span_to is not None and span_to > col and (self.keep is None or INPUT in self.keep):
            self.merges.append(Merge(row, col, row, span_to, value, style))
        return self.put(row, col, INPUT, style, value, key, None, validation)

    def formula(self, row: int, col: int, key: Key, formula: Formula, style: str) -> Cell | None:
        return self.put(row, col, FORMULA, style, None, key, formula)

    def merge(
        self, first_row: int, first_col: int, last_row: int, last_col: int, text: str, style: str = "header"
    ) -> None:
        if (first_row, first_col) == (last_row, last_col):
            self.put(first_row, first_col, HEADER if style == "header" else LABEL, style, text)
        elif self.keep is None or HEADER in self.keep:
            self.merges.append(Merge(first_row, first_col, last_row, last_col, text, style))

    # -- reading helpers ----------------------------------------------------------------
    def positions(self) -> dict[CellKey, tuple[int, int]]:
        return {c.key: (c.row, c.col) for c in self.cells if c.key is not None}

    def by_key(self) -> dict[CellKey, Cell]:
        return {c.key: c for c in self.cells if c.key is not None}


def notes(sheet: SheetLayout, row: int, lines: tuple[str, ...], last_col: int) -> int:
    """The model's 'Observação' notes under a table, one merged line each; returns the next row."""
    for i, text in enumerate(lines):
        sheet.merge(row + i, 0, row + i, last_col, text, "section" if i == 0 else "note")
    return row + len(lines)


@dataclass
class WorkbookLayout:
    """All sheets of one workbook plus the metadata written to the hidden sheet."""

    sheets: list[SheetLayout]
    metadata: dict[str, str]

    def sheet(self, role: str) -> SheetLayout:
        return next(s for s in self.sheets if s.role == role)

    def inputs(self) -> dict[CellKey, Any]:
        # an input cell always has its key (SheetLayout.input)
        return cast("dict[CellKey, Any]", {c.key: c.value for s in self.sheets for c in s.cells if c.role == INPUT})

    def formulas(self) -> dict[Key, Formula]:
        # a formula cell always has its key and formula (SheetLayout.formula)
        return cast("dict[Key, Formula]", {c.key: c.formula for s in self.sheets for c in s.cells if c.role == FORMULA})
