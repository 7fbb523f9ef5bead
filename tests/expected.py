"""Totals computed straight from a project spec, independently of tcxl's layout/formulas.

Tests compare workbook values against these; the only shared knowledge is the chart of
accounts as written in SPEC §1.2, restated here by hand.
"""
from __future__ import annotations

from decimal import Decimal

import tcxl

PARTS = {
    "1.1": ["1.1.1", "1.1.2"],
    "1.3": ["1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5"],
    "1.8": ["1.8.1", "1.8.2", "1.8.3"],
    "4.1": ["4.1.1", "4.1.2", "4.1.3", "4.1.4"],
}
DIRECT = ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11"]
ZERO = Decimal(0)


def money(values: list, year: int) -> Decimal:
    return Decimal(str(values[year - 1])) if len(values) >= year else ZERO


def account(project: tcxl.Project, code: str, year: int) -> Decimal:
    """Planned value of an account (leaf or total) in a year, from the spec alone."""
    fin = dict(project.financial)
    if "3" not in fin and project.indirect_costs:
        fin["3"] = project.indirect_costs
    if code in PARTS:
        return sum((account(project, p, year) for p in PARTS[code]), ZERO)
    if code == "TOTAL1":
        return sum((account(project, c, year) for c in DIRECT), ZERO)
    if code == "SUBTOTAL":
        return account(project, "TOTAL1", year) + account(project, "2", year)
    if code == "TOTAL4":
        return account(project, "4.1", year) + account(project, "4.2", year)
    if code == "TOTAL":
        return sum((money(v, year) for v in fin.values()), ZERO)
    return money(fin.get(code, []), year)


def block_total(project: tcxl.Project, block, year: int) -> Decimal:
    """Planned disbursement of a block (result number, 'M' or 'CI') in a year."""
    if block == "CI":
        return money(project.indirect_costs, year)
    acts = project.monitoring if block == "M" else project.results[block - 1].activities
    return sum((money(a.planned, year) for a in acts), ZERO)


def cents(value) -> Decimal:
    """A workbook number (float) as Decimal cents."""
    return Decimal(str(value)).quantize(Decimal("0.01"))


def indicator_totals(indicator, years: int) -> tuple[list, object]:
    """(year totals, triênio total) of an indicator's planned targets, by its rule; None = empty."""
    targets = list(indicator.targets) + [None] * (2 * years - len(indicator.targets))

    def agg(values):
        filled = [Decimal(str(v)) for v in values if v is not None]
        if indicator.aggregation == "none" or not filled:
            return None
        return {"sum": sum(filled, ZERO), "max": max(filled), "last": filled[-1]}[indicator.aggregation]

    per_year = [agg(targets[2 * y: 2 * y + 2]) for y in range(years)]
    return per_year, agg(per_year)


def all_indicators(project):
    for element in (*project.objectives, *project.results,
                    *(p for r in project.results for p in r.products),
                    *(a for r in project.results for a in r.activities)):
        yield from element.indicators
