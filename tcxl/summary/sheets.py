"""The summary workbook's tables: `Entregas` (every file received), `Projetos` (a row per
included project, then bar charts of % execução), `Demonstrativo consolidado` (the model's
statement summed over the projects) and `Evolução` (% avanço and % execução per semester)."""

from __future__ import annotations

import os
from pathlib import Path

from .book import TOTAL_ROW, Book, cell_value, frame_column, frame_records, last_semester, semesters_text, year_order
from .cells import Col, Formats, fit_row, set_print, title_column, write_cell, write_header, write_row
from .charts import CHART_BARS, bar_chart, chart_height, place_chart
from .measure import money_width, overflows, px, shorten, wrapped_lines
from .portfolio import OUTSIDE, REPLACED, WITH_ERRORS
from .views import FLAG, NOT_PROADI, UNREADABLE

EXCEL_URLS = 65_530  # hyperlinks Excel takes in one sheet; past it a copy's path is plain text
SHORT_FLAG = "finalizadas além das programadas"  # the alert, as the narrow columns show it


def write_deliveries(wb, fmt: Formats, book: Book) -> None:
    summary = book.summary
    frame = summary.deliveries
    ws = wb.add_worksheet("Entregas")
    records = frame_records(frame, list(frame.columns))
    others = [  # and the title second, as wide as the others leave room for
        Col("name", "Arquivo", 20, "wrap"),
        Col("entity", "Entidade", 22, "wrap"),
        Col("cnpj", "CNPJ", 19),
        Col("protocol", "Nº do Protocolo (NUP)", 21, "wrap"),
        Col("date", "Data", 11, "date"),
        Col("errors", "Erros", 7, "int"),
        Col("warnings", "Avisos", 8, "int"),
        Col("codes", "Códigos mais frequentes", 17, "wrap"),
        Col("status", "Situação", 21, "wrap"),
        Col("reason", "Motivo", 28, "wrap"),
    ]
    others.insert(1, title_column("project", "Título do projeto", (r.get("project") for r in records), others))
    screen = [
        Col("annotated", "Cópia anotada", 14, "link"),
        Col("path", "Caminho completo", 60),
        Col("project_id", "Identidade do projeto", 40),
    ]
    columns = others + screen
    ws.write_string(
        0,
        0,
        f"Entregas — {len(records)} arquivo(s) recebido(s), na ordem em que foram lidos "
        f"(resumo semestral {semesters_text(summary)})",
        fmt.title,
    )
    write_header(ws, fmt, columns)
    urls = 0
    for r, d in enumerate(records, start=2):
        file = str(d.get("file") or "")
        status = str(d.get("status") or "")
        values = {**d, "name": Path(file).name, "path": os.path.abspath(file) if file else ""}
        fit_row(ws, r, others, values)
        for c, col in enumerate(columns):
            if col.key == "status":
                color = _status_color(status)
                write_cell(ws, fmt, r, c, status, "wrap", cell_format=fmt.status[color] if color else None)
            elif col.key == "annotated":
                copy = str(cell_value(d.get("annotated")) or "")
                if copy and urls < EXCEL_URLS:
                    urls += 1
                    ws.write_url(r, c, "external:" + _link(copy, book.path), fmt.cell("link"), "cópia anotada")
                else:
                    write_cell(ws, fmt, r, c, copy or None, "wrap")
            else:
                write_cell(ws, fmt, r, c, values.get(col.key), col.kind)
    ws.autofilter(1, 0, max(1, len(records) + 1), len(columns) - 1)
    ws.freeze_panes(2, 1)
    set_print(ws, [c.width for c in others], len(records) + 1, (1, 1))


def _status_color(status: str) -> str | None:
    """The font colour of a delivery's status: red unread, amber with errors, grey set aside."""
    if status in (UNREADABLE, NOT_PROADI):
        return "#9C0006"
    if status == WITH_ERRORS:
        return "#9C5700"
    if status.startswith(REPLACED) or status == OUTSIDE:
        return "#595959"
    return None


def _link(target: str, summary_path: Path) -> str:
    """A copy's path as the workbook links it: relative to the summary's folder when it can
    be (the folder may move with its files), else absolute."""
    try:
        return os.path.relpath(os.path.abspath(target), os.path.abspath(summary_path.parent))
    except ValueError:  # another drive (Windows)
        return os.path.abspath(target)


def write_projects(wb, fmt: Formats, book: Book) -> None:
    summary = book.summary
    ws = wb.add_worksheet("Projetos")
    rows = book.projects
    money = money_width([r.get(k) for r in rows + [book.total or {}] for k in ("planned", "executed")], 14)
    others = [Col("number", "Nº", 5, "int"), Col("entity", "Entidade", 20, "wrap")]  # and the project second
    if book.uf is not None:
        others.append(Col("uf", "UF", 5))
    others += [
        Col("period", "Período do projeto", 12, "wrap"),
        Col("calendar", "Semestre civil", 9),
        Col("programmed", "Ações programadas", 11, "int"),
        Col("finished", "Ações finalizadas", 11, "int"),
        Col("postponed", "Ações adiadas/ canceladas", 11, "int"),
        Col("progress", "% estado de avanço", 9, "pct"),
        Col("planned", "Previsto acumulado (R$)", money, "brl"),
        Col("executed", "Executado acumulado (R$)", money, "brl"),
        Col("pct", "% execução", 9, "pct"),
        Col("errors", "Erros", 7, "int"),
        Col("warnings", "Avisos", 7, "int"),
        Col("short_alert", "Alerta", 15, "wrap"),
    ]
    others.insert(1, title_column("project", "Projeto", (r.get("project") for r in rows), others))
    screen = [Col("alert", "Alerta (texto completo)", 40, "wrap"), Col("file", "Arquivo", 60)]
    columns = others + screen
    printed = [c.width for c in others]
    ws.write_string(0, 0, f"Projetos — {len(rows)} projeto(s) incluído(s), semestre {summary.semester}", fmt.title)
    header = write_header(ws, fmt, columns)
    lines = 0
    for r, p in enumerate(book.with_total(), start=2):
        alert = str(p.get("alert") or "")
        values = {
            **book.numbered(p, r - 1),
            "entity": book.entity.get(p.get("file"), ""),
            "uf": (book.uf or {}).get(p.get("file"), ""),
            "short_alert": SHORT_FLAG if alert == FLAG else alert,
        }
        lines += write_row(ws, fmt, r, columns, values, p is book.total)
    last = len(rows) + (2 if book.total else 1)
    ws.autofilter(1, 0, max(1, last), len(columns) - 1)
    ws.freeze_panes(2, 2)
    at, breaks, charted = _execution_charts(wb, ws, book, printed, 20 + header + 15 * lines, header, last + 2)
    if charted < len(rows):
        ws.write_string(
            at,
            0,
            f"{len(rows) - charted} projeto(s) sem valores financeiros informados não aparecem no gráfico.",
            fmt.note,
        )
        at += 1
    set_print(ws, printed, at, (1, 1), breaks, 2)


def _execution_charts(
    wb, ws, book: Book, printed: list[float], table_height: float, header: float, at: int
) -> tuple[int, list[int], int]:
    """% execução, sorted, in bar charts of at most CHART_BARS projects, each on its own page,
    from row ``at`` under the table (``table_height`` points); returns the row under them,
    the page breaks before them and how many projects they show."""
    from ..build import print_scale

    points = [(book.number[p["file"]], p) for p in book.by_execution()]
    scale = print_scale(printed)
    source = book.chart_source([(f"{n}. {shorten(p['project'], 56)}", p["pct"]) for n, p in points])
    breaks = []
    for part, first in enumerate(range(0, len(points), CHART_BARS)):
        bars = min(CHART_BARS, len(points) - first)
        height = chart_height(bars, scale, header)
        if part or overflows(table_height, height * 0.75, scale):
            breaks.append(at)
        span = (
            f"projetos {first + 1}–{first + bars} de {len(points)}"
            if len(points) > CHART_BARS
            else f"{len(points)} projeto(s)"
        )
        title = f"% de execução financeira acumulada, do menor para o maior — {span}"
        chart = bar_chart(wb, "% execução", "#4472C4", source, first, bars, title)
        chart.set_size({"width": sum(px(w) for w in printed) - 10, "height": height})
        at = place_chart(ws, at, chart, height) + 2
    return at, breaks, len(points)


def write_statement(wb, fmt: Formats, book: Book) -> None:
    from ..accounts import ACCOUNTS

    summary = book.summary
    frame = summary.statement
    last = last_semester(frame, summary.semester)
    years = year_order(frame_column(last, "year"))
    values = {
        (c, y): (p, e, q)
        for c, y, p, e, q in zip(
            frame_column(last, "account"),
            frame_column(last, "year"),
            frame_column(last, "planned"),
            frame_column(last, "executed"),
            frame_column(last, "pct"),
        )
    }
    money = money_width([v for t in values.values() for v in t[:2]], 15)
    ws = wb.add_worksheet("Demonstrativo consolidado")
    label = 46
    widths = [label] + [money, money, 8] * len(years)
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write_string(
        0,
        0,
        f"Demonstrativo da execução financeira consolidado — {len(book.projects)} projeto(s), "
        f"semestre {summary.semester}",
        fmt.title,
    )
    ws.set_row(1, 20)
    ws.set_row(2, 20)
    for i, year in enumerate(years):  # row 1 before the 'Conta' cell that spans rows 1-2 (rows go in order)
        c = 1 + 3 * i
        name = f"Acumulado até {summary.semester}" if year == "Acumulado" else year
        ws.merge_range(1, c, 1, c + 2, name, fmt.head)
    ws.merge_range(1, 0, 2, 0, "Conta", fmt.head)
    for i in range(len(years)):
        for j, name in enumerate(("Previsão (R$)", "Executado (R$)", "%")):
            ws.write_string(2, 1 + 3 * i + j, name, fmt.head)
    r = 3
    for acc in ACCOUNTS:
        bold = acc.kind in ("heading", "total")
        lines = wrapped_lines(acc.label, label, bold)
        if lines > 1:
            ws.set_row(r, 15 * lines + 2)
        ws.write_string(r, 0, acc.label, fmt.cell("wrap", bold))
        for i, year in enumerate(years):
            c = 1 + 3 * i
            if acc.kind == "heading":
                for j in range(3):
                    ws.write_blank(r, c + j, None, fmt.cell("text", True))
            elif acc.kind == "ratio":  # % indirect costs: 3 / TOTAL, for Previsão and for Executado
                share, whole = values.get(("3", year), (None,) * 3), values.get(("TOTAL", year), (None,) * 3)
                for j in range(2):
                    a, b = cell_value(share[j]), cell_value(whole[j])
                    write_cell(ws, fmt, r, c + j, a / b if a is not None and b else None, "pct")
                ws.write_blank(r, c + 2, None, fmt.cell("text"))
            else:
                planned, executed, pct = values.get((acc.code, year), (None, None, None))
                write_cell(ws, fmt, r, c, planned, "brl", bold)
                write_cell(ws, fmt, r, c + 1, executed, "brl", bold)
                write_cell(ws, fmt, r, c + 2, pct, "pct", bold)
        r += 1
    if not years:
        ws.write_string(r + 1, 0, "Nenhum valor financeiro informado nos projetos incluídos.", fmt.note)
        r += 2
    ws.freeze_panes(3, 1)
    set_print(ws, widths, r - 1, (1, 2))


def write_evolution(wb, fmt: Formats, book: Book) -> None:
    summary = book.summary
    recs = frame_records(summary.projects, ("report_semester", "project", "file", "progress", "pct"))
    by: dict[tuple[str, str], dict] = {(r["report_semester"], r["file"]): r for r in recs}
    by |= {(r["report_semester"], ""): r for r in frame_records(summary.totals, ("report_semester", "progress", "pct"))}
    order = list(dict.fromkeys(r["file"] for r in recs))
    titles = {r["file"]: r["project"] for r in recs}
    pairs = [
        Col(f"{k}|{s}", f"{name} {s}", 11, "pct")
        for s in summary.semesters
        for k, name in (("progress", "% avanço"), ("pct", "% execução"))
    ]
    others = [Col("entity", "Entidade", 30, "wrap"), *pairs]  # and the project first
    others.insert(0, title_column("project", "Projeto", titles.values(), others, 62))
    columns = others + [Col("file", "Arquivo", 60)]
    ws = wb.add_worksheet("Evolução")
    ws.write_string(
        0,
        0,
        f"Evolução por semestre — % estado de avanço e % execução financeira acumulada ({semesters_text(summary)})",
        fmt.title,
    )
    write_header(ws, fmt, columns)
    rows = [(f, titles[f]) for f in order] + [("", TOTAL_ROW)]
    for r, (file, title) in enumerate(rows, start=2):
        bold = file == ""
        values = {"project": title, "entity": book.entity.get(file, ""), "file": file}
        for col in pairs:
            key, semester = col.key.split("|", 1)
            rec = by.get((semester, file))
            values[col.key] = rec.get(key) if rec else None
        write_row(ws, fmt, r, columns, values, bold)
    ws.autofilter(1, 0, len(rows) + 1, len(columns) - 1)
    ws.freeze_panes(2, 1)
    set_print(ws, [c.width for c in others], len(rows) + 1, (1, 1))
