"""What a formula gives, as a spreadsheet computes it (SPEC §3.1).

:func:`evaluate` walks a tree from :mod:`.parse` and returns what the cell shows: ``Decimal``,
``str``, ``bool`` or :class:`Err`. It follows Excel: a blank is 0 or "", text that reads as a
number takes part in arithmetic, and a range where one value is expected gives the cell in the
formula's own row or column (implicit intersection). Operators and functions of single values
go element by element over arrays (``{1,2}*2``), and over ranges only where Excel evaluates
arrays without an array formula (SUMPRODUCT, LOOKUP, the first argument of INDEX) or in an
array formula. Cells are read through a :class:`Context`,
only those needed; a function tcxl does not know raises :class:`NotEvaluated`, never a guess.
The functions themselves are listed in :mod:`.functions`.
"""

from __future__ import annotations

import decimal
import functools
import math
import operator
import re
from collections.abc import Callable
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any

from ..numbers import NotANumber, parse_text
from .parse import MAX_RANGE_CELLS, FormulaError, parse, stack_short, steps

MAX_ROWS, MAX_COLS = 1_048_576, 16_384
ZERO, ONE = Decimal(0), Decimal(1)
MANY = 255  # arguments a variadic function takes at most
_SIGNIFICANT = decimal.Context(prec=15, rounding=ROUND_HALF_UP)  # what a spreadsheet keeps of a number


class Err(str):
    """An error value (``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``, ``#N/A``, ``#NUM!``,
    ``#NULL!``): a ``str`` so it compares and prints as the spreadsheet shows it."""


DIV0, VALUE, REF, NAME, NA, NUM = (Err(e) for e in ("#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!"))


class NotEvaluated(Exception):
    """A formula tcxl cannot evaluate; ``args[0]`` says why, in pt-BR."""


class StackShort(NotEvaluated):
    """Formulas met one inside another (cells, defined names) deeper than Python's stack allows
    (:func:`.parse.stack_short`). :class:`.workbook.Cells` then evaluates a chain of cells from
    its far end, setting ``first`` to the cell to evaluate first; else it is not evaluated."""

    first: tuple | None = None  # (cell, formula text)
    path: tuple = ()  # the cells whose formulas were being evaluated, outermost first


class Context:
    """What evaluation reads from a workbook; callers subclass it. Sheet None is the sheet of
    the formula being evaluated."""

    def value(self, sheet: str | None, row: int, col: int) -> Any:
        """What the cell shows: Decimal, str, bool, None (blank) or Err; may raise NotEvaluated."""
        raise NotImplementedError

    def formula(self, sheet: str | None, row: int, col: int) -> str | None:
        """The cell's formula text (``=…``), None when it holds no formula."""
        return None

    def bounds(self, sheet: str | None) -> tuple[int, int]:
        """(rows, cols) holding content: cells past them are blank, so they are never read."""
        raise NotImplementedError

    def sheet_exists(self, sheet: str | None) -> bool:
        return True

    def hidden(self, sheet: str | None, row: int) -> bool:
        """Whether the row is hidden (SUBTOTAL 101-111 and some AGGREGATE options leave it out)."""
        return False

    def name(self, name: str, sheet: str | None) -> tuple | None:
        """A defined name's parsed tree (sheet scope first, then workbook scope), None if undefined."""
        return None


class Ref:
    """A rectangle of cells, 0-based and inclusive. A reference stays a reference until a value
    is needed, so INDEX and OFFSET give ranges that SUM, ROW or a ``:`` span can take."""

    __slots__ = ("sheet", "r1", "c1", "r2", "c2")

    def __init__(self, sheet: str | None, r1: int, c1: int, r2: int, c2: int):
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2

    @property
    def height(self) -> int:
        return self.r2 - self.r1 + 1

    @property
    def width(self) -> int:
        return self.c2 - self.c1 + 1


class Array:
    """Values computed element by element (``A1:A5="x"``), as a list of rows."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[list]):
        self.rows = rows


def evaluate(node: tuple, ctx: Context, here: tuple[str | None, int, int] = (None, 0, 0), array: bool = False) -> Any:
    """The value a cell at ``here`` (sheet, row, col; 0-based) with formula ``node`` shows:
    Decimal, str, bool or Err; a blank result shows as 0. ``array`` for an array (CSE) formula,
    where ranges combine element by element and the cell shows the first element."""
    ev = _Evaluation(ctx, here, array)
    v = ev.eval(node)
    if array and isinstance(v, Ref):
        v = ev.cell(v.sheet, v.r1, v.c1)
    v = ev.one(v)
    return ZERO if v is None else v


# -- single values ---------------------------------------------------------------------------
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and not isinstance(v, Err)


def _first_err(*values: Any) -> Err | None:
    return next((v for v in values if isinstance(v, Err)), None)


def _number_in(text: str) -> Decimal | Err:
    """Text as arithmetic reads it: ``5``, ``1.5``, ``1e3`` as Excel does, and pt-BR forms
    (``1.234,56``, ``R$ 5,00``, ``12,5%``) as a pt-BR spreadsheet does; else #VALUE!."""
    t = text.strip()
    if _PLAIN_NUMBER.fullmatch(t):
        return Decimal(t)
    try:
        n = parse_text(t)
    except NotANumber:
        n = None
    return VALUE if n is None else n


def _num(v: Any) -> Decimal | Err:
    """A value in arithmetic: blank 0, TRUE 1, numeric text its number."""
    if isinstance(v, Decimal):
        return v
    if v is None:
        return ZERO
    if isinstance(v, bool):
        return ONE if v else ZERO
    if isinstance(v, Err):
        return v
    return _number_in(v)


def _int(v: Any) -> int | Err:
    n = _num(v)
    return n if isinstance(n, Err) else int(n)


def _general(n: Decimal) -> str:
    """A number as text in Excel's General format: 15 significant digits, no trailing zeros."""
    n = _SIGNIFICANT.plus(n).normalize()
    return format(n, "f" if -10 < n.adjusted() < 15 else "E")


def _text(v: Any) -> str:
    """A value as ``&`` and the text functions read it."""
    if isinstance(v, str):  # errors too: callers check them first
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return _general(v)


def _truth(v: Any) -> bool | Err:
    """A value as a condition: numbers non-zero, text only "TRUE"/"FALSE"."""
    if isinstance(v, (bool, Err)):
        return v
    if v is None:
        return False
    if isinstance(v, str):
        t = v.upper()
        return True if t == "TRUE" else False if t == "FALSE" else VALUE
    return v != 0


def _rank(v: Any) -> int:
    """Excel orders numbers < text < booleans."""
    return 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0


def _blank_like(v: Any) -> Any:
    return "" if isinstance(v, str) else False if isinstance(v, bool) else ZERO


def _compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 as a spreadsheet compares two values (no errors): a blank is 0, "" or FALSE
    after the other side, text case-insensitively, numbers to 15 significant digits (so
    ``1/3*3 = 1`` holds as it does in a spreadsheet's binary floating point)."""
    if a is None:
        a = _blank_like(b)
    if b is None:
        b = _blank_like(a)
    ra, rb = _rank(a), _rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = a.casefold(), b.casefold()
    elif ra == 0 and a != b:
        a, b = _SIGNIFICANT.plus(a), _SIGNIFICANT.plus(b)
    return (a > b) - (a < b)


# -- operators -------------------------------------------------------------------------------
def _arithmetic(f: Callable) -> Callable:
    def op(a: Any, b: Any) -> Any:
        x, y = _num(a), _num(b)
        if err := _first_err(x, y):
            return err
        try:
            return f(x, y)
        except decimal.DecimalException:
            return NUM

    return op


def _divide(x: Decimal, y: Decimal) -> Decimal | Err:
    return DIV0 if not y else x / y


def _power(x: Decimal, y: Decimal) -> Decimal | Err:
    """Exact for integer exponents; 0^0 is #NUM! and a negative base with a fractional exponent
    too, as in Excel."""
    if not x and not y:
        return NUM
    if not x and y < 0:
        return DIV0
    if y == y.to_integral_value() and abs(y) <= 1024:
        return x ** int(y)
    if x < 0:
        return NUM
    try:
        return Decimal(repr(math.pow(float(x), float(y))))
    except OverflowError:
        return NUM


def _comparison(test: Callable[[int], bool]) -> Callable:
    def op(a: Any, b: Any) -> Any:
        return _first_err(a, b) or test(_compare(a, b))

    return op


def _concatenate(a: Any, b: Any) -> Any:
    return _first_err(a, b) or _text(a) + _text(b)


def _negate(v: Any) -> Any:
    n = _num(v)
    return n if isinstance(n, Err) else -n if n else ZERO


def _percent(v: Any) -> Any:
    n = _num(v)
    return n if isinstance(n, Err) else n / 100


_OPERATORS = {
    "+": _arithmetic(operator.add),
    "-": _arithmetic(operator.sub),
    "*": _arithmetic(operator.mul),
    "/": _arithmetic(_divide),
    "^": _arithmetic(_power),
    "&": _concatenate,
    "=": _comparison(lambda c: c == 0),
    "<>": _comparison(lambda c: c != 0),
    "<": _comparison(lambda c: c < 0),
    ">": _comparison(lambda c: c > 0),
    "<=": _comparison(lambda c: c <= 0),
    ">=": _comparison(lambda c: c >= 0),
}


# -- values of several cells ----------------------------------------------------------------
def _dims(v: Any) -> tuple[int, int]:
    if isinstance(v, Ref):
        return v.height, v.width
    if isinstance(v, Array):
        return len(v.rows), len(v.rows[0])
    return 1, 1


def _multi(v: Any) -> bool:
    return isinstance(v, (Ref, Array)) and _dims(v) != (1, 1)


def _slice(v: Any, i: int, j: int, h: int, w: int) -> Any:
    """The h×w part of a reference or array starting at (i, j)."""
    if isinstance(v, Ref):
        return Ref(v.sheet, v.r1 + i, v.c1 + j, v.r1 + i + h - 1, v.c1 + j + w - 1)
    if isinstance(v, Array):
        return Array([row[j : j + w] for row in v.rows[i : i + h]])
    return v


def _element(grid: list[list], i: int, j: int) -> Any:
    """Excel's array expansion: a single row or column repeats; past a shorter array, #N/A."""
    h, w = len(grid), len(grid[0])
    i, j = (0 if h == 1 else i), (0 if w == 1 else j)
    return grid[i][j] if i < h and j < w else NA


_NESTED = re.compile(r"\b(?:SUBTOTAL|AGGREGATE|AGREGAR)\s*\(", re.IGNORECASE)


class _Evaluation:
    """One formula's evaluation: where it is, whether arrays are on, and the cells it read."""

    def __init__(self, ctx: Context, here: tuple, array: bool):
        self.ctx, (self.sheet, self.row, self.col), self.array = ctx, here, array
        self.read, self.depth, self.known_bounds = 0, 0, {}

    # values of nodes
    def eval(self, node: tuple) -> Any:
        """A node's value: a single value, a Ref or an Array."""
        kind = node[0]
        if kind == "ref":
            return self.reference(node)
        if kind in ("num", "str", "bool"):
            return node[1]
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "bin":  # a op b op c …, left to right
            value = self.eval(node[2])
            for op, operand in steps(node):
                value = self.apply(_OPERATORS[op], [value, self.eval(operand)])
            return value
        if kind in ("neg", "pct"):
            return self.apply(_negate if kind == "neg" else _percent, [self.eval(node[1])])
        if kind == "name":  # ("name", text[, sheet]) for a sheet-qualified name
            return self.defined(node[1], node[2] if len(node) > 2 else self.sheet)
        if kind == "span":
            return self.span(node[1], node[2])
        if kind == "array":  # ("array", rows of nodes): {1,2;3,4}
            rows = [[self.one(self.eval(n)) for n in row] for row in node[1]]
            return Array(rows) if len({len(row) for row in rows}) == 1 else VALUE
        if kind == "err":
            return Err(node[1])
        if kind == "missing":
            return None
        raise NotEvaluated(f"tem uma expressão '{kind}' que o tcxl não calcula")

    def eval_array(self, node: tuple) -> Any:
        """A node evaluated as an array formula would (SUMPRODUCT's arguments)."""
        was, self.array = self.array, True
        try:
            return self.eval(node)
        finally:
            self.array = was

    def value(self, node: tuple) -> Any:
        return self.one(self.eval(node))

    def branch(self, node: tuple) -> Any:
        """A result argument of IF/CHOOSE: left empty (``IF(x;;1)``) it gives 0."""
        return ZERO if node[0] == "missing" else self.eval(node)

    def integer(self, node: tuple) -> int | Err:
        return _int(self.value(node))

    def one(self, v: Any) -> Any:
        """A single value: a range gives the cell in the formula's row (one column) or column
        (one row), else #VALUE!; an array its first element."""
        if isinstance(v, Ref):
            if v.r1 == v.r2 and v.c1 == v.c2:
                return self.cell(v.sheet, v.r1, v.c1)
            if v.c1 == v.c2 and v.r1 <= self.row <= v.r2:
                return self.cell(v.sheet, self.row, v.c1)
            if v.r1 == v.r2 and v.c1 <= self.col <= v.c2:
                return self.cell(v.sheet, v.r1, self.col)
            return VALUE
        if isinstance(v, Array):
            return v.rows[0][0]
        return v

    def spreads(self, v: Any) -> bool:
        """Whether ``v`` makes a function of single values go element by element: an array
        does; a range only when arrays are on (else it gives one cell)."""
        return _multi(v) and (self.array or isinstance(v, Array))

    def apply(self, f: Callable, values: list) -> Any:
        """f on single values, element by element over those that spread (see :meth:`spreads`)."""
        if not self.array:
            values = [self.one(v) if isinstance(v, Ref) else v for v in values]
        if any(_multi(v) for v in values):
            dims = [_dims(v) for v in values]
            h, w = max(d[0] for d in dims), max(d[1] for d in dims)
            if h * w > MAX_RANGE_CELLS:
                raise NotEvaluated("lê células demais")
            grids = [self.grid(v) for v in values]
            return Array([[f(*[_element(g, i, j) for g in grids]) for j in range(w)] for i in range(h)])
        return f(*[self.one(v) for v in values])

    # references and names
    def reference(self, node: tuple) -> Ref | Err:
        _, sheet, r1, c1, r2, c2 = node
        if sheet is None:
            sheet = self.sheet
        elif sheet.startswith("["):
            raise NotEvaluated("usa uma referência a outra pasta de trabalho")
        elif not self.ctx.sheet_exists(sheet):
            return REF
        return Ref(sheet, r1 or 0, c1 or 0, MAX_ROWS - 1 if r2 is None else r2, MAX_COLS - 1 if c2 is None else c2)

    def defined(self, text: str, sheet: str | None) -> Any:
        if "[" in text:
            raise NotEvaluated(f"usa a referência estruturada {text}, que o tcxl não calcula")
        if stack_short():  # before the name's formula is parsed, then evaluated
            raise StackShort(f"o nome {text} encadeia fórmulas demais")
        tree = self.ctx.name(text, sheet)
        if tree is None:
            return NAME
        if self.depth > 32:
            raise NotEvaluated(f"o nome {text} se refere a si mesmo")
        self.depth += 1
        try:
            return self.eval(tree)
        finally:
            self.depth -= 1

    def span(self, start: tuple, end: tuple) -> Ref | Err:
        """``C8:INDEX(…)``: the rectangle covering both ends."""
        a, b = self.eval(start), self.eval(end)
        if err := _first_err(a, b):
            return err
        if not (isinstance(a, Ref) and isinstance(b, Ref)) or None not in (a.sheet, b.sheet) and a.sheet != b.sheet:
            return VALUE
        return Ref(a.sheet or b.sheet, min(a.r1, b.r1), min(a.c1, b.c1), max(a.r2, b.r2), max(a.c2, b.c2))

    # reading cells
    def spend(self, cells: int) -> None:
        self.read += cells
        if self.read > MAX_RANGE_CELLS:
            raise NotEvaluated("lê células demais")

    def cell(self, sheet: str | None, row: int, col: int) -> Any:
        self.spend(1)
        return self.ctx.value(sheet, row, col)

    def inside(self, ref: Ref) -> tuple[int, int]:
        """How many rows and columns of ``ref`` lie within its sheet's content."""
        bounds = self.known_bounds.get(ref.sheet)
        if bounds is None:
            bounds = self.known_bounds[ref.sheet] = self.ctx.bounds(ref.sheet)
        return (max(0, min(ref.height, bounds[0] - ref.r1)), max(0, min(ref.width, bounds[1] - ref.c1)))

    def cells(self, ref: Ref, skip_nested: bool = False, skip_hidden: bool = False) -> list:
        """The values of a range's cells within its sheet's content, row by row, leaving out
        (as SUBTOTAL and AGGREGATE do) cells whose formula holds SUBTOTAL or AGGREGATE
        (``skip_nested``) and hidden rows (``skip_hidden``)."""
        h, w = self.inside(ref)
        value, sheet = self.ctx.value, ref.sheet
        rows, cols = range(ref.r1, ref.r1 + h), range(ref.c1, ref.c1 + w)
        if skip_hidden:
            rows = [r for r in rows if not self.ctx.hidden(sheet, r)]
        self.spend(len(rows) * w)
        if not skip_nested:
            return [value(sheet, r, c) for r in rows for c in cols]
        formula = self.ctx.formula
        return [value(sheet, r, c) for r in rows for c in cols if not _NESTED.search(formula(sheet, r, c) or "")]

    def block(self, ref: Ref, h: int, w: int) -> list[list]:
        """The h×w values from ref's top-left, as rows; cells past the sheet's content are blank
        and not read."""
        if h * w > MAX_RANGE_CELLS:
            raise NotEvaluated("lê células demais")
        rh, cw = self.inside(_slice(ref, 0, 0, h, w))
        self.spend(rh * cw)
        value, sheet, pad = self.ctx.value, ref.sheet, [None] * (w - cw)
        out = [[value(sheet, r, c) for c in range(ref.c1, ref.c1 + cw)] + pad for r in range(ref.r1, ref.r1 + rh)]
        out.extend([None] * w for _ in range(h - rh))
        return out

    def grid(self, v: Any) -> list[list]:
        if isinstance(v, Ref):
            return self.block(v, v.height, v.width)
        return v.rows if isinstance(v, Array) else [[v]]

    def items(self, v: Any) -> list:
        """All values a range, array or single value holds (a range's within its sheet's content)."""
        if isinstance(v, Ref):
            return self.cells(v)
        return [x for row in v.rows for x in row] if isinstance(v, Array) else [v]

    def vector(self, v: Any) -> list | None:
        """The values along a single row or column, None for a 2-D range or array."""
        h, w = _dims(v)
        return None if h > 1 and w > 1 else self.items(v)

    def at(self, v: Any, i: int, j: int) -> Any:
        """The element (i, j) of a range (which may reach past its end, as LOOKUP's does) or array."""
        if isinstance(v, Ref):
            return self.cell(v.sheet, v.r1 + i, v.c1 + j)
        if isinstance(v, Array):
            return v.rows[i][j] if i < len(v.rows) and j < len(v.rows[0]) else NA
        return v if i == j == 0 else NA

    # functions
    def call(self, name: str, args: list[tuple]) -> Any:
        f = _functions().get(name)
        run = f.evaluate if f is not None else None
        if run is None:
            raise NotEvaluated(f"usa a função {name}, que o tcxl não calcula")
        lo, hi = run.arity
        if not lo <= len(args) <= hi:
            raise NotEvaluated(f"chama {name} com {len(args)} argumento(s)")
        try:
            return run(self, args)
        except decimal.DecimalException:  # a result beyond Decimal's range
            return NUM


@functools.cache
def _functions() -> dict:
    from .functions import FUNCTIONS  # the table imports this module

    return FUNCTIONS


# -- how functions take their arguments ------------------------------------------------------
def _takes(lo: int, hi: int | None = None) -> Callable:
    """Marks an implementation ``(evaluation, argument nodes) -> value`` with how many arguments
    it accepts (checked before it runs)."""

    def mark(f: Callable) -> Callable:
        f.arity = (lo, lo if hi is None else hi)
        return f

    return mark


def _scalar(lo: int, hi: int | None = None) -> Callable:
    """An implementation from a function of single values (blank None): a range argument gives
    one value (implicit intersection), or makes it element-wise when arrays are on."""

    def wrap(f: Callable) -> Callable:
        @_takes(lo, hi)
        @functools.wraps(f)
        def run(ev: _Evaluation, args: list[tuple]) -> Any:
            return ev.apply(f, [ev.eval(a) for a in args])

        return run

    return wrap


def _numeric(lo: int, hi: int | None = None) -> Callable:
    """As :func:`_scalar` for a function of numbers: arguments coerced as arithmetic does, the
    first error returned instead."""

    def wrap(f: Callable) -> Callable:
        @functools.wraps(f)
        def numbers(*values: Any) -> Any:
            nums = [_num(v) for v in values]
            return _first_err(*nums) or f(*nums)

        return _scalar(lo, hi)(numbers)

    return wrap


# -- aggregates ------------------------------------------------------------------------------
def _variance(xs: list, sample: bool) -> Decimal | Err:
    if len(xs) < 1 + sample:
        return DIV0
    mean = sum(xs, ZERO) / len(xs)
    return sum(((x - mean) ** 2 for x in xs), ZERO) / (len(xs) - sample)


def _deviation(xs: list, sample: bool) -> Decimal | Err:
    v = _variance(xs, sample)
    return v if isinstance(v, Err) else v.sqrt()


_STATISTICS: dict[str, Callable[[list], Any]] = {
    "SUM": lambda xs: sum(xs, ZERO),
    "AVERAGE": lambda xs: sum(xs, ZERO) / len(xs) if xs else DIV0,
    "COUNT": lambda xs: Decimal(len(xs)),
    "MAX": lambda xs: max(xs, default=ZERO),
    "MIN": lambda xs: min(xs, default=ZERO),
    "PRODUCT": lambda xs: math.prod(xs, start=ONE) if xs else ZERO,
    "STDEV": lambda xs: _deviation(xs, True),
    "STDEVP": lambda xs: _deviation(xs, False),
    "VAR": lambda xs: _variance(xs, True),
    "VARP": lambda xs: _variance(xs, False),
}
_CODES = dict(
    enumerate(("AVERAGE", "COUNT", "COUNTA", "MAX", "MIN", "PRODUCT", "STDEV", "STDEVP", "SUM", "VAR", "VARP"), start=1)
)  # SUBTOTAL's and AGGREGATE's function numbers


def _aggregate(
    ev: _Evaluation,
    what: str,
    values: list,
    skip_nested: bool = False,
    skip_errors: bool = False,
    skip_hidden: bool = False,
) -> Any:
    """SUM, COUNT, … over evaluated arguments. Within ranges and arrays only numbers count (text
    and booleans are left out) and an error is the result; a value given directly is coerced as
    arithmetic does. COUNT never fails; COUNTA counts every non-blank value."""
    counting = what in ("COUNT", "COUNTA")
    nums, n = [], 0
    for v in values:
        direct = not isinstance(v, (Ref, Array))
        items = ev.cells(v, skip_nested, skip_hidden) if isinstance(v, Ref) else ev.items(v)
        for x in items:
            if what == "COUNTA":
                n += x is not None and not (skip_errors and isinstance(x, Err))
                continue
            x = _num(x) if direct else x
            if isinstance(x, Decimal):
                nums.append(x)
            elif isinstance(x, Err) and not (counting or skip_errors):
                return x
    return Decimal(n) if what == "COUNTA" else _STATISTICS[what](nums)


def _statistic(what: str) -> Callable:
    @_takes(1, MANY)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        return _aggregate(ev, what, [ev.eval(a) for a in args])

    return run


fn_sum, fn_average, fn_count, fn_counta, fn_max, fn_min, fn_product, fn_stdev, fn_stdevp, fn_var, fn_varp = (
    _statistic(w)
    for w in ("SUM", "AVERAGE", "COUNT", "COUNTA", "MAX", "MIN", "PRODUCT", "STDEV", "STDEVP", "VAR", "VARP")
)


@_takes(2, MANY)
def fn_subtotal(ev: _Evaluation, args: list[tuple]) -> Any:
    """SUBTOTAL skips cells holding SUBTOTAL or AGGREGATE, so block totals can be summed again;
    codes 101-111 also skip hidden rows (1-11 count them: rows hidden by a filter, which Excel
    leaves out there too, are not told apart)."""
    code = ev.integer(args[0])
    refs = [ev.eval(a) for a in args[1:]]
    if err := _first_err(code, *refs):
        return err
    what = _CODES.get(code - 100 if code > 100 else code)
    if what is None or not all(isinstance(r, Ref) for r in refs):
        return VALUE
    return _aggregate(ev, what, refs, skip_nested=True, skip_hidden=code > 100)


@_takes(3, MANY)
def fn_aggregate(ev: _Evaluation, args: list[tuple]) -> Any:
    """AGGREGATE for functions 1-11; options 0-3 skip nested SUBTOTAL/AGGREGATE, 2, 3, 6 and 7
    errors, odd ones hidden rows."""
    code, options = ev.integer(args[0]), ev.integer(args[1])
    if err := _first_err(code, options):
        return err
    if 12 <= code <= 19:
        raise NotEvaluated(f"usa AGREGAR com a função {code}, que o tcxl não calcula")
    if code not in _CODES or not 0 <= options <= 7:
        return VALUE
    values = [ev.eval(a) for a in args[2:]]
    return _aggregate(
        ev,
        _CODES[code],
        values,
        skip_nested=options <= 3,
        skip_errors=options in (2, 3, 6, 7),
        skip_hidden=options % 2 == 1,
    )


@_takes(1)
def fn_countblank(ev: _Evaluation, args: list[tuple]) -> Any:
    ref = ev.eval(args[0])
    if not isinstance(ref, Ref):
        return ref if isinstance(ref, Err) else VALUE
    h, w = ev.inside(ref)
    past = ref.height * ref.width - h * w  # blank: past the sheet's content
    return Decimal(sum(1 for x in ev.cells(ref) if x is None or x == "") + past)


def _logical(combine: Callable) -> Callable:
    """AND / OR: booleans and numbers in ranges count (text and blanks do not); none → #VALUE!."""

    @_takes(1, MANY)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        found = []
        for a in args:
            v = ev.eval(a)
            direct = not isinstance(v, (Ref, Array))
            for x in ev.items(v):
                x = _truth(x) if direct else x
                if isinstance(x, Err):
                    return x
                if isinstance(x, (bool, Decimal)):
                    found.append(bool(x))
        return combine(found) if found else VALUE

    return run


fn_and, fn_or = _logical(all), _logical(any)


@_takes(1, MANY)
def fn_sumproduct(ev: _Evaluation, args: list[tuple]) -> Any:
    """Sum of element-wise products of same-shaped arrays; entries that are not numbers count
    as 0. Its arguments are evaluated as arrays, so ``--(A1:A9="x")`` masks work."""
    values = [ev.eval_array(a) for a in args]
    if err := _first_err(*values):
        return err
    shapes = {_dims(v) for v in values}
    if len(shapes) > 1:
        return VALUE
    ((h, w),) = shapes
    if all(isinstance(v, Ref) for v in values):  # past every range's content each product is 0
        h, w = (max(d) for d in zip(*(ev.inside(v) for v in values)))
    grids = [ev.block(v, h, w) if isinstance(v, Ref) else ev.grid(v) for v in values]
    total = ZERO
    for i in range(h):
        for j in range(w):
            product = ONE
            for g in grids:
                x = g[i][j]
                if isinstance(x, Err):
                    return x
                product *= x if isinstance(x, Decimal) else ZERO
            total += product
    return total


# -- criteria (SUMIF, COUNTIF, …) ------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def _wildcard(pattern: str) -> Callable:
    """A whole-text, case-insensitive matcher for ``*``, ``?`` and ``~`` (escape) patterns."""
    parts, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "~" and i + 1 < len(pattern):
            i += 1
            parts.append(re.escape(pattern[i]))
        else:
            parts.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL).fullmatch


def _equality(v: Any, wild: bool) -> Callable[[Any], bool]:
    """What equals ``v`` in a lookup: same type; text case-insensitively (with wildcards if ``wild``)."""
    if _is_text(v):
        if wild:
            match = _wildcard(v)
            return lambda x: _is_text(x) and match(x) is not None
        folded = v.casefold()
        return lambda x: _is_text(x) and x.casefold() == folded
    if isinstance(v, bool):
        return lambda x: x is v
    return lambda x: isinstance(x, Decimal) and _compare(x, v) == 0


_CRITERION_OPS = ("<=", ">=", "<>", "=", "<", ">")
_TESTS = {"<": lambda c: c < 0, ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


def _criterion(c: Any) -> Callable[[Any], bool]:
    """A COUNTIF criterion as a test of cell values. A number matches equal numbers and text
    reading as that number; text may start with = <> < > <= >=; text matches text with
    wildcards; ``""`` matches blanks and empty text, ``"="`` only blanks, ``"<>"`` non-blanks."""
    if not _is_text(c):
        if isinstance(c, Err):
            return lambda x: x == c and isinstance(x, Err)
        operand, op = ZERO if c is None else c, "="
    else:
        op = next((o for o in _CRITERION_OPS if c.startswith(o)), "")
        rest = c[len(op) :]
        if not rest:
            return {"": lambda x: x is None or x == "", "=": lambda x: x is None, "<>": lambda x: x is not None}.get(
                op, lambda x: False
            )
        operand = _number_in(rest)
        if isinstance(operand, Err):
            operand = rest.upper() == "TRUE" if rest.upper() in ("TRUE", "FALSE") else rest
    if op in ("", "=", "<>"):
        if isinstance(operand, Decimal):

            def equal(x: Any) -> bool:
                n = _number_in(x) if _is_text(x) else x
                return isinstance(n, Decimal) and _compare(n, operand) == 0
        else:
            equal = _equality(operand, wild=True)
        return (lambda x: not equal(x)) if op == "<>" else equal
    rank, test = _rank(operand), _TESTS[op]
    return lambda x: x is not None and not isinstance(x, Err) and _rank(x) == rank and test(_compare(x, operand))


def _matches(ev: _Evaluation, ranges: list, criteria: tuple, target: Any) -> tuple[list, int] | Err:
    """Where every range matches its criterion: the values of ``target`` (resized to the ranges'
    shape from its top-left) there, or True for each without a target; and how many matching
    positions lie past every range's content (blank everywhere, so never read)."""
    first = ranges[0]
    for rng in ranges:
        if not isinstance(rng, Ref) or _dims(rng) != _dims(first):
            return rng if isinstance(rng, Err) else VALUE
    if target is not None:
        if not isinstance(target, Ref):
            return target if isinstance(target, Err) else VALUE
        target = _slice(target, 0, 0, first.height, first.width)
    extents = [ev.inside(r) for r in ranges] + ([ev.inside(target)] if target is not None else [])
    h, w = max(e[0] for e in extents), max(e[1] for e in extents)
    grids = [ev.block(r, h, w) for r in ranges]
    tests = [_criterion(c) for c in criteria]
    hits = [(i, j) for i in range(h) for j in range(w) if all(t(g[i][j]) for t, g in zip(tests, grids))]
    past = first.height * first.width - h * w if all(t(None) for t in tests) else 0
    values = [ev.cell(target.sheet, target.r1 + i, target.c1 + j) if target is not None else True for i, j in hits]
    return values, past


def _conditional(what: str) -> Callable:
    """SUMIF, COUNTIF, AVERAGEIF (range, criterion[, values]) and the …IFS forms ([values,]
    range1, criterion1, …). An array of criteria (``{"(A)","(B)"}``) gives an array of results."""
    statistic = what.removesuffix("S").removesuffix("IF")  # SUM, COUNT, AVERAGE, MAX, MIN

    def tally(ev: _Evaluation, ranges: list, criteria: tuple, target: Any) -> Any:
        found = _matches(ev, ranges, criteria, target)
        if isinstance(found, Err):
            return found
        values, past = found
        if statistic == "COUNT":
            return Decimal(len(values) + past)
        return _first_err(*values) or _STATISTICS[statistic]([x for x in values if isinstance(x, Decimal)])

    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        if what.endswith("S"):
            pairs = args if statistic == "COUNT" else args[1:]
            if len(pairs) % 2:
                return VALUE
            target = None if statistic == "COUNT" else ev.eval(args[0])
        else:
            pairs = args[:2]
            target = args[0] if len(args) < 3 or args[2][0] == "missing" else args[2]
            target = None if statistic == "COUNT" else ev.eval(target)
        ranges = [ev.eval(a) for a in pairs[::2]]
        return ev.apply(lambda *criteria: tally(ev, ranges, criteria, target), [ev.eval(a) for a in pairs[1::2]])

    return run


fn_countif = _takes(2)(_conditional("COUNTIF"))
fn_sumif, fn_averageif = (_takes(2, 3)(_conditional(w)) for w in ("SUMIF", "AVERAGEIF"))
fn_countifs = _takes(2, MANY)(_conditional("COUNTIFS"))
fn_sumifs, fn_averageifs, fn_maxifs, fn_minifs = (
    _takes(3, MANY)(_conditional(w)) for w in ("SUMIFS", "AVERAGEIFS", "MAXIFS", "MINIFS")
)


# -- conditions and information --------------------------------------------------------------
def _choose_if(cond: Any, yes: Any, no: Any) -> Any:
    t = _truth(cond)
    return t if isinstance(t, Err) else yes if t else no


@_takes(2, 3)
def fn_if(ev: _Evaluation, args: list[tuple]) -> Any:
    """Only the branch taken is evaluated; it may be a range (``SUM(IF(x;A1:A3;B1:B3))``). A
    condition that spreads (an array, see :meth:`_Evaluation.spreads`) picks element by element."""
    cond = ev.eval(args[0])
    if ev.spreads(cond):
        branches = [ev.branch(a) for a in args[1:]] + [False] * (3 - len(args))
        return ev.apply(_choose_if, [cond, *branches])
    t = _truth(ev.one(cond))
    if isinstance(t, Err):
        return t
    if t:
        return ev.branch(args[1])
    return ev.branch(args[2]) if len(args) == 3 else False


@_takes(2, MANY)
def fn_ifs(ev: _Evaluation, args: list[tuple]) -> Any:
    if len(args) % 2:
        return VALUE
    for cond, result in zip(args[::2], args[1::2]):
        t = _truth(ev.value(cond))
        if isinstance(t, Err):
            return t
        if t:
            return ev.branch(result)
    return NA


def _on_error(caught: Callable[[Any], bool]) -> Callable:
    """IFERROR / IFNA: the alternative is evaluated only when needed (always, element by
    element, for a value that spreads)."""

    @_takes(2)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        v = ev.eval(args[0])
        if ev.spreads(v):
            return ev.apply(lambda x, alt: alt if caught(x) else x, [v, ev.branch(args[1])])
        v = ev.one(v)
        return ev.branch(args[1]) if caught(v) else v

    return run


fn_iferror = _on_error(lambda v: isinstance(v, Err))
fn_ifna = _on_error(lambda v: isinstance(v, Err) and v == NA)


@_takes(2, MANY)
def fn_choose(ev: _Evaluation, args: list[tuple]) -> Any:
    i = ev.integer(args[0])
    if isinstance(i, Err):
        return i
    return ev.branch(args[i]) if 1 <= i < len(args) else VALUE


fn_iserror = _scalar(1)(lambda v: isinstance(v, Err))
fn_iserr = _scalar(1)(lambda v: isinstance(v, Err) and v != NA)
fn_isna = _scalar(1)(lambda v: isinstance(v, Err) and v == NA)
fn_isnumber = _scalar(1)(lambda v: isinstance(v, Decimal))
fn_istext = _scalar(1)(_is_text)
fn_isnontext = _scalar(1)(lambda v: not _is_text(v))
fn_isblank = _scalar(1)(lambda v: v is None)
fn_islogical = _scalar(1)(lambda v: isinstance(v, bool))
fn_true = _takes(0)(lambda ev, args: True)
fn_false = _takes(0)(lambda ev, args: False)
fn_na = _takes(0)(lambda ev, args: NA)


@_scalar(1)
def fn_not(v: Any) -> Any:
    t = _truth(v)
    return t if isinstance(t, Err) else not t


@_scalar(1)
def fn_n(v: Any) -> Any:
    if isinstance(v, bool):
        return ONE if v else ZERO
    return v if isinstance(v, (Decimal, Err)) else ZERO


@_scalar(1)
def fn_value(v: Any) -> Any:
    return VALUE if isinstance(v, bool) else _num(v)


# -- numbers ---------------------------------------------------------------------------------
def _round(x: Decimal, digits: Decimal, mode: str) -> Decimal:
    d = int(digits)
    if x.as_tuple().exponent >= -d:  # already no more digits than asked
        return x
    try:
        return x.quantize(Decimal(1).scaleb(-d), rounding=mode)
    except decimal.InvalidOperation:  # beyond Decimal's precision: nothing left to round
        return x


fn_round = _numeric(2)(lambda x, d: _round(x, d, ROUND_HALF_UP))  # halves away from zero, as Excel
fn_roundup = _numeric(2)(lambda x, d: _round(x, d, ROUND_UP))
fn_rounddown = _numeric(2)(lambda x, d: _round(x, d, ROUND_DOWN))
fn_trunc = _numeric(1, 2)(lambda x, d=ZERO: _round(x, d, ROUND_DOWN))
fn_int = _numeric(1)(lambda x: _round(x, ZERO, ROUND_FLOOR))
fn_abs = _numeric(1)(abs)
fn_sign = _numeric(1)(lambda x: Decimal((x > 0) - (x < 0)))
fn_power = _numeric(2)(_power)
fn_sqrt = _numeric(1)(lambda x: NUM if x < 0 else x.sqrt())


@_numeric(2)
def fn_mod(x: Decimal, y: Decimal) -> Any:
    """The remainder with the divisor's sign, as Excel's MOD."""
    if not y:
        return DIV0
    r = x % y
    return r + y if r and (r < 0) != (y < 0) else r


# -- text ------------------------------------------------------------------------------------
@_scalar(1, MANY)
def fn_concatenate(*values: Any) -> Any:
    return _first_err(*values) or "".join(_text(v) for v in values)


@_takes(1, MANY)
def fn_concat(ev: _Evaluation, args: list[tuple]) -> Any:
    """CONCAT, unlike CONCATENATE, takes every cell of a range."""
    values = [x for a in args for x in ev.items(ev.eval(a))]
    return _first_err(*values) or "".join(_text(v) for v in values)


def _text_function(lo: int, hi: int | None = None) -> Callable:
    """A function of a text and integers: the text as ``&`` reads it, the numbers truncated."""

    def wrap(f: Callable) -> Callable:
        @functools.wraps(f)
        def run(value: Any, *numbers: Any) -> Any:
            ints = [_int(n) for n in numbers]
            return _first_err(value, *ints) or f(_text(value), *ints)

        return _scalar(lo, hi)(run)

    return wrap


fn_len = _text_function(1)(lambda s: Decimal(len(s)))
fn_upper = _text_function(1)(str.upper)
fn_lower = _text_function(1)(str.lower)
fn_trim = _text_function(1)(lambda s: " ".join(p for p in s.split(" ") if p))
fn_left = _text_function(1, 2)(lambda s, n=1: VALUE if n < 0 else s[:n])
fn_right = _text_function(1, 2)(lambda s, n=1: VALUE if n < 0 else s[len(s) - min(n, len(s)) :])
fn_mid = _text_function(3)(lambda s, start, n: VALUE if start < 1 or n < 0 else s[start - 1 : start - 1 + n])


# -- references ------------------------------------------------------------------------------
@_takes(2, 4)
def fn_index(ev: _Evaluation, args: list[tuple]) -> Any:
    """INDEX(range, row[, col]) gives a reference (a cell, or a whole row or column for 0);
    with one index into a single row it picks the column. Its first argument is evaluated as
    an array, as Excel does."""
    src = ev.eval_array(args[0])
    row = ev.integer(args[1])
    col = ev.integer(args[2]) if len(args) > 2 else None
    area = ev.integer(args[3]) if len(args) > 3 else 1
    if err := _first_err(src, row, col, area):
        return err
    h, w = _dims(src)
    if col is None:
        row, col = (1, row) if h == 1 else (row, 0 if w > 1 else 1)
    if row < 0 or col < 0:
        return VALUE
    if row > h or col > w or area != 1:
        return REF
    part = _slice(src, max(row - 1, 0), max(col - 1, 0), 1 if row else h, 1 if col else w)
    return ev.one(part) if isinstance(part, Array) and _dims(part) == (1, 1) else part


@_takes(3, 5)
def fn_offset(ev: _Evaluation, args: list[tuple]) -> Any:
    base = ev.eval(args[0])
    if not isinstance(base, Ref):
        return base if isinstance(base, Err) else VALUE
    rows, cols = ev.integer(args[1]), ev.integer(args[2])
    sized = [ev.integer(a) if a[0] != "missing" else None for a in args[3:]] + [None, None]
    h = base.height if sized[0] is None else sized[0]
    w = base.width if sized[1] is None else sized[1]
    if err := _first_err(rows, cols, h, w):
        return err
    r1, c1 = base.r1 + rows, base.c1 + cols
    if h < 1 or w < 1 or r1 < 0 or c1 < 0 or r1 + h > MAX_ROWS or c1 + w > MAX_COLS:
        return REF
    return Ref(base.sheet, r1, c1, r1 + h - 1, c1 + w - 1)


def _position(of_row: bool) -> Callable:
    """ROW / COLUMN: of the formula's own cell without argument; of a range, its first (all of
    them, as an array, when arrays are on)."""

    @_takes(0, 1)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        if not args or args[0][0] == "missing":
            return Decimal((ev.row if of_row else ev.col) + 1)
        ref = ev.eval(args[0])
        if not isinstance(ref, Ref):
            return ref if isinstance(ref, Err) else VALUE
        first, last = (ref.r1, ref.r2) if of_row else (ref.c1, ref.c2)
        if not ev.array or first == last:
            return Decimal(first + 1)
        numbers = [Decimal(n + 1) for n in range(first, last + 1)]
        return Array([[n] for n in numbers] if of_row else [numbers])

    return run


fn_row, fn_column = _position(True), _position(False)


def _extent(axis: int) -> Callable:
    @_takes(1)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        v = ev.eval(args[0])
        return v if isinstance(v, Err) else Decimal(_dims(v)[axis])

    return run


fn_rows, fn_columns = _extent(0), _extent(1)


@_takes(1, 2)
def fn_indirect(ev: _Evaluation, args: list[tuple]) -> Any:
    """INDIRECT of a plain A1 reference text (``"B3"``, ``"'Memória de Cálculo'!C7"``) only."""
    text = ev.value(args[0])
    a1 = _truth(ev.value(args[1])) if len(args) == 2 else True
    if err := _first_err(text, a1):
        return err
    if a1 is not True:
        raise NotEvaluated("usa INDIRETO no estilo L1C1, que o tcxl não calcula")
    if stack_short():  # the text is parsed: it may be any formula, nested as deep as one may be
        raise StackShort("usa INDIRETO onde as fórmulas se encadeiam demais")
    try:
        node = parse("=" + _text(text).strip())
    except FormulaError:
        node = None
    if node is None or node[0] != "ref":
        raise NotEvaluated("usa INDIRETO com um texto que não é uma referência simples")
    return ev.eval(node)


# -- lookups ---------------------------------------------------------------------------------
def _find(v: Any, values: list, mode: int) -> int | None:
    """Where MATCH finds ``v``: mode 0 the first equal (text with wildcards); 1 the last value
    <= v of an ascending list, -1 the last >= v of a descending one (values of other types and
    blanks are passed over)."""
    if v is None:
        return None
    if mode == 0:
        equal = _equality(v, wild=True)
        return next((i for i, x in enumerate(values) if equal(x)), None)
    found, kind = None, _rank(v)
    for i, x in enumerate(values):
        if x is None or isinstance(x, Err) or _rank(x) != kind:
            continue
        if _compare(x, v) * mode > 0:
            break
        found = i
    return found


@_takes(2, 3)
def fn_match(ev: _Evaluation, args: list[tuple]) -> Any:
    v, src = ev.value(args[0]), ev.eval(args[1])
    mode = ev.integer(args[2]) if len(args) == 3 else 1
    if err := _first_err(v, src, mode):
        return err
    values = ev.vector(src)
    i = None if values is None else _find(v, values, (mode > 0) - (mode < 0))
    return NA if i is None else Decimal(i + 1)


def _table_lookup(by_column: bool) -> Callable:
    """VLOOKUP / HLOOKUP (value, table, n[, approximate=TRUE])."""

    @_takes(3, 4)
    def run(ev: _Evaluation, args: list[tuple]) -> Any:
        v, table, n = ev.value(args[0]), ev.eval(args[1]), ev.integer(args[2])
        approximate = _truth(ev.value(args[3])) if len(args) == 4 else True
        if err := _first_err(v, table, n, approximate):
            return err
        h, w = _dims(table)
        if n < 1:
            return VALUE
        if n > (w if by_column else h):
            return REF
        keys = ev.vector(_slice(table, 0, 0, h, 1) if by_column else _slice(table, 0, 0, 1, w))
        i = _find(v, keys, 1 if approximate else 0)
        if i is None:
            return NA
        return ev.at(table, i, n - 1) if by_column else ev.at(table, n - 1, i)

    return run


fn_vlookup, fn_hlookup = _table_lookup(True), _table_lookup(False)


@_takes(2, 3)
def fn_lookup(ev: _Evaluation, args: list[tuple]) -> Any:
    """LOOKUP (approximate, ascending). Without a result vector it searches the first row of a
    range wider than tall, else the first column, and gives the last row/column there."""
    v, src = ev.value(args[0]), ev.eval_array(args[1])
    result = ev.eval_array(args[2]) if len(args) == 3 else None
    if err := _first_err(v, src, result):
        return err
    h, w = _dims(src)
    if result is None:
        if w > h:
            src, result = _slice(src, 0, 0, 1, w), _slice(src, h - 1, 0, 1, w)
        else:
            src, result = _slice(src, 0, 0, h, 1), _slice(src, 0, w - 1, h, 1)
    values = ev.vector(src)
    i = None if values is None else _find(v, values, 1)
    rh, rw = _dims(result)
    if i is None or (rh > 1 and rw > 1):
        return NA
    return ev.at(result, 0, i) if rh == 1 and rw > 1 else ev.at(result, i, 0)


def _closest(v: Any, values: list, mode: int, order: range) -> int | None:
    """XLOOKUP's search: mode 0 exact, 2 with wildcards, -1 exact or next smaller, 1 exact or
    next larger."""
    if mode in (0, 2):
        equal = _equality(v, wild=mode == 2)
        return next((i for i in order if equal(values[i])), None)
    best, kind = None, _rank(v)
    for i in order:
        x = values[i]
        if x is None or isinstance(x, Err) or _rank(x) != kind:
            continue
        c = _compare(x, v)
        if c == 0:
            return i
        if c == mode and (best is None or _compare(x, values[best]) == -mode):
            best = i
    return best


@_takes(3, 6)
def fn_xlookup(ev: _Evaluation, args: list[tuple]) -> Any:
    v, keys, result = ev.value(args[0]), ev.eval(args[1]), ev.eval(args[2])
    mode = ev.integer(args[4]) if len(args) > 4 else 0
    search = ev.integer(args[5]) if len(args) > 5 else 1
    if err := _first_err(v, keys, result, mode, search):
        return err
    if search not in (1, -1):
        raise NotEvaluated("usa PROCX com busca binária, que o tcxl não calcula")
    values, (h, w), (rh, rw) = ev.vector(keys), _dims(keys), _dims(result)
    by_rows = w == 1 and h > 1 or (h, w) == (1, 1)
    if values is None or mode not in (-1, 0, 1, 2) or (rh if by_rows else rw) != (h if by_rows else w):
        return VALUE
    order = range(len(values)) if search == 1 else range(len(values) - 1, -1, -1)
    i = _closest(v, values, mode, order)
    if i is None:
        return ev.branch(args[3]) if len(args) > 3 and args[3][0] != "missing" else NA
    return _slice(result, i, 0, 1, rw) if by_rows else _slice(result, 0, i, rh, 1)
