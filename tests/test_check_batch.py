"""check over many files (CLI and executors) and on LibreOffice re-saved files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import jsonschema
import openpyxl
import pytest

import tcxl
from sheets import find_row, group_columns
from tcxl import libreoffice
from conftest import require_libreoffice
from test_cli import tcxl_cmd

SCHEMA = json.loads(resources.files("tcxl").joinpath("schemas/check_report.schema.json").read_text())


def broken_copy(src: Path, dst: Path, kind: int) -> None:
    book = openpyxl.load_workbook(src)
    fin = book["Execução Financeira"]
    cols = group_columns(fin, "Ano I", ("Previsão", "Executado", "%"))
    if kind == 0:
        fin[f"{cols['Previsão']}{find_row(fin, '1.3 Serviços de Terceiros')}"] = 1
    elif kind == 1:
        fin[f"{cols['Executado']}{find_row(fin, '1.2 Salários e Encargos')}"] = "muito"
    else:
        fin[f"{cols['Previsão']}{find_row(fin, '1.2 Salários e Encargos')}"] = -1
    book.save(dst)


@pytest.fixture(scope="module")
def folder(tmp_path_factory, sample_xlsx):
    """50 workbooks: 40 clean (sample copies and blank templates of 1–5 results), 10 broken."""
    root = tmp_path_factory.mktemp("lote")
    clean, broken = root / "limpos", root / "todos"
    clean.mkdir()
    for i in range(35):
        shutil.copy(sample_xlsx, clean / f"projeto_{i:02}.xlsx")
    for n in range(1, 6):
        tcxl.build_workbook(tcxl.Project.blank(results=n), clean / f"modelo_{n}.xlsx")
    shutil.copytree(clean, broken)
    for i in range(10):
        broken_copy(sample_xlsx, broken / f"quebrado_{i:02}.xlsx", i % 3)
    return clean, broken


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), "check", *args], capture_output=True, text=True, timeout=600)


def test_fifty_workbooks_json_jobs_2(folder):
    _, everything = folder
    proc = run_check(str(everything), "--format", "json", "--jobs", "2")
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["files"] == 50
    bad = [f for f in doc["files"] if not f["ok"]]
    assert sorted(Path(f["file"]).name for f in bad) == [f"quebrado_{i:02}.xlsx" for i in range(10)]
    errors = sum(1 for f in doc["files"] for x in f["findings"] if x["severity"] == "error")
    warnings = sum(1 for f in doc["files"] for x in f["findings"] if x["severity"] == "warning")
    assert (doc["summary"]["errors"], doc["summary"]["warnings"]) == (errors, warnings)
    by_name = {Path(f["file"]).name: {x["code"] for x in f["findings"]} for f in doc["files"]}
    assert by_name["quebrado_00.xlsx"] == {"TCX201"}
    assert by_name["quebrado_01.xlsx"] == {"TCX502"}
    assert by_name["quebrado_02.xlsx"] == {"TCX503", "TCX403", "TCX404"}
    assert all(not codes for name, codes in by_name.items() if not name.startswith("quebrado"))


def test_only_clean_files_exit_0(folder):
    clean, _ = folder
    proc = run_check(str(clean), "--jobs", "2")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()  # no finding, one status line per file
    assert len(lines) == 40 and all(line.endswith(".xlsx: ok") for line in lines), proc.stdout
    assert "40 arquivo(s), 0 erro(s), 0 aviso(s)" in proc.stderr


def test_one_unreadable_file_exit_2_others_checked(folder, tmp_path):
    clean, _ = folder
    mixed = tmp_path / "misto"
    shutil.copytree(clean, mixed)
    (mixed / "corrompido.xlsx").write_bytes(b"PK\x03\x04 truncado")
    proc = run_check(str(mixed), "--format", "json", "--jobs", "2")
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["files"] == 41
    (bad,) = [f for f in doc["files"] if not f["ok"]]
    assert Path(bad["file"]).name == "corrompido.xlsx"
    assert [x["code"] for x in bad["findings"]] == ["TCX001"]
    assert "Traceback" not in proc.stderr


def test_text_output_format(folder):
    _, everything = folder
    proc = run_check(str(everything / "quebrado_00.xlsx"))
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith(f"{everything / 'quebrado_00.xlsx'}:Execução Financeira!")
    # pt-BR words only: severity, 'esperado', 'encontrado' (JSON keeps the English keys)
    assert ": erro TCX201 " in first and "(esperado =SOMA(" in first and ", encontrado R$ 1,00)" in first
    assert " error " not in first and "expected" not in first and "found" not in first


@pytest.mark.parametrize("make", [lambda: ThreadPoolExecutor(2), lambda: ProcessPoolExecutor(2)])
def test_python_api_with_executors(folder, make):
    _, everything = folder
    files = sorted(everything.glob("*.xlsx"))[:6] + sorted(everything.glob("quebrado_*.xlsx"))[:6]
    with make() as executor:
        batch = tcxl.check_many(files, executor=executor)
    serial = tcxl.check_many(files, jobs=1)
    assert [r.file for r in batch.reports] == [str(f) for f in files]
    assert [r.findings for r in batch.reports] == [r.findings for r in serial.reports]
    assert batch.summary() == serial.summary()
    assert not batch.ok and batch.exit_code() == 1


def test_libreoffice_resaved_cached_values_disagree(tmp_path, sample_xlsx):
    """A total overwritten by a constant, a SUM that lost a row and money typed as text,
    then re-saved by LibreOffice: each mistake is one finding at its own cell; the totals
    above them hold LibreOffice's results of their own (intact) formulas, which agree."""
    require_libreoffice()
    book = openpyxl.load_workbook(sample_xlsx)
    fin = book["Execução Financeira"]
    cols = group_columns(fin, "Ano I", ("Previsão", "Executado", "%"))
    p = cols["Previsão"]
    r13, r12 = find_row(fin, "1.3 Serviços de Terceiros"), find_row(fin, "1.2 Salários e Encargos")
    r18 = find_row(fin, "1.8 Despesas de Transporte e Hospedagem")
    fin[f"{p}{r13}"] = 1000
    fin[f"{p}{r18}"] = f"=SUM({p}{r18 + 1}:{p}{r18 + 2})"  # leaves 1.8.3 out
    fin[f"{cols['Executado']}{r12}"] = "R$ 1.234,56"
    (tmp_path / "in").mkdir()
    book.save(tmp_path / "in" / "x.xlsx")
    out = libreoffice.convert(tmp_path / "in" / "x.xlsx", tmp_path / "out")
    report = tcxl.check(out)
    got = {(f.code, f.cell) for f in report.findings}
    assert got == {("TCX201", f"{p}{r13}"), ("TCX202", f"{p}{r18}"), ("TCX501", f"{cols['Executado']}{r12}"),
                   ("TCX204", f"{cols['%']}{r12}")}  # LibreOffice's % of a text Executado: #VALUE!
    f202 = next(f for f in report.findings if f.code == "TCX202")
    assert "deixa de fora 1.8.3 Atividades de Monitoramento e Avaliação, Ano I, Previsão" in f202.message


def test_check_does_not_import_pandas(sample_xlsx):
    code = (f"import sys, tcxl; r = tcxl.check({str(sample_xlsx)!r}); "
            "print(r.ok, 'pandas' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.split() == ["True", "False"], proc.stderr
