"""How tcxl's objects show themselves in a terminal and a notebook: pt-BR counts, short file
names, compact HTML tables with every text escaped. Kept apart from what they describe, so
the reader, the reports and the summary can all use it without importing each other."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def counted(n: int, one: str, many: str) -> str:
    """``1 erro``, ``2 erros`` (pt-BR, for what a person reads)."""
    return f"{n} {one if n == 1 else many}"


def short_name(path: str, limit: int = 80) -> str:
    """A file's name for a one-line repr (its last part, cut to ``limit`` characters)."""
    name = Path(path).name or path
    return name if len(name) <= limit else name[: limit - 1] + "…"


def html_table(caption: str, rows: Iterable[Sequence[Any]], head: Sequence[str] = (), note: str = "") -> str:
    """A compact HTML table for a notebook, every text escaped: ``caption`` above, ``head``
    as the header row, ``note`` below (e.g. "… e mais 12")."""
    esc = html.escape

    def cells(row: Sequence[Any], tag: str) -> str:
        return "".join(f'<{tag} style="text-align:left">{esc(str(v))}</{tag}>' for v in row)

    parts = [f'<table class="tcxl"><caption style="text-align:left"><b>{esc(caption)}</b></caption>']
    if head:
        parts.append(f"<thead><tr>{cells(head, 'th')}</tr></thead>")
    parts.append("<tbody>" + "".join(f"<tr>{cells(r, 'td')}</tr>" for r in rows) + "</tbody></table>")
    if note:
        parts.append(f"<p>{esc(note)}</p>")
    return "".join(parts)


def counts_text(errors: int, warnings: int, infos: int) -> str:
    """``2 erros, 1 aviso`` and ``, 3 informações`` when there are any: a report's counts as the
    text output, the reprs and the notebook tables all say them."""
    words = [counted(errors, "erro", "erros"), counted(warnings, "aviso", "avisos")]
    return ", ".join(words + ([counted(infos, "informação", "informações")] if infos else []))
