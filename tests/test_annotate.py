"""`tcxl check FILE --annotate OUT`: an annotated copy marking every finding, and nothing else changed."""
from __future__ import annotations

from test_cli import run_tcxl


def _with_one_finding_of_each_severity(sample_xlsx, path):
    """A total typed over (error), the title emptied (warning), a realized mark in a semester
    not planned (info): the mistakes docs/render.py pictures, from the same function."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "docs"))
    try:
        from render import with_mistakes
    finally:
        sys.path.remove(str(ROOT / "docs"))
    return with_mistakes(sample_xlsx, path)


def _style(cell) -> tuple:
    """A cell's style by value (openpyxl style objects of two loads do not compare equal)."""
    return (cell.number_format, *(repr(getattr(cell, k)) for k in ("font", "border", "protection", "alignment")))


def test_check_annotate_marks_every_finding_and_changes_nothing_else(sample_xlsx, tmp_path):
    import json

    import openpyxl

    from conftest import require_libreoffice
    from tcxl import libreoffice
    from tcxl.annotate import COLOURS

    src = tmp_path / "conferir.xlsx"
    _with_one_finding_of_each_severity(sample_xlsx, src)
    before = src.read_bytes()
    out = tmp_path / "anotada.xlsx"
    proc = run_tcxl("check", src, "--annotate", out, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert src.read_bytes() == before  # the input is never written to
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}

    orig, notes = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    assert notes.sheetnames == ["Conferência", *orig.sheetnames]
    summary = notes["Conferência"]
    listed = [r for r in summary.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[1], r[2], r[3]) for r in listed] == [(f["code"], f["sheet"], f["cell"]) for f in findings]
    marked: set[tuple[str, str]] = set()
    for n, f in enumerate(findings, start=4):
        link = summary.cell(n, 4).hyperlink
        assert link is not None and link.location == f"'{f['sheet']}'!{f['cell'].split(':')[0]}"
        cell = notes[f["sheet"]][f["cell"].split(":")[0]]
        assert cell.fill.fgColor.rgb.endswith(COLOURS[f["severity"]])
        assert f["code"] in cell.comment.text and f["message"][:40] in cell.comment.text
        marked.add((f["sheet"], cell.coordinate))
    # every other cell: value, formula and style as in the input; validations and protection too
    for ws in orig.worksheets:
        twin = notes[ws.title]
        assert twin.protection.sheet == ws.protection.sheet and twin.protection.password == ws.protection.password
        assert len(twin.data_validations.dataValidation) == len(ws.data_validations.dataValidation)
        assert twin.merged_cells.ranges == ws.merged_cells.ranges
        for row in ws.iter_rows():
            for cell in row:
                other = twin[cell.coordinate]
                assert other.value == cell.value, (ws.title, cell.coordinate)
                assert _style(other) == _style(cell), (ws.title, cell.coordinate)
                if (ws.title, cell.coordinate) not in marked:
                    assert repr(other.fill) == repr(cell.fill), (ws.title, cell.coordinate)
                    assert other.comment is None and cell.comment is None
    # re-checked, the annotated copy gives the same findings (the Conferência sheet is skipped)
    again = json.loads(run_tcxl("check", out, "--format", "json").stdout)["files"][0]["findings"]
    assert [(f["code"], f["cell"]) for f in again] == [(f["code"], f["cell"]) for f in findings]
    require_libreoffice()
    pdf = libreoffice.convert(out, tmp_path / "pdf", "pdf")
    assert pdf.stat().st_size > 10_000


def test_annotate_refuses_what_it_cannot_carry_and_its_own_input(sample_xlsx, tmp_path):
    import shutil

    src = tmp_path / "a.xlsx"
    shutil.copy(sample_xlsx, src)
    proc = run_tcxl("check", src, "--annotate", src)
    assert proc.returncode == 2 and "a saída é um dos arquivos de entrada" in proc.stderr
    proc = run_tcxl("check", src, sample_xlsx, "--annotate", tmp_path / "x.xlsx")
    assert proc.returncode == 2 and "uma planilha por vez" in proc.stderr
