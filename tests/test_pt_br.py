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
