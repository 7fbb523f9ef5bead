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
    (["check", "--formato", "json", "x.xlsx"], "opção desconhecida: --formato; você quis dizer --format?"),
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
