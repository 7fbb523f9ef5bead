"""A copy of a checked workbook that shows the analyst where each finding is (``--annotate``).

Each finding's cell (every cell of a range) is filled in its severity's colour and carries a
cell comment with the pt-BR message and what was expected; a first sheet ``Conferência``
lists every finding with a link to its cell. Nothing else changes: values, formulas,
styles, validations and protection are openpyxl's round trip of the input, which is never
written to. Like ``fill``, a workbook holding what openpyxl cannot carry (charts, images …)
is refused unless ``force``.

``annotate_all`` writes the copies of a whole batch into one folder (``--annotate-dir``): one per
readable workbook with findings, named as the input; the sub-folders under the folder that holds
every checked file are mirrored, so two inputs of the same name from different folders never
overwrite each other (see :func:`copy_paths`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import TcxlError, reason
from .read.marks import ANNOTATION_MARK as MARK
from .roundtrip import open_for_edit, save

if TYPE_CHECKING:
    from .findings import Finding
    from .report import BatchReport, Report

SHEET = "Conferência"
# fill colour per severity (also the legend of the Conferência sheet): far from the template's
# cream input shading (FFF2CC) and from each other in lightness, and each with its symbol, so
# a reader who does not tell red from orange still tells them apart
COLOURS = {"error": "F8696B", "warning": "FFC000", "info": "9DC3E6"}
SYMBOLS = {"error": "✖", "warning": "▲", "info": "●"}
SEVERITY = {"error": "erro", "warning": "aviso", "info": "informação"}
FONT = "Calibri"  # every cell tcxl writes gets a font, so no viewer falls back to a serif
HEADERS = ("Gravidade", "Código", "Aba", "Célula", "Mensagem", "Esperado", "Encontrado")
WIDTHS = (15, 9, 26, 12, 90, 30, 30)
MAX_CELLS = 500  # cells filled for one finding's range (a range can name a whole column)


def annotate(report: Report, out: str | Path, force: bool = False) -> Path:
    """Write the annotated copy of ``report.file`` to ``out`` (atomically); return ``out``."""
    src, out = Path(report.file), Path(out)
    if out.resolve() == src.resolve():
        raise TcxlError(f"{out}: a cópia anotada não pode sobrescrever a planilha conferida; escolha outro nome")
    if not report.readable:
        raise TcxlError(f"{src}: a planilha não pôde ser lida; não há o que anotar")
    book = open_for_edit(src, force, "na cópia anotada", "anotar mesmo assim (esse conteúdo não irá para a cópia)")
    rows = [_mark(book, f) for f in report.findings]
    _explain_errors(book, report)
    _summary_sheet(book, report, rows)
    save(book, out)
    return out


def copy_paths(files, folder: str | Path) -> dict[str, Path]:
    """Where ``annotate_all`` puts the copy of each of ``files`` inside ``folder``.

    The rule: the input's path relative to the deepest folder holding every one of ``files``,
    under ``folder`` (one checked folder: its files at the top, its sub-folders mirrored;
    ``pasta/a/x.xlsx`` and ``pasta/b/x.xlsx`` → ``OUT/a/x.xlsx`` and ``OUT/b/x.xlsx``). The copy
    is an .xlsx, so ``x.xlsm`` gives ``x.xlsx``; a name still taken by another input (that
    renaming, or letters differing only in case) gets `` (2)``, `` (3)`` … in the order given.
    The same file given twice has one copy. The layout depends on ``files`` only, never on
    which of them have findings.
    """
    folder = Path(folder)
    sources = {f: os.path.abspath(f) for f in map(str, files)}
    try:
        base = os.path.commonpath([os.path.dirname(a) for a in sources.values()]) if sources else ""
    except ValueError:  # different drives (Windows): no common folder, names only
        base = None
    out: dict[str, Path] = {}
    taken: dict[str, str] = {}  # casefolded relative name -> the source that has it
    by_source: dict[str, Path] = {}
    for f, a in sources.items():
        if a in by_source:
            out[f] = by_source[a]
            continue
        rel = Path(os.path.relpath(a, base) if base is not None else os.path.basename(a))
        if rel.suffix.lower() != ".xlsx":
            rel = rel.with_suffix(".xlsx")
        name, n = rel, 1
        while str(name).casefold() in taken:
            n += 1
            name = rel.with_name(f"{rel.stem} ({n}){rel.suffix}")
        taken[str(name).casefold()] = a
        out[f] = by_source[a] = folder / name
    return out


def annotate_all(
    batch: BatchReport,
    folder: str | Path,
    force: bool = False,
    on_error: Callable[[str, TcxlError], None] | None = None,
) -> dict[str, Path | None]:
    """Write into ``folder`` (created if missing) the annotated copy of every readable workbook
    of ``batch`` that has findings, named by :func:`copy_paths`; return ``{report.file: path
    written, or None}`` in the batch's order (None: clean, unreadable, or not annotated).

    A copy that cannot be written (a workbook with charts or images without ``force``, a name
    that is one of the batch's inputs or not a regular file, a full disk) raises its
    ``TcxlError``, or, given ``on_error``, is passed to ``on_error(report.file, error)`` and the
    batch goes on. Inputs are never written to; each copy is written atomically.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise TcxlError(f"{folder}: é um arquivo, não uma pasta; informe uma pasta para as cópias anotadas")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TcxlError(f"{folder}: não foi possível criar a pasta ({reason(exc)})") from None
    targets = copy_paths([r.file for r in batch.reports], folder)
    inputs = {Path(r.file).resolve() for r in batch.reports}
    written: dict[str, Path | None] = {}
    done: dict[Path, Path] = {}  # one copy per file given twice
    for report in batch.reports:
        written.setdefault(report.file, None)
        if not report.findings or not report.readable:
            continue
        out = targets[report.file]
        source = Path(report.file).resolve()
        if source in done:
            written[report.file] = done[source]
            continue
        try:
            if out.resolve() in inputs:
                raise TcxlError(
                    f"{out}: a cópia anotada de {report.file} seria gravada sobre um dos arquivos "
                    "conferidos; escolha outra pasta"
                )
            if out.is_symlink() or (out.exists() and not out.is_file()):
                raise TcxlError(
                    f"{out}: já existe e não é um arquivo comum; a cópia anotada de {report.file} não foi gravada"
                )
            try:
                written[report.file] = done[source] = annotate(report, out, force)
            except TcxlError:
                raise
            except Exception as exc:  # openpyxl could not load or save what tcxl's reader read
                raise TcxlError(
                    f"{report.file}: não foi possível gravar a cópia anotada ({exc.__class__.__name__}: {exc})"
                ) from exc
        except TcxlError as exc:
            if on_error is None:
                raise
            on_error(report.file, exc)
    return written


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
    text = f"{SYMBOLS[f.severity]} tcxl {f.code} ({SEVERITY[f.severity]}): {f.message}"
    if f.expected:
        text += f"\nEsperado: {f.shown(f.expected)}"
    if first.comment is not None:
        text = f"{first.comment.text}\n\n{text}"
    first.comment = Comment(text, "tcxl", width=420, height=160)
    return first.coordinate


def _explain_errors(book, report: Report) -> None:
    """A note on each formula cell that shows (or will show, once recalculated) ``#VALOR!``
    because it does arithmetic (``+ - * /``, not a sum, which skips text) with a cell a finding
    says holds text: the analyst sees the cause, not only the error."""
    from openpyxl.comments import Comment
    from openpyxl.formula import Tokenizer

    from .rules import registry

    rules = registry()
    causes: dict[tuple[str, str], Finding] = {
        (f.sheet, f.cell.replace("$", "")): f for f in report.findings if f.cell and rules[f.code].text_in_number
    }
    for sheet in {s for s, _ in causes}:
        if sheet not in book.sheetnames:
            continue
        ws = book[sheet]
        for row in ws.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                try:
                    tokens = Tokenizer(cell.value).items
                except Exception:  # a formula openpyxl cannot tokenise: nothing to say about it
                    continue
                tokens = [t for t in tokens if t.type != "WHITE-SPACE"]
                cause = None
                for i, tok in enumerate(tokens):
                    if tok.type == "OPERAND" and tok.subtype == "RANGE" and _in_arithmetic(tokens, i):
                        cause = causes.get((sheet, tok.value.replace("$", ""))) or cause
                if cause is None:
                    continue
                text = (
                    f"{SYMBOLS['error']} tcxl: esta célula mostra #VALOR! porque {cause.cell} contém texto "
                    f"onde deveria haver um número ({cause.code}); redigite {cause.cell} como número"
                )
                if cell.comment is not None:
                    text = f"{cell.comment.text}\n\n{text}"
                cell.comment = Comment(text, "tcxl", width=420, height=120)


ARITHMETIC = frozenset("+-*/^")


def _in_arithmetic(tokens: list, i: int) -> bool:
    """Whether the operand ``tokens[i]`` is added, subtracted, multiplied, divided or negated
    (what fails on text), not summed or compared."""
    before = tokens[i - 1] if i else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return any(
        t is not None and t.type in ("OPERATOR-INFIX", "OPERATOR-PREFIX") and t.value in ARITHMETIC
        for t in (before, after)
    )


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
    ws["A1"] = (
        f"{MARK} {Path(report.file).name} — {report.errors} erro(s), {report.warnings} aviso(s), "
        f"{infos} informação(ões)"
    )
    ws["A1"].font = Font(name=FONT, bold=True, size=12)
    for i, (text, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(3, i, text)
        cell.font = Font(name=FONT, bold=True, size=11)
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for n, (f, anchor) in enumerate(zip(report.findings, anchors), start=4):
        values = (
            f"{SYMBOLS[f.severity]} {SEVERITY[f.severity]}",
            f.code,
            f.sheet,
            f.cell,
            f.message,
            f.shown(f.expected),
            f.shown(f.found),
        )
        for i, value in enumerate(values, start=1):
            cell = ws.cell(n, i)
            cell.value = value
            cell.data_type = "s"  # a message or a formula text is text, never a live formula
            cell.alignment = wrap
            cell.font = Font(name=FONT, size=11)
        ws.cell(n, 1).fill = PatternFill("solid", fgColor=COLOURS[f.severity])
        lines = max(-(-len(f.message) // WIDTHS[4]), -(-len(f.expected) // WIDTHS[5]), 1)
        ws.row_dimensions[n].height = 15 * min(lines, 8)  # wrapped text: openpyxl does not fit rows
        if anchor is not None:
            link = ws.cell(n, 4)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{anchor}", display=f.cell)
            link.font = Font(name=FONT, size=11, color="0563C1", underline="single")
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
