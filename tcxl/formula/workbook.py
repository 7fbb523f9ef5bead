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

from .evaluate import Context, Err, NotEvaluated, StackShort, evaluate
from .parse import FormulaError, at_cell, parse
from .tree import stack_short
from .values import ERROR_TEXTS

EXCEL_EPOCH = dt.datetime(1899, 12, 30)


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
    ``override(sheet, row, col)``, when given, answers first (a value, or ``MISSING`` to go on).

    A formula reading a cell whose formula reads another cell… is evaluated inside it, as long
    as Python's stack has room (:func:`.tree.stack_short`); past that, the evaluation stops
    and starts again from the cell where it stopped, so a chain of any length (a helper
    column where each row reads the next) is evaluated, from its far end, in bounded stack."""

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
        self.waiting: set[tuple[str, int, int]] = set()  # formulas waiting for a deeper one (see _from_top)
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
        if not self.active:
            return self._from_top(lambda: self._evaluate(at, text))
        if at in self.active or at in self.waiting:
            raise NotEvaluated(_circular(at))
        if stack_short():  # before its formula is parsed: evaluated first, from the top
            raise _short(at, text, self.active)
        return self._evaluate(at, text)

    def _evaluate(self, at: tuple[str, int, int], text: str) -> Any:
        try:
            value = self._run(self.tree(*at, text), *at)
        except StackShort as exc:
            if exc.first is None:  # met in this cell's own formula (a defined name)
                exc.first, exc.path = (at, text), tuple(self.active)
            raise
        self.memo[at] = value
        return value

    def _from_top(self, start: Callable[[], Any]) -> Any:
        """``start()``: the evaluation of a formula asked for from outside. Where the stack
        runs short in a chain of formulas, the cell reached there is evaluated first, from the
        top (memoised), then what reached it again: a chain of any length is evaluated from its
        far end. The cells on the way to one set aside wait for it (``waiting``): reaching one
        of them again is a cycle."""
        first: list[tuple] = []  # (cell, its text, the cells on the way to it), each found from the one before
        set_aside: set = set()  # the cells in ``first``
        try:
            while True:
                try:
                    if not first:
                        return start()
                    cell, text, path = first[-1]
                    self._evaluate(cell, text)
                    first.pop()
                    set_aside.discard(cell)
                    self.waiting.difference_update(path)
                except StackShort as exc:
                    if exc.first is None or (first and exc.first[0] == first[-1][0]):
                        raise  # too deep even from the top (a chain of names): not evaluated
                    if exc.first[0] in set_aside:
                        raise NotEvaluated(_circular(exc.first[0])) from None
                    first.append((*exc.first, exc.path))
                    set_aside.add(exc.first[0])
                    self.waiting.update(exc.path)
        finally:
            self.waiting.clear()

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
        if not self.active:
            return self._from_top(lambda: self._run(tree, sheet, row, col))
        return self._run(tree, sheet, row, col)

    def _run(self, tree: tuple, sheet: str, row: int, col: int) -> Any:
        outer = self.sheet
        self.active.append((sheet, row, col))
        self.sheet = sheet
        try:
            return evaluate(tree, self, (sheet, row, col))
        finally:
            self.active.pop()
            self.sheet = outer


def _short(at: tuple[str, int, int], text: str, active: list) -> StackShort:
    """The exception that sets the cell ``at`` aside (made here: a local of the frame it unwinds
    would keep that frame, and the whole stack, alive in a reference cycle)."""
    exc = StackShort("fórmulas encadeadas demais")
    exc.first, exc.path = (at, text), tuple(active)
    return exc


def _circular(at: tuple[str, int, int]) -> str:
    return f"referência circular em {at[0]}!{_ref(at[1], at[2])}"


def _ref(row: int, col: int) -> str:
    from ..cells import cell_name

    return cell_name(row, col)
