"""References and lookups (SPEC §3.1): INDEX, OFFSET, ROW, COLUMN, ROWS, COLUMNS, INDIRECT,
MATCH, LOOKUP, VLOOKUP, HLOOKUP and XLOOKUP. INDEX and OFFSET give references, so their
result can be summed or be the end of a ``:`` span.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .criteria import equality
from .evaluation import Evaluation, Handler, takes
from .tree import FormulaError, stack_short
from .values import (
    MAX_COLS,
    MAX_ROWS,
    NA,
    REF,
    VALUE,
    Array,
    Err,
    NotEvaluated,
    Ref,
    StackShort,
    as_text,
    compare,
    dims,
    first_err,
    part_of,
    rank,
    truth,
)


@takes(2, 4)
def fn_index(ev: Evaluation, args: list[tuple]) -> Any:
    """INDEX(range, row[, col]) gives a reference (a cell, or a whole row or column for 0);
    with one index into a single row it picks the column. Its first argument is evaluated as
    an array, as Excel does."""
    src = ev.eval_array(args[0])
    row = ev.integer(args[1])
    col = ev.integer(args[2]) if len(args) > 2 else None
    area = ev.integer(args[3]) if len(args) > 3 else 1
    if isinstance(src, Err):
        return src
    if isinstance(row, Err):
        return row
    if isinstance(col, Err):
        return col
    if isinstance(area, Err):
        return area
    h, w = dims(src)
    if col is None:
        row, col = (1, row) if h == 1 else (row, 0 if w > 1 else 1)
    if row < 0 or col < 0:
        return VALUE
    if row > h or col > w or area != 1:
        return REF
    part = part_of(src, max(row - 1, 0), max(col - 1, 0), 1 if row else h, 1 if col else w)
    return ev.one(part) if isinstance(part, Array) and dims(part) == (1, 1) else part


@takes(3, 5)
def fn_offset(ev: Evaluation, args: list[tuple]) -> Any:
    base = ev.eval(args[0])
    if not isinstance(base, Ref):
        return base if isinstance(base, Err) else VALUE
    rows, cols = ev.integer(args[1]), ev.integer(args[2])
    sized = [ev.integer(a) if a[0] != "missing" else None for a in args[3:]] + [None, None]
    h = base.height if sized[0] is None else sized[0]
    w = base.width if sized[1] is None else sized[1]
    if isinstance(rows, Err):
        return rows
    if isinstance(cols, Err):
        return cols
    if isinstance(h, Err):
        return h
    if isinstance(w, Err):
        return w
    r1, c1 = base.r1 + rows, base.c1 + cols
    if h < 1 or w < 1 or r1 < 0 or c1 < 0 or r1 + h > MAX_ROWS or c1 + w > MAX_COLS:
        return REF
    return Ref(base.sheet, r1, c1, r1 + h - 1, c1 + w - 1)


def _position(of_row: bool) -> Handler:
    """ROW / COLUMN: of the formula's own cell without argument; of a range, its first (all of
    them, as an array, when arrays are on)."""

    @takes(0, 1)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
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


def _extent(axis: int) -> Handler:
    @takes(1)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
        v = ev.eval(args[0])
        return v if isinstance(v, Err) else Decimal(dims(v)[axis])

    return run


fn_rows, fn_columns = _extent(0), _extent(1)


@takes(1, 2)
def fn_indirect(ev: Evaluation, args: list[tuple]) -> Any:
    """INDIRECT of a plain A1 reference text (``"B3"``, ``"'Memória de Cálculo'!C7"``) only."""
    text = ev.value(args[0])
    a1 = truth(ev.value(args[1])) if len(args) == 2 else True
    if err := first_err(text, a1):
        return err
    if a1 is not True:
        raise NotEvaluated("usa INDIRETO no estilo L1C1, que o tcxl não calcula")
    if stack_short():  # the text is parsed: it may be any formula, nested as deep as one may be
        raise StackShort("usa INDIRETO onde as fórmulas se encadeiam demais")
    try:
        node = ev.parse("=" + as_text(text).strip())
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
        equal = equality(v, wild=True)
        return next((i for i, x in enumerate(values) if equal(x)), None)
    found, kind = None, rank(v)
    for i, x in enumerate(values):
        if x is None or isinstance(x, Err) or rank(x) != kind:
            continue
        if compare(x, v) * mode > 0:
            break
        found = i
    return found


@takes(2, 3)
def fn_match(ev: Evaluation, args: list[tuple]) -> Any:
    v, src = ev.value(args[0]), ev.eval(args[1])
    mode = ev.integer(args[2]) if len(args) == 3 else 1
    if err := first_err(v, src):
        return err
    if isinstance(mode, Err):
        return mode
    values = ev.vector(src)
    i = None if values is None else _find(v, values, (mode > 0) - (mode < 0))
    return NA if i is None else Decimal(i + 1)


def _table_lookup(by_column: bool) -> Handler:
    """VLOOKUP / HLOOKUP (value, table, n[, approximate=TRUE])."""

    @takes(3, 4)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
        v, table, n = ev.value(args[0]), ev.eval(args[1]), ev.integer(args[2])
        approximate = truth(ev.value(args[3])) if len(args) == 4 else True
        if err := first_err(v, table):
            return err
        if isinstance(n, Err):
            return n
        if isinstance(approximate, Err):
            return approximate
        h, w = dims(table)
        if n < 1:
            return VALUE
        if n > (w if by_column else h):
            return REF
        keys = ev.items(part_of(table, 0, 0, h, 1) if by_column else part_of(table, 0, 0, 1, w))  # one row or column
        i = _find(v, keys, 1 if approximate else 0)
        if i is None:
            return NA
        return ev.at(table, i, n - 1) if by_column else ev.at(table, n - 1, i)

    return run


fn_vlookup, fn_hlookup = _table_lookup(True), _table_lookup(False)


@takes(2, 3)
def fn_lookup(ev: Evaluation, args: list[tuple]) -> Any:
    """LOOKUP (approximate, ascending). Without a result vector it searches the first row of a
    range wider than tall, else the first column, and gives the last row/column there."""
    v, src = ev.value(args[0]), ev.eval_array(args[1])
    result = ev.eval_array(args[2]) if len(args) == 3 else None
    if err := first_err(v, src, result):
        return err
    h, w = dims(src)
    if result is None:
        if w > h:
            src, result = part_of(src, 0, 0, 1, w), part_of(src, h - 1, 0, 1, w)
        else:
            src, result = part_of(src, 0, 0, h, 1), part_of(src, 0, w - 1, h, 1)
    values = ev.vector(src)
    i = None if values is None else _find(v, values, 1)
    rh, rw = dims(result)
    if i is None or (rh > 1 and rw > 1):
        return NA
    return ev.at(result, 0, i) if rh == 1 and rw > 1 else ev.at(result, i, 0)


def _closest(v: Any, values: list, mode: int, order: range) -> int | None:
    """XLOOKUP's search: mode 0 exact, 2 with wildcards, -1 exact or next smaller, 1 exact or
    next larger."""
    if mode in (0, 2):
        equal = equality(v, wild=mode == 2)
        return next((i for i in order if equal(values[i])), None)
    best, kind = None, rank(v)
    for i in order:
        x = values[i]
        if x is None or isinstance(x, Err) or rank(x) != kind:
            continue
        c = compare(x, v)
        if c == 0:
            return i
        if c == mode and (best is None or compare(x, values[best]) == -mode):
            best = i
    return best


@takes(3, 6)
def fn_xlookup(ev: Evaluation, args: list[tuple]) -> Any:
    v, keys, result = ev.value(args[0]), ev.eval(args[1]), ev.eval(args[2])
    mode = ev.integer(args[4]) if len(args) > 4 else 0
    search = ev.integer(args[5]) if len(args) > 5 else 1
    if err := first_err(v, keys, result, mode, search):
        return err
    if search not in (1, -1):
        raise NotEvaluated("usa PROCX com busca binária, que o tcxl não calcula")
    values, (h, w), (rh, rw) = ev.vector(keys), dims(keys), dims(result)
    by_rows = w == 1 and h > 1 or (h, w) == (1, 1)
    if values is None or mode not in (-1, 0, 1, 2) or (rh if by_rows else rw) != (h if by_rows else w):
        return VALUE
    order = range(len(values)) if search == 1 else range(len(values) - 1, -1, -1)
    i = _closest(v, values, mode, order)
    if i is None:
        return ev.branch(args[3]) if len(args) > 3 and args[3][0] != "missing" else NA
    return part_of(result, i, 0, 1, rw) if by_rows else part_of(result, 0, i, rh, 1)
