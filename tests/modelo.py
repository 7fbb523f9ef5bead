"""The official model's tables written with plain openpyxl, from the seed model's text
(``../shared/seeds/003_…``, B.4.2), never from tcxl's layout code."""
from __future__ import annotations

YEAR_HEADERS = ("Ano I (R$)", "Ano II (R$)", "Ano III (R$)", "Total Triênio (R$)")


def disbursement_header(ws, row: int, col: int, title: str, code_header: str) -> int:
    """The model's five header rows of a disbursement block, from ``(row, col)`` (1-based):
    the block's title, 'Cronograma de Desembolso', the code header with 'Ano I / Ano II /
    Ano III', the year groups with '% Real/Prev', then 'Previsto | Executado'. Returns the
    row of the block's first activity."""
    ws.cell(row, col, title)
    ws.cell(row + 1, col, "Cronograma de Desembolso")
    ws.cell(row + 2, col, code_header)
    ws.cell(row + 2, col + 1, "Ano I / Ano II / Ano III")
    for i, label in enumerate(YEAR_HEADERS):
        ws.cell(row + 3, col + 1 + 3 * i, label)
        ws.cell(row + 3, col + 3 + 3 * i, "% Real/Prev")
        ws.cell(row + 4, col + 1 + 3 * i, "Previsto")
        ws.cell(row + 4, col + 2 + 3 * i, "Executado")
    return row + 5


def schedule_block(ws, row: int, col: int, title: str, code_header: str, codes: list[str],
                   marks: dict[str, tuple[dict, dict]] | None = None) -> int:
    """A block of the model's CRONOGRAMA SEMESTRAL DE ATIVIDADES (B.4.1) as the seed shows
    it: the block's title, 'Cronograma de Atividades', the code header with 'ANO I | ANO II |
    ANO II' (the model's typo for the third year), '1º Sem | 2º Sem' per year, then each
    code on a Previsto row with its Realizado row below, unlabelled. ``marks``: per code,
    ({semester: mark} planned, {semester: mark} done). Returns the row after the block."""
    ws.cell(row, col, title)
    ws.cell(row + 1, col, "Cronograma de Atividades")
    ws.cell(row + 2, col, code_header)
    for i, label in enumerate(("ANO I", "ANO II", "ANO II")):
        ws.cell(row + 2, col + 1 + 2 * i, label)
        ws.cell(row + 3, col + 1 + 2 * i, "1º Sem")
        ws.cell(row + 3, col + 2 + 2 * i, "2º Sem")
    row += 4
    for code in codes:
        ws.cell(row, col, code)
        planned, done = (marks or {}).get(code, ({}, {}))
        for s, mark in planned.items():
            ws.cell(row, col + s, mark)
        for s, mark in done.items():
            ws.cell(row + 1, col + s, mark)
        row += 2
    return row + 2
