"""Find things in a workbook the way a person would: by label, not by fixed position."""
from __future__ import annotations

from openpyxl.utils import get_column_letter


def find_cell(ws, text: str, exact: bool = True):
    """First cell whose value is ``text`` (or starts with it when ``exact`` is False)."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (cell.value == text if exact else cell.value.startswith(text)):
                return cell
    raise AssertionError(f"{text!r} not found on {ws.title!r}")


def find_row(ws, text: str, exact: bool = True) -> int:
    return find_cell(ws, text, exact).row


def group_columns(ws, header: str, sub_headers: tuple[str, ...]) -> dict[str, str]:
    """Column letters under a (merged) group header: {'Previsão': 'B', 'Executado': 'C', '%': 'D'}."""
    top = find_cell(ws, header)
    out, col = {}, top.column
    for name in sub_headers:
        while ws.cell(top.row + 1, col).value != name:
            col += 1
        out[name] = get_column_letter(col)
    return out


def summed_cells(formula: str) -> list[str]:
    """Cells referenced by a formula, ranges expanded in order (via openpyxl's Tokenizer)."""
    from openpyxl.formula import Tokenizer
    from openpyxl.utils import range_boundaries

    out = []
    for token in Tokenizer(formula).items:
        if token.type == "OPERAND" and token.subtype == "RANGE":
            c1, r1, c2, r2 = range_boundaries(token.value)
            out += [f"{get_column_letter(c)}{r}" for c in range(c1, c2 + 1) for r in range(r1, r2 + 1)]
    return out
