"""The functions tcxl understands, in one table: English name (as xlsx stores it), pt-BR
name (as a pt-BR spreadsheet shows it), how it evaluates, and what it means symbolically
when it can (SPEC §3.1). Parsing, evaluation, the checker's messages and the builder all
read this table; nothing else lists function names.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import aggregates, criteria, logic, lookup, numeric, text
from .evaluation import Handler


@dataclass(frozen=True)
class Function:
    name: str  # English, upper case, as stored in .xlsx
    ptbr: str  # pt-BR Excel/LibreOffice name
    evaluate: Handler | None = None  # (evaluation, argument nodes) -> value, see .evaluation
    meaning: str | None = None  # the symbolic handler in .meaning (``_<meaning>``), when there is one
    future: bool = False  # newer than Excel 2007: stored with the ``_xlfn.`` prefix


_TABLE = [
    # aggregates
    Function("SUM", "SOMA", aggregates.fn_sum, "sum"),
    Function("AVERAGE", "MÉDIA", aggregates.fn_average),
    Function("COUNT", "CONT.NÚM", aggregates.fn_count, "count"),
    Function("COUNTA", "CONT.VALORES", aggregates.fn_counta, "count"),
    Function("COUNTBLANK", "CONTAR.VAZIO", aggregates.fn_countblank),
    Function("MAX", "MÁXIMO", aggregates.fn_max, "pick"),
    Function("MIN", "MÍNIMO", aggregates.fn_min, "pick"),
    Function("PRODUCT", "MULT", aggregates.fn_product),
    Function("STDEV", "DESVPAD", aggregates.fn_stdev),
    Function("STDEVP", "DESVPADP", aggregates.fn_stdevp),
    Function("STDEV.S", "DESVPAD.A", aggregates.fn_stdev, future=True),
    Function("STDEV.P", "DESVPAD.P", aggregates.fn_stdevp, future=True),
    Function("VAR", "VAR", aggregates.fn_var),
    Function("VARP", "VARP", aggregates.fn_varp),
    Function("VAR.S", "VAR.A", aggregates.fn_var, future=True),
    Function("VAR.P", "VAR.P", aggregates.fn_varp, future=True),
    Function("SUBTOTAL", "SUBTOTAL", aggregates.fn_subtotal),
    Function("AGGREGATE", "AGREGAR", aggregates.fn_aggregate, future=True),
    Function("SUMPRODUCT", "SOMARPRODUTO", aggregates.fn_sumproduct),
    # with criteria
    Function("SUMIF", "SOMASE", criteria.fn_sumif),
    Function("SUMIFS", "SOMASES", criteria.fn_sumifs),
    Function("COUNTIF", "CONT.SE", criteria.fn_countif),
    Function("COUNTIFS", "CONT.SES", criteria.fn_countifs),
    Function("AVERAGEIF", "MÉDIASE", criteria.fn_averageif),
    Function("AVERAGEIFS", "MÉDIASES", criteria.fn_averageifs),
    Function("MAXIFS", "MÁXIMOSES", criteria.fn_maxifs, future=True),
    Function("MINIFS", "MÍNIMOSES", criteria.fn_minifs, future=True),
    # conditions and information
    Function("IF", "SE", logic.fn_if, "condition"),
    Function("IFS", "SES", logic.fn_ifs, future=True),
    Function("IFERROR", "SEERRO", logic.fn_iferror, "iferror"),
    Function("IFNA", "SENÃODISP", logic.fn_ifna, future=True),
    Function("CHOOSE", "ESCOLHER", logic.fn_choose),
    Function("AND", "E", logic.fn_and),
    Function("OR", "OU", logic.fn_or),
    Function("NOT", "NÃO", logic.fn_not, "condition"),
    Function("TRUE", "VERDADEIRO", logic.fn_true),
    Function("FALSE", "FALSO", logic.fn_false),
    Function("ISERROR", "ÉERROS", logic.fn_iserror, "condition"),
    Function("ISERR", "ÉERRO", logic.fn_iserr, "condition"),
    Function("ISNA", "É.NÃO.DISP", logic.fn_isna),
    Function("ISNUMBER", "ÉNÚM", logic.fn_isnumber, "condition"),
    Function("ISTEXT", "ÉTEXTO", logic.fn_istext),
    Function("ISNONTEXT", "É.NÃO.TEXTO", logic.fn_isnontext),
    Function("ISBLANK", "ÉCÉL.VAZIA", logic.fn_isblank, "condition"),
    Function("ISLOGICAL", "ÉLÓGICO", logic.fn_islogical),
    Function("NA", "NÃO.DISP", logic.fn_na),
    Function("N", "N", logic.fn_n),
    Function("VALUE", "VALOR", logic.fn_value),
    # numbers
    Function("ROUND", "ARRED", numeric.fn_round, "round"),
    Function("ROUNDUP", "ARREDONDAR.PARA.CIMA", numeric.fn_roundup),
    Function("ROUNDDOWN", "ARREDONDAR.PARA.BAIXO", numeric.fn_rounddown),
    Function("TRUNC", "TRUNCAR", numeric.fn_trunc),
    Function("INT", "INT", numeric.fn_int),
    Function("ABS", "ABS", numeric.fn_abs),
    Function("MOD", "MOD", numeric.fn_mod),
    Function("SIGN", "SINAL", numeric.fn_sign),
    Function("POWER", "POTÊNCIA", numeric.fn_power),
    Function("SQRT", "RAIZ", numeric.fn_sqrt),
    # text
    Function("CONCATENATE", "CONCATENAR", text.fn_concatenate),
    Function("CONCAT", "CONCAT", text.fn_concat, future=True),
    Function("LEN", "NÚM.CARACT", text.fn_len),
    Function("LEFT", "ESQUERDA", text.fn_left),
    Function("RIGHT", "DIREITA", text.fn_right),
    Function("MID", "EXT.TEXTO", text.fn_mid),
    Function("UPPER", "MAIÚSCULA", text.fn_upper),
    Function("LOWER", "MINÚSCULA", text.fn_lower),
    Function("TRIM", "ARRUMAR", text.fn_trim),
    # references and lookups
    Function("INDEX", "ÍNDICE", lookup.fn_index),
    Function("OFFSET", "DESLOC", lookup.fn_offset),
    Function("ROW", "LIN", lookup.fn_row),
    Function("COLUMN", "COL", lookup.fn_column),
    Function("ROWS", "LINS", lookup.fn_rows),
    Function("COLUMNS", "COLS", lookup.fn_columns),
    Function("INDIRECT", "INDIRETO", lookup.fn_indirect),
    Function("MATCH", "CORRESP", lookup.fn_match),
    Function("LOOKUP", "PROC", lookup.fn_lookup),
    Function("VLOOKUP", "PROCV", lookup.fn_vlookup),
    Function("HLOOKUP", "PROCH", lookup.fn_hlookup),
    Function("XLOOKUP", "PROCX", lookup.fn_xlookup, future=True),
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
