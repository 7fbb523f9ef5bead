"""The summary workbook's charts: a horizontal bar chart of percentages over the hidden
sheet of the charts' sources (``Gráficos - dados``), its height on a printed page, where it
goes on its sheet, and that hidden sheet."""

from __future__ import annotations

import math

from .book import Book, cell_value
from .measure import page_height

CHART_BARS = 25  # categories a printed bar chart can label; more go on the next chart
CHART_DATA = "Gráficos - dados"  # hidden sheet holding the charts' sources


def chart_room(scale: int, header: float) -> float:
    """Pixels of chart a printed page holds at ``scale`` %, less the repeated header row."""
    return (page_height(scale) - header - 30) * 4 / 3


def chart_height(bars: int, scale: int, header: float) -> int:
    """Pixels of a bar chart of ``bars`` categories: about 34 px a bar, never taller than a
    page (less the repeated header row) at ``scale`` %."""
    return int(min(chart_room(scale, header), 120 + 34 * bars))


def bar_chart(wb, name: str, color: str, source: int, first: int, bars: int, title: str):
    """A horizontal bar chart of the percentages ``name``: ``bars`` of the points kept in
    column ``source`` of the hidden sheet (:meth:`Book.chart_source`) from its row ``first``."""
    last = first + bars - 1
    chart = wb.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": name,
            "categories": [CHART_DATA, first, source, last, source],
            "values": [CHART_DATA, first, source + 1, last, source + 1],
            "fill": {"color": color},
            "gap": 60,
            "data_labels": {"value": True, "num_format": "0%", "font": {"size": 11}},
        }
    )
    chart.set_title({"name": title, "name_font": {"size": 14}})
    _bar_axes(chart)
    return chart


def _bar_axes(chart, num_format: str = "0%") -> None:
    """A horizontal bar chart's axes: values from zero (at the bottom), categories top to
    bottom in order."""
    chart.set_x_axis(
        {"num_format": num_format, "min": 0, "major_gridlines": {"visible": True}, "num_font": {"size": 12}}
    )
    chart.set_y_axis({"reverse": True, "crossing": "max", "num_font": {"size": 12}})
    chart.set_legend({"none": True})


def place_chart(ws, at: int, chart, height: int) -> int:
    """Put ``chart`` (``height`` pixels) at row ``at`` of ``ws``; returns the row under it."""
    ws.insert_chart(at, 0, chart, {"x_offset": 5, "y_offset": 5})
    return at + math.ceil(height / 20)


def write_chart_data(wb, book: Book) -> None:
    """The hidden sheet of the charts' sources (label, value), written row by row."""
    ws = wb.add_worksheet(CHART_DATA)
    longest = max((len(points) for _, points in book.chart_columns), default=0)
    for r in range(longest):
        for first, points in book.chart_columns:
            if r < len(points):
                label, value = points[r]
                ws.write_string(r, first, label)
                if cell_value(value) is not None:
                    ws.write_number(r, first + 1, value)
    ws.print_area(0, 10, 0, 10)
    ws.hide()
