"""Semester summaries of one or many projects (SPEC §4, ``tcxl summarize``): each project's
views (:mod:`.views`, computed in workers), the portfolio — deliveries, each project once,
the consolidated statement (:mod:`.portfolio`) — and its workbook and tables (:mod:`.workbook`)."""

from .portfolio import Summary, summarize
from .views import calendar_label, project_summary, resolve
from .workbook import write_summary, write_tables

__all__ = ["Summary", "summarize", "write_summary", "write_tables", "project_summary", "calendar_label", "resolve"]
