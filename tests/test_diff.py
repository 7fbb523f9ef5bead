"""`tcxl diff`: what changed between two versions of a project (re-planning)."""
from __future__ import annotations

import json
import shutil
import subprocess

import openpyxl
import pytest

import tcxl
from analyst import insert_rows, row_of
from conftest import SAMPLES, require_libreoffice
from sheets import group_columns
from test_cli import tcxl_cmd

DATE = "2026-07-01"  # the re-planning's date: Ano I (2025) has closed, Ano II (2026) has not


def tcxl_run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def versions(tmp_path_factory, sample_xlsx):
    """(approved, re-planned): the sample with executed amounts, and a copy re-planned by hand."""
    folder = tmp_path_factory.mktemp("versoes")
    old = folder / "aprovado.xlsx"
    assert tcxl_run("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", old).returncode == 0
    book = openpyxl.load_workbook(old)
    dis = book["Cronograma de Desembolso"]
    ano2 = group_columns(dis, "Ano II (R$)", ("Previsto", "Executado"))["Previsto"]
    ano1x = group_columns(dis, "Ano I (R$)", ("Previsto", "Executado"))["Executado"]
    ano3 = group_columns(dis, "Ano III (R$)", ("Previsto", "Executado"))["Previsto"]
    a11, a12 = row_of(dis, "A1.1"), row_of(dis, "A1.2")
    dis[f"{ano2}{a11}"] = dis[f"{ano2}{a11}"].value - 5000  # 5.000 moved from A1.1 to A1.2 in Ano II
    dis[f"{ano2}{a12}"] = dis[f"{ano2}{a12}"].value + 5000
    dis[f"{ano1x}{a11}"] = dis[f"{ano1x}{a11}"].value + 999  # Executado of a closed year rewritten
    total = row_of(dis, "Total (R$)")
    insert_rows(dis, total)  # an activity added just above result 1's total
    dis.cell(total, 1, "A1.5")
    dis.cell(total, 2, "Nova oficina regional")
    dis[f"{ano3}{total}"] = 7000
    sch = book["Cronograma de Atividades"]  # A2.1's last planned semester moved one later
    a21 = row_of(sch, "A2.1")
    planned = [c for c in range(5, 11) if sch.cell(a21, c).value == "X"]
    sch.cell(a21, planned[-1]).value = None
    sch.cell(a21, planned[-1] + 1).value = "X"
    mat = book["Matriz de Planejamento"]
    r1 = next(c.row for r in mat.iter_rows() for c in r if str(c.value).startswith("Resultado 1:"))
    head = next(c for r in mat.iter_rows() for c in r if c.value == "Ano II")  # its 1º SEM Previsto
    mat.cell(r1, head.column).value = 7  # a target changed: 4 -> 7
    new = folder / "repactuado.xlsx"
    book.save(new)
    return old, new, {"moved": (ano2, a11, a12), "semesters": (planned[-1], planned[-1] + 1)}


EXPECTED = {  # old and new as the frame's text (SPEC §2.1): an amount to the cent, a mark X, blank None
    ("previsto_atividade", "A1.1", "Ano II"): ("40000.00", "35000.00"),
    ("previsto_atividade", "A1.2", "Ano II"): ("58500.00", "63500.00"),
    ("atividade_incluida", "A1.5", None): (None, None),
    ("previsto_atividade", "A1.5", "Ano III"): ("0.00", "7000.00"),
    ("executado_fechado", "A1.1", "Ano I"): None,
    ("semestre_excluido", "A2.1", "Ano III", "1º Sem"): ("X", None),  # Ano III/1º Sem moved to 2º Sem
    ("semestre_incluido", "A2.1", "Ano III", "2º Sem"): (None, "X"),
    ("meta_alterada", "R1", "Ano II", "1º Sem"): ("4", "7"),
    ("total_difere_b22", "B.2.2", None): None,
}
AMOUNTS = {  # old_amount, new_amount: amounts only (NaN for the other changes)
    ("previsto_atividade", "A1.1", "Ano II"): (40000.0, 35000.0),
    ("previsto_atividade", "A1.2", "Ano II"): (58500.0, 63500.0),
    ("previsto_atividade", "A1.5", "Ano III"): (0.0, 7000.0),
}


def _blank(value) -> bool:
    return value is None or value != value


def _found(frame) -> dict:
    out = {}
    for r in frame.to_dict("records"):
        year = None if _blank(r["year"]) else r["year"]
        semester = None if _blank(r["semester"]) else r["semester"]
        key = (r["kind"], r["item"], year) if semester is None else (r["kind"], r["item"], year, semester)
        assert key not in out, f"reported twice: {key}"
        out[key] = tuple(None if _blank(r[c]) else r[c] for c in ("old", "new", "old_amount", "new_amount"))
    return out


def _assert_changes(frame) -> None:
    found = _found(frame)
    assert set(found) == set(EXPECTED), set(found) ^ set(EXPECTED)
    for key, values in EXPECTED.items():
        if values is not None:
            assert found[key][:2] == values, (key, found[key])
            assert found[key][2:] == AMOUNTS.get(key, (None, None)), (key, found[key])
    assert set(frame[frame.severity == "error"].kind) == {"executado_fechado", "total_difere_b22"}


def test_each_change_of_a_replanning_is_reported_once(versions):
    old, new, _ = versions
    import datetime as dt

    frame = tcxl.diff(old, new, date=dt.date.fromisoformat(DATE))
    _assert_changes(frame)
    moved = frame[frame.kind == "previsto_atividade"].set_index("item")
    assert moved.loc["A1.1", "difference"] == -5000 and moved.loc["A1.2", "difference"] == 5000


def test_the_cli_diff_text_json_xlsx_and_exit_codes(versions, tmp_path):
    old, new, _ = versions
    out = tmp_path / "diferencas.xlsx"
    proc = tcxl_run("diff", old, new, "--date", DATE, "--format", "json", "-o", out)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["summary"] == {"changes": len(EXPECTED), "errors": 2}
    text = tcxl_run("diff", old, new, "--date", DATE)
    lines = text.stdout.strip().splitlines()
    assert len(lines) == len(EXPECTED) and lines[0].startswith("erro ")
    assert any("A1.1, Ano II: Previsto de R$ 40.000,00 para R$ 35.000,00" in line for line in lines)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Blocos", "Erros", "Atividades"]
    blocks = {r[0]: (r[1], r[2]) for r in book["Blocos"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert blocks["Resultado 1"][1] - blocks["Resultado 1"][0] == 7000  # the added activity
    sheet = book["Previsto por atividade"]
    header = [c.value for c in sheet[2]]
    old_col = header.index("Antes") + 1
    assert sheet.cell(3, old_col).fill.fgColor.rgb.endswith("FFE699")  # changed values highlighted
    assert tcxl_run("diff", old, old).returncode == 0
    same = tcxl_run("diff", old, shutil.copy(old, tmp_path / "copia.xlsx"), "--format", "json")
    assert same.returncode == 0 and json.loads(same.stdout)["changes"] == []
    assert tcxl.diff(old, old).empty
    assert tcxl_run("diff", old, tmp_path / "nao_existe.xlsx").returncode == 2


def test_the_same_changes_after_libreoffice_resaves_both(versions, tmp_path):
    require_libreoffice()
    import datetime as dt

    from tcxl import libreoffice

    old, new, _ = versions
    saved = libreoffice.convert_many([old, new], tmp_path / "lo", "xlsx")
    _assert_changes(tcxl.diff(saved[0], saved[1], date=dt.date.fromisoformat(DATE)))


def test_a_renamed_sheet_and_a_hand_made_copy_compare_alike(versions, tmp_path):
    """Matching goes through read_workbook: sheets renamed and reordered change nothing."""
    import datetime as dt

    old, new, _ = versions
    book = openpyxl.load_workbook(new)
    book["Cronograma de Desembolso"].title = "Desembolso 2026"
    book.move_sheet("Execução Financeira", offset=-3)
    renamed = tmp_path / "renomeado.xlsx"
    book.save(renamed)
    _assert_changes(tcxl.diff(old, renamed, date=dt.date.fromisoformat(DATE)))
