"""Cell names and Excel serial dates, without importing openpyxl (≈ 27 MB, 0.25 s).

``tcxl check`` reads with lxml alone; these few helpers are what it needs from a
spreadsheet library. Each follows openpyxl's behaviour exactly (a test compares the
reader with openpyxl cell by cell); openpyxl itself is imported only for rare parts
(shared formulas, ISO dates, formula tokenizing).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)
# builtin number formats openpyxl treats as dates / durations (ECMA-376 18.8.30)
DATE_BUILTINS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
TIMEDELTA_BUILTINS = frozenset({46})
_STRIP = re.compile(r'"[^"]*"|\[(?!hh?\]|mm?\]|ss?\])[^\]\[]*\]')  # linear: no bracket inside a bracket
_DATE_CHAR = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


@lru_cache(maxsize=20_000)  # every column Excel has; a hostile sheet cannot grow it past that
def column_letter(index: int) -> str:
    """1 -> 'A', 28 -> 'AB'."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@lru_cache(maxsize=20_000)
def column_index(letters: str) -> int:
    """'AB' -> 28."""
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - 64
    return index


def cell_name(row: int, col: int) -> str:
    """0-based (row, col) -> 'B3' (not cached: big workbooks name each cell once or twice,
    and a cache would hold every name of the last file in memory)."""
    return f"{column_letter(col + 1)}{row + 1}"


def is_date_format(code: str) -> bool:
    code = _STRIP.sub("", code.split(";")[0])
    return _DATE_CHAR.search(code) is not None


def is_timedelta_format(code: str) -> bool:
    return _TIMEDELTA.search(code.split(";")[0]) is not None


def from_excel(value: float, epoch: dt.datetime = WINDOWS_EPOCH, timedelta: bool = False):
    """An Excel serial number as datetime (or time/timedelta), as openpyxl converts it."""
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:
            td = dt.timedelta(seconds=td.total_seconds() // 1, microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        mins, seconds = divmod(diff.seconds, 60)
        hours, mins = divmod(mins, 60)
        return dt.time(hours, mins, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 1900 leap-year bug
    return epoch + dt.timedelta(days=day) + diff
