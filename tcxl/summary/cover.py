"""`Resumo`, the summary workbook's cover: one A4 page with the deliveries by status, the
physical progress and the money of the last semester, the trend over the semesters asked and
the projects with the lowest execution, each linked to its row in `Projetos`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .book import Book, cell_value, frame_column, frame_records, last_semester, semesters_text, year_order
from .cells import Formats, set_print
from .measure import money_width, wrapped_lines
from .portfolio import INCLUDED, OUTSIDE, REPLACED, WITH_ERRORS, Summary
from .views import NOT_PROADI, NOTHING, UNREADABLE

LOWEST = 10  # projects the cover names, lowest execution first

COVER_WIDTHS = [8, 30, 11, 2, 24, 11, 11, 2, 20, 17, 17, 9]  # A … L; J, K grow for large amounts


def _portfolio_money(summary: Summary) -> dict[str, tuple]:
    """{year: (previsto, executado, %)} of the last semester, the blocks of every included
    project added up (what `Projetos` adds: its Total line, ``totals``, is the 'Acumulado'
    line); a sum nobody reported stays None."""
    from decimal import Decimal

    blocks = summary.blocks
    if not len(blocks) or "year" not in blocks.columns:
        return {}
    last = last_semester(blocks, summary.semester)
    sums: dict[str, list] = {}
    for year, planned, executed in zip(
        frame_column(last, "year"), frame_column(last, "planned"), frame_column(last, "executed")
    ):
        row = sums.setdefault(str(year), [None, None])
        for i, v in enumerate((planned, executed)):
            if cell_value(v) is not None:
                row[i] = (row[i] or Decimal(0)) + Decimal(str(v))
    return {
        year: (
            None if p is None else float(p),
            None if e is None else float(e),
            float(e / p) if p and e is not None else None,
        )
        for year, (p, e) in sums.items()
    }


def write_cover(wb, fmt: Formats, book: Book, generated: dt.date) -> None:
    """`Resumo`, one A4 page: deliveries by status, the physical progress and the money of
    the last semester, the trend over the semesters asked, and the lowest executions, each
    linked to its row in `Projetos`."""
    from .. import __version__

    summary = book.summary
    ws = wb.add_worksheet("Resumo")
    widths: list[float] = list(COVER_WIDTHS)
    money = _portfolio_money(summary)
    ranked = book.by_execution()
    lowest = ranked[:LOWEST]
    big = money_width(
        [v for y in money.values() for v in y[:2]] + [p.get(k) for p in lowest for k in ("planned", "executed")],
        17,
    )
    widths[9] = widths[10] = big
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    page = _Page(fmt)
    page.put(0, 0, f"Resumo semestral {semesters_text(summary)}", fmt.cover_title, 11)
    page.put(
        1,
        0,
        f"Gerado em {generated:%d/%m/%Y} por tcxl {__version__} · {len(book.projects)} projeto(s) no resumo"
        f" · {len(summary.deliveries)} arquivo(s) recebido(s)",
        fmt.note,
        11,
    )
    top = 3
    page.put(top, 0, "Entregas (arquivos recebidos)", fmt.section, 2)
    page.put(top, 4, f"Avanço físico — {summary.semester}", fmt.section, 6)
    page.put(top, 8, f"Execução financeira da carteira — {summary.semester}", fmt.section, 11)
    page.heights[top] = 22
    used = [_deliveries(page, summary, top), _actions(page, book, top)]
    if len(summary.semesters) > 1:
        used.append(_trend(page, summary, used[-1] + 2))
    used.append(_money(page, summary, money, top))
    end = _lowest(page, book, ranked, widths, max(used) + 2)
    page.write(ws, end)
    set_print(ws, widths, end, None)
    ws.fit_to_pages(1, 1)  # the cover is bounded (about 40 rows): one page whatever its scale
    ws.hide_gridlines(2)
    ws.activate()


class _Page:
    """The cover's cells gathered by row (merged ranges, links) and its rows' heights, then
    written top to bottom (the workbook is written in ``constant_memory`` mode)."""

    def __init__(self, fmt: Formats):
        self.fmt = fmt
        self.grid: dict[int, list] = {}  # row -> [(first col, last col, value, format, url)]
        self.heights = {0: 30, 1: 18, 2: 8}

    def put(self, r: int, c: int, value: Any, form, last_col: int | None = None, url: str | None = None) -> None:
        self.grid.setdefault(r, []).append((c, c if last_col is None else last_col, value, form, url))

    def amount(self, r: int, c: int, value: Any, kind: str) -> None:
        """A number, or '—' for one nobody reported."""
        value = cell_value(value)
        if value is None:
            self.put(r, c, NOTHING, self.fmt.cover["nothing"])
        else:
            self.put(r, c, value, self.fmt.cover[kind])

    def write(self, ws, end: int) -> None:
        """Rows 0 to ``end``."""
        for row in range(end + 1):
            if row in self.heights:
                ws.set_row(row, self.heights[row])
            for first, last_col, value, form, url in sorted(self.grid.get(row, []), key=lambda x: x[0]):
                if last_col > first:
                    ws.merge_range(row, first, row, last_col, "", form)
                if url:
                    ws.write_url(row, first, url, form, str(value))
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    ws.write_number(row, first, value, form)
                else:
                    ws.write_string(row, first, str(value), form)


def _deliveries(page: _Page, summary: Summary, top: int) -> int:
    """The files received by status, under row ``top``; returns the last row."""
    fmt = page.fmt
    statuses = [str(s) for s in frame_column(summary.deliveries, "status", "")]
    lines = [
        ("Recebidos", len(statuses), True),
        ("Incluídos", statuses.count(INCLUDED), False),
        ("Incluídos com erros", statuses.count(WITH_ERRORS), False),
        ("Substituídos por outro arquivo", sum(s.startswith(REPLACED) for s in statuses), False),
        ("Ilegíveis", statuses.count(UNREADABLE), False),
        ("Não são planilha PROADI-SUS", statuses.count(NOT_PROADI), False),
        ("Fora do período", statuses.count(OUTSIDE), False),
    ]
    for i, (label, n, bold) in enumerate(lines, start=top + 1):
        page.put(i, 0, label, fmt.label_bold if bold else fmt.label, 1)
        page.put(i, 2, n, fmt.cover["int"])
    return top + len(lines)


def _actions(page: _Page, book: Book, top: int) -> int:
    """The actions of the last semester, under row ``top``; returns the last row."""
    total = book.total or {}
    actions = [
        ("Ações programadas", total.get("programmed"), "int"),
        ("Ações finalizadas", total.get("finished"), "int"),
        ("Ações adiadas/canceladas", total.get("postponed"), "int"),
        ("% estado de avanço", total.get("progress"), "pct"),
    ]
    for i, (label, value, kind) in enumerate(actions, start=top + 1):
        page.put(i, 4, label, page.fmt.label, 5)
        page.amount(i, 6, value, kind)
    return top + len(actions)


def _trend(page: _Page, summary: Summary, r: int) -> int:
    """Per semester asked, % avanço and % execução, from row ``r``; returns the last row."""
    fmt = page.fmt
    page.put(r, 4, "Semestre", fmt.head)
    page.put(r, 5, "% avanço", fmt.head)
    page.put(r, 6, "% execução", fmt.head)
    totals = {t["report_semester"]: t for t in frame_records(summary.totals, ("report_semester", "progress", "pct"))}
    for i, semester in enumerate(summary.semesters, start=r + 1):
        t = totals.get(str(semester), {})
        page.put(i, 4, str(semester), fmt.label)
        page.amount(i, 5, t.get("progress"), "pct")
        page.amount(i, 6, t.get("pct"), "pct")
    return r + len(summary.semesters)


def _money(page: _Page, summary: Summary, money: dict[str, tuple], top: int) -> int:
    """The portfolio's money per year and to date, under row ``top``; returns the last row."""
    fmt = page.fmt
    years = year_order(money)
    for c, name in zip(range(8, 12), ("Ano", "Previsto (R$)", "Executado (R$)", "%")):
        page.put(top + 1, c, name, fmt.head)
    for i, year in enumerate(years, start=top + 2):
        bold = year == "Acumulado"
        planned, executed, pct = money[year]
        page.put(i, 8, f"Acumulado até {summary.semester}" if bold else year, fmt.label_bold if bold else fmt.label)
        page.amount(i, 9, planned, "brl")
        page.amount(i, 10, executed, "brl")
        page.amount(i, 11, pct, "pct")
    if not years:
        page.put(top + 2, 8, "nenhum valor informado", fmt.note, 11)
    return top + 1 + max(len(years), 1)


def _lowest(page: _Page, book: Book, ranked: list[dict], widths: list[float], r: int) -> int:
    """The lowest executions of ``ranked`` (:meth:`Book.by_execution`) from row ``r``, each
    linked to its row in `Projetos`; returns the last row."""
    fmt = page.fmt
    lowest = ranked[:LOWEST]
    page.put(
        r,
        0,
        f"Os {len(lowest) or LOWEST} projetos com menor execução financeira acumulada (o Nº leva à linha "
        "do projeto em Projetos)",
        fmt.section,
        11,
    )
    page.heights[r] = 22
    page.put(r + 1, 0, "Nº", fmt.head)
    page.put(r + 1, 1, "Projeto", fmt.head, 5)
    page.put(r + 1, 6, "Entidade", fmt.head, 8)
    page.put(r + 1, 9, "Previsto acumulado (R$)", fmt.head)
    page.put(r + 1, 10, "Executado acumulado (R$)", fmt.head)
    page.put(r + 1, 11, "% execução", fmt.head)
    page.heights[r + 1] = 15 * wrapped_lines("Executado acumulado (R$)", widths[10], True) + 3
    title_width, entity_width = sum(widths[1:6]), sum(widths[6:9])
    for i, p in enumerate(lowest, start=r + 2):
        number = book.number[p["file"]]
        entity = book.entity.get(p["file"], "") or ""
        page.put(i, 0, f"Nº {number}", fmt.cover["link"], url=f"internal:'Projetos'!A{number + 2}")
        page.put(i, 1, p["project"], fmt.cover["wrap"], 5)
        page.put(i, 6, entity, fmt.cover["wrap"], 8)
        page.amount(i, 9, p.get("planned"), "brl")
        page.amount(i, 10, p.get("executed"), "brl")
        page.amount(i, 11, p.get("pct"), "pct")
        page.heights[i] = 15 * max(wrapped_lines(p["project"], title_width), wrapped_lines(entity, entity_width)) + 3
    end = r + 1 + len(lowest)
    if not lowest:
        end += 1
        page.put(end, 0, "nenhum projeto com valores financeiros informados", fmt.note, 11)
    missing = len(book.projects) - len(ranked)
    if missing:
        end += 1
        page.put(
            end, 0, f"{missing} projeto(s) sem valores financeiros informados não entram nesta lista.", fmt.note, 11
        )
    return end
