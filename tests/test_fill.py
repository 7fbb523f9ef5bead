"""tcxl fill: only input cells written, round trips, refusals, atomic writes."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment

import tcxl
from conftest import SAMPLES, require_libreoffice
from test_cli import run_tcxl
from tcxl import filling, libreoffice, roundtrip
from tcxl.cli import main
from tcxl.read import read_workbook

VALUES = SAMPLES / "valores_executados.json"


def snapshot(path: Path) -> dict:
    """Every cell value of every sheet (formulas as text)."""
    book = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in book for row in ws.iter_rows() for c in row
            if c.value is not None}


def test_fill_writes_only_input_cells(tmp_path, sample_xlsx):
    out = tcxl.fill(sample_xlsx, filling.load_values(VALUES), tmp_path / "cheio.xlsx")
    before, after = snapshot(sample_xlsx), snapshot(out)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    wb = read_workbook(sample_xlsx)
    inputs = {(s, openpyxl.utils.get_column_letter(c + 1) + str(r + 1))
              for key, (s, r, c) in wb.reading.where.items()
              if key[0] in ("fin", "dis", "sch") and key[-1] in ("executed", "status")}
    assert changed and changed <= inputs
    assert all(not isinstance(after[k], str) or not after[k].startswith("=") for k in changed)
    filled = read_workbook(out)
    dis = filled.disbursement.set_index(["activity", "year"])
    assert dis.loc[("A1.1", "Ano I"), "executed"] == 170200.00
    assert filled.findings == []
    assert tcxl.check(out, today=dt.date(2026, 11, 22)).findings == []


def test_copy_inputs_from_one_workbook_to_another(tmp_path, sample_xlsx):
    a = tcxl.fill(sample_xlsx, filling.load_values(VALUES), tmp_path / "a.xlsx")
    b = tcxl.fill(sample_xlsx, read_workbook(a), tmp_path / "b.xlsx")
    ra, rb = read_workbook(a), read_workbook(b)
    for name in ("financial", "disbursement", "schedule", "matrix"):
        assert set(ra.disbursement.file) == {str(a)} and set(rb.disbursement.file) == {str(b)}  # the one difference
        assert getattr(ra, name).drop(columns="file").equals(getattr(rb, name).drop(columns="file")), name


money = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=int(os.environ.get("TCXL_HYPOTHESIS_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_property_random_values_round_trip(tmp_path_factory, sample_xlsx, sample_project, data):
    acts = [a.code for r in sample_project.results for a in r.activities] + ["AM.1", "CI"]
    dis = data.draw(st.lists(st.tuples(st.sampled_from(acts), st.integers(1, 3), st.sampled_from(["planned", "executed"]),
                                       money), max_size=12, unique_by=lambda t: t[:3]))
    accounts = ["1.1.1", "1.2", "1.3.5", "1.8.2", "2", "3", "4.1.3", "4.2"]
    fin = data.draw(st.lists(st.tuples(st.sampled_from(accounts), st.integers(1, 3),
                                       st.sampled_from(["planned", "executed"]), money),
                             max_size=8, unique_by=lambda t: t[:3]))
    marks = data.draw(st.lists(st.tuples(st.sampled_from(acts[:-1]), st.integers(1, 3), st.integers(1, 2),
                                         st.sampled_from(["X", "P", "A", "C", None])),
                               max_size=10, unique_by=lambda t: t[:3]))
    realized = data.draw(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 2),
                                            st.integers(0, 500)), max_size=4, unique_by=lambda t: t[:2]))
    values = {
        "disbursement": [{"activity": a, "year": y, f: float(v)} for a, y, f, v in dis],
        "financial": [{"code": c, "year": y, f: float(v)} for c, y, f, v in fin],
        "schedule": [{"activity": a, "year": y, "semester": s, "status": m} for a, y, s, m in marks],
        "matrix": [{"ref": "R2", "indicator": "Profissionais certificados", "year": y, "semester": s,
                    "realized": v} for y, s, v in realized],
    }
    out = tcxl.fill(sample_xlsx, values, tmp_path_factory.mktemp("prop") / "p.xlsx")
    wb = read_workbook(out)
    for a, y, f, v in dis:
        assert wb.money(("dis", a, y, f)) == v
    for c, y, f, v in fin:
        assert wb.money(("fin", c, y, f)) == v
    for a, y, s, m in marks:
        assert wb.value(("sch", a, (y - 1) * 2 + s, "status")) == m
    for y, s, v in realized:
        index = next(i for _, ref, i, _ in wb.reading.items["matrix"]
                     if ref == "R2" and wb.value(("mat", ref, i, "description")) == "Profissionais certificados")
        assert wb.value(("mat", "R2", index, f"S{(y - 1) * 2 + s}", "realized")) == v
    report = tcxl.check(out, today=dt.date(2026, 11, 22))
    assert report.errors == 0, report.lines()


def test_filled_workbook_recalculated_by_libreoffice_checks_clean(tmp_path, sample_xlsx):
    require_libreoffice()
    filled = tcxl.fill(sample_xlsx, filling.load_values(VALUES), tmp_path / "in" / "cheio.xlsx")
    result = CliRunner().invoke(main, ["recalc", str(filled), "-o", str(tmp_path / "out" / "recalc.xlsx")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "recalc.xlsx"
    # check compares every total's stored result with tcxl's recomputation, on every sheet
    report = tcxl.check(out, today=dt.date(2026, 11, 22))
    assert report.findings == [], report.lines()
    book = openpyxl.load_workbook(out, data_only=True)
    wb = read_workbook(out)
    sheet, row, col = wb.reading.where[("fin", "TOTAL", 1, "executed")]
    assert round(Decimal(str(book[sheet].cell(row + 1, col + 1).value)), 2) == Decimal("519749.85")
    assert sum(1 for ws in book for r in ws.iter_rows() for c in r if isinstance(c.value, (int, float))) > 500


def test_extra_sheet_comment_and_widths_survive(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    notes = book.create_sheet("Anotações")
    notes["A1"] = "conferir com o financeiro"
    book["Execução Financeira"]["A7"].comment = Comment("revisar este grupo", "Ana")
    book["Execução Financeira"].column_dimensions["A"].width = 77
    src = tmp_path / "com_extras.xlsx"
    book.save(src)
    out = tcxl.fill(src, filling.load_values(VALUES), tmp_path / "saida.xlsx")
    after = openpyxl.load_workbook(out)
    assert after["Anotações"]["A1"].value == "conferir com o financeiro"
    assert after["Execução Financeira"]["A7"].comment.text == "revisar este grupo"
    assert after["Execução Financeira"].column_dimensions["A"].width == 77
    assert after["Execução Financeira"].protection.sheet
    assert len(after["Cronograma de Atividades"].data_validations.dataValidation) >= 2


def test_chart_makes_fill_refuse_without_force(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book.create_sheet("Gráfico")
    for i in range(1, 4):
        ws.append([i, i * 10])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=3))
    ws.add_chart(chart, "D2")
    src = tmp_path / "grafico.xlsx"
    book.save(src)
    original = src.read_bytes()
    result = CliRunner().invoke(main, ["fill", str(src), "--data", str(VALUES), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 2 and "gráficos" in result.stderr and "--force" in result.stderr
    assert not (tmp_path / "o.xlsx").exists() and src.read_bytes() == original
    result = CliRunner().invoke(main, ["fill", str(src), "--data", str(VALUES), "-o", str(tmp_path / "o.xlsx"),
                                       "--force"])
    assert result.exit_code == 0 and (tmp_path / "o.xlsx").exists()


@pytest.mark.parametrize("in_place", [False, True])
def test_simulated_failure_leaves_everything_as_it_was(tmp_path, sample_xlsx, monkeypatch, in_place):
    src = tmp_path / "original.xlsx"
    shutil.copy(sample_xlsx, src)
    original = src.read_bytes()

    def failing_save(book, path):
        Path(path).write_bytes(b"PK\x03\x04 metade")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(roundtrip, "_save", failing_save)
    args = ["fill", str(src), "--data", str(VALUES)] + (["--in-place"] if in_place else ["-o", str(tmp_path / "o.xlsx")])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "nada foi alterado" in result.stderr
    assert src.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["original.xlsx"]


def test_in_place_is_atomic_and_explicit(tmp_path, sample_xlsx):
    src = tmp_path / "p.xlsx"
    shutil.copy(sample_xlsx, src)
    runner = CliRunner()
    result = runner.invoke(main, ["fill", str(src), "--data", str(VALUES), "-o", str(src)])
    assert result.exit_code == 2 and "--in-place" in result.stderr
    result = runner.invoke(main, ["fill", str(src), "--data", str(VALUES), "--in-place"])
    assert result.exit_code == 0
    assert read_workbook(src).money(("dis", "A1.1", 1, "executed")) == Decimal("170200.00")


def test_invalid_values_one_line_each_nothing_written(tmp_path, sample_xlsx):
    data = tmp_path / "valores.csv"
    data.write_text("activity,year,semester,status\nA1.1,1,1,X\nA9.9,1,1,X\nA1.2,4,1,X\nA1.3,1,1,Z\n",
                    encoding="utf-8")
    money_data = tmp_path / "dinheiro.csv"
    money_data.write_text("activity,year,executed\nA1.1,1,-10\nA1.2,1,1000.123\n", encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    result = CliRunner().invoke(main, ["fill", str(sample_xlsx), "--data", str(data), "--data", str(money_data),
                                       "-o", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 5, lines
    assert "A9.9" in lines[2] or any("A9.9" in x for x in lines)
    assert any("ano 4" in x or "semestre" in x for x in lines)
    assert any("'Z'" in x for x in lines) and any("negativo" in x for x in lines)
    assert any("2 casas decimais" in x for x in lines)
    assert not out.exists()


def test_recalc_without_libreoffice_says_how_to_install(tmp_path, sample_xlsx, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    result = CliRunner().invoke(main, ["recalc", str(sample_xlsx), "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"erro: {libreoffice.INSTALL_HINT}"


def test_fill_refuses_an_unknown_column_naming_it(sample_xlsx, tmp_path):
    data = tmp_path / "valores.csv"
    data.write_text("activity,year,execute\nA1.1,1,1000\n", encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = run_tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    assert "coluna desconhecida 'execute'; você quis dizer 'executed'?" in proc.stderr
    assert "gravado" not in proc.stdout


def test_fill_refuses_an_unknown_table_naming_it(sample_xlsx, tmp_path):
    import json

    data = tmp_path / "valores.json"
    data.write_text(json.dumps({"disbursment": [{"activity": "A1.1", "year": 1, "executed": 10}]}), encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = run_tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    (line,) = proc.stderr.strip().splitlines()
    assert "tabela desconhecida 'disbursment'; você quis dizer 'disbursement'?" in line


def test_fill_reads_a_json_list_of_records_as_one_table(sample_xlsx, tmp_path):
    import json

    import tcxl as api

    data = tmp_path / "executado.json"
    data.write_text(json.dumps([{"activity": "A1.1", "year": 1, "executed": 1234.5}]), encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = run_tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 0, proc.stderr
    frame = api.read_workbook(out).disbursement
    assert frame[(frame.activity == "A1.1") & (frame.year == "Ano I")].executed.tolist() == [1234.5]


def test_fill_names_the_file_and_the_row_as_a_spreadsheet_shows_it(sample_xlsx, tmp_path):
    data = tmp_path / "valores.csv"
    data.write_text("activity,year,executed\nA1.1,1,10\nA9.9,1,20\nA1.2,7,30\n", encoding="utf-8")
    proc = run_tcxl("fill", sample_xlsx, "--data", data, "-o", tmp_path / "saida.xlsx")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == ["erro: valores.csv, linha 3: atividade desconhecida 'A9.9'",
                     "erro: valores.csv, linha 4: ano 7 fora dos 3 anos do projeto"]
