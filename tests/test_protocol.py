"""Nº do Protocolo do projeto (NUP): built, read back, read from hand-made workbooks, and the
project identity it gives (SPEC §4.1)."""
from __future__ import annotations

import openpyxl
import pytest

import tcxl
from conftest import require_libreoffice
from tcxl import libreoffice
from tcxl.identity import normalise_title, project_identity
from tcxl.read import read_workbook
from tcxl.read.identification import is_protocol_label

NUP = "25000.009153/2018-81"
KEY = ("info", "project.protocol")


@pytest.fixture(scope="module")
def project(sample_project) -> tcxl.Project:
    return tcxl.Project.from_dict({**sample_project.model_dump(mode="json"), "protocol": NUP})


@pytest.fixture(scope="module")
def built(tmp_path_factory, project):
    return tcxl.build_workbook(project, tmp_path_factory.mktemp("nup") / "nup.xlsx")


# -- the spec -------------------------------------------------------------------------------
def test_spec_takes_the_protocol_and_drops_its_spaces():
    assert tcxl.Project().protocol == ""
    assert tcxl.Project(protocol=" 25000.009153 / 2018 - 81 ").protocol == NUP
    assert tcxl.Project(protocol="25000009153201881").protocol == "25000009153201881"
    assert tcxl.Project.from_dict({"protocol": 25000009153201881}).protocol == "25000009153201881"  # YAML int


@pytest.mark.parametrize("bad", ["abc", "25000.009153/2018-8X", "-./", "nº 25000"])
def test_spec_refuses_a_protocol_that_is_not_digits_and_separators(bad):
    with pytest.raises(tcxl.SpecError) as exc:
        tcxl.Project.from_dict({"protocol": bad})
    assert [path for path, _ in exc.value.problems] == ["protocol"]
    assert "protocolo" in str(exc.value)


def test_sample_spec_carries_a_protocol(sample_project):
    assert sample_project.protocol == "25000.123456/2024-53"


# -- built and read back --------------------------------------------------------------------
def test_built_workbook_has_the_protocol_as_a_shaded_text_input_above_the_title(built):
    ws = openpyxl.load_workbook(built)["Identificação"]
    label = next(c for row in ws.iter_rows() for c in row if c.value == "Nº do Protocolo do projeto")
    assert (label.column_letter, label.row) == ("A", 26)
    cell, title = ws.cell(label.row, 2), ws.cell(label.row + 1, 2)
    assert ws.cell(label.row + 1, 1).value == "2.1. Título do Projeto"
    assert cell.value == NUP
    assert cell.protection.locked is False and label.protection.locked is not False
    assert cell.fill.fgColor.rgb == title.fill.fgColor.rgb == "FFFFF2CC"
    assert cell.number_format == "@"  # digits typed alone stay text (no 2,5E+16)


def test_protocol_reads_back(built, project):
    wb = read_workbook(built)
    assert wb.info["project.protocol"] == NUP
    assert wb.value(KEY) == NUP
    assert wb.reading.where[KEY] == ("Identificação", 25, 1)
    assert wb.project == project and wb.project.protocol == NUP
    assert not tcxl.check(built).findings


def test_blank_template_has_an_empty_protocol(blank_xlsx):
    wb = read_workbook(blank_xlsx)
    assert KEY in wb.reading.where and wb.info["project.protocol"] is None
    assert wb.project.protocol == ""


def test_protocol_survives_a_libreoffice_resave(built, project, tmp_path):
    require_libreoffice()
    saved = libreoffice.convert(built, tmp_path / "lo")
    wb = read_workbook(saved)
    assert wb.info["project.protocol"] == NUP
    assert wb.project.protocol == NUP


def test_fill_keeps_the_protocol(built, tmp_path):
    from conftest import SAMPLES

    out = tcxl.fill(built, tcxl.filling.load_values(SAMPLES / "valores_executados.json"), tmp_path / "f.xlsx")
    assert read_workbook(out).info["project.protocol"] == NUP


# -- hand-made workbooks --------------------------------------------------------------------
def hand_made(path, rows: list[tuple]) -> None:
    """An identification sheet typed with plain openpyxl, following the model's labels."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Identificação"
    base = [("A - INFORMAÇÕES DA ENTIDADE DE SAÚDE",), ("Nome:", "Hospital Modelo"), ("CNPJ:", "60.540.235/0001-06"),
            ("B.2 - INFORMAÇÕES GERAIS DO PROJETO",), *rows,
            ("2.1. Título do Projeto", "Projeto digitado à mão"), ("2.2. Valor total do Projeto", 1000)]
    for r, values in enumerate(base, start=1):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    book.save(path)


@pytest.mark.parametrize("rows", [
    [("Nº do Protocolo do projeto", NUP)],
    [("  nº  DO PROTOCOLO do Projeto: ", NUP)],
    [("N.º do protocolo do projeto:", None, f" {NUP} ")],  # a blank cell between label and value
    [("Número do Protocolo (NUP):", NUP)],
    [("Protocolo", NUP)],
    [("NUP:", NUP)],
    [(f"NUP: {NUP}",)],  # label and value in one cell
    [("Número do Processo:", NUP)],  # as the TC reports write it
    [("2.0. Nº do Protocolo do projeto", NUP)],
    [(None, None, "Nº do Protocolo do projeto", NUP)],  # elsewhere on the sheet
], ids=["model", "spacing-case", "gap", "nup-in-label", "protocolo", "nup", "one-cell", "processo", "numbered",
        "moved"])
def test_hand_made_protocol_is_read(tmp_path, rows):
    path = tmp_path / "mao.xlsx"
    hand_made(path, rows)
    wb = read_workbook(path)
    assert wb.info["project.protocol"] == NUP
    assert wb.value(KEY) == NUP
    assert wb.info["project.title"] == "Projeto digitado à mão"


def test_hand_made_protocol_typed_as_a_number_reads_as_text(tmp_path):
    path = tmp_path / "mao.xlsx"
    hand_made(path, [("Protocolo:", 123456789)])
    assert read_workbook(path).info["project.protocol"] == "123456789"


def test_hand_made_without_protocol_reads_none_and_keeps_other_fields(tmp_path):
    path = tmp_path / "mao.xlsx"
    hand_made(path, [("Protocolo clínico de cuidados paliativos publicado", "sim")])
    wb = read_workbook(path)
    assert "project.protocol" not in wb.info
    assert wb.info["project.title"] == "Projeto digitado à mão"


def test_title_beside_a_protocol_label_is_not_read_as_the_title(tmp_path):
    path = tmp_path / "mao.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    for r, values in enumerate([("CNPJ:", "60.540.235/0001-06"), ("2.1. Título do Projeto", None, "NUP:", NUP)], 1):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    book.save(path)
    wb = read_workbook(path)
    assert wb.info["project.protocol"] == NUP
    assert wb.info.get("project.title") is None


@pytest.mark.parametrize("text, expected", [
    ("Nº do Protocolo do projeto", True), ("nº do protocolo do projeto:", True), ("N° do protocolo", True),
    ("NUP", True), ("Protocolo (NUP)", True), ("Nº do processo SEI:", True), ("Processo", False),
    ("Protocolo clínico publicado", False), ("Hospitais com protocolo implantado", False), ("Nº", False),
    ("2.1. Título do Projeto", False),
])
def test_protocol_label_names(text, expected):
    assert is_protocol_label(text) is expected


# -- identity ---------------------------------------------------------------------------------
CNPJ = "60.540.235/0001-06"


def test_identity_is_the_protocol_digits_when_present():
    info = {"project.protocol": NUP, "entity.cnpj": CNPJ, "project.title": "Projeto"}
    assert project_identity(info) == "nup:25000009153201881"
    other = {"project.protocol": "25000 009153 2018 81", "entity.cnpj": "11.222.333/0001-81", "project.title": "X"}
    assert project_identity(other) == project_identity(info)  # the NUP wins over CNPJ and title


def test_identity_falls_back_to_cnpj_and_normalised_title():
    a = {"entity.cnpj": CNPJ, "project.title": "Projeto Ação  Saúde."}
    b = {"project.protocol": None, "entity.cnpj": "60540235000106", "project.title": "projeto acao saude"}
    assert project_identity(a) == project_identity(b) == "cnpj:60540235000106|projeto acao saude"
    assert project_identity({**a, "project.protocol": ""}) == project_identity(a)
    assert project_identity({**a, "project.protocol": float("nan")}) == project_identity(a)


def test_identity_differs_with_cnpj_or_title():
    a = {"entity.cnpj": CNPJ, "project.title": "Projeto Ação Saúde"}
    assert project_identity(a) != project_identity({**a, "entity.cnpj": "11.222.333/0001-81"})
    assert project_identity(a) != project_identity({**a, "project.title": "Outro projeto"})


def test_identity_is_empty_without_cnpj_and_title():
    assert project_identity({}) == ""
    assert project_identity({"entity.cnpj": "", "project.title": "  ", "project.protocol": None}) == ""
    assert project_identity({"entity.cnpj": CNPJ}) == "cnpj:60540235000106|"


def test_identity_keeps_the_letters_of_an_alphanumeric_cnpj():
    assert project_identity({"entity.cnpj": "12.abc.345/01de-35", "project.title": "P"}) == "cnpj:12ABC34501DE35|p"


def test_normalised_title():
    assert normalise_title("  Qualificação da REDE — Cuidados/Paliativos, no SUS! ") == \
        "qualificacao da rede cuidados paliativos no sus"
    assert normalise_title(None) == ""


def test_identity_of_workbooks_read_back(built, tmp_path):
    assert project_identity(read_workbook(built).info) == "nup:25000009153201881"
    path = tmp_path / "mao.xlsx"
    hand_made(path, [])
    assert project_identity(read_workbook(path).info) == "cnpj:60540235000106|projeto digitado a mao"
