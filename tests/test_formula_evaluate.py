"""The formula evaluator computes what a spreadsheet shows: unit cases per function family
over a small dict-backed workbook, and a differential test against LibreOffice (a real
spreadsheet) on a workbook of formulas written with openpyxl."""
from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.defined_name import DefinedName

from conftest import require_libreoffice
from tcxl import libreoffice
from tcxl.formula.evaluate import Context, Err, NotEvaluated, evaluate
from tcxl.formula.parse import parse

D = Decimal
OWN = "Plan1"
MEMORY = "Memória de Cálculo"


def _cell_value(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return D(str(v))
    if isinstance(v, str) and v.startswith("#"):
        return Err(v)
    return v


class Book(Context):
    """Cells by ``"A1"`` (own sheet) or ``"Sheet!A1"``; a cell given as ``("=formula", value)``
    shows ``value`` and reports its formula text. Names by ``"Name"`` (workbook scope) or
    ``"Sheet!Name"`` (sheet scope), as formula text."""

    def __init__(self, cells: dict[str, Any], names: dict[str, str] | None = None, hidden: tuple = ()):
        self.values, self.formulas, self.hidden_rows = {}, {}, set(hidden)
        for key, v in cells.items():
            sheet, _, address = key.rpartition("!")
            row, col = coordinate_to_tuple(address)
            at = (sheet or OWN, row - 1, col - 1)
            if isinstance(v, tuple):
                self.formulas[at], v = v
            self.values[at] = _cell_value(v)
        self.names = {k.upper(): parse("=" + text) for k, text in (names or {}).items()}
        self.sheets = {s for s, _, _ in self.values} | {OWN}

    def value(self, sheet, row, col):
        return self.values.get((sheet or OWN, row, col))

    def formula(self, sheet, row, col):
        return self.formulas.get((sheet or OWN, row, col))

    def bounds(self, sheet):
        cells = [(r, c) for s, r, c in self.values if s == (sheet or OWN)]
        return (max((r for r, _ in cells), default=-1) + 1, max((c for _, c in cells), default=-1) + 1)

    def sheet_exists(self, sheet):
        return sheet in self.sheets

    def hidden(self, sheet, row):
        return row + 1 in self.hidden_rows

    def name(self, name, sheet):
        return self.names.get(f"{sheet or OWN}!{name}".upper(), self.names.get(name.upper()))


BOOK = Book({
    "A1": 10, "A2": 20, "A3": 30, "A5": 50, "A6": -5, "A7": 2.5,
    "B1": "x", "B2": "y", "B3": "X", "B4": "x*", "B5": "5", "B6": "abc",
    "C1": 1.5, "C2": ("=\"\"", ""), "C3": True, "C4": "1.234,5",
    "D1": 1, "D2": 2, "D3": 3, "D4": ("=SUBTOTAL(9,D1:D3)", 6), "D5": 4, "D6": 5,
    "D7": ("=_xlfn.AGGREGATE(9,0,D5:D6)", 9),
    "E1": "#DIV/0!", "E2": "#N/A", "E3": 5,
    f"{MEMORY}!B1": 0.1, f"{MEMORY}!A3": 1, f"{MEMORY}!B3": 2, f"{MEMORY}!C3": 3,
    f"{MEMORY}!A4": "um", f"{MEMORY}!B4": "dois", f"{MEMORY}!C4": "três",
}, names={
    "Taxa": f"'{MEMORY}'!$B$1", "Valores": f"{OWN}!$A$1:$A$3", "Cinco": "5", "Dobro": "Taxa*2",
    f"{OWN}!Local": f"{OWN}!$A$2", f"{MEMORY}!Local": f"'{MEMORY}'!$A$3",
})


def ev(formula: str, at: str = "H10", book: Book = BOOK, **kw) -> Any:
    row, col = coordinate_to_tuple(at)
    return evaluate(parse(formula), book, (OWN, row - 1, col - 1), **kw)


CASES = [
    # arithmetic, blanks, coercions
    ("=A1+A2*2", D(50)), ("=A1/A4", Err("#DIV/0!")), ("=A4+1", D(1)), ("=A1+B5", D(15)),
    ("=A1+B1", Err("#VALUE!")), ("=C4*2", D("2469")), ('="1,5"+1', D("2.5")), ("=C3+1", D(2)),
    ("=2^10", D(1024)), ("=2^-1", D("0.5")), ("=-A6^2", D(25)), ("=50%*A2", D(10)), ("=0^0", Err("#NUM!")),
    ("=(-8)^(1/3)", Err("#NUM!")), ("=1/3*3=1", True), ("=A4", D(0)), ('=C2', ""), ('=""+1', Err("#VALUE!")),
    # errors propagate left to right
    ("=E1+E2", Err("#DIV/0!")), ("=E2+E1", Err("#N/A")), ("=E1&B1", Err("#DIV/0!")), ("=#REF!+1", Err("#REF!")),
    # comparisons
    ('=B1="X"', True), ("=A4=0", True), ('=A4=""', True), ("=A4=FALSE", True), ('=1<"a"', True),
    ('="a"<TRUE', True), ('="a"<"B"', True), ("=A1<>A2", True), ("=B5=5", False), ("=A1>=10", True),
    # concatenation
    ('=A1&"-"&B1', "10-x"), ('=1.5&""', "1.5"), ('=1/3&""', "0.333333333333333"), ('=TRUE&A4', "TRUE"),
    ('=1E+20&""', "1E+20"), ('=A7*2&""', "5"),
    # aggregates
    ("=SUM(A1:A7)", D("107.5")), ("=SUM(A:A)", D("107.5")), ("=SUM(B1:B6)", D(0)), ('=SUM(1,"2",TRUE)', D(4)),
    ('=SUM("x")', Err("#VALUE!")), ("=SUM(A1:E3)", Err("#DIV/0!")), ("=SUM(C1:C4)", D("1.5")),
    ("=AVERAGE(A1:A3)", D(20)), ("=AVERAGE(B1:B3)", Err("#DIV/0!")), ("=COUNT(A1:C7)", D(7)),
    ('=COUNT(A1:A3,"3",TRUE,"x")', D(5)), ("=COUNT(E1:E3)", D(1)), ("=COUNTA(C1:C5)", D(4)),
    ("=COUNTA(E1:E3)", D(3)), ("=COUNTBLANK(C1:C5)", D(2)), ("=COUNTBLANK(A:A)", D(1048576 - 6)),
    ("=MAX(A1:A7)", D(50)), ("=MIN(A1:A7)", D(-5)), ("=MAX(B1:B6)", D(0)), ("=MIN(A1:A3,-1)", D(-1)),
    ("=PRODUCT(A1:A3)", D(6000)), ("=PRODUCT(B1)", D(0)), ("=VARP(A1:A3)", D(200) / 3),
    ("=STDEV(D1:D3)", D(1)), ("=STDEV(A1)", Err("#DIV/0!")),
    # SUBTOTAL and AGGREGATE skip nested ones
    ("=SUBTOTAL(9,D1:D7)", D(15)), ("=SUBTOTAL(109,D1:D7)", D(15)), ("=SUBTOTAL(1,D1:D3)", D(2)),
    ("=SUBTOTAL(2,D1:D7)", D(5)), ("=SUBTOTAL(3,D1:D7)", D(5)), ("=SUBTOTAL(4,D1:D7)", D(5)),
    ("=SUBTOTAL(9,E1:E3)", Err("#DIV/0!")), ("=SUBTOTAL(12,D1:D3)", Err("#VALUE!")), ("=SUBTOTAL(9,5)", Err("#VALUE!")),
    ("=_xlfn.AGGREGATE(9,6,E1:E3)", D(5)), ("=AGGREGATE(9,4,D1:D7)", D(30)), ("=AGGREGATE(9,0,D1:D7)", D(15)),
    ("=AGGREGATE(4,3,D1:D7,E1:E3)", D(5)), ("=AGGREGATE(9,8,D1)", Err("#VALUE!")),
    # criteria
    ('=SUMIF(B1:B6,"x",A1:A6)', D(40)), ('=SUMIF(B1:B6,"x",A1)', D(40)), ('=SUMIF(A1:A7,">=20")', D(100)),
    ('=SUMIF(A1:A7,"<>10")', D("97.5")), ('=SUMIF(A1:A7,">"&A2)', D(80)), ('=SUMIF(A:A,">0",A:A)', D("112.5")),
    ('=COUNTIF(B1:B6,"x*")', D(3)), ('=COUNTIF(B1:B6,"x~*")', D(1)), ('=COUNTIF(B1:B6,"?")', D(4)),
    ('=COUNTIF(B1:B6,"*b*")', D(1)), ('=COUNTIF(B1:B6,5)', D(1)), ('=COUNTIF(B1:B6,"=5")', D(1)),
    ('=COUNTIF(A1:A7,"<0")', D(1)), ('=COUNTIF(C1:C5,"")', D(2)), ('=COUNTIF(C1:C5,"=")', D(1)),
    ('=COUNTIF(C1:C5,"<>")', D(4)), ('=COUNTIF(C1:C5,TRUE)', D(1)), ('=COUNTIF(B1:B6,">x")', D(2)),
    ('=COUNTIF(B1:B6,"<>x")', D(4)), ('=COUNTIF(A1:A7,"1,5")', D(0)), ('=COUNTIF(A:A,"")', D(1048576 - 6)),
    ('=COUNTIFS(B1:B6,"x",A1:A6,">10")', D(1)), ('=COUNTIFS(B1:B6,"x",A1:A5,">10")', Err("#VALUE!")),
    ('=SUMIFS(A1:A6,B1:B6,"<>x",A1:A6,"<40")', D(15)), ('=AVERAGEIF(B1:B6,"x",A1:A6)', D(20)),
    ('=AVERAGEIF(B1:B6,"zz",A1:A6)', Err("#DIV/0!")), ('=AVERAGEIFS(A1:A6,B1:B6,"x")', D(20)),
    ('=MAXIFS(A1:A6,B1:B6,"x")', D(30)), ('=MINIFS(A1:A6,B1:B6,"x")', D(10)), ('=MAXIFS(A1:A6,B1:B6,"q")', D(0)),
    ('=SUMIF(E1:E3,">0",E1:E3)', D(5)), ('=SUMIF(B1:B3,"x",E1:E3)', Err("#DIV/0!")), ("=SUMIF(B1:B6,B1,A1:A6)", D(40)),
    # SUMPRODUCT and array masks
    ("=SUMPRODUCT(A1:A3,D1:D3)", D(140)), ('=SUMPRODUCT(--(B1:B6="x"),A1:A6)', D(40)),
    ('=SUMPRODUCT((B1:B6="x")*A1:A6)', D(40)), ("=SUMPRODUCT((A1:A7>0)*(A1:A7<40))", D(4)),
    ("=SUMPRODUCT(A1:A3,D1:D2)", Err("#VALUE!")), ("=SUMPRODUCT(ABS(A1:A7))", D("117.5")),
    ("=SUMPRODUCT(A1:A3*2)", D(120)),
    ("=SUMPRODUCT(IF(A1:A7>15,1,0))", D(3)), ("=SUMPRODUCT(IFERROR(1/A1:A4,0))", D(11) / 60),
    ("=SUMPRODUCT(ROW(A1:A3))", D(6)), ("=SUMPRODUCT(A1:A3*D1:D2)", Err("#N/A")), ("=SUMPRODUCT(A:A,A:A)", D("3931.25")),
    ("=SUMPRODUCT(A1:A3+(A1:C1))", Err("#VALUE!")), (f"=SUMPRODUCT(A1:A2*'{MEMORY}'!A3:B3)", D(90)),
    # implicit intersection where one value is expected
    ("=A1:A7", D(10), "H1"), ("=SUM(A1:A3*2)", D(40), "H2"), ("=SUM(A1:A3*2)", Err("#VALUE!")),
    ("=A1:C1", Err("#VALUE!")), ("=A1:C1", D(10), "A20"), ("=Valores", D(30), "Z3"),
    # conditions and information
    ('=IF(A1>5,"big","small")', "big"), ("=IF(A4,1,2)", D(2)), ("=IF(A1>100,1)", False), ("=IF(TRUE,)", D(0)),
    ("=IF(B1,1,2)", Err("#VALUE!")), ('=IF("true",1,2)', D(1)), ("=IF(E1,1,2)", Err("#DIV/0!")),
    ("=IF(TRUE,1,NOPE())", D(1)), ("=SUM(IF(FALSE,A1:A3,D1:D3))", D(6)),
    ('=IFERROR(E1,"err")', "err"), ('=IFERROR(A1,"err")', D(10)), ("=IFERROR(A4,1)", D(0)),
    ("=IFNA(E2,0)", D(0)), ("=IFNA(E1,0)", Err("#DIV/0!")), ("=IFS(A1>50,1,A1>5,2)", D(2)),
    ("=IFS(A1>50,1)", Err("#N/A")), ("=ISERROR(E2)", True), ("=ISERR(E2)", False), ("=ISERR(E1)", True),
    ("=ISNA(E2)", True), ("=ISNUMBER(B5)", False), ("=ISNUMBER(A1)", True), ("=ISTEXT(B1)", True),
    ("=ISTEXT(E1)", False), ("=ISNONTEXT(A4)", True), ("=ISBLANK(A4)", True), ("=ISBLANK(C2)", False),
    ("=ISLOGICAL(C3)", True), ("=AND(A1>0,A2>0)", True), ('=OR(A1>100,B1="x")', True), ("=NOT(A4)", True),
    ("=AND(A1:A3)", True), ("=AND(B1:B3)", Err("#VALUE!")), ("=OR(A6:A7,FALSE)", True), ('=AND("x")', Err("#VALUE!")),
    ("=AND(E1,TRUE)", Err("#DIV/0!")), ("=TRUE()", True), ("=FALSE()", False), ("=NA()", Err("#N/A")),
    ('=CHOOSE(2,"a","b","c")', "b"), ("=CHOOSE(4,1,2,3)", Err("#VALUE!")), ("=CHOOSE(2.9,1,2,3)", D(2)),
    ("=SUM(CHOOSE(2,A1:A3,D1:D3))", D(6)), ("=N(A1)", D(10)), ("=N(B5)", D(0)), ("=N(TRUE)", D(1)),
    ("=VALUE(B5)", D(5)), ('=VALUE("abc")', Err("#VALUE!")), ('=VALUE("12,5%")', D("0.125")),
    # numbers
    ("=ROUND(2.675,2)", D("2.68")), ("=ROUND(-2.5,0)", D(-3)), ("=ROUND(1234.567,-2)", D(1200)),
    ("=ROUND(2.5,)", D(3)), ("=ROUNDUP(-2.1,0)", D(-3)), ("=ROUNDDOWN(2.19,1)", D("2.1")), ("=TRUNC(-2.7)", D(-2)),
    ("=TRUNC(2.789,2)", D("2.78")), ("=INT(-2.5)", D(-3)), ("=INT(2.5)", D(2)), ("=ABS(A6)", D(5)),
    ("=MOD(-7,3)", D(2)), ("=MOD(7,-3)", D(-2)), ("=MOD(5,0)", Err("#DIV/0!")), ("=SIGN(A6)", D(-1)),
    ("=POWER(2,3)", D(8)), ("=SQRT(16)", D(4)), ("=SQRT(-1)", Err("#NUM!")), ('=ROUND("x",1)', Err("#VALUE!")),
    # text
    ('=CONCATENATE("a",A1,"-",A7)', "a10-2.5"), ("=CONCAT(B1:B3)", "xyX"), ("=CONCAT(E1:E2)", Err("#DIV/0!")),
    ("=LEN(B6&A1)", D(5)), ('=LEFT("abcdef",2)', "ab"), ('=LEFT("abc")', "a"), ('=RIGHT("abcdef",10)', "abcdef"),
    ('=MID("abcdef",2,3)', "bcd"), ('=MID("abc",0,1)', Err("#VALUE!")), ('=LEFT("abc",-1)', Err("#VALUE!")),
    ('=UPPER("ação")', "AÇÃO"), ("=LOWER(B3)", "x"), ('=TRIM("  a   b  ")', "a b"), ("=LEFT(12345,2)", "12"),
    # references
    ("=INDEX(A1:C7,2,3)", ""), ("=INDEX(A1:C7,1,3)", D("1.5")), ("=SUM(INDEX(A1:C7,0,1))", D("107.5")),
    ("=SUM(INDEX(A1:D3,2,0))", D(22)), ("=INDEX(A1:A7,9)", Err("#REF!")), ("=INDEX(A1:A7,-1)", Err("#VALUE!")),
    ("=INDEX(B1:B6,2)", "y"), ("=INDEX(A1:D1,4)", D(1)), ("=INDEX((B1:B6=\"x\")*A1:A6,3)", D(30)),
    ("=SUM(OFFSET(A1,1,0,3,1))", D(50)), ("=OFFSET(A1,2,0)", D(30)), ("=SUM(OFFSET(A1:A2,1,0))", D(50)),
    ("=OFFSET(A1,-1,0)", Err("#REF!")), ("=OFFSET(A1,0,0,0,1)", Err("#REF!")), ("=SUM(A1:INDEX(A:A,3))", D(60)),
    ("=SUM(A2:INDEX(A:A,ROW()-7))", D(50)), ("=ROW(A5)", D(5)), ("=COLUMN(C1)", D(3)), ("=ROW()", D(10)),
    ("=COLUMN()", D(8)), ("=ROWS(A1:C7)", D(7)), ("=COLUMNS(A1:C7)", D(3)), ("=ROWS(A:A)", D(1048576)),
    ('=INDIRECT("A2")', D(20)), (f"=INDIRECT(\"'{MEMORY}'!B1\")*10", D(1)), ('=SUM(INDIRECT("A1:A3"))', D(60)),
    # lookups
    ("=MATCH(30,A1:A3,0)", D(3)), ('=MATCH("X",B1:B6,0)', D(1)), ('=MATCH("y*",B1:B6,0)', D(2)),
    ("=MATCH(25,A1:A3,1)", D(2)), ("=MATCH(25,A1:A3)", D(2)), ("=MATCH(99,A1:A3,0)", Err("#N/A")),
    ("=MATCH(5,A1:A3)", Err("#N/A")), ("=MATCH(5,B1:B6,0)", Err("#N/A")), ("=MATCH(25,D6:D1,-1)", Err("#N/A")),
    ('=MATCH(1,INDEX((B1:B6="x")*(A1:A6>10),0),0)', D(3)), (f"=MATCH(2,'{MEMORY}'!A3:C3,0)", D(2)),
    ('=VLOOKUP("y",B1:C6,2,FALSE)', ""), ('=VLOOKUP("x",B1:D6,3,FALSE)', D(1)), ("=VLOOKUP(25,A1:D3,4)", D(2)),
    ("=VLOOKUP(5,A1:D3,2)", Err("#N/A")), ('=VLOOKUP("x",B1:D6,4,FALSE)', Err("#REF!")),
    ('=VLOOKUP("x",B1:D6,0,FALSE)', Err("#VALUE!")), ("=VLOOKUP(99,A1:B3,2,)", Err("#N/A")),
    (f"=HLOOKUP(2,'{MEMORY}'!A3:C4,2,FALSE)", "dois"), (f"=HLOOKUP(2.5,'{MEMORY}'!A3:C4,2)", "dois"),
    ("=LOOKUP(25,A1:A3,B1:B3)", "y"), ("=LOOKUP(2,1/(A1:A7<>\"\"),A1:A7)", D("2.5")),
    (f"=LOOKUP(3,'{MEMORY}'!A3:C4)", "três"), ("=LOOKUP(0,A1:A3,B1:B3)", Err("#N/A")),
    ('=XLOOKUP("X",B1:B6,A1:A6)', D(10)), ('=XLOOKUP("x",B1:B6,A1:A6,0,0,-1)', D(30)),
    ('=XLOOKUP("q",B1:B6,A1:A6,"none")', "none"), ('=XLOOKUP("q",B1:B6,A1:A6)', Err("#N/A")),
    ("=XLOOKUP(25,A1:A3,B1:B3,,-1)", "y"), ("=XLOOKUP(25,A1:A3,B1:B3,,1)", "X"), ('=XLOOKUP("a*",B1:B6,A1:A6,,2)', D(-5)),
    ("=SUM(XLOOKUP(2,D1:D3,A1:C3))", D(20)), ("=XLOOKUP(1,A1:A3,B1:B2)", Err("#VALUE!")),
    # defined names and other sheets
    ("=Taxa*A1", D(1)), ("=SUM(Valores)", D(60)), ("=Local+1", D(21)), ("=Cinco*2", D(10)), ("=Dobro", D("0.2")),
    ("=Indefinido", Err("#NAME?")), ("=ROWS(Valores)", D(3)), ("=INDEX(Valores,2)", D(20)),
    (f"='{MEMORY}'!B1*2", D("0.2")), (f"=SUM('{MEMORY}'!A3:C3)", D(6)), ("=Nope!A1", Err("#REF!")),
    (f"=SUM('{MEMORY}'!A3:INDEX('{MEMORY}'!A3:C3,2))", D(3)),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] + (f"@{c[2]}" if len(c) > 2 else "") for c in CASES])
def test_evaluates_like_a_spreadsheet(case):
    formula, expected, *at = case
    got = ev(formula, *at)
    assert type(got) is type(expected) and got == expected, f"{formula}: {got!r} != {expected!r}"


def test_pt_br_function_names_evaluate():
    assert ev('=SOMASE(B1:B6;"x";A1:A6)'.replace(";", ",")) == 40
    assert ev("=SE(ÉCÉL.VAZIA(A4),ARRED(2.5,0),0)") == 3
    assert ev("=CONT.SES(B1:B6,\"x\")") == 2


def test_sheet_scoped_name_wins_over_workbook_name():
    assert ev("=Local") == 20
    assert evaluate(parse("=Local"), BOOK, (MEMORY, 0, 0)) == 1


@pytest.mark.parametrize("formula, why", [
    ("=MINHAFUNCAO(A1)", "usa a função MINHAFUNCAO, que o tcxl não calcula"),
    ('=TEXT(A1,"0")', "usa a função TEXT, que o tcxl não calcula"),
    ('=INDIRECT("A"&"1:B"&"2 C3")', "usa INDIRETO com um texto que não é uma referência simples"),
    ("=Tabela1[Coluna]", "usa a referência estruturada Tabela1[Coluna], que o tcxl não calcula"),
    ("=[1]Plan1!A1", "usa uma referência a outra pasta de trabalho"),
    ("=XLOOKUP(1,A1:A3,A1:A3,,0,2)", "usa PROCX com busca binária, que o tcxl não calcula"),
    ("=ROUND(1)", "chama ROUND com 1 argumento(s)"),
])
def test_what_it_cannot_compute_is_not_guessed(formula, why):
    with pytest.raises(NotEvaluated) as exc:
        ev(formula)
    assert exc.value.args[0] == why


def test_circular_name_is_refused():
    book = Book({"A1": 1}, names={"Laço": "Laço+1"})
    with pytest.raises(NotEvaluated, match="se refere a si mesmo"):
        ev("=Laço", book=book)


class Huge(Context):
    """A sheet of a million rows of 1s."""

    def __init__(self):
        self.reads = 0

    def value(self, sheet, row, col):
        self.reads += 1
        return D(1)

    def bounds(self, sheet):
        return (1_048_576, 3)


def test_reading_too_many_cells_is_refused():
    with pytest.raises(NotEvaluated, match="lê células demais"):
        evaluate(parse("=SUM(A:A)"), Huge())
    with pytest.raises(NotEvaluated, match="lê células demais"):
        evaluate(parse("=SUMPRODUCT((A:A=1)*B:B)"), Huge())


def test_only_needed_cells_are_read():
    book = Huge()
    assert evaluate(parse("=IF(A1=1,B2,SUM(A:C))"), book) == 1
    assert evaluate(parse("=INDEX(A:A,500000)+OFFSET(A1,7,0)"), book) == 2
    assert evaluate(parse("=ROWS(A:C)*COLUMNS(A:C)"), book) == 3 * 1_048_576
    assert book.reads == 4


def test_hidden_rows_are_left_out_by_subtotal_101_and_aggregate():
    book = Book({"A1": 1, "A2": 2, "A3": 3, "A4": 4}, hidden=(2,))
    assert ev("=SUBTOTAL(109,A1:A4)", book=book) == 8
    assert ev("=SUBTOTAL(102,A1:A4)", book=book) == 3
    assert ev("=SUBTOTAL(9,A1:A4)", book=book) == 10
    assert ev("=AGGREGATE(9,5,A1:A4)", book=book) == 8
    assert ev("=AGGREGATE(9,4,A1:A4)", book=book) == 10
    assert ev("=SUM(A1:A4)", book=book) == 10


def _with_array(formula: str, *rows: list) -> tuple:
    """The tree of ``formula`` with its ``999`` replaced by the array constant ``rows`` of values
    (parse.py does not read ``{…}``; the evaluator takes ``("array", rows of nodes)``)."""
    kinds = {str: "str", bool: "bool", Decimal: "num"}
    constant = ("array", [[(kinds[type(v)], v) for v in row] for row in rows])

    def put(node):
        if node == ("num", D(999)):
            return constant
        return tuple([put(x) for x in part] if isinstance(part, list) else put(part) if isinstance(part, tuple)
                     else part for part in node)
    return put(parse(formula))


@pytest.mark.parametrize("formula, rows, expected", [
    ("=SUM(999*2)", [[D(1), D(2), D(3)]], D(12)),
    ("=SUM(999+A1)", [[D(1)], [D(2)]], D(23)),
    ("=SUM(SUMIF(B1:B6,999,A1:A6))", [["x", "abc"]], D(35)),
    ("=SUMPRODUCT(SUMIF($B$1:$B$6,999,$A$1:$A$6))", [["x"], ["y"]], D(60)),
    ("=SUM(COUNTIF(B1:B6,999))", [["x", "?"]], D(6)),
    ("=SUM(IF(999,1,2))", [[True, False, True]], D(4)),
    ("=INDEX(999,2)", [[D(10), D(20), D(30)]], D(20)),
    ("=INDEX(999,2,1)", [[D(10)], [D(20)]], D(20)),
    ("=MATCH(20,999,0)", [[D(10), D(20)]], D(2)),
    ("=SUM(A1:A3*999)", [[D(1)], [D(2)], [D(3)]], Err("#VALUE!")),
    ("=SUMPRODUCT(A1:A3*999)", [[D(1)], [D(2)], [D(3)]], D(140)),
    ("=999", [[D(7), D(8)]], D(7)),
    ("=SUM(999)", [[D(1), "2", True]], D(1)),
])
def test_array_constants_spread_functions_of_single_values(formula, rows, expected):
    got = evaluate(_with_array(formula, *rows), BOOK, (OWN, 9, 7))
    assert type(got) is type(expected) and got == expected


def test_array_formula_combines_ranges():
    assert ev("=SUM(A1:A3*D1:D3)", array=True) == 140
    assert ev('=SUM(--(B1:B6="x"))', array=True) == 2
    assert ev("=A1:A3*2", array=True) == 20
    assert ev("=SUM(A1:A3*D1:D3)") == Err("#VALUE!")


def test_sum_of_30_cells_is_fast():
    book = Book({f"A{i}": i for i in range(1, 31)})
    tree = parse("=SUM(A1:A30)")
    assert evaluate(tree, book) == 465
    book.bounds = lambda sheet: (30, 1)  # as a real reader knows them, without a scan
    runs = 2000
    start = time.perf_counter()
    for _ in range(runs):
        evaluate(tree, book)
    assert (time.perf_counter() - start) / runs < 100e-6


# -- against LibreOffice ---------------------------------------------------------------------
DATA = {  # column: values from row 1
    "A": [10, 20, 30, None, 50, -5, 2.5, 0],
    "B": ["x", "y", "X", "z", "x*", "5", "abc", "y"],
    "C": [1.5, 2, None, 4, '=""', 7, None, 1],
    "D": [1, 2, 3, "=SUBTOTAL(9,D1:D3)", 4, 5, "=SUBTOTAL(9,D1:D6)", "=_xlfn.AGGREGATE(9,0,D5:D6)"],
    "E": ["=1/0", "=NA()", 5],
}
HIDDEN_ROW = 6  # of the data block: SUBTOTAL 101-111 and some AGGREGATE options leave it out
MEMORY_DATA = {"B1": 0.1, "A3": 1, "B3": 2, "C3": 3, "A4": "um", "B4": "dois", "C4": "três"}
# (formula, cell) where the formula's row matters; the rest go down column H from row 10
PLACED = [("=A1:A8", "H1"), ("=SUM(A1:A3*2)", "H2"), ("=A1:A8*2", "H3"), ("=A1:C1", "H4"), ("=A1:C1", "A20"),
          ("=C1:C8", "H5"), ("=ROW()", "H6"), ("=COLUMN()", "H7"), ("=SUM(A1:INDEX(A:A,ROW()-1))", "A15")]
FORMULAS = [
    "=A1+A2*2", "=A1/A4", "=A1-B6", "=A1+B1", "=2^10", "=2^0.5", "=-A6^2", "=50%*A2", "=A4+1",
    '=A1&B1&C1', '=A7&""', '=1/3&""', "=A1=10", '=B1="X"', "=A4=0", '=A4=""', '=1<"a"', '="a"<"B"',
    "=A1<>A2", "=E1+1", '=E2&"x"', "=1/3*3=1",
    "=SUM(A1:A8)", "=SUM(A:A)", "=SUM(A1:C8)", "=AVERAGE(A1:A8)", "=COUNT(A1:C8)", "=COUNTA(A1:C8)",
    "=COUNTA(C1:C8)", "=MAX(A1:A8)", "=MIN(A1:A8)", "=PRODUCT(A1:A3)", "=SUM(E1:E3)", "=COUNT(E1:E3)",
    "=MAX(B1:B8)", "=AVERAGE(B1:B3)", "=SUM(A1,A2,5)", "=STDEV(A1:A3)", "=VARP(A1:A3)", "=COUNTBLANK(A1:C8)",
    "=SUBTOTAL(9,D1:D8)", "=SUBTOTAL(109,D1:D8)", "=SUBTOTAL(109,A1:A8)", "=SUBTOTAL(102,A1:A8)",
    "=SUBTOTAL(9,A1:A8)", "=_xlfn.AGGREGATE(9,5,A1:A8)", "=_xlfn.AGGREGATE(9,1,D1:D8)", "=SUBTOTAL(1,D1:D3)", "=SUBTOTAL(4,D1:D8)", "=SUBTOTAL(3,D1:D8)",
    "=_xlfn.AGGREGATE(9,6,E1:E3)", "=_xlfn.AGGREGATE(4,3,D1:D8)", "=_xlfn.AGGREGATE(9,4,D1:D8)",
    '=SUMIF(B1:B8,"x",A1:A8)', '=SUMIF(B1:B8,"x",A1)', '=SUMIF(A1:A8,">=20")', '=SUMIF(A1:A8,"<>10")',
    '=COUNTIF(B1:B8,"x*")', '=COUNTIF(B1:B8,"?")', '=COUNTIF(B1:B8,"x~*")', '=COUNTIF(A1:A8,">"&A2)',
    '=COUNTIF(C1:C8,"")', '=COUNTIF(C1:C8,"=")', '=COUNTIF(C1:C8,"<>")', '=COUNTIFS(B1:B8,"x",A1:A8,">10")',
    '=SUMIFS(A1:A8,B1:B8,"<>x",A1:A8,"<40")', '=AVERAGEIF(B1:B8,"x",A1:A8)', '=_xlfn.MAXIFS(A1:A8,B1:B8,"x")',
    '=_xlfn.MINIFS(C1:C8,B1:B8,"y")', '=SUMIF(B:B,"y",A:A)', '=COUNTIF(A1:A8,10)', "=SUMIF(B1:B8,B2,C1:C8)",
    '=COUNTIF(B1:B8,">x")', '=COUNTIF(B1:B8,"<>x")', '=COUNTIF(B1:B8,"=5")',
    "=SUMPRODUCT(A1:A3,C1:C3)", '=SUMPRODUCT(--(B1:B8="x"),A1:A8)', '=SUMPRODUCT((B1:B8="x")*A1:A8)',
    "=SUMPRODUCT((A1:A8>0)*(A1:A8<40))", "=SUMPRODUCT(A1:A3,C1:C2)", "=SUMPRODUCT(ABS(A1:A8))",
    "=SUMPRODUCT(A1:A8,C1:C8)", "=SUMPRODUCT(A1:A4*C1:C4)",
    '=IF(A1>5,"big","small")', "=IF(A4,1,2)", "=IF(A1>100,1)", "=IF(B1,1,2)", '=IFERROR(E1,"err")',
    '=IFERROR(A1,"err")', "=_xlfn.IFNA(E2,0)", "=_xlfn.IFNA(E1,0)", "=_xlfn.IFS(A1>50,1,A1>5,2)",
    "=ISERROR(E2)", "=ISERR(E2)", "=ISNA(E2)", "=ISNUMBER(B6)", "=ISTEXT(B1)", "=ISBLANK(A4)", "=ISBLANK(C5)",
    "=AND(A1>0,A2>0)", '=OR(A1>100,B1="x")', "=NOT(A4)", "=AND(A1:A3)", '=CHOOSE(2,"a","b","c")',
    "=SUM(CHOOSE(2,A1:A3,C1:C3))", "=N(A1)", "=N(B1)", "=VALUE(B6)", '=VALUE("abc")',
    "=ROUND(2.675,2)", "=ROUND(-2.5,0)", "=ROUND(1234.567,-2)", "=ROUNDUP(-2.1,0)", "=ROUNDDOWN(2.19,1)",
    "=TRUNC(-2.7)", "=INT(-2.5)", "=ABS(A6)", "=MOD(-7,3)", "=MOD(7,-3)", "=MOD(5,0)", "=SIGN(A6)",
    "=INDEX(A1:C8,2,3)", "=SUM(INDEX(A1:C8,0,1))", "=SUM(INDEX(A1:C8,2,0))", "=SUM(OFFSET(A1,1,0,3,1))",
    "=OFFSET(A1,2,0)", "=SUM(A1:INDEX(A:A,3))", "=ROW(A5)", "=COLUMN(C1)", "=ROWS(A1:C8)", "=COLUMNS(A1:C8)",
    '=INDIRECT("A2")', "=INDIRECT(\"'Memória de Cálculo'!B1\")*10",
    "=MATCH(30,A1:A3,0)", '=MATCH("X",B1:B8,0)', '=MATCH("y*",B1:B8,0)', "=MATCH(25,A1:A3,1)",
    "=MATCH(99,A1:A3,0)", '=MATCH(1,INDEX((B1:B8="x")*(A1:A8>10),0),0)', '=VLOOKUP("y",B1:C8,2,FALSE)',
    "=VLOOKUP(25,A1:C3,3)", "=VLOOKUP(5,A1:C3,2)", "=HLOOKUP(2,'Memória de Cálculo'!A3:C4,2,FALSE)",
    "=LOOKUP(25,A1:A3,B1:B3)", "=LOOKUP(2,1/(A1:A3>0),A1:A3)",
    '=CONCATENATE("a",A1,"-",A7)', "=_xlfn.CONCAT(B1:B3)", "=LEN(B1&A1)", '=LEFT("abcdef",2)',
    '=RIGHT("abcdef",10)', '=MID("abcdef",2,3)', '=UPPER("ação")', "=LOWER(B3)", '=TRIM("  a   b  ")',
    "=Taxa*A1", "=SUM(Valores)", "=Local+1", "=Constante*2", "=Indefinido",
    "='Memória de Cálculo'!B1*2", "=SUM('Memória de Cálculo'!A3:C3)",
]


def _workbook(path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dados"
    for col, values in DATA.items():
        for row, v in enumerate(values, 1):
            if v is not None:
                ws[f"{col}{row}"] = v
    memory = wb.create_sheet(MEMORY)
    for address, v in MEMORY_DATA.items():
        memory[address] = v
    ws.row_dimensions[HIDDEN_ROW].hidden = True
    for formula, address in PLACED:
        ws[address] = formula
    for row, formula in enumerate(FORMULAS, 10):
        ws[f"H{row}"] = formula
    for name, text in [("Taxa", "'Memória de Cálculo'!$B$1"), ("Valores", "Dados!$A$1:$A$3"), ("Constante", "5")]:
        wb.defined_names[name] = DefinedName(name, attr_text=text)
    ws.defined_names["Local"] = DefinedName("Local", attr_text="Dados!$A$2")
    memory.defined_names["Local"] = DefinedName("Local", attr_text="'Memória de Cálculo'!$A$3")
    wb.save(path)


class Saved(Context):
    """A workbook as LibreOffice saved it: shown values from its cache, formulas and names."""

    def __init__(self, path):
        shown, written = openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path)
        self.values, self.formulas, self.sizes = {}, {}, {}
        self.hidden_rows = {(ws.title, r - 1) for ws in written for r, d in ws.row_dimensions.items() if d.hidden}
        for ws in shown:
            self.sizes[ws.title] = (ws.max_row, ws.max_column)
            for row in ws.iter_rows():
                for c in row:
                    v = Err(c.value) if c.data_type == "e" else _cell_value(c.value)
                    self.values[ws.title, c.row - 1, c.column - 1] = v
        for ws in written:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith("="):
                        self.formulas[ws.title, c.row - 1, c.column - 1] = c.value
                        if self.values[ws.title, c.row - 1, c.column - 1] is None:
                            self.values[ws.title, c.row - 1, c.column - 1] = ""  # a formula giving ""
        self.names = {(None, n.upper()): parse("=" + d.attr_text) for n, d in written.defined_names.items()}
        for ws in written:
            self.names.update({(ws.title, n.upper()): parse("=" + d.attr_text) for n, d in ws.defined_names.items()})

    def value(self, sheet, row, col):
        return self.values.get((sheet, row, col))

    def formula(self, sheet, row, col):
        return self.formulas.get((sheet, row, col))

    def bounds(self, sheet):
        return self.sizes[sheet]

    def sheet_exists(self, sheet):
        return sheet in self.sizes

    def hidden(self, sheet, row):
        return (sheet, row) in self.hidden_rows

    def name(self, name, sheet):
        return self.names.get((sheet, name.upper()), self.names.get((None, name.upper())))


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, Decimal) and isinstance(got, Decimal):
        return abs(got - want) <= abs(want) * D("1e-9") + D("1e-12")
    return type(got) is type(want) and got == want


@pytest.mark.libreoffice
def test_evaluates_as_libreoffice_computes(tmp_path):
    require_libreoffice()
    _workbook(tmp_path / "formulas.xlsx")
    saved = Saved(libreoffice.convert(tmp_path / "formulas.xlsx", tmp_path / "lo"))
    data_cells = {(r, c) for c, values in DATA.items() for r in range(1, len(values) + 1)}
    checked, wrong = 0, []
    for (sheet, row, col), text in sorted(saved.formulas.items()):
        if sheet != "Dados" or (row + 1, openpyxl.utils.get_column_letter(col + 1)) in data_cells:
            continue
        got = evaluate(parse(text), saved, (sheet, row, col))
        want = saved.value(sheet, row, col)
        checked += 1
        if not _same(got, want):
            wrong.append(f"{text}: tcxl {got!r}, LibreOffice {want!r}")
    assert checked == len(FORMULAS) + len(PLACED)
    assert wrong == []


def test_docs_list_every_function_of_the_table():
    """The function table of the docs' checking page is the table of functions: none missing, none invented."""
    import re
    from pathlib import Path

    from tcxl.formula.functions import FUNCTIONS

    page = Path(__file__).resolve().parent.parent / "docs" / "site" / "referencia" / "conferencia.md"
    text = page.read_text(encoding="utf-8")
    section = text[text.index("| family | functions (pt-BR name) |"):]
    section = section[:section.index("\n\n")]
    listed = re.findall(r"`([A-Z.]+)`(?: \(([^)]+)\))?", section)
    assert {name for name, _ in listed} == set(FUNCTIONS)
    assert all(FUNCTIONS[name].ptbr == (ptbr or name) for name, ptbr in listed)
