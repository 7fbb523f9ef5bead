"""The workbook as the formula checks see it: what each cell stands for, shows and should be.

:class:`Book` is the read workbook (:class:`tcxl.formula.Cells`) joined with the layout's
formulas for its structure: the layout's value of every total, what each cell shows, the
symbolic meaning of any cell a formula reads, and the :class:`~tcxl.checks.proof.Prover`
that evaluates formulas on assignments. Shared by :mod:`.formulas` (what is checked) and
:mod:`.judge` (how a formula is judged).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .. import keys
from ..formula import (
    Cells,
    Err,
    FormulaError,
    Linear,
    NotEvaluated,
    Pick,
    Quotient,
    Unknown,
    at_cell,
    final,
    meaning,
    parse,
)
from ..formula.workbook import shown as _shown
from ..numbers import CENT, NotANumber, cents, format_brl, to_decimal
from ..read.grid import ref
from ..totals import Aggregate, Evaluation, Inputs, Ratio, Sum
from .proof import Prover

RULE_NAMES = {"sum": "soma", "max": "máximo", "min": "mínimo", "last": "último semestre preenchido"}
MAX_NAMES = 4  # items named in one message; the rest are counted


def parts(formula) -> tuple:
    return (formula.num, formula.den) if isinstance(formula, Ratio) else formula.parts


def describe(key: tuple) -> str:
    """What a cell stands for, in words (:func:`tcxl.keys.describe`); a cell no key stands for
    is named by its address."""
    if key[0] == "cell":
        return f"a célula {key[1]}!{ref(key[2], key[3])}" if key[1] else f"a célula {ref(key[2], key[3])}"
    return keys.describe(key)


def show(value: Any, formula) -> str:
    if isinstance(value, Decimal):
        if isinstance(formula, Ratio):
            return f"{value * 100:.1f}%".replace(".", ",")
        if isinstance(formula, Aggregate):
            return f"{value.normalize():f}".replace(".", ",")
        return format_brl(value)
    return "vazio" if value in (None, "") else str(value)


def is_money(formula) -> bool:
    """A total in reais (not a percentage, not an indicator's aggregate): its expected/found
    are shown as ``R$ 1.234,56`` (:meth:`tcxl.findings.Finding.shown`)."""
    return not isinstance(formula, (Ratio, Aggregate))


def plain(value: Any, formula=None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, Decimal):
        return f"{cents(value):f}" if isinstance(formula, Sum) else f"{value.normalize():f}"
    return str(value)


def same(shown: Any, expected: Any, formula) -> bool:
    """Equal as the cell shows them: money to the cent, percentages to 0.01 %; a total of
    nothing may be empty or 0."""
    if shown == expected:
        return True
    if shown in (None, "", 0) and expected in (None, "", 0):
        return True
    if not (isinstance(shown, Decimal) and isinstance(expected, Decimal)):
        return False
    step = _RATIO_STEP if isinstance(formula, Ratio) else _INDICATOR_STEP if isinstance(formula, Aggregate) else CENT
    if abs(shown - expected) <= step / 2:
        return True
    try:
        return shown.quantize(step) == expected.quantize(step)
    except InvalidOperation:  # a stored result too large to round: not the small value expected
        return False


_RATIO_STEP, _INDICATOR_STEP = Decimal("0.0001"), Decimal("0.000001")


class Book(Cells):
    """The workbook as the checker sees it: where each key is, what each cell shows, and the
    meaning the layout gives each key (expanded to inputs, memoised)."""

    def __init__(self, reading, formulas: dict):
        self.r, self.formulas = reading, formulas
        self.grids = {g.name: g for g in reading.grids}
        self.folded = {name.casefold(): name for name in self.grids}
        self.recomputed = Evaluation(formulas, Inputs(reading.values))  # not a bound method: a cycle
        self.expected_cache: dict = {}
        self.sheet: str = ""  # the sheet unqualified references point to (a helper formula's own, inside one)
        self.home: str = ""  # the sheet of the total being judged (its cells are named without it)
        self.helpers: dict = {}  # meanings of formulas outside the layout, by cell
        self.name_limit = MAX_NAMES  # items named in one message (fewer when the message runs long)
        self.expanding: set = set()
        self.seen: list = []  # keys of the cells the formula being judged reads
        self._at: dict | None = None
        self._leaves: set | None = None
        self._prover: Prover | None = None
        self.stored = ShownParts(self)

    @property
    def prover(self) -> Prover:
        """The assignments formulas are evaluated on (built when a formula first needs them)."""
        if self._prover is None:
            self._prover = Prover(self)
        return self._prover

    # -- where keys are ----------------------------------------------------------------
    @property
    def at(self) -> dict:
        """(sheet, row, col) -> key: the reading inverted (built only when a formula is parsed)."""
        if self._at is None:
            self._at = {where: key for key, where in self.r.where.items()}
        return self._at

    @property
    def leaves(self) -> set:
        if self._leaves is None:
            self._leaves = {p for f in self.formulas.values() for p in parts(f) if p not in self.formulas}
        return self._leaves

    def _name(self, sheet: str | None) -> str | None:
        return self.sheet if sheet is None else self.folded.get(sheet.casefold())

    # -- Cells, for meaning() ------------------------------------------------------------
    def sheet_exists(self, sheet):
        return self._name(sheet) is not None

    def bounds(self, sheet):
        grid = self.grids[self._name(sheet)]
        return len(grid.rows), grid.width()

    def meaning(self, sheet, row, col, in_range):
        name = self._name(sheet)
        key = self.at.get((name, row, col))
        if key is not None:
            self.seen.append(key)
            if key in self.formulas:
                return self.expected(key)
            if key in self.leaves:
                return Linear({key: Decimal(1)})
        raw = self.grids[name].value(row, col)
        if raw is None or isinstance(raw, bool):
            return None
        if isinstance(raw, str) and not raw.startswith("="):
            if in_range or not raw.strip():
                return None  # text adds nothing to a SUM (and a label is not a part)
            return Unknown(f"soma o texto de {ref(row, col)}")
        if key is None and isinstance(raw, str):
            return self._helper(name, row, col, raw)
        item = key if key is not None else ("cell", None if name == self.home else name, row, col)
        return Linear({item: Decimal(1)})

    def cells_formula(self, item: tuple) -> bool:
        """Whether a ("cell", sheet, row, col) item (sheet None: the judged total's) holds a formula."""
        return self.r.cells.formula(item[1] or self.home, item[2], item[3]) is not None

    def _helper(self, sheet: str, row: int, col: int, text: str) -> Any:
        """A cell outside the layout that holds a formula (a helper sheet's copy of a total, a
        subtotal column): it means what its own formula means."""
        at = (sheet, row, col)
        if at not in self.helpers:
            if at in self.expanding:
                return Unknown(f"tem uma referência circular em {sheet}!{ref(row, col)}")
            try:
                tree = at_cell(parse(text), row, col)
            except FormulaError:
                return Unknown(f"lê a fórmula ilegível de {sheet}!{ref(row, col)}")
            outer, self.sheet = self.sheet, sheet
            self.expanding.add(at)
            try:
                self.helpers[at] = final(meaning(tree, self))
            finally:
                self.expanding.discard(at)
                self.sheet = outer
        return self.helpers[at]

    # -- the layout's meaning of a key ---------------------------------------------------
    def expected(self, key) -> Any:
        cache = self.expected_cache
        if key not in cache:
            cache[key] = self._expand(self.formulas[key])
        return cache[key]

    def _part(self, key) -> Any:
        return self.expected(key) if key in self.formulas else Linear({key: Decimal(1)})

    def _expand(self, formula) -> Any:
        if isinstance(formula, Ratio):
            return Quotient(self._part(formula.num), self._part(formula.den), True)
        if isinstance(formula, Aggregate) and formula.rule != "sum":
            flat: list = []
            for p in formula.parts:
                m = self._part(p)
                flat += m.parts if isinstance(m, Pick) else list(m.terms)
            return Pick(formula.rule, tuple(flat))
        total = Linear()
        for p in formula.parts:
            total.add(self._part(p))
        return total

    # -- what cells show ---------------------------------------------------------------
    def value_at(self, sheet, row, col) -> Any:
        """What a cell shows; raises NotEvaluated for a formula without a stored result."""
        grid = self.grids[self._name(sheet)]
        raw = grid.value(row, col)
        if isinstance(raw, str) and raw.startswith("="):
            cached = grid.cached_value(row, col)
            if cached is None:
                raise NotEvaluated("sem resultado gravado")
            return _shown(cached)
        return _shown(raw)

    def shown(self, key) -> Any:
        """The value of ``key`` a typed total is compared with: an input as read (text numbers
        as the number they show), a total as its cell shows it (tcxl's recomputation when it
        shows nothing)."""
        if key not in self.formulas:
            return self.recomputed.input_of(key)
        sheet, row, col = self.r.where[key]
        try:
            value = self.value_at(sheet, row, col)
        except NotEvaluated:
            return self.recomputed(key)
        if value is None:
            return self.recomputed(key)
        if isinstance(value, str) and not isinstance(value, Err):
            try:  # a total typed as text ('1.234,56') in a table typed by hand
                return to_decimal(value)
            except NotANumber:
                return value
        return value


class Inherited(Exception):
    """A part of a total shows an error value."""


class ShownParts:
    """``value_of`` for the layout's formula: what each part's cell shows (no recursion
    through totals: each is compared with its own direct parts)."""

    def __init__(self, book: Book):
        self.where, self.grids = book.r.where, book.grids  # a hot path: one lookup each

    def __call__(self, key) -> Any:
        sheet, row, col = self.where[key]
        grid = self.grids[sheet]
        raw = grid.value(row, col)
        if isinstance(raw, str) and raw[:1] == "=":
            raw = grid.cached_value(row, col)
            if raw is None:
                raise NotEvaluated("sem resultado gravado")
        value = _shown(raw)
        if isinstance(value, Err):  # the total shows it too; formulas.evaluate does not carry errors
            raise Inherited(value)
        return value
