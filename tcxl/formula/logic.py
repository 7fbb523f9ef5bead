"""Conditions and information (SPEC §3.1): IF, IFS, IFERROR, IFNA, CHOOSE, AND, OR, NOT,
TRUE, FALSE, the IS… functions, NA, N and VALUE. A branch not taken is never evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .evaluation import MANY, Evaluation, Handler, scalar, takes
from .values import NA, ONE, VALUE, ZERO, Array, Err, Ref, as_number, is_text, truth


def _logical(combine: Callable[[list[bool]], bool]) -> Handler:
    """AND / OR: booleans and numbers in ranges count (text and blanks do not); none → #VALUE!."""

    @takes(1, MANY)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
        found = []
        for a in args:
            v = ev.eval(a)
            direct = not isinstance(v, (Ref, Array))
            for x in ev.items(v):
                x = truth(x) if direct else x
                if isinstance(x, Err):
                    return x
                if isinstance(x, (bool, Decimal)):
                    found.append(bool(x))
        return combine(found) if found else VALUE

    return run


fn_and, fn_or = _logical(all), _logical(any)


def _choose_if(cond: Any, yes: Any, no: Any) -> Any:
    t = truth(cond)
    return t if isinstance(t, Err) else yes if t else no


@takes(2, 3)
def fn_if(ev: Evaluation, args: list[tuple]) -> Any:
    """Only the branch taken is evaluated; it may be a range (``SUM(IF(x;A1:A3;B1:B3))``). A
    condition that spreads (an array, see :meth:`.evaluation.Evaluation.spreads`) picks element by element."""
    cond = ev.eval(args[0])
    if ev.spreads(cond):
        branches = [ev.branch(a) for a in args[1:]] + [False] * (3 - len(args))
        return ev.apply(_choose_if, [cond, *branches])
    t = truth(ev.one(cond))
    if isinstance(t, Err):
        return t
    if t:
        return ev.branch(args[1])
    return ev.branch(args[2]) if len(args) == 3 else False


@takes(2, MANY)
def fn_ifs(ev: Evaluation, args: list[tuple]) -> Any:
    if len(args) % 2:
        return VALUE
    for cond, result in zip(args[::2], args[1::2]):
        t = truth(ev.value(cond))
        if isinstance(t, Err):
            return t
        if t:
            return ev.branch(result)
    return NA


def _on_error(caught: Callable[[Any], bool]) -> Handler:
    """IFERROR / IFNA: the alternative is evaluated only when needed (always, element by
    element, for a value that spreads)."""

    @takes(2)
    def run(ev: Evaluation, args: list[tuple]) -> Any:
        v = ev.eval(args[0])
        if ev.spreads(v):
            return ev.apply(lambda x, alt: alt if caught(x) else x, [v, ev.branch(args[1])])
        v = ev.one(v)
        return ev.branch(args[1]) if caught(v) else v

    return run


fn_iferror = _on_error(lambda v: isinstance(v, Err))
fn_ifna = _on_error(lambda v: isinstance(v, Err) and v == NA)


@takes(2, MANY)
def fn_choose(ev: Evaluation, args: list[tuple]) -> Any:
    i = ev.integer(args[0])
    if isinstance(i, Err):
        return i
    return ev.branch(args[i]) if 1 <= i < len(args) else VALUE


fn_iserror = scalar(1)(lambda v: isinstance(v, Err))
fn_iserr = scalar(1)(lambda v: isinstance(v, Err) and v != NA)
fn_isna = scalar(1)(lambda v: isinstance(v, Err) and v == NA)
fn_isnumber = scalar(1)(lambda v: isinstance(v, Decimal))
fn_istext = scalar(1)(is_text)
fn_isnontext = scalar(1)(lambda v: not is_text(v))
fn_isblank = scalar(1)(lambda v: v is None)
fn_islogical = scalar(1)(lambda v: isinstance(v, bool))
fn_true = takes(0)(lambda ev, args: True)
fn_false = takes(0)(lambda ev, args: False)
fn_na = takes(0)(lambda ev, args: NA)


@scalar(1)
def fn_not(v: Any) -> Any:
    t = truth(v)
    return t if isinstance(t, Err) else not t


@scalar(1)
def fn_n(v: Any) -> Any:
    if isinstance(v, bool):
        return ONE if v else ZERO
    return v if isinstance(v, (Decimal, Err)) else ZERO


@scalar(1)
def fn_value(v: Any) -> Any:
    return VALUE if isinstance(v, bool) else as_number(v)
