"""Sheet ``Matriz de Planejamento``: Matriz de Planejamento e Monitoramento do Projeto.

Row groups 1.1 Objetivos, 1.2 Resultados, 1.3 Produtos, 1.4 Atividades; one row per
indicator. Per year ``1º SEM | 2º SEM | Total`` and ``TRIÊNIO Total``, each
``Previsto | Realizado``; totals follow the indicator's rule (sum, last, max, none).
Keys: :class:`tcxl.keys.TargetKey` (ref ``O1``, ``R2``, ``P1.1`` or ``A1.2``, indicator index, period
``"S3"`` (semester), ``"Y2"`` (year total) or ``"T"``, field); text cells
``("mat", ref, i, "description"|"baseline"|"source"|"assumption")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from ..keys import TargetKey
from ..periods import all_years_word, semester_index, year_label
from ..structure import Indicator as EmptyIndicator
from ..totals import Aggregate
from .base import INPUT, SheetLayout, notes

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Indicator, Project

TITLE = "MATRIZ DE PLANEJAMENTO E MONITORAMENTO DO PROJETO"
LOGIC_HEADER = "1. LÓGICA DA INTERVENÇÃO"
INDICATORS_HEADER = "2. INDICADORES OBJETIVAMENTE COMPROVÁVEIS"
SOURCES_HEADER = "3. FONTES DE COMPROVAÇÃO"
ASSUMPTIONS_HEADER = "4. SUPOSIÇÕES IMPORTANTES"
DESCRIPTION_HEADER = "Descrição dos Indicadores"
BASELINE_HEADER = "Linha de Base"
TARGETS_HEADER = "Metas"
# (level, group heading, element label, short ref prefix used in keys and frames)
GROUPS = (
    ("objective", "1.1. Objetivos do Projeto", "Objetivo {ref}:", "O"),
    ("result", "1.2. Resultados", "Resultado {ref}:", "R"),
    ("product", "1.3. Produtos (quando aplicável)", "Produto {ref}:", "P"),
    ("activity", "1.4. Atividades Principais de Intervenção", "Atividade {ref}:", "A"),
)
PERIOD_HEADERS = ("1º SEM", "2º SEM", "Total")  # under each year
FIELD_HEADERS = ("Previsto", "Realizado")
NOTES = (
    "OBSERVAÇÃO",
    "A tabela acima é meramente ilustrativa e para fins didáticos. Assim sendo, as informações requeridas não "
    "precisam ser apresentadas no formato da tabela.",
)
HEADER_ROW = 2
FIRST_ROW = 7
FIRST_TARGET_COL = 3


def column(period: str, field: str) -> int:
    """Column of a target cell: period 'S<n>' (semester), 'Y<n>' (year total) or 'T'."""
    offset = 0 if field == "planned" else 1
    if period == "T":
        return -1  # resolved by layout(); depends on N
    kind, n = period[0], int(period[1:])
    if kind == "S":
        year, half = (n - 1) // 2 + 1, (n - 1) % 2 + 1
        return FIRST_TARGET_COL + 6 * (year - 1) + 2 * (half - 1) + offset
    return FIRST_TARGET_COL + 6 * (n - 1) + 4 + offset


def elements(project: Project) -> list[tuple[str, str, str, list[Indicator]]]:
    """(level, ref, description, indicators) in matrix order."""
    out = [("objective", str(i), o.description, o.indicators) for i, o in enumerate(project.objectives, 1)]
    out += [("result", str(m), r.description, r.indicators) for m, r in enumerate(project.results, 1)]
    out += [
        ("product", f"{m}.{k}", p.description, p.indicators)
        for m, r in enumerate(project.results, 1)
        for k, p in enumerate(r.products, 1)
    ]
    out += [  # a validated project's activities all have their codes
        ("activity", cast(str, a.code)[1:], a.description, a.indicators) for r in project.results for a in r.activities
    ]
    return out


def rules(project: Project) -> dict[str, str]:
    """Each indicator's aggregation rule by ``"<ref>.<index>"`` (e.g. ``"O1.0": "last"``), for
    the workbook's metadata: the checker takes an indicator's rule from there, never from the
    total cell it is checking."""
    prefixes = {level: prefix for level, _, _, prefix in GROUPS}
    return {
        f"{prefixes[level]}{ref}.{i}": ind.aggregation
        for level, ref, _, indicators in elements(project)
        for i, ind in enumerate(indicators)
    }


def layout(project: Project, name: str) -> SheetLayout:
    years = project.years
    total_col = FIRST_TARGET_COL + 6 * years
    source_col, assumption_col = total_col + 2, total_col + 3
    sheet = SheetLayout(
        "matrix",
        name,
        TITLE,
        widths={
            0: 30,
            1: 28,
            2: 9,
            **{c: 9 for c in range(FIRST_TARGET_COL, source_col)},
            source_col: 22,
            assumption_col: 22,
        },
        freeze=(FIRST_ROW, 2),
        header_rows=(HEADER_ROW, FIRST_ROW - 1),
    )
    sheet.label(0, 0, TITLE, "title")
    h = HEADER_ROW
    sheet.merge(h, 0, h + 4, 0, LOGIC_HEADER)
    sheet.merge(h, 1, h, source_col - 1, INDICATORS_HEADER)
    sheet.merge(h, source_col, h + 4, source_col, SOURCES_HEADER)
    sheet.merge(h, assumption_col, h + 4, assumption_col, ASSUMPTIONS_HEADER)
    sheet.merge(h + 1, 1, h + 4, 1, DESCRIPTION_HEADER)
    sheet.merge(h + 1, 2, h + 4, 2, BASELINE_HEADER)
    sheet.merge(h + 1, FIRST_TARGET_COL, h + 1, source_col - 1, TARGETS_HEADER)
    for year in range(1, years + 1):
        first = column(f"S{2 * year - 1}", "planned")
        sheet.merge(h + 2, first, h + 2, first + 5, year_label(year))
        for i, text in enumerate(PERIOD_HEADERS):
            sheet.merge(h + 3, first + 2 * i, h + 3, first + 2 * i + 1, text)
    sheet.merge(h + 2, total_col, h + 2, total_col + 1, all_years_word(years).upper())
    sheet.merge(h + 3, total_col, h + 3, total_col + 1, PERIOD_HEADERS[-1])
    for c in range(FIRST_TARGET_COL, source_col, 2):
        sheet.merge(h + 4, c, h + 4, c, FIELD_HEADERS[0])
        sheet.merge(h + 4, c + 1, h + 4, c + 1, FIELD_HEADERS[1])

    fields = ("planned", "realized")
    semesters = [(f"S{s}", s) for s in range(1, 2 * years + 1)]
    year_totals = [
        (f"Y{year}", f"S{semester_index(year, 1)}", f"S{semester_index(year, 2)}") for year in range(1, years + 1)
    ]
    cols = {
        (period, field): total_col + (field != "planned") if period == "T" else column(period, field)
        for period in [p for p, _ in semesters] + [y for y, _, _ in year_totals] + ["T"]
        for field in fields
    }

    def indicator_row(row: int, ref: str, i: int, ind: Indicator | EmptyIndicator) -> None:
        base = ("mat", ref, i)
        if sheet.keeps(INPUT):
            sheet.input(row, 1, (*base, "description"), "input_text", ind.description or None)
            sheet.input(row, 2, (*base, "baseline"), "input_number", ind.baseline)
            sheet.input(row, source_col, (*base, "source"), "input_text", ind.source or None)
            sheet.input(row, assumption_col, (*base, "assumption"), "input_text", ind.assumption or None)
            for field in fields:
                for period, s in semesters:
                    value = ind.targets[s - 1] if field == "planned" and s <= len(ind.targets) else None
                    sheet.input(row, cols[period, field], TargetKey(ref, i, period, field), "input_number", value)
        for field in fields:
            year_parts = []
            for period, first, second in year_totals:
                key = TargetKey(ref, i, period, field)
                total(
                    row,
                    cols[period, field],
                    key,
                    ind.aggregation,
                    (TargetKey(ref, i, first, field), TargetKey(ref, i, second, field)),
                )
                year_parts.append(key)
            total(row, cols["T", field], TargetKey(ref, i, "T", field), ind.aggregation, tuple(year_parts))

    def total(row: int, c: int, key: TargetKey, rule: str, parts: tuple[TargetKey, ...]) -> None:
        if rule == "none":
            sheet.put(row, c, "blank", "disabled")
        else:
            sheet.formula(row, c, key, Aggregate(rule, parts), "number")

    row = FIRST_ROW
    items = elements(project)
    for level, heading, pattern, prefix in GROUPS:
        sheet.label(row, 0, heading, "block")
        for c in range(1, assumption_col + 1):
            sheet.put(row, c, "blank", "block")
        row += 1
        for lvl, ref, description, indicators in items:
            if lvl != level:
                continue
            text = pattern.format(ref=ref) + (f" {description}" if description else "")
            shown: Sequence[Indicator | EmptyIndicator] = indicators or [EmptyIndicator()]
            for i, ind in enumerate(shown):  # one row, indicators or not
                if i == 0:  # 'Objetivo 1:' typed after, as in the model
                    sheet.input(row, 0, ("mat", prefix + ref, "code"), "input_title", text)
                else:
                    sheet.label(row, 0, "")
                indicator_row(row, prefix + ref, i, ind)
                row += 1
    sheet.blocks.append((FIRST_ROW, row - 1))
    notes(sheet, row + 1, NOTES, assumption_col)
    return sheet
