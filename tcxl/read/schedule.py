"""Locate and read the Cronograma de Atividades (SPEC §1.4, §2).

Semester columns are taken in order under the year headers, so the model's 'ANO II'
written twice (for the third year) reads right. An activity's code row is its
``Previsto`` row and the next row its ``Realizado`` row, unless a legend column says
otherwise (tcxl writes one).
"""

from __future__ import annotations

import re

from ..layout import schedule as layout
from ..text import code_block, fold
from .blocks import Codes, activity_in, block_title, first_row, header_rows, title_description
from .grid import Grid, Reading

SEMESTER = re.compile(r"^[12]\s*o?\s*sem")
DESCRIPTION, RESPONSIBLE, LEGEND, DONE = (
    fold(text) for text in (layout.DESCRIPTION_HEADER, layout.RESPONSIBLE_HEADER, layout.LINE_HEADER, layout.DONE)
)


def _has_semesters(grid: Grid, row: int) -> bool:
    return sum(bool(SEMESTER.match(t)) for _, t in grid.row_texts(row)) >= 2


def read(r: Reading) -> int | None:
    """Read the schedule into ``r``; return the number of semesters found."""
    found = next(((g, h) for g in r.grids if (h := header_rows(g, _has_semesters))), None)
    if found is None:
        r.missing_table("schedule", layout.TITLE, f"{layout.CODE_HEADER} … 1º Sem | 2º Sem")
        return None
    grid, headers = found
    r.tables["schedule"] = grid.name
    header_at = {h: (c, g) for h, c, g in headers}
    skip = {x for h, _, g in headers for x in range(h, g + 2)}
    codes = Codes(r, grid)
    items = r.items.setdefault("schedule", [])
    block, current = None, None
    sem_cols: list[int] = []
    desc_col = legend_col = resp_col = None
    code_col = headers[0][1]
    semesters = 0
    for row in range(first_row(headers), len(grid.rows)):
        if row in header_at:
            code_col, groups_row = header_at[row]
            sem_cols = [c for c, t in grid.row_texts(groups_row + 1) if SEMESTER.match(t)]
            semesters = max(semesters, len(sem_cols))
            named = {t: c for r_ in (row, groups_row) for c, t in grid.row_texts(r_)}
            desc_col, resp_col, legend_col = (named.get(DESCRIPTION), named.get(RESPONSIBLE), named.get(LEGEND))
        if row in skip:
            continue
        text = grid.text(row, code_col)
        legend = grid.text(row, legend_col) if legend_col is not None else ""
        if text == LEGEND:
            break
        title = block_title(text) if text else None
        if title is not None:
            block, current = title, None
            r.items.setdefault("titles", {}).setdefault(title, title_description(grid, row, code_col))
            continue
        act = activity_in(grid, row, code_col) if text else None
        if act is not None and legend != DONE:
            code, rest = act
            if not codes.accept(code, row, code_col, block):
                current = None
                continue
            description = grid.value(row, desc_col) if desc_col is not None else rest
            responsible = grid.value(row, resp_col) if resp_col is not None else None
            items.append((code_block(code), code, _clean(description), _clean(responsible)))
            r.locate(("sch", code, "code"), grid, row, code_col)
            current = code
            _marks(r, grid, row, sem_cols, code, "planned")
        elif current is not None and (legend == DONE or (not text and not legend)):
            # the Realizado row: by its legend, or the row under the code (also an inserted pair)
            _marks(r, grid, row, sem_cols, current, "status")
            current = None
    return semesters


def _clean(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _marks(r: Reading, grid: Grid, row: int, sem_cols: list[int], code: str, field: str) -> None:
    for s, c in enumerate(sem_cols, start=1):
        key = ("sch", code, s, field)
        r.locate(key, grid, row, c)
        raw = grid.value(row, c)
        r.values[key] = raw.strip().upper() or None if isinstance(raw, str) else raw
