"""The functions tcxl understands, in one table: English name (as xlsx stores it), pt-BR
name (as a pt-BR spreadsheet shows it), how it evaluates, and what it means symbolically
when it can (SPEC §3.1). Parsing, evaluation, the checker's messages and the builder all
read this table; nothing else lists function names.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

# the module, not the package's re-exported ``evaluate`` function of the same name
_ev = importlib.import_module(".evaluate", __package__)


@dataclass(frozen=True)
class Function:
    name: str  # English, upper case, as stored in .xlsx
    ptbr: str  # pt-BR Excel/LibreOffice name
    evaluate: Callable | None = None  # (evaluation, argument nodes) -> value, see .evaluate
    meaning: str | None = None  # the symbolic handler in .meaning (``_<meaning>``), when there is one
    future: bool = False  # newer than Excel 2007: stored with the ``_xlfn.`` prefix


_TABLE = [
    # aggregates
    Function("SUM", "SOMA", _ev.fn_sum, "sum"),
    Function("AVERAGE", "MÉDIA", _ev.fn_average),
    Function("COUNT", "CONT.NÚM", _ev.fn_count, "count"),
    Function("COUNTA", "CONT.VALORES", _ev.fn_counta, "count"),
    Function("COUNTBLANK", "CONTAR.VAZIO", _ev.fn_countblank),
    Function("MAX", "MÁXIMO", _ev.fn_max, "pick"),
    Function("MIN", "MÍNIMO", _ev.fn_min, "pick"),
    Function("PRODUCT", "MULT", _ev.fn_product),
    Function("STDEV", "DESVPAD", _ev.fn_stdev),
    Function("STDEVP", "DESVPADP", _ev.fn_stdevp),
    Function("STDEV.S", "DESVPAD.A", _ev.fn_stdev, future=True),
    Function("STDEV.P", "DESVPAD.P", _ev.fn_stdevp, future=True),
    Function("VAR", "VAR", _ev.fn_var),
    Function("VARP", "VARP", _ev.fn_varp),
    Function("VAR.S", "VAR.A", _ev.fn_var, future=True),
    Function("VAR.P", "VAR.P", _ev.fn_varp, future=True),
    Function("SUBTOTAL", "SUBTOTAL", _ev.fn_subtotal),
    Function("AGGREGATE", "AGREGAR", _ev.fn_aggregate, future=True),
    Function("SUMPRODUCT", "SOMARPRODUTO", _ev.fn_sumproduct),
    # with criteria
    Function("SUMIF", "SOMASE", _ev.fn_sumif),
    Function("SUMIFS", "SOMASES", _ev.fn_sumifs),
    Function("COUNTIF", "CONT.SE", _ev.fn_countif),
    Function("COUNTIFS", "CONT.SES", _ev.fn_countifs),
    Function("AVERAGEIF", "MÉDIASE", _ev.fn_averageif),
    Function("AVERAGEIFS", "MÉDIASES", _ev.fn_averageifs),
    Function("MAXIFS", "MÁXIMOSES", _ev.fn_maxifs, future=True),
    Function("MINIFS", "MÍNIMOSES", _ev.fn_minifs, future=True),
    # conditions and information
    Function("IF", "SE", _ev.fn_if, "condition"),
    Function("IFS", "SES", _ev.fn_ifs, future=True),
    Function("IFERROR", "SEERRO", _ev.fn_iferror, "iferror"),
    Function("IFNA", "SENÃODISP", _ev.fn_ifna, future=True),
    Function("CHOOSE", "ESCOLHER", _ev.fn_choose),
    Function("AND", "E", _ev.fn_and),
    Function("OR", "OU", _ev.fn_or),
    Function("NOT", "NÃO", _ev.fn_not, "condition"),
    Function("TRUE", "VERDADEIRO", _ev.fn_true),
    Function("FALSE", "FALSO", _ev.fn_false),
    Function("ISERROR", "ÉERROS", _ev.fn_iserror, "condition"),
    Function("ISERR", "ÉERRO", _ev.fn_iserr, "condition"),
    Function("ISNA", "É.NÃO.DISP", _ev.fn_isna),
    Function("ISNUMBER", "ÉNÚM", _ev.fn_isnumber, "condition"),
    Function("ISTEXT", "ÉTEXTO", _ev.fn_istext),
    Function("ISNONTEXT", "É.NÃO.TEXTO", _ev.fn_isnontext),
    Function("ISBLANK", "ÉCÉL.VAZIA", _ev.fn_isblank, "condition"),
    Function("ISLOGICAL", "ÉLÓGICO", _ev.fn_islogical),
    Function("NA", "NÃO.DISP", _ev.fn_na),
    Function("N", "N", _ev.fn_n),
    Function("VALUE", "VALOR", _ev.fn_value),
    # numbers
    Function("ROUND", "ARRED", _ev.fn_round, "round"),
    Function("ROUNDUP", "ARREDONDAR.PARA.CIMA", _ev.fn_roundup),
    Function("ROUNDDOWN", "ARREDONDAR.PARA.BAIXO", _ev.fn_rounddown),
    Function("TRUNC", "TRUNCAR", _ev.fn_trunc),
    Function("INT", "INT", _ev.fn_int),
    Function("ABS", "ABS", _ev.fn_abs),
    Function("MOD", "MOD", _ev.fn_mod),
    Function("SIGN", "SINAL", _ev.fn_sign),
    Function("POWER", "POTÊNCIA", _ev.fn_power),
    Function("SQRT", "RAIZ", _ev.fn_sqrt),
    # text
    Function("CONCATENATE", "CONCATENAR", _ev.fn_concatenate),
    Function("CONCAT", "CONCAT", _ev.fn_concat, future=True),
    Function("LEN", "NÚM.CARACT", _ev.fn_len),
    Function("LEFT", "ESQUERDA", _ev.fn_left),
    Function("RIGHT", "DIREITA", _ev.fn_right),
    Function("MID", "EXT.TEXTO", _ev.fn_mid),
    Function("UPPER", "MAIÚSCULA", _ev.fn_upper),
    Function("LOWER", "MINÚSCULA", _ev.fn_lower),
    Function("TRIM", "ARRUMAR", _ev.fn_trim),
    # references and lookups
    Function("INDEX", "ÍNDICE", _ev.fn_index),
    Function("OFFSET", "DESLOC", _ev.fn_offset),
    Function("ROW", "LIN", _ev.fn_row),
    Function("COLUMN", "COL", _ev.fn_column),
    Function("ROWS", "LINS", _ev.fn_rows),
    Function("COLUMNS", "COLS", _ev.fn_columns),
    Function("INDIRECT", "INDIRETO", _ev.fn_indirect),
    Function("MATCH", "CORRESP", _ev.fn_match),
    Function("LOOKUP", "PROC", _ev.fn_lookup),
    Function("VLOOKUP", "PROCV", _ev.fn_vlookup),
    Function("HLOOKUP", "PROCH", _ev.fn_hlookup),
    Function("XLOOKUP", "PROCX", _ev.fn_xlookup, future=True),
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
    f = FUNCTIONS.get(canonical(name))
    return f.ptbr if f else name


CLASSIC = frozenset(f.name for f in _TABLE if not f.future)  # stored without a prefix since Excel 2007


def tokens(formula: str):
    """openpyxl's Tokenizer items for a formula (no hand-made parser)."""
    from openpyxl.formula import Tokenizer

    return Tokenizer(formula).items


MAX_SHOWN = 120  # characters of a formula a message shows: a longer one is cut, ending in "…"


def to_ptbr(formula: str, limit: int | None = MAX_SHOWN) -> str:
    """``=SUM(C5:C9)`` as a pt-BR spreadsheet shows it: ``=SOMA(C5:C9)`` (``;`` separators,
    function names from the table of functions, :mod:`tcxl.formula.functions`). Past ``limit``
    characters (None: no limit) it is cut after a whole token and ends in "…": a message that
    shows a formula of thousands of characters still says what is wrong with it."""
    try:
        items = tokens(formula)
    except Exception:  # a formula the tokenizer rejects is shown as stored
        return formula if limit is None or len(formula) <= limit else formula[: limit - 1] + "…"
    out, size = ["="], 1
    for tok in items:
        if tok.type == "FUNC" and tok.subtype == "OPEN":
            start, colon, name = tok.value[:-1].rpartition(":")  # 'C9:INDEX(': a computed range end
            piece = start + colon + ptbr(name) + "("
        elif tok.type == "SEP" and tok.subtype == "ARG":
            piece = ";"
        elif tok.type == "OPERAND" and tok.subtype == "NUMBER":
            piece = tok.value.replace(".", ",")
        else:
            piece = tok.value
        size += len(piece)
        if limit is not None and size > limit - 1:
            out.append("…")
            break
        out.append(piece)
    return "".join(out)
