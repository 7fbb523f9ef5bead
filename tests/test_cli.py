"""The `tcxl` command line: build-template, schema, errors and exit codes."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import jsonschema
import openpyxl
import yaml
from click.testing import CliRunner

from conftest import SAMPLE_YAML
from tcxl.cli import main

BAD_SPEC = """
entity: {cnpj: "11.222.333/0001-80"}
results:
  - activities:
      - {code: A1.1, planned: [-10], semesters: ["Ano IV/1º Sem"]}
      - {code: A1.1}
"""


def tcxl_cmd() -> list[str]:
    """The installed console script when present, else the module."""
    exe = shutil.which("tcxl")
    return [exe] if exe else [sys.executable, "-m", "tcxl"]


def run_tcxl(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`tcxl ARGS…` run as a user types it, in its own process (exit code, stdout and stderr as text)."""
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=timeout)


def test_build_template_from_spec_and_blank(tmp_path):
    runner = CliRunner()
    out = tmp_path / "sub" / "projeto.xlsx"
    result = runner.invoke(main, ["build-template", str(SAMPLE_YAML), "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert "Qualificação da Rede de Cuidados Paliativos no SUS" in [
        c.value for row in wb["Identificação"].iter_rows() for c in row]
    blank = tmp_path / "blank.xlsx"
    result = runner.invoke(main, ["build-template", "-o", str(blank)])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(blank).sheetnames[:5] == [
        "Identificação", "Matriz de Planejamento", "Cronograma de Atividades",
        "Cronograma de Desembolso", "Execução Financeira"]


def test_invalid_spec_one_line_per_problem_exit_2(tmp_path):
    spec = tmp_path / "ruim.yaml"
    spec.write_text(BAD_SPEC, encoding="utf-8")
    out = tmp_path / "nao.xlsx"
    proc = subprocess.run([*tcxl_cmd(), "build-template", str(spec), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    assert len(lines) == 4
    joined = "\n".join(lines)
    for field in ("entity.cnpj", "results[0].activities[0].planned[0]",
                  "results[0].activities[1].code", "results[0].activities[0].semesters[0]"):
        assert sum(field + ":" in line for line in lines) == 1, (field, joined)
    assert not out.exists()


def test_user_errors_are_one_line(tmp_path):
    runner = CliRunner()
    cases = [
        (["build-template", str(tmp_path / "nada.yaml"), "-o", str(tmp_path / "o.xlsx")], "não encontrado"),
        (["build-template", "-o", str(tmp_path / "o.csv")], ".xlsx"),
    ]
    broken = tmp_path / "quebrado.yaml"
    broken.write_text("results: [\n", encoding="utf-8")
    cases.append((["build-template", str(broken), "-o", str(tmp_path / "o.xlsx")], "ilegível"))
    listing = tmp_path / "lista.yaml"
    listing.write_text("- 1\n- 2\n", encoding="utf-8")
    cases.append((["build-template", str(listing), "-o", str(tmp_path / "o.xlsx")], "objeto"))
    for args, text in cases:
        result = runner.invoke(main, args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and text in result.stderr, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_debug_shows_traceback(tmp_path):
    proc = subprocess.run([*tcxl_cmd(), "--debug", "build-template", str(tmp_path / "x.yaml"), "-o",
                           str(tmp_path / "o.xlsx")], capture_output=True, text=True)
    assert proc.returncode != 0 and "Traceback" in proc.stderr


def test_schema_validates_the_sample():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    sample = yaml.safe_load(SAMPLE_YAML.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(sample, default=str)), schema)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors({"years": "x", "bogus": 1}))
    assert errors


def test_help_is_bilingual_and_fast_to_import():
    proc = subprocess.run([*tcxl_cmd(), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert "build-template" in proc.stdout and "planilhas oficiais" in proc.stdout
    code = "import sys, tcxl.cli; print(sorted(m for m in ('pandas','openpyxl','xlsxwriter') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]"


def test_check_command_does_not_import_pandas_nor_pydantic(sample_xlsx):
    """`tcxl check` must start fast: pandas (~0.4 s to import) and pydantic (~0.1 s, half
    of a one-file check) stay out of the check path."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "tcxl", "check", str(sample_xlsx)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "tcxl.checks.formulas" in imported  # the check really ran in this process
    assert "pandas" not in imported and "pydantic" not in imported and "tcxl.model" not in imported
