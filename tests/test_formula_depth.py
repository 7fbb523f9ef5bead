"""A hostile or unusual formula never exhausts Python's stack (RecursionError).

- Nesting: more than 64 parentheses (a function's count) one inside another, Excel's limit, or
  more than 128 operations one inside another (a run of signs, ``%``), is a parse error, found
  before any recursion; a total written so is one TCX203 at its cell.
- Long flat chains work as short ones do: ``a+b-c+…`` of any length is one node
  (("bin", op, a, b, op, c, …)), read and evaluated exactly as the same operators nested.
- Chains of cells (a helper column where each row reads the next) are evaluated whatever their
  length: where the stack runs short the evaluation starts again from the cell it reached.
- What one formula may take of the stack is measured against ``STACK_RESERVE``, the room a
  formula reached from another one needs to start.

The workbook tests go through ``tcxl.check`` on the bundled sample, changed with openpyxl as an
analyst would (no stored results), and compare the report with the clean file's.
"""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal

import openpyxl
import pytest

import tcxl
from tcxl.formula import FormulaError, Linear, NotEvaluated, at_cell, evaluate, meaning, parse
from tcxl.formula.evaluate import Context, Err
from tcxl.formula.functions import FUNCTIONS, to_ptbr
from tcxl.formula.meaning import _AnyCell
from tcxl.formula.parse import MAX_DEPTH, MAX_NESTING, STACK_RESERVE
from tcxl.formula.workbook import Cells

D = Decimal
SHEET = "Cronograma de Desembolso"


# -- unit level: parse, meaning, evaluate -----------------------------------------------------
class Values(Context):
    """A1..A9 hold 1..9 (Plan1); B1 is text that reads as a number, B2 is text, B3 an error."""

    CELLS = {**{(0, i): D(i + 1) for i in range(9)}, (1, 0): "5", (1, 1): "abc", (1, 2): Err("#DIV/0!")}

    def value(self, sheet, row, col):
        return self.CELLS.get((col, row))

    def bounds(self, sheet):
        return (9, 2)


def value(text: str):
    return evaluate(parse(text), Values(), ("Plan1", 20, 5))


def symbolic(text: str):
    return meaning(parse(text), _AnyCell())


def cell(row: int, col: int = 0) -> tuple:
    return ("cell", None, row - 1, col)


def test_parentheses_up_to_excels_64_levels_are_read():
    assert parse("=" + "(" * MAX_NESTING + "A3" + ")" * MAX_NESTING) == ("ref", None, 2, 0, 2, 0)
    assert value("=" + "SUM(" * MAX_NESTING + "A3" + ")" * MAX_NESTING) == 3
    assert value("=" + "-(" * MAX_NESTING + "A3" + ")" * MAX_NESTING) == 3
    assert value("=" + "-(" * (MAX_NESTING - 1) + "A3" + ")" * (MAX_NESTING - 1)) == -3
    assert symbolic("=" + "-(" * (MAX_NESTING - 1) + "A3" + ")" * (MAX_NESTING - 1)) == Linear({cell(3): D(-1)})
    two_a_level = "=" + "ROUND(1+" * MAX_NESTING + "A3" + ",2)" * MAX_NESTING  # a function and an operator
    assert value(two_a_level) == 3 + MAX_NESTING


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 1000, 4000])
@pytest.mark.parametrize("open_, close", [("(", ")"), ("SUM(", ")"), ("-(", ")"), ("{", "}")])
def test_more_than_64_levels_is_a_parse_error_naming_the_limit(levels, open_, close):
    with pytest.raises(FormulaError, match=f"mais de {MAX_NESTING} níveis de parênteses.*limite do Excel"):
        parse("=" + open_ * levels + "1" + close * levels)


@pytest.mark.parametrize("text", ["=" + "-" * 129 + "1", "=" + "-+" * 2000 + "1", "=1" + "%" * 129, "=1" + "%" * 5000])
def test_runs_of_signs_beyond_128_operations_are_a_parse_error(text):
    with pytest.raises(FormulaError, match=f"mais de {MAX_DEPTH} operações"):
        parse(text)


def test_runs_of_signs_within_the_bound_are_read():
    assert value("=" + "-" * MAX_DEPTH + "A2") == 2
    assert value("=" + "-" * (MAX_DEPTH - 1) + "A2") == -2
    assert value("=+-+-A2") == 2
    assert value("=-A2%%") == D("-0.0002")
    assert symbolic("=" + "-" * MAX_DEPTH + "A2") == Linear({cell(2): D(1)})


def test_a_chain_of_one_precedence_is_one_flat_node():
    a1, a2, a3 = (("ref", None, r, 0, r, 0) for r in range(3))
    assert parse("=A1+A2-A3") == ("bin", "+", a1, a2, "-", a3)
    assert parse("=A1+A2") == ("bin", "+", a1, a2)
    # higher precedence inside, lower outside, as before
    assert parse("=1+2*3-4")[:2] == ("bin", "+") and parse("=1+2*3-4")[3][:2] == ("bin", "*")
    assert parse("=1*2+3")[2] == ("bin", "*", ("num", 1), ("num", 2))
    assert value("=A9-A8-A7-A6*A5/A4^A3") == value("=((A9-A8)-A7)-((A6*A5)/(A4^A3))") == D("-6.46875")


CHAINS = [
    "10-2-3",
    "2^3^2",
    "1-2+3-4+5",
    "2*3/4*5",
    "100/10/5",
    "1<2=TRUE",
    '"a"&"b"&1&TRUE',
    "A1+B1+A2",  # text that reads as a number
    "A1+B2+A2",  # text that does not: #VALUE!
    "A1-B3+B2",  # the first error, left to right
    "A9-A8-A7-A6-A5+A4",
]


@pytest.mark.parametrize("chain", CHAINS)
def test_a_flat_chain_gives_what_the_same_operators_nested_give(chain):
    """``a op b op c`` evaluated left to right is ``((a op b) op c)`` written with parentheses."""
    parts = re.split(r"(<=|>=|<>|[-+*/^&=<>])", chain)
    nested = parts[0]
    for op, operand in zip(parts[1::2], parts[2::2]):
        nested = f"({nested}{op}{operand})"
    assert value("=" + chain) == value("=" + nested)
    assert symbolic("=" + chain) == symbolic("=" + nested)


def test_a_long_sum_is_read_and_evaluated_as_a_short_one():
    terms = [f"A{1 + i % 9}" for i in range(1500)]
    text = "=" + "".join(("+" if i % 3 else "-") + t for i, t in enumerate(terms))[1:]
    assert len(text) > 4000
    expected = sum((D(1 + i % 9) * (1 if i % 3 or i == 0 else -1) for i in range(1500)), D(0))
    assert value(text) == expected
    coefficients: dict = {}
    for i in range(1500):
        key = cell(1 + i % 9)
        coefficients[key] = coefficients.get(key, 0) + (1 if i % 3 or i == 0 else -1)
    assert symbolic(text) == Linear({k: D(v) for k, v in coefficients.items() if v})
    assert at_cell(parse(text), 3, 3) == parse(text)


def test_sum_takes_255_arguments_as_excel_does():
    args = ",".join(f"A{1 + i % 9}" for i in range(255))
    assert value(f"=SUM({args})") == sum(D(1 + i % 9) for i in range(255))
    assert symbolic(f"=SUM({args})") == symbolic("=" + "+".join(f"A{1 + i % 9}" for i in range(255)))
    with pytest.raises(NotEvaluated, match="256 argumento"):
        value(f"=SUM({args},A1)")


def test_a_computed_range_end_reads_a_chain_of_constants():
    """``ROW()-2+1`` is a chain of two operators; INDEX still resolves to one cell."""
    assert at_cell(parse("=SUM(C8:INDEX(C:C,ROW()-2+1))"), 9, 2) == ("call", "SUM", [("ref", None, 7, 2, 8, 2)])


def test_long_formulas_are_shown_cut_in_messages():
    text = "=" + "(" * 1000 + "1" + ")" * 1000
    shown = to_ptbr(text)
    assert len(shown) <= 120 and shown.endswith("…") and shown.startswith("=((((")
    assert to_ptbr("=SUM(C5:C9,1.5)") == "=SOMA(C5:C9;1,5)"
    assert to_ptbr(text, limit=None) == text


# -- what one formula takes of the stack ---------------------------------------------------------
def _frames(fn) -> int:
    """The deepest the Python stack gets (in frames) while ``fn()`` runs, from where it is called."""
    depth = peak = 0

    def profile(frame, event, arg):
        nonlocal depth, peak
        if event == "call":
            depth += 1
            peak = max(peak, depth)
        elif event == "return":
            depth -= 1

    sys.setprofile(profile)
    try:
        fn()
    except (NotEvaluated, ArithmeticError):
        pass
    finally:
        sys.setprofile(None)
    return peak


def _nested(open_: str, close: str, inner: str = "A1") -> str:
    return "=" + open_ * MAX_NESTING + inner + close * MAX_NESTING


CURATED = [
    _nested("(", ")"),
    _nested("-(", ")"),
    _nested("IF(1=1,1+", ",0)"),
    _nested("ROUND(1+", ",2)"),
    _nested("-SUM(", ")"),
    "=" + "(" * 25 + "1" + "^1*1+1&1=1)" * 25,  # every precedence, left to right, in each parenthesis
    "=" + "1=1&1+1*1^(" * 21 + "1" + ")" * 21,
]


def _per_function() -> list[str]:
    """64 of each function tcxl evaluates, one inside another with a sign, the last of as many
    arguments as it takes at least (not the first: SUMIF(x,c) reads x twice, so 64 of them
    nested would take 2**64 steps, were the cells one formula reads not bounded)."""
    forms = []
    for name, function in FUNCTIONS.items():
        head = "1," * max(function.evaluate.arity[0] - 1, 0)
        forms.append(_nested(f"{name}({head}-", ")"))
    return forms


def test_one_formula_takes_less_stack_than_the_room_kept_for_it():
    worst = {"parse": 0, "at_cell": 0, "meaning": 0, "evaluate": 0}
    for text in CURATED:
        tree = at_cell(parse(text), 5, 5)
        worst["parse"] = max(worst["parse"], _frames(lambda: parse(text)))  # noqa: B023
        worst["at_cell"] = max(worst["at_cell"], _frames(lambda: at_cell(tree, 5, 5)))  # noqa: B023
        worst["meaning"] = max(worst["meaning"], _frames(lambda: meaning(tree, _AnyCell())))  # noqa: B023
    for text in CURATED + _per_function():
        tree = at_cell(parse(text), 5, 5)
        worst["evaluate"] = max(worst["evaluate"], _frames(lambda: evaluate(tree, Values(), ("Plan1", 5, 5))))  # noqa: B023
    assert max(worst.values()) < STACK_RESERVE - 30, worst  # a few frames to get from one formula to the next
    assert worst["evaluate"] > 300, worst  # the forms above do reach the bounds


# -- chains of cells, through the workbook's Cells -------------------------------------------------
class _Sheet:
    """A sheet as tcxl.formula.workbook.Cells reads it: column A, rows 0..n-1."""

    def __init__(self, name: str, column: list):
        self.name, self.rows, self.hidden_rows = name, [(v,) for v in column], set()

    def value(self, row, col):
        return self.rows[row][col] if 0 <= row < len(self.rows) and col == 0 else None

    def cached_value(self, row, col):
        return None

    def width(self):
        return 1


def _chain(n: int, last) -> Cells:
    """A1 = A2+1, A2 = A3+1, …, A(n) = last."""
    return Cells([_Sheet("Plan1", [f"=A{r + 2}+1" for r in range(n - 1)] + [last])])


def test_a_chain_of_5000_cells_is_evaluated():
    cells = _chain(5000, 7)
    assert cells.value("Plan1", 0, 0) == 7 + 4999
    assert cells.value("Plan1", 2500, 0) == 7 + 2499  # memoised on the way


def test_a_chain_of_5000_cells_is_evaluated_from_a_deep_stack():
    def deep(n):
        return deep(n - 1) if n else _chain(5000, 7).value("Plan1", 0, 0)

    assert deep(sys.getrecursionlimit() - STACK_RESERVE - 80) == 7 + 4999


def test_a_cycle_of_5000_cells_is_not_evaluated():
    cells = _chain(5000, "=A1+1")
    with pytest.raises(NotEvaluated, match="referência circular"):
        cells.value("Plan1", 0, 0)
    with pytest.raises(NotEvaluated, match="referência circular"):
        cells.value("Plan1", 1234, 0)


def test_a_chain_of_deeply_nested_cells_is_evaluated():
    n = 200
    column = ["=" + "-(" * 60 + f"A{r + 2}+1" + ")" * 60 for r in range(n - 1)] + [0]
    assert Cells([_Sheet("Plan1", column)]).value("Plan1", 0, 0) == n - 1


def test_names_in_a_chain_are_evaluated_as_far_as_the_stack_allows():
    def names(levels: int) -> dict:
        chain = {(None, f"nivel_{i}"): "SUM(-" * levels + f"Nivel_{i + 1}" + ")" * levels for i in range(30)}
        return chain | {(None, "nivel_30"): "1"}

    assert Cells([_Sheet("Plan1", ["=Nivel_0"])], names(1)).value("Plan1", 0, 0) == 1  # 30 signs
    deep = Cells([_Sheet("Plan1", ["=Nivel_0"])], names(60))
    with pytest.raises(NotEvaluated, match="o nome Nivel_.* encadeia fórmulas demais"):
        deep.value("Plan1", 0, 0)


# -- through tcxl.check, on the sample workbook -----------------------------------------------------
@pytest.fixture(scope="module")
def clean(tmp_path_factory, sample_xlsx):
    """The sample saved by openpyxl (as the analyst's copies below are), its report, and the first
    disbursement block: its total's cell and the cells of its items (Ano I, Previsto)."""
    folder = tmp_path_factory.mktemp("depth")
    path = folder / "limpo.xlsx"
    shutil.copy(sample_xlsx, path)
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    total = next(c.row for c in ws["A"] if c.value == "Total (R$)")
    items = [r for r in range(total - 1, 0, -1) if re.fullmatch(r"A\d+\.\d+", str(ws[f"A{r}"].value))][::-1]
    assert items == list(range(items[0], total)) and str(ws[f"C{total}"].value).startswith("=SUM(")
    wb.save(path)
    return folder, path, f"C{total}", [f"C{r}" for r in items], _report(path)


def _report(path) -> list[tuple]:
    return sorted((f.code, f.sheet, f.cell, f.message) for f in tcxl.check(path).findings)


def _changed(clean, name: str, cells: dict) -> tuple[list, list]:
    """The report of the sample with ``cells`` (address -> value) written into the sheet: the
    findings at those cells, and the others."""
    folder, path, *_ = clean
    out = folder / f"{name}.xlsx"
    wb = openpyxl.load_workbook(path)
    for address, v in cells.items():
        wb[SHEET][address] = v
    wb.save(out)
    report = _report(out)
    at = [f for f in report if f[1] == SHEET and f[2] in cells]
    return at, [f for f in report if f not in at]


def test_a_total_nested_1000_deep_is_one_finding_at_its_cell(clean):
    _, _, total, items, before = clean
    formula = "=" + "(" * 1000 + "+".join(items) + ")" * 1000
    at, rest = _changed(clean, "aninhada", {total: formula})
    assert [(code, cell) for code, _, cell, _ in at] == [("TCX203", total)]
    message = at[0][3]
    assert f"mais de {MAX_NESTING} níveis de parênteses" in message and "limite do Excel" in message
    assert "não pôde ser interpretada" in message and len(message) < 600  # the reason is not cut off
    assert rest == before


def _long(items: list[str], extra: str = "", leave_out: int | None = None) -> str:
    """``=a+b+c+d`` padded with ``+a-a`` pairs (a right sum, whatever its length) to about 8,000
    characters, under Excel's 8,192."""
    kept = [c for i, c in enumerate(items) if i != leave_out]
    head = "=" + "+".join(kept) + extra
    pair = f"+{items[0]}-{items[0]}"
    return head + pair * ((8_000 - len(head)) // len(pair))


def test_a_right_sum_of_8000_characters_is_accepted(clean):
    _, _, total, items, before = clean
    formula = _long(items)
    assert 7_900 < len(formula) <= 8_192
    at, rest = _changed(clean, "longa", {total: formula})
    assert at == [] and rest == before


def test_a_right_sum_of_255_arguments_is_accepted(clean):
    _, _, total, items, before = clean
    formula = f"=SUM({','.join(items)}{',0' * (255 - len(items))})"
    at, rest = _changed(clean, "argumentos", {total: formula})
    assert at == [] and rest == before


def test_redundant_parentheses_and_signs_up_to_the_bound_are_accepted(clean):
    _, _, total, items, before = clean
    formula = "=" + "-(" * MAX_NESTING + "+".join(items) + ")" * MAX_NESTING
    at, rest = _changed(clean, "sinais", {total: formula})
    assert at == [] and rest == before


@pytest.mark.parametrize(
    "mistake, code, said",
    [("leave_out", "TCX202", "deixa de fora"), ("double", "TCX203", "conta duas vezes")],
)
def test_a_wrong_sum_of_8000_characters_is_one_finding_at_its_cell(clean, mistake, code, said):
    _, _, total, items, before = clean
    formula = _long(items, leave_out=len(items) - 1) if mistake == "leave_out" else _long(items, f"+{items[1]}")
    assert 7_900 < len(formula) <= 8_192
    at, rest = _changed(clean, mistake, {total: formula})
    assert [(c, cell) for c, _, cell, _ in at] == [(code, total)]
    assert said in at[0][3] and "por exemplo" in at[0][3]  # what is wrong and the counterexample, not cut off
    assert rest == before


def test_a_long_sum_that_reads_its_own_cell_is_circular(clean):
    """The check for a circular reference sees every operand of a flat chain."""
    _, _, total, items, before = clean
    right = _long(items)
    middle = len(right) // 2
    middle = right.index("+", middle)
    formula = right[:middle] + f"+{total}" + right[middle:]
    at, rest = _changed(clean, "circular", {total: formula})
    assert [(c, cell) for c, _, cell, _ in at] == [("TCX203", total)]
    assert "inclui a própria célula (referência circular)" in at[0][3]
    assert rest == before


def _helper_chain(first_row: int, n: int, last) -> dict:
    """Z(first_row) = Z(first_row+1)+1, …, Z(first_row+n-1) = last: a helper column."""
    rows = range(first_row, first_row + n)
    return {f"Z{r}": f"=Z{r + 1}+1" for r in rows[:-1]} | {f"Z{rows[-1]}": last}


def test_a_5000_cell_helper_chain_feeding_an_input_is_evaluated(clean):
    """The input reads the chain's first cell; the chain gives the sample's own value, so the
    report is the clean file's (a value off by one would differ from the financial statement)."""
    folder, path, _, items, before = clean
    ws = openpyxl.load_workbook(path)[SHEET]
    typed = ws[items[0]].value
    n = 5000
    at, rest = _changed(clean, "cadeia", {items[0]: "=Z100", **_helper_chain(100, n, typed - (n - 1))})
    assert at == [] and rest == before
    _, rest = _changed(clean, "cadeia_errada", {items[0]: "=Z100", **_helper_chain(100, n, typed - (n - 1) + 1)})
    assert [f[0] for f in rest if f not in before] == ["TCX403"]  # the chain's value is used


def test_a_5000_cell_circular_chain_feeding_an_input_is_one_finding(clean):
    _, _, _, items, _ = clean
    chain = _helper_chain(100, 5000, "=Z100")
    at, _ = _changed(clean, "ciclo", {items[0]: "=Z100", **chain})
    assert [(code, cell) for code, _, cell, _ in at] == [("TCX508", items[0])]
    assert "referência circular" in at[0][3]


def test_a_total_reading_a_5000_cell_helper_chain_is_judged(clean):
    """The symbolic reading stops where the stack runs short; evaluation decides."""
    _, _, total, items, before = clean
    right = "=" + "+".join(items) + "+0*Z100"
    at, rest = _changed(clean, "ajudante", {total: right, **_helper_chain(100, 5000, 1)})
    assert at == [] and rest == before
    wrong = "=" + "+".join(items) + "+Z100"
    at, _ = _changed(clean, "ajudante_errada", {total: wrong, **_helper_chain(100, 5000, 1)})
    assert [(code, cell) for code, _, cell, _ in at] == [("TCX203", total)]


def test_a_batch_with_a_deep_and_a_long_formula_reports_every_file_in_full(clean, tmp_path):
    """`tcxl check DIR` (a real process, two workers) on three files: the 1,000-deep total and
    the 8,000-character total are one finding each, at their cells; every file, the clean one
    included, is otherwise reported exactly as the clean file alone."""
    import json
    import subprocess

    from test_cli import tcxl_cmd

    folder, path, total, items, before = clean
    batch = tmp_path / "lote"
    batch.mkdir()
    shutil.copy(path, batch / "a_limpa.xlsx")
    for name, formula in (("b_aninhada", "=" + "(" * 1000 + "+".join(items) + ")" * 1000),
                          ("c_longa", _long(items, leave_out=len(items) - 1))):
        wb = openpyxl.load_workbook(path)
        wb[SHEET][total] = formula
        wb.save(batch / f"{name}.xlsx")
    proc = subprocess.run([*tcxl_cmd(), "check", str(batch), "--format", "json", "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-500:]
    files = {r["file"].rsplit("/", 1)[-1]: r["findings"] for r in json.loads(proc.stdout)["files"]}
    assert sorted(files) == ["a_limpa.xlsx", "b_aninhada.xlsx", "c_longa.xlsx"]
    clean_report = sorted((c, s, cell, m) for c, s, cell, m in before)
    for name, code in (("a_limpa.xlsx", None), ("b_aninhada.xlsx", "TCX203"), ("c_longa.xlsx", "TCX202")):
        got = sorted((f["code"], f["sheet"], f["cell"], f["message"]) for f in files[name])
        at = [(c, cell) for c, s, cell, _ in got if s == SHEET and cell == total]
        assert at == ([] if code is None else [(code, total)]), name
        assert [f for f in got if not (f[1] == SHEET and f[2] == total)] == clean_report, name
    assert not any(f["code"] == "TCX000" for fs in files.values() for f in fs)
