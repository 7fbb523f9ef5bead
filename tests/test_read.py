"""read_workbook: built files, LibreOffice re-saves, analyst edits, model-only workbooks."""
from __future__ import annotations

import math
from decimal import Decimal

import openpyxl

import tcxl
from analyst import delete_rows, insert_rows, row_of
from expected import account, cents
from modelo import disbursement_header
from sheets import group_columns
from tcxl.periods import half_number, year_number
from tcxl.read import read_workbook

YEARS = (1, 2, 3)


def expected_frames(project: tcxl.Project) -> dict:
    """What the frames must say, straight from the spec."""
    money = {}
    for acts in [r.activities for r in project.results] + [project.monitoring]:
        for a in acts:
            for y in YEARS:
                money[(a.code, y)] = Decimal(str(a.planned[y - 1])) if len(a.planned) >= y else Decimal(0)
    for y in YEARS:
        money[("CI", y)] = Decimal(str(project.indirect_costs[y - 1]))
    marks = set()
    for acts in [r.activities for r in project.results] + [project.monitoring]:
        for a in acts:
            marks |= {(a.code, s) for s in a.semesters}
            for sub in a.subactivities:
                marks |= {(sub.code, s) for s in sub.semesters}
    targets = {}
    elements = [(f"O{i}", o) for i, o in enumerate(project.objectives, 1)]
    elements += [(f"R{m}", r) for m, r in enumerate(project.results, 1)]
    elements += [(f"P{m}.{k}", p) for m, r in enumerate(project.results, 1) for k, p in enumerate(r.products, 1)]
    elements += [(a.code, a) for r in project.results for a in r.activities]
    for ref, element in elements:
        for ind in element.indicators:
            for s, value in enumerate(ind.targets, 1):
                if value is not None:
                    targets[(ref, ind.description, s)] = Decimal(str(value))
    fin = {(code, y): account(project, code, y) for code in
           ["1.1", "1.1.1", "1.2", "1.3", "1.3.2", "2", "3", "4.1.3", "4.2", "TOTAL1", "SUBTOTAL", "TOTAL4", "TOTAL"]
           for y in YEARS}
    return {"money": money, "marks": marks, "targets": targets, "fin": fin}


def _amount(value) -> Decimal:
    """A frame's money as the spec gave it: the builder leaves a zero blank, read back as NaN."""
    return Decimal("0.00") if math.isnan(value) else cents(value)


def assert_frames(wb, exp: dict) -> None:
    dis = wb.disbursement
    got = {(a, year_number(y)): _amount(p) for a, y, p in zip(dis.activity, dis.year, dis.planned)}
    assert got == exp["money"]
    sch = wb.schedule
    got_marks = {(a, (year_number(y) - 1) * 2 + half_number(s))
                 for a, y, s, p in zip(sch.activity, sch.year, sch.semester, sch.scheduled) if p}
    assert got_marks == exp["marks"]
    mat = wb.matrix
    got_targets = {(r, i, (year_number(y) - 1) * 2 + half_number(s)): Decimal(str(p)) for r, i, y, s, p in
                   zip(mat.ref, mat.indicator, mat.year, mat.semester, mat.target)
                   if p is not None and not (isinstance(p, float) and math.isnan(p))}
    assert got_targets == exp["targets"]
    fin = wb.financial
    got_fin = {(c, year_number(y)): _amount(p) for c, y, p in zip(fin.account, fin.year, fin.planned)}
    for key, value in exp["fin"].items():
        assert got_fin[key] == value, key


def test_blank_is_missing_and_zero_is_zero_in_the_frames(sample_xlsx, tmp_path):
    """A blank input (a year not reported yet) is NaN in the frames; a typed 0 is 0.0; totals
    count the blank as zero, as the spreadsheet does."""
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Cronograma de Desembolso"]
    cols = {y: group_columns(ws, f"{y} (R$)", ("Previsto", "Executado")) for y in ("Ano I", "Ano II")}
    a11 = row_of(ws, "A1.1")
    ws[f"{cols['Ano I']['Executado']}{a11}"] = 0
    ws[f"{cols['Ano II']['Executado']}{a11}"] = None
    fin = book["Execução Financeira"]
    fcols = group_columns(fin, "Ano I", ("Previsão", "Executado", "%"))
    salary = row_of(fin, "1.2 Salários e Encargos")
    fin[f"{fcols['Executado']}{salary}"] = None
    book.save(tmp_path / "vazio_e_zero.xlsx")
    wb = read_workbook(tmp_path / "vazio_e_zero.xlsx")
    dis = wb.disbursement.set_index(["activity", "year"])
    assert dis.loc[("A1.1", "Ano I"), "executed"] == 0.0
    assert math.isnan(dis.loc[("A1.1", "Ano II"), "executed"]) and math.isnan(dis.loc[("A1.1", "Ano III"), "planned"])
    accounts = wb.financial.set_index(["account", "year"])
    assert math.isnan(accounts.loc[("1.2", "Ano I"), "executed"])
    assert accounts.loc[("TOTAL", "Ano I"), "executed"] == 0.0  # nothing executed: the total shows 0, as in Excel


def test_built_sample_reads_back_exactly(sample_xlsx, sample_project):
    wb = read_workbook(sample_xlsx)
    assert wb.findings == []
    assert wb.years == 3
    assert_frames(wb, expected_frames(sample_project))
    assert wb.project == sample_project
    assert wb.info["entity.cnpj"] == "60.540.235/0001-06"
    assert wb.info["project.total_value"] == 2903650.50
    assert wb.template_version == "proadi-sus/2024.1"
    ids = ["project_id", "file"]
    assert list(wb.financial.columns) == [*ids, "account", "label", "level", "year", "planned", "executed"]
    assert list(wb.disbursement.columns) == [*ids, "block", "activity", "description", "year", "planned", "executed"]
    assert list(wb.schedule.columns) == [*ids, "block", "activity", "description", "year", "semester", "scheduled",
                                         "status"]
    assert list(wb.matrix.columns) == [*ids, "element", "ref", "indicator", "baseline", "baseline_text", "year",
                                       "semester", "target", "realized", "source", "assumption"]
    assert set(wb.disbursement.block) == {"1", "2", "3", "M", "CI"}


def test_blank_template_reads_without_findings(blank_xlsx):
    wb = read_workbook(blank_xlsx)
    assert wb.findings == []
    assert list(wb.disbursement.activity.unique()) == [
        "A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "A2.3", "A3.1", "A3.2", "A3.3", "AM.1", "AM.2", "CI"]
    assert (wb.financial.planned.dropna() == 0).all()


def test_libreoffice_resaved_sample_reads_the_same(sample_recalculated, sample_project):
    wb = read_workbook(sample_recalculated)
    assert [f for f in wb.findings if f.severity == "error"] == []
    assert_frames(wb, expected_frames(sample_project))
    assert wb.project == sample_project


def test_analyst_edits_all_together(tmp_path, sample_xlsx, sample_project):
    book = openpyxl.load_workbook(sample_xlsx)
    exp = expected_frames(sample_project)
    # 1. two activity rows with values inserted inside block 1, in both schedules
    ws = book["Cronograma de Desembolso"]
    cols = group_columns(ws, "Ano II (R$)", ("Previsto", "Executado"))
    at = row_of(ws, "A1.3")
    insert_rows(ws, at, 2)
    for i, (code, value) in enumerate((("A1.5", 1500.25), ("A1.6", 2750))):
        ws.cell(at + i, 1, code)
        ws.cell(at + i, 2, f"Nova atividade {code}")
        ws[f"{cols['Previsto']}{at + i}"] = value
        for y in YEARS:
            exp["money"][(code, y)] = Decimal(str(value)) if y == 2 else Decimal(0)
    ws = book["Cronograma de Atividades"]
    at = row_of(ws, "A1.3")
    insert_rows(ws, at, 4)
    for i, code in enumerate(("A1.5", "A1.6")):
        ws.cell(at + 2 * i, 1, code)
        ws.cell(at + 2 * i, 4, "Previsto")
        ws.cell(at + 2 * i + 1, 4, "Realizado")
        ws.cell(at + 2 * i, 7, "X")  # Ano II / 1º Sem = semester 3
        exp["marks"].add((code, 3))
    # 2. one activity row deleted (A2.4), in both schedules
    delete_rows(book["Cronograma de Desembolso"], row_of(book["Cronograma de Desembolso"], "A2.4"))
    delete_rows(book["Cronograma de Atividades"], row_of(book["Cronograma de Atividades"], "A2.4"), 2)
    exp["money"] = {k: v for k, v in exp["money"].items() if k[0] != "A2.4"}
    exp["marks"] = {k for k in exp["marks"] if k[0] != "A2.4"}
    # 3. a money value typed as text
    ws = book["Execução Financeira"]
    fcols = group_columns(ws, "Ano II", ("Previsão", "Executado", "%"))
    salary = row_of(ws, "1.2 Salários e Encargos")
    old = exp["fin"][("1.2", 2)]
    ws[f"{fcols['Previsão']}{salary}"] = "R$ 1.234,56"
    delta = Decimal("1234.56") - old
    for code in ("1.2", "TOTAL1", "SUBTOTAL", "TOTAL"):
        exp["fin"][(code, 2)] += delta
    # 4. a hidden row, a notes column at the right, a merged header cell
    book["Cronograma de Desembolso"].row_dimensions[row_of(book["Cronograma de Desembolso"], "A3.2")].hidden = True
    ws = book["Execução Financeira"]
    ws.cell(3, 16, "Observações")
    ws.cell(salary, 16, "valor revisto em reunião")
    book["Cronograma de Desembolso"].merge_cells("A1:H1")
    book["Cronograma de Atividades"].merge_cells("A1:F1")
    sch = book["Cronograma de Atividades"]
    head = row_of(sch, "Responsável", col=3)  # the first block's header
    sch.unmerge_cells(f"C{head}:C{head + 1}")
    sch.unmerge_cells(f"D{head}:D{head + 1}")
    sch.merge_cells(f"C{head}:D{head + 1}")  # 'Responsável' merged over 'Legenda': that legend header is gone
    # 5. sheets renamed and reordered
    book["Execução Financeira"].title = "Financeiro"
    book["Cronograma de Desembolso"].title = "Desembolso 2025"
    book.move_sheet("Financeiro", offset=-4)
    path = tmp_path / "editado.xlsx"
    book.save(path)

    wb = read_workbook(path)
    assert_frames(wb, exp)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in wb.findings] == [
        ("TCX501", "warning", "Financeiro", f"{fcols['Previsão']}{salary}")]
    assert wb.reading.tables["financial"] == "Financeiro"
    assert wb.reading.tables["disbursement"] == "Desembolso 2025"
    new = wb.disbursement[wb.disbursement.activity == "A1.5"]
    assert list(new.block.unique()) == ["1"] and list(new.description.unique()) == ["Nova atividade A1.5"]


def test_text_that_is_not_a_number_is_a_finding_not_a_zero(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Cronograma de Desembolso"]
    cols = group_columns(ws, "Ano I (R$)", ("Previsto", "Executado"))
    row = row_of(ws, "A1.1")
    ws[f"{cols['Executado']}{row}"] = "cento e dez"
    book.save(tmp_path / "t.xlsx")
    wb = read_workbook(tmp_path / "t.xlsx")
    (f,) = wb.findings
    assert (f.code, f.severity, f.sheet, f.cell, f.found) == (
        "TCX502", "error", "Cronograma de Desembolso", f"{cols['Executado']}{row}", "cento e dez")


def test_missing_table_and_header_are_findings(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    book["Execução Financeira"].delete_rows(1, 200)  # the sheet stays, its table is gone
    del book["Matriz de Planejamento"]  # the whole sheet is gone
    ws = book["Cronograma de Atividades"]
    for row in ws.iter_rows():  # the 'Atividades de Intervenção' headers are gone (one per block)
        for cell in row:
            if cell.value in ("Atividades de Intervenção", "Atividades de Monitoramento e Avaliação"):
                cell.value = "Lista"
    book.save(tmp_path / "sem.xlsx")
    wb = read_workbook(tmp_path / "sem.xlsx")
    found = {(f.code, f.sheet, f.expected) for f in wb.findings}
    assert found == {("TCX101", "Execução Financeira", "DESCRIÇÃO DAS CONTAS"),
                     ("TCX101", "Cronograma de Atividades", "Atividades de Intervenção … 1º Sem | 2º Sem"),
                     ("TCX005", "Matriz de Planejamento", "Matriz de Planejamento")}
    messages = {f.code: f.message for f in wb.findings}
    assert "tabela não encontrada" in messages["TCX101"] and "aba ausente" in messages["TCX005"]
    assert "1. LÓGICA DA INTERVENÇÃO" in messages["TCX005"]
    assert wb.schedule.empty and wb.matrix.empty and wb.financial.planned.isna().all()


def test_missing_account_row_and_subheader(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Execução Financeira"]
    delete_rows(ws, row_of(ws, "1.6 Material Médico"))
    ws["E4"] = "Planejado"  # 'Previsão' under Ano II
    book.save(tmp_path / "x.xlsx")
    wb = read_workbook(tmp_path / "x.xlsx")
    found = {(f.code, f.sheet, f.expected) for f in wb.findings}
    assert ("TCX103", "Execução Financeira", "1.6 Material Médico") in found
    assert ("TCX102", "Execução Financeira", "Previsão") in found
    assert wb.financial[wb.financial.account == "1.6"].planned.isna().all()


def test_duplicate_and_misplaced_codes(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Cronograma de Desembolso"]
    ws.cell(row_of(ws, "A1.2"), 1, "A1.1")
    ws.cell(row_of(ws, "A2.2"), 1, "A3.9")
    book.save(tmp_path / "d.xlsx")
    wb = read_workbook(tmp_path / "d.xlsx")
    codes = sorted((f.code, f.cell) for f in wb.findings)
    assert [c for c, _ in codes] == ["TCX104", "TCX106"]


# --- a workbook that only follows the official model's labels --------------------------

def _model_only_workbook(path):
    wb = openpyxl.Workbook()
    ident = wb.active
    ident.title = "Dados"
    rows = [("APRESENTAÇÃO DE PROJETO REFERENTE AO PROADI-SUS.",), ("I - INFORMAÇÕES DA ENTIDADE DE SAÚDE",),
            ("Nome:", "Hospital Modelo"), ("CNPJ: 60.540.235/0001-06",), ("CNES:", "2077485"),
            ("2.1. Título do Projeto", "Projeto Modelo"), ("2.2. Valor total do Projeto", "R$ 1.000,00"),
            ("2.3. Período de execução", "01/01/2024 a 31/12/2026"),
            ("Responsável pelas informações:",), ("Nome:", "Ana")]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=2):
            ident.cell(r, c, v)

    fin = wb.create_sheet("Planilha orçamentária")
    top, left = 6, 3  # table starts at C6
    fin.cell(top - 2, left, "DEMONSTRATIVO DA EXECUÇÃO FINANCEIRA DO PROJETO")
    fin.cell(top, left, "DESCRIÇÃO DAS CONTAS")
    for i, label in enumerate(("Ano I", "Ano II", "Ano III", "Total Triênio")):
        fin.cell(top, left + 1 + 3 * i, label)
        for j, sub in enumerate(("Previsão", "Executado", "%")):
            fin.cell(top + 1, left + 1 + 3 * i + j, sub)
    labels = [a.label for a in tcxl.ACCOUNTS]
    labels[labels.index("1.11 Outras (Especificar)")] = "1 . 11 Outras (Especificar)"
    for i, label in enumerate(labels):
        fin.cell(top + 2 + i, left, label)
    salary = top + 2 + labels.index("1.2 Salários e Encargos")
    fin.cell(salary, left + 1, "1.234,56")
    fin.cell(salary, left + 4, 2000)
    fin.cell(top + 2 + labels.index("1 . 11 Outras (Especificar)"), left + 7, "R$ 10,50")
    fin.cell(top + 2 + labels.index("3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO"), left + 1, 100)

    dis = wb.create_sheet("Desembolso")
    r = 3
    for title, code_header, codes in (("Resultado ou Produto 1:", "Atividades de Intervenção", ["A 1.1", "A 1.2"]),
                                      ("Atividades de Monitoramento e Avaliação do Projeto",
                                       "Atividades de Monitoramento e Avaliação", ["AM1"])):
        r = disbursement_header(dis, r, 2, title, code_header)
        for n, code in enumerate(codes):
            dis.cell(r, 2, f"{code} - Atividade {n + 1}")
            dis.cell(r, 3, f"{(n + 1) * 1000},00")        # Ano I previsto, pt-BR text
            dis.cell(r, 9, (n + 1) * 10.5)                 # Ano III previsto
            r += 1
        dis.cell(r, 2, "Total (R$)")
        dis.cell(r, 15, "(A)" if codes[0].startswith("A 1") else "(D)")
        r += 3

    sch = wb.create_sheet("Cronograma")
    r = 2
    sch.cell(r, 4, "CRONOGRAMA SEMESTRAL DE ATIVIDADES")
    r = 5
    for title, code_header, codes in (("Resultado ou Produto 1:", "Atividades de Intervenção", ["A1.1", "A 1.2"]),
                                      ("Atividades de Monitoramento e Avaliação", "Atividades de Monitoramento e "
                                                                                   "Avaliação", ["AM. 1"])):
        sch.cell(r, 4, title)
        sch.cell(r + 1, 4, "Cronograma de Atividades")
        sch.cell(r + 2, 4, code_header)
        for i, label in enumerate(("ANO I", "ANO II", "ANO II")):  # the model's typo
            sch.cell(r + 2, 5 + 2 * i, label)
            sch.cell(r + 3, 5 + 2 * i, "1º Sem")
            sch.cell(r + 3, 6 + 2 * i, "2º Sem")
        r += 4
        for n, code in enumerate(codes):
            sch.cell(r, 4, code)
            sch.cell(r, 5 + n, "X")        # planned in semester n+1
            sch.cell(r, 9 + n, "x")        # and in the third year (the 'ANO II' typo columns)
            sch.cell(r + 1, 5 + n, "P")
            r += 2
        r += 2

    mat = wb.create_sheet("Matriz")
    mat.cell(3, 2, "1. LÓGICA DA INTERVENÇÃO")
    mat.cell(3, 3, "2. INDICADORES OBJETIVAMENTE COMPROVÁVEIS")
    mat.cell(4, 3, "Descrição dos Indicadores")
    mat.cell(4, 4, "Linha de Base")
    mat.cell(4, 5, "Metas")
    col = 5
    for label in ("Ano I", "Ano II", "Ano III"):
        mat.cell(5, col, label)
        for sub in ("1º SEM", "2º SEM", "Total"):
            mat.cell(6, col, sub)
            mat.cell(7, col, "Previsto")
            mat.cell(7, col + 1, "Realizado")
            col += 2
    mat.cell(5, col, "TRIÊNIO")
    mat.cell(6, col, "Total")
    mat.cell(7, col, "Previsto")
    mat.cell(7, col + 1, "Realizado")
    mat.cell(8, 2, "1.2. Resultados")
    mat.cell(9, 2, "Resultado 1: Serviço implantado")
    mat.cell(9, 3, "Unidades atendidas")
    mat.cell(9, 4, 0)
    mat.cell(9, 5, 3)      # Ano I 1º SEM previsto
    mat.cell(9, 13, "4")   # Ano II 2º SEM previsto, as text
    mat.cell(10, 3, "Profissionais capacitados")
    mat.cell(10, 7, 20)    # Ano I 2º SEM previsto
    wb.save(path)


def test_model_only_workbook(tmp_path):
    path = tmp_path / "modelo.xlsx"
    _model_only_workbook(path)
    wb = read_workbook(path)
    assert [f.code for f in wb.findings if f.severity == "error"] == []
    assert wb.years == 3
    fin = wb.financial.set_index(["account", "year"])
    assert fin.loc[("1.2", "Ano I"), "planned"] == 1234.56
    assert fin.loc[("1.2", "Ano II"), "planned"] == 2000
    assert fin.loc[("1.11", "Ano III"), "planned"] == 10.5
    assert fin.loc[("TOTAL", "Ano I"), "planned"] == 1334.56
    assert fin.loc[("TOTAL1", "Ano III"), "planned"] == 10.5
    dis = wb.disbursement.set_index(["activity", "year"])
    assert dis.loc[("A1.1", "Ano I"), "planned"] == 1000 and dis.loc[("A1.2", "Ano I"), "planned"] == 2000
    assert dis.loc[("A1.2", "Ano III"), "planned"] == 21 and dis.loc[("AM.1", "Ano I"), "planned"] == 1000
    assert dis.loc[("A1.1", "Ano I"), "description"] == "Atividade 1"
    assert set(wb.disbursement.block) == {"1", "M"}
    sch = wb.schedule
    planned = {(a, (year_number(y) - 1) * 2 + half_number(s))
               for a, y, s, p in zip(sch.activity, sch.year, sch.semester, sch.scheduled) if p}
    assert planned == {("A1.1", 1), ("A1.1", 5), ("A1.2", 2), ("A1.2", 6), ("AM.1", 1), ("AM.1", 5)}
    status = {(a, (year_number(y) - 1) * 2 + half_number(s)): st
              for a, y, s, st in zip(sch.activity, sch.year, sch.semester, sch.status) if isinstance(st, str)}
    assert status == {("A1.1", 1): "P", ("A1.2", 2): "P", ("AM.1", 1): "P"}
    mat = wb.matrix
    targets = {(i, (year_number(y) - 1) * 2 + half_number(s)): p
               for i, y, s, p in zip(mat.indicator, mat.year, mat.semester, mat.target)
               if p == p and p is not None}
    assert targets == {("Unidades atendidas", 1): 3, ("Unidades atendidas", 4): 4,
                       ("Profissionais capacitados", 2): 20}
    assert set(mat.ref) == {"R1"}
    assert wb.info["entity.cnpj"] == "60.540.235/0001-06"
    assert wb.info["project.total_value"] == 1000.0
    assert str(wb.info["project.start"]) == "2024-01-01" and str(wb.info["project.end"]) == "2026-12-31"
    assert wb.info["responsible.name"] == "Ana" and wb.info["entity.name"] == "Hospital Modelo"
    assert {f.code for f in wb.findings} == {"TCX501"}
