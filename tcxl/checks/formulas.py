"""TCX2xx (formulas) and TCX3xx (arithmetic) for every total, subtotal and percentage.

A total is right when it *computes* the right thing, however it is written (SPEC §3.1):
each formula that differs from the layout's own is parsed and its meaning (see
:mod:`tcxl.meaning`) compared with the meaning of the layout's formula for that key, both
expanded down to input cells. A mistake is reported once, at the cell that holds it,
naming the items by their labels.

Values are checked one step at a time, so one wrong number gives one finding: a stored
result is compared with what its own formula gives from the stored results of the cells it
reads (a disagreement is a stale result), and a number typed where a formula belongs with
what the layout's formula gives from the values its direct parts show.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import keys
from ..findings import MAX_MESSAGE, Finding
from ..formula import (
    Err,
    NotEvaluated,
)
from ..formula.functions import to_ptbr
from ..formula.values import ERROR_TEXTS as ERRORS
from ..formula.workbook import shown as _shown
from ..keys import ALL_YEARS, AccountKey, ActivityKey, BlockTotalKey, Key, SummaryKey, TargetKey
from ..numbers import NotANumber, to_decimal
from ..read.grid import ref
from ..rules import declare
from ..totals import Ratio, compute, render
from .book import Book, Inherited, describe, is_money, parts, plain, same, show
from .judge import judge

emit = declare(
    "TCX008", "TCX201", "TCX202", "TCX203", "TCX204", "TCX205", "TCX206", "TCX207", "TCX208",
    "TCX301", "TCX302", "TCX303", "TCX304", "TCX305", "TCX306",
)  # fmt: skip


def arithmetic_code(key: Key, formula) -> str:
    """The code of a total that differs from what its parts give: TCX303/305 a percentage,
    TCX302 an all-years total, TCX304 a line of the disbursement summary, TCX306 an indicator
    total, TCX301 any other total."""
    if isinstance(formula, Ratio):
        return "TCX305" if isinstance(key, AccountKey) and key.code == "PCT3" else "TCX303"
    if isinstance(key, (AccountKey, ActivityKey, BlockTotalKey)) and key.period == ALL_YEARS:
        return "TCX302"
    return "TCX304" if isinstance(key, SummaryKey) else "TCX306" if isinstance(key, TargetKey) else "TCX301"


def check(wb, layout) -> list[Finding]:
    r = wb.reading
    formulas = layout.formulas()
    book = Book(r, formulas)
    where, grids = r.where, book.grids

    # the totals checked, each with the layout's formula at the cells where its parts were
    # found ('' when they are on other sheets); a total whose parts were not all located is
    # left to the reader's findings (judging it would repeat them)
    checked = []
    flags: dict[str, list[bool]] = {}  # sheet -> whether each total checked there is a formula
    for key, formula in formulas.items():
        at = where.get(key)
        if at is None:
            continue
        pos: dict | None = {}
        for p in parts(formula):
            at_p = where.get(p)
            if at_p is None:
                break
            if pos is not None and at_p[0] == at[0]:
                pos[p] = (at_p[1], at_p[2])
            else:
                pos = None
        else:
            raw = grids[at[0]].value(at[1], at[2])
            is_formula = isinstance(raw, str) and raw[:1] == "="
            checked.append((key, formula, at, raw, is_formula, render(formula, pos) if pos is not None else ""))
            flags.setdefault(at[0], []).append(is_formula)
    # a table typed by hand from the model (no total is a formula) gets one finding for the
    # table, not one per total; its typed totals are still checked against their parts
    no_formulas = {sheet for sheet, sheet_flags in flags.items() if not any(sheet_flags)}
    out = [emit("TCX208", sheet, "", count=len(flags[sheet])) for sheet in sorted(no_formulas)]
    stale: list[tuple[Finding, bool]] = []  # (finding, stored result was zero)
    recomputed = book.recomputed
    blank_rows: dict[tuple[str, int], list] = {}  # empty per-row totals, judged once the rows are known
    for entry in checked:
        key, formula, (sheet, row, col), raw, is_formula, expected_text = entry
        if is_formula and expected_text and (raw == expected_text or _normal(raw) == _normal(expected_text)):
            # the layout's own formula (the common case, kept lean): its stored result, if any,
            # against tcxl's recomputation from the inputs, then against its own parts
            shown = _shown(grids[sheet].cached_value(row, col))
            if shown is None or (not isinstance(shown, Err) and same(shown, recomputed(key), formula)):
                continue
            _check_stored(book, key, formula, raw, None, shown, expected_text, out, stale)
        elif is_formula:
            _check_formula(book, key, formula, raw, expected_text, out, stale)
        elif _blank(raw) and isinstance(key, ROW_KEYS) and sheet not in no_formulas:
            blank_rows.setdefault((sheet, row), []).append(entry)
        else:
            _check_constant(book, key, formula, raw, expected_text, sheet in no_formulas, out)
    if blank_rows:
        _rows_without_formulas(book, checked, blank_rows, out)
    return _drop_never_calculated(out, stale)


ROW_KEYS = (ActivityKey, keys.TargetKey)  # rows with their own totals (an activity, an indicator)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _rows_without_formulas(book: Book, checked: list, blank_rows: dict, out: list) -> None:
    """Activity and indicator rows whose own totals are *all* empty: a row an analyst inserted
    (a protected sheet takes no pasted formula); tcxl computes its totals: one warning each.
    An empty total on a row that keeps its other formulas is judged alone (TCX201)."""
    totals: dict[tuple[str, int], int] = {}
    for entry in checked:  # only when some row has an empty total: the common case skips this
        at = (entry[2][0], entry[2][1])
        if at in blank_rows:
            totals[at] = totals.get(at, 0) + 1
    for (sheet, row), entries in blank_rows.items():
        if all(compute(e[1], book.shown) in (None, "", 0) for e in entries):
            continue  # nothing typed in the row: its totals of nothing are right empty (SPEC §3.1)
        if totals[sheet, row] == len(entries) and any(e[5] for e in entries):
            out.append(_row_warning(sheet, row, entries))
            continue
        for key, formula, _, raw, _, expected_text in entries:
            _check_constant(book, key, formula, raw, expected_text, False, out)


def _row_warning(sheet: str, row: int, entries: list) -> Finding:
    cols = sorted(e[2][2] for e in entries)
    first = entries[0][0]
    what = f"atividade {first.code}" if isinstance(first, ActivityKey) else f"indicador de {first.ref}"
    formulas = "; ".join(f"{ref(row, e[2][2])} {e[5]}" for e in sorted(entries, key=lambda e: e[2][2]) if e[5])
    return emit("TCX206", sheet, f"{ref(row, cols[0])}:{ref(row, cols[-1])}", expected=formulas, what=what)


def _normal(text: str) -> str:
    """Formula text compared without case, spaces and $ (the fast path for intact totals)."""
    return text.replace("$", "").replace(" ", "").upper()


def _check_formula(book: Book, key, formula, raw: str, expected_text: str, out: list, stale: list) -> None:
    """A formula that differs from the layout's text: judged by its meaning, then its stored result."""
    sheet, row, col = book.r.where[key]
    problem, tree = judge(book, key, formula, raw)
    shown = _shown(book.grids[sheet].cached_value(row, col))
    if problem:
        code, text = problem
        should = f"; a fórmula deve ser {to_ptbr(expected_text)}" if expected_text and code != "TCX207" else ""
        if len(describe(key)) + len(text) + len(should) > MAX_MESSAGE:
            should = ""  # the expected formula is still in `expected`
        out.append(
            emit(
                code,
                sheet,
                ref(row, col),
                expected=expected_text,
                found=raw,
                money=is_money(formula),
                item=describe(key),
                problem=text + should,
            )
        )
        if code == "TCX207" and shown is not None:  # not evaluated: its stored result is still compared
            _check_shown_total(book, key, formula, raw, shown, expected_text, out)
        return
    if shown is not None:  # else no stored result (a file written by a program): judged on its formula
        _check_stored(book, key, formula, raw, tree, shown, expected_text, out, stale)


def _check_shown_total(book: Book, key, formula, raw: str, shown: Any, expected_text: str, out: list) -> None:
    """The stored result of a formula tcxl cannot evaluate, against the total its cells require."""
    sheet, row, col = book.r.where[key]
    right = book.recomputed(key)
    if isinstance(shown, Err) or same(shown, right, formula):
        return
    out.append(
        _wrong_value(
            key,
            formula,
            sheet,
            ref(row, col),
            right,
            shown,
            f"a célula mostra {show(shown, formula)}, mas o valor certo pelas células de origem é "
            f"{show(right, formula)} (a fórmula {to_ptbr(raw)} não foi conferida)",
        )
    )


def _check_stored(
    book: Book, key, formula, raw: str, tree, shown: Any, expected_text: str, out: list, stale: list
) -> None:
    """A stored result against what its own formula (``tree``; None: the layout's) gives from
    the stored results of the cells it reads: a disagreement is a stale result."""
    sheet, row, col = book.r.where[key]
    cell = ref(row, col)
    try:
        if tree is None:
            own = compute(formula, book.stored)
        else:
            own = book.r.cells.run(tree, sheet, row, col)
    except NotEvaluated:
        own = None
    except Inherited as exc:
        own = Err(exc.args[0])
    if isinstance(own, Err):
        return  # an error shown by a cell it reads: reported there, not again at every total above
    if isinstance(shown, Err):
        out.append(
            emit(
                "TCX204",
                sheet,
                cell,
                expected=expected_text,
                found=str(shown),
                item=describe(key),
                problem=f"a célula mostra o erro {shown}; corrija a fórmula {to_ptbr(raw)}",
            )
        )
        return
    if own is None or same(shown, own, formula):
        return
    f = _wrong_value(
        key,
        formula,
        sheet,
        cell,
        own,
        shown,
        f"o resultado gravado {show(shown, formula)} não confere com a própria fórmula {to_ptbr(raw)}, "
        f"que dá {show(own, formula)} com os valores das células que ela lê: resultado gravado desatualizado; "
        "abra e salve no Excel/LibreOffice ou rode tcxl recalc",
    )
    out.append(f)
    stale.append((f, shown == 0))


def _wrong_value(key, formula, sheet: str, cell: str, right: Any, shown: Any, problem: str) -> Finding:
    """A value that is not what it should be (TCX3xx, by what the cell is): ``right`` against ``shown``."""
    return emit(
        arithmetic_code(key, formula),
        sheet,
        cell,
        expected=plain(right, formula),
        found=plain(shown, formula),
        money=is_money(formula),
        item=describe(key),
        problem=problem,
    )


def _check_constant(book: Book, key, formula, raw: Any, expected_text: str, typed_table: bool, out: list) -> None:
    sheet, row, col = book.r.where[key]
    cell = ref(row, col)
    restore = f"restaure a fórmula {to_ptbr(expected_text)}" if expected_text else "restaure a fórmula"
    if isinstance(raw, str) and raw.strip().upper() in ERRORS:
        out.append(
            emit(
                "TCX204",
                sheet,
                cell,
                expected=expected_text,
                found=raw.strip(),
                item=describe(key),
                problem=f"a célula contém o erro {raw.strip()}; {restore}",
            )
        )
        return
    right = compute(formula, book.shown)
    if raw in (None, "") and right in (None, "", 0):
        return  # a total of nothing, left empty: what it shows is right (SPEC §3.1)
    try:
        value = to_decimal(raw) if not (isinstance(raw, str) and not raw.strip()) else None
    except NotANumber:
        value = raw
    agrees = same(value, right, formula)
    if typed_table:
        if raw in (None, "") or agrees:
            return
        out.append(
            _wrong_value(
                key,
                formula,
                sheet,
                cell,
                right,
                value,
                f"mostra {show(value, formula)}, mas o valor certo pelas células de origem é {show(right, formula)}",
            )
        )
        return
    fixed = show(value, formula) if isinstance(value, Decimal) else repr(raw)  # 382450.3 -> R$ 382.450,30
    content = "está vazia" if raw in (None, "") else f"contém o valor fixo {fixed}"
    wrong = "" if agrees or raw in (None, "") else f" (o valor certo pelas células de origem é {show(right, formula)})"
    out.append(
        emit(
            "TCX201",
            sheet,
            cell,
            expected=expected_text,
            found="" if raw is None else str(raw),
            money=is_money(formula),
            item=describe(key),
            content=content,
            wrong=wrong,
            formula=to_ptbr(expected_text),
            restore=restore,
        )
    )


def _drop_never_calculated(out: list[Finding], stale: list[tuple[Finding, bool]]) -> list[Finding]:
    """A file written by a program without results stores 0 for every formula (SPEC §7):
    when every stored result that disagrees is 0, do not trust them; say so once."""
    if len(stale) >= 3 and all(zero for _, zero in stale):
        drop = {id(f) for f, _ in stale}
        kept = [f for f in out if id(f) not in drop]
        return [*kept, emit("TCX008")]
    return out
