"""The notebook flow end to end, on files tcxl did not write (issue 24): three hand-made
workbooks of the model, each retitled by an analyst in openpyxl and recalculated and re-saved
by LibreOffice, read, concatenated, grouped by ``project_id`` and ``year`` and pivoted by
``account`` — the sums equal each workbook's own stored TOTAL GERAL and block totals."""
from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, require_libreoffice

import tcxl
from tcxl import libreoffice
from tcxl.periods import year_label
from tcxl.vocabulary import check_frame

MODELO = ROOT / "tests" / "data" / "modelo"
FILES = {  # hand-made file -> the title an analyst types in
    "dois_resultados.xlsx": "Telessaúde na Atenção Básica",
    "cinco_anos.xlsx": "Qualificação da Rede de Urgência",
    "indiretos_em_bloco.xlsx": "Cuidado Farmacêutico no SUS",
}


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture(scope="module")
def resaved(tmp_path_factory) -> list[Path]:
    require_libreoffice()
    typed = tmp_path_factory.mktemp("digitadas")
    for name, title in FILES.items():
        sheet, row, col = tcxl.read_workbook(MODELO / name).reading.where[("info", "project.title")]
        book = openpyxl.load_workbook(MODELO / name)
        book[sheet].cell(row + 1, col + 1).value = title
        book.save(typed / name)
    return libreoffice.convert_many(sorted(typed.iterdir()), tmp_path_factory.mktemp("relidas"), "xlsx")


@pytest.fixture(scope="module")
def books(resaved):
    return [tcxl.read_workbook(path) for path in resaved]


def stored(path: Path, where: tuple[str, int, int]) -> Decimal:
    """The value LibreOffice stored in a cell (its own calculation, not tcxl's)."""
    sheet, row, col = where
    value = openpyxl.load_workbook(path, data_only=True)[sheet].cell(row + 1, col + 1).value
    assert isinstance(value, (int, float)), (path.name, where, value)
    return cents(value)


def no_mixed_objects(frame: pd.DataFrame) -> None:
    for column in frame.columns:
        if frame[column].dtype == object:
            kinds = {type(v) for v in frame[column].dropna()}
            assert kinds <= {str}, (column, kinds)


def test_three_projects_concat_group_and_pivot(books, resaved):
    assert len({wb.project_id for wb in books}) == 3, "three projects, three identities"
    fin = pd.concat([wb.financial for wb in books], ignore_index=True)
    dis = pd.concat([wb.disbursement for wb in books], ignore_index=True)
    sch = pd.concat([wb.schedule for wb in books], ignore_index=True)
    for frame in (fin, dis, sch):
        no_mixed_objects(frame)
        assert frame.year.dtype.ordered and list(frame.year.cat.categories[:5]) == [year_label(y) for y in
                                                                                     range(1, 6)]
        assert frame.project_id.nunique() == 3 and frame.file.nunique() == 3
    # the fixed categoricals stay categorical through concat; project_id and file (each workbook's
    # own categories) become text, as pandas concatenates differing categories
    for frame in (fin, dis, sch):
        assert check_frame(frame.drop(columns=["project_id", "file"])) == []
        assert str(frame.project_id.dtype) == str(frame.file.dtype) == "str"
    assert fin.planned.dtype == fin.executed.dtype == "float64"
    assert dis.block.dtype.ordered and sch.semester.dtype.ordered
    assert list(dis.block.sort_values().unique()) == ["1", "2", "3", "M", "CI"], "the model's order, not text's"

    # totals never mix with leaves: the inputs are one level, the lines that add them another
    leaves = fin[fin.level == "input"]
    assert not set(leaves.account) & {"TOTAL", "TOTAL1", "SUBTOTAL", "TOTAL4", "1.1", "1.3", "1.8", "4.1"}
    assert set(fin[fin.level == "total"].account) == {"TOTAL"}

    by_year = leaves.groupby(["project_id", "year"], observed=True)[["planned", "executed"]].sum()
    assert len(by_year) == sum(wb.years for wb in books) == 3 + 5 + 3
    pivot = leaves.pivot_table(index="account", columns=["project_id", "year"], values=["planned", "executed"],
                               aggfunc="sum", observed=True)
    assert pivot.index.tolist() == [a for a in fin.account.cat.categories if a in set(leaves.account)]
    for wb, path in zip(books, resaved):
        for year in range(1, wb.years + 1):
            own = stored(path, wb.reading.where[("fin", "TOTAL", year, "planned")])
            assert own > 0
            assert cents(by_year.loc[(wb.project_id, year_label(year)), "planned"]) == own, (path.name, year)
            assert cents(pivot["planned"][(wb.project_id, year_label(year))].sum()) == own, (path.name, year)


def test_disbursement_leaves_add_up_to_the_stored_block_totals(books, resaved):
    dis = pd.concat([wb.disbursement for wb in books], ignore_index=True)
    sums = dis.groupby(["project_id", "year"], observed=True).planned.sum()
    for wb, path in zip(books, resaved):
        totals = [k for k in wb.reading.where if k[:2] == ("dis", "total") and k[-1] == "planned"]
        for year in range(1, wb.years + 1):
            own = sum((stored(path, wb.reading.where[k]) for k in totals if k[3] == year), Decimal(0))
            assert cents(sums.loc[(wb.project_id, year_label(year))]) == own, (path.name, year)


def test_the_files_are_the_ones_tcxl_did_not_write(resaved):
    for path in resaved:
        assert tcxl.read_workbook(path).template_version is None  # no tcxl metadata: hand-made
        assert path.exists() and shutil.which("soffice") or libreoffice.soffice()
