"""The command line's usage errors and help: one pt-BR line per mistake (exit 2), help in pt-BR."""
from __future__ import annotations

import pytest

from test_cli import run_tcxl


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
    proc = run_tcxl(*args)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("erro: ") and expected in line, line
    assert not any(word in line for word in ENGLISH), line
    assert proc.stdout == ""


@pytest.mark.parametrize("command", [[], ["check"], ["summarize"], ["fill"], ["build-template"], ["export"]])
def test_help_is_ptbr(command):
    proc = run_tcxl(*command, "--help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Uso: tcxl") and "Mostra esta ajuda e sai." in proc.stdout
    assert "Opções:" in proc.stdout and "Show this message" not in proc.stdout and "Options:" not in proc.stdout
