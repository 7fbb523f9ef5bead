"""The one pt-BR number parser: ``R$ 1.234,56``, ``1.234,56``, ``1234,56``, ``12,5%``.

Rule for separators (documented in docs/site/referencia/python.md):

- both ``.`` and ``,`` present: the last one is the decimal separator, the other groups
  thousands in threes (``1.234,56`` and, unambiguous, ``1,234.56``);
- only ``,``: a decimal comma (pt-BR) — ``1234,5`` — unless it repeats as thousands
  groups (``1,234,567``);
- only ``.``: thousands when it repeats or is followed by exactly three digits
  (``1.234`` = 1234, as a pt-BR reader means it); otherwise a decimal point (``12.5``);
- ``R$``, spaces, a leading ``-`` or surrounding parentheses (negative) and a trailing
  ``%`` (divides by 100) are accepted; blanks and dashes (``-``, ``–``, ``—``) are empty.
Anything else is not a number.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
# beyond this no cell holds a number a spreadsheet keeps exactly (15 significant digits), and
# no project's money reaches it; larger values are refused, so Decimal never overflows its
# 28-digit context while rounding to the cent
MAX_NUMBER = Decimal("1e15")
_EMPTY = {"", "-", "–", "—", "--"}


class NotANumber(ValueError):
    """Text in a numeric cell that is not a number."""


class TooLarge(NotANumber):
    """A number whose size is beyond any amount a workbook holds (|x| >= 1e15)."""


def _bounded(value: Decimal, shown: object) -> Decimal:
    if not value.is_finite() or abs(value) >= MAX_NUMBER:
        raise TooLarge(str(shown))
    return value


def _grouped(digits: str, sep: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(?:" + re.escape(sep) + r"\d{3})+", digits))


def parse_text(text: str) -> Decimal | None:
    """Parse pt-BR numeric text; None for blank/dash; raise NotANumber otherwise."""
    s = text.replace("\u00a0", " ").strip()
    if s in _EMPTY:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    for _ in range(2):  # "-R$ 5,00" and "R$ -5,00"
        if s.startswith("-"):
            negative, s = not negative, s[1:].strip()
        s = re.sub(r"^R\$\s*", "", s, flags=re.IGNORECASE).strip()
    s = s.replace(" ", "")
    if not s or not re.fullmatch(r"[\d.,]+", s) or not s[0].isdigit() or not s[-1].isdigit():
        raise NotANumber(text)
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        whole, frac = s.rsplit(dec, 1)
        if s.count(dec) != 1 or not _grouped(whole, thou):
            raise NotANumber(text)
        s = whole.replace(thou, "") + "." + frac
    elif commas:
        if commas > 1:
            if not _grouped(s, ","):
                raise NotANumber(text)
            s = s.replace(",", "")
        else:
            s = s.replace(",", ".")
    elif dots and (dots > 1 or _grouped(s, ".")):
        if not _grouped(s, "."):
            raise NotANumber(text)
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regexes above make this unreachable
        raise NotANumber(text) from None
    if percent:
        value = value / 100
    return -value if negative else value


def to_decimal(value: object) -> Decimal | None:
    """A cell value as Decimal: numbers as they are, text through :func:`parse_text`.

    Booleans and dates are not numbers (raise NotANumber); None is empty.
    """
    if value is None:
        return None
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        raise NotANumber(str(value))
    if isinstance(value, (int, Decimal)):
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NotANumber(str(value))
        return _bounded(Decimal(repr(value)), value)
    if isinstance(value, str):
        parsed = parse_text(value)
        return None if parsed is None else _bounded(parsed, value)
    raise NotANumber(str(value))


def cents(value: Decimal) -> Decimal:
    """Round money to the cent (LibreOffice stores 15 significant digits); a value too large
    to round (only sums of refused inputs could be) is returned as it is."""
    if not value.is_finite() or value.adjusted() >= 24:
        return value
    return value.quantize(CENT)


def format_brl(value: Decimal) -> str:
    """``Decimal('-1234.5')`` -> ``'-R$ 1.234,50'``."""
    sign = "-" if value < 0 else ""
    if not value.is_finite() or value.adjusted() >= 24:
        return f"{sign}R$ {abs(value):.3E}".replace(".", ",")
    whole, frac = f"{abs(cents(value)):,.2f}".split(".")
    return f"{sign}R$ {whole.replace(',', '.')},{frac}"
