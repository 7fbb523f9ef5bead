"""`tcxl rebuild` and `tcxl spec` (issue 26): any readable workbook → the official one, values kept.

Real files only: the hand-made corpora of tests/data (modelo, habitos), the bundled TC-60 sample,
the blank template, built workbooks edited with openpyxl, files re-saved and typed by
LibreOffice."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import ROOT, SAMPLES, TEMPLATE, require_libreoffice

import tcxl
from tcxl.formula.functions import to_ptbr
from tcxl import libreoffice
from tcxl.cli import main
from tcxl.layout import METADATA_SHEET

DATA = ROOT / "tests" / "data"
CORPUS = sorted(p for folder in ("modelo", "habitos") for p in (DATA / folder).glob("*.xlsx") if "__" not in p.name)
FILES = {f"{p.parent.name}/{p.name}": p for p in CORPUS}
FILES["samples/tc60_2017.xlsx"] = SAMPLES / "tc60_2017.xlsx"
FILES["templates_xlsx/proadi_sus_modelo.xlsx"] = TEMPLATE
KEYS = {
    "financial": ["account", "year"],
    "disbursement": ["activity", "year"],
    "schedule": ["activity", "year", "semester"],
    "matrix": ["ref", "indicator", "year", "semester"],
}
HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def typed_in_libreoffice(tmp_path_factory) -> Path | None:
    """The blank template typed into by LibreOffice through UNO (tests/uno_typist.py): an
    inserted row, amounts typed without formulas, marks; None when UNO is not there."""
    if libreoffice.soffice() is None or not os.path.exists(SYSTEM_PYTHON):
        return None
    if subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode != 0:
        return None
    work = tmp_path_factory.mktemp("uno")
    src, out = work / "modelo.xlsx", work / "digitado.xlsx"
    shutil.copy(TEMPLATE, src)
    subprocess.run([SYSTEM_PYTHON, str(HERE / "uno_typist.py"), str(src), str(out), str(work / "r.json")],
                   check=True, timeout=300, capture_output=True)
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, typed_in_libreoffice) -> dict[str, Path]:
    """Every clean input: the corpora, the samples, and LibreOffice's re-saves of the model's
    hand-made files and of the built sample (and its typed file, when UNO runs)."""
    files = dict(FILES)
    built = tcxl.build_workbook(tcxl.Project.from_file(SAMPLES / "projeto_exemplo.yaml"),
                                tmp_path_factory.mktemp("built") / "projeto_exemplo.xlsx")
    files["built/projeto_exemplo.xlsx"] = built
    if libreoffice.soffice() is not None:
        originals = [FILES[f"modelo/{n}.xlsx"] for n in ("modelo_literal", "dois_resultados")] + [built]
        saved = libreoffice.convert_many(originals, tmp_path_factory.mktemp("resaved"))
        for original, path in zip(originals, saved):
            files[f"libreoffice/{original.name}"] = path
    if typed_in_libreoffice is not None:
        files["libreoffice/digitado.xlsx"] = typed_in_libreoffice
    return files


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory, inputs) -> dict[str, tuple[Path, Path, tcxl.rebuilding.RebuildResult]]:
    out_dir = tmp_path_factory.mktemp("rebuilt")
    done = {}
    for name, src in inputs.items():
        before = _digest(src)
        out = out_dir / name.replace("/", "__")
        result = tcxl.rebuild(src, out)
        assert _digest(src) == before, f"{name}: IN was written"
        done[name] = (src, out, result)
    return done


def _frames(wb) -> dict[str, pd.DataFrame]:
    """The input frames without project_id/file; each activity with its one description (the
    schedule's, else the disbursement's: a workbook has one per activity, written in both)."""
    out = {}
    for name, frame in wb.tables().items():
        frame = frame.drop(columns=["project_id", "file"])
        if name == "financial":
            frame = frame[frame.level == "input"]
        out[name] = frame
    described: dict[str, str] = {}
    for name in ("schedule", "disbursement"):
        for code, text in zip(out[name].activity, out[name].description):
            if isinstance(text, str) and text.strip():
                described.setdefault(code, text.strip())
    for name in ("schedule", "disbursement"):
        out[name] = out[name].assign(description=[described.get(c, "") for c in out[name].activity])
    return out


def _only_in(b: pd.DataFrame, a: pd.DataFrame, values: list[str]) -> pd.DataFrame:
    """``b`` without the blank rows of activities ``a`` does not list (an activity of one schedule
    gets its row, blank, in the other)."""
    extra = ~b.activity.isin(set(a.activity)) & b[values].isna().all(axis=1)
    return b[~extra]


def _no_ci(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame.activity != "CI"]


def _assert_same(a: pd.DataFrame, b: pd.DataFrame, keys: list[str], name: str) -> None:
    a = a.astype(object).where(a.notna(), None).reset_index(drop=True)
    b = b.astype(object).where(b.notna(), None).reset_index(drop=True)
    assert len(a) == len(b), f"{name}: {len(a)} rows in IN, {len(b)} in OUT"
    for column in a.columns:
        for i, (x, y) in enumerate(zip(a[column], b[column])):
            if isinstance(x, float) and isinstance(y, float):
                assert round(Decimal(str(x)), 2) == round(Decimal(str(y)), 2), (name, column, a.loc[i, keys].tolist())
            else:
                x = x.strip() if isinstance(x, str) else x
                y = y.strip() if isinstance(y, str) else y
                assert (x or None) == (y or None), (name, column, a.loc[i, keys].tolist(), x, y)


def _matrix_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicator rows that hold anything (a blank indicator row of IN is not carried)."""
    values = frame.drop(columns=["element", "ref", "year", "semester"])
    return frame[values.notna().any(axis=1) & (values.astype(str).apply(lambda c: c.str.strip()) != "").any(axis=1)]


@pytest.mark.parametrize("name", [*FILES, "built/projeto_exemplo.xlsx", "libreoffice/modelo_literal.xlsx",
                                  "libreoffice/dois_resultados.xlsx", "libreoffice/projeto_exemplo.xlsx",
                                  "libreoffice/digitado.xlsx"])
def test_rebuilt_workbook_reads_to_the_same_inputs(name, rebuilt):
    if name not in rebuilt:
        pytest.skip("LibreOffice/UNO not installed")
    src, out, result = rebuilt[name]
    assert result.written and result.errors == [], result.lines()
    a, b = tcxl.read_workbook(src), tcxl.read_workbook(out)
    assert b.template_version == tcxl.TEMPLATE_VERSION
    fa, fb = _frames(a), _frames(b)
    _assert_same(fa["financial"], fb["financial"], KEYS["financial"], "financial")
    model_form = "CI" not in set(fa["disbursement"].activity)
    dis_a, dis_b = fa["disbursement"], fb["disbursement"]
    if model_form:  # the model's typed line 3 (E) became the yearly CI block, from account 3
        ci = dis_b[dis_b.activity == "CI"].planned.fillna(0).sum()
        assert round(ci, 2) == round(float(a.value(("dis", "summary", 3, "planned")) or 0), 2)
        dis_b = _no_ci(dis_b)
    else:  # the CI description is the model's label in OUT
        dis_a, dis_b = dis_a.drop(columns="description"), dis_b.drop(columns="description")
    _assert_same(dis_a, _only_in(dis_b, dis_a, ["planned", "executed"]), KEYS["disbursement"], "disbursement")
    sch_b = fb["schedule"]
    sch_b = sch_b[sch_b.activity.isin(set(fa["schedule"].activity)) | sch_b.scheduled | sch_b.status.notna()]
    _assert_same(fa["schedule"], sch_b, KEYS["schedule"], "schedule")
    _assert_same(_matrix_rows(fa["matrix"]), _matrix_rows(fb["matrix"]), KEYS["matrix"], "matrix")
    info_a = {k: v for k, v in a.info.items() if v not in (None, "", [])}
    info_b = {k: v for k, v in b.info.items() if v not in (None, "", [])}
    assert info_a == info_b


@pytest.mark.parametrize("name", [*FILES, "built/projeto_exemplo.xlsx", "libreoffice/digitado.xlsx"])
def test_rebuilt_workbook_checks_clean_and_diff_sees_no_change(name, rebuilt):
    if name not in rebuilt:
        pytest.skip("LibreOffice/UNO not installed")
    src, out, _ = rebuilt[name]
    findings = [f.line() for f in tcxl.check(out).findings if f.code[:4] in ("TCX2", "TCX3")]
    assert findings == []
    # the CI block: in the model's form the indirect costs are one typed line 3 (E), which diff
    # compares with OUT's yearly block over the whole period
    changes = tcxl.diff(src, out)
    assert changes.empty, changes.message.tolist()


def test_diff_compares_the_models_line_3_with_the_yearly_block(rebuilt, tmp_path):
    """A line 3 (E) that disagrees with the yearly CI block is one change over the whole period."""
    src, out, _ = rebuilt["modelo/modelo_literal.xlsx"]
    wb = tcxl.read_workbook(src)
    sheet, row, col = wb.reading.where[("dis", "summary", 3, "planned")]
    book = openpyxl.load_workbook(src)
    book[sheet].cell(row + 1, col + 1).value = float(wb.value(("dis", "summary", 3, "planned"))) + 100
    book.save(tmp_path / "linha3.xlsx")
    changes = tcxl.diff(tmp_path / "linha3.xlsx", out)
    assert changes[["kind", "item", "field"]].values.tolist() == [["previsto_atividade", "CI", "planned"]]
    assert changes.new_amount.iloc[0] - changes.old_amount.iloc[0] == pytest.approx(-100)


def test_libreoffice_recalculates_the_rebuilt_workbooks_to_tcxls_totals(rebuilt, tmp_path):
    require_libreoffice()
    names = [n for n in rebuilt if not n.startswith("libreoffice/")]
    outs = [rebuilt[n][1] for n in names]
    for name, path in zip(names, libreoffice.convert_many(outs, tmp_path)):
        ours = tcxl.read_workbook(rebuilt[name][1])
        theirs = tcxl.read_workbook(path)
        fin = ours.financial
        totals = fin[fin.level == "total"].set_index("year")
        grids = {g.name: g for g in theirs.reading.grids}
        for year in range(1, ours.years + 1):
            for field in ("planned", "executed"):
                sheet, r, c = theirs.reading.where[("fin", "TOTAL", year, field)]
                stored = grids[sheet].cached_value(r, c)
                stored = grids[sheet].value(r, c) if stored is None else stored
                expected = totals[field].iloc[year - 1]
                assert round(Decimal(str(stored or 0)), 2) == round(Decimal(str(expected)), 2), (name, year, field)


# -- what is normalised is listed ----------------------------------------------------------------
def test_codes_typed_in_another_form_are_listed(rebuilt):
    _, _, result = rebuilt["modelo/modelo_literal.xlsx"]
    codes = [(n.sheet, n.old, n.new) for n in result.items if n.kind == "code"]
    assert ("Cronograma de Desembolso", "AM. 1", "AM.1") in codes
    assert any(n.kind == "indirect" and "R$ 906,00" in n.message for n in result.items)
    assert any(n.kind == "version" and n.new == tcxl.TEMPLATE_VERSION for n in result.items)


def test_inputs_computed_by_formulas_and_extra_sheets_are_listed(rebuilt):
    _, _, result = rebuilt["habitos/procv_memoria.xlsx"]
    kept = [n for n in result.items if n.kind == "input_formula"]
    assert kept and kept[0].old.startswith("=VLOOKUP(") and kept[0].new.startswith("R$ ")
    assert [n.sheet for n in result.items if n.kind == "sheet"] == ["Memória de Cálculo"]


def _cell(wb, book, key):
    sheet, r, c = wb.reading.where[key]
    return book[sheet].cell(r + 1, c + 1)


def test_wrong_formulas_are_replaced_and_listed(sample_xlsx, tmp_path):
    """A TOTAL GERAL typed as a constant and a SUM that leaves a row out: OUT has the layout's
    formulas (check clean) and each replaced formula is one line naming IN's cell."""
    wb = tcxl.read_workbook(sample_xlsx)
    book = openpyxl.load_workbook(sample_xlsx)
    total = _cell(wb, book, ("fin", "TOTAL", 1, "planned"))
    total.value = 12345
    partial = _cell(wb, book, ("fin", "1.3", 2, "planned"))
    right = partial.value
    partial.value = re.sub(r"SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", lambda m: f"SUM({m[1]}{m[2]}:{m[3]}{int(m[4]) - 1})",
                           right)
    assert partial.value != right
    src, out = tmp_path / "plantado.xlsx", tmp_path / "oficial.xlsx"
    book.save(src)
    planted = {f.code for f in tcxl.check(src).findings}
    assert {"TCX201", "TCX202"} <= planted
    result = tcxl.rebuild(src, out)
    assert result.written and not result.errors
    assert [f.line() for f in tcxl.check(out).findings if f.code[:4] in ("TCX2", "TCX3")] == []
    replaced = {(n.kind, n.sheet, n.cell): n for n in result.items if n.kind in ("formula", "constant")}
    sheet = "Execução Financeira"
    assert ("constant", sheet, total.coordinate) in replaced
    assert ("formula", sheet, partial.coordinate) in replaced
    line = replaced[("formula", sheet, partial.coordinate)].line(str(src))
    shown, fixed = to_ptbr(partial.value), to_ptbr(right)  # as a pt-BR spreadsheet shows them
    assert shown.startswith("=SOMA(") and fixed.startswith("=SOMA(")
    assert line.startswith(f"{src}: {sheet}!{partial.coordinate}: fórmula substituída: {shown} → {fixed}")
    typed_over = replaced[("constant", sheet, total.coordinate)].line(str(src))
    assert "valor fixo R$ 12.345,00 → =SOMA(" in typed_over, typed_over
    assert tcxl.diff(src, out).empty


def test_an_older_template_version_is_brought_to_the_current_one(sample_xlsx, tmp_path):
    book = openpyxl.load_workbook(sample_xlsx)
    meta = book[METADATA_SHEET]
    row = next(r for r in meta.iter_rows() if r[0].value == "template_version")
    row[1].value = "proadi-sus/2019.1"
    wb = tcxl.read_workbook(sample_xlsx)
    _cell(wb, book, ("dis", "A1.1", 1, "executed")).value = 170200.55  # typed values travel
    src, out = tmp_path / "antiga.xlsx", tmp_path / "atual.xlsx"
    book.save(src)
    assert tcxl.read_workbook(src).template_version == "proadi-sus/2019.1"
    result = tcxl.rebuild(src, out)
    assert [(n.old, n.new) for n in result.items if n.kind == "version"] == [("proadi-sus/2019.1",
                                                                             tcxl.TEMPLATE_VERSION)]
    rebuilt = tcxl.read_workbook(out)
    assert rebuilt.template_version == tcxl.TEMPLATE_VERSION
    dis = rebuilt.disbursement
    assert dis[(dis.activity == "A1.1") & (dis.year == "Ano I")].executed.tolist() == [170200.55]
    assert tcxl.diff(src, out).empty


def test_notes_columns_and_extra_sheets_are_dropped_and_listed(sample_xlsx, tmp_path):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Execução Financeira"]
    ws.cell(8, 30).value = "conferir com a contabilidade"
    ws.cell(9, 30).value = 12.5
    book.create_sheet("Notas").cell(1, 1).value = "reunião de 12/03"
    src, out = tmp_path / "notas.xlsx", tmp_path / "oficial.xlsx"
    book.save(src)
    result = tcxl.rebuild(src, out)
    dropped = {(n.kind, n.sheet, n.cell) for n in result.items}
    assert ("column", "Execução Financeira", "AD") in dropped
    assert ("sheet", "Notas", "") in dropped
    assert result.written


def test_a_value_that_cannot_be_placed_writes_nothing_unless_forced(tmp_path):
    """The model's typed line 3 (E) disagrees with account 3, which the yearly CI block is made
    of: an error; nothing written; --force writes and still lists it."""
    src = FILES["modelo/modelo_literal.xlsx"]
    wb = tcxl.read_workbook(src)
    book = openpyxl.load_workbook(src)
    _cell(wb, book, ("dis", "summary", 3, "planned")).value = 999.99
    bad, out = tmp_path / "linha3.xlsx", tmp_path / "oficial.xlsx"
    book.save(bad)
    result = tcxl.rebuild(bad, out)
    assert not result.written and not out.exists()
    assert [n.kind for n in result.errors] == ["unplaced"]
    assert "R$ 999,99" in result.errors[0].message
    forced = tcxl.rebuild(bad, out, force=True)
    assert forced.written and out.exists() and forced.errors


# -- the spec ------------------------------------------------------------------------------------
def test_project_from_workbook_is_the_spec_that_rebuilds_it(sample_project, sample_xlsx):
    assert tcxl.Project.from_workbook(tcxl.read_workbook(sample_xlsx)) == sample_project
    with pytest.raises(tcxl.TcxlError, match="recebe a planilha lida"):
        tcxl.Project.from_workbook(sample_xlsx)


def test_from_workbook_names_why_a_workbook_is_not_a_spec(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    wb = tcxl.read_workbook(sample_xlsx)
    _cell(wb, book, ("info", "entity.cnpj")).value = "11.222.333/0001-80"  # wrong check digits
    bad = tmp_path / "ruim.xlsx"
    book.save(bad)
    with pytest.raises(tcxl.SpecError) as exc:
        tcxl.Project.from_workbook(tcxl.read_workbook(bad))
    assert all(line.startswith(f"{bad}: ") for line in exc.value.lines())
    assert any("entity.cnpj" in line and "CNPJ inválido" in line for line in exc.value.lines())
    run = CliRunner().invoke(main, ["spec", str(bad), "-o", str(tmp_path / "p.yaml")])
    assert run.exit_code == 2 and "CNPJ inválido" in run.output and not (tmp_path / "p.yaml").exists()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_spec_build_template_fill_reproduces_the_rebuilt_workbook(suffix, rebuilt, tmp_path):
    """spec → build-template → export IN --to json → fill --data: the same inputs as rebuild's OUT."""
    src, out, _ = rebuilt["modelo/cinco_resultados.xlsx"]
    runner = CliRunner()
    spec, built, values, filled = (tmp_path / f"projeto{suffix}", tmp_path / "modelo.xlsx",
                                   tmp_path / "valores.json", tmp_path / "preenchido.xlsx")
    for args in (["spec", str(src), "-o", str(spec)], ["build-template", str(spec), "-o", str(built)],
                 ["export", str(src), "-o", str(values), "--to", "json"],
                 ["fill", str(built), "--data", str(values), "-o", str(filled)]):
        run = runner.invoke(main, args)
        assert run.exit_code == 0, (args, run.output)
    a, b = _frames(tcxl.read_workbook(out)), _frames(tcxl.read_workbook(filled))
    for name, keys in KEYS.items():
        _assert_same(a[name], b[name], keys, name)


def test_spec_round_trips_through_from_file(sample_project, tmp_path):
    for suffix in (".yaml", ".json"):
        path = tmp_path / f"p{suffix}"
        path.write_text(sample_project.to_text(suffix[1:]), encoding="utf-8")
        assert tcxl.Project.from_file(path) == sample_project


# -- the command line ---------------------------------------------------------------------------
def test_cli_rebuild_prints_one_line_per_normalisation(tmp_path):
    src, out = FILES["modelo/dois_resultados.xlsx"], tmp_path / "oficial.xlsx"
    run = CliRunner().invoke(main, ["rebuild", str(src), "-o", str(out)])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert f"{src}: Cronograma de Desembolso!A28: código normalizado: 'AM. 1' → 'AM.1'" in lines
    assert lines[-1].startswith(f"gravado: {out} (modelo {tcxl.TEMPLATE_VERSION}")
    assert tcxl.read_workbook(out).template_version == tcxl.TEMPLATE_VERSION


def test_cli_rebuild_error_exits_1_and_writes_nothing(tmp_path):
    src = FILES["modelo/modelo_literal.xlsx"]
    wb, book = tcxl.read_workbook(src), openpyxl.load_workbook(src)
    _cell(wb, book, ("dis", "summary", 3, "planned")).value = 1.5
    bad, out = tmp_path / "linha3.xlsx", tmp_path / "oficial.xlsx"
    book.save(bad)
    run = CliRunner().invoke(main, ["rebuild", str(bad), "-o", str(out)])
    assert run.exit_code == 1 and not out.exists()
    assert "erro: " in run.output and "nada foi gravado" in run.output
    run = CliRunner().invoke(main, ["rebuild", str(bad), "-o", str(out), "--force"])
    assert run.exit_code == 1 and out.exists()


@pytest.mark.parametrize("case", ["missing", "same", "folder", "suffix"])
@pytest.mark.parametrize("command", ["rebuild", "spec"])
def test_cli_user_errors_are_one_line_and_exit_2(command, case, tmp_path):
    src = tmp_path / "entrada.xlsx"
    shutil.copy(FILES["modelo/dois_resultados.xlsx"], src)
    before = _digest(src)
    target = {"missing": tmp_path / "saida.xlsx", "same": src, "folder": tmp_path,
              "suffix": tmp_path / "saida.txt"}[case]
    if command == "spec" and case == "missing":
        target = tmp_path / "saida.yaml"
    given = tmp_path / "nada.xlsx" if case == "missing" else src
    run = CliRunner().invoke(main, [command, str(given), "-o", str(target)])
    assert run.exit_code == 2, run.output
    lines = run.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("erro: "), lines
    assert "Traceback" not in run.output
    assert _digest(src) == before


@pytest.mark.parametrize("command", ["rebuild", "spec"])
def test_cli_help_and_usage_errors_are_ptbr(command):
    run = CliRunner().invoke(main, [command, "--help"], prog_name="tcxl")
    assert run.exit_code == 0 and run.output.startswith(f"Uso: tcxl {command}")
    assert "Opções:" in run.output and "[obrigatório]" in run.output and "Rebuild" not in run.output
    run = CliRunner().invoke(main, [command, "entrada.xlsx"], prog_name="tcxl")
    assert run.exit_code == 2 and run.output.strip() == f"erro: falta a opção -o/--output (veja tcxl {command} --help)"


def test_cli_spec_writes_yaml_and_json(tmp_path):
    src = FILES["modelo/dois_resultados.xlsx"]
    for suffix in (".yaml", ".json"):
        out = tmp_path / f"projeto{suffix}"
        run = CliRunner().invoke(main, ["spec", str(src), "-o", str(out)])
        assert run.exit_code == 0 and run.output.strip() == f"gravado: {out}"
        assert tcxl.Project.from_file(out) == tcxl.Project.from_workbook(tcxl.read_workbook(src))
    assert json.loads((tmp_path / "projeto.json").read_text(encoding="utf-8"))["title"]
    run = CliRunner().invoke(main, ["spec", str(src), "-o", "-"])
    assert run.exit_code == 0 and run.output == (tmp_path / "projeto.yaml").read_text(encoding="utf-8")


def test_cli_rebuild_in_a_real_process(tmp_path):
    src, out = FILES["samples/tc60_2017.xlsx"], tmp_path / "tc60_oficial.xlsx"
    run = subprocess.run([sys.executable, "-m", "tcxl", "rebuild", str(src), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1].startswith(f"gravado: {out}")
    run = subprocess.run([sys.executable, "-m", "tcxl", "rebuild", str(out), "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and run.stderr.startswith("erro: ")


def test_rebuild_is_exported():
    assert "rebuild" in dir(tcxl) and tcxl.rebuild is tcxl.rebuilding.rebuild
