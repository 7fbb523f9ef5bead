"""What the summary workbook's sheets read from a :class:`~.portfolio.Summary`: a cell's
value, a frame's columns and records, the last semester's rows, the years in order, and the
:class:`Book` every sheet shares (the last semester's projects, their numbers, each file's
entity, the charts' sources)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .portfolio import Summary

TOTAL_ROW = "Total (todos os projetos)"  # the title of a table's Total row


def cell_value(value: Any) -> Any:
    """A cell's value: None for nothing (None, NaN, pandas' NA)."""
    if value is None or (isinstance(value, float) and value != value) or type(value).__name__ == "NAType":
        return None
    return value


def semesters_text(summary: Summary) -> str:
    return ", ".join(summary.semesters)


def frame_column(frame, key: str, default: Any = None) -> list:
    return frame[key].tolist() if key in frame.columns else [default] * len(frame)


def frame_records(frame, keys: Iterable[str]) -> list[dict]:
    keys = list(keys)
    return [dict(zip(keys, row)) for row in zip(*[frame_column(frame, k) for k in keys])] if len(frame) else []


def last_semester(frame, semester: str):
    """The rows of ``frame`` (a view with a ``report_semester`` column) for ``semester``."""
    return frame[frame["report_semester"] == semester] if len(frame) else frame


def year_order(years: Iterable[Any]) -> list[str]:
    """'Ano I', 'Ano II', … in order, then 'Acumulado'."""
    from ..periods import year_label

    order = {year_label(y): y for y in range(1, 21)}
    seen = dict.fromkeys(str(y) for y in years if y is not None)
    return sorted(seen, key=lambda y: order.get(y, 98 if y != "Acumulado" else 99))


class Book:
    """What the sheets share: the last semester's projects (their numbers and rows in
    `Projetos`), each file's entity, and the charts' sources gathered for the hidden sheet."""

    def __init__(self, summary: Summary, path: Path):
        self.summary, self.path = summary, path
        deliveries = summary.deliveries
        self.entity = dict(zip(frame_column(deliveries, "file"), frame_column(deliveries, "entity", "")))
        self.cnpj = dict(zip(frame_column(deliveries, "file"), frame_column(deliveries, "cnpj", "")))
        self.uf = dict(zip(deliveries["file"], deliveries["uf"])) if "uf" in deliveries.columns else None
        projects, totals = summary.projects, summary.totals
        self.projects = frame_records(last_semester(projects, summary.semester), list(projects.columns))
        total = (
            frame_records(last_semester(totals, summary.semester), list(totals.columns)) if totals is not None else []
        )
        # the Total line of the tables: the semester's row of ``totals`` (no file, no period)
        self.total = {"file": "", "period": "", "calendar": "", **total[0]} if total else None
        self.number = {r["file"]: n for n, r in enumerate(self.projects, start=1)}
        self.chart_columns: list[tuple[int, list[tuple[str, float]]]] = []  # (first column, [(label, value)])

    def with_total(self) -> list[dict]:
        """The projects, then the Total row (when there is one)."""
        return self.projects + ([self.total] if self.total else [])

    def numbered(self, project: dict, number: int) -> dict:
        """A row of :meth:`with_total` as a numbered table shows it: its Nº (none for the
        Total) and its title (the Total's own for the Total)."""
        total = project is self.total
        return {
            **project,
            "number": None if total else number,
            "project": TOTAL_ROW if total else project.get("project"),
        }

    def by_execution(self) -> list[dict]:
        """The projects with a % execução, the lowest first (ties in their Nº order)."""
        return sorted(
            (p for p in self.projects if cell_value(p.get("pct")) is not None),
            key=lambda p: (p["pct"], self.number[p["file"]]),
        )

    def chart_source(self, points: list[tuple[str, float]]) -> int:
        """Keep ``points`` for the hidden sheet; returns their first column there."""
        first = 3 * len(self.chart_columns)
        self.chart_columns.append((first, points))
        return first
