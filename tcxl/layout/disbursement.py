"""Sheet ``Cronograma de Desembolso``: B.4.2 Cronograma de desembolso financeiro das atividades.

One block per result (``Am.n`` rows), one for monitoring (``AM.n``), one for indirect
costs; each ends with ``Total (R$)`` and its letter (A, B, C, … in order). Then the
``Desembolso Financeiro | Valor (R$)`` summary. Keys (:mod:`tcxl.keys`): ``ActivityKey`` (code,
year|"T", field), ``BlockTotalKey`` (block, year|"T", field) and ``SummaryKey`` (line, field).
"""

from __future__ import annotations

from dataclasses import dataclass
from string import ascii_uppercase
from typing import TYPE_CHECKING, cast

from ..keys import ActivityKey, BlockTotalKey, SummaryKey
from ..periods import all_years_label, all_years_word, year_label
from ..totals import Ratio, Sum
from .base import INPUT, MONEY, MONEY_WIDTH, PCT_WIDTH, SheetLayout, notes

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Activity, Project

TITLE = "CRONOGRAMA DE DESEMBOLSO FINANCEIRO DAS ATIVIDADES"
HEAD_FIELDS = ("Objetivo do Projeto:", "Resultado:", "Produto (opcional):")
CODE_HEADER = "Atividades de Intervenção"
MONITORING_CODE_HEADER = "Atividades de Monitoramento e Avaliação"
SECTION = "Cronograma de Desembolso"
DESCRIPTION_HEADER = "Descrição"
PCT_HEADER = "% Real/Prev"
RESULT_BLOCK = "Resultado ou Produto {m}:"
MONITORING_BLOCK = "Atividades de Monitoramento e Avaliação do Projeto"
INDIRECT_BLOCK = "Custos Indiretos Transferidos de Apoio e Administração"
INDIRECT_CODE = "CI"
INDIRECT_DESCRIPTION = "Custos indiretos de apoio e administração do projeto"
BLOCK_TOTAL = "Total (R$)"
SUMMARY_HEADER = ("Desembolso Financeiro", "Valor (R$)", "Executado (R$)", PCT_HEADER)
PLANNED_HEADER, EXECUTED_HEADER = "Previsto", "Executado"
# the summary's lines, as the model words them before the period and the block letters
SUMMARY_LABELS = (
    (1, "1. Desembolso Total das Atividades de Intervenção"),
    (2, "2. Desembolso Total das Atividades de Monitoramento e Avaliação"),
    (3, "3. Custos Indiretos"),
    ("total", "Total dos Recursos Despendidos"),
)
NOTES = (
    "Observação:",
    "1) Para cada resultado e/ou produto deve ser apresentado um cronograma de desembolso por atividade de "
    'intervenção: Resultado 1, Resultado (...), Resultado "m", ou então, Produto 1, Produto (...), Produto "m".',
    "2) Além dos cronogramas de desembolso por atividade de intervenção, deve ser apresentado um cronograma de "
    "desembolso por atividade de monitoramento e avaliação;",
    "3) As atividades podem ser desagregadas em subatividades, para as quais não é obrigatória a apresentação de "
    "cronograma de desembolso.",
    '(*) A expressão "Am.n", onde "m" significa índice do resultado ou produto e "n" o índice de atividade.',
)
SPARE = "~"  # key prefix of the spare rows' cells (never a code a reader finds)
TITLE_ROWS = 2  # block title, then 'Cronograma de Desembolso', then the header
HEADER_ROW = 8  # the first block's header (row 6: its title)


@dataclass(frozen=True)
class Block:
    """A block of the schedule: ``id`` is the result number, ``"M"`` or ``"CI"``."""

    id: int | str
    letter: str
    title: str
    description: str
    rows: tuple[tuple[str, str, list], ...]  # (code, description, planned per year)


def blocks(project: Project) -> list[Block]:
    """Result blocks, then monitoring, then indirect costs, lettered A, B, C, …"""

    def rows(acts: list[Activity]) -> tuple:
        return tuple((a.code, a.description, project.yearly(a.planned)) for a in acts)

    out = [
        Block(m, "", RESULT_BLOCK.format(m=m), r.description, rows(r.activities))
        for m, r in enumerate(project.results, start=1)
    ]
    out.append(Block("M", "", MONITORING_BLOCK, "", rows(project.monitoring)))
    out.append(
        Block(
            INDIRECT_CODE, "", INDIRECT_BLOCK, "", ((INDIRECT_CODE, INDIRECT_DESCRIPTION, project.indirect_planned()),)
        )
    )
    return [Block(b.id, ascii_uppercase[i], b.title, b.description, b.rows) for i, b in enumerate(out)]


def summary_lines(letters: list[str], years: int) -> list[tuple[int | str, str, list[int]]]:
    """The summary rows: (line id, label with the block letters, indexes of blocks summed). The
    indirect-cost and total lines name the project's period as its all-years columns do
    (``do Quadriênio``, ``no Quadriênio``: the model's ``Triênio`` for three years)."""
    results = letters[:-2]
    mon, ind = letters[-2], letters[-1]
    text = dict(SUMMARY_LABELS)
    period = all_years_word(years)
    return [
        (1, f"{text[1]} ({' + '.join(results)})", list(range(len(results)))),
        (2, f"{text[2]} ({mon})", [len(letters) - 2]),
        (3, f"{text[3]} do {period} ({ind})", [len(letters) - 1]),
        ("total", f"{text['total']} no {period} ({'+'.join(letters)})", []),
    ]


def column(year: int | str, field: str, years: int) -> int:
    group = years if year == "T" else cast(int, year) - 1  # else a year number
    return 2 + 3 * group + ("planned", "executed", "pct").index(field)


def header(sheet: SheetLayout, row: int, years: int, code_header: str) -> None:
    """The model's two header rows, repeated above every block."""
    sheet.merge(row, 0, row + 1, 0, code_header)
    sheet.merge(row, 1, row + 1, 1, DESCRIPTION_HEADER)
    for period in [*range(1, years + 1), "T"]:
        col = column(period, "planned", years)
        sheet.merge(
            row, col, row, col + 1, f"{all_years_label(years)} (R$)" if period == "T" else f"{year_label(period)} (R$)"
        )
        sheet.merge(row, col + 2, row + 1, col + 2, PCT_HEADER)
        sheet.merge(row + 1, col, row + 1, col, PLANNED_HEADER)
        sheet.merge(row + 1, col + 1, row + 1, col + 1, EXECUTED_HEADER)


def layout(project: Project, name: str) -> SheetLayout:
    years = project.years
    periods = [*range(1, years + 1), "T"]
    last_col = column("T", "pct", years)
    sheet = SheetLayout(
        "disbursement",
        name,
        TITLE,
        widths={
            0: 22,
            1: 40,
            **{c: PCT_WIDTH if (c - 2) % 3 == 2 else MONEY_WIDTH for c in range(2, last_col + 1)},
            last_col + 1: 5,
        },
        freeze=(0, 2),
        header_rows=(HEADER_ROW, HEADER_ROW + 1),
    )
    sheet.label(0, 0, TITLE, "title")
    objective = "; ".join(o.description for o in project.objectives if o.description) or None
    for i, text in enumerate(HEAD_FIELDS):
        sheet.label(2 + i, 0, text, "label_bold")
        sheet.input(2 + i, 1, ("dis", "head", i), "input_text", objective if i == 0 else None, span_to=last_col)

    first_cols = {period: column(period, "planned", years) for period in periods}
    inputs = sheet.keeps(INPUT)

    def money_row(row: int, keys: dict, planned: list | None, parts: list[dict] | None, bold: bool) -> None:
        """An activity's row or a block's total row (``parts``: its activities' keys); ``keys``:
        the row's key by (period, field), each made once."""
        money = "money_bold" if bold else "money"
        for period in periods:
            col = first_cols[period]
            for i, field in enumerate(("planned", "executed")):
                k = keys[period, field]
                if period == "T":
                    sheet.formula(row, col + i, k, Sum(tuple(keys[y, field] for y in range(1, years + 1))), money)
                elif parts is None:
                    if inputs:
                        value = (planned[period - 1] or None) if planned and field == "planned" else None
                        sheet.input(row, col + i, k, "input_money", value, MONEY)
                else:
                    sheet.formula(row, col + i, k, Sum(tuple(p[period, field] for p in parts), growing=True), money)
            sheet.formula(
                row,
                col + 2,
                keys[period, "pct"],
                Ratio(keys[period, "executed"], keys[period, "planned"]),
                "percent_bold" if bold else "percent",
            )

    def row_keys(make, item) -> dict:
        return {
            (period, field): make(item, period, field) for period in periods for field in ("planned", "executed", "pct")
        }

    row = HEADER_ROW - TITLE_ROWS
    all_blocks = blocks(project)
    spare = getattr(project, "spare_rows", 0)
    for block in all_blocks:
        block_start = row
        sheet.label(row, 0, block.title, "block")
        if isinstance(block.id, int):  # the result's text, typed after 'Resultado ou Produto m:'
            sheet.input(row, 1, ("dis", "title", block.id), "input_title", block.description or None, span_to=last_col)
        else:
            sheet.merge(row, 1, row, last_col, "", "block")
        sheet.label(row + 1, 0, SECTION, "section")
        header(sheet, row + 2, years, MONITORING_CODE_HEADER if block.id == "M" else CODE_HEADER)
        row += TITLE_ROWS + 2
        activities = []
        for code, description, planned in block.rows:
            if block.id == INDIRECT_CODE:
                sheet.label(row, 0, code)
                sheet.label(row, 1, description)
            else:
                sheet.input(row, 0, ("dis", code, "code"), "input_text", code)
                sheet.input(row, 1, ("dis", code, "description"), "input_text", description or None)
            activities.append(row_keys(ActivityKey, code))
            money_row(row, activities[-1], planned, None, False)
            row += 1
        if block.id != INDIRECT_CODE:
            for n in range(1, spare + 1):  # rows without a code: ignored until one is typed
                code = f"{SPARE}{block.id}.{n}"
                sheet.input(row, 0, ("dis", code, "code"), "input_text")
                sheet.input(row, 1, ("dis", code, "description"), "input_text")
                activities.append(row_keys(ActivityKey, code))  # blank: adds nothing, keeps the range
                money_row(row, activities[-1], None, None, False)
                row += 1
        sheet.label(row, 0, BLOCK_TOTAL, "label_bold")
        sheet.label(row, 1, "", "label_bold")
        money_row(row, row_keys(BlockTotalKey, block.id), None, activities, True)
        sheet.label(row, last_col + 1, f"({block.letter})", "label_bold")
        sheet.blocks.append((block_start, row))
        row += 2

    summary_start = row
    for i, text in enumerate(SUMMARY_HEADER):
        sheet.merge(row, 0 if i == 0 else i + 1, row, 1 if i == 0 else i + 1, text)
    row += 1
    lines = summary_lines([b.letter for b in all_blocks], years)
    for line, text, members in lines:
        bold = line == "total"
        sheet.merge(row, 0, row, 1, text, "label_bold" if bold else "label")
        for i, field in enumerate(("planned", "executed")):
            parts = (
                [SummaryKey(n, field) for n, _, _ in lines[:-1]]
                if bold
                else [BlockTotalKey(all_blocks[b].id, "T", field) for b in members]
            )
            sheet.formula(row, 2 + i, SummaryKey(line, field), Sum(tuple(parts)), "money_bold" if bold else "money")
        sheet.formula(
            row,
            4,
            SummaryKey(line, "pct"),
            Ratio(SummaryKey(line, "executed"), SummaryKey(line, "planned")),
            "percent_bold" if bold else "percent",
        )
        row += 1
    row = notes(sheet, row + 1, NOTES, last_col)
    sheet.blocks.append((summary_start, row - 1))
    return sheet
