"""`tcxl check FILE --annotate OUT`: an annotated copy marking every finding, and nothing else changed."""
from __future__ import annotations

import pytest
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


def test_annotated_copy_explains_error_values_and_speaks_pt_br(sample_xlsx, tmp_path):
    """Text typed in an Executado cell (TCX502): the % beside it divides by it and shows #VALOR!
    once recalculated — that cell gets a note naming the cause. Severity colours are far from
    the input shading and carry a symbol; every cell of Conferência has a font; the Esperado
    column shows formulas as a pt-BR spreadsheet does."""
    import openpyxl
    from test_check import FIN, fin_cell

    import tcxl
    from tcxl.annotate import COLOURS, SYMBOLS

    book = openpyxl.load_workbook(sample_xlsx)
    executed = fin_cell(book, "1.2 Salários e Encargos", "Ano I", "Executado")
    pct = fin_cell(book, "1.2 Salários e Encargos", "Ano I", "%")
    total = fin_cell(book, "1.1 Coordenação do Projeto", "Ano I", "Previsão")
    book[FIN][executed] = "cem mil"
    book[FIN][total] = 1234.5  # a total typed over: TCX201, its formula expected
    src = tmp_path / "texto.xlsx"
    book.save(src)
    report = tcxl.check(src)
    assert {(f.code, f.cell) for f in report.findings} >= {("TCX502", executed), ("TCX201", total)}
    out = report.annotate(tmp_path / "anotada.xlsx")
    notes = openpyxl.load_workbook(out)
    note = notes[FIN][pct].comment
    assert note is not None and f"#VALOR! porque {executed} contém texto" in note.text and "TCX502" in note.text
    assert notes[FIN][executed].comment.text.startswith(f"{SYMBOLS['error']} tcxl TCX502")
    # colours: none is the template's input shading, and they differ from each other
    inputs = {c.fill.fgColor.rgb[-6:] for row in openpyxl.load_workbook(sample_xlsx)[FIN].iter_rows()
              for c in row if c.fill.fill_type == "solid"}
    assert not set(COLOURS.values()) & inputs and len(set(COLOURS.values())) == 3
    sheet = notes["Conferência"]
    rows = [r for r in sheet.iter_rows(min_row=3) if r[0].value]
    assert all(c.font.name == "Calibri" for r in rows for c in r if c.value is not None)
    typed_over = next(r for r in rows[1:] if r[1].value == "TCX201" and r[3].value == total)
    assert typed_over[0].value == f"{SYMBOLS['error']} erro"
    assert typed_over[5].value.startswith("=SOMA(") and "SUM" not in typed_over[5].value
    assert typed_over[6].value == "R$ 1.234,50"


def _ppm_colours(path) -> set[tuple[int, int, int]]:
    """The colours of a PPM image (pdftoppm's own format: 'P6', width, height, 255, RGB bytes)."""
    data = path.read_bytes()
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    pixels = data[at + 1:]
    return {tuple(pixels[i:i + 3]) for i in range(0, len(pixels) - 2, 3)}


def test_rendered_severity_colours_are_far_from_the_input_shading_and_each_other(sample_xlsx, tmp_path):
    """Printed (LibreOffice → PDF → image), each severity's fill shows in its own colour, at a
    clear RGB distance from the template's input shading and from the other severities."""
    import shutil
    import subprocess

    from conftest import require_libreoffice

    from tcxl import libreoffice
    from tcxl.annotate import COLOURS

    require_libreoffice()
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed")
    src = tmp_path / "conferir.xlsx"
    _with_one_finding_of_each_severity(sample_xlsx, src)
    out = tmp_path / "anotada.xlsx"
    assert run_tcxl("check", src, "--annotate", out).returncode == 1
    pdf = libreoffice.convert(out, tmp_path / "pdf", "pdf")
    subprocess.run(["pdftoppm", "-r", "40", str(pdf), str(tmp_path / "pagina")], check=True, timeout=120)
    seen = set().union(*(_ppm_colours(p) for p in tmp_path.glob("pagina*.ppm")))

    def rgb(hex_: str) -> tuple[int, int, int]:
        return int(hex_[:2], 16), int(hex_[2:4], 16), int(hex_[4:], 16)

    def distance(a, b) -> float:
        return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5

    shading = rgb("FFF2CC")
    assert shading in seen  # the input shading is on the printed pages too
    colours = {s: rgb(c) for s, c in COLOURS.items()}
    for severity, colour in colours.items():
        assert colour in seen, severity
        assert distance(colour, shading) >= 80, severity
    for a in colours:
        for b in colours:
            if a < b:
                assert distance(colours[a], colours[b]) >= 80, (a, b)
