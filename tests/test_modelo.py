"""Workbooks typed from the official model as the model lays its tables out (SPEC §1.3,
§1.4, §2), written with plain openpyxl from the seed's text (tests/modelo.py)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import tcxl
from sheets import find_cell, find_row, group_columns
from modelo import hand_made, schedule_block
from tcxl import libreoffice
from tcxl.periods import half_number, year_number

TODAY = dt.date(2026, 11, 22)


def test_schedule_monitoring_titled_as_in_the_model(tmp_path):
    """The model titles the monitoring block 'Atividades de Monitoramento e Avaliação', the
    same words as that block's code header: AM.1 and AM.2 belong to monitoring, not to the
    result above them."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Cronograma"
    ws["B2"] = "CRONOGRAMA SEMESTRAL DE ATIVIDADES"
    row = schedule_block(ws, 5, 2, "Resultado ou Produto 1:", "Atividades de Intervenção", ["A1.1", "A1.2"],
                         {"A1.1": ({1: "X"}, {1: "X"}), "A1.2": ({2: "X", 3: "X"}, {})})
    row = schedule_block(ws, row, 2, "Resultado ou Produto 2:", "Atividades de Intervenção", ["A2.1"],
                         {"A2.1": ({4: "X"}, {})})
    schedule_block(ws, row, 2, "Atividades de Monitoramento e Avaliação", "Atividades de Monitoramento e Avaliação",
                   ["AM. 1", "AM. 2"], {"AM. 1": ({2: "X"}, {}), "AM. 2": ({6: "X"}, {})})
    path = tmp_path / "cronograma.xlsx"
    wb.save(path)
    read = tcxl.read_workbook(path)
    assert [f.code for f in read.findings if f.sheet == "Cronograma"] == []
    sch = read.schedule
    assert dict(zip(sch.activity, sch.block)) == {"A1.1": "1", "A1.2": "1", "A2.1": "2", "AM.1": "M", "AM.2": "M"}
    planned = {(a, 2 * (year_number(y) - 1) + half_number(s))
               for a, y, s, p in zip(sch.activity, sch.year, sch.semester, sch.scheduled) if p}
    assert planned == {("A1.1", 1), ("A1.2", 2), ("A1.2", 3), ("A2.1", 4), ("AM.1", 2), ("AM.2", 6)}
    status = {(a, 2 * (year_number(y) - 1) + half_number(s)): x
              for a, y, s, x in zip(sch.activity, sch.year, sch.semester, sch.status)
              if isinstance(x, str)}
    assert status == {("A1.1", 1): "X"}
    assert "TCX106" not in {f.code for f in tcxl.check(path, today=TODAY).findings}


def _indirect_as_a_summary_line(tmp_path, planted: bool):
    """The model's indirect costs: no block, one typed value on the summary's line 3 (E),
    counted in its total and equal to account 3 over the years (both made so, or not)."""
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "indiretos.xlsx"
    hand_made(path, indirect=0)
    read = tcxl.read_workbook(path)
    fin = read.financial
    three = fin[(fin.account == "3")].planned.sum()
    gap = fin[(fin.account == "TOTAL")].planned.sum() - three - read.disbursement.planned.sum()
    cell = hand_made(path, indirect=round(three + (1000 if planted else 0), 2))["E"]
    book = openpyxl.load_workbook(path)
    book["Desembolso"]["E7"] = book["Desembolso"]["E7"].value + gap  # A1.1, Ano II: the totals agree
    book.save(path)
    return path, cell


def test_indirect_costs_as_one_summary_line(tmp_path):
    path, cell = _indirect_as_a_summary_line(tmp_path, planted=False)
    checked = [tcxl.check(path, today=TODAY)]
    if libreoffice.soffice():
        checked.append(tcxl.check(libreoffice.convert(path, tmp_path / "lo"), today=TODAY))
    for report in checked:
        assert {f.code for f in report.findings if f.code[:4] in ("TCX2", "TCX3", "TCX4")} == set(), \
            [f.line() for f in report.findings]


def test_indirect_costs_line_differs_from_account_3(tmp_path):
    path, cell = _indirect_as_a_summary_line(tmp_path, planted=True)
    report = tcxl.check(path, today=TODAY)
    found = {(f.code, f.sheet, f.cell) for f in report.findings if f.code in ("TCX403", "TCX405")}
    assert ("TCX405", "Desembolso", cell) in found
    f405 = next(f for f in report.findings if f.code == "TCX405")
    assert "linha 3 (E)" in f405.message and "conta 3" in f405.message


# -- projects that are not three years ---------------------------------------------------------
FIVE_YEARS = {
    "title": "Projeto de cinco anos", "start": "2025-01-01", "end": "2029-12-31", "years": 5, "total_value": 90065,
    "entity": {"name": "Hospital Exemplo", "cnpj": "60.540.235/0001-06", "cnes": "2077485"},
    "results": [{"description": f"Resultado {m}", "indicators": [
        {"description": "Unidades", "targets": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "aggregation": "sum"}],
        "activities": [{"description": f"Atividade {m}.{n}", "semesters": [1, 4, 9],
                        "planned": [1000, 2000, 3000, 4000, 5000]} for n in (1, 2)]} for m in (1, 2, 3)],
    "monitoring": [{"description": "Monitoramento", "semesters": [2, 10], "planned": [10, 10, 10, 10, 10]}],
    "financial": {"1.2": [6000, 12000, 18000, 24000, 30000], "1.8.3": [10, 10, 10, 10, 10], "3": [1, 2, 3, 4, 5]},
}


@pytest.fixture(scope="module")
def five_years(tmp_path_factory) -> Path:
    return tcxl.build_workbook(tcxl.Project.from_dict(FIVE_YEARS), tmp_path_factory.mktemp("5") / "cinco.xlsx")


def _edited(path: Path, tmp_path: Path, change) -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    out = tmp_path / "editado.xlsx"
    book.save(out)
    return out


def test_five_year_workbook_reads_and_checks_clean(five_years):
    book = openpyxl.load_workbook(five_years)
    assert find_cell(book["Execução Financeira"], "Total Quinquênio")
    assert find_cell(book["Cronograma de Desembolso"], "Total Quinquênio (R$)")
    assert find_cell(book["Matriz de Planejamento"], "QUINQUÊNIO")
    read = tcxl.read_workbook(five_years)
    assert read.years == 5 and read.findings == []
    fin = read.financial.set_index(["account", "year"])
    assert fin.loc[("1.2", "Ano V"), "planned"] == 30000 and fin.loc[("TOTAL", "Ano V"), "planned"] == 30015
    assert tcxl.check(five_years, today=TODAY).findings == []


def test_five_year_all_years_totals_are_checked(five_years, tmp_path):
    """A Total Quinquênio that adds 4 of the 5 years, and a summary line (A + B + C) that
    leaves out block C, are found at their cells (they passed unseen when the all-years
    column was not placed)."""
    cells = {}

    def change(book):
        fin, dis = book["Execução Financeira"], book["Cronograma de Desembolso"]
        col = group_columns(fin, "Total Quinquênio", ("Previsão",))["Previsão"]
        row = find_row(fin, "1.2 Salários e Encargos")
        cells["fin"] = f"{col}{row}"
        fin[cells["fin"]] = fin[cells["fin"]].value.rsplit(",", 1)[0] + ")"  # drops Ano V
        line = find_row(dis, "1. Desembolso Total", exact=False)
        cells["dis"] = f"C{line}"
        dis[cells["dis"]] = dis[cells["dis"]].value.rsplit(",", 1)[0] + ")"  # drops block C
    report = tcxl.check(_edited(five_years, tmp_path, change), today=TODAY)
    assert {(f.code, f.cell) for f in report.findings} == {("TCX202", cells["fin"]), ("TCX202", cells["dis"])}
    f = next(f for f in report.findings if f.cell == cells["fin"])
    assert "deixa de fora 1.2 Salários e Encargos, Ano V, Previsão" in f.message


@pytest.mark.parametrize("label", ["Total do Período", "TOTAL"])
def test_other_all_years_labels_are_accepted(five_years, tmp_path, label):
    def change(book):
        find_cell(book["Execução Financeira"], "Total Quinquênio").value = label
        find_cell(book["Cronograma de Desembolso"], "Total Quinquênio (R$)").value = f"{label} (R$)"
    path = _edited(five_years, tmp_path, change)
    assert tcxl.read_workbook(path).findings == [] and tcxl.check(path, today=TODAY).findings == []


def test_an_all_years_column_that_cannot_be_placed_is_a_finding(five_years, tmp_path):
    """Labelled with a word tcxl does not know: a TCX102 naming the label looked for, per
    table, never a silent skip (nor the column taken for Ano V's)."""
    cells = {}

    def change(book):
        for sheet, label in (("Execução Financeira", "Total Quinquênio"), ("Matriz de Planejamento", "QUINQUÊNIO")):
            cell = find_cell(book[sheet], label)
            cell.value = "Soma geral"
            cells[sheet] = cell.coordinate
    path = _edited(five_years, tmp_path, change)
    found = [f for f in tcxl.read_workbook(path).findings]
    assert {(f.code, f.sheet, f.expected) for f in found} == {
        ("TCX102", "Execução Financeira", "Total Quinquênio"), ("TCX102", "Matriz de Planejamento", "QUINQUÊNIO")}
    report = tcxl.check(path, today=TODAY)
    assert {f.code for f in report.findings} == {"TCX102"}  # Ano V's columns are still Ano V's


def test_tables_that_disagree_on_the_years(five_years, tmp_path):
    def change(book):
        ws = book["Execução Financeira"]
        ws.delete_cols(find_cell(ws, "Ano V").column, 3)
    found = tcxl.read_workbook(_edited(five_years, tmp_path, change)).findings
    (f,) = [f for f in found if f.code == "TCX107"]
    assert "Execução Financeira: 4" in f.message and "Cronograma de Desembolso: 5" in f.message
