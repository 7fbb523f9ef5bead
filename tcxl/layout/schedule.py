"""Sheet ``Cronograma de Atividades``: B.4.1 Cronograma semestral de atividades.

One block per result and one for monitoring; each activity (and sub-activity) takes two
rows, ``Previsto`` and ``Realizado``, with one column per semester. Marks: ``X`` planned
(Previsto); ``X`` done, ``P`` partial/ongoing, ``A`` adiada, ``C`` cancelada (Realizado).
Keys: ``("sch", code, semester, "planned"|"status")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..periods import half_label, roman
from .base import PLAN_MARK, STATUS_MARK, SheetLayout, notes
from .disbursement import HEAD_FIELDS, RESULT_BLOCK, SPARE, TITLE_ROWS

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Project

TITLE = "CRONOGRAMA SEMESTRAL DE ATIVIDADES"
CODE_HEADER = "Atividades de Intervenção"
DESCRIPTION_HEADER = "Descrição"
RESPONSIBLE_HEADER = "Responsável"
LINE_HEADER = "Legenda"
MONITORING_BLOCK = "Atividades de Monitoramento e Avaliação"
PLANNED, DONE = "Previsto", "Realizado"
PLAN_MARKS = ("X",)
STATUS_MARKS = ("X", "P", "A", "C")
LEGEND = (
    "Legenda",
    "Previsto: X = semestre em que a atividade está prevista",
    "Realizado: X = realizada/finalizada; P = parcialmente realizada/em andamento; A = adiada; C = cancelada",
)
SECTION = "Cronograma de Atividades"
NOTES = (
    "Observação:",
    "1) Para cada objetivo do projeto deve constar pelo menos um resultado esperado.",
    "2) Se o projeto for subdividido em fases ou etapas, a cada fase ou etapa deve corresponder um resultado esperado.",
    "3) Para cada resultado do projeto pode constar um ou mais produtos.",
    "4) Para cada resultado e/ou produto deve ser apresentado um cronograma de atividades: Produto 1, "
    'Produto (...), Produto "m".',
    "5) As atividades podem ser desagregadas em subatividades.",
    '(*) A expressão "Am.n", onde "m" significa índice do resultado ou produto e "n" o índice de atividade.',
)
HEADER_ROW = 8  # the first block's header (row 6: its title)
FIRST_SEMESTER_COL = 4


def year_header(year: int) -> str:
    """'ANO III' (the model's header repeats 'ANO II' for the third year; readers accept both)."""
    return f"ANO {roman(year)}"


def column(semester: int) -> int:
    return FIRST_SEMESTER_COL + semester - 1


def header(sheet: SheetLayout, row: int, years: int, code_header: str) -> None:
    """The model's two header rows, repeated above every block."""
    for col, text in enumerate((code_header, DESCRIPTION_HEADER, RESPONSIBLE_HEADER, LINE_HEADER)):
        sheet.merge(row, col, row + 1, col, text)
    for year in range(1, years + 1):
        first = column(2 * year - 1)
        sheet.merge(row, first, row, first + 1, year_header(year))
        for half in (1, 2):
            sheet.merge(row + 1, first + half - 1, row + 1, first + half - 1, half_label(half))


def layout(project: Project, name: str) -> SheetLayout:
    semesters = range(1, 2 * project.years + 1)
    last_col = column(2 * project.years)
    sheet = SheetLayout(
        "schedule",
        name,
        TITLE,
        widths={0: 22, 1: 48, 2: 22, 3: 11, **{column(s): 8 for s in semesters}},
        freeze=(0, 2),
        header_rows=(HEADER_ROW, HEADER_ROW + 1),
    )
    sheet.label(0, 0, TITLE, "title")
    objective = "; ".join(o.description for o in project.objectives if o.description) or None
    for i, text in enumerate(HEAD_FIELDS):
        sheet.label(2 + i, 0, text, "label_bold")
        sheet.input(2 + i, 1, ("sch", "head", i), "input_text", objective if i == 0 else None, span_to=last_col)

    row = HEADER_ROW - TITLE_ROWS

    def activity(code: str | None, description: str, responsible: str, planned: list[int]) -> None:
        """Two rows, Previsto and Realizado; ``code`` None: a spare pair, empty until typed into."""
        nonlocal row
        key = code or f"{SPARE}{row}"
        sheet.input(row, 0, ("sch", key, "code"), "input_text", code)
        sheet.input(row, 1, ("sch", key, "description"), "input_text", description or None)
        sheet.input(row, 2, ("sch", key, "responsible"), "input_text", responsible or None)
        for c in range(3):  # under the code: open, so that rows inserted below it can be typed in
            sheet.put(row + 1, c, "blank", "open")
        for line, field, marks in ((PLANNED, "planned", PLAN_MARK), (DONE, "status", STATUS_MARK)):
            sheet.label(row, 3, line)
            for s in semesters:
                value = "X" if field == "planned" and s in planned else None
                sheet.input(row, column(s), ("sch", key, s, field), "input_mark", value, marks)
            row += 1

    def block(title: str, description: str | None, acts: list, code_header: str) -> None:
        nonlocal row
        start = row
        sheet.label(row, 0, title, "block")
        if description is None:
            sheet.merge(row, 1, row, last_col, "", "block")
        else:  # the result's text, typed after 'Resultado ou Produto m:'
            sheet.input(row, 1, ("sch", "title", title), "input_title", description or None, span_to=last_col)
        sheet.label(row + 1, 0, SECTION, "section")
        header(sheet, row + 2, project.years, code_header)
        row += TITLE_ROWS + 2
        for act in acts:
            activity(act.code, act.description, act.responsible, act.semesters)
            for sub in act.subactivities:
                activity(sub.code, sub.description, "", sub.semesters)
        for _ in range(getattr(project, "spare_rows", 0)):
            activity(None, "", "", [])
        sheet.blocks.append((start, row - 1))
        row += 1

    for m, result in enumerate(project.results, start=1):
        block(RESULT_BLOCK.format(m=m), result.description, result.activities, CODE_HEADER)
    block(MONITORING_BLOCK, None, project.monitoring, MONITORING_BLOCK)
    start = row
    for i, text in enumerate(LEGEND):
        sheet.label(row + i, 0 if i == 0 else 1, text, "section" if i == 0 else "note")
    row = notes(sheet, row + len(LEGEND) + 1, NOTES, last_col)
    sheet.blocks.append((start, row - 1))
    return sheet
