"""Edits an analyst makes in Excel, reproduced with openpyxl.

openpyxl's insert_rows/delete_rows move cell values only; Excel also moves merged
ranges and adjusts formula references. ``insert_rows``/``delete_rows`` here do all three,
reference endpoints moving independently as in Excel (so a row inserted inside a SUM
range widens it, and one inserted just below it does not).
"""
from __future__ import annotations

import re

from openpyxl.formula import Tokenizer
from openpyxl.utils import get_column_letter, range_boundaries

_REF = re.compile(r"(\$?[A-Z]{1,3})(\$?)(\d+)")


def _shift_ref(ref: str, at: int, n: int) -> str:
    def move(m):
        row = int(m.group(3))
        return f"{m.group(1)}{m.group(2)}{row + n if row >= at else row}"
    return _REF.sub(move, ref)


def _shift_formula(formula: str, at: int, n: int) -> str:
    tok = Tokenizer(formula)
    out = []
    for t in tok.items:
        value = t.value
        if t.type == "OPERAND" and t.subtype == "RANGE" and "!" not in value:
            value = _shift_ref(value, at, n)
        out.append(value)
    return "=" + "".join(out)


def _shift_sheet(ws, at: int, n: int) -> None:
    """n > 0: insert n rows before ``at``; n < 0: delete -n rows from ``at``."""
    moved = at if n > 0 else at - n  # first row that moves
    merges = [str(m) for m in ws.merged_cells.ranges]
    for m in merges:
        ws.unmerge_cells(m)
    if n > 0:
        ws.insert_rows(at, n)
    else:
        ws.delete_rows(at, -n)
    for m in merges:
        c1, r1, c2, r2 = range_boundaries(m)
        if n < 0 and at <= r1 < moved:
            continue  # the merged row was deleted
        r1 = r1 + n if r1 >= moved else r1
        r2 = r2 + n if r2 >= moved else r2
        ws.merge_cells(f"{get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2}")
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.value = _shift_formula(cell.value, moved, n)


def insert_rows(ws, at: int, n: int = 1) -> None:
    """Insert ``n`` rows before row ``at`` (1-based), like Excel."""
    _shift_sheet(ws, at, n)


def delete_rows(ws, at: int, n: int = 1) -> None:
    """Delete ``n`` rows from row ``at`` (1-based), like Excel."""
    _shift_sheet(ws, at, -n)


def row_of(ws, text: str, col: int = 1) -> int:
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, col).value == text:
            return r
    raise AssertionError(f"{text!r} not in column {col} of {ws.title!r}")


def copy_formulas(ws, src: int, dst: int) -> None:
    """Fill row ``dst`` with row ``src``'s formulas, references moved as Excel's paste does."""
    from openpyxl.formula.translate import Translator

    for cell in ws[src]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            target = ws.cell(dst, cell.column)
            target.value = Translator(cell.value, origin=cell.coordinate).translate_formula(target.coordinate)
