"""The values a formula computes (SPEC §3.1): numbers (``Decimal``), text, booleans, blanks
(None) and errors (:class:`Err`); references (:class:`Ref`) and arrays (:class:`Array`) of
them; and how a spreadsheet reads one value as a number, a text or a condition, and orders
two of them. What :mod:`.operators`, :mod:`.evaluation` and the functions build on.
"""

from __future__ import annotations

import decimal
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..numbers import NotANumber, parse_text

MAX_ROWS, MAX_COLS = 1_048_576, 16_384
ZERO, ONE = Decimal(0), Decimal(1)
_SIGNIFICANT = decimal.Context(prec=15, rounding=ROUND_HALF_UP)  # what a spreadsheet keeps of a number


class Err(str):
    """An error value (``#DIV/0!``, ``#VALUE!``, ``#REF!``, ``#NAME?``, ``#N/A``, ``#NUM!``,
    ``#NULL!``): a ``str`` so it compares and prints as the spreadsheet shows it."""


DIV0, VALUE, REF, NAME, NA, NUM = (Err(e) for e in ("#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#N/A", "#NUM!"))
ERROR_TEXTS = frozenset({DIV0, VALUE, REF, NAME, NA, NUM, "#NULL!"})  # every error a cell can show


class NotEvaluated(Exception):
    """A formula tcxl cannot evaluate; ``args[0]`` says why, in pt-BR."""


class StackShort(NotEvaluated):
    """Formulas met one inside another (cells, defined names) deeper than Python's stack allows
    (:func:`.tree.stack_short`). :class:`.workbook.Cells` then evaluates a chain of cells from
    its far end, setting ``first`` to the cell to evaluate first; else it is not evaluated."""

    first: tuple | None = None  # (cell, formula text)
    path: tuple = ()  # the cells whose formulas were being evaluated, outermost first


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


# -- single values ---------------------------------------------------------------------------
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def is_text(v: Any) -> bool:
    return isinstance(v, str) and not isinstance(v, Err)


def first_err(*values: Any) -> Err | None:
    return next((v for v in values if isinstance(v, Err)), None)


def number_in(text: str) -> Decimal | Err:
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


def as_number(v: Any) -> Decimal | Err:
    """A value in arithmetic: blank 0, TRUE 1, numeric text its number."""
    if isinstance(v, Decimal):
        return v
    if v is None:
        return ZERO
    if isinstance(v, bool):
        return ONE if v else ZERO
    if isinstance(v, Err):
        return v
    return number_in(v)


def as_int(v: Any) -> int | Err:
    n = as_number(v)
    return n if isinstance(n, Err) else int(n)


def _general(n: Decimal) -> str:
    """A number as text in Excel's General format: 15 significant digits, no trailing zeros."""
    n = _SIGNIFICANT.plus(n).normalize()
    return format(n, "f" if -10 < n.adjusted() < 15 else "E")


def as_text(v: Any) -> str:
    """A value as ``&`` and the text functions read it."""
    if isinstance(v, str):  # errors too: callers check them first
        return v
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    return _general(v)


def truth(v: Any) -> bool | Err:
    """A value as a condition: numbers non-zero, text only "TRUE"/"FALSE"."""
    if isinstance(v, (bool, Err)):
        return v
    if v is None:
        return False
    if isinstance(v, str):
        t = v.upper()
        return True if t == "TRUE" else False if t == "FALSE" else VALUE
    return v != 0


def rank(v: Any) -> int:
    """Excel orders numbers < text < booleans."""
    return 2 if isinstance(v, bool) else 1 if isinstance(v, str) else 0


def _blank_like(v: Any) -> Any:
    return "" if isinstance(v, str) else False if isinstance(v, bool) else ZERO


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 as a spreadsheet compares two values (no errors): a blank is 0, "" or FALSE
    after the other side, text case-insensitively, numbers to 15 significant digits (so
    ``1/3*3 = 1`` holds as it does in a spreadsheet's binary floating point)."""
    if a is None:
        a = _blank_like(b)
    if b is None:
        b = _blank_like(a)
    ra, rb = rank(a), rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if ra == 1:
        a, b = a.casefold(), b.casefold()
    elif ra == 0 and a != b:
        a, b = _SIGNIFICANT.plus(a), _SIGNIFICANT.plus(b)
    return (a > b) - (a < b)


# -- values of several cells ----------------------------------------------------------------
def dims(v: Any) -> tuple[int, int]:
    if isinstance(v, Ref):
        return v.height, v.width
    if isinstance(v, Array):
        return len(v.rows), len(v.rows[0])
    return 1, 1


def part_of(v: Any, i: int, j: int, h: int, w: int) -> Any:
    """The h×w part of a reference or array starting at (i, j)."""
    if isinstance(v, Ref):
        return Ref(v.sheet, v.r1 + i, v.c1 + j, v.r1 + i + h - 1, v.c1 + j + w - 1)
    if isinstance(v, Array):
        return Array([row[j : j + w] for row in v.rows[i : i + h]])
    return v
