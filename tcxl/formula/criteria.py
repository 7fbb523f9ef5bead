"""Functions with criteria (SPEC §3.1): SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF,
AVERAGEIFS, MAXIFS and MINIFS; how a criterion (``">=20"``, ``"x*"``, ``""``) tests a cell,
and how a value equals another in a lookup (:func:`equality`, shared with :mod:`.lookup`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .aggregates import STATISTICS
from .evaluation import MANY, Evaluation, Implementation, takes
from .values import VALUE, ZERO, Err, Ref, compare, dims, first_err, is_text, number_in, part_of, rank


@functools.lru_cache(maxsize=512)
def _wildcard(pattern: str) -> Callable[[str], re.Match | None]:
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


def equality(v: Any, wild: bool) -> Callable[[Any], bool]:
    """What equals ``v`` in a lookup: same type; text case-insensitively (with wildcards if ``wild``)."""
    if is_text(v):
        if wild:
            match = _wildcard(v)
            return lambda x: is_text(x) and match(x) is not None
        folded = v.casefold()
        return lambda x: is_text(x) and x.casefold() == folded
    if isinstance(v, bool):
        return lambda x: x is v
    return lambda x: isinstance(x, Decimal) and compare(x, v) == 0


_CRITERION_OPS = ("<=", ">=", "<>", "=", "<", ">")
_TESTS = {"<": lambda c: c < 0, ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


def _criterion(c: Any) -> Callable[[Any], bool]:
    """A COUNTIF criterion as a test of cell values. A number matches equal numbers and text
    reading as that number; text may start with = <> < > <= >=; text matches text with
    wildcards; ``""`` matches blanks and empty text, ``"="`` only blanks, ``"<>"`` non-blanks."""
    if not is_text(c):
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
        operand = number_in(rest)
        if isinstance(operand, Err):
            operand = rest.upper() == "TRUE" if rest.upper() in ("TRUE", "FALSE") else rest
    if op in ("", "=", "<>"):
        equal = _same_number(operand) if isinstance(operand, Decimal) else equality(operand, wild=True)
        return (lambda x: not equal(x)) if op == "<>" else equal
    kind, test = rank(operand), _TESTS[op]
    return lambda x: x is not None and not isinstance(x, Err) and rank(x) == kind and test(compare(x, operand))


def _same_number(operand: Decimal) -> Callable[[Any], bool]:
    """What a number criterion matches: equal numbers, and text reading as one."""

    def equal(x: Any) -> bool:
        n = number_in(x) if is_text(x) else x
        return isinstance(n, Decimal) and compare(n, operand) == 0

    return equal


def _matches(ev: Evaluation, ranges: list, criteria: tuple, target: Any) -> tuple[list, int] | Err:
    """Where every range matches its criterion: the values of ``target`` (resized to the ranges'
    shape from its top-left) there, or True for each without a target; and how many matching
    positions lie past every range's content (blank everywhere, so never read)."""
    first = ranges[0]
    for rng in ranges:
        if not isinstance(rng, Ref) or dims(rng) != dims(first):
            return rng if isinstance(rng, Err) else VALUE
    if target is not None:
        if not isinstance(target, Ref):
            return target if isinstance(target, Err) else VALUE
        target = part_of(target, 0, 0, first.height, first.width)
    extents = [ev.inside(r) for r in ranges] + ([ev.inside(target)] if target is not None else [])
    h, w = max(e[0] for e in extents), max(e[1] for e in extents)
    grids = [ev.block(r, h, w) for r in ranges]
    tests = [_criterion(c) for c in criteria]
    hits = [(i, j) for i in range(h) for j in range(w) if all(t(g[i][j]) for t, g in zip(tests, grids))]
    past = first.height * first.width - h * w if all(t(None) for t in tests) else 0
    values = [ev.cell(target.sheet, target.r1 + i, target.c1 + j) if target is not None else True for i, j in hits]
    return values, past


def _conditional(what: str) -> Implementation:
    """SUMIF, COUNTIF, AVERAGEIF (range, criterion[, values]) and the …IFS forms ([values,]
    range1, criterion1, …). An array of criteria (``{"(A)","(B)"}``) gives an array of results."""
    statistic = what.removesuffix("S").removesuffix("IF")  # SUM, COUNT, AVERAGE, MAX, MIN

    def tally(ev: Evaluation, ranges: list, criteria: tuple, target: Any) -> Any:
        found = _matches(ev, ranges, criteria, target)
        if isinstance(found, Err):
            return found
        values, past = found
        if statistic == "COUNT":
            return Decimal(len(values) + past)
        return first_err(*values) or STATISTICS[statistic]([x for x in values if isinstance(x, Decimal)])

    def run(ev: Evaluation, args: list[tuple]) -> Any:
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


fn_countif = takes(2)(_conditional("COUNTIF"))
fn_sumif, fn_averageif = (takes(2, 3)(_conditional(w)) for w in ("SUMIF", "AVERAGEIF"))
fn_countifs = takes(2, MANY)(_conditional("COUNTIFS"))
fn_sumifs, fn_averageifs, fn_maxifs, fn_minifs = (
    takes(3, MANY)(_conditional(w)) for w in ("SUMIFS", "AVERAGEIFS", "MAXIFS", "MINIFS")
)
