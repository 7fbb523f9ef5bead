"""tcxl check in text mode: one status line per file after its findings (``PATH: ok``,
``PATH: 1 erro, 2 avisos``, ``PATH: ilegível (TCX003)``), ``--quiet`` and ``--verbose``."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_check import FIN, fin_cell
from test_cli import run_tcxl

from tcxl.cli import main

NAMES = ("a_limpo.xlsx", "b_erros.xlsx", "c_texto.xlsx")
FINDING = re.compile(r"(?P<name>[^:/]+\.xlsx):(?:[^:]*: |\s)(?P<severity>erro|aviso|info) (?P<code>TCX\d{3}) .*")
COUNT = "3 arquivo(s), 2 erro(s), 2 aviso(s)"  # TCX003 counts as an error


@pytest.fixture(scope="module")
def folder(sample_xlsx, tmp_path_factory) -> Path:
    """``a_limpo.xlsx`` (the clean sample); ``b_erros.xlsx`` (a number typed over a total:
    TCX201, an error; a money value typed as text: TCX501 and TCX504, warnings);
    ``c_texto.xlsx`` (a CSV renamed: TCX003, unreadable)."""
    root = tmp_path_factory.mktemp("recebidos")
    shutil.copy(sample_xlsx, root / NAMES[0])
    book = openpyxl.load_workbook(sample_xlsx)
    book[FIN][fin_cell(book, "1.3 Serviços de Terceiros", "Ano I", "Previsão")] = 12345
    book[FIN][fin_cell(book, "1.5 Medicamentos", "Ano I", "Executado")] = "1000"
    book.save(root / NAMES[1])
    (root / NAMES[2]).write_text("codigo;ano;valor\n1.1;1;100\n", encoding="utf-8")
    return root


def paths(folder: Path) -> tuple[str, str, str]:
    a, b, c = (str(folder / name) for name in NAMES)
    return a, b, c


def invoke(folder: Path, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(main, ["check", str(folder), "--jobs", "1", *args])
    return result.exit_code, result.stdout.splitlines(), result.stderr


def shape(lines: list[str], folder: Path) -> list[str]:
    """Each line as ``NAME finding SEVERITY CODE`` or the status line with the file's name."""
    out = []
    for line in lines:
        finding = FINDING.fullmatch(line[len(str(folder)) + 1 :])
        out.append(f"{finding['name']} finding {finding['severity']} {finding['code']}" if finding else
                   line[len(str(folder)) + 1 :])
    return out


def test_status_line_after_each_files_findings(folder):
    code, lines, err = invoke(folder)
    assert code == 2  # a file could not be read, as before
    assert shape(lines, folder) == [
        "a_limpo.xlsx: ok",
        "b_erros.xlsx finding erro TCX201",
        "b_erros.xlsx finding aviso TCX501",
        "b_erros.xlsx finding aviso TCX504",
        "b_erros.xlsx: 1 erro, 2 avisos",
        "c_texto.xlsx finding erro TCX003",
        "c_texto.xlsx: ilegível (TCX003)",
    ]
    a, b, c = paths(folder)
    assert [lines[0], lines[4], lines[6]] == [f"{a}: ok", f"{b}: 1 erro, 2 avisos", f"{c}: ilegível (TCX003)"]
    assert err.strip().splitlines()[-1] == COUNT  # the final count, on stderr, as before
    # grep by file name: its findings, then its status
    assert [line for line in lines if line.startswith(b + ":")][-1] == f"{b}: 1 erro, 2 avisos"


def test_status_line_counts_infos_and_singular_plural(folder):
    code, lines, _ = invoke(folder, "--severity", "TCX5=info", "--ignore", "TCX003")
    a, b, c = paths(folder)
    assert code == 2  # TCX003 cannot be ignored: the file is still unreadable
    assert f"{a}: ok" in lines and f"{b}: 1 erro, 0 avisos, 2 informações" in lines
    code, lines, _ = invoke(folder, "--severity", "TCX201=warning,TCX504=info", "--select", "TCX2,TCX504")
    assert f"{b}: 0 erros, 1 aviso, 1 informação" in lines and f"{c}: ilegível (TCX003)" in lines


def test_quiet_shows_errors_and_failed_files_only(folder):
    code, lines, err = invoke(folder, "--quiet")
    assert code == 2
    assert shape(lines, folder) == [
        "b_erros.xlsx finding erro TCX201",
        "b_erros.xlsx: 1 erro, 2 avisos",
        "c_texto.xlsx finding erro TCX003",
        "c_texto.xlsx: ilegível (TCX003)",
    ]
    assert not any(" aviso TCX" in line or " info TCX" in line or line.endswith(": ok") for line in lines)
    assert err.strip().splitlines()[-1] == COUNT
    # errors only without the unreadable file: exit 1, as before
    code, lines, _ = invoke(folder / NAMES[1], "-q")
    assert code == 1 and shape(lines, folder) == ["b_erros.xlsx finding erro TCX201", "b_erros.xlsx: 1 erro, 2 avisos"]
    # a clean file: nothing on stdout, the count on stderr, exit 0
    code, lines, err = invoke(folder / NAMES[0], "-q")
    assert (code, lines, err.strip()) == (0, [], "1 arquivo(s), 0 erro(s), 0 aviso(s)")


def test_quiet_follows_the_rule_configuration(folder):
    # a warning raised to error is shown; an error lowered to warning is not (nor its passing file)
    code, lines, _ = invoke(folder / NAMES[1], "-q", "--severity", "TCX201=warning,TCX504=error")
    assert code == 1 and shape(lines, folder) == ["b_erros.xlsx finding erro TCX504", "b_erros.xlsx: 1 erro, 2 avisos"]
    code, lines, _ = invoke(folder / NAMES[1], "-q", "--severity", "TCX2=warning")
    assert (code, lines) == (0, [])
    # with --strict the warnings fail the file, so --quiet shows them
    code, lines, _ = invoke(folder / NAMES[1], "-q", "--severity", "TCX2=warning", "--strict")
    assert code == 1 and shape(lines, folder) == [
        "b_erros.xlsx finding aviso TCX201",
        "b_erros.xlsx finding aviso TCX501",
        "b_erros.xlsx finding aviso TCX504",
        "b_erros.xlsx: 0 erros, 3 avisos",
    ]


def test_verbose_states_the_rules_in_force(folder, tmp_path, monkeypatch):
    code, lines, err = invoke(folder / NAMES[0], "-v")
    assert (code, lines[-1]) == (0, f"{folder / NAMES[0]}: ok")
    assert err.splitlines()[0] == "configuração: nenhum tcxl.toml; regras todas"
    (tmp_path / "tcxl.toml").write_text('ignore = ["TCX506"]\n[severity]\nTCX5 = "error"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, lines, err = invoke(folder / NAMES[1], "--verbose", "--select", "TCX2,TCX5", "--strict")
    assert err.splitlines()[0] == (
        f"configuração: arquivo {tmp_path / 'tcxl.toml'}; regras TCX2, TCX5; ignoradas TCX506; "
        "gravidades TCX5=error; avisos reprovam (--strict)"
    )
    assert code == 1 and lines[-1] == f"{folder / NAMES[1]}: 3 erros, 0 avisos"


def test_quiet_and_verbose_together_is_a_usage_error(folder):
    code, lines, err = invoke(folder, "-q", "-v")
    assert (code, lines) == (2, []) and "--quiet ou --verbose" in err


def test_json_is_unchanged(folder):
    code, lines, _ = invoke(folder, "--format", "json", "--quiet")
    doc = json.loads("\n".join(lines))
    assert code == 2 and [Path(f["file"]).name for f in doc["files"]] == list(NAMES)
    assert doc["summary"] == {"files": 3, "errors": 2, "warnings": 2}
    code, lines, err = invoke(folder, "--format", "json", "--verbose")
    assert json.loads("\n".join(lines)) == doc and "configuração" not in err


def test_status_lines_in_a_real_process(folder):
    proc = run_tcxl("check", folder, "--jobs", "1")
    assert proc.returncode == 2
    assert shape(proc.stdout.splitlines(), folder) == [
        "a_limpo.xlsx: ok",
        "b_erros.xlsx finding erro TCX201",
        "b_erros.xlsx finding aviso TCX501",
        "b_erros.xlsx finding aviso TCX504",
        "b_erros.xlsx: 1 erro, 2 avisos",
        "c_texto.xlsx finding erro TCX003",
        "c_texto.xlsx: ilegível (TCX003)",
    ]
    assert proc.stderr.strip().splitlines()[-1] == COUNT
    proc = run_tcxl("check", folder / NAMES[1], "-q")
    assert proc.returncode == 1 and proc.stdout.splitlines()[-1] == f"{folder / NAMES[1]}: 1 erro, 2 avisos"
    assert len(proc.stdout.splitlines()) == 2
