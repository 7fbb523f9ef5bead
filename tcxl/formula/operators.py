"""The operators of a formula (``+ - * / ^ & = <> < > <= >=``, a sign and ``%``) on single
values, as a spreadsheet computes them: arithmetic coerces (:func:`.values.as_number`), the
first error wins, comparisons follow :func:`.values.compare`. The evaluation applies them
element by element over arrays (:meth:`.evaluation.Evaluation.apply`).
"""

from __future__ import annotations

import decimal
import math
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .values import DIV0, NUM, ZERO, Err, as_number, as_text, compare, first_err


def _arithmetic(f: Callable) -> Callable:
    def op(a: Any, b: Any) -> Any:
        x, y = as_number(a), as_number(b)
        if err := first_err(x, y):
            return err
        try:
            return f(x, y)
        except decimal.DecimalException:
            return NUM

    return op


def _divide(x: Decimal, y: Decimal) -> Decimal | Err:
    return DIV0 if not y else x / y


def power(x: Decimal, y: Decimal) -> Decimal | Err:
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
        return first_err(a, b) or test(compare(a, b))

    return op


def _concatenate(a: Any, b: Any) -> Any:
    return first_err(a, b) or as_text(a) + as_text(b)


def negate(v: Any) -> Any:
    n = as_number(v)
    return n if isinstance(n, Err) else -n if n else ZERO


def percent(v: Any) -> Any:
    n = as_number(v)
    return n if isinstance(n, Err) else n / 100


OPERATORS = {
    "+": _arithmetic(operator.add),
    "-": _arithmetic(operator.sub),
    "*": _arithmetic(operator.mul),
    "/": _arithmetic(_divide),
    "^": _arithmetic(power),
    "&": _concatenate,
    "=": _comparison(lambda c: c == 0),
    "<>": _comparison(lambda c: c != 0),
    "<": _comparison(lambda c: c < 0),
    ">": _comparison(lambda c: c > 0),
    "<=": _comparison(lambda c: c <= 0),
    ">=": _comparison(lambda c: c >= 0),
}
