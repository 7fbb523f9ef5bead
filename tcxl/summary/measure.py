"""How big things come out in the summary workbook: a text's width and wrapped lines in
Calibri/Carlito (what column widths count), money columns wide enough for their amounts, a
wrapped title column's width at a print scale, the rows a printed page holds, pixels of a
column."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .book import cell_value

TABLE_SCALE = 58  # print scale (%) the long tables are laid out for: ~25 two-line rows a page

# advance widths of Calibri/Carlito letters, in thousandths of an em (the '0' a column width counts is 507)
_WIDE = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (
            479,
            525,
            423,
            525,
            498,
            305,
            471,
            525,
            229,
            239,
            455,
            229,
            799,
            525,
            527,
            525,
            525,
            349,
            391,
            335,
            525,
            452,
            715,
            433,
            453,
            395,
        ),
    )
)
_WIDE.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            579,
            544,
            533,
            615,
            488,
            459,
            631,
            623,
            252,
            319,
            520,
            420,
            855,
            646,
            662,
            517,
            673,
            543,
            459,
            487,
            642,
            567,
            890,
            519,
            487,
            468,
        ),
    )
)
_WIDE.update(
    {
        " ": 226,
        ".": 252,
        ",": 250,
        ":": 268,
        ";": 268,
        "(": 303,
        ")": 303,
        "-": 306,
        "/": 386,
        "–": 498,
        "—": 905,
        "%": 715,
        "$": 507,
        "º": 347,
        "ª": 347,
        "×": 498,
        "!": 326,
        "'": 221,
    }
)


def _units(text: str) -> float:
    """A text's width in '0's of Calibri 11 (what column widths count)."""
    import unicodedata

    total = 0
    for ch in text:
        width = _WIDE.get(ch)
        if width is None:
            base = unicodedata.normalize("NFKD", ch)[:1]
            width = _WIDE.get(base, 507)
        total += width
    return total / 507


def wrapped_lines(text: Any, width: float, bold: bool = False) -> int:
    """Lines a wrapped text takes in a column ``width`` characters wide: words laid out as
    Calibri/Carlito set them (bold a little wider), with a margin for the cell's padding."""
    text = "" if text is None else str(text)
    room = max(width - 0.5, 1.0) / (1.06 if bold else 1.0)
    lines = 0
    for paragraph in text.split("\n") or [""]:
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            size = _units(word)
            if used and used + _units(" ") + size > room:
                lines += 1
                used = 0.0
            while size > room:  # a word longer than the column breaks anywhere
                lines += 1
                size -= room
            used += (_units(" ") if used else 0) + size
    return max(lines, 1)


def money_width(values: Iterable[Any], least: float = 14) -> float:
    """A money column wide enough for its largest amount in full (never '###')."""
    top = max((abs(v) for v in map(cell_value, values) if isinstance(v, (int, float))), default=0.0)
    return max(least, len(f"R$ {top:,.2f}") + 2.5)


def _capacity(scale: float, columns: int) -> float:
    """Characters of column width that fit the page width at ``scale`` % (the inverse of
    :func:`tcxl.build.print_scale`, less the per-column padding)."""
    from ..build import A4_LANDSCAPE, MARGIN_SIDE

    printable = A4_LANDSCAPE[0] - 2 * MARGIN_SIDE * 72
    return printable * 100 / (scale * 1.02 * 7.4 * 0.75) - 0.71 * columns


def flex_width(wanted: float, others: list[float], least: float = 36, scale: float = TABLE_SCALE) -> float:
    """The width of a table's wrapped title column: its longest text when that fits beside
    the other columns at ``scale`` %, else what is left (the text wraps)."""
    room = _capacity(scale, len(others) + 1) - sum(others)
    return max(least, min(wanted, room))


def page_height(scale: int) -> float:
    """Points of rows (at 100 %) one printed page holds at ``scale`` %."""
    from ..build import A4_LANDSCAPE, HEADER_FOOTER, MARGIN_TOP

    return (A4_LANDSCAPE[1] - 2 * (MARGIN_TOP + HEADER_FOOTER) * 72) * 100 / scale


def overflows(used: float, more: float, scale: int) -> bool:
    """Whether ``more`` points below ``used`` points of rows go past one printed page at
    ``scale`` % (the page break goes before them)."""
    return used + more > page_height(scale) - 20


def px(width: float) -> int:
    """A column's width in pixels (Excel, Calibri 11)."""
    return int(width * 7 + 5)


def shorten(text: str, size: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"
