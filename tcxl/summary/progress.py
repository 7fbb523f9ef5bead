"""`Avanço físico`, the summary workbook's physical progress: a row per project, a column
per result (finalizadas/programadas and the %), then a bar per result when there are at most
25, else the distribution of % estado de avanço in bands of 20 % (a small table and its
chart)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .book import Book, cell_value, frame_records, last_semester
from .cells import Col, Formats, set_print, title_column, write_header, write_row
from .charts import CHART_BARS, bar_chart, chart_height, chart_room, place_chart
from .measure import overflows, px
from .portfolio import Summary
from .views import NOTHING


def write_progress(wb, fmt: Formats, book: Book) -> None:
    summary = book.summary
    per_file, results = _per_file(summary)
    ws = wb.add_worksheet("Avanço físico")
    result_cols = [
        Col(
            r,
            f"Resultado {r}" if r.isdigit() else "Monitoramento (M)" if r == "M" else r,
            11 if r.isdigit() else 15,
            "text",
        )
        for r in results
    ]
    others = [  # and the project second
        Col("number", "Nº", 5, "int"),
        *result_cols,
        Col("programmed", "Ações programadas", 11, "int"),
        Col("finished", "Ações finalizadas", 11, "int"),
        Col("postponed", "Ações adiadas/ canceladas", 11, "int"),
        Col("progress", "% estado de avanço", 9, "pct"),
    ]
    projects = book.projects
    others.insert(1, title_column("project", "Projeto", (p.get("project") for p in projects), others, 62))
    columns = others + [Col("file", "Arquivo", 60)]
    ws.write_string(
        0,
        0,
        f"Avanço físico — semestre {summary.semester}: em cada resultado, ações finalizadas/"
        "programadas (% estado de avanço); ! = finalizadas além das programadas",
        fmt.title,
    )
    header = write_header(ws, fmt, columns)
    rows = book.with_total()
    lines = 0
    for r, p in enumerate(rows, start=2):
        bold = p is book.total
        counts = per_file.get(p.get("file"), {})
        values = book.numbered(p, r - 1)
        for col in result_cols:
            counted = _sum_results([f.get(col.key) for f in per_file.values()]) if bold else counts.get(col.key)
            values[col.key] = _fraction(counted)
        lines += write_row(ws, fmt, r, columns, values, bold)
    last_row = len(rows) + 1
    ws.autofilter(1, 0, max(1, last_row), len(columns) - 1)
    ws.freeze_panes(2, 2)
    from ..build import print_scale

    printed = [c.width for c in others]
    scale = print_scale(printed)
    at, breaks = last_row + 2, []
    points = [(p, r, per_file[p["file"]][r]) for p in projects for r in results if r in per_file.get(p["file"], {})]
    table_height = 20 + header + 15 * lines
    if 0 < len(points) <= CHART_BARS:  # a bar per result
        height = chart_height(len(points), scale, header)
        chart = _result_chart(wb, book, points)
        chart.set_size({"width": min(sum(px(w) for w in printed) - 10, 1100), "height": height})
        if overflows(table_height, height * 0.75, scale):
            breaks.append(at)
        at = place_chart(ws, at, chart, height) + 2
    elif points:  # many results: their distribution (and the projects'), in bins of 20 %
        if overflows(table_height, 300, scale):
            breaks.append(at)
        at = _distribution(
            wb,
            ws,
            fmt,
            at,
            [rec for _, _, rec in points],
            list(projects),  # a project's actions over its results: its row of ``projects``
            summary.semester,
            sum(px(w) for w in printed),
            scale,
            header,
        )
    set_print(ws, printed, at, (1, 1), breaks, 2)


def _per_file(summary: Summary) -> tuple[dict[Any, dict[str, dict]], list[str]]:
    """The last semester's actions of each file (by the view's file column) per result, and
    the results in order: 1, 2, …, then the others (M, …)."""
    last = last_semester(summary.progress, summary.semester)
    per_file: dict[Any, dict[str, dict]] = {}
    for rec in frame_records(last, ("file", "block", "programmed", "finished", "postponed", "progress")):
        per_file.setdefault(rec["file"], {})[str(rec["block"])] = rec
    results = sorted(
        {r for rs in per_file.values() for r in rs},
        key=lambda r: (not r.isdigit(), int(r) if r.isdigit() else 0, r),
    )
    return per_file, results


def _result_chart(wb, book: Book, points: list[tuple[dict, str, dict]]):
    """A bar per (project, result) of ``points``: its % estado de avanço."""
    single = len(book.projects) == 1
    labels = [
        (f"Resultado {r}" if r.isdigit() else "Monitoramento" if r == "M" else r)
        if single
        else f"Nº {book.number[p['file']]} · " + (f"R{r}" if r != "M" else "M")
        for p, r, _ in points
    ]
    source = book.chart_source([(label, cell_value(rec["progress"])) for label, (_, _, rec) in zip(labels, points)])
    title = f"% estado de avanço por resultado — {book.summary.semester}"
    return bar_chart(wb, "% estado de avanço", "#70AD47", source, 0, len(points), title)


def _fraction(rec: dict | None) -> str | None:
    """'3/4 (75%)' — finalizadas/programadas and the %; '—' when nothing was programmed
    nor done; a '!' when more was done than programmed."""
    if not rec:
        return None
    prog, fin = int(cell_value(rec.get("programmed")) or 0), int(cell_value(rec.get("finished")) or 0)
    if prog == 0 and fin == 0:
        return NOTHING
    text = f"{fin}/{prog}" + (f" ({round(100 * fin / prog)}%)" if prog else "")
    return text + (" !" if fin > prog else "")


def _sum_results(recs: list[dict | None]) -> dict | None:
    filled = [r for r in recs if r]
    if not filled:
        return None
    return {k: sum(int(cell_value(r.get(k)) or 0) for r in filled) for k in ("programmed", "finished")}


BINS = (
    (0.0, 0.2, "0–20%"),
    (0.2, 0.4, "20–40%"),
    (0.4, 0.6, "40–60%"),
    (0.6, 0.8, "60–80%"),
    (0.8, 1.0, "80–100%"),
    (1.0, math.inf, "acima de 100%"),
)


def _bin(pct: Any) -> int | None:
    """The band of a % estado de avanço (80–100 % takes 100 %; beyond it, the last band)."""
    pct = cell_value(pct)
    if pct is None:
        return None
    if pct > 1.0:
        return len(BINS) - 1
    return next(i for i, (_, high, _) in enumerate(BINS) if pct < high or high == 1.0)


def _distribution(
    wb,
    ws,
    fmt: Formats,
    at: int,
    results: list[dict],
    totals: list[dict | None],
    semester: str,
    width_px: int,
    scale: int,
    header: float,
) -> int:
    """How many results (and projects) fall in each 20 % band of % estado de avanço: a small
    table and its column chart (the source of the chart is the table)."""
    counts, none = _bands(results, totals)
    ws.write_string(
        at,
        0,
        f"Distribuição do % estado de avanço — {semester} ({len(results)} resultados de {len(totals)} projetos)",
        fmt.title,
    )
    ws.set_row(at + 1, 30)
    ws.write_string(at + 1, 1, "Faixa de % estado de avanço", fmt.head)
    ws.write_string(at + 1, 2, "Resultados", fmt.head)
    ws.write_string(at + 1, 3, "Projetos (total)", fmt.head)
    lines = [(label, n) for (_, _, label), n in zip(BINS, counts)] + [("nada programado", none)]
    for r, (label, (in_results, in_projects)) in enumerate(lines, start=at + 2):
        ws.write_string(r, 1, label, fmt.cell("text"))
        ws.write_number(r, 2, in_results, fmt.cell("int"))
        ws.write_number(r, 3, in_projects, fmt.cell("int"))
    end = at + 2 + len(BINS)  # the 'nada programado' row
    chart = _band_chart(wb, ws.get_name(), at, end)
    height = int(min(chart_room(scale, header) - 200, 420))
    chart.set_size({"width": min(width_px - 10, 900), "height": height})
    return place_chart(ws, end + 2, chart, height) + 1


def _bands(results: list[dict], totals: list[dict | None]) -> tuple[list[list[int]], list[int]]:
    """[[results, projects] per band of :data:`BINS`], [results, projects] with nothing
    programmed."""
    counts = [[0, 0] for _ in BINS]
    none = [0, 0]
    groups: tuple[Sequence[dict | None], ...] = (results, totals)
    for k, recs in enumerate(groups):
        for rec in recs:
            b = _bin(rec.get("progress")) if rec else None
            if b is None:
                none[k] += 1
            else:
                counts[b][k] += 1
    return counts, none


def _band_chart(wb, sheet: str, at: int, end: int):
    """The column chart of the bands' table (its header at row ``at + 1``, its bands down
    to row ``end - 1``)."""
    chart = wb.add_chart({"type": "column"})
    for c, color in ((2, "#70AD47"), (3, "#4472C4")):
        chart.add_series(
            {
                "name": [sheet, at + 1, c],
                "categories": [sheet, at + 2, 1, end - 1, 1],
                "values": [sheet, at + 2, c, end - 1, c],
                "fill": {"color": color},
                "data_labels": {"value": True, "font": {"size": 12}},
            }
        )
    chart.set_title({"name": "Resultados e projetos por faixa de % estado de avanço", "name_font": {"size": 14}})
    chart.set_y_axis({"min": 0, "num_format": "0", "major_gridlines": {"visible": True}, "name": "quantidade"})
    chart.set_x_axis({"num_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    return chart
