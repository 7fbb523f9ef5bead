"""Locate and read the Demonstrativo da Execução Financeira (SPEC §1.2, §2).

The table is found by ``DESCRIÇÃO DAS CONTAS``; year groups by ``Ano I``, ``Ano II``, …
and ``Total Triênio`` in the same row, with ``Previsão | Executado | %`` below; account
rows by their code (``1.3.2``, ``1 . 11``) or, for total rows, their label.
"""

from __future__ import annotations

import re

from ..accounts import ACCOUNTS, BY_CODE
from ..layout import financial as layout
from ..periods import all_years_label, is_all_years
from ..rules import declare
from ..text import fold
from .grid import YEAR, Grid, Reading, group_columns, ref

emit = declare("TCX102", "TCX103")
ANCHOR = fold(layout.ACCOUNT_HEADER)
FIELDS = {fold(text): field for field, text in (*layout.FIELDS, *layout.FIELD_VARIANTS)}


def _row_prefix(label: str) -> str:
    """What identifies a total row without a code: its label's first words, before any
    '(' or '/' ('total dos custos diretos', 'subtotal', '% custos indiretos de')."""
    return " ".join(fold(label).split("(")[0].split("/")[0].split()[:4])


TOTAL_LABELS = {_row_prefix(acc.label): acc.code for acc in ACCOUNTS if not acc.label[:1].isdigit()}
_CODE = re.compile(r"^(\d+(?:\s*\.\s*\d+)*)")


def account_of(text: str) -> str | None:
    """The account code a label row stands for ('1 . 11 outras' -> '1.11'), if any."""
    for prefix, code in TOTAL_LABELS.items():
        if text.startswith(prefix):
            return code
    match = _CODE.match(text)
    if match:
        code = re.sub(r"\s+", "", match.group(1))
        if code in BY_CODE:
            return code
    return None


def is_period(text: str) -> bool:
    return bool(YEAR.match(text)) or is_all_years(text)


def read(r: Reading) -> int | None:
    """Read the statement into ``r``; return the number of years found (None if no table)."""
    found = r.anchor(lambda t: t == ANCHOR or t.startswith(ANCHOR))
    if found is None:
        r.missing_table("financial", layout.TITLE, layout.ACCOUNT_HEADER)
        return None
    grid, row, col = found
    r.tables["financial"] = grid.name
    groups = group_columns(grid, row, col + 1, is_period)
    years = [g for g in groups if YEAR.match(g[2])]
    if not years:
        r.findings.append(
            emit(
                "TCX102",
                grid.name,
                ref(row, col + 1),
                expected="Ano I",
                header="Ano I",
                place=f"à direita de '{layout.ACCOUNT_HEADER}'",
            )
        )
        return None
    columns: dict[tuple, int] = {}
    for _index, (first, end, text) in enumerate(groups):
        period = "T" if not YEAR.match(text) else years.index((first, end, text)) + 1
        if period == "T" and isinstance(grid.value(row, first), str):
            r.labels.setdefault("T", " ".join(grid.value(row, first).split()))
        for c in range(first, end):
            field = FIELDS.get(grid.text(row + 1, c))
            if field and (period, field) not in columns:
                columns[(period, field)] = c
        for field in ("planned", "executed"):
            if (period, field) not in columns:
                label = dict(layout.FIELDS)[field]
                r.findings.append(
                    emit(
                        "TCX102",
                        grid.name,
                        ref(row + 1, first),
                        expected=label,
                        header=label,
                        place=f"sob '{grid.value(row, first)}'",
                    )
                )
    if not any(period == "T" for period, _ in columns):
        label = all_years_label(len(years))
        r.findings.append(
            emit(
                "TCX102",
                grid.name,
                ref(row, years[-1][1]),
                expected=label,
                header=label,
                place=f"(o total de todos os anos) à direita de '{grid.value(row, years[-1][0])}'; "
                "os totais do período não foram conferidos",
            )
        )
    rows = _account_rows(grid, row + 2, col)
    for account in ACCOUNTS:
        if account.code not in rows:
            r.findings.append(emit("TCX103", grid.name, "", expected=account.label, account=account.label))
            continue
        arow = rows[account.code]
        for (period, field), c in columns.items():
            key = ("fin", account.code, period, field)
            if account.is_input and period != "T" and field != "pct":
                r.number(key, grid, arow, c)
            elif account.kind != "heading":
                r.locate(key, grid, arow, c)
    return len(years)


def _account_rows(grid: Grid, start: int, col: int) -> dict[str, int]:
    """Row of each account below the header, up to the % row (first occurrence wins)."""
    rows: dict[str, int] = {}
    for r in range(start, len(grid.rows)):
        text = grid.text(r, col)
        code = account_of(text) if text else None
        if code and code not in rows:
            rows[code] = r
            if code == "PCT3":
                break
    return rows
