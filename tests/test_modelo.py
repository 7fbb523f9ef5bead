"""Workbooks typed from the official model as the model lays its tables out (SPEC §1.3,
§1.4, §2), written with plain openpyxl from the seed's text (tests/modelo.py)."""
from __future__ import annotations

import datetime as dt

import openpyxl

import tcxl
from modelo import schedule_block

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
