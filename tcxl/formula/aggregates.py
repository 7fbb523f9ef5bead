"""Aggregates (SPEC §3.1): SUM, AVERAGE, COUNT, COUNTA, COUNTBLANK, MAX, MIN, PRODUCT, the
standard deviations and variances, SUBTOTAL, AGGREGATE and SUMPRODUCT, as a spreadsheet
computes them over ranges, arrays and single values. :data:`STATISTICS` is shared with the
conditional aggregates (:mod:`.criteria`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .evaluation import MANY, Evaluation, Handler, takes
from .values import DIV0, ONE, VALUE, ZERO, Array, Err, NotEvaluated, Ref, as_number, dims, first_err


def _variance(xs: list, sample: bool) -> Decimal | Err:
    if len(xs) < 1 + sample:
        return DIV0
    mean = sum(xs, ZERO) / len(xs)
    return sum(((x - mean) ** 2 for x in xs), ZERO) / (len(xs) - sample)


def _deviation(xs: list, sample: bool) -> Decimal | Err:
    v = _variance(xs, sample)
    return v if isinstance(v, Err) else v.sqrt()


STATISTICS: dict[str, Callable[[list], Any]] = {
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
    ev: Evaluation,
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
            x = as_number(x) if direct else x
            if isinstance(x, Decimal):
                nums.append(x)
            elif isinstance(x, Err) and not (counting or skip_errors):
                return x
    return Decimal(n) if what == "COUNTA" else STATISTICS[what](nums)


def _statistic(what: str) -> Handler:
    @takes(1, MANY)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
        return _aggregate(ev, what, [ev.eval(a) for a in args])

    return run


fn_sum, fn_average, fn_count, fn_counta, fn_max, fn_min, fn_product, fn_stdev, fn_stdevp, fn_var, fn_varp = (
    _statistic(w)
    for w in ("SUM", "AVERAGE", "COUNT", "COUNTA", "MAX", "MIN", "PRODUCT", "STDEV", "STDEVP", "VAR", "VARP")
)


@takes(2, MANY)
def fn_subtotal(ev: Evaluation, args: list[tuple]) -> Any:
    """SUBTOTAL skips cells holding SUBTOTAL or AGGREGATE, so block totals can be summed again;
    codes 101-111 also skip hidden rows (1-11 count them: rows hidden by a filter, which Excel
    leaves out there too, are not told apart)."""
    code = ev.integer(args[0])
    refs = [ev.eval(a) for a in args[1:]]
    if isinstance(code, Err):
        return code
    if err := first_err(*refs):
        return err
    what = _CODES.get(code - 100 if code > 100 else code)
    if what is None or not all(isinstance(r, Ref) for r in refs):
        return VALUE
    return _aggregate(ev, what, refs, skip_nested=True, skip_hidden=code > 100)


@takes(3, MANY)
def fn_aggregate(ev: Evaluation, args: list[tuple]) -> Any:
    """AGGREGATE for functions 1-11; options 0-3 skip nested SUBTOTAL/AGGREGATE, 2, 3, 6 and 7
    errors, odd ones hidden rows."""
    code, options = ev.integer(args[0]), ev.integer(args[1])
    if isinstance(code, Err):
        return code
    if isinstance(options, Err):
        return options
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


@takes(1)
def fn_countblank(ev: Evaluation, args: list[tuple]) -> Any:
    ref = ev.eval(args[0])
    if not isinstance(ref, Ref):
        return ref if isinstance(ref, Err) else VALUE
    h, w = ev.inside(ref)
    past = ref.height * ref.width - h * w  # blank: past the sheet's content
    return Decimal(sum(1 for x in ev.cells(ref) if x is None or x == "") + past)


@takes(1, MANY)
def fn_sumproduct(ev: Evaluation, args: list[tuple]) -> Any:
    """Sum of element-wise products of same-shaped arrays; entries that are not numbers count
    as 0. Its arguments are evaluated as arrays, so ``--(A1:A9="x")`` masks work."""
    values = [ev.eval_array(a) for a in args]
    if err := first_err(*values):
        return err
    shapes = {dims(v) for v in values}
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
