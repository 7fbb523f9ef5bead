"""fill reads what Excel writes (issue 25): CSVs saved by a pt-BR Excel — ';' and decimal
comma, a BOM or Windows-1252, the trailing ';;' of empty columns, headers in any case and
spacing, 'Ano II' years — and an .xlsx whose one sheet is 'Plan1' fill the same workbook as
the canonical tidy CSV."""
from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

import tcxl
from tcxl.cli import main

CANONICAL = "activity,year,executed\nA1.1,1,1234.56\nA1.2,2,10\nA2.1,3,0.5\n"
EXCEL = {
    "bom_ponto_e_virgula.csv": ("\ufeffAtividade;Ano;Executado\r\nA1.1;Ano I;1.234,56\r\nA1.2;Ano II;10\r\n"
                                "A2.1;Ano III;0,5\r\n").encode("utf-8"),
    "windows_1252.csv": ("Atividade;Descrição;Ano;Executado;;\r\nA1.1;Oficinas de formação;Ano I;1.234,56;;\r\n"
                         "A1.2;Capacitação;Ano II;10;;\r\nA2.1;Ação;Ano III;0,5;;\r\n").encode("cp1252"),
    "cabecalhos_soltos.csv": (" ATIVIDADE ; ano ;  Executado \nA1.1;1;1.234,56\nA1.2;2;10\nA2.1;3;0,5\n"
                              ).encode("utf-8"),
}


@pytest.fixture(scope="module")
def canonical(tmp_path_factory, sample_xlsx):
    top = tmp_path_factory.mktemp("canonico")
    (top / "valores.csv").write_text(CANONICAL, encoding="utf-8")
    out = tcxl.fill(sample_xlsx, tcxl.filling.load_values(top / "valores.csv"), top / "canonico.xlsx")
    return tcxl.read_workbook(out)


def _same_inputs(a, b) -> None:
    for name in ("financial", "disbursement", "schedule", "matrix"):
        left, right = getattr(a, name).drop(columns="file"), getattr(b, name).drop(columns="file")
        assert left.equals(right), name


@pytest.mark.parametrize("name", sorted(EXCEL))
def test_an_excel_csv_fills_what_the_canonical_one_does(name, canonical, sample_xlsx, tmp_path):
    values = tmp_path / name
    values.write_bytes(EXCEL[name])
    out = tmp_path / "preenchida.xlsx"
    result = CliRunner().invoke(main, ["fill", str(sample_xlsx), "--data", str(values), "-o", str(out)])
    assert result.exit_code == 0, result.output
    filled = tcxl.read_workbook(out)
    dis = filled.disbursement.set_index(["activity", "year"]).executed
    assert dis[("A1.1", "Ano I")] == 1234.56 and dis[("A2.1", "Ano III")] == 0.5
    _same_inputs(filled, canonical)


def test_an_xlsx_of_values_with_one_sheet_plan1(canonical, sample_xlsx, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Plan1"
    for row in (["Atividade", "Ano", "Executado"], ["A1.1", "Ano I", 1234.56], ["A1.2", "Ano II", 10],
                ["A2.1", "Ano III", 0.5]):
        ws.append(row)
    book.save(tmp_path / "valores.xlsx")
    out = tcxl.fill(sample_xlsx, tcxl.filling.load_values(tmp_path / "valores.xlsx"), tmp_path / "plan1.xlsx")
    _same_inputs(tcxl.read_workbook(out), canonical)


def test_a_problem_names_the_row_a_spreadsheet_shows(sample_xlsx, tmp_path):
    values = tmp_path / "ruim.csv"
    values.write_bytes("Atividade;Ano;Executado;;\r\nA1.1;Ano I;1.234,56;;\r\nA1.2;Ano XX;10;;\r\n".encode("cp1252"))
    with pytest.raises(tcxl.FillError) as info:
        tcxl.fill(sample_xlsx, tcxl.filling.load_values(values), tmp_path / "x.xlsx")
    assert info.value.problems == ["ruim.csv, linha 3: ano 20 fora dos 3 anos do projeto"]
    assert not (tmp_path / "x.xlsx").exists()
