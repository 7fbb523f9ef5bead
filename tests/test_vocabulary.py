"""SPEC §2.1's vocabulary is the one the code uses: the table, the dtypes of every frame tcxl
returns, the pt-BR headers of people's outputs, and the headers ``fill`` accepts."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, SAMPLES
from click.testing import CliRunner

import tcxl
from tcxl import vocabulary
from tcxl.cli import main

# SPEC §2.1's table, as the specification writes it (kept here so a clean checkout can compare;
# test_spec_copy_is_the_spec compares this copy with ../shared/SPEC.md where it exists)
SPEC_TABLE = """\
| column | meaning | dtype |
|---|---|---|
| `project_id` | SPEC §4.1 identity (CNPJ digits + normalised title) | category |
| `file` | path as given | category |
| `block` | `1`, `2`, … , `M` (monitoring), `CI` (indirect costs), in the model's order | ordered category (str) |
| `activity`, `description` | `A1.2`, its text | str |
| `account`, `label` | `1.1.1`, the model's label | category |
| `year` | `Ano I` … `Ano N` | ordered category |
| `semester` | `1º Sem`, `2º Sem` | ordered category |
| `planned`, `executed` | money (blank → NaN, never 0) | float64 |
| `pct` | executed / planned, as a fraction | float64 |
| `level` | `input`, `subtotal`, `total` where a frame carries both | category |
| `severity` | `info` < `warning` < `error` | ordered category |"""


def _spec_md() -> Path | None:
    """SPEC.md of the shared folder beside the repo (``TCXL_SPEC`` overrides), if present."""
    if os.environ.get("TCXL_SPEC"):
        return Path(os.environ["TCXL_SPEC"])
    for parent in [ROOT, *ROOT.parents]:
        candidate = parent / "shared" / "SPEC.md"
        if candidate.exists():
            return candidate
    return None


def test_the_vocabulary_is_spec_2_1s_table():
    assert vocabulary.markdown(spec_only=True) == SPEC_TABLE


def test_spec_copy_is_the_spec():
    spec = _spec_md()
    if spec is None:
        pytest.skip("SPEC.md not beside this checkout (the copy above is compared instead)")
    text = spec.read_text(encoding="utf-8")
    section = text[text.index("### 2.1") :]
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    first = table.split("\n\n")[0]
    assert first.splitlines()[: len(SPEC_TABLE.splitlines())] == SPEC_TABLE.splitlines()


def test_every_column_has_one_name_and_one_header():
    names = [c.name for c in vocabulary.COLUMNS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names)
    headers = [c.header for c in vocabulary.COLUMNS]
    assert len(headers) == len(set(headers)), "two columns would show the same pt-BR header"


@pytest.fixture(scope="module")
def read_back(sample_xlsx):
    return tcxl.read_workbook(sample_xlsx)


@pytest.mark.parametrize("name", ["financial", "disbursement", "schedule", "matrix"])
def test_read_frames_follow_the_vocabulary(read_back, name):
    frame = getattr(read_back, name)
    assert vocabulary.check_frame(frame) == []
    assert list(frame.columns[:2]) == ["project_id", "file"]
    assert set(frame.project_id) == {read_back.project_id}
    assert "year" in frame.columns and frame.year.dtype.ordered
    assert list(frame.year.cat.categories[:3]) == ["Ano I", "Ano II", "Ano III"]
    assert not any(str(frame[c].dtype) == "object" for c in frame.columns)


def test_financial_leaves_and_totals_apart(read_back):
    fin = read_back.financial
    assert set(fin.level.unique()) == {"input", "subtotal", "total"}
    assert not fin.label.isna().any(), "heading rows (all NaN) are not rows"
    for year, rows in fin.groupby("year", observed=True):
        leaves = rows[rows.level == "input"].planned.sum()
        total = rows[rows.level == "total"].planned.item()
        assert round(leaves, 2) == round(total, 2), year


def test_check_and_diff_frames_follow_the_vocabulary(sample_xlsx):
    report = tcxl.check(sample_xlsx).to_frame()
    assert vocabulary.check_frame(report) == []
    assert report.severity.dtype == pd.CategoricalDtype(["info", "warning", "error"], ordered=True)
    changes = tcxl.diff(sample_xlsx, sample_xlsx)
    assert changes.empty and vocabulary.check_frame(changes) == []


def test_pt_br_headers_come_back_to_their_names():
    for column in vocabulary.COLUMNS:
        assert vocabulary.column_for(column.header) == column.name
        assert vocabulary.column_for(column.name) == column.name
    assert vocabulary.column_for("  ATIVIDADE ") == "activity"
    assert vocabulary.column_for("descricao") == "description"
    assert vocabulary.column_for("Ano") == "year"
    assert vocabulary.column_for("Previsão") == "planned"
    assert vocabulary.column_for("coluna qualquer") is None


def test_excel_csv_and_xlsx_exports_show_pt_br_headers(tmp_path):
    wb = tcxl.read_workbook(SAMPLES / "tc60_2017.xlsx")
    tcxl.export(wb, tmp_path / "csv", to="csv", excel_csv=True)
    with open(tmp_path / "csv" / "schedule.csv", encoding="utf-8-sig") as fh:
        header = fh.readline().strip().split(";")
    assert header == ["Projeto (identidade)", "Arquivo", "Bloco", "Atividade", "Descrição", "Ano", "Semestre",
                      "Previsto (marca)", "Situação"]
    rows = pd.read_csv(tmp_path / "csv" / "schedule.csv", sep=";", encoding="utf-8-sig", dtype=str)
    assert set(rows["Previsto (marca)"].dropna()) == {"X"}, "a mark shows as X, never True/False"
    tcxl.export(wb, tmp_path / "t.xlsx", to="xlsx")
    financial = pd.read_excel(tmp_path / "t.xlsx", sheet_name="financial")
    assert list(financial.columns) == ["Projeto (identidade)", "Arquivo", "Conta", "Rubrica", "Nível", "Ano",
                                       "Previsto", "Executado"]
    tcxl.export(wb, tmp_path / "tidy", to="csv")
    assert pd.read_csv(tmp_path / "tidy" / "financial.csv").columns[2] == "account"


def test_fill_takes_the_pt_br_csv_excel_saves(sample_xlsx, tmp_path):
    """Headers in pt-BR in any case and spacing, 'Ano I', the trailing ';;' Excel leaves."""
    values = tmp_path / "valores.csv"
    values.write_text(
        "ATIVIDADE ; Ano;Executado;;\nA1.1;Ano I;1.234,56;;\nA1.2; ano ii ;10;;\n", encoding="utf-8-sig"
    )
    out = tmp_path / "preenchido.xlsx"
    result = CliRunner().invoke(main, ["fill", str(sample_xlsx), "--data", str(values), "-o", str(out)])
    assert result.exit_code == 0, result.output
    dis = tcxl.read_workbook(out).disbursement.set_index(["activity", "year"])
    assert dis.loc[("A1.1", "Ano I"), "executed"] == 1234.56
    assert dis.loc[("A1.2", "Ano II"), "executed"] == 10.0


def test_fill_copies_a_read_back_frame_with_its_vocabulary(sample_xlsx, tmp_path):
    source = tcxl.read_workbook(sample_xlsx)
    dis = source.disbursement.copy()
    dis["executed"] = (dis["planned"] / 2).round(2)
    assert dis.executed.notna().sum() > 10
    out = tcxl.fill(sample_xlsx, {"disbursement": dis}, tmp_path / "metade.xlsx")
    back = tcxl.read_workbook(out).disbursement
    pd.testing.assert_series_equal(back.executed, dis.executed)


def test_fill_names_an_unknown_pt_br_header(sample_xlsx, tmp_path):
    with pytest.raises(tcxl.FillError) as info:
        tcxl.fill(sample_xlsx, {"disbursement": [{"Atividade": "A1.1", "Ano": 1, "Gasto": 5}]}, tmp_path / "x.xlsx")
    assert info.value.problems == [
        "valores: disbursement: coluna desconhecida 'Gasto' (use: project_id, file, block, activity, description, "
        "year, planned, executed)",
        "valores: disbursement: nenhuma coluna de valores (planned ou executed)",
    ]
    assert not (tmp_path / "x.xlsx").exists()


def test_the_docs_page_holds_the_generated_table():
    page = ROOT / vocabulary.DOCS_PAGE
    assert vocabulary.with_table(page.read_text(encoding="utf-8")) == page.read_text(encoding="utf-8"), (
        "run: python -m tcxl.vocabulary --write-docs"
    )
    assert vocabulary.main(["--check"]) == 0
