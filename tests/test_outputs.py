"""Where output goes (issue 25): ``-`` is stdout/stdin, tcxl writes through what is not a
regular file and never replaces it, a file another program holds is one line asking to close
it, a cp1252 console never crashes, and batches run under ``spawn`` (what Windows uses)."""
from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys

import pytest
from conftest import SAMPLES
from test_cli import tcxl_cmd

TC60 = SAMPLES / "tc60_2017.xlsx"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, timeout=300, **kwargs)


def test_export_json_to_stdout_is_the_file_export_writes(tmp_path):
    done = run("export", TC60, "-o", "-", "--to", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    run("export", TC60, "-o", tmp_path / "t.json", "--to", "json")
    assert json.loads(done.stdout) == json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert not (tmp_path / "-").exists(), "'-' is stdout, not a file named '-'"
    assert b"gravado" not in done.stdout


def test_export_through_dev_stdout_keeps_the_symlink(tmp_path):
    link = "/dev/stdout"
    before = os.readlink(link)
    done = run("export", TC60, "-o", link, "--to", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["info"]["entity.name"].startswith("Conselho Nacional")
    assert os.path.islink(link) and os.readlink(link) == before


def test_export_one_csv_table_to_stdout_and_the_table_is_required(tmp_path):
    done = run("export", TC60, "-o", "-", "--to", "csv", "--table", "disbursement", "--excel-csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8").splitlines()
    assert lines[0] == "Projeto (identidade);Arquivo;Bloco;Atividade;Descrição;Ano;Previsto;Executado"
    assert len(lines) == 1 + 33
    missing = run("export", TC60, "-o", "-", "--to", "csv")
    assert missing.returncode == 2 and missing.stdout == b""
    assert missing.stderr.decode().strip() == (
        "erro: com -o - e --to csv, escolha a tabela com --table (ex.: --table disbursement)")


def test_xlsx_to_a_terminal_is_refused_and_to_a_pipe_is_written(tmp_path):
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([*tcxl_cmd(), "export", str(TC60), "-o", "-", "--to", "xlsx"], stdout=follower,
                              stderr=subprocess.PIPE, timeout=300)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.decode().strip() == (
        "erro: -: um arquivo xlsx não vai para o terminal; redirecione a saída (ex.: > saida.xlsx)")
    piped = run("export", TC60, "-o", "-", "--to", "xlsx")
    assert piped.returncode == 0 and piped.stdout[:2] == b"PK"


def test_check_reads_the_workbook_from_stdin():
    with open(TC60, "rb") as stdin:
        done = run("check", "-", "--format", "json", stdin=stdin)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [f["file"] for f in doc["files"]] == ["-"]
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["TCX506", "TCX506"]
    empty = run("check", "-", stdin=subprocess.DEVNULL)
    assert empty.returncode == 2
    assert empty.stderr.decode().splitlines()[0] == (
        "erro: -: a entrada padrão está vazia (use: tcxl check - < planilha.xlsx)")


def test_a_fifo_is_written_through_or_refused_never_replaced(tmp_path):
    fifo = tmp_path / "fila"
    os.mkfifo(fifo)
    alone = run("export", TC60, "-o", fifo, "--to", "json")
    assert alone.returncode == 2
    assert alone.stderr.decode().strip() == f"erro: {fifo}: é uma fila (FIFO) que ninguém está lendo; nada foi gravado"
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    written = run("export", TC60, "-o", fifo, "--to", "json")
    out, _ = reader.communicate(timeout=60)
    assert written.returncode == 0, written.stderr
    assert json.loads(out)["info"]["entity.name"].startswith("Conselho Nacional")
    assert fifo.is_fifo(), "still a FIFO: nothing replaced it"


def test_a_symlink_keeps_pointing_at_its_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    done = run("export", TC60, "-o", link, "--to", "json")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["info"]


def test_a_file_open_elsewhere_is_one_line_and_stays_as_it_was(tmp_path, sample_xlsx):
    """Excel locks the file it has open on Windows; a read-only file stands in for it here (tcxl
    does not replace a read-only file, even for root)."""
    target = tmp_path / "preenchido.xlsx"
    target.write_bytes(b"o arquivo anterior")
    target.chmod(0o444)
    values = tmp_path / "valores.csv"
    values.write_text("activity,year,executed\nA1.1,1,10\n", encoding="utf-8")
    for command in (["fill", sample_xlsx, "--data", values, "-o", target],
                    ["export", TC60, "-o", target, "--to", "xlsx"]):
        done = run(*command)
        assert done.returncode == 2, command
        assert done.stderr.decode().strip() == (
            f"erro: {target}: o arquivo está aberto em outro programa (o Excel o trava) ou protegido contra "
            "gravação; feche-o e tente de novo; nada foi alterado")
        assert target.read_bytes() == b"o arquivo anterior"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preenchido.xlsx", "valores.csv"], "no temporary left"


def test_a_cp1252_console_never_crashes(tmp_path):
    name = tmp_path / "relatório → versão… final.xlsx"
    shutil.copy(TC60, name)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for args in (["check", name], ["check", name, "--format", "json"], ["check", "--help"],
                 ["export", name, "-o", tmp_path / "saída"], ["check", tmp_path / "não existe → x.xlsx"]):
        done = run(*args, env=env)
        assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr, args
        assert done.returncode in (0, 2), (args, done.stderr)
    ok = run("check", name, env=env)
    assert ok.stdout.decode("cp1252").splitlines()[-1] == f"{str(name).replace('→', '?')}: ok, 2 informações"


def _run_with(method: str, args: list) -> subprocess.CompletedProcess:
    code = ("import multiprocessing, sys; multiprocessing.set_start_method(sys.argv[1], force=True); "
            "from tcxl.cli import main; sys.argv = ['tcxl', *sys.argv[2:]]; main()")
    return subprocess.run([sys.executable, "-c", code, method, *map(str, args)], capture_output=True, timeout=600)


def test_batches_under_spawn_give_the_reports_of_fork(tmp_path, sample_xlsx):
    """Windows starts workers with 'spawn': nothing may rely on fork's copy of the parent; the
    reports, their order and the exit code are the same. Paths with spaces and accents."""
    folder = tmp_path / "pasta com espaço e ação"
    folder.mkdir()
    shutil.copy(TC60, folder / "tc 60 ção.xlsx")
    shutil.copy(sample_xlsx, folder / "exemplo.xlsx")
    (folder / "quebrada.xlsx").write_bytes(b"PK\x03\x04 nada")
    runs = {m: _run_with(m, ["check", "--jobs", "2", "--format", "json", folder]) for m in ("fork", "spawn")}
    for method, done in runs.items():
        assert done.returncode == 2, (method, done.stderr.decode())
        assert b"Traceback" not in done.stderr
    fork, spawn = (json.loads(runs[m].stdout) for m in ("fork", "spawn"))
    assert spawn == fork
    assert sorted(os.path.basename(f["file"]) for f in spawn["files"]) == ["exemplo.xlsx", "quebrada.xlsx",
                                                                           "tc 60 ção.xlsx"]


def test_summaries_under_spawn_give_the_tables_of_fork(tmp_path, sample_xlsx):
    folder = tmp_path / "recebidos ção"
    folder.mkdir()
    shutil.copy(TC60, folder / "tc 60.xlsx")
    shutil.copy(sample_xlsx, folder / "exemplo.xlsx")
    docs = {}
    for method in ("fork", "spawn"):
        out = tmp_path / method
        done = _run_with(method, ["summarize", "--jobs", "2", "--semester", "Ano I/2º Sem", folder,
                                  "-o", out / "resumo.xlsx", "--json", out / "resumo.json"])
        assert done.returncode in (0, 1), (method, done.stderr.decode())
        assert (out / "resumo.xlsx").exists()
        docs[method] = json.loads((out / "resumo.json").read_text(encoding="utf-8"))
    assert docs["spawn"] == docs["fork"] and len(docs["spawn"]["entregas"]) == 2
