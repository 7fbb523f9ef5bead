"""The corpus of workbooks typed from the official model (tests/data/modelo/): each clean
file reads to the frames its generator states, to the cent, and checks without errors or
structure/cross-sheet warnings; each planted file reports its one mismatch at its cell.
The same holds after LibreOffice recalculates and re-saves them (stored results)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

import tcxl
from conftest import require_libreoffice
from modelo import generator
from tcxl import libreoffice
from tcxl.periods import half_number, year_label, year_number

CORPUS = Path(__file__).parent / "data" / "modelo"
TODAY = dt.date(2026, 11, 22)
EXPECTED = json.loads((CORPUS / "esperado.json").read_text(encoding="utf-8"))


def test_generator_reproduces_the_corpus(tmp_path):
    assert generator().main(tmp_path) == EXPECTED
    assert sorted(p.name for p in CORPUS.glob("*.xlsx")) == sorted(EXPECTED)
    for name in EXPECTED:
        made, kept = openpyxl.load_workbook(tmp_path / name), openpyxl.load_workbook(CORPUS / name)
        assert made.sheetnames == kept.sheetnames, name
        for ws in made.worksheets:
            assert [[c.value for c in row] for row in ws.iter_rows()] == \
                [[c.value for c in row] for row in kept[ws.title].iter_rows()], (name, ws.title)


def _assert_reads_and_checks(path: Path, expected: dict) -> None:
    read = tcxl.read_workbook(path)
    assert read.years == expected["years"]
    fin = read.financial.set_index(["account", "year"])
    for code, values in expected["financial"].items():
        assert [round(fin.loc[(code, year_label(y)), "planned"], 2) for y in range(1, read.years + 1)] == values, \
            (path, code)
    dis = {(a, year_number(y)): p
           for a, y, p in zip(read.disbursement.activity, read.disbursement.year, read.disbursement.planned)}
    for code, values in expected["disbursement"].items():
        assert [dis[(code, y)] for y in range(1, read.years + 1)] == values, (path, code)
    sch = read.schedule
    planned = {}
    for a, y, s, p in zip(sch.activity, sch.year, sch.semester, sch.scheduled):
        if p:
            planned.setdefault(a, []).append(2 * (year_number(y) - 1) + half_number(s))
    assert planned == expected["planned_semesters"], path
    report = tcxl.check(path, today=TODAY)
    loud = {(f.code, f.sheet, f.cell) for f in report.findings if f.severity == "error" or f.code[:4] in ("TCX1",
                                                                                                           "TCX4")}
    if "finding" in expected:
        assert tuple(expected["finding"]) in loud, (path.name, loud)
        # a total that differs because of the planted mismatch may say so too (TCX403)
        assert {code for code, _, _ in loud} <= {expected["finding"][0], "TCX403"}, (path.name, loud)
    else:
        assert loud == set(), (path.name, [f.line() for f in report.findings])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    _assert_reads_and_checks(CORPUS / name, EXPECTED[name])


def test_corpus_resaved_by_libreoffice(tmp_path):
    require_libreoffice()
    names = sorted(EXPECTED)
    resaved = libreoffice.convert_many([CORPUS / n for n in names], tmp_path)
    for name, path in zip(names, resaved):
        _assert_reads_and_checks(path, EXPECTED[name])


def test_messages_name_columns_and_lines_as_the_workbook_writes_them():
    """A 5-year workbook's all-years column is 'Total Quinquênio' and a 5-result workbook
    letters its indirect-costs line (G): the messages say so, not 'Total Triênio' and (E)."""
    five_years = tcxl.check(CORPUS / "cinco_anos__total_sem_ano.xlsx", today=TODAY)
    (missing_year,) = [f for f in five_years.findings if f.code == "TCX202"]
    assert "Total Quinquênio" in missing_year.message and "Triênio" not in missing_year.message
    five_results = tcxl.check(CORPUS / "cinco_resultados__e_diverge.xlsx", today=TODAY)
    (indirect,) = [f for f in five_results.findings if f.code == "TCX405"]
    assert "linha 3 (G)" in indirect.message and "(E)" not in indirect.message
    # and no warning for the Matriz rows that hold no indicator yet (nothing typed, nothing to total)
    assert [f.line() for f in five_results.findings if f.code == "TCX206"] == []
