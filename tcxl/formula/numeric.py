"""Functions of numbers (SPEC §3.1): ROUND, ROUNDUP, ROUNDDOWN, TRUNC, INT, ABS, MOD,
SIGN, POWER and SQRT, rounding as Excel does (halves away from zero).
"""

from __future__ import annotations

import decimal
from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Any

from .evaluation import of_numbers
from .operators import power
from .values import DIV0, NUM, ZERO


def _round(x: Decimal, digits: Decimal, mode: str) -> Decimal:
    d = int(digits)
    exponent = x.as_tuple().exponent  # an int: a number here is finite (else a str, 'n' 'N' 'F')
    if isinstance(exponent, int) and exponent >= -d:  # already no more digits than asked
        return x
    try:
        return x.quantize(Decimal(1).scaleb(-d), rounding=mode)
    except decimal.InvalidOperation:  # beyond Decimal's precision: nothing left to round
        return x


fn_round = of_numbers(2)(lambda x, d: _round(x, d, ROUND_HALF_UP))  # halves away from zero, as Excel
fn_roundup = of_numbers(2)(lambda x, d: _round(x, d, ROUND_UP))
fn_rounddown = of_numbers(2)(lambda x, d: _round(x, d, ROUND_DOWN))
fn_trunc = of_numbers(1, 2)(lambda x, d=ZERO: _round(x, d, ROUND_DOWN))
fn_int = of_numbers(1)(lambda x: _round(x, ZERO, ROUND_FLOOR))
fn_abs = of_numbers(1)(abs)
fn_sign = of_numbers(1)(lambda x: Decimal((x > 0) - (x < 0)))
fn_power = of_numbers(2)(power)
fn_sqrt = of_numbers(1)(lambda x: NUM if x < 0 else x.sqrt())


@of_numbers(2)
def fn_mod(x: Decimal, y: Decimal) -> Any:
    """The remainder with the divisor's sign, as Excel's MOD."""
    if not y:
        return DIV0
    r = x % y
    return r + y if r and (r < 0) != (y < 0) else r
