"""Locate and read the Identificação fields (entity, areas, project, responsible person).

Each label is searched anywhere (folded, without its colon); its value is the text after
the colon in the same cell or the first non-label cell to its right. 'Nome:' and 'E-mail:'
after 'Responsável pelas informações' belong to the responsible person. The protocol
number (NUP) is found under the names people give it: 'Nº do Protocolo do projeto',
'Protocolo', 'NUP', 'Número do Processo' (the TC reports' name for the same number).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from ..layout import identification as layout
from ..structure import AREAS
from ..text import fold
from .grid import Grid, Reading

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _label(text: str) -> str:
    return fold(text).rstrip(":").strip()


# words of a protocol label besides the name itself: 'Nº do Protocolo (NUP) do projeto'
_NUMBER_WORDS = frozenset({"n", "no", "nr", "nro", "num", "numero", "o"})
_FILLER_WORDS = frozenset({"do", "de", "da", "projeto", "sei"})


def is_protocol_label(text: str) -> bool:
    """Whether a cell's text (up to its colon) names the project's protocol number:
    'Nº do Protocolo do projeto', 'Número do protocolo', 'Protocolo (NUP)', 'NUP:',
    'N.º do Processo' (folded: case, accents and spacing ignored; a leading numbering such
    as '2.0.' too). 'Processo' alone, or a text that merely mentions a protocol
    ('Protocolo clínico publicado'), is not."""
    head = re.sub(r"^[\d.\s]+", "", fold(text).split(":", 1)[0])
    words = [w for w in re.split(r"[\s.()\-–/]+", head) if w and w not in _FILLER_WORDS]
    numbered = bool(words) and words[0] in _NUMBER_WORDS
    words = [w for w in words if w not in _NUMBER_WORDS]
    return sorted(set(words)) in (["protocolo"], ["nup"], ["nup", "protocolo"]) or (numbered and words == ["processo"])


# fields found by a predicate rather than by their label's start (people name them differently)
_MATCHERS = {"project.protocol": is_protocol_label}

ALL_LABELS = {
    _label(label)
    for spec in (layout.ENTITY_FIELDS, layout.PROJECT_FIELDS, layout.RESPONSIBLE_FIELDS)
    for _, label, _ in spec
} | {_label(layout.PERIOD_HINT)}


def read(r: Reading) -> None:
    found = r.anchor(lambda t: t.startswith("cnpj"))
    if found is None:
        r.missing_table("info", "A - INFORMAÇÕES DA ENTIDADE DE SAÚDE", "CNPJ:")
        return
    grid = found[0]
    r.tables["info"] = grid.name
    responsible = next(grid.find(lambda t: t.startswith(fold(layout.SECTION_RESPONSIBLE).rstrip(":"))), None)
    split = responsible[0] if responsible else len(grid.rows)
    for prefix, spec, rows in (
        ("entity.", layout.ENTITY_FIELDS, range(0, split)),
        ("project.", layout.PROJECT_FIELDS, range(0, len(grid.rows))),
        ("responsible.", layout.RESPONSIBLE_FIELDS, range(split, len(grid.rows))),
    ):
        for key, label, kind in spec:
            match = _MATCHERS.get(prefix + key)
            pos = _find(grid, _label(label), rows) if match is None else _find_by(grid, match, rows)
            if pos is None:
                continue
            if kind == "period":
                _period(r, grid, *pos)
            else:
                _field(r, ("info", prefix + key), grid, *pos, kind)
    for area in AREAS:
        pos = _find(grid, fold(area), range(len(grid.rows)), contains=True)
        if pos is not None:
            row, col = pos
            marked = any(isinstance(v, str) and v.strip() for v in grid.rows[row][col + 1 :]) or bool(
                re.match(r"^\(\s*x\s*\)", grid.text(row, col))
            )
            r.locate(("info", "area", area), grid, row, min(col + 1, grid.width()))
            r.values[("info", "area", area)] = "X" if marked else None


def _find(grid: Grid, label: str, rows: range, contains: bool = False) -> tuple[int, int] | None:
    for (row, col), text in grid.texts.items():
        if row in rows and (label in text if contains else text.startswith(label)):
            return row, col
    return None


def _find_by(grid: Grid, match, rows: range) -> tuple[int, int] | None:
    for (row, col), text in grid.texts.items():
        if row in rows and match(text):
            return row, col
    return None


def _code(value):
    """A code field (the protocol) typed as a number reads as the text of its digits."""
    if (
        isinstance(value, (int, float, Decimal))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value == int(value)
    ):
        return str(int(value))
    return value.strip() if isinstance(value, str) else value


def _right(grid: Grid, row: int, col: int) -> list[tuple[int, object]]:
    """Non-empty cells right of a label, stopping at the next label."""
    out = []
    for c in range(col + 1, len(grid.rows[row])):
        value = grid.value(row, c)
        if value in (None, ""):
            continue
        if isinstance(value, str) and (_label(value) in ALL_LABELS or is_protocol_label(value)):
            break
        out.append((c, value))
    return out


def _field(r: Reading, key: tuple, grid: Grid, row: int, col: int, kind: str) -> None:
    own = grid.value(row, col)
    rest = own.split(":", 1)[1].strip() if isinstance(own, str) and ":" in own else ""
    if rest:
        r.locate(key, grid, row, col)
        value: object = rest
    else:
        cells = _right(grid, row, col)
        c = cells[0][0] if cells else col + 1
        r.locate(key, grid, row, c)
        value = cells[0][1] if cells else None
        if kind == "money":
            r.number(key, grid, row, c)
            return
    if kind == "date":
        r.values[key] = _date(value)
    elif kind == "code":
        r.values[key] = _code(value)
    else:
        r.values[key] = value.strip() if isinstance(value, str) else value


def _period(r: Reading, grid: Grid, row: int, col: int) -> None:
    dates = []
    for c, value in _right(grid, row, col):
        if isinstance(value, (dt.date, dt.datetime)):
            dates.append((c, _date(value)))
        elif isinstance(value, str):
            found = _DATE.findall(value)
            # each dd/mm/aaaa in the text; an impossible date or other text stays as typed (TCX605)
            dates += [(c, _date(f"{d}/{m}/{y}")) for d, m, y in found] or [(c, value.strip())]
    for name, (c, value) in zip(("start", "end"), dates):
        r.locate(("info", name), grid, row, c)
        r.values[("info", name)] = value


def _date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and (m := _DATE.search(value)):
        d, mth, y = map(int, m.groups())
        try:
            return dt.date(y, mth, d)
        except ValueError:
            return value
    return value
