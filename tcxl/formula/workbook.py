"""A workbook's cells as formulas see them: the context :func:`.evaluate.evaluate` reads.

:class:`Cells` answers what a cell shows — its typed value, else its stored formula result,
else what its own formula gives (evaluated here, memoised, cycles refused) — and resolves
defined names (sheet scope first, then workbook scope). The reader uses it for inputs that
are formulas (``='Memória de Cálculo'!C7``, ``=8500*12``); the checker for stored results
and, through :meth:`Cells.override`, for the assignments that prove a total wrong
(:mod:`tcxl.checks.proof`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .evaluate import Context, Err, NotEvaluated, evaluate
from .parse import FormulaError, at_cell, parse

ERROR_TEXTS = frozenset({"#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!"})
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
MAX_DEPTH = 200  # formulas evaluated inside one another before tcxl gives up (a chain, not a cycle)


def shown(value: Any) -> Any:
    """A stored or typed value as formulas see it: numbers as Decimal, errors as Err, dates
    as their serial number, text as text, blank as None."""
    kind = type(value)
    if kind is float:
        return Decimal(repr(value)) if value - value == 0 else Err("#NUM!")  # not inf or nan
    if kind is int:
        return Decimal(value)
    if value is None or kind is bool or kind is Decimal:
        return value
    if isinstance(value, str):
        return Err(value.strip().upper()) if value.strip().upper() in ERROR_TEXTS else value
    if isinstance(value, dt.datetime):
        return Decimal(str((value - EXCEL_EPOCH).total_seconds() / 86400))
    if isinstance(value, dt.date):
        return Decimal((value - EXCEL_EPOCH.date()).days)
    return str(value)


class Cells(Context):
    """What the cells of ``grids`` show. ``stored``: use the file's stored formula results when
    it has them (as a spreadsheet shows the file); otherwise every formula is evaluated.
    ``override(sheet, row, col)``, when given, answers first (a value, or ``MISSING`` to go on)."""

    MISSING = object()

    def __init__(
        self,
        grids: list,
        names: dict | None = None,
        stored: bool = True,
        override: Callable[[str, int, int], Any] | None = None,
    ):
        self.grids = {g.name: g for g in grids}
        self.folded = {name.casefold(): name for name in self.grids}
        self.names = names or {}
        self.stored, self.override = stored, override
        self.memo: dict[tuple[str, int, int], Any] = {}
        self.trees: dict[tuple[str, int, int], tuple] = {}
        self.name_trees: dict[tuple, tuple | None] = {}
        self.active: list[tuple[str, int, int]] = []  # formulas being evaluated (innermost last)
        self.sheet = next(iter(self.grids), "")  # the sheet of the formula being evaluated

    # -- the evaluator's context -------------------------------------------------------
    def sheet_name(self, sheet: str | None) -> str | None:
        """The sheet's name as the workbook spells it (None: no such sheet). A sheet of another
        workbook (``[custos.xlsx]Plan1``) is not read: tcxl never follows links."""
        if sheet is None:
            return self.sheet
        name = self.folded.get(sheet.casefold())
        if name is None and "[" in sheet:
            raise NotEvaluated(f"lê outra pasta de trabalho ({sheet})")
        return name

    def sheet_exists(self, sheet: str | None) -> bool:
        return self.sheet_name(sheet) is not None

    def bounds(self, sheet: str | None) -> tuple[int, int]:
        grid = self.grids[self.sheet_name(sheet)]
        return len(grid.rows), grid.width()

    def formula(self, sheet: str | None, row: int, col: int) -> str | None:
        name = self.sheet_name(sheet)
        raw = self.grids[name].value(row, col) if name else None
        return raw if isinstance(raw, str) and raw[:1] == "=" else None

    def hidden(self, sheet: str | None, row: int) -> bool:
        name = self.sheet_name(sheet)
        return name is not None and row in self.grids[name].hidden_rows

    def name(self, name: str, sheet: str | None) -> tuple | None:
        scope = self.sheet_name(sheet)
        folded = name.casefold()
        for key in ((scope, folded), (None, folded)):
            if key in self.names:
                if key not in self.name_trees:
                    try:
                        self.name_trees[key] = parse("=" + self.names[key].lstrip("="))
                    except FormulaError:
                        self.name_trees[key] = ("err", "#NAME?")
                return self.name_trees[key]
        return None

    def value(self, sheet: str | None, row: int, col: int) -> Any:
        name = self.sheet_name(sheet)
        if name is None:
            return Err("#REF!")
        if self.override is not None:
            given = self.override(name, row, col)
            if given is not Cells.MISSING:
                return given
        grid = self.grids[name]
        raw = grid.value(row, col)
        if not (isinstance(raw, str) and raw[:1] == "="):
            return shown(raw)
        if self.stored:
            cached = grid.cached_value(row, col)
            if cached is not None:
                return shown(cached)
        return self.evaluated(name, row, col, raw)

    # -- formulas evaluated here ---------------------------------------------------------
    def evaluated(self, sheet: str, row: int, col: int, text: str) -> Any:
        """What the formula in a cell gives (memoised); NotEvaluated on a cycle or a formula
        tcxl cannot evaluate."""
        at = (sheet, row, col)
        if at in self.memo:
            return self.memo[at]
        if at in self.active:
            raise NotEvaluated(f"referência circular em {sheet}!{_ref(row, col)}")
        if len(self.active) >= MAX_DEPTH:
            raise NotEvaluated("fórmulas encadeadas demais")
        self.memo[at] = value = self.run(self.tree(sheet, row, col, text), sheet, row, col)
        return value

    def tree(self, sheet: str, row: int, col: int, text: str) -> tuple:
        at = (sheet, row, col)
        if at not in self.trees:
            try:
                self.trees[at] = at_cell(parse(text), row, col)
            except FormulaError as exc:
                raise NotEvaluated(f"fórmula ilegível em {sheet}!{_ref(row, col)} ({exc})") from None
        return self.trees[at]

    def run(self, tree: tuple, sheet: str, row: int, col: int) -> Any:
        """Evaluate ``tree`` as the formula of cell (sheet, row, col)."""
        outer = self.sheet
        self.active.append((sheet, row, col))
        self.sheet = sheet
        try:
            return evaluate(tree, self, (sheet, row, col))
        finally:
            self.active.pop()
            self.sheet = outer


def _ref(row: int, col: int) -> str:
    from ..cells import cell_name

    return cell_name(row, col)
