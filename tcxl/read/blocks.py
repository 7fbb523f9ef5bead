"""What the two schedules share: header detection, block titles and activity codes."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..layout import disbursement as dis_layout
from ..layout import schedule as sch_layout
from ..rules import declare
from ..text import code_block, fold, parse_code
from .grid import YEAR, Grid, Reading, ref

CODE_HEADERS = (fold(dis_layout.CODE_HEADER), fold(sch_layout.MONITORING_BLOCK))
_RESULT = re.compile(r"^resultado\s+ou\s+produto\s+(\d+)")
_LETTER = re.compile(r"^\(\s*([a-z])\s*\)$")

emit = declare("TCX104", "TCX106")


def is_code_header(text: str) -> bool:
    return text.startswith(CODE_HEADERS)


def title_description(grid: Grid, row: int, col: int) -> str:
    """'Resultado ou Produto 1: Modelo implantado' -> 'Modelo implantado'; the text may also
    be typed in the next filled cell to the right (tcxl's form: an input beside the label)."""
    raw = grid.value(row, col)
    if isinstance(raw, str) and ":" in raw and raw.split(":", 1)[1].strip():
        return raw.split(":", 1)[1].strip()
    after = next((c for c, _ in grid.row_texts(row, col + 1)), None)
    value = grid.value(row, after) if after is not None else None
    return value.strip() if isinstance(value, str) else ""


def block_title(text: str) -> int | str | None:
    """Block of a title row: 'Resultado ou Produto 2:' -> 2, monitoring -> 'M', indirect -> 'CI'."""
    match = _RESULT.match(text)
    if match:
        return int(match.group(1))
    if text.startswith(fold(sch_layout.MONITORING_BLOCK)):
        return "M"
    if text.startswith("custos indiretos"):
        return "CI"
    return None


def letter_of(grid: Grid, row: int) -> str | None:
    """The block letter written on a 'Total (R$)' row, e.g. '(A)' -> 'A'."""
    for _c, text in grid.row_texts(row):
        match = _LETTER.match(text)
        if match:
            return match.group(1).upper()
    return None


class Codes:
    """Tracks activity codes of one table: duplicates and codes outside their block."""

    def __init__(self, r: Reading, grid: Grid):
        self.r, self.grid = r, grid
        self.seen: dict[str, str] = {}  # code -> the cell where it first appeared

    def accept(self, code: str, row: int, col: int, block: int | str | None) -> bool:
        cell = ref(row, col)
        if code in self.seen:
            self.r.findings.append(
                emit("TCX104", self.grid.name, cell, found=code, activity=code, first=self.seen[code])
            )
            return False
        self.seen[code] = cell
        if block is not None and code != "CI" and code_block(code) != block:
            where = "do monitoramento" if block == "M" else f"do resultado {block}"
            self.r.findings.append(
                emit(
                    "TCX106",
                    self.grid.name,
                    cell,
                    expected=str(block),
                    found=str(code_block(code)),
                    activity=code,
                    block=where,
                )
            )
        return True


def activity_in(grid: Grid, row: int, col: int) -> tuple[str, str] | None:
    """(code, rest of text) when the code column of ``row`` holds an activity code."""
    value = grid.value(row, col)
    if isinstance(value, str) and fold(value) == "ci":
        return "CI", ""
    return parse_code(value)


def header_rows(grid: Grid, below: Callable[[Grid, int], bool]) -> list[tuple[int, int, int]]:
    """Table headers: (code header row, code column, row of the year/semester groups).

    The groups row is the code header's own row or one of the two below it (the model puts
    'Ano I / Ano II / Ano III' in between); ``below(grid, row)`` recognises the sub-header
    row that must follow the groups row ('Previsto' or '1º Sem').
    """
    out = []
    for row, col in grid.find(is_code_header):
        for groups in (row, row + 1, row + 2):
            if groups > row and any(is_code_header(t) for _, t in grid.row_texts(groups)):
                break  # a block title in the header's words (the model's monitoring block)
            if any(YEAR.match(t) for _, t in grid.row_texts(groups)) and below(grid, groups + 1):
                out.append((row, col, groups))
                break
    return out


TITLE_ROWS_ABOVE = 3  # the model: block title, 'Cronograma de …', then the header


def first_row(headers: list[tuple[int, int, int]]) -> int:
    """Where a schedule's rows start: the first block's title, a few rows above its header."""
    return max(0, headers[0][0] - TITLE_ROWS_ABOVE)
