"""tcxl export: csv/parquet/json/xlsx read back with pandas to the same numbers."""
from __future__ import annotations

import json

import openpyxl
import pandas as pd
from click.testing import CliRunner

from tcxl.cli import main
from tcxl.read import read_workbook
from test_cli import run_tcxl


def test_every_format_reads_back_to_the_same_numbers(tmp_path, sample_xlsx):
    wb = read_workbook(sample_xlsx)
    runner = CliRunner()
    for fmt, out in (("csv", tmp_path / "csv"), ("parquet", tmp_path / "pq"),
                     ("json", tmp_path / "t.json"), ("xlsx", tmp_path / "t.xlsx")):
        result = runner.invoke(main, ["export", str(sample_xlsx), "-o", str(out), "--to", fmt])
        assert result.exit_code == 0, result.output
    frames = {
        "csv": pd.read_csv(tmp_path / "csv" / "disbursement.csv"),
        "parquet": pd.read_parquet(tmp_path / "pq" / "disbursement.parquet"),
        "json": pd.DataFrame(json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["disbursement"]),
        "xlsx": pd.read_excel(tmp_path / "t.xlsx", sheet_name="disbursement"),
    }
    # people read the xlsx: pt-BR headers (SPEC §2.1); the tidy formats keep the English names
    assert list(frames["xlsx"].columns) == ["Projeto (identidade)", "Arquivo", "Bloco", "Atividade", "Descrição",
                                            "Ano", "Previsto", "Executado"]
    frames["xlsx"] = frames["xlsx"].rename(columns={"Previsto": "planned", "Atividade": "activity"})
    for fmt, frame in frames.items():
        assert frame.planned.sum() == wb.disbursement.planned.sum(), fmt
        assert list(frame.activity) == list(wb.disbursement.activity), fmt
    fin = pd.read_csv(tmp_path / "csv" / "financial.csv")
    total = fin[(fin.account == "TOTAL")].planned.sum()
    assert round(total, 2) == 2903650.50


def test_csv_neutralises_formula_like_text(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Cronograma de Desembolso"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "A1.1")
    ws.cell(row, 2, '=HYPERLINK("http://x","clique")')
    ws.cell(row + 1, 2, "@SUM(1)")
    book.save(tmp_path / "mal.xlsx")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "mal.xlsx"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    text = (tmp_path / "out" / "disbursement.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(1)" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_export_of_a_workbook_with_a_missing_table_exits_1(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    del book["Matriz de Planejamento"]
    book.save(tmp_path / "m.xlsx")
    result = CliRunner().invoke(main, ["export", str(tmp_path / "m.xlsx"), "-o", str(tmp_path / "t.json")])
    assert result.exit_code == 1
    assert "TCX005" in result.stderr and (tmp_path / "t.json").exists()


def test_unreadable_file_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "planilha.xlsx"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "o.json")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "planilha.xlsx" in result.stderr


def test_excel_csv_opens_in_a_ptbr_excel_and_fills_back(sample_xlsx, tmp_path):
    """`--excel-csv`: ';' between fields, decimal comma, UTF-8 with BOM (a pt-BR Excel opens it
    in columns, accents intact); tidy CSV stays the default; `fill` reads it back."""
    import pandas as pd

    from conftest import SAMPLES

    filled = tmp_path / "executado.xlsx"
    assert run_tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    assert run_tcxl("export", filled, "-o", tmp_path / "excel", "--excel-csv").returncode == 0
    assert run_tcxl("export", filled, "-o", tmp_path / "tidy").returncode == 0
    raw = (tmp_path / "excel" / "disbursement.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0] == (
        "\ufeffProjeto (identidade);Arquivo;Bloco;Atividade;Descrição;Ano;Previsto;Executado".encode())
    assert "Diagnóstico situacional".encode() in raw and b"185000,0" in raw
    tidy = pd.read_csv(tmp_path / "tidy" / "disbursement.csv")
    excel = pd.read_csv(tmp_path / "excel" / "disbursement.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert list(tidy.columns) == ["project_id", "file", "block", "activity", "description", "year", "planned",
                                  "executed"]
    assert excel.set_axis(tidy.columns, axis=1).fillna(-1).equals(tidy.fillna(-1))
    assert not (tmp_path / "tidy" / "disbursement.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # summarize has the option too
    assert run_tcxl("summarize", filled, "-s", "2025-1", "-o", tmp_path / "r.xlsx", "--csv", tmp_path / "rc",
                "--excel-csv").returncode == 0
    assert (tmp_path / "rc" / "projetos.csv").read_bytes().startswith(
        "\ufeffSemestre do relatório;Projeto (identidade);Projeto;".encode())
    # and the Excel CSV fills back into a workbook
    back = tmp_path / "de_volta.xlsx"
    assert run_tcxl("fill", sample_xlsx, "--data", tmp_path / "excel" / "disbursement.csv", "-o", back).returncode == 0
    import tcxl as api

    again = api.read_workbook(back).disbursement
    assert again.executed.fillna(-1).tolist() == api.read_workbook(filled).disbursement.executed.fillna(-1).tolist()
