"""Project years and semesters (SPEC §1): "Ano II/1º Sem" and calendar "2025-1".

A project runs ``N`` years; semesters are numbered 1..2N inside the project
(semester 3 = Ano II/1º Sem). With the default calendar basis Ano I is the first
calendar year of the execution period; with the project basis Ano I starts at the
start date. These helpers convert between the forms users type and that index.
"""

from __future__ import annotations

import re

from .text import fold

_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def roman(n: int) -> str:
    out = ""
    for value, sym in _ROMAN:
        while n >= value:
            out += sym
            n -= value
    return out


def from_roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total, prev = 0, 0
    for ch in reversed(text.upper()):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


_YEAR = re.compile(r"^(?:ano)?([ivx]+|\d+)(?:o|a)?(?:ano)?$")
_HALF = re.compile(r"^([12])(?:o|a)?(?:sem(?:estre)?)?$")


def year_number(value: object) -> int | None:
    """A year of the project as tables write it: ``2``, ``"2"``, ``2.0``, ``"Ano II"``,
    ``"ano ii"``, ``"II"``, ``"2º ano"``; None when it is none of them."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    m = _YEAR.match(fold(str(value)).replace(" ", "").replace("º", "o").replace("ª", "a"))
    if m is None:
        return None
    text = m.group(1)
    return int(text) if text.isdigit() else from_roman(text)


def half_number(value: object) -> int | None:
    """The half of a year as tables write it: ``1``, ``"1º Sem"``, ``"2o semestre"``; None
    otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    m = _HALF.match(fold(str(value)).replace(" ", "").replace("º", "o").replace("ª", "a").rstrip("."))
    return int(m.group(1)) if m else None


def year_label(year: int) -> str:
    """'Ano II' (financial and disbursement headers)."""
    return f"Ano {roman(year)}"


# the all-years total of an N-year project, as the model names it for three years
# ('Total Triênio'; matrix 'TRIÊNIO'); readers also accept 'Total do Período' and 'TOTAL'
ALL_YEARS_WORDS = {2: "Biênio", 3: "Triênio", 4: "Quadriênio", 5: "Quinquênio", 6: "Sexênio"}
_ALL_YEARS = re.compile(
    r"^(?:total\s+(?:do\s+)?)?(?:bienio|trienio|quadrienio|quinquenio|sexenio|periodo)\b"
    r"|^total(?:\s*\(r\$\))?$"
)


def all_years_word(years: int) -> str:
    """'Triênio' for 3 years, 'Quinquênio' for 5, 'Período' otherwise."""
    return ALL_YEARS_WORDS.get(years, "Período")


def all_years_label(years: int) -> str:
    """'Total Triênio', 'Total Quinquênio', 'Total do Período'."""
    word = all_years_word(years)
    return f"Total do {word}" if word == "Período" else f"Total {word}"


def is_all_years(folded: str) -> bool:
    """Whether a folded header names the all-years column ('total quinquenio (r$)', 'trienio')."""
    return _ALL_YEARS.match(folded) is not None


def half_label(half: int) -> str:
    return f"{half}º Sem"


def semester_year_half(index: int) -> tuple[int, int]:
    """Semester index 1..2N -> (year 1..N, half 1|2)."""
    return (index - 1) // 2 + 1, (index - 1) % 2 + 1


def semester_index(year: int, half: int) -> int:
    return (year - 1) * 2 + half


def period_label(index: int) -> str:
    """'Ano II/1º Sem' for semester index 3."""
    year, half = semester_year_half(index)
    return f"{year_label(year)}/{half_label(half)}"


_CALENDAR = re.compile(r"^(\d{4})[-/.]([12])$")
_PROJECT = re.compile(r"^(?:ano)?([ivx]+)[/\-,.]*([12])(?:o|a)?(?:sem(?:estre)?)?$")


def check_semester_form(value: str) -> str:
    """``value`` unchanged when it is written as a semester (``2025-1``, ``Ano II/1º Sem``,
    ``II/1``, ``3``), whatever the project; else ValueError with a pt-BR message. Lets a
    command refuse a typo before reading any workbook."""
    text = fold(str(value)).replace(" ", "")
    m = _PROJECT.match(text)
    ok = (
        (text.isdigit() and int(text) >= 1)
        or _CALENDAR.match(text) is not None
        or (m is not None and _valid_roman(m.group(1)))
    )
    if not ok:
        raise ValueError(f"semestre inválido: '{value}' (use 2025-1, 2025-2 ou 'Ano II/1º Sem')")
    return value


def _valid_roman(text: str) -> bool:
    try:
        return from_roman(text) >= 1
    except (KeyError, ValueError):
        return False


def parse_semester(value: object, years: int, first_year: int | None = None) -> int:
    """Turn ``3``, ``"Ano II/1º Sem"``, ``"II/1"`` or ``"2025-1"`` into a semester index.

    Calendar forms need ``first_year`` (the calendar year of Ano I). Raises
    ``ValueError`` with a pt-BR message when the text is not a semester of the project.
    """
    if isinstance(value, bool):
        raise ValueError(f"semestre inválido: {value!r}")
    if isinstance(value, int):
        index = value
    else:
        text = fold(str(value)).replace(" ", "")
        if text.isdigit():
            index = int(text)
        elif m := _CALENDAR.match(text):
            if first_year is None:
                raise ValueError(f"semestre {value!r} no calendário exige a data de início do projeto")
            index = semester_index(int(m.group(1)) - first_year + 1, int(m.group(2)))
        elif m := _PROJECT.match(text):
            index = semester_index(from_roman(m.group(1)), int(m.group(2)))
        else:
            raise ValueError(f"semestre inválido: {value!r} (use 'Ano II/1º Sem', 3 ou '2025-1')")
    if not 1 <= index <= 2 * years:
        raise ValueError(f"semestre {value!r} fora dos {years} anos do projeto")
    return index
