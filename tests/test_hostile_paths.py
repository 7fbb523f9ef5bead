"""The last hostile inputs (SPEC §6): a FIFO given as a spec or as values, a zip with two parts of
the same name, an activity code with something after it. Each is one pt-BR line, exit 2 for the
CLI, nothing written, and a batch goes on. Subprocesses run with a timeout: a hang fails the test."""

import os
import shutil
import subprocess
import sys
import warnings
import zipfile

import pytest

import tcxl
from tcxl.errors import TcxlError
from tcxl.filling import load_values
from tcxl.sniff import UnreadableFile, require_file, sniff, special_kind

from conftest import SAMPLES, SAMPLE_YAML

VALUES_JSON = SAMPLES / "valores_executados.json"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs need a POSIX system")


def tcxl_cmd() -> list[str]:
    exe = shutil.which("tcxl")
    return [exe] if exe else [sys.executable, "-m", "tcxl"]


def run_tcxl(*args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "fila.yaml"
    os.mkfifo(path)
    return path


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "inesperado" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    return line


def test_special_kind_names_each_kind(tmp_path, fifo):
    assert special_kind(SAMPLE_YAML) is None
    assert special_kind(tmp_path / "nao_existe.yaml") is None
    assert special_kind(fifo) == "um FIFO/pipe"
    assert special_kind(tmp_path) == "uma pasta"
    assert special_kind("/dev/null") == "um dispositivo"


def test_require_file_refuses_without_opening(tmp_path, fifo):
    assert require_file(SAMPLE_YAML) == SAMPLE_YAML
    with pytest.raises(TcxlError, match=r"fila\.yaml: não é um arquivo comum \(é um FIFO/pipe\); informe um arquivo"):
        require_file(fifo)
    with pytest.raises(TcxlError, match="arquivo não encontrado"):
        require_file(tmp_path / "nao_existe.yaml")


def test_sniff_names_the_kind_of_a_fifo(tmp_path):
    path = tmp_path / "fila.xlsx"
    os.mkfifo(path)
    with pytest.raises(UnreadableFile) as info:
        sniff(path)
    assert info.value.code == "TCX001" and "é um FIFO/pipe" in info.value.reason


def test_fifo_as_spec_through_the_api(fifo):
    with pytest.raises(TcxlError, match="não é um arquivo comum"):
        tcxl.Project.from_file(fifo)


def test_fifo_as_values_through_the_api(tmp_path):
    path = tmp_path / "valores.json"
    os.mkfifo(path)
    with pytest.raises(TcxlError, match="é um FIFO/pipe"):
        load_values(path)


def test_fifo_as_spec_is_one_line_and_nothing_written(tmp_path, fifo):
    out = tmp_path / "projeto.xlsx"
    line = one_error_line(run_tcxl("build-template", fifo, "-o", out))
    assert line == f"erro: {fifo}: não é um arquivo comum (é um FIFO/pipe); informe um arquivo"
    assert not out.exists()


def test_fifo_as_data_is_one_line_and_nothing_written(sample_xlsx, tmp_path):
    data = tmp_path / "valores.json"
    os.mkfifo(data)
    out = tmp_path / "preenchido.xlsx"
    line = one_error_line(run_tcxl("fill", sample_xlsx, "--data", data, "-o", out))
    assert "valores.json" in line and "é um FIFO/pipe" in line
    assert not out.exists()


def test_fifo_after_a_good_data_file_is_refused_too(sample_xlsx, tmp_path):
    data = tmp_path / "mais.csv"
    os.mkfifo(data)
    out = tmp_path / "preenchido.xlsx"
    line = one_error_line(run_tcxl("fill", sample_xlsx, "--data", VALUES_JSON, "--data", data, "-o", out))
    assert "mais.csv" in line and "FIFO" in line
    assert not out.exists()


@pytest.mark.parametrize("command", ["fill", "export", "diff"])
def test_fifo_as_the_workbook_is_one_line(sample_xlsx, tmp_path, command):
    fifo = tmp_path / "fila.xlsx"
    os.mkfifo(fifo)
    out = tmp_path / ("saida" if command == "export" else "saida.xlsx")
    args = {
        "fill": ["fill", fifo, "--data", VALUES_JSON, "-o", out],
        "export": ["export", fifo, "-o", out],
        "diff": ["diff", sample_xlsx, fifo, "-o", out],
    }[command]
    line = one_error_line(run_tcxl(*args))
    assert "fila.xlsx" in line and "é um FIFO/pipe" in line
    assert not out.exists()


def test_check_of_a_folder_with_a_fifo_goes_on(sample_xlsx, tmp_path):
    folder = tmp_path / "entregas"
    folder.mkdir()
    os.mkfifo(folder / "x.xlsx")
    shutil.copy(sample_xlsx, folder / "limpa.xlsx")
    proc = run_tcxl("check", folder)
    assert "inesperado" not in proc.stderr, proc.stderr
    assert "limpa.xlsx" in proc.stdout + proc.stderr


def test_check_of_a_fifo_named_with_a_clean_workbook(sample_xlsx, tmp_path):
    fifo = tmp_path / "x.xlsx"
    os.mkfifo(fifo)
    proc = run_tcxl("check", fifo, sample_xlsx)
    assert proc.returncode == 2, proc.stderr
    assert "TCX001" in proc.stdout and "é um FIFO/pipe" in proc.stdout and "2 arquivo(s)" in proc.stderr


def twice_named(src, dest, part="xl/worksheets/sheet1.xml"):
    """A copy of ``src`` with a second, different ``part`` appended (zipfile warns: silenced)."""
    shutil.copy(src, dest)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(dest, "a") as zf:
            zf.writestr(part, b'<?xml version="1.0"?><worksheet/>')
    with zipfile.ZipFile(dest) as zf:
        assert [i.filename.casefold() for i in zf.infolist()].count(part.casefold()) == 2
    return dest


def test_a_zip_with_two_parts_of_the_same_name_is_tcx001(sample_xlsx, tmp_path):
    bad = twice_named(sample_xlsx, tmp_path / "duplicada.xlsx")
    report = tcxl.check(bad)
    assert not report.ok
    (finding,) = [f for f in report.findings if f.code == "TCX001"]
    assert "duas partes de mesmo nome (xl/worksheets/sheet1.xml)" in finding.message
    with pytest.raises(UnreadableFile) as info:
        sniff(bad)
    assert info.value.code == "TCX001"


def test_part_names_compare_case_insensitively(sample_xlsx, tmp_path):
    bad = twice_named(sample_xlsx, tmp_path / "caixa.xlsx", "xl/Worksheets/Sheet1.xml")
    with pytest.raises(UnreadableFile, match="duas partes de mesmo nome"):
        sniff(bad)


def test_a_zip_with_two_parts_of_the_same_name_exits_2(sample_xlsx, tmp_path):
    bad = twice_named(sample_xlsx, tmp_path / "duplicada.xlsx")
    proc = run_tcxl("check", bad, sample_xlsx)
    assert proc.returncode == 2, proc.stderr
    (line,) = [ln for ln in proc.stdout.splitlines() if "duplicada.xlsx" in ln and "duas partes" in ln]
    assert "TCX001" in line
    assert "2 arquivo(s)" in proc.stderr


SQL = "A1.1'; DROP TABLE x;--"


def test_an_activity_with_something_after_the_code_is_refused(sample_xlsx, tmp_path):
    out = tmp_path / "preenchido.xlsx"
    rows = [{"activity": "A1.1", "year": 1, "executed": 10.0}, {"activity": SQL, "year": 1, "executed": 20.0}]
    with pytest.raises(tcxl.FillError) as info:
        tcxl.fill(sample_xlsx, {"disbursement": rows}, out)
    (line,) = info.value.lines()
    assert "código de atividade inválido" in line and "DROP TABLE" in line
    assert not out.exists()


def test_an_activity_in_a_typed_form_still_fills(sample_xlsx, tmp_path):
    out = tmp_path / "preenchido.xlsx"
    rows = [{"activity": "  a 1.1 ", "year": 1, "executed": 170200.0}]
    tcxl.fill(sample_xlsx, {"disbursement": rows}, out)
    dis = tcxl.read_workbook(out).disbursement
    assert dis[(dis.activity == "A1.1") & (dis.year == "Ano I")].executed.tolist() == [170200.0]


def test_the_sql_like_code_through_the_cli_names_the_row(sample_xlsx, tmp_path):
    data = tmp_path / "valores.csv"
    data.write_text(f'activity,year,executed\nA1.1,1,10\n"{SQL}",1,20\n', encoding="utf-8")
    out = tmp_path / "preenchido.xlsx"
    line = one_error_line(run_tcxl("fill", sample_xlsx, "--data", data, "-o", out))
    assert line.startswith("erro: valores.csv, linha 3: código de atividade inválido"), line
    assert "DROP TABLE" in line
    assert not out.exists()
