"""Portuguese all the way (issue 25): every command's help and the user errors people meet
(bad date, malformed YAML/JSON, a folder for a file, a missing file, each ``fill`` refusal)
carry none of click's or Python's English."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import SAMPLES

from tcxl.cli import main

# what click and Python write when a message is left to them
ENGLISH = [
    "Usage:", "Options:", "Commands:", "Show this message", "Show the version", "required]", "default:",
    "Error:", "Missing", "Invalid value", "does not exist", "is a directory", "is a file", "No such",
    "Got unexpected", "does not match", "Traceback", "Expecting", "mapping values", "not allowed",
    "codec", "can't decode", "Permission denied", "Errno", "Try '", "choose from", "env var", "x>=",
    " TEXT", " FILE", " DIRECTORY", " INTEGER", " PATH", " FLOAT", "%Y-%m-%d", "Exception", "Unnamed",
    "Build, read", "Check workbooks", "List the check", "Fill the input", "Recalculate with",
    "What changed", "Consolidated semester", "output workbook", "show tracebacks", "warnings fail",
]
COMMANDS = sorted(main.commands)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"(?<!\w){re.escape(word.strip())}(?!\w)", text)]


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_is_pt_br(command):
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(main, args, prog_name="tcxl")
    assert result.exit_code == 0, result.output
    assert english_in(result.output) == [], (command, result.output)
    assert result.output.startswith("Uso: tcxl")


@pytest.fixture(scope="module")
def files(tmp_path_factory, sample_xlsx):
    top = tmp_path_factory.mktemp("pt")
    (top / "ruim.yaml").write_text("title: x\n  bad: : y\n", encoding="utf-8")
    (top / "ruim.json").write_text('{"title": "x",\n "years": 3,,}\n', encoding="utf-8")
    (top / "tab.yaml").write_text("a:\n\t- b\n", encoding="utf-8")
    (top / "valores_ruins.json").write_text("[{'a': 1}]", encoding="utf-8")
    (top / "colunas.csv").write_text("Gasto;Quando\n1;2\n", encoding="utf-8")
    (top / "ano.csv").write_text("activity,year,executed\nA1.1,Ano XX,5\nA1.1,dez,5\n", encoding="utf-8")
    (top / "codigo.csv").write_text("activity,year,executed\n\"A1.1'; DROP TABLE x;--\",1,5\n", encoding="utf-8")
    (top / "negativo.csv").write_text("activity,year,executed\nA1.1,1,-5\nA1.1,2,\"12,345\"\nA1.1,3,abc\n",
                                      encoding="utf-8")
    (top / "bytes.csv").write_bytes(b"activity,year,executed\nA1\x81.1,1,5\n")
    return {"top": top, "xlsx": sample_xlsx}


def user_errors(f) -> list[tuple[list, str]]:
    top, xlsx = f["top"], str(f["xlsx"])
    tc60 = str(SAMPLES / "tc60_2017.xlsx")
    return [
        (["diff", tc60, tc60, "--date", "31-31-2020"], "não é uma data (use AAAA-MM-DD ou DD/MM/AAAA)"),
        (["build-template", str(top / "ruim.yaml"), "-o", str(top / "o.xlsx")], "linha 2, coluna 6: dois-pontos"),
        (["build-template", str(top / "ruim.json"), "-o", str(top / "o.xlsx")],
         "linha 2, coluna 13: esperava um nome de campo entre aspas duplas"),
        (["build-template", str(top / "tab.yaml"), "-o", str(top / "o.xlsx")], "linha 2, coluna 1: tabulação"),
        (["recalc", str(top), "-o", str(top / "x.xlsx")], f"{top}: é uma pasta; informe um arquivo"),
        (["export", str(top), "-o", str(top / "x")], f"{top}: é uma pasta; informe um arquivo"),
        (["build-template", "-o", str(top)], f"{top}: é uma pasta; informe um arquivo"),
        (["export", str(top / "nao_existe.xlsx"), "-o", str(top / "x")], "nao_existe.xlsx"),
        (["fill", str(top / "nao_existe.xlsx"), "--data", str(top / "ano.csv"), "-o", str(top / "x.xlsx")],
         "nao_existe.xlsx"),
        (["check", "--jobs", "0", tc60], "use um número inteiro a partir de 1"),
        (["check", "--format", "xml", tc60], "'xml' não é um de text, json"),
        (["summarize", tc60], "falta a opção"),
        (["fill", xlsx, "--data", str(top / "valores_ruins.json"), "-o", str(top / "x.xlsx")],
         "JSON ilegível (linha 1, coluna 3"),
        (["fill", xlsx, "--data", str(top / "colunas.csv"), "-o", str(top / "x.xlsx")], "colunas não reconhecidas"),
        (["fill", xlsx, "--data", str(top / "ano.csv"), "-o", str(top / "x.xlsx")], "ano inválido"),
        (["fill", xlsx, "--data", str(top / "codigo.csv"), "-o", str(top / "x.xlsx")],
         "código de atividade inválido"),
        (["fill", xlsx, "--data", str(top / "negativo.csv"), "-o", str(top / "x.xlsx")], "negativo"),
        (["fill", xlsx, "--data", str(top / "bytes.csv"), "-o", str(top / "x.xlsx")],
         "codificação de texto não reconhecida (não é UTF-8 nem Windows-1252)"),
        (["fill", xlsx, "--data", str(top / "ano.csv")], "informe -o SAÍDA.xlsx ou --in-place"),
        (["fill", xlsx, "--data", str(top / "ano.csv"), "-o", xlsx], "a saída é um dos arquivos de entrada"),
    ]


def test_user_errors_are_one_pt_br_line_each(files):
    for args, expected in user_errors(files):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        errors = [line for line in result.stderr.splitlines() if line.startswith("erro")]
        assert errors, (args, result.stderr)
        assert expected in result.stderr, (args, result.stderr)
        assert english_in(result.stderr) == [], (args, result.stderr)


def test_a_real_run_speaks_pt_br_too(files):
    """The console script, not click's runner: what a terminal shows."""
    from test_cli import tcxl_cmd

    done = subprocess.run([*tcxl_cmd(), "recalc", str(files["top"]), "-o", "x.xlsx"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert re.fullmatch(r"erro: .*: é uma pasta; informe um arquivo\n", done.stderr)


TWO_YEARS = {
    "title": "Projeto de dois anos",
    "years": 2,
    "results": [{"description": "Resultado", "activities": [
        {"code": "A1.1", "description": "Oficinas", "planned": [100, 200], "semesters": [1, 2]}]}],
    "monitoring": [{"code": "AM.1", "description": "Monitorar", "planned": [10, 20]}],
    "financial": {"1.2": [110, 220]},
}
PERIOD_WORDS = ("biênio", "triênio", "quadriênio", "quinquênio")


def _period_labels(path) -> list[tuple[str, str, str]]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [(ws.title, c.coordinate, c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str) and any(w in c.value.lower() for w in PERIOD_WORDS)]


@pytest.mark.parametrize("years, word", [(2, "Biênio"), (4, "Quadriênio")])
def test_every_label_names_the_projects_period(tmp_path, sample_project, years, word):
    """Every label on every sheet that names the period says the project's word (the model's
    Triênio is for three years): the all-years columns, the matrix's header and the
    disbursement summary's indirect-cost and total lines."""
    import tcxl

    if years == 2:
        project = tcxl.Project.from_dict(TWO_YEARS)
    else:
        data = sample_project.to_dict()
        data["years"] = 4
        project = tcxl.Project.from_dict(data)
    path = tcxl.build_workbook(project, tmp_path / f"{years}.xlsx")
    labels = _period_labels(path)
    sheets = {sheet for sheet, _, _ in labels}
    assert sheets == {"Matriz de Planejamento", "Cronograma de Desembolso", "Execução Financeira"}
    assert all(word.lower() in text.lower() and "triênio" not in text.lower() for _, _, text in labels), labels
    texts = [text for _, _, text in labels]
    assert any(t.startswith(f"3. Custos Indiretos do {word} (") for t in texts)
    assert any(t.startswith(f"Total dos Recursos Despendidos no {word} (") for t in texts)
    assert f"Total {word}" in texts and word.upper() in texts
    assert [f.code for f in tcxl.check(path).findings if f.code[:4] in ("TCX1", "TCX2", "TCX3")] == []


def test_the_models_trienio_wording_still_reads_in_a_four_year_workbook(tmp_path, sample_project):
    """An analyst who copied the model's labels into a 4-year workbook (Triênio everywhere)
    gets the same reading as with the project's own words."""
    import openpyxl

    import tcxl

    data = sample_project.to_dict()
    data["years"] = 4
    path = tcxl.build_workbook(tcxl.Project.from_dict(data), tmp_path / "quatro.xlsx")
    book = openpyxl.load_workbook(path)
    for sheet, coordinate, text in _period_labels(path):
        book[sheet][coordinate] = text.replace("Quadriênio", "Triênio").replace("QUADRIÊNIO", "TRIÊNIO")
    book.save(tmp_path / "trienio.xlsx")
    assert not any("Quadriênio" in t for _, _, t in _period_labels(tmp_path / "trienio.xlsx"))
    own, model = tcxl.read_workbook(path), tcxl.read_workbook(tmp_path / "trienio.xlsx")
    assert own.reading.where == model.reading.where and own.years == model.years == 4
    for name in ("financial", "disbursement", "schedule", "matrix"):
        a, b = getattr(own, name).drop(columns="file"), getattr(model, name).drop(columns="file")
        assert a.equals(b), name


def test_people_read_pt_br_words_not_codes(tmp_path, sample_xlsx):
    """--excel-csv and the diff workbook show 'lançamento', 'erro', 'Previsto', never the
    frames' English values."""
    import openpyxl
    import pandas as pd

    import tcxl

    wb = tcxl.read_workbook(SAMPLES / "tc60_2017.xlsx")
    tcxl.export(wb, tmp_path / "csv", to="csv", excel_csv=True)
    fin = pd.read_csv(tmp_path / "csv" / "financial.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert set(fin["Nível"]) == {"lançamento", "subtotal", "total"}
    mat = pd.read_csv(tmp_path / "csv" / "matrix.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert set(mat["Elemento"]) <= {"objetivo", "resultado", "produto", "atividade"}
    rows = [{"activity": "A1.1", "year": 1, "planned": 1.0, "executed": 5.0}]
    new = tcxl.fill(sample_xlsx, {"disbursement": rows}, tmp_path / "nova.xlsx")
    from tcxl.cli import main

    result = CliRunner().invoke(main, ["diff", str(sample_xlsx), str(new), "--date", "2030-01-01", "-o",
                                       str(tmp_path / "diff.xlsx")])
    assert result.exit_code == 1, result.output
    book = openpyxl.load_workbook(tmp_path / "diff.xlsx")
    words = {c.value for ws in book.worksheets for row in ws.iter_rows(min_row=3) for c in row}
    assert {"erro", "informação", "Previsto", "Executado"} <= words
    assert not words & {"error", "info", "planned", "executed", "warning"}


def test_finding_lines_show_amounts_and_formulas_as_a_pt_br_spreadsheet(tmp_path, sample_xlsx):
    """A total typed over and an Executado above its Previsto: the text report quotes R$ amounts
    and =SOMA(…; …) formulas; the JSON keeps the stored forms (SPEC §3)."""
    import json

    import openpyxl
    from test_check import FIN, fin_cell

    book = openpyxl.load_workbook(sample_xlsx)
    total = fin_cell(book, "1.1 Coordenação do Projeto", "Ano I", "Previsão")
    executed = fin_cell(book, "1.2 Salários e Encargos", "Ano II", "Executado")
    book[FIN][total] = 382450.3
    book[FIN][executed] = 99999999
    path = tmp_path / "valores.xlsx"
    book.save(path)
    text = CliRunner().invoke(main, ["check", str(path)]).output
    typed_over = next(line for line in text.splitlines() if f"!{total}: erro TCX201" in line)
    assert "contém o valor fixo R$ 382.450,30" in typed_over
    assert typed_over.endswith(", encontrado R$ 382.450,30)") and "(esperado =SOMA(" in typed_over
    above = next(line for line in text.splitlines() if f"!{executed}: aviso TCX505" in line)
    assert re.search(r"\(esperado ≤ R\$ [\d.]+,\d\d, encontrado R\$ 99\.999\.999,00\)$", above), above
    assert not re.search(r"\d\.\d\d?\b(?!\d)", typed_over.split("(esperado")[1].replace("382.450", "")), typed_over
    doc = json.loads(CliRunner().invoke(main, ["check", str(path), "--format", "json"]).output)
    stored = {f["cell"]: f for f in doc["files"][0]["findings"]}
    assert stored[total]["found"] == "382450.3" and stored[total]["expected"].startswith("=SUM(")
