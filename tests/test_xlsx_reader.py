"""The single-pass reader agrees with openpyxl cell by cell (formula text and stored value)."""
from __future__ import annotations

import io
import re
import zipfile
from itertools import zip_longest
from pathlib import Path

import openpyxl

from tcxl.xlsx import read_sheets


def openpyxl_view(path: Path, data_only: bool) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    out = {}
    for ws in book.worksheets:
        ws.reset_dimensions()
        out[ws.title] = [tuple(r) for r in ws.iter_rows(values_only=True)]
    book.close()
    return out


def disagreements(path: Path) -> list[str]:
    formulas, values = openpyxl_view(path, False), openpyxl_view(path, True)
    out = []
    for sheet in read_sheets(path):
        for mine, theirs, kind in ((sheet.rows, formulas[sheet.name], "formula"),
                                   (sheet.cached, values[sheet.name], "value")):
            for r, (a, b) in enumerate(zip_longest(mine, theirs, fillvalue=())):
                for c, (x, y) in enumerate(zip_longest(a, b)):
                    if x != y and not (x in (None, "") and y in (None, "")):
                        out.append(f"{sheet.name}!{openpyxl.utils.get_column_letter(c + 1)}{r + 1} {kind}: "
                                   f"{x!r} != {y!r}")
    return out


def test_agrees_with_openpyxl_on_a_libreoffice_resaved_workbook(sample_recalculated):
    assert disagreements(sample_recalculated) == []
    assert sum(len(s.rows) for s in read_sheets(sample_recalculated)) > 100


def test_agrees_on_a_filled_workbook_without_stored_results(tmp_path, sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    book["Cronograma de Desembolso"]["D10"] = 1234.5
    book.save(tmp_path / "f.xlsx")
    assert disagreements(tmp_path / "f.xlsx") == []


def _to_shared(xml: str) -> tuple[str, int]:
    """Rewrite each column run of same-shape % formulas as Excel stores them: shared."""
    pattern = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)><f[^>]*>IF\(([A-Z]+)\2=0,(?:&quot;&quot;|""),'
                         r'([A-Z]+)\2/\4\2\)</f>')
    cells = list(pattern.finditer(xml))
    masters: dict[str, tuple[int, str]] = {}
    pieces, last, count = [], 0, 0
    for m in cells:
        col, row, attrs, den, num = m.group(1), int(m.group(2)), m.group(3), m.group(4), m.group(5)
        pieces.append(xml[last:m.start()])
        if col not in masters:
            si = str(len(masters))
            masters[col] = (row, si)
            pieces.append(f'<c r="{col}{row}"{attrs}><f t="shared" ref="{col}{row}:{col}{row + 60}" si="{si}">'
                          f'IF({den}{row}=0,&quot;&quot;,{num}{row}/{den}{row})</f>')
        else:
            pieces.append(f'<c r="{col}{row}"{attrs}><f t="shared" si="{masters[col][1]}"/>')
            count += 1
        last = m.end()
    pieces.append(xml[last:])
    return "".join(pieces), count


def test_shared_formulas_are_expanded_like_openpyxl(tmp_path, sample_recalculated):
    src = Path(sample_recalculated).read_bytes()
    out = io.BytesIO()
    shared = 0
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = _to_shared(data.decode())
                data, shared = text.encode(), shared + n
            zout.writestr(item, data)
    path = tmp_path / "shared.xlsx"
    path.write_bytes(out.getvalue())
    assert shared > 100  # the rewrite really produced shared formulas
    assert disagreements(path) == []
    fin = next(s for s in read_sheets(path) if s.name == "Execução Financeira")
    assert fin.rows[7][3] == '=IF(B8=0,"",C8/B8)'


def test_rows_and_cells_without_references(tmp_path, sample_xlsx):
    """Some writers omit r= on rows and cells: positions then follow the order, as in openpyxl."""
    out = io.BytesIO()
    with zipfile.ZipFile(sample_xlsx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb' r="[A-Z]*\d+"', b"", data)
            zout.writestr(item, data)
    path = tmp_path / "sem_r.xlsx"
    path.write_bytes(out.getvalue())
    assert disagreements(path) == []
