"""Locate and read the Cronograma de Desembolso (SPEC §1.3, §2).

Works for tcxl's single header and for the model's header repeated per block: each row is
read with the columns of the nearest header above it. Activity rows are recognised by
their code, block titles by 'Resultado ou Produto m:', totals by 'Total (R$)'.
"""

from __future__ import annotations

import re

from ..layout import disbursement as layout
from ..periods import all_years_label, is_all_years, roman
from ..rules import declare
from ..text import code_block, fold
from .blocks import Codes, activity_in, block_title, first_row, header_rows, letter_of, title_description
from .grid import YEAR, Grid, Reading, group_columns, ref

emit = declare("TCX102", "TCX105")
SUMMARY_LINES = tuple((fold(text), line) for line, text in layout.SUMMARY_LABELS)
PLANNED, EXECUTED, PCT = fold(layout.PLANNED_HEADER), fold(layout.EXECUTED_HEADER), fold(layout.PCT_HEADER)
SUMMARY_FIELDS = tuple(
    (fold(text).split()[0], field) for text, field in zip(layout.SUMMARY_HEADER[1:], ("planned", "executed", "pct"))
)  # 'valor', 'executado', '%'


def _has_planned(grid: Grid, row: int) -> bool:
    texts = {t for _, t in grid.row_texts(row)}
    return PLANNED in texts and EXECUTED in texts


def columns(grid: Grid, groups_row: int, start: int, labels: dict | None = None) -> tuple[dict[tuple, int], int | None]:
    """{(year|"T", field): col} under a header, and the description column if any; the
    all-years header's text goes into ``labels["T"]`` (without '(R$)') unless one is there."""
    groups = group_columns(grid, groups_row, start + 1, lambda t: YEAR.match(t) or is_all_years(t))
    out: dict[tuple, int] = {}
    year = 0
    for first, end, text in groups:
        if YEAR.match(text):
            year += 1
            period: int | str = year
        else:
            period = "T"
            header = grid.value(groups_row, first)
            if labels is not None and isinstance(header, str):
                labels.setdefault("T", " ".join(header.replace("(R$)", "").split()))
        for c in range(first, end):
            sub = grid.text(groups_row + 1, c)
            field = {PLANNED: "planned", EXECUTED: "executed"}.get(sub)
            if field is None and PCT in (sub or grid.text(groups_row, c)):
                field = "pct"
            if field and (period, field) not in out:
                out[(period, field)] = c
    desc = next(
        (c for r in (groups_row - 1, groups_row) for c, t in grid.row_texts(r) if t == fold(layout.DESCRIPTION_HEADER)),
        None,
    )
    return out, desc


def read(r: Reading) -> int | None:
    """Read the schedule into ``r``; return the number of years found (None if no table)."""
    found = next(((g, h) for g in r.grids if (h := header_rows(g, _has_planned))), None)
    if found is None:
        r.missing_table("disbursement", layout.TITLE, f"{layout.CODE_HEADER} … Previsto | Executado")
        return None
    grid, headers = found
    r.tables["disbursement"] = grid.name
    summary = next(grid.find(lambda t: t == fold(layout.SUMMARY_HEADER[0])), None)
    end = summary[0] if summary else len(grid.rows)
    header_at = {h: (c, g) for h, c, g in headers}
    skip = {x for h, _, g in headers for x in range(h, g + 2)}
    codes = Codes(r, grid)
    items, totals = r.items.setdefault("disbursement", []), r.items.setdefault("disbursement_totals", [])
    block, years = None, 0
    cols: dict[tuple, int] = {}
    desc_col, code_col = None, headers[0][1]
    for row in range(first_row(headers), end):
        if row in header_at:
            code_col, groups_row = header_at[row]
            cols, desc_col = columns(grid, groups_row, code_col, r.labels)
            if not any(p == 1 for p, _ in cols):
                r.findings.append(
                    emit(
                        "TCX102",
                        grid.name,
                        ref(groups_row, code_col + 1),
                        expected="Ano I (R$)",
                        header="Ano I (R$)",
                        place="com 'Previsto | Executado'",
                    )
                )
            elif not any(p == "T" for p, _ in cols):
                n = max(p for p, _ in cols)
                label = f"{all_years_label(n)} (R$)"
                r.findings.append(
                    emit(
                        "TCX102",
                        grid.name,
                        ref(groups_row, max(cols.values()) + 1),
                        expected=label,
                        header=label,
                        place=f"(o total de todos os anos) à direita do Ano {roman(n)}; "
                        "os totais do período deste bloco não foram conferidos",
                    )
                )
            years = max(years, max((p for p, _ in cols if p != "T"), default=0))
        if row in skip:
            continue
        text = grid.text(row, code_col)
        if not text:
            continue
        title = block_title(text)
        if title is not None:
            block = title
            r.items.setdefault("titles", {}).setdefault(title, title_description(grid, row, code_col))
            continue
        if text.startswith("total"):
            bid = block if block is not None else (code_block(items[-1][1]) if items else None)
            totals.append((bid, letter_of(grid, row), row))
            for (period, field), c in cols.items():
                r.locate(("dis", "total", bid, period, field), grid, row, c)
            continue
        act = activity_in(grid, row, code_col)
        if act is None:
            if text.startswith("a") and any(isinstance(grid.value(row, c), (int, float)) for c in cols.values()):
                typed = str(grid.value(row, code_col))
                r.findings.append(emit("TCX105", grid.name, ref(row, code_col), found=typed, activity=typed))
            continue
        code, rest = act
        if not codes.accept(code, row, code_col, block):
            continue
        owner = "CI" if code == "CI" else code_block(code)
        description = grid.value(row, desc_col) if desc_col is not None else rest
        items.append((owner, code, (description or "").strip() if isinstance(description, str) else ""))
        r.locate(("dis", code, "code"), grid, row, code_col)
        for (period, field), c in cols.items():
            key = ("dis", code, period, field)
            if period != "T" and field != "pct":
                r.number(key, grid, row, c)
            else:
                r.locate(key, grid, row, c)
    if summary:
        _summary(r, grid, *summary)
    return years or None


def _summary(r: Reading, grid: Grid, row: int, col: int) -> None:
    fields = {}
    for c, t in grid.row_texts(row, col + 1):
        field = next((f for word, f in SUMMARY_FIELDS if t.startswith(word)), None)
        if field is not None and field not in fields:
            fields[field] = c
    for line_row in range(row + 1, min(row + 8, len(grid.rows))):
        text = grid.text(line_row, col)
        line = next((n for prefix, n in SUMMARY_LINES if text.startswith(prefix)), None)
        if line is not None:
            letter = re.search(r"\(\s*([A-Z])\s*\)\s*$", str(grid.value(line_row, col)))
            if letter:
                r.labels[("summary", line)] = f"({letter[1]})"
            for field, c in fields.items():
                if field == "planned" and line == 3:  # the model's line 3 (E) is typed: an input
                    r.number(("dis", "summary", line, field), grid, line_row, c)
                else:
                    r.locate(("dis", "summary", line, field), grid, line_row, c)
