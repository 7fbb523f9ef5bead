"""build_workbook: sheets, labels, formulas, protection, validations, cached values."""
from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

import tcxl
from expected import PARTS, account, all_indicators, block_total, cents, indicator_totals
from sheets import find_cell, find_row, group_columns, summed_cells
from tcxl.accounts import ACCOUNTS

SHEETS = ["Identificação", "Matriz de Planejamento", "Cronograma de Atividades",
          "Cronograma de Desembolso", "Execução Financeira"]
YEARS = ("Ano I", "Ano II", "Ano III")
FIN_FIELDS = ("Previsão", "Executado", "%")


@pytest.fixture(scope="module")
def wb(sample_xlsx):
    return openpyxl.load_workbook(sample_xlsx)


@pytest.fixture(scope="module")
def cached(sample_xlsx):
    return openpyxl.load_workbook(sample_xlsx, data_only=True)


def fin_columns(ws) -> dict[str, dict[str, str]]:
    return {h: group_columns(ws, h, FIN_FIELDS) for h in (*YEARS, "Total Triênio")}


def test_sheets_in_order_and_metadata_hidden(wb):
    assert wb.sheetnames[:5] == SHEETS
    meta = wb["_tcxl"]
    assert meta.sheet_state == "hidden"
    values = {r[0].value: r[1].value for r in meta.iter_rows(min_row=2)}
    assert values["template_version"] == "proadi-sus/2024.1"
    assert values["years"] == "3"
    assert wb.custom_doc_props["tcxl_template_version"].value == "proadi-sus/2024.1"


def test_chart_of_accounts_labels_in_order(wb):
    ws = wb["Execução Financeira"]
    first = find_row(ws, "1. CUSTOS DIRETOS ESPECÍFICOS DO PROJETO")
    labels = [ws.cell(first + i, 1).value for i in range(len(ACCOUNTS))]
    assert labels == [
        "1. CUSTOS DIRETOS ESPECÍFICOS DO PROJETO", "1.1 Coordenação do Projeto",
        "1.1.1 Serviços de Terceiros PJ", "1.1.2 Serviços de Terceiros PF", "1.2 Salários e Encargos",
        "1.3 Serviços de Terceiros", "1.3.1 Serviços de Assessoria e Consultoria PF",
        "1.3.2 Serviços de Assessoria e Consultoria PJ", "1.3.3 Serviços de Profissionais PJ",
        "1.3.4 Serviços de Profissionais PF", "1.3.5 Bolsistas e Estagiários",
        "1.4 Outros Serviços de Terceiros", "1.5 Medicamentos", "1.6 Material Médico",
        "1.7 Material de Consumo", "1.8 Despesas de Transporte e Hospedagem",
        "1.8.1 Pacientes e Acompanhantes", "1.8.2 Atividades de Ensino e Capacitação",
        "1.8.3 Atividades de Monitoramento e Avaliação", "1.9 Locação de Equipamentos e Imóveis",
        "1.10 Depreciação", "1.11 Outras (Especificar)", "TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS",
        "2. CUSTOS DIRETOS COMPARTILHADOS: CUSTOS PELO USO DAS UNIDADES ASSISTENCIAIS (detalhes em anexo)",
        "SUBTOTAL (1 + 2)", "3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO",
        "4.CAPITAL (investimento)", "4.1 Imobilizado - Tangível", "4.1.1 Obras e Instalações",
        "4.1.2 Equipamentos e Material Permanente", "4.1.3 Equipamentos de Informática",
        "4.1.4 Outros (especificar)", "4.2 Imobilizado - Intangível (especificar)",
        "TOTAL CAPITAL (4.1 + 4.2)", "TOTAL GERAL (1+2+3+4)",
        "% Custos Indiretos de Apoio e Administração/Custo Geral [3 / (1+2+3+4)]",
    ]
    header = find_cell(ws, "DESCRIÇÃO DAS CONTAS")
    assert [ws.cell(header.row, c).value for c in (2, 5, 8, 11)] == [*YEARS, "Total Triênio"]
    assert [ws.cell(header.row + 1, c).value for c in range(2, 14)] == list(FIN_FIELDS) * 4


def _row_of(ws, prefix: str) -> int:
    return next(r for r in range(1, ws.max_row + 1)
                if isinstance(ws.cell(r, 1).value, str) and ws.cell(r, 1).value.split(" ")[0] == prefix)


@pytest.mark.parametrize("total", sorted(PARTS))
def test_subtotals_sum_exactly_their_parts(wb, total):
    ws = wb["Execução Financeira"]
    cols = fin_columns(ws)
    row = _row_of(ws, total)
    first, last = _row_of(ws, PARTS[total][0]), _row_of(ws, PARTS[total][-1])
    assert last - first + 1 == len(PARTS[total])
    for year in YEARS:
        for field in ("Previsão", "Executado"):
            c = cols[year][field]
            assert ws[f"{c}{row}"].value == f"=SUM({c}{first}:{c}{last})"


def test_grand_totals_and_indirect_share(wb):
    ws = wb["Execução Financeira"]
    cols = fin_columns(ws)
    r = {label: find_row(ws, label) for label in (
        "TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS", "SUBTOTAL (1 + 2)", "TOTAL CAPITAL (4.1 + 4.2)",
        "TOTAL GERAL (1+2+3+4)")}
    two = find_row(ws, "2. CUSTOS DIRETOS", exact=False)
    three = find_row(ws, "3. CUSTOS INDIRETOS", exact=False)
    pct = find_row(ws, "% Custos Indiretos", exact=False)
    direct = [_row_of(ws, c) for c in ("1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "1.11")]
    c = cols["Ano II"]["Previsão"]
    def parts(label: str) -> list[str]:
        formula = ws[f"{c}{r[label]}"].value
        assert formula.startswith("=SUM(")
        return summed_cells(formula)

    assert parts("TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS") == [f"{c}{row}" for row in direct]
    assert parts("SUBTOTAL (1 + 2)") == [f"{c}{r['TOTAL DOS CUSTOS DIRETOS ESPECÍFICOS']}", f"{c}{two}"]
    assert parts("TOTAL GERAL (1+2+3+4)") == [
        f"{c}{r['SUBTOTAL (1 + 2)']}", f"{c}{three}", f"{c}{r['TOTAL CAPITAL (4.1 + 4.2)']}"]
    tg = r["TOTAL GERAL (1+2+3+4)"]
    for year in (*YEARS, "Total Triênio"):
        for field in ("Previsão", "Executado"):
            col = cols[year][field]
            assert ws[f"{col}{pct}"].value == f'=IF({col}{tg}=0,"",{col}{three}/{col}{tg})'


def test_total_trienio_sums_the_years_and_percent_is_guarded(wb):
    ws = wb["Execução Financeira"]
    cols = fin_columns(ws)
    first = find_row(ws, "1.1 Coordenação do Projeto")
    last = find_row(ws, "TOTAL GERAL (1+2+3+4)")
    for row in range(first, last + 1):
        if ws.cell(row, 1).value == "4.CAPITAL (investimento)":
            assert ws[f"{cols['Total Triênio']['Previsão']}{row}"].value is None
            continue
        for field in ("Previsão", "Executado"):
            years = ",".join(f"{cols[y][field]}{row}" for y in YEARS)
            assert ws[f"{cols['Total Triênio'][field]}{row}"].value == f"=SUM({years})"
        for period in (*YEARS, "Total Triênio"):
            p, e, pc = (cols[period][f] for f in FIN_FIELDS)
            assert ws[f"{pc}{row}"].value == f'=IF({p}{row}=0,"",{e}{row}/{p}{row})'


def _disbursement_structure(path):
    ws = openpyxl.load_workbook(path)["Cronograma de Desembolso"]
    letters, totals = [], []
    for row in range(1, ws.max_row + 1):
        if ws.cell(row, 1).value == "Total (R$)":
            letter = next(v for v in (ws.cell(row, c).value for c in range(2, ws.max_column + 1))
                          if isinstance(v, str) and v.startswith("("))
            letters.append(letter)
            totals.append(row)
    return ws, letters, totals


@pytest.mark.parametrize("n_results", [3, 5])
def test_disbursement_letters_and_summary(tmp_path, n_results):
    project = tcxl.Project.blank(results=n_results)
    path = tcxl.build_workbook(project, tmp_path / "p.xlsx")
    ws, letters, totals = _disbursement_structure(path)
    expected = [f"({chr(65 + i)})" for i in range(n_results + 2)]
    assert letters == expected
    names = "ABCDEFG"[: n_results + 2]
    results, mon, ind = names[:n_results], names[n_results], names[n_results + 1]
    cols = group_columns(ws, "Total Triênio (R$)", ("Previsto", "Executado"))
    head = find_cell(ws, "Desembolso Financeiro")
    value_col = get_column_letter(find_cell(ws, "Valor (R$)").column)
    labels = [ws.cell(head.row + i, 1).value for i in range(1, 5)]
    assert labels == [
        f"1. Desembolso Total das Atividades de Intervenção ({' + '.join(results)})",
        f"2. Desembolso Total das Atividades de Monitoramento e Avaliação ({mon})",
        f"3. Custos Indiretos do Triênio ({ind})",
        f"Total dos Recursos Despendidos no Triênio ({'+'.join(names)})",
    ]
    t = cols["Previsto"]
    assert ws[f"{value_col}{head.row + 1}"].value == "=SUM(" + ",".join(f"{t}{r}" for r in totals[:n_results]) + ")"
    assert ws[f"{value_col}{head.row + 2}"].value == f"=SUM({t}{totals[n_results]})"
    assert ws[f"{value_col}{head.row + 3}"].value == f"=SUM({t}{totals[n_results + 1]})"
    assert ws[f"{value_col}{head.row + 4}"].value == f"=SUM({value_col}{head.row + 1}:{value_col}{head.row + 3})"
    # each block total sums its rows, from the header row above the first activity to the row
    # above the total, computed (INDEX … ROW()-1) so that a row inserted just above it counts
    ano1 = group_columns(ws, "Ano I (R$)", ("Previsto", "Executado"))["Previsto"]
    first = find_row(ws, "A1.1")
    assert ws[f"{ano1}{totals[0]}"].value == f"=SUM({ano1}{first - 1}:INDEX({ano1}:{ano1},ROW()-1))"
    assert ws[f"{ano1}{first - 1}"].value == "Previsto"


def test_inputs_unlocked_formulas_locked_protection_on(wb):
    for name in SHEETS:
        ws = wb[name]
        assert ws.protection.sheet is True, name
        assert ws.protection.insertRows is False  # False = insertion allowed in OOXML
        formulas = inputs = 0
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.protection.locked, cell.coordinate
                    formulas += 1
                elif cell.fill.fgColor.rgb == "FFFFF2CC":
                    assert not cell.protection.locked, cell.coordinate
                    inputs += 1
                elif cell.value is not None:
                    assert cell.protection.locked, cell.coordinate
        assert inputs > 0, name
        assert formulas > 0 or name in ("Identificação", "Cronograma de Atividades"), name


def _validated(ws) -> dict[str, list]:
    out: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            c1, r1, c2, r2 = range_boundaries(rng.coord)
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    out.setdefault(f"{get_column_letter(c)}{r}", []).append(dv)
    return out


def test_money_cells_validated(wb):
    for name in ("Execução Financeira", "Cronograma de Desembolso"):
        ws = wb[name]
        validated = _validated(ws)
        money_inputs = [c for row in ws.iter_rows() for c in row
                        if c.fill.fgColor.rgb == "FFFFF2CC" and c.number_format == '"R$" #,##0.00']
        assert len(money_inputs) > 20
        for cell in money_inputs:
            (dv,) = validated[cell.coordinate]
            assert dv.type == "custom"
            assert ">=0" in dv.formula1 and "ROUND(" in dv.formula1


def test_mark_cells_validated(wb):
    ws = wb["Cronograma de Atividades"]
    validated = _validated(ws)
    row = find_row(ws, "A1.1")
    sem_cols = range(5, 11)
    for c in sem_cols:
        planned = validated[f"{get_column_letter(c)}{row}"][0]
        status = validated[f"{get_column_letter(c)}{row + 1}"][0]
        assert planned.type == "list" and planned.formula1 == '"X"'
        assert status.type == "list" and status.formula1 == '"X,P,A,C"'
    assert ws.cell(row, 4).value == "Previsto" and ws.cell(row + 1, 4).value == "Realizado"


def test_formats_panes_and_print_setup(wb):
    ws = wb["Execução Financeira"]
    cols = fin_columns(ws)
    row = find_row(ws, "1.2 Salários e Encargos")
    assert ws[f"{cols['Ano I']['Previsão']}{row}"].number_format == '"R$" #,##0.00'
    assert ws[f"{cols['Ano I']['%']}{row}"].number_format == "0.0%"
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes is not None, name
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.paperSize == 9, name  # A4
        # a scale that fits the width, never below 55 % (not 'fit to pages': Excel then
        # ignores the page breaks set between blocks)
        assert 55 <= int(ws.page_setup.scale or 100) <= 100, name
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, name
    assert wb["Execução Financeira"].print_title_rows == "$3:$4"


def test_build_is_deterministic(tmp_path, sample_project):
    a = tcxl.build_workbook(sample_project, tmp_path / "a.xlsx").read_bytes()
    b = tcxl.build_workbook(sample_project, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    assert tcxl.build_workbook(None, tmp_path / "c.xlsx").read_bytes() == \
        tcxl.build_workbook(None, tmp_path / "d.xlsx").read_bytes()


def test_skipping_xlsxwriters_future_function_scan_writes_the_same_bytes(tmp_path, sample_project, monkeypatch):
    """build._Sheet skips xlsxwriter's _xlfn. scan for tcxl's classic functions: same file."""
    import zipfile

    from xlsxwriter.worksheet import Worksheet

    import tcxl.build

    fast = tcxl.build_workbook(sample_project, tmp_path / "fast.xlsx")
    monkeypatch.setattr(tcxl.build, "_Sheet", Worksheet)  # stock xlsxwriter, not a mock
    stock = tcxl.build_workbook(sample_project, tmp_path / "stock.xlsx")
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(stock) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
    sheet = tcxl.build._Sheet(), Worksheet()
    for formula in ("=SUM(C5:C9)", '=IF(B8=0,"",C8/B8)', "=AND(ISNUMBER(C5),C5>=0,ROUND(C5,2)=C5)",
                    "=XLOOKUP(A1,B1:B9,C1:C9)", "=STDEV.S(A1:A9)", "{=SUM(A1:A2)}"):
        assert sheet[0]._prepare_formula(formula, True) == sheet[1]._prepare_formula(formula, True)


def test_spec_values_written_to_inputs(wb, sample_project):
    ws = wb["Cronograma de Atividades"]
    for result in sample_project.results:
        for act in result.activities:
            row = find_row(ws, act.code)
            marks = {s for s in range(1, 7) if ws.cell(row, 4 + s).value == "X"}
            assert marks == set(act.semesters), act.code
    ws = wb["Identificação"]
    assert ws.cell(find_row(ws, "CNPJ:"), 2).value == "60.540.235/0001-06"
    assert cents(ws.cell(find_row(ws, "2.2. Valor total do Projeto"), 2).value) == sample_project.total_value
    assert ws.cell(find_row(ws, "Capacitação de Recursos Humanos"), 2).value == "X"
    assert ws.cell(find_row(ws, "Pesquisas de Interesse Público em Saúde"), 2).value is None


def check_values(book, project, tolerance_cents: bool = True):
    """Assert every total of every sheet equals the Python totals from the spec."""
    ws = book["Execução Financeira"]
    cols = fin_columns(ws)
    for acc in ACCOUNTS:
        if acc.kind in ("heading", "ratio"):
            continue
        row = find_row(ws, acc.label)
        for y, year in enumerate(YEARS, start=1):
            assert cents(ws[f"{cols[year]['Previsão']}{row}"].value or 0) == account(project, acc.code, y), (acc.code, y)
        trienio = sum(account(project, acc.code, y) for y in (1, 2, 3))
        assert cents(ws[f"{cols['Total Triênio']['Previsão']}{row}"].value or 0) == trienio, acc.code
    pct = find_row(ws, "% Custos Indiretos", exact=False)
    for y, year in enumerate(YEARS, start=1):
        expected = account(project, "3", y) / account(project, "TOTAL", y)
        assert abs(Decimal(str(ws[f"{cols[year]['Previsão']}{pct}"].value)) - expected) < Decimal("1e-9")

    ws = book["Cronograma de Desembolso"]
    _, _, totals = None, None, [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total (R$)"]
    blocks = [*range(1, len(project.results) + 1), "M", "CI"]
    years = {y: group_columns(ws, f"{year} (R$)", ("Previsto", "Executado"))["Previsto"]
             for y, year in enumerate(YEARS, start=1)}
    tri = group_columns(ws, "Total Triênio (R$)", ("Previsto", "Executado"))["Previsto"]
    for block, row in zip(blocks, totals):
        for y, col in years.items():
            assert cents(ws[f"{col}{row}"].value) == block_total(project, block, y), (block, y)
        assert cents(ws[f"{tri}{row}"].value) == sum(block_total(project, block, y) for y in (1, 2, 3))
    grand = find_row(ws, "Total dos Recursos Despendidos", exact=False)
    value_col = get_column_letter(find_cell(ws, "Valor (R$)").column)
    grand_value = cents(ws[f"{value_col}{grand}"].value)
    assert grand_value == sum(account(project, "TOTAL", y) for y in (1, 2, 3)) == project.total_value

    ws = book["Matriz de Planejamento"]
    total_col = find_cell(ws, "TRIÊNIO").column
    year_total_cols = [find_cell(ws, label).column + 4 for label in YEARS]
    checked = 0
    for indicator in all_indicators(project):
        row = find_row(ws, indicator.description)
        per_year, trienio = indicator_totals(indicator, 3)
        for col, expected in zip([*year_total_cols, total_col], [*per_year, trienio]):
            found = ws.cell(row, col).value
            if expected is None:
                assert found in (None, ""), (indicator.description, col)
            else:
                assert Decimal(str(found)) == expected, (indicator.description, col)
            checked += 1
    assert checked >= 24


def test_cached_values_equal_python_totals(cached, sample_project):
    check_values(cached, sample_project)


def test_matrix_totals_follow_the_rule(wb):
    ws = wb["Matriz de Planejamento"]
    row = find_row(ws, "Taxa de conclusão do curso (%)")
    total_col = find_cell(ws, "TRIÊNIO").column
    assert ws.cell(row, total_col).value is None  # aggregation "none": no formula
    row = find_row(ws, "Hospitais regionais com equipe de cuidados paliativos em funcionamento")
    formula = ws.cell(row, total_col).value
    assert formula.startswith("=IF(ISNUMBER(") and formula.count("ISNUMBER") == 3
    row = find_row(ws, "Profissionais certificados")
    assert ws.cell(row, total_col).value.startswith('=IF(COUNT(') and "SUM(" in ws.cell(row, total_col).value


def test_template_in_sync_with_builder(tmp_path):
    from conftest import TEMPLATE

    fresh = tcxl.build_workbook(None, tmp_path / "modelo.xlsx").read_bytes()
    assert TEMPLATE.read_bytes() == fresh, (
        "templates_xlsx/proadi_sus_modelo.xlsx is out of date: run "
        "`tcxl build-template -o templates_xlsx/proadi_sus_modelo.xlsx`")


def test_blank_template_shape(blank_xlsx):
    book = openpyxl.load_workbook(blank_xlsx)
    ws = book["Cronograma de Desembolso"]
    codes = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert [c for c in codes if isinstance(c, str) and c[:1] == "A" and c[1:2] in "123M" and len(c) < 6] == [
        "A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "A2.3", "A3.1", "A3.2", "A3.3", "AM.1", "AM.2"]
    ws = book["Cronograma de Atividades"]
    header = find_cell(ws, "ANO I")
    assert [ws.cell(header.row, c).value for c in range(header.column, header.column + 6, 2)] == \
        ["ANO I", "ANO II", "ANO III"]
