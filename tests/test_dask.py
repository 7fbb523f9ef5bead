"""Checks and summaries on a Dask cluster (`--scheduler`): same reports, order and exit codes
as local processes, with workers that do not share the client's files."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

from conftest import SAMPLES
from test_bad_input import BAD
from test_cli import tcxl_cmd

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def folder(tmp_path_factory, sample_xlsx):
    """Two projects, hostile files, and a FIFO (answered by the client: never sent)."""
    top = tmp_path_factory.mktemp("lote")
    shutil.copy(sample_xlsx, top / "a_exemplo.xlsx")
    shutil.copy(SAMPLES / "tc60_2017.xlsx", top / "b_tc60.xlsx")
    for name in ("bomba_xml.xlsx", "numero_enorme.xlsx", "celula_em_instrucao.xlsx", "zip_truncado.xlsx"):
        shutil.copy(BAD / name, top / name)
    os.mkfifo(top / "fila.xlsx")
    return top


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=300)


def test_check_on_a_cluster_equals_local_processes(cluster, folder):
    fifo = folder / "fila.xlsx"  # named on the command line (a folder walk takes regular files only)
    local = run("check", folder, fifo, "--format", "json", "--jobs", "2")
    remote = run("check", folder, fifo, "--format", "json", "--scheduler", cluster)
    assert remote.returncode == local.returncode == 2, remote.stderr
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    files = [f["file"] for f in json.loads(remote.stdout)["files"]]
    assert len(files) == 7 and files[-1] == str(fifo)  # the order given, every file reported
    assert [f["code"] for f in json.loads(remote.stdout)["files"][-1]["findings"]] == ["TCX001"]
    shared = run("check", folder, fifo, "--format", "json", "--scheduler", cluster, "--shared-fs")
    assert json.loads(shared.stdout) == json.loads(local.stdout)  # same machine: paths are shared


def test_summarize_on_a_cluster_equals_local_processes(cluster, folder, tmp_path):
    outputs = {}
    for mode, extra in (("local", ["--jobs", "2"]), ("remote", ["--scheduler", cluster])):
        out = tmp_path / f"{mode}.xlsx"
        proc = run("summarize", folder, "--semester", "Ano I/1º Sem", "-o", out, "--csv", tmp_path / mode, *extra)
        assert proc.returncode == 2, proc.stderr  # unreadable files are reported; the others summarized
        outputs[mode] = (proc, out)
    (local, local_out), (remote, remote_out) = outputs["local"], outputs["remote"]
    assert sorted(remote.stderr.splitlines()) == sorted(local.stderr.splitlines())
    for name in ("projetos", "avanco_fisico", "financeiro_blocos", "financeiro_contas"):
        a = pd.read_csv(tmp_path / "local" / f"{name}.csv")
        b = pd.read_csv(tmp_path / "remote" / f"{name}.csv")
        pd.testing.assert_frame_equal(a, b)
    sheets_a = pd.read_excel(local_out, sheet_name=None, header=1)
    sheets_b = pd.read_excel(remote_out, sheet_name=None, header=1)
    assert list(sheets_a) == list(sheets_b)
    for name in sheets_a:
        pd.testing.assert_frame_equal(sheets_a[name], sheets_b[name])


def test_an_unreachable_scheduler_is_one_line(folder):
    proc = run("check", folder, "--scheduler", "tcp://127.0.0.1:9")
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("erro: tcp://127.0.0.1:9: não foi possível conectar ao agendador do Dask")
