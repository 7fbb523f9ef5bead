"""Choosing rules like a linter (SPEC §3.2): --select/--ignore/--severity, tcxl.toml and
[tool.tcxl], the same in the API; the JSON report states the configuration used; one
check's internal error is one TCX000 finding and the rest goes on."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import tcxl
from sheets import find_row, group_columns
from test_cli import tcxl_cmd
from tcxl.cli import main
from tcxl.rules import UnregisteredRule, declare, registry

FIN, DIS = "Execução Financeira", "Cronograma de Desembolso"


@pytest.fixture(scope="module")
def planted(tmp_path_factory, sample_xlsx) -> tuple[Path, dict]:
    """The sample with an error (a fixed value in a total: TCX201) and a warning (an amount
    typed as text: TCX501), as an analyst would leave them."""
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book[FIN]
    col = group_columns(ws, "Ano I", ("Previsão", "Executado", "%"))["Previsão"]
    total = f"{col}{find_row(ws, '1.3 Serviços de Terceiros')}"
    ws[total] = 1
    leaf = f"{col}{find_row(ws, '1.2 Salários e Encargos')}"
    shown = ws[leaf].value
    ws[leaf] = f"R$ {shown:_.2f}".replace(".", ",").replace("_", ".")
    path = tmp_path_factory.mktemp("regras") / "plantada.xlsx"
    book.save(path)
    return path, {"TCX201": (FIN, total), "TCX501": (FIN, leaf)}


def run(*args: str, cwd: Path):
    """The CLI run from ``cwd`` (where a tcxl.toml is looked for)."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)


def codes(result) -> set[tuple[str, str]]:
    doc = json.loads(result.stdout)
    return {(f["code"], f["severity"]) for r in doc["files"] for f in r["findings"]}


def test_the_planted_file_has_both_findings_by_default(planted, tmp_path):
    path, where = planted
    result = run("check", str(path), "--format", "json", cwd=tmp_path)
    assert result.exit_code == 1
    got = codes(result)
    assert {("TCX201", "error"), ("TCX501", "warning")} <= got
    doc = json.loads(result.stdout)
    assert doc["config"] == {"select": [], "ignore": [], "severity": {}, "strict": False, "source": ""}
    cells = {(f["code"], f["sheet"], f["cell"]) for f in doc["files"][0]["findings"]}
    assert {(c, *w) for c, w in where.items()} <= cells


def test_select_keeps_only_the_groups_named(planted, tmp_path):
    result = run("check", str(planted[0]), "--format", "json", "--select", "TCX2,TCX3", cwd=tmp_path)
    got = codes(result)
    assert ("TCX201", "error") in got and all(c.startswith(("TCX2", "TCX3")) for c, _ in got)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["config"]["select"] == ["TCX2", "TCX3"]


def test_ignore_drops_a_code_and_the_exit_code_follows(planted, tmp_path):
    base = codes(run("check", str(planted[0]), "--format", "json", cwd=tmp_path))
    errors = {c for c, s in base if s == "error"}
    args = ["check", str(planted[0]), "--format", "json"] + [a for c in errors for a in ("--ignore", c)]
    result = run(*args, cwd=tmp_path)
    assert codes(result) == {(c, s) for c, s in base if c not in errors}
    assert result.exit_code == 0  # only warnings left
    assert run(*args, "--strict", cwd=tmp_path).exit_code == 1  # --strict: a warning fails


def test_severity_changes_a_rule_and_a_group(planted, tmp_path):
    result = run("check", str(planted[0]), "--format", "json", "--severity", "TCX5=error", cwd=tmp_path)
    assert ("TCX501", "error") in codes(result)
    result = run("check", str(planted[0]), "--format", "json", "--severity", "TCX5=info,TCX501=error", cwd=tmp_path)
    assert ("TCX501", "error") in codes(result)  # the longer prefix wins
    result = run("check", str(planted[0]), "--format", "json", "--severity", "TCX201=warning", cwd=tmp_path)
    assert ("TCX201", "warning") in codes(result)


def test_the_api_takes_the_same_choices(planted, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = planted[0]
    assert {f.code for f in tcxl.check(path, select=["TCX5"]).findings} <= {c for c in registry() if c[3] == "5"}
    report = tcxl.check(path, ignore="TCX201", severity={"TCX501": "info"})
    assert "TCX201" not in {f.code for f in report.findings}
    assert ("TCX501", "info") in {(f.code, f.severity) for f in report.findings}
    assert json.loads(report.to_json())["config"]["ignore"] == ["TCX201"]


def test_a_tcxl_toml_from_the_current_folder_upward(planted, tmp_path):
    (tmp_path / "tcxl.toml").write_text('ignore = ["TCX201"]\n\n[severity]\nTCX5 = "error"\n', encoding="utf-8")
    inner = tmp_path / "entregas" / "2026"
    inner.mkdir(parents=True)
    result = run("check", str(planted[0]), "--format", "json", cwd=inner)
    got = codes(result)
    assert "TCX201" not in {c for c, _ in got} and ("TCX501", "error") in got
    config = json.loads(result.stdout)["config"]
    assert config["source"] == str((tmp_path / "tcxl.toml").resolve())
    # the command line adds to the file's ignore and overrides its severities
    result = run("check", str(planted[0]), "--format", "json", "--severity", "TCX501=warning", cwd=inner)
    assert ("TCX501", "warning") in codes(result)


def test_tool_tcxl_in_pyproject(planted, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.tcxl]\nselect = ["TCX5"]\n')
    result = run("check", str(planted[0]), "--format", "json", cwd=tmp_path)
    assert {c for c, _ in codes(result)} <= {c for c in registry() if c.startswith("TCX5")}
    assert json.loads(result.stdout)["config"]["select"] == ["TCX5"]


@pytest.mark.parametrize(
    "args, says",
    [
        (["--select", "TCX9"], "'TCX9' não é código nem prefixo de nenhuma regra"),
        (["--severity", "TCX201=grave"], "gravidade 'grave' para TCX201; use error, warning ou info"),
        (["--severity", "TCX201"], "'TCX201' deve ser CÓDIGO=gravidade"),
    ],
)
def test_a_bad_choice_is_one_line_and_exit_2(planted, tmp_path, args, says):
    result = run("check", str(planted[0]), *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_configuration_file_is_one_line(planted, tmp_path):
    (tmp_path / "tcxl.toml").write_text("ignore = [TCX201\n", encoding="utf-8")
    result = run("check", str(planted[0]), cwd=tmp_path)
    assert result.exit_code == 2 and "tcxl.toml: arquivo de configuração inválido" in result.stderr
    (tmp_path / "tcxl.toml").write_text('ignorar = ["TCX201"]\n', encoding="utf-8")
    result = run("check", str(planted[0]), cwd=tmp_path)
    assert result.exit_code == 2 and "chave desconhecida ignorar" in result.stderr


def test_an_unreadable_file_cannot_be_ignored(tmp_path):
    fake = tmp_path / "planilha.xlsx"
    fake.write_text("Atividade;Ano\nA1.1;1\n", encoding="utf-8")
    result = run("check", str(fake), "--format", "json", "--ignore", "TCX0", cwd=tmp_path)
    assert result.exit_code == 2
    assert {c for c, _ in codes(result)} == {"TCX003"}


def test_one_checks_bug_is_one_finding_and_the_rest_goes_on(planted, sample_xlsx, tmp_path, monkeypatch):
    """A check that raises (here the cross-sheet one, made to fail) gives TCX000 for each file;
    the file's other checks and the batch's other files are reported in full."""
    from tcxl.checks import cross

    monkeypatch.chdir(tmp_path)
    clean = tmp_path / "limpa.xlsx"
    shutil.copy(sample_xlsx, clean)
    expected = {(f.code, f.cell) for f in tcxl.check(planted[0]).findings}

    def broken(wb):
        raise ZeroDivisionError("divisão por zero de teste")

    monkeypatch.setattr(cross, "check", broken)
    batch = tcxl.check_many([planted[0], clean], jobs=1)
    internal = [f for f in batch.findings if f.code == "TCX000"]
    assert len(internal) == 2 and all(f.severity == "error" for f in internal)
    assert "erro interno do tcxl em consistência entre abas (ZeroDivisionError: divisão por zero de teste)" in (
        internal[0].message
    )
    got = {(f.code, f.cell) for f in batch.reports[0].findings}
    assert got - {("TCX000", "")} == {(c, cell) for c, cell in expected if not c.startswith("TCX4")}
    with pytest.raises(ZeroDivisionError):
        tcxl.check(clean, debug=True)
    result = CliRunner().invoke(main, ["check", str(clean), "--jobs", "1"])
    assert result.exit_code == 1 and "TCX000" in result.stdout
    result = CliRunner().invoke(main, ["--debug", "check", str(clean), "--jobs", "1"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_an_unregistered_or_undeclared_code_fails():
    with pytest.raises(UnregisteredRule, match="TCX999"):
        declare("TCX999")
    emit = declare("TCX201")
    with pytest.raises(UnregisteredRule, match="TCX202: código não declarado"):
        emit("TCX202", "Aba", "A1", item="x", problem="y")


def test_checks_are_skipped_when_none_of_their_rules_is_selected(planted, tmp_path, monkeypatch):
    from tcxl.checks import formulas

    monkeypatch.chdir(tmp_path)

    def must_not_run(*args):
        raise AssertionError("formulas.check ran with only TCX6 selected")

    monkeypatch.setattr(formulas, "check", must_not_run)
    report = tcxl.check(planted[0], select="TCX6", today=dt.date(2026, 11, 22))
    assert all(f.code.startswith("TCX6") or registry()[f.code].unreadable for f in report.findings)


def test_a_reading_bug_in_one_file_of_a_summary_is_its_status_and_the_rest_goes_on(sample_xlsx, tmp_path, monkeypatch):
    """The summary accounts for every file: one whose reading hits a tcxl bug is 'ilegível'
    with TCX000 and the exception, the other is included as usual."""
    import tcxl.read

    folder = tmp_path / "recebidos"
    folder.mkdir()
    shutil.copy(sample_xlsx, folder / "a.xlsx")
    shutil.copy(sample_xlsx, folder / "b.xlsx")
    real = tcxl.read.read_workbook

    def flaky(path, *args, **kwargs):
        if Path(path).name == "a.xlsx":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(tcxl.read, "read_workbook", flaky)
    summary = tcxl.summarize(folder, semester=1, jobs=1)
    rows = {
        Path(f).name: (s, r)
        for f, s, r in zip(summary.deliveries.file, summary.deliveries.status, summary.deliveries.reason)
    }
    assert rows["a.xlsx"][0] == "ilegível"
    assert rows["a.xlsx"][1].startswith("TCX000: erro interno do tcxl em leitura (RecursionError: maximum recursion")
    assert rows["b.xlsx"][0].startswith("incluído")


def _line(out: str, code: str) -> str:
    """The listing's line of ``code`` (indented, code first)."""
    return next(line for line in out.splitlines() if line.startswith(f"  {code} "))


def test_tcxl_regras_lists_every_rule_and_explains_one(tmp_path):
    result = run("regras", cwd=tmp_path)
    assert result.exit_code == 0
    for code, rule in registry().items():
        assert rule.title in _line(result.stdout, code)
    assert "TCX203  erro" in result.stdout and "TCX205  aviso" in result.stdout
    page = run("regras", "tcx203", cwd=tmp_path)
    assert page.exit_code == 0
    rule = registry()["TCX203"]
    assert page.stdout.startswith(f"TCX203 — {rule.title}")
    assert "Exemplo errado" in page.stdout and "Como corrigir" in page.stdout and "--ignore TCX203" in page.stdout
    unknown = run("regras", "TCX999", cwd=tmp_path)
    assert unknown.exit_code == 2 and unknown.stderr.startswith("erro: regra desconhecida: 'TCX999'")


def test_tcxl_regras_shows_the_configuration_file_choices(tmp_path):
    (tmp_path / "tcxl.toml").write_text('ignore = ["TCX607"]\n[severity]\nTCX4 = "error"\n', encoding="utf-8")
    out = run("regras", cwd=tmp_path).stdout
    assert "ignorada" in _line(out, "TCX607")
    assert "erro (aviso)" in _line(out, "TCX401")
    assert "tcxl.toml" in out.split("TCX0xx")[0]  # the listing says where the choices come from


def test_tcxl_regras_in_a_real_process():
    proc = subprocess.run([*tcxl_cmd(), "regras", "TCX509"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("TCX509 — ")


def test_a_summary_counts_errors_under_the_same_rules(planted, tmp_path):
    """The rules a team chose for `tcxl check` decide what a summary counts as errors too."""
    from tcxl.rules.config import RuleConfig

    folder = tmp_path / "recebidos"
    folder.mkdir()
    shutil.copy(planted[0], folder / "p.xlsx")
    default = tcxl.summarize(folder, semester=1, jobs=1)
    chosen = tcxl.summarize(folder, semester=1, jobs=1, config=RuleConfig.make(ignore=["TCX2"]))
    assert default.deliveries.errors.iloc[0] >= 1 and default.deliveries.status.iloc[0] == "incluído com erros"
    assert chosen.deliveries.errors.iloc[0] == 0 and chosen.deliveries.status.iloc[0] == "incluído"
    (tmp_path / "tcxl.toml").write_text('ignore = ["TCX2"]\n', encoding="utf-8")
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        found = tcxl.summarize(folder, semester=1, jobs=1)  # the file found from the current folder
    finally:
        os.chdir(old)
    assert found.deliveries.status.iloc[0] == "incluído"
