"""Bad input, hostile files and nothing lost (SPEC §6): the corpus in tests/data/bad/,
fuzzing, and atomic writes for every command that writes."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

import tcxl
from analyst import row_of
from conftest import SAMPLES, require_libreoffice
from tcxl.cli import main
from tcxl.sniff import UnreadableFile
from tcxl.read import read_workbook
from test_cli import tcxl_cmd

BAD = Path(__file__).resolve().parent / "data" / "bad"
# file -> (its main code, exit code of `tcxl check FILE`, every code reported for it);
# exit 2 = could not be read (SPEC §5). tests/data/make_bad.py generates them all.
CORPUS = {
    "vazio.xlsx": ("TCX001", 2, {"TCX001"}),
    "antiga.xls": ("TCX002", 2, {"TCX002"}),
    "csv_renomeado.xlsx": ("TCX003", 2, {"TCX003"}),
    "html_renomeado.xlsx": ("TCX003", 2, {"TCX003"}),
    "zip_truncado.xlsx": ("TCX001", 2, {"TCX001"}),
    "zip_sem_workbook.xlsx": ("TCX001", 2, {"TCX001"}),
    "protegida_por_senha.xlsx": ("TCX004", 2, {"TCX004"}),
    "bomba_xml.xlsx": ("TCX009", 2, {"TCX009"}),
    "bomba_zip.xlsx": ("TCX006", 2, {"TCX006"}),
    "texto_1mb.xlsx": ("TCX012", 1, {"TCX012"}),
    "vinculo_externo.xlsx": ("TCX011", 1, {"TCX011", "TCX403", "TCX404"}),  # the link's value is not there
    "data_no_dinheiro.xlsx": ("TCX502", 1, {"TCX502"}),
    "intervalo_gigante.xlsx": ("TCX010", 0, {"TCX010"}),
    "macro.xlsx": ("TCX013", 1, {"TCX013"}),
    # one file per class of "one bad file never stops a batch …"; a crash used to stop the batch:
    "numero_enorme.xlsx": ("TCX502", 1, {"TCX502", "TCX403"}),  # 1e30 in money
    "ano_9999.xlsx": ("TCX606", 1, {"TCX606"}),
    "formula_compartilhada_ilegivel.xlsx": ("TCX001", 2, {"TCX001"}),
    "zip_senha_legada.xlsx": ("TCX004", 2, {"TCX004"}),
    # tiny files, unbounded cost:
    "celulas_vazias_8m.xlsx": (None, 0, set()),  # 8,000,000 empty <c/>: read as the nothing they hold
    "textos_vazios_20m.xlsx": ("TCX006", 2, {"TCX006"}),
    "formatos_8m.xlsx": ("TCX006", 2, {"TCX006"}),
    "abas_600.xlsx": ("TCX001", 2, {"TCX001"}),  # 600 sheets on one part
    "soma_40_intervalos.xlsx": ("TCX203", 1, {"TCX203"}),
    "codigo_longo.xlsx": ("TCX105", 1, {"TCX105", "TCX401", "TCX403"}),  # A1.1 is no longer a code
    # a tampered file passing as clean:
    "celula_em_instrucao.xlsx": ("TCX301", 1, {"TCX301", "TCX302", "TCX403", "TCX404"}),
    "celula_em_namespace.xlsx": ("TCX301", 1, {"TCX301", "TCX302", "TCX403", "TCX404"}),
    "dtd_apos_enchimento.xlsx": ("TCX009", 2, {"TCX009"}),
    "referencia_linha_zero.xlsx": ("TCX001", 2, {"TCX001"}),
    "texto_indice_negativo.xlsx": ("TCX001", 2, {"TCX001"}),
    "linha_duplicada.xlsx": ("TCX001", 2, {"TCX001"}),
    "entrada_zip_duplicada.xlsx": ("TCX001", 2, {"TCX001"}),
    "formula_sem_parentese.xlsx": ("TCX203", 1, {"TCX203"}),
}
MAX_SECONDS, MAX_RSS_MB = 5, 300


def test_corpus_is_complete():
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CORPUS)


# runs a command as its only child and reports the child's peak RSS (ru_maxrss, KB) last
_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); p = subprocess.run(sys.argv[1:]); "
            "sys.stderr.write('\\n@@ %d %f' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
            "time.perf_counter() - t)); sys.exit(p.returncode)")


def _run_measured(args: list[str]) -> tuple[int, str, str, float, float]:
    """(exit code, stdout, stderr, seconds, peak RSS in MB) of ``args`` run in a fresh process."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, timeout=120)
    err, _, tail = proc.stderr.rpartition("\n@@ ")
    rss_kb, seconds = tail.split()
    return proc.returncode, proc.stdout, err, float(seconds), int(rss_kb) / 1024


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_beside_a_clean_one(name, sample_xlsx):
    """`tcxl check BAD CLEAN` in a fresh process: the bad file's exit code and exactly its codes
    (one line when it cannot be read), the clean file still fully checked, under 5 s and
    300 MB (peak RSS of the process)."""
    code, exit_code, codes = CORPUS[name]
    status, out, err, seconds, rss = _run_measured(
        [*tcxl_cmd(), "check", str(BAD / name), str(sample_xlsx), "--format", "json"])
    assert status == exit_code, out + err
    assert "Traceback" not in err and "inesperado" not in err
    import json

    files = {Path(f["file"]).name: f for f in json.loads(out)["files"]}
    assert files[sample_xlsx.name]["ok"] is True and files[sample_xlsx.name]["findings"] == []
    found = files[name]["findings"]
    assert {f["code"] for f in found} == codes, found
    if exit_code == 2:
        (only,) = found  # one line naming the reason
        assert only["code"] == code and len(only["message"]) < 400
    assert all(len(f["message"]) <= 600 for f in found)
    assert seconds < MAX_SECONDS, seconds
    assert rss < MAX_RSS_MB, rss


@pytest.mark.parametrize("name", sorted(n for n, (code, _, _) in CORPUS.items() if code))
def test_each_bad_file_api(name):
    code, exit_code, _ = CORPUS[name]
    report = tcxl.check(BAD / name)
    assert code in {f.code for f in report.findings}
    assert report.readable == (exit_code != 2)
    if exit_code == 2:
        with pytest.raises(UnreadableFile) as info:
            read_workbook(BAD / name)
        assert info.value.code == code and name in str(info.value)
    elif code.startswith("TCX0") or code.startswith("TCX1"):
        assert code in {f.code for f in read_workbook(BAD / name).findings}


def test_each_bad_file_text_line(sample_xlsx):
    """The text report: every line names its file; an unreadable file is one line (and its
    status line, ``PATH: ilegível (CODE)``)."""
    names = sorted(CORPUS)
    proc = subprocess.run([*tcxl_cmd(), "check", *(str(BAD / n) for n in names)], capture_output=True,
                          text=True, timeout=300)
    lines = proc.stdout.strip().splitlines()
    for name in names:
        *mine, status = [line for line in lines if line.startswith(str(BAD / name) + ":")]
        assert status.startswith(f"{BAD / name}: " + ("ilegível (" if CORPUS[name][1] == 2 else "")), status
        assert len(mine) == len(CORPUS[name][2]) or CORPUS[name][1] != 2, (name, mine)
        assert all(f" {c} " in " ".join(mine) for c in CORPUS[name][2]), name


def test_bad_files_and_a_good_one_in_one_batch(sample_xlsx, tmp_path):
    good = tmp_path / "boa.xlsx"
    shutil.copy(sample_xlsx, good)
    proc = subprocess.run([*tcxl_cmd(), "check", str(BAD), str(good), "--jobs", "2"], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    reported = {Path(line.split(":")[0]).name for line in proc.stdout.splitlines() if not line.endswith(": ok")}
    assert reported == {n for n, (_, _, codes) in CORPUS.items() if codes}  # every bad file, nothing on the good one
    assert f"{len(CORPUS) + 1} arquivo(s)" in proc.stderr


def test_xml_bomb_does_not_expand():
    """The entity bomb is refused before any entity is expanded (and the parser could not
    expand it anyway: resolve_entities=False); openpyxl, used by fill, goes through defusedxml."""
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = tcxl.check(BAD / "bomba_xml.xlsx")
    assert [f.code for f in report.findings] == ["TCX009"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB

    import defusedxml
    import openpyxl
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True
    with pytest.raises(ValueError) as info:
        openpyxl.load_workbook(BAD / "bomba_xml.xlsx")
    assert isinstance(info.value.__cause__, defusedxml.DefusedXmlException)


def test_max_size_is_configurable():
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(BAD / "bomba_zip.xlsx")]).exit_code == 2
    result = runner.invoke(main, ["check", str(BAD / "bomba_zip.xlsx"), "--max-size", "300MB"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["check", str(BAD / "bomba_zip.xlsx"), "--max-size", "muito"])
    assert result.exit_code == 2 and "tamanho inválido" in result.stderr
    assert tcxl.check(BAD / "csv_renomeado.xlsx", max_size=10).findings[0].code == "TCX003"


def test_generator_reproduces_the_corpus(tmp_path):
    require_libreoffice()
    pytest.importorskip("msoffcrypto")
    subprocess.run([sys.executable, str(BAD.parent / "make_bad.py"), str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(CORPUS)
    for name in CORPUS:
        if name not in ("protegida_por_senha.xlsx", "antiga.xls"):  # random salt; LibreOffice metadata
            assert (tmp_path / name).read_bytes() == (BAD / name).read_bytes(), name
        assert {f.code for f in tcxl.check(tmp_path / name).findings} == CORPUS[name][2], name


# -- fuzzing: damaged bytes and XML only ever give findings or tcxl's own error ------------

def _fuzz_base(sample_xlsx) -> bytes:
    return Path(sample_xlsx).read_bytes()


@settings(max_examples=int(os.environ.get("TCXL_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_bytes(tmp_path_factory, sample_xlsx, data):
    raw = bytearray(_fuzz_base(sample_xlsx))
    for _ in range(data.draw(st.integers(1, 20))):
        pos = data.draw(st.integers(0, len(raw) - 1))
        raw[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw)))]
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    path.write_bytes(bytes(raw))
    _only_findings(path)


XML_EDITS = [
    lambda s, i: s[:i] + s[i + 1:],                       # drop a character
    lambda s, i: s[:i] + "<" + s[i:],                     # stray tag opener
    lambda s, i: s[:i] + "</c>" + s[i:],                  # unbalanced close
    lambda s, i: s[:i] + '<c r="ZZZ99999999"><v>x</v></c>' + s[i:],
    lambda s, i: s[:i] + '<c r="B2" t="s"><v>999999</v></c>' + s[i:],   # shared string out of range
    lambda s, i: s[:i] + '<c r="C3" t="n"><v>abc</v></c>' + s[i:],      # not a number
    lambda s, i: s[:i] + '<c r="D4"><f t="shared" si="77"/><v>1</v></c>' + s[i:],
    lambda s, i: s.replace('t="s"', 't="b"', 1),
    lambda s, i: s.replace("<f>", "<f>SUM(", 1),
]


@settings(max_examples=int(os.environ.get("TCXL_FUZZ_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_fuzz_xml(tmp_path_factory, sample_xlsx, data):
    src = _fuzz_base(sample_xlsx)
    part = data.draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet4.xml",
                                      "xl/worksheets/sheet5.xml", "xl/workbook.xml", "xl/styles.xml",
                                      "xl/_rels/workbook.xml.rels", "[Content_Types].xml"]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            text = zin.read(item.filename)
            if item.filename == part:
                s = text.decode()
                for _ in range(data.draw(st.integers(1, 3))):
                    edit = data.draw(st.sampled_from(XML_EDITS))
                    s = edit(s, data.draw(st.integers(0, max(len(s) - 1, 0))))
                text = s.encode()
            zout.writestr(item, text)
    path = tmp_path_factory.mktemp("fuzzxml") / "f.xlsx"
    path.write_bytes(out.getvalue())
    _only_findings(path)


def _only_findings(path: Path) -> None:
    try:
        read_workbook(path)
    except tcxl.TcxlError:
        pass
    report = tcxl.check(path)
    assert all(re.fullmatch(r"TCX\d{3}", f.code) for f in report.findings)


# -- every command that writes: atomic, nothing lost on failure ---------------------------

@pytest.fixture
def failing_rename(monkeypatch):
    def fail(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", fail)


def _commands(tmp_path: Path, sample: Path) -> dict[str, tuple[list[str], Path]]:
    values = SAMPLES / "valores_executados.json"
    return {
        "build-template": (["build-template", str(SAMPLES / "projeto_exemplo.yaml"), "-o"], tmp_path / "b.xlsx"),
        "fill": (["fill", str(sample), "--data", str(values), "-o"], tmp_path / "f.xlsx"),
        "export-json": (["export", str(sample), "--to", "json", "-o"], tmp_path / "e.json"),
        "export-xlsx": (["export", str(sample), "--to", "xlsx", "-o"], tmp_path / "e.xlsx"),
        "export-csv": (["export", str(sample), "--to", "csv", "-o"], tmp_path / "csv" / "financial.csv"),
        "summarize": (["summarize", str(SAMPLES / "tc60_2017.xlsx"), "--semester", "2017-1", "-o"],
                      tmp_path / "s.xlsx"),
    }


@pytest.mark.parametrize("command", ["build-template", "fill", "export-json", "export-xlsx", "export-csv",
                                     "summarize"])
def test_every_writer_is_atomic(tmp_path, sample_xlsx, failing_rename, command):
    src = tmp_path / "entrada.xlsx"
    shutil.copy(sample_xlsx, src)
    original = src.read_bytes()
    args, target = _commands(tmp_path, src)[command]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"arquivo anterior")
    out_arg = target.parent if command == "export-csv" else target
    result = CliRunner().invoke(main, [*args, str(out_arg)])
    assert result.exit_code == 2, result.output
    assert "nada foi alterado" in result.stderr and "Traceback" not in result.output
    assert target.read_bytes() == b"arquivo anterior"
    assert src.read_bytes() == original
    leftovers = [p.name for p in target.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_recalc_is_atomic(tmp_path, sample_xlsx, failing_rename):
    require_libreoffice()
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"anterior")
    result = CliRunner().invoke(main, ["recalc", str(sample_xlsx), "-o", str(target)])
    assert result.exit_code == 2 and target.read_bytes() == b"anterior"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def _crafted(sample_xlsx: Path, path: Path, change) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(sample_xlsx)
    change(book)
    book.save(path)
    return path


def _set_period(book, start, end) -> None:
    ws = book["Identificação"]
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "2.3. Período de execução")
    ws.cell(row, 2).value, ws.cell(row, 3).value = start, end


def test_huge_numbers_are_a_finding_not_a_crash(sample_xlsx, tmp_path):
    """1e30 as a number and as pt-BR text (Decimal could not round them to the cent): one
    TCX502 each, and the clean file beside them is still checked (real subprocess)."""
    def change(book):
        ws = book["Cronograma de Desembolso"]
        ws[f"C{row}"], ws[f"C{row + 1}"] = 1e30, "1.000.000.000.000.000.000.000.000.000,00"
    row = row_of(openpyxl.load_workbook(sample_xlsx)["Cronograma de Desembolso"], "A1.1")
    bad = _crafted(sample_xlsx, tmp_path / "enorme.xlsx", change)
    proc = subprocess.run([*tcxl_cmd(), "check", str(bad), str(sample_xlsx), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "inesperado" not in proc.stderr, proc.stderr
    import json

    files = {Path(f["file"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert files[sample_xlsx.name]["ok"] is True
    huge = [(f["code"], f["cell"]) for f in files["enorme.xlsx"]["findings"] if f["code"] == "TCX502"]
    assert huge == [("TCX502", f"C{row}"), ("TCX502", f"C{row + 1}")]
    assert all("grande demais" in f["message"] for f in files["enorme.xlsx"]["findings"] if f["code"] == "TCX502")


def test_a_start_in_year_9999_is_not_a_crash(sample_xlsx, tmp_path):
    import datetime as dt

    bad = _crafted(sample_xlsx, tmp_path / "ano9999.xlsx",
                   lambda book: _set_period(book, dt.datetime(9999, 1, 1), dt.datetime(9999, 12, 31)))
    for args in (["check", str(bad), str(sample_xlsx)],
                 ["summarize", str(bad), str(sample_xlsx), "--semester", "Ano III/1º Sem", "-o",
                  str(tmp_path / "resumo.xlsx")]):
        proc = subprocess.run([*tcxl_cmd(), *args], capture_output=True, text=True, timeout=120)
        assert "inesperado" not in proc.stderr and proc.returncode in (0, 1), (args[0], proc.stderr)


def test_a_shared_formula_that_cannot_be_translated_is_unreadable_not_a_crash(sample_xlsx, tmp_path):
    """A shared formula whose master holds an unterminated string: openpyxl's Translator
    raises its own TokenizerError; the file is TCX001 and the batch goes on."""
    bad = tmp_path / "compartilhada.xlsx"
    with zipfile.ZipFile(sample_xlsx) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet5.xml":
                text = data.decode()
                cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>', text)[:2]
                text = re.sub(rf'(<c r="{cells[0]}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" ref="A1:Z99" si="0">'
                              r'"aberta</f>', text, count=1)
                text = re.sub(rf'(<c r="{cells[1]}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" si="0"/>', text, count=1)
                data = text.encode()
            dst.writestr(item, data)
    proc = subprocess.run([*tcxl_cmd(), "check", str(bad), str(sample_xlsx)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "inesperado" not in proc.stderr, proc.stderr
    assert "TCX001" in proc.stdout and "2 arquivo(s)" in proc.stderr


def test_zip_entries_with_a_legacy_password_are_tcx004(sample_xlsx, tmp_path):
    """The zip 'encrypted' flag on every entry (a legacy zip password): zipfile raised a
    RuntimeError that stopped the batch; now TCX004 for that file, the other checked."""
    data = bytearray(sample_xlsx.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers' flags
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 0x1
    bad = tmp_path / "zip_com_senha.xlsx"
    bad.write_bytes(bytes(data))
    proc = subprocess.run([*tcxl_cmd(), "check", str(bad), str(sample_xlsx)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2 and "inesperado" not in proc.stderr, proc.stderr
    line, status, clean = proc.stdout.splitlines()
    assert "TCX004" in line and "zip_com_senha.xlsx" in line and "2 arquivo(s)" in proc.stderr
    assert (status, clean) == (f"{bad}: ilegível (TCX004)", f"{sample_xlsx}: ok")


def test_a_fifo_is_refused_before_opening(sample_xlsx, tmp_path):
    """A FIFO named on the command line blocked the batch forever."""
    fifo = tmp_path / "fila.xlsx"
    os.mkfifo(fifo)
    proc = subprocess.run([*tcxl_cmd(), "check", str(fifo), str(sample_xlsx)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "TCX001" in proc.stdout and "FIFO" in proc.stdout and "2 arquivo(s)" in proc.stderr


@pytest.mark.parametrize("command", ["build-template", "summarize", "fill", "export"])
def test_a_write_that_fails_is_one_line(sample_xlsx, tmp_path, command):
    """Out of space (here a file-size limit, errno EFBIG): one pt-BR line naming the path
    and the reason, exit 2, no traceback, nothing left behind."""
    import resource

    out = tmp_path / "saida" / ("resumo.xlsx" if command != "export" else "tabelas.xlsx")
    args = {"build-template": ["build-template", str(SAMPLES / "projeto_exemplo.yaml"), "-o", str(out)],
            "summarize": ["summarize", str(sample_xlsx), "--semester", "2025-1", "-o", str(out)],
            "fill": ["fill", str(sample_xlsx), "--data", str(SAMPLES / "valores_executados.json"), "-o", str(out)],
            "export": ["export", str(sample_xlsx), "-o", str(out), "--to", "xlsx"]}[command]
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # noqa: E731
    proc = subprocess.run([*tcxl_cmd(), *args], capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith(f"erro: {out}: não foi possível gravar") and "nada foi alterado" in line, line
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("command", ["summarize", "export", "fill"])
def test_an_output_that_is_an_input_is_refused(sample_xlsx, tmp_path, command):
    """`summarize DIR -o DIR/a.xlsx`, `export p.xlsx -o p.xlsx` and `fill` through a symlink
    to its own input overwrote the input with exit 0 (fill refused only the same name)."""
    folder = tmp_path / "recebidos"
    folder.mkdir()
    a = folder / "a.xlsx"
    shutil.copy(sample_xlsx, a)
    before = a.read_bytes()
    link = tmp_path / "atalho.xlsx"
    link.symlink_to(a)
    args = {"summarize": ["summarize", str(folder), "--semester", "2025-1", "-o", str(a)],
            "export": ["export", str(a), "-o", str(a), "--to", "xlsx"],
            "fill": ["fill", str(a), "--data", str(SAMPLES / "valores_executados.json"), "-o", str(link)]}[command]
    proc = subprocess.run([*tcxl_cmd(), *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "a saída é um dos arquivos de entrada" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert a.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["a.xlsx"]


def test_written_files_follow_the_umask_and_keep_their_mode(sample_xlsx, tmp_path):
    """mkstemp's 0600 made every file tcxl wrote unreadable to colleagues; --in-place
    turned 0644 into 0600."""
    out = tmp_path / "novo.xlsx"
    proc = subprocess.run(f"umask 022 && {' '.join(tcxl_cmd())} build-template -o {out}", shell=True,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_mode & 0o777 == 0o644
    proc = subprocess.run(f"umask 077 && {' '.join(tcxl_cmd())} build-template -o {tmp_path / 'privado.xlsx'}",
                          shell=True, capture_output=True, text=True, timeout=120)
    assert (tmp_path / "privado.xlsx").stat().st_mode & 0o777 == 0o600
    mine = tmp_path / "meu.xlsx"
    shutil.copy(sample_xlsx, mine)
    mine.chmod(0o640)
    proc = subprocess.run([*tcxl_cmd(), "fill", str(mine), "--data", str(SAMPLES / "valores_executados.json"),
                           "--in-place"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert mine.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize("command", ["fill", "summarize", "export"])
def test_a_killed_write_keeps_the_previous_output(sample_xlsx, tmp_path, command, sig):
    """`fill`, `summarize` and `export` killed while their output is being written: the
    previous output is byte-identical; what SIGKILL leaves (a hidden temporary file, not
    named .xlsx) is not picked up by the next `tcxl check DIR`, and SIGTERM leaves nothing."""
    import signal

    folder = tmp_path / "recebidos"
    folder.mkdir()
    shutil.copy(sample_xlsx, folder / "a.xlsx")
    out = folder / "b.xlsx"
    previous = sample_xlsx.read_bytes()  # a valid workbook the kill must not damage
    args = {"fill": ["fill", str(folder / "a.xlsx"), "--data", str(SAMPLES / "valores_executados.json")],
            "summarize": ["summarize", str(folder / "a.xlsx"), "--semester", "2025-1"],
            "export": ["export", str(folder / "a.xlsx"), "--to", "xlsx"]}[command]
    caught = False
    for _ in range(20):  # kill as soon as the temporary file appears (mid-write)
        out.write_bytes(previous)
        proc = subprocess.Popen([*tcxl_cmd(), *args, "-o", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            if any(name.startswith(".b.xlsx-") for name in os.listdir(folder)):
                proc.send_signal(getattr(signal, sig))
                caught = True
                break
        proc.wait()
        if caught:
            break
    assert caught, "the write was never caught in the act"
    assert out.read_bytes() == previous
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == ["a.xlsx", "b.xlsx"]
    leftovers = [p.name for p in folder.iterdir() if p.name.startswith(".")]
    assert all(not name.endswith(".xlsx") for name in leftovers)
    if sig == "SIGTERM":
        assert leftovers == []
    check = subprocess.run([*tcxl_cmd(), "check", str(folder)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "2 arquivo(s)" in check.stderr


@pytest.mark.parametrize("edit", ["row 0", "string -1", "row twice"])
def test_cells_excel_calls_corrupt_are_refused(sample_xlsx, tmp_path, edit):
    """r="B0", a shared-string index of -1 (Python indexes from the end) and a row given
    twice were read silently; they are TCX001, on both reader paths."""
    def change(xml: str) -> str:
        if edit == "row 0":
            return re.sub(r'<c r="B(\d+)"', '<c r="B0"', xml, count=1)
        if edit == "string -1":
            return re.sub(r'(<c r="A\d+"[^>]*t="s"[^>]*>)<v>\d+</v>', r"\1<v>-1</v>", xml, count=1)
        row = re.search(r'<row r="10".*?</row>', xml, re.S)
        return xml[:row.end()] + row.group(0) + xml[row.end():]
    bad = tmp_path / "corrompida.xlsx"
    with zipfile.ZipFile(sample_xlsx) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet5.xml":
                data = change(data.decode()).encode()
            dst.writestr(item, data)
    for fast in (True, False):
        with pytest.raises(ValueError):
            from tcxl.xlsx import read_sheets

            read_sheets(bad, fast=fast)
    (finding,) = tcxl.check(bad).findings
    assert finding.code == "TCX001"


def test_a_long_code_cell_is_read_in_linear_time(sample_xlsx, tmp_path):
    """'A' + 30,000 spaces + 'x' in an activity-code cell took the code regex quadratic time
    (minutes for a few such cells); the same cell with 10x the spaces is now instant."""
    import time

    from tcxl.text import parse_code

    started = time.perf_counter()
    assert parse_code("A" + " " * 300_000 + "x") is None
    assert time.perf_counter() - started < 0.5
    row = row_of(openpyxl.load_workbook(sample_xlsx)["Cronograma de Desembolso"], "A1.1")
    bad = _crafted(sample_xlsx, tmp_path / "codigo_longo.xlsx",
                   lambda book: book["Cronograma de Desembolso"].__setitem__(f"A{row}", "A" + " " * 30_000 + "x"))
    proc = subprocess.run([*tcxl_cmd(), "check", str(bad)], capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1 and "inesperado" not in proc.stderr


def test_a_yaml_alias_chain_is_refused_in_one_line(tmp_path):
    """'Billion laughs' in a spec: aliases are refused before anything expands, and the
    message never prints an expanded value."""
    spec = tmp_path / "risos.yaml"
    lines = ['a: &a ["rá","rá","rá","rá","rá","rá","rá","rá","rá"]']
    for name, prev in zip("bcdefghi", "abcdefgh"):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    lines.append("title: *i")
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.run([*tcxl_cmd(), "build-template", str(spec), "-o", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "apelidos YAML" in line and len(line) < 300 and not (tmp_path / "x.xlsx").exists()


def test_a_formula_with_huge_ranges_is_one_short_finding(sample_xlsx, tmp_path):
    """`=SUM(A1:CV1000,…)` 40 times over a sheet that really reaches CV1000: one finding of a
    few hundred characters (it was a 29 MB line listing every cell), found quickly."""
    import time

    def change(book):
        ws = book["Execução Financeira"]
        ws["CV1000"] = 1
        ws[f"B{next(c.row for r in ws.iter_rows() for c in r if c.value == '1.3 Serviços de Terceiros')}"] = \
            "=SUM(" + ",".join(["A1:CV1000"] * 40) + ")"
    bad = _crafted(sample_xlsx, tmp_path / "intervalos.xlsx", change)
    started = time.perf_counter()
    report = tcxl.check(bad)
    assert time.perf_counter() - started < 10
    (f,) = [f for f in report.findings if f.code.startswith("TCX2")]
    assert f.code == "TCX203" and f.cell.startswith("B") and len(f.found) <= 300
    assert all(len(x.line(str(bad))) < 1200 for x in report.findings)
    # a formula's ranges together read at most MAX_RANGE_CELLS cells, whatever the sheet holds
    from tcxl.formula.meaning import _AnyCell, final, meaning, parse

    assert final(meaning(parse("=SUM(" + ",".join(["A1:CV1000"] * 40) + ")"), _AnyCell())).reason == \
        "lê células demais (intervalos grandes demais)"


def test_a_csv_export_that_fails_midway_changes_nothing(sample_xlsx, tmp_path):
    """A write limit that the small tables pass and a big one does not: the folder keeps
    its previous files, all of them, unchanged (it held new and old ones mixed)."""
    import resource

    folder = tmp_path / "tabelas"
    folder.mkdir()
    for name in ("info", "financial", "disbursement", "schedule", "matrix"):
        (folder / f"{name}.csv").write_text("antigo\n", encoding="utf-8")
    (folder / "minhas_notas.txt").write_text("não é do tcxl\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (5000, 5000))  # noqa: E731  (info.csv passes)
    proc = subprocess.run([*tcxl_cmd(), "export", str(sample_xlsx), "-o", str(folder), "--to", "csv"],
                          capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "não foi possível gravar" in proc.stderr and "nada foi alterado" in proc.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    proc = subprocess.run([*tcxl_cmd(), "export", str(sample_xlsx), "-o", str(folder), "--to", "csv"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and (folder / "minhas_notas.txt").exists()
    assert all((folder / f"{n}.csv").read_bytes() != b"antigo\n" for n in ("info", "financial", "matrix"))


def test_a_spec_with_too_many_activities_is_refused_quickly(tmp_path):
    """100,000 activities took past 3 GB to build; refused in one line before validating."""
    import json
    import time

    spec = tmp_path / "enorme.json"
    spec.write_text(json.dumps({"results": [{"description": "R", "activities": [{} for _ in range(100_000)]}]}),
                    encoding="utf-8")
    started = time.perf_counter()
    proc = subprocess.run([*tcxl_cmd(), "build-template", str(spec), "-o", str(tmp_path / "x.xlsx")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and time.perf_counter() - started < 20
    (line,) = proc.stderr.strip().splitlines()
    assert "100.000 atividades" in line and "20.000" in line and not (tmp_path / "x.xlsx").exists()


def test_export_to_xlsx_writes_text_as_text_and_text_reports_stay_one_line(sample_xlsx, tmp_path):
    """A description '=HYPERLINK(…)' exported to xlsx stays text (not a live formula); a cell
    holding a newline cannot forge a second finding line in the text report."""
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Cronograma de Desembolso"]
    ws.cell(row_of(ws, "A1.1"), 2, '=HYPERLINK("http://x","clique")')
    info = book["Identificação"]
    info.cell(row_of(info, "CEP:"), 2, "abc\nforjado.xlsx:X!A1: error TCX999 falso\r")
    src = tmp_path / "injecao.xlsx"
    book.save(src)
    out = tmp_path / "tabelas.xlsx"
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(out), "--to", "xlsx"])
    assert result.exit_code == 0, result.output
    exported = openpyxl.load_workbook(out)["disbursement"]
    texts = [c for row in exported.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert texts and all(c.data_type == "s" for c in texts)  # a string cell, not a formula
    proc = subprocess.run([*tcxl_cmd(), "check", str(src)], capture_output=True, text=True, timeout=120)
    lines = proc.stdout.splitlines()
    assert not any(line.startswith("forjado.xlsx") for line in lines)
    (cep,) = [line for line in lines if "TCX999" in line]
    assert cep.startswith(f"{src}:Identificação!") and "abc\\nforjado.xlsx" in cep and cep.endswith(")")


def test_a_text_longer_than_a_cell_is_refused_not_cut(tmp_path):
    """A 100,000-character title: Excel holds 32,767 characters in a cell; the build is refused
    with one line and nothing written (it used to build and read back cut)."""
    spec = tmp_path / "longo.yaml"
    spec.write_text("title: " + "x" * 100_000 + "\n", encoding="utf-8")
    out = tmp_path / "longo.xlsx"
    result = CliRunner().invoke(main, ["build-template", str(spec), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    (line,) = result.stderr.strip().splitlines()
    assert "title" in line and "100.000 caracteres" in line and "32.767" in line
    assert len(line) < 300


def test_an_unreadable_subfolder_is_one_line_not_skipped(sample_xlsx, tmp_path):
    """A subfolder the user cannot list was skipped without a word: its workbooks silently
    unchecked. Now it is one TCX001 line. (root reads everything: the command runs without
    the capabilities that let it override file permissions.)"""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to drop the permission-override capabilities")
    plain = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    (tmp_path / "fechada").mkdir()
    shutil.copy(sample_xlsx, tmp_path / "a.xlsx")
    shutil.copy(sample_xlsx, tmp_path / "fechada" / "b.xlsx")
    (tmp_path / "fechada").chmod(0o000)
    try:
        proc = subprocess.run([*plain, *tcxl_cmd(), "check", str(tmp_path)], capture_output=True, text=True,
                              timeout=120)
    finally:
        (tmp_path / "fechada").chmod(0o755)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    line = next(line for line in lines if "TCX001" in line)
    assert sorted(lines) == sorted([line, f"{tmp_path / 'fechada'}: ilegível (TCX001)", f"{tmp_path / 'a.xlsx'}: ok"])
    assert line.startswith(f"{tmp_path / 'fechada'}:") and "TCX001" in line and "pasta ilegível" in line
    assert "2 arquivo(s)" in proc.stderr  # a.xlsx checked (clean), the folder reported


def test_an_unreadable_file_named_on_the_command_line_does_not_stop_the_batch(sample_xlsx, tmp_path):
    """click refused the whole command in English ('Path … is not readable'); now the file is
    one TCX001 line in pt-BR and the file beside it is checked."""
    setpriv = shutil.which("setpriv")
    if setpriv is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv to drop the permission-override capabilities")
    closed = tmp_path / "fechado.xlsx"
    shutil.copy(sample_xlsx, closed)
    closed.chmod(0o000)
    proc = subprocess.run([setpriv, "--bounding-set=-dac_override,-dac_read_search", *tcxl_cmd(), "check",
                           str(closed), str(sample_xlsx)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    line, status, clean = proc.stdout.strip().splitlines()
    assert (status, clean) == (f"{closed}: ilegível (TCX001)", f"{sample_xlsx}: ok")
    assert line.startswith(f"{closed}:") and "TCX001" in line and "sem permissão" in line
    assert "2 arquivo(s)" in proc.stderr and "Error" not in proc.stderr


def test_hostile_texts_are_read_in_linear_time(sample_xlsx, tmp_path):
    """Long adversarial texts where tcxl matches patterns (an element label of the matrix, an
    e-mail, a formula naming another workbook, a formula past Excel's length): each pattern
    used to backtrack quadratically (the e-mail alone took 3 s at 40,000 characters); the
    whole file is now checked in a moment, each text reported once."""
    import time

    from tcxl.cells import is_date_format
    from tcxl.read import EXTERNAL
    from tcxl.read.matrix import ELEMENT
    from tcxl.text import is_email

    started = time.perf_counter()  # each took minutes on these 200,000-character texts
    assert ELEMENT.match("atividade " + "1" * 100_000 + " " * 100_000 + "x") is None
    assert not is_email("a@" + ".b" * 100_000 + " x")
    assert EXTERNAL.search("=" + "[a]" * 70_000) is None and EXTERNAL.search("=" + "[" * 200_000) is None
    assert not is_date_format('"' + "[" * 200_000)
    assert time.perf_counter() - started < 0.5

    book = openpyxl.load_workbook(sample_xlsx)
    mat = book["Matriz de Planejamento"]
    mat.cell(next(c.row for r in mat.iter_rows() for c in r if str(c.value).startswith("Atividade 1.1:")), 1,
             "Atividade " + "1" * 20_000 + " " * 20_000 + "x")
    info = book["Identificação"]
    info.cell(row_of(info, "E-mail:"), 2, "a@" + ".b" * 15_000 + " x")
    fin = book["Execução Financeira"]
    row = row_of(fin, "1.3 Serviços de Terceiros")
    fin.cell(row, 2, "=[" * 4_000 + "]x!A1")  # 'another workbook' pattern, 8,005 characters
    fin.cell(row, 5, "=SUM(" + "+".join(["B7"] * 3_000) + ")")  # 9,000 characters
    bad = tmp_path / "textos_hostis.xlsx"
    book.save(bad)
    started = time.perf_counter()
    report = tcxl.check(bad)
    assert time.perf_counter() - started < 5
    by_cell = {(f.sheet, f.cell): f for f in report.findings}
    assert any(f.code == "TCX601" or "e-mail" in f.message for f in report.findings)
    long_formula = [f for f in report.findings if "acima do limite do Excel (8.192)" in f.message]
    assert [(f.code, f.cell) for f in long_formula] == [("TCX203", f"E{row}")]
    assert all(len(f.message) <= 600 for f in by_cell.values())
