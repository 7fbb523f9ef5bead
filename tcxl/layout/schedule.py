"""Sheet ``Cronograma de Atividades``: B.4.1 Cronograma semestral de atividades.

One block per result and one for monitoring; each activity (and sub-activity) takes two
rows, ``Previsto`` and ``Realizado``, with one column per semester. Marks: ``X`` planned
(Previsto); ``X`` done, ``P`` partial/ongoing, ``A`` adiada, ``C`` cancelada (Realizado).
Keys: ``("sch", code, semester, "planned"|"status")``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..periods import half_label, roman
from .base import PLAN_MARK, STATUS_MARK, SheetLayout
from .disbursement import HEAD_FIELDS, RESULT_BLOCK

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
    "Realizado: X = realizada/finalizada; P = parcialmente realizada/em andamento; "
    "A = adiada; C = cancelada",
)
HEADER_ROW = 6
FIRST_ROW = 8
FIRST_SEMESTER_COL = 4


def year_header(year: int) -> str:
    """'ANO III' (the model's header repeats 'ANO II' for the third year; readers accept both)."""
    return f"ANO {roman(year)}"


def column(semester: int) -> int:
    return FIRST_SEMESTER_COL + semester - 1


def layout(project: Project, name: str) -> SheetLayout:
    semesters = range(1, 2 * project.years + 1)
    sheet = SheetLayout("schedule", name, TITLE,
                        widths={0: 20, 1: 48, 2: 20, 3: 11, **{column(s): 8 for s in semesters}},
                        freeze=(FIRST_ROW, 2), header_rows=(HEADER_ROW, HEADER_ROW + 1))
    sheet.label(0, 0, TITLE, "title")
    objective = "; ".join(o.description for o in project.objectives if o.description) or None
    for i, text in enumerate(HEAD_FIELDS):
        sheet.label(2 + i, 0, text, "label_bold")
        sheet.input(2 + i, 1, ("sch", "head", i), "input_text", objective if i == 0 else None)

    for col, text in enumerate((CODE_HEADER, DESCRIPTION_HEADER, RESPONSIBLE_HEADER, LINE_HEADER)):
        sheet.merge(HEADER_ROW, col, HEADER_ROW + 1, col, text)
    for year in range(1, project.years + 1):
        first = column(2 * year - 1)
        sheet.merge(HEADER_ROW, first, HEADER_ROW, first + 1, year_header(year))
        for half in (1, 2):
            sheet.merge(HEADER_ROW + 1, first + half - 1, HEADER_ROW + 1, first + half - 1, half_label(half))

    row = FIRST_ROW

    def activity(code: str, description: str, responsible: str, planned: list[int]) -> None:
        nonlocal row
        for line, field, marks in ((PLANNED, "planned", PLAN_MARK), (DONE, "status", STATUS_MARK)):
            sheet.label(row, 0, code if field == "planned" else "")
            sheet.label(row, 1, description if field == "planned" else "")
            sheet.label(row, 2, responsible if field == "planned" else "")
            sheet.label(row, 3, line)
            for s in semesters:
                value = "X" if field == "planned" and s in planned else None
                sheet.input(row, column(s), ("sch", code, s, field), "input_mark", value, marks)
            row += 1

    def block(title: str, description: str, acts: list) -> None:
        nonlocal row
        sheet.merge(row, 0, row, column(2 * project.years), f"{title} {description}".strip(), "block")
        row += 1
        for act in acts:
            activity(act.code, act.description, act.responsible, act.semesters)
            for sub in act.subactivities:
                activity(sub.code, sub.description, "", sub.semesters)
        row += 1

    for m, result in enumerate(project.results, start=1):
        block(RESULT_BLOCK.format(m=m), result.description, result.activities)
    block(MONITORING_BLOCK, "", project.monitoring)
    for i, text in enumerate(LEGEND):
        sheet.label(row + i, 0 if i == 0 else 1, text, "section" if i == 0 else "note")
    return sheet
