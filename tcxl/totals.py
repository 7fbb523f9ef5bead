"""Formulas as data: what a total/percentage cell computes, independent of position.

A formula names the *keys* of the cells it uses (:mod:`tcxl.keys`); ``render`` turns it
into Excel text once positions are known, ``compute`` computes it in ``Decimal``. The
builder writes ``render(...)`` with the :class:`Evaluation`'s value as cached result; the
checker compares what a file's formulas compute (:mod:`tcxl.formula.meaning`) with the same
description.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .cells import cell_name
from .keys import CellKey, Key

Value = Decimal | str | None  # "" is the empty-string result of a guarded formula


@dataclass(frozen=True)
class Sum:
    """``=SUM(parts)``; contiguous parts in a column render as one range.

    ``growing``: the parts are the rows of a block above its total, in one column, and the
    range runs from the row above the first part to the row above the formula itself
    (``=SUM(C9:INDEX(C:C,ROW()-1))``), so a row an analyst inserts anywhere in the block, also
    just above the total, is taken in (a spreadsheet expands a range only when a row is
    inserted inside it). Microsoft documents the form (KB Q73586, "Using INDEX() to
    Automatically Update Range in SUM() Formula"); LibreOffice computes it the same way.
    """

    parts: tuple[Key, ...]
    growing: bool = False


@dataclass(frozen=True)
class Ratio:
    """``=IF(den=0,"",num/den)``: a percentage that is empty, never ``#DIV/0!``."""

    num: Key
    den: Key


@dataclass(frozen=True)
class Aggregate:
    """Matrix indicator total: ``sum``, ``max`` or ``last`` of the filled parts, else empty."""

    rule: str
    parts: tuple[Key, ...]


Formula = Sum | Ratio | Aggregate


def rectangles(cells: list[tuple[int, int]]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Cover cells with rectangles: horizontal runs per row, merged down identical spans."""
    spans: dict[int, list[list[int]]] = {}
    for row, col in sorted(set(cells)):
        row_spans = spans.setdefault(row, [])
        if row_spans and row_spans[-1][1] == col - 1:
            row_spans[-1][1] = col
        else:
            row_spans.append([col, col])
    open_: dict[tuple[int, int], list[int]] = {}  # (c1, c2) -> [first row, last row]
    out = []
    for row in sorted(spans):
        for c1, c2 in spans[row]:
            rect = open_.get((c1, c2))
            if rect and rect[1] == row - 1:
                rect[1] = row
            else:
                if rect:
                    out.append(((rect[0], c1), (rect[1], c2)))
                open_[(c1, c2)] = [row, row]
    out += [((r1, c1), (r2, c2)) for (c1, c2), (r1, r2) in open_.items()]
    return sorted(out)


def _span(first: tuple[int, int], last: tuple[int, int]) -> str:
    return cell_name(*first) if first == last else f"{cell_name(*first)}:{cell_name(*last)}"


def _refs(parts: tuple[Key, ...], pos: dict[CellKey, tuple[int, int]]) -> str:
    """``C5:C9,C12``: the parts' cells, vertical runs as ranges (one pass: a hot path)."""
    texts = []
    first: tuple[int, int] | None = None
    last: tuple[int, int] | None = None
    for key in parts:
        at = pos[key]
        if last is not None and at[1] == last[1] and at[0] == last[0] + 1:
            last = at
            continue
        if first is not None and last is not None:  # set together
            texts.append(_span(first, last))
        first = last = at
    if first is not None and last is not None:
        texts.append(_span(first, last))
    return ",".join(texts)


def render(formula: Formula, pos: dict[CellKey, tuple[int, int]]) -> str:
    """Excel formula text (English function names, ``,`` separators), e.g. ``=SUM(C5:C9)``."""
    cell = lambda key: cell_name(*pos[key])  # noqa: E731
    if isinstance(formula, Sum):
        if formula.growing and formula.parts:
            row, col = pos[formula.parts[0]]
            letters = cell_name(0, col)[:-1]
            return f"=SUM({cell_name(max(row - 1, 0), col)}:INDEX({letters}:{letters},ROW()-1))"
        return f"=SUM({_refs(formula.parts, pos)})" if formula.parts else "=0"
    if isinstance(formula, Ratio):
        den = cell(formula.den)
        return f'=IF({den}=0,"",{cell(formula.num)}/{den})'
    refs = _refs(formula.parts, pos)
    if formula.rule == "last":
        text = '""'
        for key in formula.parts:
            text = f"IF(ISNUMBER({cell(key)}),{cell(key)},{text})"
        return "=" + text
    func = {"sum": "SUM", "max": "MAX"}[formula.rule]
    return f'=IF(COUNT({refs})=0,"",{func}({refs}))'


def compute(formula: Formula, value_of: Callable[[Key], Value]) -> Value:
    """The value a spreadsheet shows for ``formula``, computed in Decimal."""
    if isinstance(formula, Ratio):
        den = value_of(formula.den)
        if not isinstance(den, Decimal) or den == 0:
            return ""
        num = value_of(formula.num)
        return (num if isinstance(num, Decimal) else Decimal(0)) / den
    values = [v for v in (value_of(k) for k in formula.parts) if isinstance(v, Decimal)]
    if isinstance(formula, Sum):
        return sum(values, Decimal(0))
    if not values:
        return ""
    if formula.rule == "sum":
        return sum(values, Decimal(0))
    if formula.rule == "max":
        return max(values)
    if formula.rule == "min":
        return min(values)
    return values[-1]  # "last": the last filled part


class Evaluation:
    """Every formula's value from the inputs, memoised: the one evaluation of the layout's
    formulas that the builder's cached values and the checker's recomputation share.

    A class rather than a recursive closure: a closure that calls itself is a reference
    cycle, which would keep a whole workbook in memory until the next collection (and that
    collection, over every cell read, costs a tenth of a check). For the same reason
    ``input_of`` must not be a bound method of an object that holds this evaluation: use
    :class:`Inputs`.
    """

    cache: dict[Key, Value]

    def __init__(self, formulas: dict[Key, Formula], input_of: Callable[[Key], Value]):
        self.formulas, self.input_of, self.cache = formulas, input_of, {}

    def __call__(self, key: Key) -> Value:
        cache = self.cache
        if key not in cache:
            formula = self.formulas.get(key)
            cache[key] = compute(formula, self) if formula is not None else self.input_of(key)
        return cache[key]


class Inputs:
    """``input_of`` for an :class:`Evaluation` over values read: the Decimal, else ``missing``."""

    __slots__ = ("values", "missing")

    def __init__(self, values: dict, missing: Value = None):
        self.values, self.missing = values, missing

    def __call__(self, key: Key) -> Value:
        value = self.values.get(key)
        return value if isinstance(value, Decimal) else self.missing
