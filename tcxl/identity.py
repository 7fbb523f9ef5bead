"""Which project a workbook is about, as one comparable string (SPEC §4.1).

A monitoring team receives several files of the same project in a semester (a corrected
copy, a re-send under another name) and must count the project once. The project's
protocol number (NUP, ``Nº do Protocolo do projeto``, e.g. ``25000.009153/2018-81``) names
it without doubt, so it wins when the workbook carries one; older workbooks and the
official model have no such field, so the fallback is the entity's CNPJ plus the project
title, normalised so that the same title retyped with other case, accents, punctuation or
spacing still matches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .text import fold

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _text(value: Any) -> str:
    """A field's text; '' for a blank (None, NaN, empty)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():  # a number typed without its mask
        value = int(value)
    return str(value).strip()


def normalise_title(title: Any) -> str:
    """'Projeto Ação  Saúde.' -> 'projeto acao saude': case and accents folded, punctuation
    taken as a word break, spaces collapsed."""
    return " ".join(_NOT_ALNUM.sub(" ", fold(_text(title)).casefold()).split())


def project_identity(info: Mapping[str, Any]) -> str:
    """The identity of the project a workbook describes, from its ``info`` (``Workbook.info``).

    - ``nup:<digits>`` — the protocol number's digits, when the workbook carries one;
    - else ``cnpj:<CNPJ>|<title>`` — the entity's CNPJ without its mask (14 digits; the
      alphanumeric CNPJ in force from July 2026 keeps its letters, upper-cased) and the
      normalised title (:func:`normalise_title`);
    - else ``''`` when neither a CNPJ nor a title is there (the file cannot be matched with
      another: the caller counts it on its own).
    """
    digits = re.sub(r"\D", "", _text(info.get("project.protocol")))
    if digits:
        return f"nup:{digits}"
    cnpj = re.sub(r"[^0-9A-Z]", "", _text(info.get("entity.cnpj")).upper())
    title = normalise_title(info.get("project.title"))
    if not cnpj and not title:
        return ""
    return f"cnpj:{cnpj}|{title}"


__all__ = ["normalise_title", "project_identity"]
