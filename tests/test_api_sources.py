"""The Python API as a notebook uses it: one path is one source, fill never writes over its
input unless asked, and dir(tcxl) shows the public names (issue 24, in part)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tcxl
from tcxl import filling

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def folder(tmp_path, sample_xlsx) -> Path:
    out = tmp_path / "recebidos"
    (out / "sub").mkdir(parents=True)
    shutil.copy(sample_xlsx, out / "a.xlsx")
    shutil.copy(sample_xlsx, out / "sub" / "b.xlsx")
    return out


@pytest.mark.parametrize("as_", [str, Path])
def test_a_folder_given_alone_is_one_source(folder, as_):
    batch = tcxl.check_many(as_(folder), jobs=1)
    assert [Path(r.file).relative_to(folder).as_posix() for r in batch.reports] == ["a.xlsx", "sub/b.xlsx"]
    assert batch.ok
    summary = tcxl.summarize(as_(folder), semester=1, jobs=1)
    assert len(summary.deliveries) == 2


def test_a_file_given_alone_is_one_source(folder):
    batch = tcxl.check_many(str(folder / "a.xlsx"), jobs=1)
    assert [r.file for r in batch.reports] == [str(folder / "a.xlsx")]


def test_fill_without_an_output_raises_and_writes_nothing(folder):
    src = folder / "a.xlsx"
    before = src.read_bytes()
    values = filling.load_values(SAMPLES / "valores_executados.json")
    with pytest.raises(tcxl.TcxlError, match="informe out_path .* ou in_place=True"):
        tcxl.fill(src, values)
    with pytest.raises(tcxl.TcxlError, match="a saída é a própria planilha de entrada"):
        tcxl.fill(src, values, folder / "." / "a.xlsx")
    with pytest.raises(tcxl.TcxlError, match="um dos dois"):
        tcxl.fill(src, values, folder / "c.xlsx", in_place=True)
    assert src.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.xlsx", "sub"]
    assert tcxl.fill(src, values, in_place=True) == src and src.read_bytes() != before
    assert tcxl.read_workbook(src).disbursement.executed.notna().any()


def test_dir_lists_the_public_api():
    names = dir(tcxl)
    for name in ("read_workbook", "check", "check_many", "summarize", "fill", "diff", "Report", "RuleConfig"):
        assert name in names
    assert "importlib" not in names and "annotations" not in names
