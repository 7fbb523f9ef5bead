"""`tcxl check DIR --annotate-dir OUT/` and `tcxl.annotate.annotate_all`: one annotated copy per
workbook with findings, named as its input (sub-folders mirrored), inputs never written to."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import tcxl
from analyst import row_of
from conftest import ROOT, SAMPLE_YAML
from tcxl.annotate import SHEET, annotate_all, copy_paths
from tcxl.cli import main

FIN, DIS = "Execução Financeira", "Cronograma de Desembolso"


def _total_typed_over(clean: Path, out: Path) -> Path:
    """'1.3 Serviços de Terceiros', Ano I: the SUM replaced by a number (error TCX201)."""
    book = openpyxl.load_workbook(clean)
    book[FIN].cell(row_of(book[FIN], "1.3 Serviços de Terceiros"), 2).value = 12345
    book.save(out)
    return out


def _money_as_text(clean: Path, out: Path) -> Path:
    """A1.1, Ano I executed typed as text (warning TCX501)."""
    book = openpyxl.load_workbook(clean)
    book[DIS].cell(row_of(book[DIS], "A1.1"), 4).value = "R$ 1.234,56"
    book.save(out)
    return out


def _with_chart(path: Path) -> Path:
    """``path`` with a chart added: openpyxl would drop it, so annotating needs --force."""
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.load_workbook(path)
    ws = book[FIN]
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=10, max_row=15))
    ws.add_chart(chart, "Z2")
    book.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """pasta/limpa.xlsx (clean, built by tcxl), total.xlsx (error), texto.xlsx (warning),
    quebrada.xlsx (not a zip), sub/total.xlsx (warning, same name as the top one)."""
    root = tmp_path_factory.mktemp("annotate_dir") / "pasta"
    (root / "sub").mkdir(parents=True)
    clean = tcxl.build_workbook(tcxl.Project.from_file(SAMPLE_YAML), root / "limpa.xlsx")
    _total_typed_over(clean, root / "total.xlsx")
    _money_as_text(clean, root / "texto.xlsx")
    _money_as_text(clean, root / "sub" / "total.xlsx")
    (root / "quebrada.xlsx").write_bytes(b"not a zip")
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _copies(out: Path) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


EXPECTED = {"total.xlsx", "texto.xlsx", "sub/total.xlsx"}


def _assert_annotated(out: Path, folder: Path) -> None:
    assert _copies(out) == EXPECTED
    for rel in EXPECTED:
        notes = openpyxl.load_workbook(out / rel)
        assert notes.sheetnames[0] == SHEET
        assert notes.sheetnames[1:] == openpyxl.load_workbook(folder / rel, read_only=True).sheetnames
        assert notes[SHEET]["A1"].value.startswith(f"Conferência do tcxl: {Path(rel).name}")
    # each copy is the one of its own input: the error is in total.xlsx, the warnings elsewhere
    assert "1 erro(s)" in openpyxl.load_workbook(out / "total.xlsx")[SHEET]["A1"].value
    assert "0 erro(s), 1 aviso(s)" in openpyxl.load_workbook(out / "sub" / "total.xlsx")[SHEET]["A1"].value


def test_check_annotate_dir_one_copy_per_workbook_with_findings(folder, tmp_path):
    before = _snapshot(folder)
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(folder)])
    out = tmp_path / "novas" / "anotadas"  # created, parents too
    result = runner.invoke(main, ["check", str(folder), "--annotate-dir", str(out)])
    assert result.exit_code == plain.exit_code == 2, result.output  # quebrada.xlsx cannot be read
    assert result.stdout == plain.stdout
    assert result.stderr.strip().splitlines()[-1] == f"anotadas: 3 cópia(s) em {out}{os.sep}"
    _assert_annotated(out, folder)
    assert not (out / "limpa.xlsx").exists() and not (out / "quebrada.xlsx").exists()
    assert _snapshot(folder) == before  # inputs byte-identical


def test_check_annotate_dir_in_a_subprocess_with_jobs(folder, tmp_path):
    """The real command line (python -m tcxl, this checkout), two processes; the exit code is
    the one check gives without the option."""
    before = _snapshot(folder)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

    def run(*args) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "tcxl", "check", *map(str, args)], capture_output=True,
                              text=True, timeout=300, env=env)

    out = tmp_path / "anotadas"
    plain = run(folder / "total.xlsx", folder / "sub", folder / "limpa.xlsx")
    proc = run(folder / "total.xlsx", folder / "sub", folder / "limpa.xlsx", "--annotate-dir", out, "--jobs", "2")
    assert proc.returncode == plain.returncode == 1, proc.stderr
    assert proc.stdout == plain.stdout
    assert f"anotadas: 2 cópia(s) em {out}{os.sep}" in proc.stderr.splitlines()
    assert "Traceback" not in proc.stderr
    assert _copies(out) == {"total.xlsx", "sub/total.xlsx"}  # mirrored under pasta/, which holds both
    for rel in _copies(out):
        assert openpyxl.load_workbook(out / rel).sheetnames[0] == SHEET
    assert _snapshot(folder) == before


def test_annotate_dir_that_is_a_file_or_with_annotate_is_refused_in_one_line(folder, tmp_path):
    runner = CliRunner()
    afile = tmp_path / "sou_arquivo"
    afile.write_text("x")
    for args, words in ([str(folder), "--annotate-dir", str(afile)], "é um arquivo, não uma pasta"), \
                       ([str(folder / "total.xlsx"), "--annotate", str(tmp_path / "a.xlsx"), "--annotate-dir",
                         str(tmp_path / "d")], "não os dois"):
        result = runner.invoke(main, ["check", *args])
        assert result.exit_code == 2
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("erro: ") and words in line, line
        assert result.stdout == ""  # refused before checking anything
    assert afile.read_text() == "x" and not (tmp_path / "d").exists() and not (tmp_path / "a.xlsx").exists()


def test_a_workbook_that_cannot_be_annotated_gives_one_line_and_the_batch_goes_on(folder, tmp_path):
    src = tmp_path / "entrada"
    src.mkdir()
    _with_chart(_total_typed_over(folder / "limpa.xlsx", src / "grafico.xlsx"))
    _money_as_text(folder / "limpa.xlsx", src / "texto.xlsx")
    before = _snapshot(src)
    out = tmp_path / "anotadas"
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(src), "--annotate-dir", str(out)])
    assert result.exit_code == 2  # a copy asked for was not written
    refused = [line for line in result.stderr.splitlines() if line.startswith("erro: ")]
    assert len(refused) == 1 and "grafico.xlsx" in refused[0] and "--force" in refused[0], result.stderr
    assert _copies(out) == {"texto.xlsx"}
    assert f"anotadas: 1 cópia(s) em {out}{os.sep}" in result.stderr
    result = runner.invoke(main, ["check", str(src), "--annotate-dir", str(out), "--force"])
    assert result.exit_code == 1, result.stderr  # the error of grafico.xlsx
    assert _copies(out) == {"grafico.xlsx", "texto.xlsx"}
    assert _snapshot(src) == before


def test_output_folder_inside_the_checked_folder_is_not_checked_again(folder, tmp_path):
    import shutil

    src = tmp_path / "pasta"
    shutil.copytree(folder, src)
    runner = CliRunner()
    for _ in range(2):  # the second run does not check (nor annotate) the first run's copies
        result = runner.invoke(main, ["check", str(src), "--annotate-dir", str(src / "anotadas"),
                                      "--format", "json"])
        assert result.exit_code == 2
        assert '"files": 5' in result.stdout
        assert _copies(src / "anotadas") == EXPECTED
    result = runner.invoke(main, ["check", str(src), "--annotate-dir", str(src)])
    assert result.exit_code == 2 and "é uma das pastas conferidas" in result.stderr


def test_annotate_all_maps_each_input_to_its_copy(folder, tmp_path):
    batch = tcxl.check_many([folder], jobs=1)
    out = tmp_path / "anotadas"
    written = annotate_all(batch, out)
    assert list(written) == [r.file for r in batch.reports]
    by_name = {Path(f).relative_to(folder).as_posix(): p for f, p in written.items()}
    assert by_name == {"limpa.xlsx": None, "quebrada.xlsx": None, "sub/total.xlsx": out / "sub" / "total.xlsx",
                       "texto.xlsx": out / "texto.xlsx", "total.xlsx": out / "total.xlsx"}
    assert all(p.is_file() for p in written.values() if p is not None)
    # without on_error a refusal raises; with it, the batch goes on
    chart = _with_chart(_total_typed_over(folder / "limpa.xlsx", tmp_path / "grafico.xlsx"))
    batch = tcxl.check_many([chart, folder / "texto.xlsx"], jobs=1)
    with pytest.raises(tcxl.TcxlError, match="--force"):
        annotate_all(batch, tmp_path / "a")
    errors = []
    written = annotate_all(batch, tmp_path / "b", on_error=lambda f, e: errors.append(f))
    assert errors == [str(chart)] and written[str(chart)] is None
    copy = written[str(folder / "texto.xlsx")]  # under b/, the path below the folder holding both inputs
    assert copy == copy_paths([chart, folder / "texto.xlsx"], tmp_path / "b")[str(folder / "texto.xlsx")]
    assert copy.is_file() and copy.name == "texto.xlsx" and copy.is_relative_to(tmp_path / "b")


def test_copy_names_never_collide(tmp_path):
    a, b = tmp_path / "x" / "a", tmp_path / "x" / "b"
    files = [a / "p.xlsx", b / "p.xlsx", a / "q.xlsm", a / "Q.xlsx", a / "p.xlsx"]
    names = copy_paths(files, "OUT")
    assert {Path(f).relative_to(tmp_path).as_posix(): p.as_posix() for f, p in names.items()} == {
        "x/a/p.xlsx": "OUT/a/p.xlsx", "x/b/p.xlsx": "OUT/b/p.xlsx",
        "x/a/q.xlsm": "OUT/a/q.xlsx", "x/a/Q.xlsx": "OUT/a/Q (2).xlsx"}
    assert copy_paths([a / "p.xlsx"], "OUT") == {str(a / "p.xlsx"): Path("OUT/p.xlsx")}
