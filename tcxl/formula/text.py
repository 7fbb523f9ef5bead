"""Text functions (SPEC §3.1): CONCATENATE, CONCAT, LEN, LEFT, RIGHT, MID, UPPER, LOWER and
TRIM, reading a value as ``&`` does (:func:`.values.as_text`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .evaluation import MANY, Evaluation, Handler, scalar, takes
from .values import VALUE, as_int, as_text, first_err


@scalar(1, MANY)
def fn_concatenate(*values: Any) -> Any:
    return first_err(*values) or "".join(as_text(v) for v in values)


@takes(1, MANY)
def fn_concat(ev: Evaluation, args: list[tuple]) -> Any:
    """CONCAT, unlike CONCATENATE, takes every cell of a range."""
    values = [x for a in args for x in ev.items(ev.eval(a))]
    return first_err(*values) or "".join(as_text(v) for v in values)


def _text_function(lo: int, hi: int | None = None) -> Callable[[Callable[..., Any]], Handler]:
    """A function of a text and integers: the text as ``&`` reads it, the numbers truncated."""

    def wrap(f: Callable[..., Any]) -> Handler:
        @functools.wraps(f)
        def run(value: Any, *numbers: Any) -> Any:
            ints = [as_int(n) for n in numbers]
            return first_err(value, *ints) or f(as_text(value), *ints)

        return scalar(lo, hi)(run)

    return wrap


fn_len = _text_function(1)(lambda s: Decimal(len(s)))
fn_upper = _text_function(1)(str.upper)
fn_lower = _text_function(1)(str.lower)
fn_trim = _text_function(1)(lambda s: " ".join(p for p in s.split(" ") if p))
fn_left = _text_function(1, 2)(lambda s, n=1: VALUE if n < 0 else s[:n])
fn_right = _text_function(1, 2)(lambda s, n=1: VALUE if n < 0 else s[len(s) - min(n, len(s)) :])
fn_mid = _text_function(3)(lambda s, start, n: VALUE if start < 1 or n < 0 else s[start - 1 : start - 1 + n])
