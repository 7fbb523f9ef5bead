"""A copy of a checked workbook that shows the analyst where each finding is (``--annotate``).

Each finding's cell (every cell of a range) is filled in its severity's colour and carries a
cell comment with the pt-BR message and what was expected; a first sheet ``Conferência``
lists every finding with a link to its cell. Nothing else changes: values, formulas,
styles, validations and protection are openpyxl's round trip of the input, which is never
written to. Like ``fill``, a workbook holding what openpyxl cannot carry (charts, images …)
is refused unless ``force``.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TcxlError
from .files import atomic_write

if TYPE_CHECKING:
    from .checks import Report

SHEET = "Conferência"
MARK = "Conferência do tcxl:"  # first words of the sheet: readers skip it (its messages quote labels)
# fill colour per severity (also the legend of the Conferência sheet)
COLOURS = {"error": "FFC7CE", "warning": "FFE699", "info": "BDD7EE"}
SEVERITY = {"error": "erro", "warning": "aviso", "info": "informação"}
HEADERS = ("Gravidade", "Código", "Aba", "Célula", "Mensagem", "Esperado", "Encontrado")
WIDTHS = (11, 9, 26, 12, 90, 30, 30)
MAX_CELLS = 500  # cells filled for one finding's range (a range can name a whole column)


def annotate(report: Report, out: str | Path, force: bool = False) -> Path:
    """Write the annotated copy of ``report.file`` to ``out`` (atomically); return ``out``."""
    import openpyxl

    from .filling import unsupported_content

    src, out = Path(report.file), Path(out)
    if out.resolve() == src.resolve():
        raise TcxlError(f"{out}: a cópia anotada não pode sobrescrever a planilha conferida; escolha outro nome")
    if not report.readable:
        raise TcxlError(f"{src}: a planilha não pôde ser lida; não há o que anotar")
    lost = unsupported_content(src)
    if lost and not force:
        raise TcxlError(f"{src}: a planilha contém {', '.join(lost)}, que se perderiam na cópia anotada; "
                        "use --force para anotar mesmo assim (esse conteúdo não irá para a cópia)")
    book = openpyxl.load_workbook(src, keep_links=True)
    rows = [_mark(book, f) for f in report.findings]
    _summary_sheet(book, report, rows)
    with atomic_write(out, ".xlsx") as tmp:
        book.save(tmp)
    return out


def _mark(book, f) -> str | None:
    """Fill and comment the finding's cells; return the first cell's name (None: no cell)."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    from openpyxl.utils.cell import range_boundaries

    if not f.cell or f.sheet not in book.sheetnames:
        return None
    ws = book[f.sheet]
    try:
        c1, r1, c2, r2 = range_boundaries(f.cell.replace("$", ""))
    except ValueError:
        return None
    fill = PatternFill("solid", fgColor=COLOURS[f.severity])
    cells = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)][:MAX_CELLS]
    for r, c in cells:
        cell = _anchor(ws, r, c)
        cell.fill = fill
    first = _anchor(ws, r1, c1)
    text = f"tcxl {f.code} ({SEVERITY[f.severity]}): {f.message}"
    if f.expected:
        text += f"\nEsperado: {f.expected}"
    if first.comment is not None:
        text = f"{first.comment.text}\n\n{text}"
    first.comment = Comment(text, "tcxl", width=420, height=160)
    return first.coordinate


def _anchor(ws, row: int, col: int):
    """The cell that holds the value and style of (row, col): a merged range's top-left cell."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col)
    return ws.cell(row, col)


def _summary_sheet(book, report: Report, anchors: list[str | None]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    name = SHEET if SHEET not in book.sheetnames else f"{SHEET} (tcxl)"
    ws = book.create_sheet(name, 0)
    infos = len(report.findings) - report.errors - report.warnings
    ws["A1"] = f"{MARK} {Path(report.file).name} — {report.errors} erro(s), {report.warnings} aviso(s), " \
               f"{infos} informação(ões)"
    ws["A1"].font = Font(bold=True, size=12)
    for i, (text, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(3, i, text)
        cell.font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, (f, anchor) in enumerate(zip(report.findings, anchors), start=4):
        values = (SEVERITY[f.severity], f.code, f.sheet, f.cell, f.message, f.expected, f.found)
        for i, value in enumerate(values, start=1):
            cell = ws.cell(n, i)
            cell.value = value
            cell.data_type = "s"  # a message or a formula text is text, never a live formula
            cell.alignment = wrap
        ws.cell(n, 1).fill = PatternFill("solid", fgColor=COLOURS[f.severity])
        lines = max(-(-len(f.message) // WIDTHS[4]), -(-len(f.expected) // WIDTHS[5]), 1)
        ws.row_dimensions[n].height = 15 * min(lines, 8)  # wrapped text: openpyxl does not fit rows
        if anchor is not None:
            link = ws.cell(n, 4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{anchor}",
                                       display=f.cell)
            link.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = "A4"
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    ws.oddFooter.left.text, ws.oddFooter.right.text = "&A", "Página &P de &N"
    ws.auto_filter.ref = f"A3:G{max(3, 3 + len(report.findings))}"
    book.active = 0
    for sheet in book.worksheets[1:]:
        sheet.sheet_view.tabSelected = False
