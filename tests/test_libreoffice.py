"""A real spreadsheet engine computes the built workbook: LibreOffice headless recalculates
the sample and its results equal the Python totals from the spec, on every sheet."""
from __future__ import annotations

import openpyxl
import pytest

import tcxl
from conftest import require_libreoffice
from sheets import find_row, group_columns
from tcxl import libreoffice
from test_build import check_values, fin_columns

pytestmark = pytest.mark.libreoffice


def test_recalculated_totals_equal_python_totals(sample_recalculated, sample_project):
    book = openpyxl.load_workbook(sample_recalculated, data_only=True)
    check_values(book, sample_project)


def test_recalculation_really_happens(tmp_path, sample_project):
    """Break a cached value on purpose: LibreOffice must recompute it, not keep it."""
    require_libreoffice()
    path = tcxl.build_workbook(sample_project, tmp_path / "in" / "p.xlsx")
    # change an input with openpyxl (which drops every cached result), as an analyst's tool would
    wb = openpyxl.load_workbook(path)
    ws = wb["Execução Financeira"]
    cols = fin_columns(ws)
    row = find_row(ws, "1.3.1 Serviços de Assessoria e Consultoria PF")
    ws[f"{cols['Ano I']['Executado']}{row}"] = 1000.5
    wb.save(path)
    out = libreoffice.convert(path, tmp_path / "out", "xlsx")
    ws = openpyxl.load_workbook(out, data_only=True)["Execução Financeira"]
    total = find_row(ws, "TOTAL GERAL (1+2+3+4)")
    assert ws[f"{cols['Ano I']['Executado']}{total}"].value == pytest.approx(1000.5)
    assert ws[f"{cols['Total Triênio']['Executado']}{total}"].value == pytest.approx(1000.5)
    empty = find_row(ws, "1.5 Medicamentos")
    assert ws[f"{cols['Ano I']['%']}{empty}"].value in (None, "")  # Previsão 0: empty, not #DIV/0!


def test_recalculated_blank_template_has_no_errors(tmp_path, blank_xlsx):
    require_libreoffice()
    out = libreoffice.convert(blank_xlsx, tmp_path, "xlsx")
    book = openpyxl.load_workbook(out, data_only=True)
    errors = [f"{ws.title}!{c.coordinate}" for ws in book for row in ws.iter_rows() for c in row
              if isinstance(c.value, str) and c.value.startswith("#")]
    assert errors == []
    ws = book["Cronograma de Desembolso"]
    cols = group_columns(ws, "Total Triênio (R$)", ("Previsto", "Executado"))
    assert ws[f"{cols['Previsto']}{find_row(ws, 'Total (R$)')}"].value == 0
