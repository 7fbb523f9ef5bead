"""Sheet ``Execução Financeira``: B.3.2 c) Demonstrativo da Execução Financeira do Projeto.

One row per account of :data:`tcxl.accounts.ACCOUNTS`; per year ``Previsão | Executado | %``
and ``Total Triênio`` (sum of the years). Keys: :class:`tcxl.keys.AccountKey` (code, year|"T", field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ..accounts import ACCOUNTS
from ..keys import ALL_YEARS, AccountKey
from ..periods import all_years_label, year_label
from ..totals import Formula, Ratio, Sum
from .base import MONEY, MONEY_WIDTH, PCT_WIDTH, SheetLayout

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Project

TITLE = "DEMONSTRATIVO DA EXECUÇÃO FINANCEIRA DO PROJETO"
ACCOUNT_HEADER = "DESCRIÇÃO DAS CONTAS"
FIELDS = (("planned", "Previsão"), ("executed", "Executado"), ("pct", "%"))
# what readers also accept for a field (the schedules' word for Previsão)
FIELD_VARIANTS = (("planned", "Previsto"),)
HEADER_ROW = 2
FIRST_ROW = 4


def column(year: int | str, field: str, years: int) -> int:
    """Column of (year 1..N or "T", field)."""
    group = years if year == "T" else cast(int, year) - 1  # else a year number
    return 1 + 3 * group + [f for f, _ in FIELDS].index(field)


def formulas(years: int) -> dict[AccountKey, Formula]:
    """Every computed cell of the statement by key: subtotals and totals as sums of their
    parts, ``Total Triênio`` as the sum of the years, ``%`` as Executado / Previsão and the
    indirect-costs row as 3 / TOTAL GERAL. The layout writes them; readers, the checker and
    summaries evaluate them (:class:`tcxl.formulas.Evaluation`)."""
    out: dict[AccountKey, Formula] = {}
    for acc in ACCOUNTS:
        if acc.kind == "heading":
            continue
        for period in [*range(1, years + 1), ALL_YEARS]:
            if acc.kind == "ratio":
                num, den = acc.parts
                for field in ("planned", "executed"):
                    out[AccountKey(acc.code, period, field)] = Ratio(
                        AccountKey(num, period, field), AccountKey(den, period, field)
                    )
                continue
            for field in ("planned", "executed"):
                if period == ALL_YEARS:
                    out[AccountKey(acc.code, period, field)] = Sum(
                        tuple(AccountKey(acc.code, y, field) for y in range(1, years + 1))
                    )
                elif not acc.is_input:
                    out[AccountKey(acc.code, period, field)] = Sum(
                        tuple(AccountKey(p, period, field) for p in acc.parts)
                    )
            out[AccountKey(acc.code, period, "pct")] = Ratio(
                AccountKey(acc.code, period, "executed"), AccountKey(acc.code, period, "planned")
            )
    return out


def layout(project: Project, name: str, years: int) -> SheetLayout:
    periods = [*range(1, years + 1), "T"]
    last_col = column("T", "pct", years)
    sheet = SheetLayout(
        "financial",
        name,
        TITLE,
        widths={0: 50, **{c: PCT_WIDTH if c % 3 == 0 else MONEY_WIDTH for c in range(1, last_col + 1)}},
        freeze=(FIRST_ROW, 1),
        header_rows=(HEADER_ROW, HEADER_ROW + 1),
    )
    sheet.label(0, 0, TITLE, "title")
    sheet.merge(HEADER_ROW, 0, HEADER_ROW + 1, 0, ACCOUNT_HEADER)
    for period in periods:
        first = column(period, "planned", years)
        sheet.merge(
            HEADER_ROW, first, HEADER_ROW, first + 2, all_years_label(years) if period == "T" else year_label(period)
        )
        for i, (_, text) in enumerate(FIELDS):
            sheet.merge(HEADER_ROW + 1, first + i, HEADER_ROW + 1, first + i, text)

    computed = formulas(years)
    for row, acc in enumerate(ACCOUNTS, start=FIRST_ROW):
        bold = acc.kind in ("total", "ratio") or acc.code in ("2", "3")
        sheet.label(row, 0, acc.label, "section" if acc.kind == "heading" else "label_bold" if bold else "label")
        planned = project.account_planned(acc.code) if acc.is_input else None
        for period in periods:
            col = column(period, "planned", years)
            if acc.kind == "heading":
                for i in range(3):
                    sheet.put(row, col + i, "blank", "blank")
                continue
            for i, field in enumerate(("planned", "executed", "pct")):
                key = AccountKey(acc.code, period, field)
                if acc.kind == "ratio" and field == "pct":
                    sheet.put(row, col + i, "blank", "blank")
                elif key in computed:
                    style = (
                        ("percent_bold" if bold else "percent")
                        if field == "pct" or acc.kind == "ratio"
                        else "money_bold"
                        if bold
                        else "money"
                    )
                    sheet.formula(row, col + i, key, computed[key], style)
                else:
                    value = (planned[period - 1] or None) if planned and field == "planned" else None
                    sheet.input(row, col + i, key, "input_money", value, MONEY)
    sheet.blocks.append((FIRST_ROW, FIRST_ROW + len(ACCOUNTS) - 1))
    return sheet
