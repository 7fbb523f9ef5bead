"""Habits: the ways analysts write totals, percentages and inputs (issue "No error without proof").

Each habit starts from a workbook typed from the official model by ``../modelo/make_modelo.py``
(plain openpyxl, never tcxl's layout code), with every account of the statement (B.3.2 c)
filled in, and rewrites its cells with openpyxl the way that habit writes them: SUBTOTAL,
AGGREGATE, SUMIF(S) on the labels or on the header row, SUMPRODUCT masks, defined names,
inputs that are formulas into a helper sheet, zero guards showing "-" or "n/a", ROUND, N(),
OFFSET/INDEX ranges, … across 2-, 3-, 4- and 5-year projects (``Total Biênio`` …
``Total Quinquênio``). The clean file of each habit computes every total right; each planted
twin holds one mistake written in that habit, at one cell:

    deixa_de_fora          an item left out                               TCX202
    conta_duas_vezes       an item counted twice                          TCX203
    item_estranho          an item that does not belong                   TCX203
    intervalo_deslocado    a range shifted by one row (or column)         TCX202 if it only drops items, else TCX203
    criterio_errado        a wrong SUMIF/SUMIFS/mask/AGGREGATE criterion  TCX203
    nome_errado            a defined name pointing at the wrong cells     TCX203 (at the formula that uses it)
    referencia_errada      a helper cell pointing at the wrong cell       TCX203 (at the total that reads it)
    invertido, numerador_errado, denominador_errado, ramo_trocado, percentual_arredondado,
    arredondamento_grosso, linha_oculta, subtotal_nao_descontado, desconta_duas_vezes
                           (see each habit)                               TCX203 / TCX202
    resultado_gravado_antigo  a stale stored result: the clean file recalculated by LibreOffice
                           with one total's result off, then that total's formula put back:
                           TCX301 a subtotal / block total of a year, TCX302 an all-years
                           total, TCX303 a percentage, TCX304 a line of the disbursement summary

    python tests/data/habitos/make_habitos.py [OUT_DIR]     # default: this folder

writes the workbooks and ``esperado.json``: per file, its habit, the money it must read to
(planned per account and year, executed in Ano I, planned per activity and year, planned
semesters) and, for twins, ``kind`` and ``finding`` = [code, sheet, cell] (and ``also``: other
cells the same mistake makes wrong, with the same code). Generating needs
LibreOffice (the stale twins are re-saved by it); while at it, every clean file's stored
totals (as LibreOffice computes them) are checked against the sums of its inputs, and every
twin's planted cell against the clean file's, so a twin always shows a wrong number.
"""
from __future__ import annotations

import importlib.util
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

import openpyxl
from openpyxl.utils import get_column_letter as L
from openpyxl.workbook.defined_name import DefinedName

HERE = Path(__file__).resolve().parent


def _modelo():
    """make_modelo.py, loaded privately (a script, not a package) and taught the 2- and 4-year
    all-years labels; its file is not changed."""
    spec = importlib.util.spec_from_file_location("make_modelo_habitos", HERE.parent / "modelo" / "make_modelo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.ALL_YEARS.setdefault(2, "Biênio")
    module.ALL_YEARS.setdefault(4, "Quadriênio")
    return module


MODELO = _modelo()
ROMAN, CODES, TOTALS = MODELO.ROMAN, MODELO.CODES, MODELO.TOTALS
FIN, DIS, MEMO = "Execução Financeira", "Cronograma de Desembolso", "Memória de Cálculo"
LEAVES = [c for c in CODES if c not in TOTALS and c not in ("1", "4", "PCT3")]
EXTRA = [c for c in LEAVES if c not in ("1.2", "1.8.3", "3")]  # filled here; 1.2 keeps the rest
SUBS = {"1.1": ("1.1.1", "1.1.2"), "1.3": ("1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5"),
        "1.8": ("1.8.1", "1.8.2", "1.8.3"), "4.1": ("4.1.1", "4.1.2", "4.1.3", "4.1.4")}
STALE = "resultado_gravado_antigo"
MONEY_STEP, PCT_STEP = 1000, 0.25  # how far a stale stored result is off


def case(results: int, years: int, indirect: str = "line", letters: str = "literal", merged: bool = False) -> dict:
    return {"results": results, "years": years, "indirect": indirect, "letters": letters, "merged": merged}


def money(cents: int) -> float | int:
    return cents // 100 if cents % 100 == 0 else cents / 100


def money_text(cents: int) -> str:
    return str(cents // 100) if cents % 100 == 0 else f"{cents / 100:.2f}".rstrip("0")


class Block:
    """A block of the disbursement schedule: its title row, first and last activity rows,
    its ``Total (R$)`` row, letter and activity codes."""

    def __init__(self, top: int, first: int, last: int, total: int, letter: str, codes: list[str]):
        self.top, self.first, self.last, self.total, self.letter, self.codes = top, first, last, total, letter, codes
        self.kind = "CI" if codes == ["CI"] else "M" if codes[0].startswith("AM") else "R"


def blocks_of(ws, years: int) -> list[Block]:
    t = 2 + 3 * years
    out = []
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value == "Total (R$)":
            top = max(q for q in range(1, r) if ws.cell(q + 1, 1).value == "Cronograma de Desembolso")
            codes = [ws.cell(q, 1).value for q in range(top + 5, r)]
            out.append(Block(top, top + 5, r - 1, r, ws.cell(r, t + 3).value, codes))
    return out


def summary_of(ws) -> dict:
    """Row of each line of the ``Desembolso Financeiro`` table: 1, 2, 3, "total" (and "head")."""
    head = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Desembolso Financeiro")
    return {"head": head, 1: head + 1, 2: head + 2, 3: head + 3, "total": head + 4}


class Book:
    """One workbook being written: the base file from make_modelo, its layout (rows, columns,
    blocks), its money in cents, and helpers to rewrite cells."""

    def __init__(self, base: dict, path: Path):
        self.case, self.path = base, path
        self.out = MODELO.write(base, path)
        self.wb = openpyxl.load_workbook(path)
        self.n = base["years"]
        self.years = list(range(1, self.n + 1))
        self.periods = [*self.years, "T"]
        self.fin, self.dis = self.wb[FIN], self.wb[DIS]
        self.at = {code: 5 + i for i, code in enumerate(CODES)}
        self.t = 2 + 3 * self.n
        self.blocks = blocks_of(self.dis, self.n)
        self.results = [b for b in self.blocks if b.kind == "R"]
        self.mon = next(b for b in self.blocks if b.kind == "M")
        self.summary = summary_of(self.dis)
        self.stale: tuple | None = None
        self._fill()

    # -- where things are ----------------------------------------------------------------
    def col(self, period, field: str = "P") -> int:
        base = self.t if period == "T" else 2 + 3 * (period - 1)
        return base + "PE%".index(field)

    def c(self, period, field: str = "P") -> str:
        return L(self.col(period, field))

    def F(self, code: str, period=1, field: str = "P", absolute: bool = False) -> str:
        """Address of a statement cell: account ``code``, year or "T", field P / E / %."""
        col, row = self.c(period, field), self.at[code]
        return f"${col}${row}" if absolute else f"{col}{row}"

    def Fr(self, first: str, last: str, period=1, field: str = "P") -> str:
        return f"{self.F(first, period, field)}:{self.F(last, period, field)}"

    def D(self, row: int, period=1, field: str = "P") -> str:
        return f"{self.c(period, field)}{row}"

    def Dr(self, block: Block, period=1, field: str = "P", first: int | None = None, last: int | None = None) -> str:
        c = self.c(period, field)
        return f"{c}{block.first if first is None else first}:{c}{block.last if last is None else last}"

    def act(self, code: str) -> int:
        return next(q for b in self.blocks for q, c in zip(range(b.first, b.last + 1), b.codes) if c == code)

    def money_cells(self):
        """(period, field) of every money column, years then the all-years total."""
        return [(p, f) for p in self.periods for f in "PE"]

    def fin_row(self, code: str, make: Callable[[str, object, str], str]) -> None:
        """Rewrite account ``code`` in every money column: make(column letter, period, field)."""
        for p, f in self.money_cells():
            self.fin[self.F(code, p, f)] = "=" + make(self.c(p, f), p, f)

    def block_row(self, block: Block, make: Callable[[str, object, str], str], periods=None) -> None:
        for p, f in self.money_cells():
            if periods is None or p in periods:
                self.dis[self.D(block.total, p, f)] = "=" + make(self.c(p, f), p, f)

    def pct_cells(self):
        """(sheet, cell, executed, planned) of every percentage; for the statement's
        '% Custos Indiretos' line, (…, account 3, TOTAL GERAL)."""
        for code in CODES:
            if code in ("1", "4"):
                continue
            for p in self.periods:
                if code == "PCT3":
                    for f in "PE":
                        yield FIN, self.F(code, p, f), self.F("3", p, f), self.F("TOTAL", p, f)
                else:
                    yield FIN, self.F(code, p, "%"), self.F(code, p, "E"), self.F(code, p, "P")
        for b in self.blocks:
            for r in [*range(b.first, b.last + 1), b.total]:
                for p in self.periods:
                    yield DIS, self.D(r, p, "%"), self.D(r, p, "E"), self.D(r, p, "P")

    def set_pcts(self, make: Callable[[str, str], str]) -> None:
        for sheet, cell, e, p in self.pct_cells():
            self.wb[sheet][cell] = "=" + make(e, p)

    def name(self, name: str, target: str, sheet=None) -> None:
        """A defined name, workbook-scope or (``sheet``) local to that worksheet."""
        if sheet is None:
            self.wb.defined_names[name] = DefinedName(name, attr_text=target)
        else:
            sheet.defined_names[name] = DefinedName(name, attr_text=target)

    def stale_at(self, code: str, sheet: str, cell: str, step=MONEY_STEP) -> tuple:
        self.stale = (sheet, cell, step)
        return code, sheet, cell

    # -- the money -----------------------------------------------------------------------
    def _fill(self) -> None:
        """Every account gets money, so a mistake anywhere shows in the totals; the amounts
        of 1.2 (the activities) are shared out so the statement still adds up to the
        disbursement schedule (no cross-sheet difference). Executado only in Ano I."""
        def cents(v):
            return None if v is None else round(v * 100)
        planned = {code: [cents(self.fin[self.F(code, y)].value) for y in self.years] for code in ("1.2", "1.8.3", "3")}
        executed = {"1.2": cents(self.fin[self.F("1.2", 1, "E")].value)}
        for i, code in enumerate(EXTRA):
            planned[code] = [100 * (15 * (i + 1) + 3 * y) + 25 * ((i + y) % 4) for y in self.years]
            executed[code] = (planned[code][0] * 4567 + 5000) // 10000  # 45.67 % executed
        planned["1.2"] = [v - sum(planned[c][k] for c in EXTRA) for k, v in enumerate(planned["1.2"])]
        executed["1.2"] -= sum(executed[c] for c in EXTRA)
        assert min(planned["1.2"]) > 0 and 0 < executed["1.2"] < planned["1.2"][0]
        self.planned, self.executed = planned, executed
        for code in LEAVES:
            self.write_input(code)

    def write_input(self, code: str) -> None:
        for k, y in enumerate(self.years):
            v = self.planned[code][k]
            self.fin[self.F(code, y)] = None if v is None else money(v)
        v = self.executed.get(code)
        self.fin[self.F(code, 1, "E")] = None if v is None else money(v)

    def expected(self) -> dict:
        def planned(code, k):
            if code in TOTALS:
                return sum(planned(p, k) for p in TOTALS[code])
            return self.planned[code][k] or 0

        def leaves(code):
            return [x for p in TOTALS[code] for x in leaves(p)] if code in TOTALS else [code]

        financial, executed = {}, {}
        for code in CODES:
            if code in ("1", "4", "PCT3"):
                continue
            if code in TOTALS:
                financial[code] = [round(planned(code, k) / 100, 2) for k in range(self.n)]
            else:
                financial[code] = [None if v is None else round(v / 100, 2) for v in self.planned[code]]
            done = [self.executed[x] for x in leaves(code) if self.executed.get(x) is not None]
            if done:
                executed[code] = round(sum(done) / 100, 2)
        return {"years": self.n, "financial": financial, "executed_year_1": executed,
                "disbursement": self.out["disbursement"], "planned_semesters": self.out["planned_semesters"]}

    # -- helper sheets -------------------------------------------------------------------
    def helper_table(self, detailed: tuple = ()) -> dict:
        """'Memória de Cálculo': one line per account (code, item, a column per year, then
        Executado Ano I); the accounts in ``detailed`` are broken into three items and a
        line that adds them up. A line 'Reserva técnica' belongs to no account. Returns
        {(code, year | "E"): cell of its value}, "table": the lookup range, "reserve": a cell."""
        ws = self.wb.create_sheet(MEMO)
        ws["A1"] = "MEMÓRIA DE CÁLCULO DOS VALORES DO DEMONSTRATIVO"
        heads = ["Conta", "Item", *[f"Ano {ROMAN[y - 1]}" for y in self.years], "Exec. Ano I"]
        for i, h in enumerate(heads, start=1):
            ws.cell(3, i, h)
        cols = {y: 2 + y for y in self.years} | {"E": 3 + self.n}
        row, where = 4, {}
        for code in LEAVES:
            values = {y: self.planned[code][y - 1] for y in self.years} | {"E": self.executed.get(code)}
            if code in detailed:
                top = row
                for part in range(3):
                    ws.cell(row, 2, f"{code} parcela {part + 1}")
                    for key, col in cols.items():
                        v = values[key]
                        if v is not None:
                            share = v // 3 if part < 2 else v - 2 * (v // 3)
                            ws.cell(row, col, money(share))
                    row += 1
                ws.cell(row, 1, code)
                ws.cell(row, 2, f"Total {code}")
                for key, col in cols.items():
                    if values[key] is not None:
                        ws.cell(row, col, f"=SUM({L(col)}{top}:{L(col)}{row - 1})")
            else:
                ws.cell(row, 1, code)
                ws.cell(row, 2, f"Conta {code}")
                for key, col in cols.items():
                    if values[key] is not None:
                        ws.cell(row, col, money(values[key]))
            for key, col in cols.items():
                where[(code, key)] = f"{L(col)}{row}"
            row += 1
        ws.cell(row, 1, "RES")
        ws.cell(row, 2, "Reserva técnica (não alocada)")
        for key, col in cols.items():
            ws.cell(row, col, 750 + 10 * (col - 2))
        where["reserve"] = f"{L(2 + 1)}{row}"
        where["table"] = f"$A$4:${L(cols['E'])}${row}"
        where["cols"] = cols
        where["rows"] = (4, row)
        return where

    def inputs_from(self, make: Callable[[str, object], str]) -> None:
        """Every statement input with a value becomes a formula: make(code, year | "E")."""
        for code in LEAVES:
            for y in self.years:
                if self.planned[code][y - 1] is not None:
                    self.fin[self.F(code, y)] = "=" + make(code, y)
            if self.executed.get(code) is not None:
                self.fin[self.F(code, 1, "E")] = "=" + make(code, "E")


def memo(cell: str) -> str:
    return f"'{MEMO}'!{cell}"


# -- the habits ----------------------------------------------------------------------------------
HABITS: dict[str, tuple[Callable, dict, tuple]] = {}


def habit(base: dict, *twins: str):
    def register(func):
        HABITS[func.__name__] = (func, base, twins)
        return func
    return register


def _rows(b: Book, code: str) -> tuple[int, int]:
    parts = SUBS[code]
    return b.at[parts[0]], b.at[parts[-1]]


@habit(case(3, 3), "deixa_de_fora", "conta_duas_vezes", "item_estranho", "intervalo_deslocado", STALE)
def subtotal_nove(b: Book, twin):
    """Statement subtotals and disbursement block totals as SUBTOTAL(9,range)."""
    for code in SUBS:
        first, last = _rows(b, code)
        b.fin_row(code, lambda c, p, f: f"SUBTOTAL(9,{c}{first}:{c}{last})")
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"SUBTOTAL(9,{c}{blk.first}:{c}{blk.last})")
    if twin == "deixa_de_fora":
        cell = b.F("1.3", 2)
        b.fin[cell] = f"=SUBTOTAL(9,{b.Fr('1.3.1', '1.3.4', 2)})"
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        blk = b.results[0]
        cell = b.D(blk.total, 1)
        b.dis[cell] = f"=SUBTOTAL(9,{b.Dr(blk, 1)},{b.D(blk.last, 1)})"
        return "TCX203", DIS, cell
    if twin == "item_estranho":
        cell = b.F("1.8", 1)
        b.fin[cell] = f"=SUBTOTAL(9,{b.Fr('1.8.1', '1.8.3')},{b.F('1.9')})"
        return "TCX203", FIN, cell
    if twin == "intervalo_deslocado":  # one row up: the 'Previsto' header in, the last activity out
        blk = b.results[1]
        cell = b.D(blk.total, 2)
        b.dis[cell] = f"=SUBTOTAL(9,{b.Dr(blk, 2, first=blk.first - 1, last=blk.last - 1)})"
        return "TCX202", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("1.3", 1))


@habit(case(3, 4), "deixa_de_fora", "intervalo_deslocado", "conta_duas_vezes", "item_estranho", STALE)
def subtotal_aninhado(b: Book, twin):
    """Every total of the statement as SUBTOTAL(9, whole range), over ranges that hold the
    nested SUBTOTALs (which SUBTOTAL skips): TOTAL DOS CUSTOS DIRETOS = SUBTOTAL(9,B6:B26),
    TOTAL GERAL = SUBTOTAL(9,B6:B38); block totals, and the summary's line 1 over all the
    result blocks, the same way."""
    spans = {"1.1": ("1.1.1", "1.1.2"), "1.3": ("1.3.1", "1.3.5"), "1.8": ("1.8.1", "1.8.3"),
             "TOTAL1": ("1.1", "1.11"), "SUBTOTAL": ("1.1", "2"), "4.1": ("4.1.1", "4.1.4"),
             "TOTAL4": ("4.1", "4.2"), "TOTAL": ("1.1", "TOTAL4")}
    for code, (first, last) in spans.items():
        b.fin_row(code, lambda c, p, f: f"SUBTOTAL(9,{c}{b.at[first]}:{c}{b.at[last]})")
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"SUBTOTAL(9,{c}{blk.first}:{c}{blk.last})")
    t = b.c("T")
    line1 = f"B{b.summary[1]}"
    b.dis[line1] = f"=SUBTOTAL(9,{t}{b.results[0].top}:{t}{b.results[-1].total})"
    if twin == "deixa_de_fora":
        cell = b.F("TOTAL1")
        b.fin[cell] = f"=SUBTOTAL(9,{b.Fr('1.1', '1.10')})"  # 1.11 out
        return "TCX202", FIN, cell
    if twin == "intervalo_deslocado":  # one row down: 1.8.1 out, 1.9 in
        cell = b.F("1.8", 2)
        b.fin[cell] = f"=SUBTOTAL(9,{b.Fr('1.8.2', '1.9', 2)})"
        return "TCX203", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("TOTAL4", 3)
        b.fin[cell] = f"=SUBTOTAL(9,{b.Fr('4.1', '4.2', 3)})+{b.F('4.2', 3)}"
        return "TCX203", FIN, cell
    if twin == "item_estranho":  # down to the monitoring block's total: its activities in line 1
        b.dis[line1] = f"=SUBTOTAL(9,{t}{b.results[0].top}:{t}{b.mon.total})"
        return "TCX203", DIS, line1
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("TOTAL1"))


@habit(case(2, 2), "deixa_de_fora", "conta_duas_vezes", "linha_oculta", STALE)
def subtotal_109(b: Book, twin):
    """SUBTOTAL(109,range) (sums the visible rows) for the statement's subtotals and the
    block totals; the subtotals' Total Biênio across the row. Twin ``linha_oculta``: the row
    of 1.3.2, hidden as if unused, still has Ano I's planned money, which SUBTOTAL(109) skips."""
    for code in SUBS:
        first, last = _rows(b, code)
        b.fin_row(code, lambda c, p, f: f"SUBTOTAL(109,{c}{first}:{c}{last})" if p != "T" else
                  "SUM(" + ",".join(f"{b.c(y, f)}{b.at[code]}" for y in b.years) + ")")
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"SUBTOTAL(109,{c}{blk.first}:{c}{blk.last})")
    if twin == "deixa_de_fora":
        blk = b.results[1]
        cell = b.D(blk.total, 2)
        b.dis[cell] = f"=SUBTOTAL(109,{b.Dr(blk, 2, last=blk.last - 1)})"
        return "TCX202", DIS, cell
    if twin == "conta_duas_vezes":
        cell = b.F("4.1", 1)
        b.fin[cell] = f"=SUBTOTAL(109,{b.Fr('4.1.1', '4.1.4')},{b.F('4.1.3')})"
        return "TCX203", FIN, cell
    if twin == "linha_oculta":
        for k in range(1, b.n):  # the later years' money goes to 1.2, so the statement still adds up
            b.planned["1.2"][k] += b.planned["1.3.2"][k]
            b.planned["1.3.2"][k] = None
        b.executed["1.2"] += b.executed.pop("1.3.2")
        b.write_input("1.2")
        b.write_input("1.3.2")
        b.fin.row_dimensions[b.at["1.3.2"]].hidden = True
        # every SUBTOTAL(109) over the hidden row leaves it out, whatever is typed there now
        also = [b.F("1.3", y, f) for y in b.years for f in "PE" if (y, f) != (1, "P")]
        return "TCX202", FIN, b.F("1.3", 1), also
    if twin == STALE:
        return b.stale_at("TCX301", DIS, b.D(b.results[0].total, 1, "E"))


@habit(case(3, 5, indirect="block", letters="count"), "deixa_de_fora", "item_estranho", "criterio_errado", STALE)
def agregar(b: Book, twin):
    """AGGREGATE(9,3,range) (sum ignoring hidden rows, errors and nested subtotals) for the
    statement's subtotals and the block totals; the summary's line 1 as one AGGREGATE over
    all the result blocks, their totals skipped. Stored as Excel does: _xlfn.AGGREGATE."""
    for code in SUBS:
        first, last = _rows(b, code)
        b.fin_row(code, lambda c, p, f: f"_xlfn.AGGREGATE(9,3,{c}{first}:{c}{last})")
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"_xlfn.AGGREGATE(9,3,{c}{blk.first}:{c}{blk.last})")
    t = b.c("T")
    line1 = f"B{b.summary[1]}"
    b.dis[line1] = f"=_xlfn.AGGREGATE(9,3,{t}{b.results[0].top}:{t}{b.results[-1].total})"
    if twin == "deixa_de_fora":
        cell = b.F("4.1", 3)
        b.fin[cell] = f"=_xlfn.AGGREGATE(9,3,{b.Fr('4.1.1', '4.1.3', 3)})"
        return "TCX202", FIN, cell
    if twin == "item_estranho":
        blk, other = b.results[1], b.results[2]
        cell = b.D(blk.total, 2)
        b.dis[cell] = f"=_xlfn.AGGREGATE(9,3,{b.Dr(blk, 2)},{b.D(other.first, 2)})"
        return "TCX203", DIS, cell
    if twin == "criterio_errado":  # option 4 ignores nothing: the block totals counted again
        b.dis[line1] = f"=_xlfn.AGGREGATE(9,4,{t}{b.results[0].top}:{t}{b.results[-1].total})"
        return "TCX203", DIS, line1
    if twin == STALE:
        return b.stale_at("TCX304", DIS, line1)


@habit(case(3, 2), "criterio_errado", "deixa_de_fora", "intervalo_deslocado", "conta_duas_vezes", STALE)
def somase_codigo(b: Book, twin):
    """Statement subtotals as SUMIF on the label column, which starts with the account code:
    1.3 = SUMIF($A$11:$A$26,"1.3.*",B$11:B$26) (the ranges start below the subtotal's own row
    and run to the end of its section)."""
    ends = {"1.1": "1.11", "1.3": "1.11", "1.8": "1.10", "4.1": "4.2"}  # shifted by a row, still above TOTAL

    def sumif(code, c, prefix=None, first=None, last=None, shift=0):
        first = first or SUBS[code][0]
        r1, r2 = b.at[first], b.at[last or ends[code]]
        return f'SUMIF($A${r1}:$A${r2},"{prefix or code + ".*"}",{c}${r1 + shift}:{c}${r2 + shift})'
    for code in SUBS:
        b.fin_row(code, lambda c, p, f: sumif(code, c))
    if twin == "criterio_errado":  # "1.1*" also takes 1.10 Depreciação
        cell = b.F("1.1")
        b.fin[cell] = "=" + sumif("1.1", "B", prefix="1.1*")
        return "TCX203", FIN, cell
    if twin == "deixa_de_fora":
        cell = b.F("1.3", 2)
        b.fin[cell] = "=" + sumif("1.3", b.c(2), last="1.3.4")
        return "TCX202", FIN, cell
    if twin == "intervalo_deslocado":  # values one row below the labels: 1.8.1 out, 1.9 in
        cell = b.F("1.8", 1)
        b.fin[cell] = "=" + sumif("1.8", "B", shift=1)
        return "TCX203", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("4.1", 1)
        b.fin[cell] = "=" + sumif("4.1", "B") + f"+{b.F('4.1.2')}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX302", FIN, b.F("1.3", "T"))


def _header_sum(b: Book, make: Callable[[str, str, str], str]) -> None:
    """Every all-years total across its row: make(header range, label, value range), the
    ranges running from Ano I to the last year's %, stopping before the total column."""
    last = L(b.t - 1)
    for code in CODES:
        if code in ("1", "4", "PCT3"):
            continue
        r = b.at[code]
        for f, label in (("P", "Previsão"), ("E", "Executado")):
            b.fin[b.F(code, "T", f)] = "=" + make(f"$B$4:${last}$4", label, f"B{r}:{last}{r}")
    for blk in b.blocks:
        head = blk.top + 4
        for r in [*range(blk.first, blk.last + 1), blk.total]:
            for f, label in (("P", "Previsto"), ("E", "Executado")):
                b.dis[b.D(r, "T", f)] = "=" + make(f"$B${head}:${last}${head}", label, f"B{r}:{last}{r}")


@habit(case(2, 4), "criterio_errado", "deixa_de_fora", "intervalo_deslocado", "conta_duas_vezes", STALE)
def somase_cabecalho(b: Book, twin):
    """Every all-years total (Total Quadriênio) as SUMIF on the header row:
    =SUMIF($B$4:$M$4,"Previsão",B7:M7), the range stopping before the total column."""
    _header_sum(b, lambda head, label, values: f'SUMIF({head},"{label}",{values})')
    last = L(b.t - 1)
    if twin == "criterio_errado":
        cell = b.F("1.2", "T")
        b.fin[cell] = f'=SUMIF($B$4:${last}$4,"Executado",B{b.at["1.2"]}:{last}{b.at["1.2"]})'
        return "TCX203", FIN, cell
    if twin == "deixa_de_fora":  # stops a year early: Ano IV out
        r = b.act("A1.2")
        head, short = b.results[0].top + 4, L(b.t - 4)
        cell = b.D(r, "T")
        b.dis[cell] = f'=SUMIF($B${head}:${short}${head},"Previsto",B{r}:{short}{r})'
        return "TCX202", DIS, cell
    if twin == "intervalo_deslocado":  # values one column right: Executado instead of Previsão
        r = b.at["1.3.1"]
        cell = b.F("1.3.1", "T")
        b.fin[cell] = f'=SUMIF($B$4:${L(b.t - 2)}$4,"Previsão",C{r}:{last}{r})'
        return "TCX203", FIN, cell
    if twin == "conta_duas_vezes":
        r = b.at["TOTAL"]
        cell = b.F("TOTAL", "T")
        b.fin[cell] = f'=SUMIF($B$4:${last}$4,"Previsão",B{r}:{last}{r})+B{r}'
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX302", FIN, b.F("1.1.1", "T"))


@habit(case(3, 3, merged=True), "criterio_errado", "deixa_de_fora", "conta_duas_vezes", STALE)
def somarproduto_cabecalho(b: Book, twin):
    """Every all-years total as SUMPRODUCT of a header mask and the row:
    =SUMPRODUCT(--($B$4:$J$4="Previsão"),B7:J7)."""
    _header_sum(b, lambda head, label, values: f'SUMPRODUCT(--({head}="{label}"),{values})')
    last = L(b.t - 1)
    if twin == "criterio_errado":
        r = b.at["1.3"]
        cell = b.F("1.3", "T", "E")
        b.fin[cell] = f'=SUMPRODUCT(--($B$4:${last}$4="Previsão"),B{r}:{last}{r})'
        return "TCX203", FIN, cell
    if twin == "deixa_de_fora":  # stops a year early: Ano III out
        blk = b.results[0]
        head, short, r = blk.top + 4, L(b.t - 4), blk.total
        cell = b.D(r, "T")
        b.dis[cell] = f'=SUMPRODUCT(--($B${head}:${short}${head}="Previsto"),B{r}:{short}{r})'
        return "TCX202", DIS, cell
    if twin == "conta_duas_vezes":
        r, head = b.act("A2.1"), b.results[1].top + 4
        cell = b.D(r, "T")
        b.dis[cell] = f'=SUMPRODUCT(--($B${head}:${last}${head}="Previsto"),B{r}:{last}{r})+E{r}'
        return "TCX203", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX302", DIS, b.D(b.results[1].total, "T"))


@habit(case(5, 3, letters="count"), "criterio_errado", "deixa_de_fora", "intervalo_deslocado", STALE)
def somarproduto_mascara(b: Book, twin):
    """Statement subtotals as SUMPRODUCT of a mask on the labels times the values:
    =SUMPRODUCT((LEFT($A$11:$A$26,4)="1.3.")*B11:B26)."""
    ends = {"1.1": "1.11", "1.3": "1.11", "1.8": "1.10", "4.1": "4.2"}  # shifted by a row, still above TOTAL

    def mask(code, c, prefix=None, last=None, shift=0):
        r1, r2 = b.at[SUBS[code][0]], b.at[last or ends[code]]
        prefix = prefix or code + "."
        return f'SUMPRODUCT((LEFT($A${r1}:$A${r2},{len(prefix)})="{prefix}")*{c}{r1 + shift}:{c}{r2 + shift})'
    for code in SUBS:
        b.fin_row(code, lambda c, p, f: mask(code, c))
    if twin == "criterio_errado":  # "1.1" also takes 1.10 Depreciação
        cell = b.F("1.1")
        b.fin[cell] = "=" + mask("1.1", "B", prefix="1.1")
        return "TCX203", FIN, cell
    if twin == "deixa_de_fora":
        cell = b.F("1.3", 2)
        b.fin[cell] = "=" + mask("1.3", b.c(2), last="1.3.4")
        return "TCX202", FIN, cell
    if twin == "intervalo_deslocado":  # values one row below the mask: 1.8.1 out, 1.9 in
        cell = b.F("1.8", 1)
        b.fin[cell] = "=" + mask("1.8", "B", shift=1)
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("4.1", 1, "E"))


@habit(case(3, 5), "criterio_errado", "deixa_de_fora", "intervalo_deslocado", STALE)
def somases_duplo(b: Book, twin):
    """The disbursement summary by SUMIFS on the activity codes down the all-years column:
    line 1 = SUMIFS($Q$3:$Q$50,$A$3:$A$50,"A*",$A$3:$A$50,"<>AM*"), line 2 = the "AM*" rows."""
    t, end = b.c("T"), b.summary["head"] - 1

    def sumifs(criteria, last=None, shift=0):
        last = last or end
        crit = ",".join(f'$A$3:$A${last},"{x}"' for x in criteria)
        return f"SUMIFS(${t}${3 + shift}:${t}${last + shift},{crit})"
    line1, line2 = f"B{b.summary[1]}", f"B{b.summary[2]}"
    b.dis[line1] = "=" + sumifs(("A*", "<>AM*"))
    b.dis[line2] = "=" + sumifs(("AM*",))
    if twin == "criterio_errado":  # "<>AM" without the wildcard keeps the monitoring rows
        b.dis[line1] = "=" + sumifs(("A*", "<>AM"))
        return "TCX203", DIS, line1
    if twin == "deixa_de_fora":  # the ranges stop above the last activity of the last result
        b.dis[line1] = "=" + sumifs(("A*", "<>AM*"), last=b.results[-1].last - 1)
        return "TCX202", DIS, line1
    if twin == "intervalo_deslocado":  # values one row below the codes
        b.dis[line1] = "=" + sumifs(("A*", "<>AM*"), shift=1)
        return "TCX203", DIS, line1
    if twin == STALE:
        return b.stale_at("TCX304", DIS, line2)


NAMES = {"1.1": "Coordenacao", "1.3": "Terceiros", "1.8": "Transporte", "4.1": "Tangivel"}


@habit(case(2, 3, indirect="block"), "nome_errado", "deixa_de_fora", "conta_duas_vezes", STALE)
def nomes_pasta(b: Book, twin):
    """Statement subtotals over workbook-scope defined names, one per subtotal, field and
    year: 1.3 Ano I = SUM(Terceiros_Prev_Ano_I), Terceiros_Prev_Ano_I = 'Execução
    Financeira'!$B$11:$B$15."""
    def nm(code, y, f):
        return f"{NAMES[code]}_{'Prev' if f == 'P' else 'Exec'}_Ano_{ROMAN[y - 1]}"

    def target(code, y, f, first=None, last=None, field=None):
        first, last = first or SUBS[code][0], last or SUBS[code][-1]
        return f"'{FIN}'!{b.F(first, y, field or f, True)}:{b.F(last, y, field or f, True)}"
    for code in SUBS:
        for y in b.years:
            for f in "PE":
                b.name(nm(code, y, f), target(code, y, f))
                b.fin[b.F(code, y, f)] = f"=SUM({nm(code, y, f)})"
    if twin == "nome_errado":  # the name of 1.3's planned Ano II points at the Executado column
        b.name(nm("1.3", 2, "P"), target("1.3", 2, "P", field="E"))
        return "TCX203", FIN, b.F("1.3", 2)
    if twin == "deixa_de_fora":
        b.name(nm("1.8", 1, "P"), target("1.8", 1, "P", last="1.8.2"))
        return "TCX202", FIN, b.F("1.8", 1)
    if twin == "conta_duas_vezes":
        cell = b.F("4.1", 1)
        b.fin[cell] = f"=SUM({nm('4.1', 1, 'P')})+{b.F('4.1.1')}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("1.1", 1))


@habit(case(3, 4), "nome_errado", "deixa_de_fora", "conta_duas_vezes", STALE)
def nomes_planilha(b: Book, twin):
    """Block totals over sheet-scope defined names (local to the disbursement sheet):
    =SUM(BlocoA_Prev_Ano_I). As when a sheet is copied, workbook-scope names of the same
    names remain, pointing at a draft sheet 'Rascunho'; inside the disbursement sheet the
    sheet's own names win."""
    draft = b.wb.create_sheet("Rascunho")
    draft["A1"] = "Rascunho (não usar)"
    for r in range(2, 40):
        draft.cell(r, 2, 7 * r)

    def nm(blk, y, f):
        return f"Bloco{blk.letter.strip('()')}_{'Prev' if f == 'P' else 'Exec'}_Ano_{ROMAN[y - 1]}"

    def target(blk, y, f, last=None, field=None):
        c = b.c(y, field or f)
        return f"'{DIS}'!${c}${blk.first}:${c}${last or blk.last}"
    for i, blk in enumerate(b.blocks):
        for y in b.years:
            for f in "PE":
                b.name(nm(blk, y, f), target(blk, y, f), sheet=b.dis)
                b.name(nm(blk, y, f), f"Rascunho!$B${2 + i}:$B${3 + i}")
                b.dis[b.D(blk.total, y, f)] = f"=SUM({nm(blk, y, f)})"
    if twin == "nome_errado":  # block B's planned Ano II name points at the Executado column
        blk = b.results[1]
        b.name(nm(blk, 2, "P"), target(blk, 2, "P", field="E"), sheet=b.dis)
        return "TCX203", DIS, b.D(blk.total, 2)
    if twin == "deixa_de_fora":
        blk = b.results[0]
        b.name(nm(blk, 1, "E"), target(blk, 1, "E", last=blk.last - 1), sheet=b.dis)
        return "TCX202", DIS, b.D(blk.total, 1, "E")
    if twin == "conta_duas_vezes":
        blk = b.mon
        cell = b.D(blk.total, 3)
        b.dis[cell] = f"=SUM({nm(blk, 3, 'P')})+{b.D(blk.first, 3)}"
        return "TCX203", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX301", DIS, b.D(b.results[2].total, 3))


@habit(case(3, 3), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def memoria_calculo(b: Book, twin):
    """Statement inputs as references into a helper sheet: ='Memória de Cálculo'!C7, the
    helper holding the numbers, or for some accounts its own SUM of three items."""
    where = b.helper_table(detailed=("1.2", "1.3.1", "1.3.2", "4.1.2", "3"))
    b.inputs_from(lambda code, key: memo(where[(code, key)]))
    if twin == "deixa_de_fora":
        cell = b.F("1.3")
        b.fin[cell] = "=" + "+".join(b.F(c) for c in SUBS["1.3"][:-1])
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":  # 1.3.1 again, through the helper cell it reads
        cell = b.F("1.3", 2)
        b.fin[cell] = f"=SUM({b.Fr('1.3.1', '1.3.5', 2)})+{memo(where[('1.3.1', 2)])}"
        return "TCX203", FIN, cell
    if twin == "item_estranho":  # the helper's unallocated reserve
        cell = b.F("1.8", 1)
        b.fin[cell] = f"={b.F('1.8.1')}+{b.F('1.8.2')}+{b.F('1.8.3')}+{memo(where['reserve'])}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("1.3"))


def _formula_of(cents: int, k: int) -> str:
    """An amount as an analyst types it: 8500*12, or two parts 1000+250.5."""
    if cents % 1200 == 0 and k % 2 == 0:
        return f"{cents // 1200}*12"
    head = (cents // 200) * 100
    return f"{money_text(head)}+{money_text(cents - head)}"


@habit(case(2, 5), "deixa_de_fora", "conta_duas_vezes", "invertido", STALE)
def constantes_formula(b: Book, twin):
    """Inputs typed as constant formulas, =8500*12 or =1000+250.5: every planned amount of
    the statement and of the disbursement schedule, and the statement's Executado."""
    b.inputs_from(lambda code, key: _formula_of(b.planned[code][key - 1] if key != "E" else b.executed[code],
                                                LEAVES.index(code)))
    for blk in b.blocks:
        for r in range(blk.first, blk.last + 1):
            for y in b.years:
                v = b.dis[b.D(r, y)].value
                b.dis[b.D(r, y)] = "=" + _formula_of(round(v * 100), r + y)
    if twin == "deixa_de_fora":
        cell = b.F("1.1", 3)
        b.fin[cell] = f"={b.F('1.1.1', 3)}"
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        blk = b.results[0]
        cell = b.D(blk.total, 1)
        b.dis[cell] = f"=SUM({b.D(blk.top, 1)}:{b.D(blk.last, 1)})+{b.D(blk.first, 1)}"
        return "TCX203", DIS, cell
    if twin == "invertido":
        cell = b.F("1.1.1", 1, "%")
        b.fin[cell] = f'=IFERROR({b.F("1.1.1")}/{b.F("1.1.1", 1, "E")},"")'
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX302", DIS, b.D(b.results[0].total, "T"))


@habit(case(3, 2, indirect="block"), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def procv_memoria(b: Book, twin):
    """Statement inputs looked up in a helper sheet by code:
    =VLOOKUP("1.3.1",'Memória de Cálculo'!$A$4:$E$40,3,FALSE)."""
    where = b.helper_table(detailed=("1.2",))
    cols = where["cols"]

    def look(code, key):
        return f'VLOOKUP("{code}",{memo(where["table"])},{cols[key]},FALSE)'
    b.inputs_from(look)
    if twin == "deixa_de_fora":
        cell = b.F("TOTAL4")
        b.fin[cell] = f"={b.F('4.1')}"
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("1.1", 2)
        b.fin[cell] = f"={b.F('1.1.1', 2)}+{b.F('1.1.2', 2)}+{b.F('1.1.2', 2)}"
        return "TCX203", FIN, cell
    if twin == "item_estranho":  # 1.4 looked up into 1.3
        cell = b.F("1.3")
        b.fin[cell] = f"=SUM({b.Fr('1.3.1', '1.3.5')})+{look('1.4', 1)}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX302", FIN, b.F("1.1.1", "T"))


@habit(case(2, 5, indirect="block"), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def indice_corresp(b: Book, twin):
    """Statement inputs by INDEX/MATCH into a helper sheet:
    =INDEX('Memória de Cálculo'!$C$4:$C$40,MATCH("1.3.1",'Memória de Cálculo'!$A$4:$A$40,0))."""
    where = b.helper_table(detailed=("1.3.3", "1.8.3"))
    first, last = where["rows"]

    def look(code, key):
        c = L(where["cols"][key])
        return (f"INDEX({memo(f'${c}${first}:${c}${last}')},"
                f'MATCH("{code}",{memo(f"$A${first}:$A${last}")},0))')
    b.inputs_from(look)
    if twin == "deixa_de_fora":
        cell = b.F("1.8", 4)
        b.fin[cell] = f"={b.F('1.8.1', 4)}+{b.F('1.8.3', 4)}"
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("TOTAL", 5)
        b.fin[cell] = f"={b.F('SUBTOTAL', 5)}+{b.F('3', 5)}+{b.F('TOTAL4', 5)}+{b.F('3', 5)}"
        return "TCX203", FIN, cell
    if twin == "item_estranho":
        cell = b.F("1.3")
        b.fin[cell] = f"=SUM({b.Fr('1.3.1', '1.3.5')})+{look('1.4', 1)}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("4.1", 2))


def _pct_twins(b: Book, twin, guard: Callable[[str, str], str], stale: tuple[str, str]):
    """The percentage mistakes, written with the habit's own guard ``guard(e, p)``."""
    if twin == "invertido":
        cell = b.F("1.2", 1, "%")
        b.fin[cell] = "=" + guard(b.F("1.2"), b.F("1.2", 1, "E"))
        return "TCX203", FIN, cell
    if twin == "denominador_errado":  # 1.3.1 over the whole of 1.3
        cell = b.F("1.3.1", 1, "%")
        b.fin[cell] = "=" + guard(b.F("1.3.1", 1, "E"), b.F("1.3"))
        return "TCX203", FIN, cell
    if twin == "numerador_errado":  # the next activity's Executado
        r = b.act("A1.1")
        cell = b.D(r, 1, "%")
        b.dis[cell] = "=" + guard(b.D(r + 1, 1, "E"), b.D(r, 1))
        return "TCX203", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX303", *stale, step=PCT_STEP)


@habit(case(3, 3), "invertido", "denominador_errado", "numerador_errado", STALE)
def pct_seerro_traco(b: Book, twin):
    """Every percentage as IFERROR(E/P,"-")."""
    def guard(e, p):
        return f'IFERROR({e}/{p},"-")'
    b.set_pcts(guard)
    return _pct_twins(b, twin, guard, (FIN, b.F("1.2", 1, "%")))


@habit(case(2, 4), "invertido", "denominador_errado", "numerador_errado", STALE)
def pct_se_zero_na(b: Book, twin):
    """Every percentage as IF(P=0,"n/a",E/P)."""
    def guard(e, p):
        return f'IF({p}=0,"n/a",{e}/{p})'
    b.set_pcts(guard)
    return _pct_twins(b, twin, guard, (DIS, b.D(b.results[0].total, 1, "%")))


@habit(case(3, 5), "numerador_errado", "invertido", "denominador_errado", STALE)
def pct_se_maior_zero(b: Book, twin):
    """Every percentage as IF(P>0,E/P,0)."""
    def guard(e, p):
        return f"IF({p}>0,{e}/{p},0)"
    b.set_pcts(guard)
    return _pct_twins(b, twin, guard, (FIN, b.F("TOTAL", 1, "%")))


@habit(case(2, 3), "ramo_trocado", "numerador_errado", "invertido", STALE)
def pct_se_eerro(b: Book, twin):
    """Every percentage as IF(ISERROR(E/P),"-",E/P). Twin ``ramo_trocado``: the guard tests
    E/P but shows P/E."""
    def guard(e, p):
        return f'IF(ISERROR({e}/{p}),"-",{e}/{p})'
    b.set_pcts(guard)
    if twin == "ramo_trocado":
        e, p = b.F("1.3.2", 1, "E"), b.F("1.3.2")
        cell = b.F("1.3.2", 1, "%")
        b.fin[cell] = f'=IF(ISERROR({e}/{p}),"-",{p}/{e})'
        return "TCX203", FIN, cell
    return _pct_twins(b, twin, guard, (DIS, b.D(b.act("A1.1"), 1, "%")))


@habit(case(3, 4), "invertido", "denominador_errado", "numerador_errado", STALE)
def pct_se_e_numero(b: Book, twin):
    """Every percentage as IF(AND(P<>0,ISNUMBER(E)),E/P,""): empty until something is executed."""
    def guard(e, p):
        return f'IF(AND({p}<>0,ISNUMBER({e})),{e}/{p},"")'
    b.set_pcts(guard)
    return _pct_twins(b, twin, guard, (FIN, b.F("1.3.1", 1, "%")))


@habit(case(3, 3, merged=True), "arredondamento_grosso", "percentual_arredondado", "deixa_de_fora", STALE)
def arredonda(b: Book, twin):
    """Totals as ROUND(SUM(…),2) or ROUND(a+b,2), percentages as IFERROR(ROUND(E/P,4),"").
    Twins: money rounded to reais (ROUND(…,0)) and a percentage rounded to whole percents
    (ROUND(E/P,2)) lose what the total must show."""
    for code, parts in TOTALS.items():
        b.fin_row(code, lambda c, p, f: "ROUND(" + "+".join(f"{c}{b.at[x]}" for x in parts) + ",2)")
    for code in SUBS:
        first, last = _rows(b, code)
        b.fin_row(code, lambda c, p, f: f"ROUND(SUM({c}{first}:{c}{last}),2)")
    for code in LEAVES:
        for f in "PE":
            b.fin[b.F(code, "T", f)] = "=ROUND(SUM(" + ",".join(b.F(code, y, f) for y in b.years) + "),2)"
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"ROUND(SUM({c}{blk.first}:{c}{blk.last}),2)")
    b.set_pcts(lambda e, p: f'IFERROR(ROUND({e}/{p},4),"")')
    if twin == "arredondamento_grosso":
        cell = b.F("1.3")
        b.fin[cell] = f"=ROUND(SUM({b.Fr('1.3.1', '1.3.5')}),0)"
        return "TCX203", FIN, cell
    if twin == "percentual_arredondado":
        cell = b.F("1.3.1", 1, "%")
        b.fin[cell] = f'=IFERROR(ROUND({b.F("1.3.1", 1, "E")}/{b.F("1.3.1")},2),"")'
        return "TCX203", FIN, cell
    if twin == "deixa_de_fora":
        blk = b.results[0]
        cell = b.D(blk.total, 1)
        b.dis[cell] = f"=ROUND(SUM({b.Dr(blk, 1, last=blk.last - 1)}),2)"
        return "TCX202", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX302", FIN, b.F("1.1", "T"))


@habit(case(2, 2), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def n_por_item(b: Book, twin):
    """Every total of the statement and every block total as N() of each part added:
    =N(B11)+N(B12)+N(B13)+N(B14)+N(B15)."""
    for code, parts in TOTALS.items():
        b.fin_row(code, lambda c, p, f: "+".join(f"N({c}{b.at[x]})" for x in parts))
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: "+".join(f"N({c}{r})" for r in range(blk.first, blk.last + 1)))
    if twin == "deixa_de_fora":
        cell = b.F("1.3")
        b.fin[cell] = "=" + "+".join(f"N({b.F(x)})" for x in SUBS["1.3"] if x != "1.3.3")
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("TOTAL", 2)
        b.fin[cell] = "=" + "+".join(f"N({b.F(x, 2)})" for x in [*TOTALS["TOTAL"], "3"])
        return "TCX203", FIN, cell
    if twin == "item_estranho":
        blk = b.results[0]
        cell = b.D(blk.total, 1)
        b.dis[cell] = "=" + "+".join(f"N(B{r})" for r in [*range(blk.first, blk.last + 1), b.results[1].first])
        return "TCX203", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("TOTAL4"))


@habit(case(3, 4, indirect="block"), "deixa_de_fora", "intervalo_deslocado", "conta_duas_vezes", STALE)
def desloc_indice(b: Book, twin):
    """Ranges that find their own end: block totals as SUM(B8:INDEX(B:B,ROW()-1)), the
    statement's subtotals as SUM(OFFSET(B11,0,0,ROWS($A$11:$A$15),1))."""
    def offset(code, c, down=0):
        first, last = _rows(b, code)
        return f"SUM(OFFSET({c}{first},{down},0,ROWS($A${first}:$A${last}),1))"
    for code in SUBS:
        b.fin_row(code, lambda c, p, f: offset(code, c))
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: f"SUM({c}{blk.first}:INDEX({c}:{c},ROW()-1))")
    if twin == "deixa_de_fora":
        blk = b.results[0]
        cell = b.D(blk.total, 1)
        b.dis[cell] = f"=SUM(B{blk.first}:INDEX(B:B,ROW()-2))"
        return "TCX202", DIS, cell
    if twin == "intervalo_deslocado":  # one row down: 1.3.1 out, 1.4 in
        cell = b.F("1.3")
        b.fin[cell] = "=" + offset("1.3", "B", down=1)
        return "TCX203", FIN, cell
    if twin == "conta_duas_vezes":
        cell = b.F("1.8", 2)
        b.fin[cell] = "=" + offset("1.8", b.c(2)) + f"+{b.F('1.8.1', 2)}"
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", DIS, b.D(b.mon.total, 2))


@habit(case(3, 5), "deixa_de_fora", "item_estranho", "referencia_errada", STALE)
def resumo_referencias(b: Book, twin):
    """The summary's lines as references to another sheet's cells: a sheet 'Totais por
    Bloco' copies each block's Total Quinquênio, line 1 = SUM('Totais por Bloco'!B3:B5),
    line 2 = 'Totais por Bloco'!B6, and line 3 (E) = account 3's Total Quinquênio in the
    statement (an input that is a formula)."""
    ws = b.wb.create_sheet("Totais por Bloco")
    ws["A1"] = "TOTAIS POR BLOCO (cópia do cronograma de desembolso)"
    ws["A2"], ws["B2"] = "Bloco", "Total do bloco"
    rows = {}
    for i, blk in enumerate(b.blocks):
        ws.cell(3 + i, 1, blk.letter)
        ws.cell(3 + i, 2, f"='{DIS}'!{b.D(blk.total, 'T')}")
        rows[blk.letter] = 3 + i
    sheet = "'Totais por Bloco'"
    first, last = rows[b.results[0].letter], rows[b.results[-1].letter]
    line1 = f"B{b.summary[1]}"
    b.dis[line1] = f"=SUM({sheet}!B{first}:B{last})"
    b.dis[f"B{b.summary[2]}"] = f"={sheet}!B{rows[b.mon.letter]}"
    b.dis[f"B{b.summary[3]}"] = f"='{FIN}'!{b.F('3', 'T')}"
    if twin == "deixa_de_fora":
        b.dis[line1] = f"=SUM({sheet}!B{first}:B{last - 1})"
        return "TCX202", DIS, line1
    if twin == "item_estranho":  # one row too far: the monitoring block in line 1
        b.dis[line1] = f"=SUM({sheet}!B{first}:B{last + 1})"
        return "TCX203", DIS, line1
    if twin == "referencia_errada":  # block B copied from its Executado column
        blk = b.results[1]
        ws.cell(rows[blk.letter], 2, f"='{DIS}'!{b.D(blk.total, 'T', 'E')}")
        return "TCX203", DIS, line1
    if twin == STALE:
        return b.stale_at("TCX304", DIS, line1)


@habit(case(5, 2, letters="count"), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def se_contar_vazio(b: Book, twin):
    """Subtotals and block totals left empty until something is typed:
    IF(COUNT(B11:B15)=0,"",SUM(B11:B15)); what adds them up uses SUM (which skips the
    empty text) and the percentages IFERROR."""
    def guarded(c, first, last, end=None):
        return f'IF(COUNT({c}{first}:{c}{last})=0,"",SUM({c}{first}:{c}{end or last}))'
    for code in SUBS:
        first, last = _rows(b, code)
        b.fin_row(code, lambda c, p, f: guarded(c, first, last))
    for code in ("TOTAL1", "SUBTOTAL", "TOTAL4", "TOTAL"):
        b.fin_row(code, lambda c, p, f: "SUM(" + ",".join(f"{c}{b.at[x]}" for x in TOTALS[code]) + ")")
    for blk in b.blocks:
        b.block_row(blk, lambda c, p, f: guarded(c, blk.first, blk.last))
        for p in b.periods:
            e, pl = b.D(blk.total, p, "E"), b.D(blk.total, p)
            b.dis[b.D(blk.total, p, "%")] = f'=IFERROR(ROUND({e}/{pl},4),"")'
    line1 = f"B{b.summary[1]}"
    b.dis[line1] = "=SUM(" + ",".join(b.D(blk.total, "T") for blk in b.results) + ")"
    if twin == "deixa_de_fora":
        cell = b.F("1.3", 1)
        b.fin[cell] = "=" + guarded("B", b.at["1.3.1"], b.at["1.3.4"])
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        blk = b.results[3]
        cell = b.D(blk.total, 2)
        b.dis[cell] = "=" + guarded(b.c(2), blk.first, blk.last) + f"+{b.D(blk.first, 2)}"
        return "TCX203", DIS, cell
    if twin == "item_estranho":  # the range runs one row into 1.9
        cell = b.F("1.8", 2)
        b.fin[cell] = "=" + guarded(b.c(2), b.at["1.8.1"], b.at["1.8.3"], end=b.at["1.9"])
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("1.8", 2))


@habit(case(3, 3, indirect="block"), "deixa_de_fora", "item_estranho", "conta_duas_vezes", STALE)
def intervalo_com_rotulos(b: Book, twin):
    """Totals over whole ranges that span blank spacer rows and header labels: each block
    total from the row after the previous block's total (the first from its title), the
    summary's total from its 'Valor (R$)' header."""
    starts = {}
    for i, blk in enumerate(b.blocks):
        start = blk.top if i == 0 else b.blocks[i - 1].total + 1
        starts[blk.letter] = start
        b.block_row(blk, lambda c, p, f: f"SUM({c}{start}:{c}{blk.last})")
    total = f"B{b.summary['total']}"
    b.dis[total] = f"=SUM(B{b.summary['head']}:B{b.summary[3]})"
    if twin == "deixa_de_fora":
        blk = b.results[1]
        cell = b.D(blk.total, 1)
        b.dis[cell] = f"=SUM({b.Dr(blk, 1, first=starts[blk.letter], last=blk.last - 1)})"
        return "TCX202", DIS, cell
    if twin == "item_estranho":  # starts one row too high: the previous block's total in
        blk = b.results[1]
        cell = b.D(blk.total, 2)
        b.dis[cell] = f"=SUM({b.Dr(blk, 2, first=b.results[0].total)})"
        return "TCX203", DIS, cell
    if twin == "conta_duas_vezes":
        blk = b.results[0]
        cell = b.D(blk.total, "T")
        b.dis[cell] = f"=SUM({b.Dr(blk, 'T', first=starts[blk.letter])})+{b.D(blk.first, 'T')}"
        return "TCX203", DIS, cell
    if twin == STALE:
        return b.stale_at("TCX304", DIS, total)


@habit(case(2, 4), "deixa_de_fora", "conta_duas_vezes", "item_estranho", STALE)
def total_anos_pela_linha(b: Book, twin):
    """Every all-years total (Total Quadriênio) across its row, totals included:
    =B39+E39+H39+K39 (the model's totals are also right down the column)."""
    for code in CODES:
        if code not in ("1", "4", "PCT3"):
            for f in "PE":
                b.fin[b.F(code, "T", f)] = "=" + "+".join(b.F(code, y, f) for y in b.years)
    for blk in b.blocks:
        for f in "PE":
            b.dis[b.D(blk.total, "T", f)] = "=" + "+".join(b.D(blk.total, y, f) for y in b.years)
    if twin == "deixa_de_fora":
        cell = b.F("TOTAL", "T")
        b.fin[cell] = "=" + "+".join(b.F("TOTAL", y) for y in b.years[:-1])
        return "TCX202", FIN, cell
    if twin == "conta_duas_vezes":
        blk = b.results[0]
        cell = b.D(blk.total, "T")
        b.dis[cell] = "=" + "+".join(b.D(blk.total, y) for y in [*b.years, 2])
        return "TCX203", DIS, cell
    if twin == "item_estranho":  # Ano I's Executado among the planned years
        cell = b.F("1.2", "T")
        b.fin[cell] = "=" + "+".join([b.F("1.2", 1, "E"), *(b.F("1.2", y) for y in b.years)])
        return "TCX203", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX302", FIN, b.F("SUBTOTAL", "T"))


@habit(case(3, 3), "deixa_de_fora", "criterio_errado", "conta_duas_vezes", STALE)
def somase_letra_bloco(b: Book, twin):
    """The summary by the block letters written beside each 'Total (R$)':
    line 1 = SUMPRODUCT(SUMIF($N$3:$N$40,{"(A)","(B)","(C)"},$K$3:$K$40)),
    line 2 = SUMIF($N$3:$N$40,"(D)",$K$3:$K$40)."""
    t, letters, end = b.c("T"), L(b.t + 3), b.summary["head"] - 1

    def by(*wanted):
        crit = wanted[0] if len(wanted) == 1 else "{" + ",".join(wanted) + "}"
        f = f"SUMIF(${letters}$3:${letters}${end},{crit},${t}$3:${t}${end})"
        return f if len(wanted) == 1 else f"SUMPRODUCT({f})"
    ours = [f'"{blk.letter}"' for blk in b.results]
    line1, line2 = f"B{b.summary[1]}", f"B{b.summary[2]}"
    b.dis[line1] = "=" + by(*ours)
    b.dis[line2] = "=" + by(f'"{b.mon.letter}"')
    if twin == "deixa_de_fora":
        b.dis[line1] = "=" + by(*ours[:-1])
        return "TCX202", DIS, line1
    if twin == "criterio_errado":  # the monitoring letter instead of the last result's
        b.dis[line1] = "=" + by(*ours[:-1], f'"{b.mon.letter}"')
        return "TCX203", DIS, line1
    if twin == "conta_duas_vezes":
        b.dis[line1] = "=" + by(*ours, ours[0])
        return "TCX203", DIS, line1
    if twin == STALE:
        return b.stale_at("TCX304", DIS, line1)


@habit(case(3, 2), "subtotal_nao_descontado", "desconta_duas_vezes", "intervalo_deslocado", STALE)
def subtrai_subtotais(b: Book, twin):
    """Grand totals as the whole range minus the subtotals inside it:
    TOTAL DOS CUSTOS DIRETOS = SUM(B6:B26)-B6-B10-B20, TOTAL CAPITAL = SUM(B32:B37)-B32."""
    def minus(c, first, last, subtracted):
        return f"SUM({c}{b.at[first]}:{c}{b.at[last]})" + "".join(f"-{c}{b.at[x]}" for x in subtracted)
    b.fin_row("TOTAL1", lambda c, p, f: minus(c, "1.1", "1.11", ("1.1", "1.3", "1.8")))
    b.fin_row("TOTAL4", lambda c, p, f: minus(c, "4.1", "4.2", ("4.1",)))
    if twin == "subtotal_nao_descontado":  # 1.8 not taken off: its items counted twice
        cell = b.F("TOTAL1")
        b.fin[cell] = "=" + minus("B", "1.1", "1.11", ("1.1", "1.3"))
        return "TCX203", FIN, cell
    if twin == "desconta_duas_vezes":  # 1.8 taken off twice: its items left out
        cell = b.F("TOTAL1", 2)
        b.fin[cell] = "=" + minus(b.c(2), "1.1", "1.11", ("1.1", "1.3", "1.8", "1.8"))
        return "TCX202", FIN, cell
    if twin == "intervalo_deslocado":  # the range one row short: 1.11 out
        cell = b.F("TOTAL1", 1, "E")
        b.fin[cell] = "=" + minus("C", "1.1", "1.10", ("1.1", "1.3", "1.8"))
        return "TCX202", FIN, cell
    if twin == STALE:
        return b.stale_at("TCX301", FIN, b.F("TOTAL1", 2))


# -- writing the corpus ----------------------------------------------------------------------
def base_book(spec: dict, path: Path) -> Book:
    """The workbook every habit starts from (make_modelo's, every account filled in), saved."""
    b = Book(spec, path)
    b.wb.properties.creator = "analista"
    b.wb.save(path)
    return b


def build(name: str, twin: str | None, path: Path) -> tuple[dict, Book]:
    """Write one workbook of habit ``name`` (clean when ``twin`` is None); return its
    expected reading and the book (for a stale twin: the clean book and the cell)."""
    func, base, _ = HABITS[name]
    b = Book(base, path)
    finding = func(b, twin)
    assert (finding is None) == (twin is None), (name, twin)
    b.wb.properties.creator = "analista"
    b.wb.save(path)
    out = {"habit": name, **b.expected()}
    if twin:
        out |= {"kind": twin, "finding": list(finding[:3])}
        if len(finding) > 3:  # the same mistake makes these cells wrong too (same code, same sheet)
            out["also"] = list(finding[3])
    return out, b


def files() -> list[tuple[str, str | None]]:
    """(habit, twin) of every file, in order; file name ``habit[__twin].xlsx``."""
    return [(name, twin) for name, (_, _, twins) in HABITS.items() for twin in (None, *twins)]


def file_name(name: str, twin: str | None) -> str:
    return f"{name}__{twin}.xlsx" if twin else f"{name}.xlsx"


def main(folder: Path, libreoffice: bool = True) -> dict:
    """Write the corpus into ``folder``; without ``libreoffice``, only the files openpyxl
    writes (the stale twins are skipped, their expected reading still returned)."""
    folder.mkdir(parents=True, exist_ok=True)
    expected, stale = {}, {}
    with tempfile.TemporaryDirectory(prefix="habitos-") as tmp:
        tmp = Path(tmp)
        (tmp / "antes").mkdir()
        for name, twin in files():
            fname = file_name(name, twin)
            if twin == STALE:
                expected[fname], b = build(name, twin, tmp / "antes" / fname)
                sheet, cell, step = b.stale
                ws = b.wb[sheet]  # the total's result off by ``step``, so all above it agree with it
                stale[fname] = (name, sheet, cell, step)
                ws[cell] = f"=({ws[cell].value[1:]})+{step}"
                b.wb.save(tmp / "antes" / fname)
            else:
                expected[fname], _ = build(name, twin, folder / fname)
        if libreoffice:
            _resave_and_verify(folder, tmp, expected, stale)
    lines = (f" {json.dumps(name, ensure_ascii=False)}: "
             f"{json.dumps(expected[name], ensure_ascii=False, separators=(',', ':'), sort_keys=True)}"
             for name in sorted(expected))
    (folder / "esperado.json").write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")  # a file a line
    return expected


def _resave_and_verify(folder: Path, tmp: Path, expected: dict, stale: dict) -> None:
    from tcxl import libreoffice  # noqa: PLC0415 (only generation needs tcxl and LibreOffice)
    names = [n for n in expected if n not in stale]
    srcs = [folder / n for n in names] + [tmp / "antes" / n for n in stale]
    resaved = dict(zip([*names, *stale], libreoffice.convert_many(srcs, tmp / "lo")))
    problems = []
    for n in names:
        if "finding" not in expected[n]:
            problems += verify_clean(resaved[n], expected[n])
        else:
            problems += verify_twin(resaved[n], resaved[f"{expected[n]['habit']}.xlsx"], expected[n])
    for n, (habit_name, sheet, cell, step) in stale.items():
        clean = resaved[f"{habit_name}.xlsx"]
        patch_formula(resaved[n], clean, sheet, cell, folder / n)
        problems += verify_stale(folder / n, clean, sheet, cell, step)
    if problems:
        raise AssertionError("corpus inconsistente:\n" + "\n".join(problems))


# -- stale results: the clean formula put back into the re-saved file ----------------------------
def _sheet_xml(z: zipfile.ZipFile, sheet: str) -> str:
    book = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    rid = re.search(r'<sheet [^>]*name="' + re.escape(sheet) + r'"[^>]*r:id="([^"]+)"', book)[1]
    target = re.search(r'<Relationship [^>]*Id="' + rid + r'"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(r'<Relationship [^>]*Target="([^"]+)"[^>]*Id="' + rid + '"', rels)
    path = target[1].lstrip("/")
    return path if path.startswith("xl/") else "xl/" + path


def _cell_pattern(cell: str) -> re.Pattern:
    return re.compile(r'<c r="' + cell + r'"[^>]*?(?:/>|>.*?</c>)', re.S)


def patch_formula(resaved: Path, clean: Path, sheet: str, cell: str, out: Path) -> None:
    """Copy ``resaved`` to ``out`` with the formula of ``cell`` taken from ``clean`` (both
    re-saved by LibreOffice); its stored result stays the one ``resaved`` holds."""
    with zipfile.ZipFile(clean) as z:
        xml = z.read(_sheet_xml(z, sheet)).decode("utf-8")
        formula = re.search(r"<f[^>]*>.*?</f>", _cell_pattern(cell).search(xml)[0], re.S)[0]
    with zipfile.ZipFile(resaved) as z:
        part = _sheet_xml(z, sheet)
        items = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == part:
                xml = data.decode("utf-8")
                old = _cell_pattern(cell).search(xml)[0]
                new, count = re.subn(r"<f[^>]*>.*?</f>", lambda _: formula, old, count=1, flags=re.S)
                assert count == 1, (resaved, cell, old)
                data = xml.replace(old, new, 1).encode("utf-8")
            z.writestr(info, data)


# -- checking the corpus with LibreOffice's own results -------------------------------------
def _values(path: Path):
    return openpyxl.load_workbook(path, data_only=True)


def _close(a, b, step=0.005) -> bool:
    return isinstance(a, (int, float)) and not isinstance(a, bool) and abs(a - b) <= step


def verify_clean(resaved: Path, expected: dict) -> list[str]:
    """Problems with a clean file as LibreOffice computed it: every account's planned
    money per year and all-years total, Ano I's Executado and %, every activity, block
    total and summary line must be what the inputs add up to; no error values."""
    wb = _values(resaved)
    fin, dis = wb[FIN], wb[DIS]
    n = expected["years"]
    at = {code: 5 + i for i, code in enumerate(CODES)}
    t = 2 + 3 * n
    bad = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and (c.value.startswith("#") or c.value.startswith("Err:")):
                    bad.append(f"{resaved.name}: {ws.title}!{c.coordinate} = {c.value}")
    for code, values in expected["financial"].items():
        for y, v in enumerate(values, start=1):
            got = fin.cell(at[code], 2 + 3 * (y - 1)).value
            if not (_close(got, v or 0) or (v is None and got is None)):
                bad.append(f"{resaved.name}: {code} Ano {y}: {got!r} != {v}")
        total = round(sum(v or 0 for v in values), 2)
        if not _close(fin.cell(at[code], t).value, total):
            bad.append(f"{resaved.name}: {code} total: {fin.cell(at[code], t).value!r} != {total}")
        done = expected["executed_year_1"].get(code)
        got = fin.cell(at[code], 3).value
        if not (_close(got, done or 0) or (done is None and got is None)):
            bad.append(f"{resaved.name}: {code} Executado Ano I: {got!r} != {done}")
        if not _close(fin.cell(at[code], t + 1).value, done or 0):
            bad.append(f"{resaved.name}: {code} Executado total: {fin.cell(at[code], t + 1).value!r} != {done}")
        pct = fin.cell(at[code], 4).value
        if values[0] and isinstance(pct, (int, float)):
            if not _close(pct, (done or 0) / values[0], 0.00005):
                bad.append(f"{resaved.name}: {code} % Ano I: {pct!r} != {(done or 0) / values[0]}")
        elif values[0] and done:
            bad.append(f"{resaved.name}: {code} % Ano I shows {pct!r}")
    grand = expected["financial"]["TOTAL"]
    pct3 = fin.cell(at["PCT3"], 2).value
    if not _close(pct3, expected["financial"]["3"][0] / grand[0], 0.00005):
        bad.append(f"{resaved.name}: % indiretos Ano I: {pct3!r}")
    blocks = blocks_of(dis, n)
    sums = {}
    for blk in blocks:
        for y in range(1, n + 1):
            want = 0.0
            for r, code in zip(range(blk.first, blk.last + 1), blk.codes):
                v = dis.cell(r, 2 + 3 * (y - 1)).value
                if code in expected["disbursement"] and not _close(v, expected["disbursement"][code][y - 1]):
                    bad.append(f"{resaved.name}: {code} Ano {y}: {v!r}")
                want += v if isinstance(v, (int, float)) else 0
            got = dis.cell(blk.total, 2 + 3 * (y - 1)).value
            if not _close(got, want):
                bad.append(f"{resaved.name}: bloco {blk.letter} Ano {y}: {got!r} != {want}")
        for f in (0, 1):
            for r in [*range(blk.first, blk.last + 1), blk.total]:
                want = sum(v for y in range(1, n + 1)
                           if isinstance(v := dis.cell(r, 2 + 3 * (y - 1) + f).value, (int, float)))
                if not _close(dis.cell(r, t + f).value, want):
                    bad.append(f"{resaved.name}: {DIS}!{L(t + f)}{r}: {dis.cell(r, t + f).value!r} != {want}")
        sums[blk.kind] = sums.get(blk.kind, 0) + dis.cell(blk.total, t).value
    lines = summary_of(dis)
    want = {1: sums["R"], 2: sums["M"], 3: sum(expected["financial"]["3"]), "total": sum(grand)}
    for line, v in want.items():
        if not _close(dis.cell(lines[line], 2).value, round(v, 2)):
            bad.append(f"{resaved.name}: resumo {line}: {dis.cell(lines[line], 2).value!r} != {v}")
    return bad


def verify_twin(resaved: Path, clean: Path, expected: dict) -> list[str]:
    """A twin's planted cell must show something else than the clean file's."""
    _, sheet, cell = expected["finding"]
    got, right = _values(resaved)[sheet][cell].value, _values(clean)[sheet][cell].value
    if not isinstance(right, (int, float)):
        return [f"{clean.name}: {sheet}!{cell} = {right!r} is not a number"]
    step = 0.00005 if abs(right) <= 1 else 0.005
    if _close(got, right, step):
        return [f"{resaved.name}: {sheet}!{cell} = {got!r}, the right value: the mistake does not show"]
    return []


def verify_stale(path: Path, clean: Path, sheet: str, cell: str, step: float) -> list[str]:
    formulas, values = openpyxl.load_workbook(path), _values(path)
    clean_f, clean_v = openpyxl.load_workbook(clean)[sheet][cell].value, _values(clean)[sheet][cell].value
    bad = []
    if formulas[sheet][cell].value != clean_f:
        bad.append(f"{path.name}: {sheet}!{cell} holds {formulas[sheet][cell].value!r}, not {clean_f!r}")
    if not _close(values[sheet][cell].value, clean_v + step, 1e-9):
        bad.append(f"{path.name}: {sheet}!{cell} stored {values[sheet][cell].value!r}, not {clean_v} + {step}")
    return bad


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    print(f"{len(main(target))} arquivos em {target}")
