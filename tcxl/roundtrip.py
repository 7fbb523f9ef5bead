"""Editing a workbook someone else made: open it with openpyxl, change cells, save a copy
atomically. ``tcxl fill`` and ``tcxl check --annotate`` both go through here, so what
openpyxl cannot carry through a save (charts, images, macros, …) is refused the same way
for both before anything is written (SPEC §6)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from .atomic import atomic_write
from .errors import TcxlError

# parts openpyxl cannot carry through a save, and what the user would lose
UNSUPPORTED = (
    (re.compile(r"^xl/charts/"), "gráficos"),
    (re.compile(r"^xl/drawings/drawing\d+\.xml$"), "imagens, formas ou gráficos"),
    (re.compile(r"^xl/pivotTables/"), "tabelas dinâmicas"),
    (re.compile(r"^xl/slicers?/"), "segmentações de dados"),
    (re.compile(r"^xl/vbaProject\.bin$"), "macros"),
    (re.compile(r"^xl/ctrlProps/"), "controles de formulário"),
    (re.compile(r"^xl/embeddings/"), "objetos incorporados"),
)


def unsupported_content(path: str | Path) -> list[str]:
    """What ``path`` holds that openpyxl would drop on save (charts, images, …)."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    found = []
    for pattern, what in UNSUPPORTED:
        if any(pattern.match(n) for n in names) and what not in found:
            found.append(what)
    return found


def open_for_edit(src: str | Path, force: bool, lost_in: str, force_says: str) -> Any:
    """The openpyxl workbook of ``src`` (links kept as they are), refused in one line when
    saving it would drop content, unless ``force``. ``lost_in``/``force_says`` finish the
    sentence for the command at hand ("ao gravar", "na cópia anotada", …)."""
    import openpyxl

    lost = unsupported_content(src)
    if lost and not force:
        raise TcxlError(
            f"{src}: a planilha contém {', '.join(lost)}, que se perderiam {lost_in}; use --force para {force_says}"
        )
    return openpyxl.load_workbook(src, keep_links=True)


def save(book: Any, out: str | Path) -> Path:
    """Save ``book`` to ``out`` atomically (nothing at ``out`` changes unless the save completes)."""
    out = Path(out)
    with atomic_write(out, ".xlsx") as tmp:
        _save(book, str(tmp))
    return out


def _save(book: Any, path: str) -> None:
    """Save through one function, so tests can simulate a failure while writing."""
    book.save(path)
