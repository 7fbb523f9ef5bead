"""Reports as data and notebook manners: ``to_frame()`` dtypes, short reprs, ``_repr_html_``."""
from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_check import FIN, fin_cell

import tcxl
from tcxl.vocabulary import check_frame

SEVERITY = pd.CategoricalDtype(["info", "warning", "error"], ordered=True)  # SPEC §2.1
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def dirty_xlsx(sample_xlsx, tmp_path_factory) -> Path:
    """The sample with findings: text ``<b>abc</b>`` in a money input (TCX502, error), an
    Executado above its Previsto (TCX505, ``≤ …``) and the totals that follow (TCX4xx)."""
    book = openpyxl.load_workbook(sample_xlsx)
    book[FIN][fin_cell(book, "1.2 Salários e Encargos", "Ano II", "Executado")] = 99999999
    book[FIN][fin_cell(book, "1.2 Salários e Encargos", "Ano I", "Previsão")] = "<b>abc</b>"
    out = tmp_path_factory.mktemp("notebook") / "com <erros>.xlsx"
    book.save(out)
    return out


@pytest.fixture(scope="module")
def clean_xlsx(sample_xlsx, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("notebook_clean") / "limpo.xlsx"
    shutil.copy(sample_xlsx, out)
    return out


def _check_frame_types(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == [
        "project_id", "file", "code", "severity", "sheet", "cell", "message", "expected", "found", "expected_amount",
        "found_amount",
    ]
    assert frame["severity"].dtype == SEVERITY and frame["severity"].cat.ordered
    assert isinstance(frame["file"].dtype, pd.CategoricalDtype) and isinstance(frame["code"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["project_id"].dtype, pd.CategoricalDtype)
    assert check_frame(frame) == []
    for name in ("sheet", "cell", "message", "expected", "found"):
        assert pd.api.types.is_string_dtype(frame[name].dtype), name
    for name in ("expected_amount", "found_amount"):
        assert frame[name].dtype == "float64", name  # never an object column mixing floats and texts
        assert all(isinstance(v, float) for v in frame[name]), name


def test_report_frame_types_and_amounts(dirty_xlsx):
    report = tcxl.check(dirty_xlsx, today=TODAY)
    frame = report.to_frame()
    _check_frame_types(frame)
    assert len(frame) == len(report.findings) and set(frame.file) == {report.file}
    assert list(frame.code) == [f.code for f in report.findings]
    # the most serious first, and the categorical order says so
    assert frame.severity.max() == "error" and (frame.severity.iloc[0] >= frame.severity).all()
    assert "TCX502" in set(frame.code)
    by_code = {f.code: f for f in report.findings}
    text = frame[frame.code == "TCX502"].iloc[0]
    assert text.found == "<b>abc</b>" and math.isnan(text.found_amount) and math.isnan(text.expected_amount)
    # "≤ 1234.50"-style limits and plain decimals become amounts; the texts are kept as they are
    bounded = frame[frame.expected.str.startswith("≤", na=False)]
    assert len(bounded), by_code
    row = bounded.iloc[0]
    assert row.expected_amount == float(row.expected.lstrip("≤ ")) and row.found_amount == 99999999.0
    plain = frame[frame.expected.str.fullmatch(r"\d+\.\d\d", na=False)]
    assert len(plain) and (plain.expected_amount == plain.expected.astype(float)).all()


def test_clean_report_frame_has_one_row_for_its_file(clean_xlsx):
    report = tcxl.check(clean_xlsx, today=TODAY)
    assert not report.findings
    frame = report.to_frame()
    _check_frame_types(frame)
    assert list(frame.file) == [report.file]
    assert frame.code.isna().all() and frame.severity.isna().all() and frame.message.isna().all()
    assert frame.expected_amount.isna().all()


def test_batch_frame_has_a_row_per_finding_and_per_clean_file(clean_xlsx, dirty_xlsx):
    batch = tcxl.check_many([clean_xlsx, dirty_xlsx, clean_xlsx.parent], jobs=1)
    assert [len(r.findings) > 0 for r in batch.reports] == [False, True, False]
    frame = batch.to_frame()
    _check_frame_types(frame)
    assert len(frame) == len(batch.findings) + 2
    assert list(dict.fromkeys(frame.file)) == list(dict.fromkeys(r.file for r in batch.reports))
    clean_rows = frame[frame.code.isna()]
    assert len(clean_rows) == 2 and set(clean_rows.file) == {batch.reports[0].file}
    findings = frame.dropna(subset=["code"])
    assert len(findings) == len(batch.findings) and set(findings.file) == {batch.reports[1].file}
    # the findings alone sort by severity with the ordered categorical
    assert findings.sort_values("severity", ascending=False).severity.iloc[0] == "error"


def test_empty_batch_frame_keeps_its_types():
    frame = tcxl.BatchReport([]).to_frame()
    assert len(frame) == 0
    _check_frame_types(frame)


def _one_short_line(text: str) -> None:
    assert "\n" not in text and len(text) < 200, text


def test_reprs_are_one_short_line(sample_xlsx, clean_xlsx, dirty_xlsx):
    report = tcxl.check(dirty_xlsx, today=TODAY)
    text = repr(report)
    _one_short_line(text)
    assert text.startswith("<Report 'com <erros>.xlsx': ") and f"{report.errors} erro" in text
    assert f"{report.warnings} aviso" in text and "Finding(" not in text
    assert repr(tcxl.check(clean_xlsx, today=TODAY)) == "<Report 'limpo.xlsx': 0 erros, 0 avisos>"

    batch = tcxl.check_many([clean_xlsx, dirty_xlsx], jobs=1)
    text = repr(batch)
    _one_short_line(text)
    errors, warnings = batch.summary()["errors"], batch.summary()["warnings"]
    assert text.startswith("<BatchReport: 2 arquivos, ") and f"{errors} erro" in text and f"{warnings} aviso" in text

    book = tcxl.read_workbook(sample_xlsx)
    text = repr(book)
    _one_short_line(text)
    assert text.startswith("<Workbook 'sample.xlsx': 3 anos, ") and "atividades" in text
    assert text.endswith("0 constatações de leitura>")

    summary = tcxl.summarize([clean_xlsx, dirty_xlsx], semester="2025-1", jobs=1)
    text = repr(summary)
    _one_short_line(text)
    assert text.startswith("<Summary 2025-1: 2 arquivos, ") and "incluído" in text


def test_a_long_file_name_keeps_the_repr_short(clean_xlsx, tmp_path):
    long = tmp_path / ("x" * 240 + ".xlsx")
    shutil.copy(clean_xlsx, long)
    _one_short_line(repr(tcxl.check(long, today=TODAY)))
    _one_short_line(repr(tcxl.read_workbook(long)))


def test_report_html_names_file_counts_and_escapes(dirty_xlsx):
    report = tcxl.check(dirty_xlsx, today=TODAY)
    page = report._repr_html_()
    assert "com &lt;erros&gt;.xlsx" in page and "<erros>" not in page
    assert f"{report.errors} erro" in page and f"{report.warnings} aviso" in page
    assert "&lt;b&gt;abc&lt;/b&gt;" in page and "<b>abc</b>" not in page  # the cell's text, escaped
    assert "TCX502" in page and "Execução Financeira!" in page


def test_html_lists_twenty_findings_and_counts_the_rest(clean_xlsx, dirty_xlsx):
    batch = tcxl.check_many([dirty_xlsx] * 8 + [clean_xlsx], jobs=1)
    total = len(batch.findings)
    assert total > 20
    page = batch._repr_html_()
    assert f"… e mais {total - 20}" in page and "9 arquivos" in page
    assert "limpo.xlsx" in page and "com &lt;erros&gt;.xlsx" in page and "<erros>" not in page
    assert page.count("TCX") == 20


def test_workbook_and_summary_html(sample_xlsx, clean_xlsx, dirty_xlsx):
    book = tcxl.read_workbook(sample_xlsx)
    page = book._repr_html_()
    assert "sample.xlsx" in page and "Execução Financeira" in page and "Constatações de leitura" in page
    assert book.info["project.title"] in page

    summary = tcxl.summarize([clean_xlsx, dirty_xlsx], semester="2025-1", jobs=1)
    page = summary._repr_html_()
    assert "2025-1" in page and "Recebidos" in page and "Incluídos" in page and "Ilegíveis" in page
    assert "<td style=\"text-align:left\">2</td>" in page  # two files received
