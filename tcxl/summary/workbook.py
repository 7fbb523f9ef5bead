"""The summary workbook and the tidy tables (SPEC §4.1).

Sheets, in order: ``Resumo`` (the cover: one A4 page), ``Entregas`` (every file received),
``Projetos`` (a row per included project, then bar charts of % execução, 25 projects each),
``Demonstrativo consolidado`` (the model's statement summed over the projects),
``Avanço físico`` (a row per project, a column per result; a chart per result when there are
at most 25, else the distribution of % estado de avanço), ``Evolução`` (when several
semesters are asked) and the data sheets (``Dados - …``: the long tables, every semester,
with autofilter). Printed (LibreOffice's PDF, Excel's "print workbook"), the data sheets give
no page: their print area is one empty cell, and a print area with nothing in it prints
nothing (a hidden sheet would not print either, but would hide the data from the people who
filter it). The charts' sources are in the hidden sheet ``Gráficos - dados``.

The sheets are written by :mod:`.cover` (``Resumo``), :mod:`.sheets` (``Entregas``,
``Projetos``, ``Demonstrativo consolidado``, ``Evolução``), :mod:`.progress` (``Avanço
físico``), :mod:`.data_sheets` and :mod:`.charts` (the hidden sheet), with the tables' cells
and print setup of :mod:`.cells`, the sizes of :mod:`.measure` and what the sheets share,
:class:`.book.Book`; this module opens the workbook and writes them in order.

Written in xlsxwriter's ``constant_memory`` mode, each sheet top to bottom, row after row: a
10,000-project summary has millions of cells, which the default mode would all hold until
the end.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .book import Book, semesters_text
from .cells import Formats
from .charts import write_chart_data
from .cover import write_cover
from .data_sheets import EXCEL_ROWS, write_data_views
from .portfolio import Summary
from .progress import write_progress
from .sheets import write_deliveries, write_evolution, write_projects, write_statement


def write_summary(
    summary: Summary,
    path: str | Path,
    rows_per_sheet: int = EXCEL_ROWS - 2,
    generated: dt.date | None = None,
    long_tables: bool = False,
) -> Path:
    """Write the consolidated workbook (SPEC §4.1) of a :func:`summarize` result.

    Printable on A4 landscape: the cover (``Resumo``), the deliveries (``Entregas``), the
    projects, the consolidated statement, the physical progress, the evolution over the
    semesters asked and the ``Dados - …`` data sheets.

    Parameters
    ----------
    summary : Summary
        From :func:`summarize`.
    path : str or os.PathLike
        The ``.xlsx`` to write (atomically).
    rows_per_sheet : int, optional
        Data rows per data sheet under its two header rows (default: as many as an Excel
        sheet holds); a longer view continues on sheets named ``"<name> (2)"``, … rather
        than losing rows.
    generated : datetime.date, optional
        The date the cover shows (default: today).
    long_tables : bool
        Also the per-project money by block and by account as data sheets (``--dados``) —
        tens of thousands of rows for a few hundred projects; by default they are only in the
        tidy tables (CSV/Parquet/JSON) and summed in ``Demonstrativo consolidado``.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import datetime, tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> s = tcxl.summarize("samples/tc60_2017.xlsx", semester="2017-1", jobs=1)
    >>> out = tcxl.write_summary(s, f"{tmp}/resumo.xlsx", generated=datetime.date(2017, 7, 31))
    >>> out.name
    'resumo.xlsx'
    >>> import openpyxl
    >>> openpyxl.load_workbook(out, read_only=True).sheetnames[:3]
    ['Resumo', 'Entregas', 'Projetos']
    """
    import xlsxwriter

    from ..atomic import atomic_write
    from ..build import FIXED_CREATED

    path = Path(path)
    with atomic_write(path, ".xlsx") as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {
                "strings_to_urls": False,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "nan_inf_to_errors": True,
                "constant_memory": True,
            },
        )
        wb.set_properties(
            {"title": f"Resumo semestral {semesters_text(summary)}", "author": "tcxl", "created": FIXED_CREATED}
        )
        fmt = Formats(wb)
        book = Book(summary, path)
        write_cover(wb, fmt, book, generated or dt.date.today())
        write_deliveries(wb, fmt, book)
        write_projects(wb, fmt, book)
        write_statement(wb, fmt, book)
        write_progress(wb, fmt, book)
        if len(summary.semesters) > 1:
            write_evolution(wb, fmt, book)
        write_data_views(wb, fmt, summary, rows_per_sheet, long_tables)
        write_chart_data(wb, book)
        wb.close()
    return path


def write_tables(summary: Summary, folder: str | Path, fmt: str, excel_csv: bool = False) -> list[Path]:
    """Tidy CSV or Parquet files of every view (CSV neutralises formula-like text);
    ``excel_csv``: the CSV dialect of a pt-BR Excel (';', decimal comma, BOM)."""
    from ..exports import write_frames

    return write_frames(summary.tables(), folder, fmt, excel_csv)
