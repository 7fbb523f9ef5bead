"""Locate and read the Matriz de Planejamento e Monitoramento (SPEC §1.5, §2).

Anchored on '1. LÓGICA DA INTERVENÇÃO'; below it the year groups ('Ano I' … 'TRIÊNIO'),
then '1º SEM | 2º SEM | Total', then 'Previsto | Realizado'. Element rows are recognised
by 'Objetivo 1:', 'Resultado 2:', 'Produto 1.1:', 'Atividade 1.2:'; each following row
without a new element is one more indicator of the same element.
"""

from __future__ import annotations

import re

from ..layout import matrix as layout
from ..periods import all_years_word, is_all_years, roman
from ..rules import declare
from ..text import fold
from .grid import YEAR, Grid, Reading, group_columns, ref

# possessive quantifiers: a long run of digits and spaces cannot make it backtrack (linear time)
emit = declare("TCX102")
ELEMENT = re.compile(r"^(objetivo|resultado|produto|atividade)\s*+([\d.]++)\s*+(?::|-|–|$)\s*+(.*)$", re.S)
LEVELS = {fold(pattern.split()[0]): (level, prefix) for level, _, pattern, prefix in layout.GROUPS}
SUBS: tuple[int | str, ...] = (1, 2, "total")  # what each of layout.PERIOD_HEADERS stands for
SUB = {fold(text): sub for text, sub in zip(layout.PERIOD_HEADERS, SUBS)}
SUB |= {text.replace("o sem", " sem"): sub for text, sub in SUB.items()}  # '1 SEM' typed without the º
PLANNED, REALIZED = (fold(text) for text in layout.FIELD_HEADERS)


def read(r: Reading) -> int | None:
    """Read the matrix into ``r``; return the number of years found (None if no table)."""
    found = r.anchor(lambda t: "logica da intervencao" in t)
    if found is None:
        r.missing_table("matrix", layout.TITLE, layout.LOGIC_HEADER)
        return None
    grid, row, col = found
    r.tables["matrix"] = grid.name
    heads = {t: (rr, c) for rr in range(row, min(row + 6, len(grid.rows))) for c, t in grid.row_texts(rr)}
    named = {
        name: next((pos for t, pos in heads.items() if t.startswith(fold(label))), None)
        for name, label in (
            ("description", layout.DESCRIPTION_HEADER),
            ("baseline", layout.BASELINE_HEADER),
            ("source", layout.SOURCES_HEADER),
            ("assumption", layout.ASSUMPTIONS_HEADER),
        )
    }
    years_row = next(
        (rr for rr in range(row, min(row + 6, len(grid.rows))) if any(YEAR.match(t) for _, t in grid.row_texts(rr))),
        None,
    )
    if years_row is None:
        r.findings.append(
            emit("TCX102", grid.name, ref(row, col), expected="Ano I", header="Ano I", place="sob 'Metas' na matriz")
        )
        return None
    targets = _target_columns(grid, years_row)
    years = sum(1 for _, t in grid.row_texts(years_row) if YEAR.match(t))
    if ("T", "planned") not in targets:
        label = all_years_word(years).upper()
        r.findings.append(
            emit(
                "TCX102",
                grid.name,
                ref(years_row, max(targets.values(), default=col) + 1),
                expected=label,
                header=label,
                place=f"(o total de todos os anos) à direita do Ano {roman(years)} na matriz; "
                "os totais do período não foram conferidos",
            )
        )
    first = max(years_row + 3, *(pos[0] + 1 for pos in named.values() if pos))
    items = r.items.setdefault("matrix", [])
    level = element = None
    index = 0
    for rr in range(first, len(grid.rows)):
        text = grid.text(rr, col)
        match = ELEMENT.match(text) if text else None
        if text and not match:
            if text[:4] in ("1.1.", "1.2.", "1.3.", "1.4.") or text.startswith(("1.1 ", "1.2 ", "1.3 ", "1.4 ")):
                element = None  # a group heading
            continue
        if match:
            level, prefix = LEVELS[match.group(1)]
            element, index = prefix + match.group(2).rstrip("."), 0
            raw = grid.value(rr, col)
            items.append((level, element, index, _original(raw)))
            r.locate(("mat", element, "code"), grid, rr, col)
        elif element is None or not _has_content(grid, rr, named, targets):
            continue
        else:
            index += 1
            items.append((level, element, index, None))
        for name, pos in named.items():
            if pos is not None:
                r.text_value(("mat", element, index, name), grid, rr, pos[1])
        for (period, field), c in targets.items():
            key = ("mat", element, index, period, field)
            if period.startswith("S"):
                r.number(key, grid, rr, c, money=False)
            else:
                r.locate(key, grid, rr, c)
    return years


def _original(raw) -> str:
    """Element description without its 'Resultado 2:' prefix, in the original case."""
    if not isinstance(raw, str):
        return ""
    parts = re.split(r":|\s-\s", raw, maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _has_content(grid: Grid, row: int, named: dict, targets: dict) -> bool:
    cols = [pos[1] for pos in named.values() if pos] + list(targets.values())
    return any(grid.value(row, c) not in (None, "") for c in cols)


def _target_columns(grid: Grid, years_row: int) -> dict[tuple[str, str], int]:
    """{("S3"|"Y2"|"T", "planned"|"realized"): col} from the three header rows."""
    out: dict[tuple[str, str], int] = {}
    year = 0
    for first, end, text in group_columns(grid, years_row, 0, lambda t: YEAR.match(t) or is_all_years(t)):
        if YEAR.match(text):
            year += 1
        subs = [(c, SUB.get(t)) for c, t in grid.row_texts(years_row + 1, first) if c < end and SUB.get(t)]
        if not YEAR.match(text):
            subs = [(first, "total")]
        for i, (c, sub) in enumerate(subs):
            stop = subs[i + 1][0] if i + 1 < len(subs) else end
            period = (
                "T" if not YEAR.match(text) else (f"S{2 * (year - 1) + sub}" if isinstance(sub, int) else f"Y{year}")
            )
            if (period, "planned") in out:
                break  # a second 'Total' in a year's span: an all-years column tcxl could not place
            fields = {t: cc for cc, t in grid.row_texts(years_row + 2, c) if cc < stop}
            out[(period, "planned")] = fields.get(PLANNED, c)
            out[(period, "realized")] = fields.get(REALIZED, c + 1)
    return out
