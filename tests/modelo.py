"""The official model's tables written with plain openpyxl, from the seed model's text
(``../shared/seeds/003_…``, B.4.2), never from tcxl's layout code."""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

@lru_cache(maxsize=None)
def generator():
    """tests/data/modelo/make_modelo.py, the corpus generator (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_modelo", Path(__file__).parent / "data" / "modelo" /
                                                  "make_modelo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


STATEMENT = generator().STATEMENT  # the model's rows (seed 003, B.3.2 c), stated once, in the corpus generator


SUMMARY = ("1. Desembolso Total das Atividades de Intervenção (A + B+ C)",
           "2. Desembolso Total das Atividades de Monitoramento e Avaliação (D)",
           "3. Custos Indiretos do Triênio (E)",
           "Total dos Recursos Despendidos no Triênio (A+B+C+D+E )")


def hand_made(path: Path, mistakes: bool = False, indirect: float | None = None) -> dict[str, str]:
    """The statement and the disbursement schedule typed from the model, with formulas as
    an analyst writes them: subtotals as ranges or a+b, Total Triênio across the row for
    accounts and down the column for totals, IFERROR/ROUND guards, block sums spanning the
    block's header rows. ``mistakes`` puts the issue's mistakes in; returns their cells.
    ``indirect``: the model's summary table under the blocks, its line 3 (E) typed with this
    value (the model has no indirect-costs block); its cell is returned as ``"E"``."""
    wb = openpyxl.Workbook()
    fin = wb.active
    fin.title = "Demonstrativo"
    fin["B2"] = "DEMONSTRATIVO DA EXECUÇÃO FINANCEIRA DO PROJETO"
    fin["B4"] = "DESCRIÇÃO DAS CONTAS"
    for i, label in enumerate(("Ano I", "Ano II", "Ano III", "Total Triênio")):
        fin.cell(4, 3 + 3 * i, label)
        for j, sub in enumerate(("Previsão", "Executado", "%")):
            fin.cell(5, 3 + 3 * i + j, sub)
    row = {label.split(" ")[0].rstrip(".") if label[0].isdigit() else label.split(" ")[0]: 6 + i
           for i, label in enumerate(STATEMENT)}
    row["1.11"], row["TOTAL1"], row["TOTAL4"], row["PCT3"] = 6 + 21, 6 + 22, 6 + 33, 6 + 35
    for i, label in enumerate(STATEMENT):
        fin.cell(6 + i, 2, label)
    leaves = ["1.1.1", "1.1.2", "1.2", "1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5", "1.4", "1.5", "1.6", "1.7",
              "1.8.1", "1.8.2", "1.8.3", "1.9", "1.10", "1.11", "2", "3", "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2"]
    for n, code in enumerate(leaves):
        for y, col in enumerate(("C", "F", "I")):
            if (n + y) % 3 != 1:
                fin[f"{col}{row[code]}"] = 1000 * (n + 1) + 250 * y
                fin[f"{get_column_letter(fin[col + '1'].column + 1)}{row[code]}"] = 900 * (n + 1)
    totals = {"1.1": "=SUM({c}{r[1.1.1]}:{c}{r[1.1.2]})",
              "1.3": "={c}{r[1.3.1]}+{c}{r[1.3.2]}+{c}{r[1.3.3]}+{c}{r[1.3.4]}+{c}{r[1.3.5]}",
              "1.8": "=SUM({c}{r[1.8.1]}:{c}{r[1.8.3]})",
              "TOTAL1": "=SUM({c}{r[1.1]},{c}{r[1.2]},{c}{r[1.3]},{c}{r[1.4]}:{c}{r[1.7]},{c}{r[1.8]},"
                        "{c}{r[1.9]}:{c}{r[1.11]})",
              "SUBTOTAL": "={c}{r[TOTAL1]}+{c}{r[2]}", "4.1": "=SUM({c}{r[4.1.1]}:{c}{r[4.1.4]})",
              "TOTAL4": "={c}{r[4.1]}+{c}{r[4.2]}", "TOTAL": "={c}{r[SUBTOTAL]}+{c}{r[3]}+{c}{r[TOTAL4]}"}
    fmt = lambda text, c: re.sub(r"\{r\[([^\]]+)\]\}", lambda m: str(row[m[1]]), text.replace("{c}", c))  # noqa: E731
    for y in range(4):
        prev, exe, pct = (get_column_letter(3 + 3 * y + j) for j in range(3))
        for code, text in totals.items():
            fin[f"{prev}{row[code]}"] = fmt(text, prev)  # Total Triênio: down the column, as copied right
            fin[f"{exe}{row[code]}"] = fmt(text, exe)
        for code in leaves if y == 3 else ():
            fin[f"{prev}{row[code]}"] = f"=C{row[code]}+F{row[code]}+I{row[code]}"
            fin[f"{exe}{row[code]}"] = f"=SUM(D{row[code]},G{row[code]},J{row[code]})"
        for code in [*leaves, *totals]:
            fin[f"{pct}{row[code]}"] = f'=IF({prev}{row[code]}<>0,ROUND({exe}{row[code]}/{prev}{row[code]},4),"")'
        fin[f"{prev}{row['PCT3']}"] = f'=IFERROR({prev}{row["3"]}/{prev}{row["TOTAL"]},"")'
        fin[f"{exe}{row['PCT3']}"] = f'=IFERROR({exe}{row["3"]}/{exe}{row["TOTAL"]},"")'

    dis = wb.create_sheet("Desembolso")
    r, found = 2, {}
    for title, header, codes, letter in (
            ("Resultado ou Produto 1:", "Atividades de Intervenção", ["A1.1", "A1.2", "A1.3"], "(A)"),
            ("Atividades de Monitoramento e Avaliação do Projeto", "Atividades de Monitoramento e Avaliação",
             ["AM.1", "AM.2"], "(B)")):
        top = r
        r = first = disbursement_header(dis, r, 1, title, header)
        for n, code in enumerate(codes):
            dis.cell(r, 1, code)
            for y in range(3):
                dis.cell(r, 2 + 3 * y, 5000 * (n + 1) + 100 * y)
                dis.cell(r, 3 + 3 * y, 4000 * (n + 1))
            dis[f"K{r}"] = f"=B{r}+E{r}+H{r}"
            dis[f"L{r}"] = f"=C{r}+F{r}+I{r}"
            for p, e, pc in (("B", "C", "D"), ("E", "F", "G"), ("H", "I", "J"), ("K", "L", "M")):
                dis[f"{pc}{r}"] = f'=IFERROR({e}{r}/{p}{r},"")'
            r += 1
        dis.cell(r, 1, "Total (R$)")
        dis.cell(r, 14, letter)
        for col in "BCEFHI":
            dis[f"{col}{r}"] = f"=SUM({col}{top}:{col}{r - 1})"  # over the block's header rows
        dis[f"K{r}"] = f"=SUM(K{first}:K{r - 1})"  # down the column
        dis[f"L{r}"] = f"=SUM(L{first}:L{r - 1})"
        for p, e, pc in (("B", "C", "D"), ("E", "F", "G"), ("H", "I", "J"), ("K", "L", "M")):
            dis[f"{pc}{r}"] = f'=IF(ISERROR({e}{r}/{p}{r}),"",{e}{r}/{p}{r})'
        found[letter] = r
        r += 3
    cells = {}
    if indirect is not None:
        dis.cell(r, 1, "Desembolso Financeiro")
        dis.cell(r, 2, "Valor (R$)")
        for i, text in enumerate(SUMMARY, start=1):
            dis.cell(r + i, 1, text)
        dis.cell(r + 1, 2, f"=K{found['(A)']}")
        dis.cell(r + 2, 2, f"=K{found['(B)']}")
        dis.cell(r + 3, 2, indirect)
        dis.cell(r + 4, 2, f"=SUM(B{r + 1}:B{r + 3})")
        cells["E"] = f"B{r + 3}"
    if mistakes:
        r1, a = row["1.3"], found["(A)"]
        cells = {f"C{row['1.1']}": f"=SUM(C{row['1.1.1']}:C{row['1.1.2']})+C{row['1.1.2']}",  # counted twice
                 f"C{r1}": f"=C{r1 + 1}-C{r1 + 2}+C{r1 + 3}+C{r1 + 4}+C{r1 + 5}",  # a sign flipped
                 f"F{row['1.8']}": f"=F{row['1.8.1']}*F{row['1.8.2']}-F{row['1.8.3']}",  # a product
                 f"E{row['1.2']}": f'=IF(D{row["1.2"]}<>0,ROUND(C{row["1.2"]}/D{row["1.2"]},4),"")',  # swapped
                 f"I{row['SUBTOTAL']}": f"=I{row['TOTAL1']}+I{row['2']}+1000",  # a constant
                 f"K{a}": f"=SUM(K{a - 3}:K{a - 2})"}  # leaves A1.3 out
        for cell, text in cells.items():
            (fin if not cell.startswith("K") else dis)[cell] = text
    wb.save(path)
    return cells
