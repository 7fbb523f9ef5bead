"""The built workbook as a form people fill (SPEC §1.6): what is locked, what a real client
types into it, and what it looks like printed."""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

import tcxl
from conftest import TEMPLATE, require_libreoffice
from tcxl import libreoffice
from tcxl.layout.base import FORMULA, HEADER, INPUT, LABEL

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


# -- locks -------------------------------------------------------------------------------
def _assert_locks(path: Path, project) -> int:
    """Every input cell of the layout unlocked and shaded, every label/header/formula locked,
    every sheet protected; returns how many cells were looked at."""
    book = openpyxl.load_workbook(path)
    seen = 0
    for sheet in tcxl.workbook_layout(project).sheets:
        ws = book[sheet.name]
        assert ws.protection.sheet, sheet.name
        assert ws.protection.insertRows is False and ws.protection.deleteRows is False, sheet.name  # allowed
        cells = [(c.row, c.col, c.role) for c in sheet.cells]
        cells += [(m.first_row, m.first_col, HEADER) for m in sheet.merges if m.style == "header"]
        for row, col, role in cells:
            cell = ws.cell(row + 1, col + 1)
            where = f"{sheet.name}!{get_column_letter(col + 1)}{row + 1}"
            if role == INPUT:
                assert cell.protection.locked is False, where
                assert cell.fill.fgColor.rgb not in (None, "00000000"), where  # shaded
            elif role in (LABEL, HEADER, FORMULA):
                assert cell.protection.locked is not False, where
            seen += 1
    return seen


def test_every_input_is_unlocked_and_every_label_and_formula_locked(blank_xlsx, sample_xlsx, sample_project):
    assert _assert_locks(blank_xlsx, tcxl.Project.blank()) > 1000
    assert _assert_locks(sample_xlsx, sample_project) > 1000
    # the cells the issue names: codes, descriptions, responsável, element texts
    book = openpyxl.load_workbook(blank_xlsx)
    dis, sch, mat = book["Cronograma de Desembolso"], book["Cronograma de Atividades"], book["Matriz de Planejamento"]
    a11 = next(c for r in dis.iter_rows() for c in r if c.value == "A1.1")
    assert a11.protection.locked is False and dis.cell(a11.row, 2).protection.locked is False
    s11 = next(c for r in sch.iter_rows() for c in r if c.value == "A1.1")
    assert all(sch.cell(s11.row, c).protection.locked is False for c in (1, 2, 3))
    for text in ("Objetivo 1:", "Resultado 1:", "Produto 1.1:"):
        cell = next(c for r in mat.iter_rows() for c in r if c.value == text)
        assert cell.protection.locked is False, text


def test_the_blank_template_has_the_models_skeleton(blank_xlsx):
    """Objetivo, Resultado, Produto and Atividade rows, a header per block, spare rows, the
    monitoring block titled as in the model, the Observação notes; and a clean check."""
    book = openpyxl.load_workbook(blank_xlsx)
    texts = {name: [c.value for r in book[name].iter_rows() for c in r if isinstance(c.value, str)]
             for name in book.sheetnames}
    mat, dis, sch = texts["Matriz de Planejamento"], texts["Cronograma de Desembolso"], texts["Cronograma de Atividades"]
    assert {"Objetivo 1:", "Resultado 1:", "Produto 1.1:", "Produto 3.1:", "Atividade 1.1:"} <= set(mat)
    assert dis.count("Cronograma de Desembolso") == 5 and sch.count("Cronograma de Atividades") == 4
    assert dis.count("Atividades de Intervenção") == 4  # 3 results + indirect costs
    assert dis.count("Atividades de Monitoramento e Avaliação") == 1
    assert "Atividades de Monitoramento e Avaliação do Projeto" in dis
    assert sch.count("Atividades de Monitoramento e Avaliação") == 2  # the block's title and its header
    assert any(t.startswith("3) As atividades podem ser desagregadas") for t in dis)
    assert any(t.startswith("5) As atividades podem ser desagregadas") for t in sch)
    assert any(t.startswith("A tabela acima é meramente ilustrativa") for t in mat)
    # spare rows: after A1.3, two rows with formulas and no code, before Total (R$)
    ws = book["Cronograma de Desembolso"]
    a13 = next(c.row for r in ws.iter_rows() for c in r if c.value == "A1.3")
    assert [ws.cell(a13 + i, 1).value for i in (1, 2, 3)] == [None, None, "Total (R$)"]
    assert all(str(ws.cell(a13 + i, 12).value).startswith("=SUM(") for i in (1, 2))
    report = tcxl.check(blank_xlsx)
    assert report.findings == []


def test_spare_rows_are_read_once_typed_into(blank_xlsx, tmp_path):
    """A code and amounts typed into a spare row (no row inserted): read as an activity,
    counted by the block total the spreadsheet shows, no finding about its formulas."""
    book = openpyxl.load_workbook(blank_xlsx)
    ws = book["Cronograma de Desembolso"]
    a13 = next(c.row for r in ws.iter_rows() for c in r if c.value == "A1.3")
    ws.cell(a13 + 1, 1, "A1.4")
    ws.cell(a13 + 1, 2, "Nova atividade")
    ws.cell(a13 + 1, 3, 1234.5)
    book.save(tmp_path / "reserva.xlsx")
    wb = tcxl.read_workbook(tmp_path / "reserva.xlsx")
    a14 = wb.disbursement[(wb.disbursement.activity == "A1.4") & (wb.disbursement.year == "Ano I")]
    assert a14.planned.tolist() == [1234.5] and a14.description.tolist() == ["Nova atividade"]
    codes = {f.code for f in tcxl.check(tmp_path / "reserva.xlsx").findings}
    assert not codes & {"TCX201", "TCX202", "TCX203", "TCX206"}


# -- a real client types into it -------------------------------------------------------------
def _require_uno() -> None:
    require_libreoffice()
    ok = os.path.exists(SYSTEM_PYTHON) and subprocess.run(
        [SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0
    if not ok:
        if os.environ.get("TCXL_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("python3-uno (LibreOffice's UNO bridge for /usr/bin/python3) is required here")
        pytest.skip("python3-uno not installed")


def test_an_analyst_types_into_the_blank_template_in_libreoffice(tmp_path):
    """LibreOffice, driven through UNO as a person would use it: types the title, CNPJ and
    descriptions, inserts a row just above result 1's Total (R$) and types A1.4 with amounts
    (no formulas), marks its semesters, saves as xlsx. The sheets are protected, every cell
    typed into was unlocked, every formula locked; LibreOffice's totals include A1.4; tcxl
    reads A1.4 and finds no error."""
    _require_uno()
    src = tmp_path / "modelo.xlsx"
    shutil.copy(TEMPLATE, src)
    out, report_path = tmp_path / "digitado.xlsx", tmp_path / "relatorio.json"
    subprocess.run([SYSTEM_PYTHON, str(HERE / "uno_typist.py"), str(src), str(out), str(report_path)],
                   check=True, timeout=300, capture_output=True)
    typed = json.loads(report_path.read_text(encoding="utf-8"))

    assert all(typed["protected"].values()) and len(typed["protected"]) == 6
    assert len(typed["typed_locked"]) >= 15 and not any(typed["typed_locked"].values()), typed["typed_locked"]
    assert len(typed["formula_locked"]) > 400 and all(typed["formula_locked"].values())
    amounts = [Decimal(str(a)) for a in typed["amounts"]]
    # A1.1 has 100,00 typed in Ano I; the inserted A1.4 counts in every year's block total
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in typed["computed_totals"].values()] == \
        [Decimal("300.00") + amounts[0], amounts[1], amounts[2]]
    assert typed["inserted_row"] == typed["total_row"] - 1

    report = tcxl.check(out)
    assert [f for f in report.findings if f.severity == "error"] == [], report.findings
    (bare,) = [f for f in report.findings if f.code == "TCX206"]
    assert bare.cell.endswith(str(typed["inserted_row"])) and "A1.4" in bare.message
    wb = tcxl.read_workbook(out)
    a14 = wb.disbursement[wb.disbursement.activity == "A1.4"].set_index("year")
    assert [Decimal(str(v)) for v in a14.planned] == amounts
    assert a14.description.iloc[0] == "Atividade inserida acima do total"
    s14 = wb.schedule[wb.schedule.activity == "A1.4"]
    planned = lambda frame: sorted(zip(frame[frame.scheduled].year, frame[frame.scheduled].semester))  # noqa: E731
    assert planned(s14) == [("Ano I", "1º Sem"), ("Ano I", "2º Sem")]
    s24 = wb.schedule[wb.schedule.activity == "A2.4"]  # typed into two inserted rows
    assert planned(s24) == [("Ano II", "1º Sem")] and set(s24.block) == {"2"}
    assert wb.info["project.title"] == "Projeto digitado no LibreOffice"
    assert wb.info["entity.cnpj"] == "11.222.333/0001-81"
    dis = wb.disbursement
    assert set(dis[dis.activity == "A1.1"].description) == {"Atividade A1.1 digitada"}


# -- printed -----------------------------------------------------------------------------------
# pages per sheet, printed on A4 landscape (stated bounds; the scale is never below 55 %)
PAGES = {
    "branco": {"Identificação": (1, 2), "Matriz de Planejamento": (1, 2), "Cronograma de Atividades": (2, 4),
               "Cronograma de Desembolso": (1, 3), "Execução Financeira": (1, 1)},
    "grande": {"Identificação": (1, 2), "Matriz de Planejamento": (2, 6), "Cronograma de Atividades": (2, 5),
               "Cronograma de Desembolso": (1, 4), "Execução Financeira": (1, 2)},
    "resumo": {"Resumo": (1, 1), "Entregas": (1, 1), "Projetos": (1, 2), "Demonstrativo consolidado": (1, 1),
               "Avanço físico": (1, 2)},  # the long per-project lists are data sheets, not printed
}
_FOOTER = r"^(\S.*?)\s{2,}Página \d+ de \d+\s*$"


def _big_project() -> "tcxl.Project":
    """The sample with every amount x300: items of R$ 10–100 milhões, a total of R$ 871 milhões."""
    import yaml

    from conftest import SAMPLE_YAML

    data = yaml.safe_load(SAMPLE_YAML.read_text(encoding="utf-8"))
    grow = lambda v: None if v is None else round(v * 300, 2)  # noqa: E731
    data["total_value"] = grow(data["total_value"])
    for act in [a for r in data["results"] for a in r["activities"]] + data["monitoring"]:
        act["planned"] = [grow(v) for v in act["planned"]]
    data["financial"] = {code: [grow(v) for v in values] for code, values in data["financial"].items()}
    data["indirect_costs"] = [grow(v) for v in data["indirect_costs"]]
    return tcxl.Project.from_dict(data)


def test_printed_pages_are_legible(tmp_path):
    """The blank template, the sample with amounts of tens of millions and its summary, printed
    to PDF by LibreOffice: no '###' anywhere, each sheet within its page bounds, and print no
    smaller than about 5.5 pt (the median word box on every page)."""
    import re

    require_libreoffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    big = _big_project()
    assert big.total_value > Decimal("800000000")
    tcxl.build_workbook(big, tmp_path / "grande.xlsx")
    tcxl.build_workbook(None, tmp_path / "branco.xlsx")
    from tcxl.summary import write_summary

    write_summary(tcxl.summarize([tmp_path / "grande.xlsx"], semester="2025-1"), tmp_path / "resumo.xlsx")
    pdfs = libreoffice.convert_many([tmp_path / f"{n}.xlsx" for n in PAGES], tmp_path / "pdf", "pdf")
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "###" not in text, pdf.name
        if pdf.stem == "grande":  # the project total, in full (the locale decides the separators)
            assert re.search(r"R\$ ?871[.,]095[.,]150[.,]00", text), "total not shown in full"
        pages: dict[str, int] = {}
        for page in text.split("\f"):
            footer = [m.group(1) for line in page.splitlines() if (m := re.match(_FOOTER, line))]
            if footer:
                pages[footer[-1]] = pages.get(footer[-1], 0) + 1
        bounds = PAGES[pdf.stem]
        assert set(pages) == set(bounds), (pdf.name, pages)
        for sheet, (low, high) in bounds.items():
            assert low <= pages[sheet] <= high, (pdf.name, sheet, pages[sheet])
        boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        for n, page in enumerate(boxes.split("<page ")[1:], start=1):
            heights = [float(b) - float(a) for a, b in
                       re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)]
            if heights:
                assert statistics.median(heights) >= 7.0, (pdf.name, n, statistics.median(heights))
