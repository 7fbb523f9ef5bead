"""A total is judged by what it computes (SPEC §3.1), with and without stored results.

From the built sample, every kind of total is rewritten the ways analysts write it (across
the row or down the column, ``a+b+c``, ranges over headers and spacer rows, guards,
``ROUND``, ``$``) and broken the ways they break it (a part left out or counted twice, a
foreign cell, a flipped sign, a constant, a reference one row off, numerator and
denominator swapped, no guard, another indicator rule). Each variant is applied to every
kind at once in one file; each file is checked as openpyxl saves it (no stored results)
and as LibreOffice re-saves it (stored results).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

import tcxl
from conftest import require_libreoffice
from modelo import hand_made
from sheets import find_row, group_columns, summed_cells
from tcxl import libreoffice

FIN, DIS, MAT = "Execução Financeira", "Cronograma de Desembolso", "Matriz de Planejamento"
TODAY = dt.date(2026, 11, 22)
_CELL = re.compile(r"(?<![A-Z$!'])(\$?)([A-Z]{1,3})(\$?)(\d+)")
EXPECTED = {"leave_out": {"TCX202"}, "twice": {"TCX203"}, "foreign": {"TCX203"}, "sign": {"TCX203"},
            "constant": {"TCX203"}, "shift": {"TCX202", "TCX203"}, "swap": {"TCX203"}, "unguard": {"TCX205"},
            "rule": {"TCX306"}, "scale": {"TCX203"}}


def shift(formula: str) -> str:
    """Every reference one row down (a range moved as a whole)."""
    return _CELL.sub(lambda m: f"{m[1]}{m[2]}{m[3]}{int(m[4]) + 1}", formula)


def absolute(formula: str) -> str:
    return _CELL.sub(lambda m: f"${m[2]}${m[4]}", formula)


# -- the kinds of total ---------------------------------------------------------------------
class Kind:
    """One total of the sample: its cell, its formula as built, correct rewrites and mistakes."""

    def __init__(self, name: str, sheet: str, cell: str, formula: str, alternatives: list[str], foreign: str):
        self.name, self.sheet, self.cell, self.formula = name, sheet, cell, formula
        self.alternatives, self.foreign = alternatives, foreign

    def mistakes(self) -> dict[str, str]:
        raise NotImplementedError


class SumKind(Kind):
    def mistakes(self) -> dict[str, str]:
        parts = summed_cells(self.formula)
        out = {"twice": f"=SUM({self.formula[5:-1]})+{parts[0]}",
               "foreign": f"={self.formula[1:]}+{self.foreign}",
               "constant": f"={self.formula[1:]}+1000",
               "shift": shift(self.formula),
               "sign": "=" + "".join(("-" if i == 1 else "+" if i else "") + p for i, p in enumerate(parts))
               if len(parts) > 1 else f"=-{parts[0]}"}
        if len(parts) > 1:
            out["leave_out"] = f"=SUM({','.join(parts[:-1])})"
        return out


class RatioKind(Kind):
    """``=IF(den=0,"",num/den)``."""

    def __init__(self, name, sheet, cell, formula, foreign):
        den, num = re.fullmatch(r'=IF\((\w+)=0,"",(\w+)/\w+\)', formula).groups()
        self.num, self.den = num, den
        alternatives = [f'=IFERROR({num}/{den},"")', f'=IF({den}<>0,ROUND({num}/{den},4),"")',
                        f'=IF(ISERROR({num}/{den}),"",{num}/{den})', f'=IF({den}>0,{absolute(num)}/{den},"")',
                        f'=IF({den},{num}/{den},"")', f'=IFERROR(ROUND({num}/{den}*100,2)/100,"")']
        super().__init__(name, sheet, cell, formula, alternatives, foreign)

    def mistakes(self) -> dict[str, str]:
        n, d = self.num, self.den
        return {"swap": f'=IF({n}=0,"",{d}/{n})', "unguard": f"={n}/{d}", "shift": shift(self.formula),
                "foreign": f'=IF({d}=0,"",({n}+{self.foreign})/{d})', "constant": f'=IF({d}=0,"",{n}/{d}+1)',
                "twice": f'=IF({d}=0,"",({n}+{n})/{d})', "sign": f'=IF({d}=0,"",-{n}/{d})',
                "scale": f'=IF({d}=0,"",{n}/{d}*100)'}


class RuleKind(Kind):
    """A matrix indicator total: ``rule`` over ``parts``."""

    def __init__(self, name, sheet, cell, formula, rule, parts, alternatives, foreign):
        self.rule, self.parts = rule, parts
        super().__init__(name, sheet, cell, formula, alternatives, foreign)

    @staticmethod
    def write(rule: str, parts: list[str], extra: str = "") -> str:
        if rule == "last":
            text = '""'
            for p in parts:
                text = f"IF(ISNUMBER({p}),{p},{text})"
            return f"={text}{extra}"
        refs = ",".join(parts)
        return f'=IF(COUNT({refs})=0,"",{rule.upper()}({refs}){extra})'

    def mistakes(self) -> dict[str, str]:
        out = {"leave_out": self.write(self.rule, self.parts[:-1]),
               "foreign": self.write(self.rule, [*self.parts, self.foreign]),
               "constant": self.write(self.rule, self.parts, "+1"),
               "shift": shift(self.formula),
               "rule": self.write("max" if self.rule != "max" else "sum", self.parts)}
        if self.rule == "sum":
            out["twice"] = self.write("sum", [*self.parts, self.parts[-1]])
            out["sign"] = self.write("sum", [*self.parts[:-1], "-" + self.parts[-1]])
        elif self.rule == "max":
            out["sign"] = self.write("max", [*self.parts[:-1], "-" + self.parts[-1]])
        else:
            out["sign"] = "=-" + self.write("last", self.parts)[1:]
        return out


def kinds(path: Path) -> list[Kind]:
    """Every kind of total of the sample, found by its labels."""
    book = openpyxl.load_workbook(path)
    fin, dis, mat = book[FIN], book[DIS], book[MAT]
    out: list[Kind] = []

    def fcol(year, field):
        return group_columns(fin, year, ("Previsão", "Executado", "%"))[field]

    def frow(label):
        return find_row(fin, label)

    def add_sum(name, ws, cell, alternatives, foreign, formula=None):
        """``formula``: the built formula written the plain way, when it computes its range's end."""
        if formula is not None:
            alternatives = [ws[cell].value, *alternatives]
        out.append(SumKind(name, ws.title, cell, formula or ws[cell].value, alternatives, foreign))

    # Execução Financeira
    b, e, h, k = fcol("Ano I", "Previsão"), fcol("Ano II", "Previsão"), fcol("Ano III", "Previsão"), \
        fcol("Total Triênio", "Previsão")
    c1, l1 = fcol("Ano I", "Executado"), fcol("Total Triênio", "Executado")
    r = {code: frow(label) for code, label in (
        ("1.1", "1.1 Coordenação do Projeto"), ("1.2", "1.2 Salários e Encargos"),
        ("1.3", "1.3 Serviços de Terceiros"),
        ("1.4", "1.4 Outros Serviços de Terceiros"), ("1.8", "1.8 Despesas de Transporte e Hospedagem"),
        ("1.9", "1.9 Locação de Equipamentos e Imóveis"), ("1.11", "1.11 Outras (Especificar)"),
        ("TOTAL1", "TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS"),
        ("2", "2. CUSTOS DIRETOS COMPARTILHADOS: CUSTOS PELO USO DAS UNIDADES ASSISTENCIAIS (detalhes em anexo)"),
        ("SUBTOTAL", "SUBTOTAL (1 + 2)"), ("3", "3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO"),
        ("4", "4.CAPITAL (investimento)"), ("4.1", "4.1 Imobilizado - Tangível"),
        ("4.2", "4.2 Imobilizado - Intangível (especificar)"), ("TOTAL4", "TOTAL CAPITAL (4.1 + 4.2)"),
        ("TOTAL", "TOTAL GERAL (1+2+3+4)"),
        ("PCT3", "% Custos Indiretos de Apoio e Administração/Custo Geral [3 / (1+2+3+4)]"))}
    s13 = f"{b}{r['1.3']}"
    add_sum("subtotal 1.3", fin, s13, [
        "=" + "+".join(f"{b}{x}" for x in range(r["1.3"] + 1, r["1.4"])),
        f"=SUM(${b}${r['1.3'] + 1}:${b}${r['1.4'] - 1})",
        f"=ROUND(SUM({b}{r['1.3'] + 1}:{b}{r['1.4'] - 1}),2)"], f"{b}{r['1.2']}")
    t1 = f"{e}{r['TOTAL1']}"
    subtotals = [r[c] for c in ("1.1", "1.2", "1.3")] + list(range(r["1.4"], r["1.8"] + 1)) + \
        list(range(r["1.9"], r["1.11"] + 1))
    add_sum("TOTAL DOS CUSTOS DIRETOS", fin, t1, [
        "=" + "+".join(f"{e}{x}" for x in subtotals),
        f"=SUM({e}{r['1.1'] + 1}:{e}{r['1.2']},{e}{r['1.3'] + 1}:{e}{r['1.8'] - 1},{e}{r['1.8'] + 1}:{e}{r['1.11']})",
        f"=SUM(${e}${r['1.1']},{e}{r['1.2']}:{e}{r['1.3']},{e}{r['1.4']}:{e}{r['1.8']},{e}{r['1.9']}:{e}{r['1.11']})"],
        f"{e}{r['2']}")
    add_sum("SUBTOTAL", fin, f"{h}{r['SUBTOTAL']}", [
        f"={h}{r['TOTAL1']}+{h}{r['2']}",
        "=SUM(" + ",".join(f"{h}{x}" for x in subtotals) + f",{h}{r['2']})",
        f"=SUM(${h}${r['TOTAL1']}:${h}${r['2']})"], f"{h}{r['3']}")
    add_sum("TOTAL CAPITAL", fin, f"{c1}{r['TOTAL4']}", [
        f"={c1}{r['4.1']}+{c1}{r['4.2']}",
        f"=SUM({c1}{r['4.1'] + 1}:{c1}{r['4.2']})",
        f"=SUM({c1}{r['4']}:{c1}{r['4.1']},{c1}{r['4.2']})"], f"{c1}{r['3']}")  # spans the 4.CAPITAL heading
    add_sum("TOTAL GERAL", fin, f"{b}{r['TOTAL']}", [
        f"={b}{r['TOTAL1']}+{b}{r['2']}+{b}{r['3']}+{b}{r['TOTAL4']}",
        f"=SUM({b}{r['SUBTOTAL']},{b}{r['3']},{b}{r['4.1']},{b}{r['4.2']})",
        f"=ROUND({b}{r['SUBTOTAL']}+{b}{r['3']}+{b}{r['TOTAL4']},2)"], f"{c1}{r['3']}")
    add_sum("Total Triênio (conta)", fin, f"{k}{r['1.2']}", [
        f"={b}{r['1.2']}+{e}{r['1.2']}+{h}{r['1.2']}", absolute(fin[f"{k}{r['1.2']}"].value),
        f"=ROUND({b}{r['1.2']}+{e}{r['1.2']}+{h}{r['1.2']},2)"], f"{c1}{r['1.2']}")
    add_sum("Total Triênio (TOTAL GERAL)", fin, f"{k}{r['TOTAL']}", [
        f"=SUM({k}{r['SUBTOTAL']}:{k}{r['3']},{k}{r['TOTAL4']})",  # down the column
        f"={k}{r['TOTAL1']}+{k}{r['2']}+{k}{r['3']}+{k}{r['TOTAL4']}",
        f"=SUM(${b}${r['TOTAL']},${e}${r['TOTAL']},${h}${r['TOTAL']})"], f"{l1}{r['TOTAL']}")
    for name, cell in (("% (conta)", f"{fcol('Ano I', '%')}{r['1.2']}"),
                       ("% (TOTAL GERAL)", f"{fcol('Total Triênio', '%')}{r['TOTAL']}"),
                       ("% custos indiretos", f"{b}{r['PCT3']}")):
        out.append(RatioKind(name, FIN, cell, fin[cell].value, f"{e}{r['1.4']}"))
    out[-1].alternatives.append(
        f'=IF({b}{r["TOTAL"]}=0,"",{b}{r["3"]}/({b}{r["SUBTOTAL"]}+{b}{r["3"]}+{b}{r["TOTAL4"]}))')

    # Cronograma de Desembolso
    ano = {y: group_columns(dis, f"{y} (R$)", ("Previsto", "Executado")) for y in ("Ano I", "Ano II", "Ano III")}
    tri = group_columns(dis, "Total Triênio (R$)", ("Previsto", "Executado"))
    C, F, I, L, M = ano["Ano I"]["Previsto"], ano["Ano II"]["Previsto"], ano["Ano III"]["Previsto"], \
        tri["Previsto"], tri["Executado"]
    totals = [x for x in range(1, dis.max_row + 1) if dis.cell(x, 1).value == "Total (R$)"]
    a11, head = find_row(dis, "A1.1"), find_row(dis, "Atividades de Intervenção")
    first1, last1 = a11, totals[0] - 1
    add_sum("Total Triênio (atividade)", dis, f"{L}{a11}", [
        f"={C}{a11}+{F}{a11}+{I}{a11}", absolute(dis[f"{L}{a11}"].value), f"=ROUND({C}{a11}+{F}{a11}+{I}{a11},2)"],
        f"{ano['Ano I']['Executado']}{a11}")
    assert dis[f"{C}{totals[0]}"].value == f"=SUM({C}{first1 - 1}:INDEX({C}:{C},ROW()-1))"  # takes inserted rows in
    add_sum("Total (R$) do bloco", dis, f"{C}{totals[0]}", [
        f"=SUM({C}{first1 - 1}:{C}{last1})",  # spans the header's 'Previsto' row
        f"=SUM({C}{head}:{C}{last1})",  # and the header rows
        f"=SUM(${C}${head}:INDEX(${C}:${C},ROW()-1))",
        f"=SUM({C}{head}:OFFSET(A{totals[0]},-1,{dis[f'{C}1'].column - 1}))",
        "=" + "+".join(f"{C}{x}" for x in range(first1, last1 + 1))], f"{C}{find_row(dis, 'A2.1')}",
        formula=f"=SUM({C}{first1}:{C}{last1})")
    add_sum("Total Triênio do bloco", dis, f"{L}{totals[0]}", [
        f"=SUM({L}{first1}:{L}{last1})",  # down the column
        "=" + "+".join(f"{L}{x}" for x in range(first1, last1 + 1)),
        f"=SUM({C}{first1}:{C}{last1},{F}{first1}:{F}{last1},{I}{first1}:{I}{last1})"], f"{M}{totals[0]}")
    pct = ano["Ano I"]["Previsto"]
    e_col = get_column_letter(dis[f"{pct}1"].column + 2)
    out.append(RatioKind("% (atividade)", DIS, f"{e_col}{a11}", dis[f"{e_col}{a11}"].value, f"D{a11 + 1}"))
    out.append(RatioKind("% do bloco", DIS, f"{e_col}{totals[0]}", dis[f"{e_col}{totals[0]}"].value,
                         f"D{totals[1]}"))
    s = {n: find_row(dis, text, exact=False) for n, text in (
        (1, "1. Desembolso Total"), (2, "2. Desembolso Total"), (3, "3. Custos Indiretos"),
        ("total", "Total dos Recursos Despendidos"), ("head", "Desembolso Financeiro"))}
    blocks = totals[:-2]
    add_sum("resumo, linha 1", dis, f"C{s[1]}", [
        "=" + "+".join(f"{L}{x}" for x in blocks),
        "=SUM(" + ",".join(f"{col}{x}" for x in blocks for col in (C, F, I)) + ")",
        "=SUM(" + ",".join(f"{L}{x - 4}:{L}{x - 1}" for x in blocks) + ")"], f"{L}{totals[-2]}")
    add_sum("resumo, linha 2", dis, f"C{s[2]}", [
        f"={L}{totals[-2]}", f"=SUM({C}{totals[-2]},{F}{totals[-2]},{I}{totals[-2]})",
        f"=SUM({L}{totals[-3] + 1}:{L}{totals[-2] - 1})"], f"{L}{totals[-1]}")
    add_sum("resumo, linha 3", dis, f"C{s[3]}", [
        f"='{DIS}'!{L}{totals[-1]}", f"=SUM({C}{totals[-1]},{F}{totals[-1]},{I}{totals[-1]})",
        f"=SUM({L}{totals[-1] - 1})"], f"{L}{totals[-2]}")
    add_sum("resumo, total", dis, f"C{s['total']}", [
        f"=C{s[1]}+C{s[2]}+C{s[3]}", "=SUM(" + ",".join(f"{L}{x}" for x in totals) + ")",
        f"=SUM(C{s['head']}:C{s[3]})"], f"D{s[1]}")  # spans the 'Valor (R$)' header
    out.append(RatioKind("resumo, %", DIS, f"E{s['total']}", dis[f"E{s['total']}"].value, f"C{s[1]}"))

    # Matriz de Planejamento: a 'last', a 'sum' and a 'max' indicator
    objective, result1, result3 = (find_row(mat, t, exact=False) for t in ("Objetivo 1:", "Resultado 1:",
                                                                           "Resultado 3:"))

    # the model's target columns from D: per year 1º SEM, 2º SEM, Total, then TRIÊNIO; each
    # Previsto (field 0) | Realizado (field 1)
    def sem(row: int, s: int, field: int = 0) -> str:
        return f"{get_column_letter(4 + 6 * ((s - 1) // 2) + 2 * ((s - 1) % 2) + field)}{row}"

    def year(row: int, y: int, field: int = 0) -> str:
        return f"{get_column_letter(4 + 6 * (y - 1) + 4 + field)}{row}"

    def tcol(row: int, field: int = 0) -> str:
        return f"{get_column_letter(4 + 18 + field)}{row}"

    assert mat[f"{year(1, 1)[:-1]}6"].value == "Total" and mat[f"{tcol(1)[:-1]}5"].value == "TRIÊNIO"
    parts = [sem(result1, 1), sem(result1, 2)]
    out.append(RuleKind("Matriz: total do ano (soma)", MAT, year(result1, 1), mat[year(result1, 1)].value, "sum",
                        parts, [f"=SUM({parts[0]},{parts[1]})", f"={parts[0]}+{parts[1]}",
                                f'=IF(COUNT({parts[0]},{parts[1]})>0,SUM(${parts[0][0]}${result1},{parts[1]}),"")'],
                        sem(result1, 1, 1)))
    years3 = [year(result3, y) for y in (1, 2, 3)]
    out.append(RuleKind("Matriz: TRIÊNIO (máximo)", MAT, tcol(result3), mat[tcol(result3)].value, "max", years3,
                        [f"=MAX({','.join(years3)})", "=MAX(" + ",".join(sem(result3, s) for s in range(1, 7)) + ")",
                         f'=IF(COUNT({",".join(years3)})>0,MAX({",".join(map(absolute, years3))}),"")'],
                        sem(result3, 1, 1)))
    yearso = [year(objective, y, 1) for y in (1, 2, 3)]
    nested = '""'
    for p in yearso:
        nested = f"IF(ISBLANK({p}),{nested},{p})"
    out.append(RuleKind("Matriz: TRIÊNIO (último)", MAT, tcol(objective, 1), mat[tcol(objective, 1)].value, "last",
                        yearso, ["=" + nested, "=" + RuleKind.write("last", list(map(absolute, yearso)))[1:],
                                 "=" + RuleKind.write("last", [sem(objective, s, 1) for s in range(1, 7)])[1:]],
                        year(result1, 1, 1)))
    return out


@pytest.fixture(scope="module")
def sample_kinds(sample_xlsx) -> list[Kind]:
    return kinds(sample_xlsx)


def test_every_kind_is_covered(sample_kinds):
    """The table above names every kind of total the issue lists, each with 3+ rewrites."""
    assert len(sample_kinds) == 23
    for kind in sample_kinds:
        assert kind.formula.startswith("="), kind.name
        assert len(kind.alternatives) >= 3, kind.name
        assert len(set(kind.alternatives) | {kind.formula}) == len(kind.alternatives) + 1, kind.name
        # a single-part sum cannot leave one out; max is the same with a part counted twice
        assert len(kind.mistakes()) >= (8 if isinstance(kind, RatioKind) else 5), kind.name


def _variants(sample_xlsx: Path, sample_kinds: list[Kind], folder: Path) -> dict[str, tuple[Path, dict]]:
    """One file per variant: every kind rewritten (alt0…) or broken (leave_out…) at once.
    Returns {name: (path, {(sheet, cell): mistake or None})}."""
    folder.mkdir()
    names = [f"alt{i}" for i in range(max(len(k.alternatives) for k in sample_kinds))] + list(EXPECTED)
    out = {}
    for name in names:
        book = openpyxl.load_workbook(sample_xlsx)
        changed = {}
        for kind in sample_kinds:
            text = kind.alternatives[int(name[3:])] if name.startswith("alt") and int(name[3:]) < len(
                kind.alternatives) else kind.mistakes().get(name) if not name.startswith("alt") else None
            if text is not None:
                book[kind.sheet][kind.cell] = text
                changed[(kind.sheet, kind.cell)] = None if name.startswith("alt") else name
        path = folder / f"{name}.xlsx"
        book.save(path)
        out[name] = (path, changed)
    return out


def _assert_judged(report: tcxl.Report, changed: dict, label: str) -> None:
    findings = {}
    for f in report.findings:
        findings.setdefault((f.sheet, f.cell), []).append(f)
    for (sheet, cell), mistake in changed.items():
        got = findings.pop((sheet, cell), [])
        if mistake is None:
            assert got == [], (label, cell, got)
        else:
            assert len(got) == 1, (label, mistake, cell, got)
            assert got[0].code in EXPECTED[mistake], (label, mistake, cell, got[0])
            assert got[0].severity == ("warning" if mistake == "unguard" else "error"), (label, got[0])
    assert list(findings.values()) == [], (label, findings)  # nothing anywhere else


def test_rewrites_and_mistakes_without_stored_results(sample_xlsx, sample_kinds, tmp_path):
    for name, (path, changed) in _variants(sample_xlsx, sample_kinds, tmp_path / "in").items():
        _assert_judged(tcxl.check(path, today=TODAY), changed, name)


def test_rewrites_and_mistakes_resaved_by_libreoffice(sample_xlsx, sample_kinds, tmp_path):
    require_libreoffice()
    variants = _variants(sample_xlsx, sample_kinds, tmp_path / "in")
    resaved = libreoffice.convert_many([p for p, _ in variants.values()], tmp_path / "lo")
    for (name, (_, changed)), path in zip(variants.items(), resaved):
        _assert_judged(tcxl.check(path, today=TODAY), changed, f"{name} (LibreOffice)")


def test_messages_name_the_items(sample_xlsx, sample_kinds, tmp_path):
    variants = _variants(sample_xlsx, sample_kinds, tmp_path / "in")
    def by_cell(name: str) -> dict:
        return {(f.sheet, f.cell): f for f in tcxl.check(variants[name][0], today=TODAY).findings}

    s13 = next(k for k in sample_kinds if k.name == "subtotal 1.3")
    total1 = next(k for k in sample_kinds if k.name == "TOTAL DOS CUSTOS DIRETOS")
    f = by_cell("leave_out")[(FIN, s13.cell)]
    assert "deixa de fora 1.3.5 Bolsistas e Estagiários, Ano I, Previsão" in f.message
    assert f.expected == s13.formula and f.found == s13.mistakes()["leave_out"]
    f = by_cell("twice")[(FIN, total1.cell)]
    assert "conta duas vezes 1.1 Coordenação do Projeto, Ano II, Previsão" in f.message
    f = by_cell("sign")[(FIN, s13.cell)]
    assert "subtrai 1.3.2 Serviços de Assessoria e Consultoria PJ, Ano I, Previsão" in f.message
    f = by_cell("foreign")[(FIN, s13.cell)]
    assert "inclui 1.2 Salários e Encargos, Ano I, Previsão, que não faz parte deste total" in f.message
    f = by_cell("constant")[(FIN, s13.cell)]
    assert "soma a constante 1000" in f.message
    pct = next(k for k in sample_kinds if k.name == "% (conta)")
    assert "troca o numerador e o denominador" in by_cell("swap")[(FIN, pct.cell)].message
    rule = next(k for k in sample_kinds if k.name == "Matriz: TRIÊNIO (máximo)")
    assert "calcula soma, mas a regra deste indicador é máximo" in by_cell("rule")[(MAT, rule.cell)].message


def test_one_wrong_number_over_a_subtotal_is_one_finding(sample_xlsx, tmp_path):
    """Typed over 1.3 (Ano I): the totals above it hold LibreOffice's results of their own
    formulas, so only the typed cell is reported, with and without stored results."""
    book = openpyxl.load_workbook(sample_xlsx)
    fin = book[FIN]
    cell = f"{group_columns(fin, 'Ano I', ('Previsão',))['Previsão']}{find_row(fin, '1.3 Serviços de Terceiros')}"
    fin[cell] = 777
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "digitado.xlsx"
    book.save(path)
    checked = [tcxl.check(path, today=TODAY)]
    if libreoffice.soffice():
        checked.append(tcxl.check(libreoffice.convert(path, tmp_path / "lo"), today=TODAY))
    for report in checked:
        assert [(f.code, f.sheet, f.cell) for f in report.findings] == [("TCX201", FIN, cell)]
        assert "R$ 777,00" in report.findings[0].message


def test_stale_stored_result_is_reported_once(sample_recalculated, tmp_path):
    """An input changed in the XML without recalculating: the totals that read it say their
    stored results are stale; the totals above those agree with their own parts."""
    import zipfile

    book = openpyxl.load_workbook(sample_recalculated)
    fin = book[FIN]
    col = group_columns(fin, "Ano I", ("Previsão",))["Previsão"]
    row = find_row(fin, "1.3.1 Serviços de Assessoria e Consultoria PF")
    sheet_file = f"xl/worksheets/sheet{book.sheetnames.index(FIN) + 1}.xml"
    path = tmp_path / "velho.xlsx"
    with zipfile.ZipFile(sample_recalculated) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == sheet_file:
                text, n = re.subn(rf'(<c r="{col}{row}"[^>]*>)<v>[^<]*</v>', r"\g<1><v>99999</v>", data.decode())
                assert n == 1
                data = text.encode()
            dst.writestr(item, data)
    report = tcxl.check(path, today=TODAY)
    subtotal = f"{col}{find_row(fin, '1.3 Serviços de Terceiros')}"
    trienio = f"{group_columns(fin, 'Total Triênio', ('Previsão',))['Previsão']}{row}"
    # the two totals that read the changed cell; not TOTAL DOS CUSTOS DIRETOS and the others above
    errors = [f for f in report.findings if f.severity == "error"]
    assert {(f.code, f.cell) for f in errors} == {("TCX301", subtotal), ("TCX302", trienio)}
    assert all("resultado gravado desatualizado" in f.message for f in errors)


def test_indicator_rule_comes_from_the_other_totals_without_metadata(sample_xlsx, sample_kinds, tmp_path):
    """No tcxl metadata: the rule is what the indicator's totals agree on, so the one total
    changed from SUM to MAX is the finding (not the rule read from that very cell)."""
    book = openpyxl.load_workbook(sample_xlsx)
    del book["_tcxl"]
    kind = next(k for k in sample_kinds if k.name == "Matriz: total do ano (soma)")
    book[MAT][kind.cell] = kind.mistakes()["rule"]
    path = tmp_path / "sem_metadados.xlsx"
    book.save(path)
    report = tcxl.check(path, today=TODAY)
    assert [(f.code, f.cell) for f in report.findings if f.severity == "error"] == [("TCX306", kind.cell)]


# -- random rewrites and mistakes -------------------------------------------------------------
@pytest.fixture(scope="module")
def hypothesis_base(sample_xlsx, tmp_path_factory) -> tuple[Path, list[Kind]]:
    folder = tmp_path_factory.mktemp("hyp")
    path = folder / "base.xlsx"
    shutil.copy(sample_xlsx, path)
    return path, kinds(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_rewrites_and_single_mistakes(hypothesis_base, tmp_path_factory, data):
    """A random set of kinds rewritten correctly, plus at most one random mistake."""
    base, all_kinds = hypothesis_base
    book = openpyxl.load_workbook(base)
    rewritten = data.draw(st.lists(st.sampled_from(all_kinds), unique_by=lambda k: k.name, max_size=8))
    for kind in rewritten:
        book[kind.sheet][kind.cell] = data.draw(st.sampled_from(kind.alternatives))
    broken = data.draw(st.one_of(st.none(), st.sampled_from(all_kinds)))
    mistake = None
    if broken is not None:
        mistake = data.draw(st.sampled_from(sorted(broken.mistakes())))
        book[broken.sheet][broken.cell] = broken.mistakes()[mistake]
    path = tmp_path_factory.mktemp("h") / "x.xlsx"
    book.save(path)
    report = tcxl.check(path, today=TODAY)
    if broken is None:
        assert report.findings == []
    else:
        assert len(report.findings) == 1, [f.line() for f in report.findings]
        (f,) = report.findings
        assert (f.sheet, f.cell) == (broken.sheet, broken.cell) and f.code in EXPECTED[mistake], (mistake, f)


# -- a workbook typed by hand from the model, with the analyst's own formulas -------------------
def test_hand_made_workbook_with_the_analysts_formulas_is_clean(tmp_path):
    """Written with plain openpyxl from the model's text: correct totals in the analyst's own
    forms give no formula or arithmetic finding, before and after LibreOffice recalculates."""
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "digitado.xlsx"
    hand_made(path)
    checked = [tcxl.check(path, today=TODAY)]
    if libreoffice.soffice():
        checked.append(tcxl.check(libreoffice.convert(path, tmp_path / "lo"), today=TODAY))
    for report in checked:
        judged = [f for f in report.findings if f.code[:4] in ("TCX2", "TCX3")]
        assert judged == []
        located = [f for f in report.findings if f.code in ("TCX101", "TCX102", "TCX103")]
        assert located == []  # the tables were found, so their totals were really judged


def test_hand_made_workbook_mistakes_are_found_at_their_cells(tmp_path):
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "erros.xlsx"
    mistakes = hand_made(path, mistakes=True)
    checked = [tcxl.check(path, today=TODAY)]
    if libreoffice.soffice():
        checked.append(tcxl.check(libreoffice.convert(path, tmp_path / "lo"), today=TODAY))
    for report in checked:
        judged = {f.cell: f.code for f in report.findings if f.code[:4] in ("TCX2", "TCX3")}
        assert judged == {cell: "TCX202" if cell.startswith("K") else "TCX203" for cell in mistakes}
