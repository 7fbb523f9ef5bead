"""The functions tcxl understands, in one table: English name (as xlsx stores it), pt-BR
name (as a pt-BR spreadsheet shows it), how it evaluates, and what it means symbolically
when it can (SPEC §3.1). Parsing, evaluation, the checker's messages and the builder all
read this table; nothing else lists function names.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Function:
    name: str                       # English, upper case, as stored in .xlsx
    ptbr: str                       # pt-BR Excel/LibreOffice name
    evaluate: Callable | None = None  # (evaluator, args: list[node]) -> value
    meaning: str | None = None      # name of the symbolic handler in .meaning, when there is one


_TABLE = [
    Function("SUM", "SOMA"), Function("IF", "SE"), Function("COUNT", "CONT.NÚM"), Function("MAX", "MÁXIMO"),
    Function("MIN", "MÍNIMO"), Function("ISNUMBER", "ÉNÚM"), Function("AVERAGE", "MÉDIA"), Function("ROUND", "ARRED"),
    Function("AND", "E"), Function("OR", "OU"), Function("SUMIF", "SOMASE"), Function("IFERROR", "SEERRO"),
    Function("INDEX", "ÍNDICE"), Function("ROW", "LIN"), Function("COLUMN", "COL"), Function("OFFSET", "DESLOC"),
    Function("ISBLANK", "ÉCÉL.VAZIA"), Function("ISERROR", "ÉERROS"),
]
FUNCTIONS: dict[str, Function] = {f.name: f for f in _TABLE}
_BY_PTBR = {f.ptbr.upper(): f.name for f in _TABLE}


def canonical(name: str) -> str:
    """A function name as the table keys it: upper case, without ``_xlfn.``/``_xlws.``, pt-BR
    names mapped to English."""
    name = name.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
    return name if name in FUNCTIONS else _BY_PTBR.get(name, name)


def ptbr(name: str) -> str:
    """The pt-BR name of a function (unknown names as they are)."""
    f = FUNCTIONS.get(name.upper())
    return f.ptbr if f else name
