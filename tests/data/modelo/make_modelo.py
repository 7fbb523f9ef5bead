"""Workbooks typed from the official model, as analysts lay them out (issue "Read the model").

Written with plain openpyxl from the seed model's text (``../shared/seeds/003_…``: A,
B.3.2 c, B.4.1, B.4.2 and the Matriz), never from tcxl's layout code. Each case varies one
thing analysts vary: the number of results (2, 3, 5), of years (3, 5), indirect costs as
the model's one summary line (E) or as a per-year block, the block letters as the model's
literal (A)…(E) or following the block count, the activity code merged over its
Previsto/Realizado pair. Each clean file has planted twins, one mismatch each: account 3
≠ (E); an all-years total missing a year; a summary line missing a block; an activity in
the disbursement schedule but not in the activity schedule.

    python tests/data/modelo/make_modelo.py [OUT_DIR]     # default: this folder

writes the workbooks and ``esperado.json``: per file, the frames it must read to (money
per account/activity and year, planned semesters) and, for planted files, the finding
(code, sheet, cell) that must be reported.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter as L

ROMAN = ["I", "II", "III", "IV", "V", "VI"]
ALL_YEARS = {3: "Triênio", 5: "Quinquênio"}
STATEMENT = [  # B.3.2 c) as the seed writes it
    "1. CUSTOS DIRETOS ESPECÍFICOS DO PROJETO", "1.1 Coordenação do Projeto", "1.1.1 Serviços de Terceiros PJ",
    "1.1.2 Serviços de Terceiros PF", "1.2 Salários e Encargos", "1.3 Serviços de Terceiros",
    "1.3.1 Serviços de Assessoria e Consultoria PF", "1.3.2 Serviços de Assessoria e Consultoria PJ",
    "1.3.3 Serviços de Profissionais PJ", "1.3.4 Serviços de Profissionais PF", "1.3.5 Bolsistas e Estagiários",
    "1.4 Outros Serviços de Terceiros", "1.5 Medicamentos", "1.6 Material Médico", "1.7 Material de Consumo",
    "1.8 Despesas de Transporte e Hospedagem", "1.8.1 Pacientes e Acompanhantes",
    "1.8.2 Atividades de Ensino e Capacitação", "1.8.3 Atividades de Monitoramento e Avaliação",
    "1.9 Locação de Equipamentos e Imóveis", "1.10 Depreciação", "1 . 11 Outras (Especificar)",
    "TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS",
    "2. CUSTOS DIRETOS COMPARTILHADOS: CUSTOS PELO USO DAS UNIDADES ASSISTENCIAIS (detalhes em anexo)",
    "SUBTOTAL (1 + 2)", "3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO", "4.CAPITAL (investimento)",
    "4.1 Imobilizado - Tangível", "4.1.1 Obras e Instalações", "4.1.2 Equipamentos e Material Permanente",
    "4.1.3 Equipamentos de Informática", "4.1.4 Outros (especificar)", "4.2 Imobilizado - Intangível (especificar)",
    "TOTAL CAPITAL (4.1 + 4.2)", "TOTAL GERAL (1+2+3+4)",
    "% Custos Indiretos de Apoio e Administração/Custo Geral [3 / (1+2+3+4)]"]
CODES = ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.3", "1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5", "1.4", "1.5",
         "1.6", "1.7", "1.8", "1.8.1", "1.8.2", "1.8.3", "1.9", "1.10", "1.11", "TOTAL1", "2", "SUBTOTAL", "3", "4",
         "4.1", "4.1.1", "4.1.2", "4.1.3", "4.1.4", "4.2", "TOTAL4", "TOTAL", "PCT3"]
TOTALS = {"1.1": ["1.1.1", "1.1.2"], "1.3": ["1.3.1", "1.3.2", "1.3.3", "1.3.4", "1.3.5"],
          "1.8": ["1.8.1", "1.8.2", "1.8.3"],
          "TOTAL1": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11"],
          "SUBTOTAL": ["TOTAL1", "2"], "4.1": ["4.1.1", "4.1.2", "4.1.3", "4.1.4"], "TOTAL4": ["4.1", "4.2"],
          "TOTAL": ["SUBTOTAL", "3", "TOTAL4"]}

CASES = {
    "modelo_literal": {"results": 3, "years": 3, "indirect": "line", "letters": "literal", "merged": True},
    "dois_resultados": {"results": 2, "years": 3, "indirect": "line", "letters": "literal", "merged": False},
    "cinco_resultados": {"results": 5, "years": 3, "indirect": "line", "letters": "count", "merged": True},
    "cinco_anos": {"results": 3, "years": 5, "indirect": "line", "letters": "literal", "merged": False},
    "indiretos_em_bloco": {"results": 3, "years": 3, "indirect": "block", "letters": "count", "merged": False},
}
PLANTED = ("e_diverge", "total_sem_ano", "resumo_sem_bloco", "fora_do_cronograma")


def amounts(case: dict) -> dict:
    """Every money input of a case, in cents-exact floats: activities, monitoring, indirect."""
    years = range(1, case["years"] + 1)
    acts = {f"A{m}.{n}": [1000 * m + 100 * n + 10 * y for y in years]
            for m in range(1, case["results"] + 1) for n in (1, 2)}
    mon = {f"AM.{k}": [500.5 * k + y for y in years] for k in (1, 2)}
    return {"activities": acts, "monitoring": mon, "indirect": [300 + y for y in years]}


def write(case: dict, path: Path, planted: str | None = None) -> dict:
    """Write one workbook; return what it must read to (and the planted finding)."""
    money = amounts(case)
    n_years, results = case["years"], case["results"]
    years = range(1, n_years + 1)
    executed = {code: round(v[0] / 2, 2) for code, v in money["activities"].items()}  # Ano I half executed
    out: dict = {"years": n_years, "disbursement": {}, "financial": {}, "planned_semesters": {}}
    wb = openpyxl.Workbook()

    # -- A / B.2 identification ------------------------------------------------------------
    info = wb.active
    info.title = "Identificação"
    grand = sum(sum(v) for v in money["activities"].values()) + sum(sum(v) for v in money["monitoring"].values()) \
        + sum(money["indirect"])
    rows = [("APRESENTAÇÃO DE PROJETO REFERENTE AO PROADI-SUS",), ("A - INFORMAÇÕES DA ENTIDADE DE SAÚDE",),
            ("Nome:", "Hospital Modelo"), ("CNPJ:", "60.540.235/0001-06"), ("CNES:", "2077485"),
            ("CEP:", "01419-001"), ("E-mail:", "projetos@hospital.org.br"),
            ("2.1. Título do Projeto", "Projeto digitado do modelo"), ("2.2. Valor total do Projeto", round(grand, 2)),
            ("2.3. Período de execução", f"01/01/2025 a 31/12/{2024 + n_years}"),
            ("Responsável pelas informações:",), ("Nome:", "Ana Souza"), ("E-mail:", "ana@hospital.org.br")]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            info.cell(r, c, v)

    # -- Matriz de Planejamento ------------------------------------------------------------
    mat = wb.create_sheet("Matriz")
    mat["A1"] = "MATRIZ DE PLANEJAMENTO E MONITORAMENTO DO PROJETO"
    mat["A3"], mat["B3"] = "1. LÓGICA DA INTERVENÇÃO", "2. INDICADORES OBJETIVAMENTE COMPROVÁVEIS"
    mat["B4"], mat["C4"], mat["D4"] = "Descrição dos Indicadores", "Linha de Base", "Metas"
    col = 4
    for y in years:
        mat.cell(5, col, f"Ano {ROMAN[y - 1]}")
        for sub in ("1º SEM", "2º SEM", "Total"):
            mat.cell(6, col, sub)
            mat.cell(7, col, "Previsto")
            mat.cell(7, col + 1, "Realizado")
            col += 2
    mat.cell(5, col, ALL_YEARS[n_years].upper())
    mat.cell(6, col, "Total")
    mat.cell(7, col, "Previsto")
    mat.cell(7, col + 1, "Realizado")
    mat.cell(4, col + 2, "3. FONTES DE COMPROVAÇÃO")
    mat.cell(4, col + 3, "4. SUPOSIÇÕES IMPORTANTES")
    row = 8
    mat.cell(row, 1, "1.1. Objetivos do Projeto")
    mat.cell(row + 1, 1, "Objetivo 1: Ampliar o acesso")
    mat.cell(row + 1, 2, "Unidades atendidas")
    for y in years:  # targets per semester, totals as the analyst writes them
        s1, s2, tot = (L(4 + 6 * (y - 1) + k) for k in (0, 2, 4))
        mat[f"{s1}{row + 1}"], mat[f"{s2}{row + 1}"] = y, y + 1
        mat[f"{tot}{row + 1}"] = f"=SUM({s1}{row + 1},{s2}{row + 1})"
        real = L(4 + 6 * (y - 1) + 5)
        mat[f"{real}{row + 1}"] = f"=SUM({L(4 + 6 * (y - 1) + 1)}{row + 1},{L(4 + 6 * (y - 1) + 3)}{row + 1})"
    mat.cell(row + 1, col, "=" + "+".join(f"{L(4 + 6 * (y - 1) + 4)}{row + 1}" for y in years))
    mat.cell(row + 1, col + 1, "=" + "+".join(f"{L(4 + 6 * (y - 1) + 5)}{row + 1}" for y in years))
    row += 2
    mat.cell(row, 1, "1.2. Resultados")
    for m in range(1, results + 1):
        mat.cell(row + m, 1, f"Resultado {m}: Resultado esperado {m}")
    row += results + 1
    mat.cell(row, 1, "1.4. Atividades Principais de Intervenção")
    for code in money["activities"]:
        row += 1
        mat.cell(row, 1, f"Atividade {code[1:]}: Atividade {code}")

    # -- B.4.1 Cronograma semestral de atividades ------------------------------------------
    sch = wb.create_sheet("Cronograma de Atividades")
    sch["A1"] = "CRONOGRAMA SEMESTRAL DE ATIVIDADES"
    sch["A3"], sch["A4"], sch["A5"] = "Objetivo do Projeto:", "Resultado:", "Produto (opcional):"
    row = 7
    blocks = [(f"Resultado ou Produto {m}:", "Atividades de Intervenção",
               [c for c in money["activities"] if c.startswith(f"A{m}.")]) for m in range(1, results + 1)]
    blocks.append(("Atividades de Monitoramento e Avaliação", "Atividades de Monitoramento e Avaliação",
                   list(money["monitoring"])))
    for title, header, codes in blocks:
        if planted == "fora_do_cronograma" and title.endswith(" 1:"):
            codes = codes[:-1]  # the last activity of result 1 is only in the disbursement schedule
        sch.cell(row, 1, title)
        sch.cell(row + 1, 1, "Cronograma de Atividades")
        sch.cell(row + 2, 1, header)
        for y in years:
            sch.cell(row + 2, 2 * y, "ANO II" if y == 3 and n_years == 3 else f"ANO {ROMAN[y - 1]}")  # the typo
            sch.cell(row + 3, 2 * y, "1º Sem")
            sch.cell(row + 3, 2 * y + 1, "2º Sem")
        row += 4
        for i, code in enumerate(codes):
            sch.cell(row, 1, code.replace("AM.", "AM. "))
            if case["merged"]:
                sch.merge_cells(start_row=row, start_column=1, end_row=row + 1, end_column=1)
            semesters = [1 + i, 3 + i]
            for s in semesters:
                sch.cell(row, 1 + s, "X")
            if code.endswith(".1"):
                sch.cell(row + 1, 2, "X" if i == 0 else None)
            out["planned_semesters"][code] = semesters
            row += 2
        row += 2

    # -- B.4.2 Cronograma de desembolso ----------------------------------------------------
    dis = wb.create_sheet("Cronograma de Desembolso")
    dis["A1"] = "CRONOGRAMA DE DESEMBOLSO FINANCEIRO DAS ATIVIDADES"
    t_col = 2 + 3 * n_years  # Total (R$) Previsto; Executado next; % after
    letters = list("ABCDEFGHIJ")
    block_letters = letters[:results]
    if case["letters"] == "literal":  # the model's (A + B + C), (D), (E) whatever the count
        mon_letter, ind_letter = "D", "E"
    else:
        mon_letter, ind_letter = letters[results], letters[results + 1]
    dis_blocks = [(f"Resultado ou Produto {m}:", "Atividades de Intervenção",
                   {c: v for c, v in money["activities"].items() if c.startswith(f"A{m}.")}, block_letters[m - 1])
                  for m in range(1, results + 1)]
    dis_blocks.append(("Atividades de Monitoramento e Avaliação do Projeto", "Atividades de Monitoramento e Avaliação",
                       money["monitoring"], mon_letter))
    if case["indirect"] == "block":
        dis_blocks.append(("Custos Indiretos Transferidos de Apoio e Administração", "Atividades de Intervenção",
                           {"CI": money["indirect"]}, ind_letter))
    total_rows, row = {}, 3
    for title, header, acts, letter in dis_blocks:
        top = row
        dis.cell(row, 1, title)
        dis.cell(row + 1, 1, "Cronograma de Desembolso")
        dis.cell(row + 2, 1, header)
        dis.cell(row + 2, 2, " / ".join(f"Ano {ROMAN[y - 1]}" for y in years))
        for y in [*years, "T"]:
            c = 2 + 3 * (y - 1) if y != "T" else t_col
            dis.cell(row + 3, c, f"Ano {ROMAN[y - 1]} (R$)" if y != "T" else f"Total {ALL_YEARS[n_years]} (R$)")
            dis.cell(row + 3, c + 2, "% Real/Prev")
            dis.cell(row + 4, c, "Previsto")
            dis.cell(row + 4, c + 1, "Executado")
        row += 5
        first = row
        for code, planned in acts.items():
            dis.cell(row, 1, code.replace("AM.", "AM. "))
            for y in years:
                dis.cell(row, 2 + 3 * (y - 1), planned[y - 1])
                if y == 1 and code in executed:
                    dis.cell(row, 3, executed[code])
            dis.cell(row, t_col, "=" + "+".join(f"{L(2 + 3 * (y - 1))}{row}" for y in years))
            dis.cell(row, t_col + 1, "=" + "+".join(f"{L(3 + 3 * (y - 1))}{row}" for y in years))
            for c in [2 + 3 * (y - 1) for y in years] + [t_col]:
                dis.cell(row, c + 2, f'=IFERROR({L(c + 1)}{row}/{L(c)}{row},"")')
            out["disbursement"][code] = planned
            row += 1
        dis.cell(row, 1, "Total (R$)")
        for c in [2 + 3 * (y - 1) for y in years]:
            for cc in (c, c + 1):
                dis.cell(row, cc, f"=SUM({L(cc)}{top}:{L(cc)}{row - 1})")  # over the block's header rows
        dis.cell(row, t_col, f"=SUM({L(t_col)}{first}:{L(t_col)}{row - 1})")  # down the column
        dis.cell(row, t_col + 1, f"=SUM({L(t_col + 1)}{first}:{L(t_col + 1)}{row - 1})")
        for c in [2 + 3 * (y - 1) for y in years] + [t_col]:
            dis.cell(row, c + 2, f'=IF({L(c)}{row}<>0,ROUND({L(c + 1)}{row}/{L(c)}{row},4),"")')
        dis.cell(row, t_col + 3, f"({letter})")
        total_rows[letter] = row
        out.setdefault("block_totals", {})[letter] = f"{L(t_col)}{row}"
        row += 3
    # the summary table
    e_value = round(sum(money["indirect"]), 2)
    literal = case["letters"] == "literal"
    results_letters = "A + B+ C" if literal and results == 3 else " + ".join(block_letters)
    lines = [(f"1. Desembolso Total das Atividades de Intervenção ({results_letters})",
              "=" + "+".join(f"{L(t_col)}{total_rows[x]}" for x in block_letters)),
             (f"2. Desembolso Total das Atividades de Monitoramento e Avaliação ({mon_letter})",
              f"={L(t_col)}{total_rows[mon_letter]}"),
             (f"3. Custos Indiretos do {ALL_YEARS[n_years]} ({ind_letter})",
              e_value if case["indirect"] == "line" else f"={L(t_col)}{total_rows[ind_letter]}"),
             (f"Total dos Recursos Despendidos no {ALL_YEARS[n_years]} "
              f"({'+'.join([*block_letters, mon_letter, ind_letter])} )", None)]
    dis.cell(row, 1, "Desembolso Financeiro")
    dis.cell(row, 2, "Valor (R$)")
    for i, (text, value) in enumerate(lines, start=1):
        dis.cell(row + i, 1, text)
        dis.cell(row + i, 2, value if value is not None else f"=SUM(B{row + 1}:B{row + 3})")
    out["summary_cells"] = {"1": f"B{row + 1}", "3": f"B{row + 3}", "total": f"B{row + 4}"}

    # -- B.3.2 c) Demonstrativo da execução financeira -------------------------------------
    fin = wb.create_sheet("Execução Financeira")
    fin["A1"] = "DEMONSTRATIVO DA EXECUÇÃO FINANCEIRA DO PROJETO"
    fin["A3"] = "DESCRIÇÃO DAS CONTAS"
    groups = [f"Ano {ROMAN[y - 1]}" for y in years] + [f"Total {ALL_YEARS[n_years]}"]
    for i, label in enumerate(groups):
        fin.cell(3, 2 + 3 * i, label)
        for j, sub in enumerate(("Previsão", "Executado", "%")):
            fin.cell(4, 2 + 3 * i + j, sub)
    at = {code: 5 + i for i, code in enumerate(CODES)}
    for code, label in zip(CODES, STATEMENT):
        fin.cell(at[code], 1, label)
    inputs = {"1.2": ([sum(v[y - 1] for v in money["activities"].values()) for y in years],
                      [sum(executed.values())] + [None] * (n_years - 1)),
              "1.8.3": ([sum(v[y - 1] for v in money["monitoring"].values()) for y in years], None),
              "3": (money["indirect"], None)}
    for code, (planned, done) in inputs.items():
        for y in years:
            fin.cell(at[code], 2 + 3 * (y - 1), round(planned[y - 1], 2))
            if done and done[y - 1] is not None:
                fin.cell(at[code], 3 + 3 * (y - 1), round(done[y - 1], 2))
    t = 2 + 3 * n_years
    for y in [*years, "T"]:
        c = 2 + 3 * (y - 1) if y != "T" else t
        for cc in (c, c + 1):
            for code, parts in TOTALS.items():
                fin.cell(at[code], cc, "=" + "+".join(f"{L(cc)}{at[p]}" for p in parts))
            fin.cell(at["PCT3"], cc, f'=IFERROR({L(cc)}{at["3"]}/{L(cc)}{at["TOTAL"]},"")')
        for code in CODES:
            if code not in ("1", "4", "PCT3"):
                fin.cell(at[code], c + 2, f'=IFERROR({L(c + 1)}{at[code]}/{L(c)}{at[code]},"")')
    for code in CODES:  # Total of the years across the row for the inputs
        if code not in TOTALS and code not in ("1", "4", "PCT3"):
            for cc, first in ((t, 2), (t + 1, 3)):
                fin.cell(at[code], cc, "=SUM(" + ",".join(f"{L(first + 3 * (y - 1))}{at[code]}" for y in years) + ")")
    for code in ("1.2", "1.8.3", "3"):
        out["financial"][code] = [round(v, 2) for v in inputs[code][0]]
    out["financial"]["TOTAL"] = [round(sum(inputs[c][0][y - 1] for c in inputs), 2) for y in years]

    # -- one planted mismatch --------------------------------------------------------------
    if planted == "e_diverge":
        if case["indirect"] == "line":
            dis[out["summary_cells"]["3"]] = e_value + 1000
            out["finding"] = ["TCX405", dis.title, out["summary_cells"]["3"]]
        else:
            ci = total_rows[ind_letter] - 1
            dis.cell(ci, 2, money["indirect"][0] + 1000)
            out["finding"] = ["TCX405", dis.title, f"B{total_rows[ind_letter]}"]
            out["disbursement"]["CI"] = [money["indirect"][0] + 1000, *money["indirect"][1:]]
    elif planted == "total_sem_ano":
        cell = f"{L(t)}{at['1.2']}"
        fin[cell] = "=SUM(" + ",".join(f"{L(2 + 3 * (y - 1))}{at['1.2']}" for y in years if y < n_years) + ")"
        out["finding"] = ["TCX202", fin.title, cell]
    elif planted == "resumo_sem_bloco":
        cell = out["summary_cells"]["1"]
        dis[cell] = "=" + "+".join(f"{L(t_col)}{total_rows[x]}" for x in block_letters[:-1])
        out["finding"] = ["TCX202", dis.title, cell]
    elif planted == "fora_do_cronograma":
        code = [c for c in money["activities"] if c.startswith("A1.")][-1]
        row_of = next(r for r in range(1, dis.max_row + 1) if dis.cell(r, 1).value == code)
        out["finding"] = ["TCX401", dis.title, f"A{row_of}"]
    wb.properties.creator = "analista"
    wb.save(path)
    return out


def main(folder: Path) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, case in CASES.items():
        expected[f"{name}.xlsx"] = write(case, folder / f"{name}.xlsx")
        for planted in PLANTED:
            expected[f"{name}__{planted}.xlsx"] = write(case, folder / f"{name}__{planted}.xlsx", planted)
    (folder / "esperado.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True),
                                          encoding="utf-8")
    return expected


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    print(f"{len(main(out))} arquivos em {out}")
