"""Workbooks typed from the official model as the model lays its tables out (SPEC §1.3,
§1.4, §2), written with plain openpyxl from the seed's text (tests/modelo.py)."""
from __future__ import annotations

import datetime as dt

import openpyxl

import tcxl
from modelo import hand_made, schedule_block
from tcxl import libreoffice

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
    assert dict(zip(sch.activity, sch.block)) == {"A1.1": 1, "A1.2": 1, "A2.1": 2, "AM.1": "M", "AM.2": "M"}
    planned = {(a, 2 * (y - 1) + s) for a, y, s, p in zip(sch.activity, sch.year, sch.semester, sch.planned) if p}
    assert planned == {("A1.1", 1), ("A1.2", 2), ("A1.2", 3), ("A2.1", 4), ("AM.1", 2), ("AM.2", 6)}
    status = {(a, 2 * (y - 1) + s): x for a, y, s, x in zip(sch.activity, sch.year, sch.semester, sch.status)
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
    three = fin[(fin.code == "3")].planned.sum()
    gap = fin[(fin.code == "TOTAL")].planned.sum() - three - read.disbursement.planned.sum()
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
