"""One formula's evaluation: the walk over its tree (:mod:`.tree`), reading cells through a
:class:`Context`, and how the implementations of functions take their arguments.

:class:`Evaluation` gives a node its value (a single value, a :class:`.values.Ref` or a
:class:`.values.Array`), applies operators and functions of single values element by element
where arrays spread, reads only the cells needed (at most ``MAX_RANGE_CELLS``), and calls a
function's :class:`Handler`, found by name in the table of functions it is given
(:mod:`.functions`, by :func:`.evaluate.evaluate`). The handlers themselves are in
:mod:`.aggregates`, :mod:`.criteria`, :mod:`.logic`, :mod:`.numeric`, :mod:`.text` and
:mod:`.lookup`.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, cast

from .operators import OPERATORS, negate, percent
from .tree import MAX_RANGE_CELLS, stack_short, steps
from .values import (
    MAX_COLS,
    MAX_ROWS,
    NA,
    NAME,
    NUM,
    REF,
    VALUE,
    ZERO,
    Array,
    Err,
    NotEvaluated,
    Ref,
    StackShort,
    as_int,
    as_number,
    dims,
    first_err,
    part_of,
)

MANY = 255  # arguments a variadic function takes at most


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


Implementation = Callable[["Evaluation", list[tuple]], Any]  # (evaluation, argument nodes) -> value


class Handler(Protocol):
    """A function's implementation, as the table of functions names it: called with the
    evaluation and the argument nodes, and marked with the numbers of arguments it takes
    (:func:`takes`)."""

    arity: tuple[int, int]

    def __call__(self, ev: Evaluation, args: list[tuple], /) -> Any: ...


# -- values of several cells ----------------------------------------------------------------
def _multi(v: Any) -> bool:
    return isinstance(v, (Ref, Array)) and dims(v) != (1, 1)


def _element(grid: list[list], i: int, j: int) -> Any:
    """Excel's array expansion: a single row or column repeats; past a shorter array, #N/A."""
    h, w = len(grid), len(grid[0])
    i, j = (0 if h == 1 else i), (0 if w == 1 else j)
    return grid[i][j] if i < h and j < w else NA


_NESTED = re.compile(r"\b(?:SUBTOTAL|AGGREGATE|AGREGAR)\s*\(", re.IGNORECASE)


class Evaluation:
    """One formula's evaluation: where it is, whether arrays are on, and the cells it read."""

    def __init__(
        self,
        ctx: Context,
        here: tuple,
        array: bool,
        functions: Mapping[str, Handler],
        parse: Callable[[str], tuple],
    ):
        self.ctx, (self.sheet, self.row, self.col), self.array = ctx, here, array
        # the implementations by name, and the parser (INDIRECT's): given by .evaluate, as the
        # table of functions imports the implementations, which import this module
        self.functions, self.parse = functions, parse
        self.read, self.depth = 0, 0
        self.known_bounds: dict[str | None, tuple[int, int]] = {}

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
                value = self.apply(OPERATORS[op], [value, self.eval(operand)])
            return value
        if kind in ("neg", "pct"):
            return self.apply(negate if kind == "neg" else percent, [self.eval(node[1])])
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
        return as_int(self.value(node))

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
            sizes = [dims(v) for v in values]
            h, w = max(d[0] for d in sizes), max(d[1] for d in sizes)
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
        if err := first_err(a, b):
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
        rows: Sequence[int] = range(ref.r1, ref.r1 + h)
        cols = range(ref.c1, ref.c1 + w)
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
        rh, cw = self.inside(part_of(ref, 0, 0, h, w))
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
        h, w = dims(v)
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
        run = self.functions.get(name)
        if run is None:
            raise NotEvaluated(f"usa a função {name}, que o tcxl não calcula")
        lo, hi = run.arity
        if not lo <= len(args) <= hi:
            raise NotEvaluated(f"chama {name} com {len(args)} argumento(s)")
        try:
            return run(self, args)
        except decimal.DecimalException:  # a result beyond Decimal's range
            return NUM


# -- how functions take their arguments ------------------------------------------------------
def takes(lo: int, hi: int | None = None) -> Callable[[Implementation], Handler]:
    """Marks an implementation ``(evaluation, argument nodes) -> value`` with how many arguments
    it accepts (checked before it runs): a :class:`Handler`."""

    def mark(f: Implementation) -> Handler:
        handler = cast(Handler, f)  # one once it has its arity, set here
        handler.arity = (lo, lo if hi is None else hi)
        return handler

    return mark


def scalar(lo: int, hi: int | None = None) -> Callable[[Callable[..., Any]], Handler]:
    """An implementation from a function of single values (blank None): a range argument gives
    one value (implicit intersection), or makes it element-wise when arrays are on."""

    def wrap(f: Callable[..., Any]) -> Handler:
        @takes(lo, hi)
        @functools.wraps(f)
        def run(ev: Evaluation, args: list[tuple]) -> Any:
            return ev.apply(f, [ev.eval(a) for a in args])

        return run

    return wrap


def of_numbers(lo: int, hi: int | None = None) -> Callable[[Callable[..., Any]], Handler]:
    """As :func:`scalar` for a function of numbers: arguments coerced as arithmetic does, the
    first error returned instead."""

    def wrap(f: Callable[..., Any]) -> Handler:
        @functools.wraps(f)
        def numbers(*values: Any) -> Any:
            nums = [as_number(v) for v in values]
            return first_err(*nums) or f(*nums)

        return scalar(lo, hi)(numbers)

    return wrap
