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
