"""What analysts and monitoring teams read back from tcxl (issue "feedback"): every case
reproduces one report of a new user, through the real command line."""
from __future__ import annotations

import subprocess

import pytest

from test_cli import tcxl_cmd


def tcxl(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=timeout)


ENGLISH = ("Error", "Usage", "Missing", "Invalid", "Try ", "No such", "Show this", "is not one of", "Options:")


@pytest.mark.parametrize("args, expected", [
    (["check"], "falta o argumento ARQUIVO_OU_PASTA..."),
    (["chek", "x.xlsx"], "comando desconhecido: 'chek'; você quis dizer 'check'?"),
    (["check", "x.xlsx", "--format", "xml"], "valor inválido para --format: 'xml' não é um de text, json"),
    (["summarize", "x.xlsx", "-o", "r.xlsx"], "falta a opção --semester/-s"),
    (["check", "x.xlsx", "--jobs", "0"], "valor inválido para --jobs/-j: use um número inteiro a partir de 1"),
    (["check", "--formato", "json", "x.xlsx"], "opção desconhecida: --formato; você quis dizer --force ou --format?"),
    (["check", "x.xlsx", "--format"], "a opção --format precisa de um valor"),
    (["schema", "extra"], "argumento a mais: extra"),
])
def test_usage_errors_are_one_ptbr_line_and_exit_2(args, expected):
    proc = tcxl(*args)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("erro: ") and expected in line, line
    assert not any(word in line for word in ENGLISH), line
    assert proc.stdout == ""


@pytest.mark.parametrize("command", [[], ["check"], ["summarize"], ["fill"], ["build-template"], ["export"]])
def test_help_is_ptbr(command):
    proc = tcxl(*command, "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Uso: tcxl") and "Mostra esta ajuda e sai." in proc.stdout
    assert "Opções:" in proc.stdout and "Show this message" not in proc.stdout and "Options:" not in proc.stdout


# -- fill --------------------------------------------------------------------------------------
def test_fill_refuses_an_unknown_column_naming_it(sample_xlsx, tmp_path):
    data = tmp_path / "valores.csv"
    data.write_text("activity,year,execute\nA1.1,1,1000\n", encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    assert "coluna desconhecida 'execute'; você quis dizer 'executed'?" in proc.stderr
    assert "gravado" not in proc.stdout


def test_fill_refuses_an_unknown_table_naming_it(sample_xlsx, tmp_path):
    import json

    data = tmp_path / "valores.json"
    data.write_text(json.dumps({"disbursment": [{"activity": "A1.1", "year": 1, "executed": 10}]}), encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 2 and not out.exists()
    (line,) = proc.stderr.strip().splitlines()
    assert "tabela desconhecida 'disbursment'; você quis dizer 'disbursement'?" in line


def test_fill_reads_a_json_list_of_records_as_one_table(sample_xlsx, tmp_path):
    import json

    import tcxl as api

    data = tmp_path / "executado.json"
    data.write_text(json.dumps([{"activity": "A1.1", "year": 1, "executed": 1234.5}]), encoding="utf-8")
    out = tmp_path / "saida.xlsx"
    proc = tcxl("fill", sample_xlsx, "--data", data, "-o", out)
    assert proc.returncode == 0, proc.stderr
    frame = api.read_workbook(out).disbursement
    assert frame[(frame.activity == "A1.1") & (frame.year == 1)].executed.tolist() == [1234.5]


def test_fill_names_the_file_and_the_row_as_a_spreadsheet_shows_it(sample_xlsx, tmp_path):
    data = tmp_path / "valores.csv"
    data.write_text("activity,year,executed\nA1.1,1,10\nA9.9,1,20\nA1.2,7,30\n", encoding="utf-8")
    proc = tcxl("fill", sample_xlsx, "--data", data, "-o", tmp_path / "saida.xlsx")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines == ["erro: valores.csv, linha 3: atividade desconhecida 'A9.9'",
                     "erro: valores.csv, linha 4: ano 7 fora dos 3 anos do projeto"]


# -- summarize ---------------------------------------------------------------------------------
def test_summarize_refuses_an_invalid_semester_before_reading(tmp_path):
    out = tmp_path / "resumo.xlsx"
    proc = tcxl("summarize", tmp_path / "nao_existe.xlsx", "--semester", "2025-3", "-o", out)
    assert proc.returncode == 2 and not out.exists()
    (line,) = proc.stderr.strip().splitlines()
    assert line == ("erro: valor inválido para --semester/-s: semestre inválido: '2025-3' "
                    "(use 2025-1, 2025-2 ou 'Ano II/1º Sem')")


# -- spec errors -------------------------------------------------------------------------------
def test_a_workbook_given_as_spec_is_one_line(sample_xlsx, tmp_path):
    proc = tcxl("build-template", sample_xlsx, "-o", tmp_path / "x.xlsx")
    assert proc.returncode == 2 and not (tmp_path / "x.xlsx").exists()
    (line,) = proc.stderr.strip().splitlines()
    assert "é uma planilha, não uma especificação" in line and "UnicodeDecodeError" not in line


def test_a_bad_start_date_is_one_line_echoing_the_value(tmp_path):
    from conftest import SAMPLE_YAML

    spec = tmp_path / "projeto.yaml"
    spec.write_text(SAMPLE_YAML.read_text(encoding="utf-8").replace("start: '2025-01-01'", "start: 31/02/2025"),
                    encoding="utf-8")
    proc = tcxl("build-template", spec, "-o", tmp_path / "x.xlsx")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"erro: {spec}: start: data inválida '31/02/2025' (use AAAA-MM-DD)"]


# -- registration completeness -----------------------------------------------------------------
def test_a_workbook_with_money_but_no_title_cnpj_or_total_is_not_clean(sample_xlsx, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Identificação"]
    emptied = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value in ("2.1. Título do Projeto", "CNPJ:", "2.2. Valor total do Projeto"):
                emptied[c.value] = f"B{c.row}"
                ws.cell(c.row, 2).value = None
    path = tmp_path / "sem_cadastro.xlsx"
    book.save(path)
    proc = tcxl("check", path, "--format", "json")
    import json

    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert sorted((f["code"], f["severity"], f["cell"]) for f in findings) == sorted(
        ("TCX607", "warning", cell) for cell in emptied.values())
    assert proc.returncode == 0 and tcxl("check", path, "--strict").returncode == 1
    # the blank template (no money typed yet) is not 'incomplete'
    from conftest import TEMPLATE

    assert tcxl("check", TEMPLATE, "--strict").returncode == 0


# -- blank is not zero -------------------------------------------------------------------------
def test_a_summary_shows_a_dash_for_what_nobody_reported(sample_xlsx, tmp_path):
    """Nothing executed typed yet: 'Executado' is '—' (was R$ 0,00 / 0,0 %), and NaN in the
    tidy tables; once amounts are typed, they show."""
    import openpyxl

    from conftest import SAMPLES

    out = tmp_path / "resumo.xlsx"
    assert tcxl("summarize", sample_xlsx, "--semester", "2025-1", "-o", out, "--csv", tmp_path / "csv").returncode == 0
    ws = openpyxl.load_workbook(out)["Projetos"]
    header = [c.value for c in ws[2]]
    first = {h: c.value for h, c in zip(header, ws[3])}
    assert first["Previsto acumulado (R$)"] > 0
    assert first["Executado acumulado (R$)"] == "—" and first["% execução"] == "—"
    import pandas as pd

    assert pd.read_csv(tmp_path / "csv" / "projetos.csv").executado_acumulado.isna().all()
    filled = tmp_path / "executado.xlsx"
    assert tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    assert tcxl("summarize", filled, "--semester", "2025-1", "-o", tmp_path / "r2.xlsx").returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "r2.xlsx")["Projetos"]
    first = {h: c.value for h, c in zip(header, ws[3])}
    assert isinstance(first["Executado acumulado (R$)"], float) and first["Executado acumulado (R$)"] > 0


# -- CSV for spreadsheets ----------------------------------------------------------------------
def test_excel_csv_opens_in_a_ptbr_excel_and_fills_back(sample_xlsx, tmp_path):
    """`--excel-csv`: ';' between fields, decimal comma, UTF-8 with BOM (a pt-BR Excel opens it
    in columns, accents intact); tidy CSV stays the default; `fill` reads it back."""
    import pandas as pd

    from conftest import SAMPLES

    filled = tmp_path / "executado.xlsx"
    assert tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    assert tcxl("export", filled, "-o", tmp_path / "excel", "--excel-csv").returncode == 0
    assert tcxl("export", filled, "-o", tmp_path / "tidy").returncode == 0
    raw = (tmp_path / "excel" / "disbursement.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.splitlines()[0] == "\ufeffblock;activity;description;year;planned;executed".encode()
    assert "Diagnóstico situacional".encode() in raw and b"185000,0" in raw
    tidy = pd.read_csv(tmp_path / "tidy" / "disbursement.csv")
    excel = pd.read_csv(tmp_path / "excel" / "disbursement.csv", sep=";", decimal=",", encoding="utf-8-sig")
    assert excel.fillna(-1).equals(tidy.fillna(-1))
    assert not (tmp_path / "tidy" / "disbursement.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # summarize has the option too
    assert tcxl("summarize", filled, "-s", "2025-1", "-o", tmp_path / "r.xlsx", "--csv", tmp_path / "rc",
                "--excel-csv").returncode == 0
    assert (tmp_path / "rc" / "projetos.csv").read_bytes().startswith(b"\xef\xbb\xbfsemester;project;")
    # and the Excel CSV fills back into a workbook
    back = tmp_path / "de_volta.xlsx"
    assert tcxl("fill", sample_xlsx, "--data", tmp_path / "excel" / "disbursement.csv", "-o", back).returncode == 0
    import tcxl as api

    again = api.read_workbook(back).disbursement
    assert again.executed.fillna(-1).tolist() == api.read_workbook(filled).disbursement.executed.fillna(-1).tolist()


# -- summary charts and periods ----------------------------------------------------------------
def test_summary_chart_axis_starts_at_zero_and_periods_read_as_typed(sample_xlsx, tmp_path):
    """The Previsto × Executado chart's value axis started at R$ 490.000 (90 % looked like a
    third); 'Semestre civil' showed 2025/2 for --semester 2025-2."""
    import re
    import zipfile

    import openpyxl

    from conftest import SAMPLES

    filled = tmp_path / "executado.xlsx"
    assert tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    out = tmp_path / "resumo.xlsx"
    assert tcxl("summarize", filled, "--semester", "2025-2", "-o", out).returncode == 0
    with zipfile.ZipFile(out) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    for chart in charts:  # every value axis scaled from zero
        value_axes = re.findall(r"<c:valAx>.*?</c:valAx>", chart, re.S)
        assert value_axes and all('<c:min val="0"/>' in axis for axis in value_axes)
    ws = openpyxl.load_workbook(out)["Projetos"]
    header = [c.value for c in ws[2]]
    assert ws.cell(3, header.index("Semestre civil") + 1).value == "2025-2"


# -- check --annotate --------------------------------------------------------------------------
def _with_one_finding_of_each_severity(sample_xlsx, path):
    """A total typed over (error), the title emptied (warning), a realized mark in a semester
    not planned (info): the mistakes docs/render.py pictures, from the same function."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from render import with_mistakes
    finally:
        sys.path.remove(str(ROOT / "docs"))
    return with_mistakes(sample_xlsx, path)


def _style(cell) -> tuple:
    """A cell's style by value (openpyxl style objects of two loads do not compare equal)."""
    return (cell.number_format, *(repr(getattr(cell, k)) for k in ("font", "border", "protection", "alignment")))


def test_check_annotate_marks_every_finding_and_changes_nothing_else(sample_xlsx, tmp_path):
    import json

    import openpyxl

    from conftest import require_libreoffice
    from tcxl import libreoffice
    from tcxl.annotate import COLOURS

    src = tmp_path / "conferir.xlsx"
    _with_one_finding_of_each_severity(sample_xlsx, src)
    before = src.read_bytes()
    out = tmp_path / "anotada.xlsx"
    proc = tcxl("check", src, "--annotate", out, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert src.read_bytes() == before  # the input is never written to
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}

    orig, notes = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    assert notes.sheetnames == ["Conferência", *orig.sheetnames]
    summary = notes["Conferência"]
    listed = [r for r in summary.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[1], r[2], r[3]) for r in listed] == [(f["code"], f["sheet"], f["cell"]) for f in findings]
    marked: set[tuple[str, str]] = set()
    for n, f in enumerate(findings, start=4):
        link = summary.cell(n, 4).hyperlink
        assert link is not None and link.location == f"'{f['sheet']}'!{f['cell'].split(':')[0]}"
        cell = notes[f["sheet"]][f["cell"].split(":")[0]]
        assert cell.fill.fgColor.rgb.endswith(COLOURS[f["severity"]])
        assert f["code"] in cell.comment.text and f["message"][:40] in cell.comment.text
        marked.add((f["sheet"], cell.coordinate))
    # every other cell: value, formula and style as in the input; validations and protection too
    for ws in orig.worksheets:
        twin = notes[ws.title]
        assert twin.protection.sheet == ws.protection.sheet and twin.protection.password == ws.protection.password
        assert len(twin.data_validations.dataValidation) == len(ws.data_validations.dataValidation)
        assert twin.merged_cells.ranges == ws.merged_cells.ranges
        for row in ws.iter_rows():
            for cell in row:
                other = twin[cell.coordinate]
                assert other.value == cell.value, (ws.title, cell.coordinate)
                assert _style(other) == _style(cell), (ws.title, cell.coordinate)
                if (ws.title, cell.coordinate) not in marked:
                    assert repr(other.fill) == repr(cell.fill), (ws.title, cell.coordinate)
                    assert other.comment is None and cell.comment is None
    # re-checked, the annotated copy gives the same findings (the Conferência sheet is skipped)
    again = json.loads(tcxl("check", out, "--format", "json").stdout)["files"][0]["findings"]
    assert [(f["code"], f["cell"]) for f in again] == [(f["code"], f["cell"]) for f in findings]
    require_libreoffice()
    pdf = libreoffice.convert(out, tmp_path / "pdf", "pdf")
    assert pdf.stat().st_size > 10_000


def test_annotate_refuses_what_it_cannot_carry_and_its_own_input(sample_xlsx, tmp_path):
    import shutil

    src = tmp_path / "a.xlsx"
    shutil.copy(sample_xlsx, src)
    proc = tcxl("check", src, "--annotate", src)
    assert proc.returncode == 2 and "a saída é um dos arquivos de entrada" in proc.stderr
    proc = tcxl("check", src, sample_xlsx, "--annotate", tmp_path / "x.xlsx")
    assert proc.returncode == 2 and "uma planilha por vez" in proc.stderr
