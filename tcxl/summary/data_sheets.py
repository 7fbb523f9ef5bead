"""The summary workbook's data sheets (``Dados - …``): the long tables, every semester, with
autofilter, for the people who filter them. None prints: a print area of one empty cell prints
nothing (a hidden sheet would not print either, but would hide the data). A table longer than
an Excel sheet goes on in ``"<name> (2)"``, …"""

from __future__ import annotations

from .book import cell_value, semesters_text
from .cells import Col, Formats, write_header
from .portfolio import Summary
from .views import NOTHING

EXCEL_ROWS = 1_048_576  # rows of an Excel sheet; a longer data sheet goes on in "<name> (2)", …

DATA_VIEWS = (
    (
        "Dados - projetos",
        "projects",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 40),
            Col("period", "Período do projeto", 16),
            Col("calendar", "Semestre civil", 12),
            Col("erros", "Erros na conferência", 11, "int"),
            Col("avisos", "Avisos", 9, "int"),
            Col("programadas", "Ações programadas", 13, "int"),
            Col("finalizadas", "Ações finalizadas", 11, "int"),
            Col("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
            Col("pct_avanco", "% estado de avanço", 11, "pct"),
            Col("alerta", "Alerta", 30),
            Col("previsto_acumulado", "Previsto acumulado (R$)", 17, "brl"),
            Col("executado_acumulado", "Executado acumulado (R$)", 17, "brl"),
            Col("pct_execucao", "% execução", 10, "pct"),
            Col("file", "Arquivo", 40),
        ],
    ),
    (
        "Dados - avanço físico",
        "progress",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 34),
            Col("period", "Período do projeto", 16),
            Col("calendar", "Semestre civil", 12),
            Col("result", "Resultado", 10),
            Col("description", "Descrição", 40),
            Col("programadas", "Ações programadas", 13, "int"),
            Col("finalizadas", "Ações finalizadas", 11, "int"),
            Col("adiadas_canceladas", "Ações adiadas/canceladas", 14, "int"),
            Col("pct_avanco", "% estado de avanço", 11, "pct"),
            Col("alerta", "Alerta", 30),
            Col("erros", "Erros na conferência", 11, "int"),
            Col("file", "Arquivo", 40),
        ],
    ),
    (
        "Dados - fin. por bloco",
        "blocks",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 34),
            Col("block", "Bloco", 8),
            Col("letter", "Letra", 7),
            Col("year", "Ano", 12),
            Col("previsto", "Previsto (R$)", 17, "brl"),
            Col("executado", "Executado (R$)", 17, "brl"),
            Col("pct", "% Real/Prev", 11, "pct"),
        ],
    ),
    (
        "Dados - fin. por conta",
        "accounts",
        [
            Col("semester", "Semestre", 10),
            Col("project", "Projeto", 30),
            Col("code", "Código", 10),
            Col("label", "Conta", 50),
            Col("year", "Ano", 12),
            Col("previsto", "Previsão (R$)", 17, "brl"),
            Col("executado", "Executado (R$)", 17, "brl"),
            Col("pct", "%", 9, "pct"),
        ],
    ),
    (
        "Dados - demonstrativo",
        "statement",
        [
            Col("semester", "Semestre", 10),
            Col("code", "Código", 10),
            Col("label", "Conta", 50),
            Col("kind", "Tipo", 8),
            Col("year", "Ano", 12),
            Col("previsto", "Previsão (R$)", 19, "brl"),
            Col("executado", "Executado (R$)", 19, "brl"),
            Col("pct", "%", 9, "pct"),
        ],
    ),
)


LONG_VIEWS = ("blocks", "accounts")  # a row per project × block/account × year: data sheets only when asked


ROWS_AT_ONCE = 20_000  # rows turned into Python values at a time while a data sheet is written


def _view_rows(frame, columns: list[Col], start: int = 0, stop: int | None = None):
    """The view's cells row by row, in its column order (a column the frame lacks is empty),
    as an iterator over slices (memory stays flat however long the view). Column lists, not
    ``to_dict('records')``: a seventh of the time on 2,000 projects."""
    stop = len(frame) if stop is None else min(stop, len(frame))
    for first in range(start, stop, ROWS_AT_ONCE):
        part = frame.iloc[first : min(first + ROWS_AT_ONCE, stop)]
        n = len(part)
        yield from zip(*[part[col.key].tolist() if col.key in part.columns else [None] * n for col in columns])


def write_data_views(wb, fmt: Formats, summary: Summary, rows_per_sheet: int, long_tables: bool) -> None:
    """The data sheets of :data:`DATA_VIEWS`, those of :data:`LONG_VIEWS` when ``long_tables``."""
    for name, table, columns in DATA_VIEWS:
        if long_tables or table not in LONG_VIEWS:
            write_data_sheets(wb, fmt, name, getattr(summary, table), columns, rows_per_sheet, summary)


def write_data_sheets(
    wb, fmt: Formats, name: str, frame, columns: list[Col], rows_per_sheet: int, summary: Summary
) -> None:
    """A long table on as many sheets as it takes; none of them prints (an empty print area)."""
    total = len(frame)
    formats = [fmt.cell(col.kind if col.kind in ("int", "brl", "pct") else "text") for col in columns]
    amounts = [col.kind in ("brl", "pct") for col in columns]
    nothing, plain = fmt.cell("nothing"), fmt.cell("text")
    for part, start in enumerate(range(0, max(total, 1), rows_per_sheet)):
        sheet = name if part == 0 else f"{name} ({part + 1})"
        count = max(0, min(rows_per_sheet, total - start))
        ws = wb.add_worksheet(sheet)
        ws.write_string(
            0,
            0,
            f"{sheet} — resumo semestral {semesters_text(summary)} (tabela de dados para filtrar; não é impressa)",
            fmt.title,
        )
        write_header(ws, fmt, columns, 45)
        for r, row in enumerate(_view_rows(frame, columns, start, start + count), start=2):
            for c, raw in enumerate(row):
                value = cell_value(raw)
                if value is None:
                    if amounts[c]:
                        ws.write_string(r, c, NOTHING, nothing)  # nothing reported (or no base for a %)
                    else:
                        ws.write_blank(r, c, None, plain)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(r, c, value, formats[c])
                else:
                    ws.write_string(r, c, str(value), plain)
        ws.autofilter(1, 0, max(1, count + 1), len(columns) - 1)
        ws.freeze_panes(2, 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.print_area(0, len(columns) + 1, 0, len(columns) + 1)  # an empty cell: nothing to print
