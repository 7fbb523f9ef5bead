"""TCX2xx (formulas) and TCX3xx (arithmetic) for every total, subtotal and percentage.

The expected formula of each total comes from the layout of the structure read back
(the same description the builder writes). A total cell is checked both ways (SPEC §3):
its formula (is it one, does it read exactly its parts) and the value it shows (a
constant, or the stored result when the file carries them) against tcxl's recomputation
from the inputs, in Decimal.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..accounts import BY_CODE
from ..findings import Finding, finding
from ..formulas import Aggregate, Ratio, Sum, evaluate, references, render, to_ptbr
from ..numbers import NotANumber, format_brl, to_decimal
from ..periods import year_label
from ..read.grid import ref

ERRORS = ("#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!")
ALLOWED = {Sum: {"SUM"}, Ratio: {"IF"}, Aggregate: {"IF", "COUNT", "SUM", "MAX", "ISNUMBER"}}
FIELD_LABELS = {"planned": "Previsto", "executed": "Executado", "pct": "%", "realized": "Realizado"}


def parts(formula) -> tuple:
    return (formula.num, formula.den) if isinstance(formula, Ratio) else formula.parts


def describe(key: tuple) -> str:
    """Where a total sits, in words: '1.3 Serviços de Terceiros, Ano II, Previsto'."""
    def period(p):
        if p == "T":
            return "Total Triênio"
        if isinstance(p, int):
            return year_label(p)
        if isinstance(p, str) and p[0] == "Y":
            return f"total do {year_label(int(p[1:]))}"
        return str(p)

    if key[0] == "fin":
        return f"{BY_CODE[key[1]].label}, {period(key[2])}, {FIELD_LABELS[key[3]]}"
    if key[0] == "dis" and key[1] == "summary":
        return f"resumo do desembolso, linha {key[2]}, {FIELD_LABELS[key[3]]}"
    if key[0] == "dis" and key[1] == "total":
        block = {"M": "do monitoramento", "CI": "dos custos indiretos"}.get(key[2], f"do resultado {key[2]}")
        return f"Total (R$) {block}, {period(key[3])}, {FIELD_LABELS[key[4]]}"
    if key[0] == "dis":
        return f"{key[1]}, {period(key[2])}, {FIELD_LABELS[key[3]]}"
    if key[0] == "mat":
        return f"{key[1]}, indicador {key[2] + 1}, {period(key[3])}, {FIELD_LABELS[key[4]]}"
    return str(key)


def arithmetic_code(key: tuple, formula) -> str:
    if isinstance(formula, Ratio):
        return "TCX305" if key[:2] == ("fin", "PCT3") else "TCX303"
    if isinstance(formula, Aggregate):
        return "TCX306"
    if key[:2] == ("dis", "summary"):
        return "TCX304"
    if "T" in key[2:4] and all(isinstance(p[-2], int) for p in formula.parts):
        return "TCX302"
    return "TCX301"


def _show(value: Any, formula) -> str:
    if isinstance(value, Decimal):
        if isinstance(formula, Ratio):
            return f"{value * 100:.1f}%".replace(".", ",")
        if isinstance(formula, Aggregate):
            return f"{value.normalize():f}".replace(".", ",")
        return format_brl(value)
    return "vazio" if value in (None, "") else str(value)


def _same(shown: Any, expected: Any, formula) -> bool:
    if expected == "" or expected is None:
        return shown in (None, "")
    if not isinstance(shown, Decimal):
        return False
    if shown == expected:
        return True
    step = Decimal("0.0001") if isinstance(formula, Ratio) else Decimal("0.000001") \
        if isinstance(formula, Aggregate) else Decimal("0.01")
    return shown.quantize(step) == expected.quantize(step)


class Expected:
    """The value every total should show, recomputed from the inputs read (memoised).

    A class rather than a recursive closure: a closure that calls itself is a reference
    cycle, which would keep the whole workbook read in memory until the next collection.
    """

    def __init__(self, formulas: dict, values: dict):
        self.formulas, self.values, self.cache = formulas, values, {}

    def __call__(self, key: tuple) -> Any:
        cache = self.cache
        if key not in cache:
            formula = self.formulas.get(key)
            if formula is not None:
                cache[key] = evaluate(formula, self)
            else:
                value = self.values.get(key)
                cache[key] = value if isinstance(value, Decimal) else None
        return cache[key]


def check(wb, layout) -> list[Finding]:
    r = wb.reading
    grids = {g.name: g for g in r.grids}
    formulas = layout.formulas()
    value_of = Expected(formulas, r.values)

    out: list[Finding] = []
    shown_values: list[tuple[Finding, bool, bool]] = []  # (finding, from cache, cached was zero)
    where = r.where

    def positions(key, formula) -> dict | None:
        """Where the total's parts are, when the total and all its parts were found on one sheet."""
        at = where.get(key)
        if at is None:
            return None
        pos = {}
        for p in parts(formula):
            at_p = where.get(p)
            if at_p is None or at_p[0] != at[0]:
                return None
            pos[p] = (at_p[1], at_p[2])
        return pos

    # the totals checked: (key, formula, where, what the cell holds, whether that is a formula,
    # the formula it should hold); the parts' positions are found again only for a formula
    # that differs, rather than kept (memory, big projects)
    checked = []
    flags: dict[str, list[bool]] = {}
    for key, formula in formulas.items():
        pos = positions(key, formula)
        if pos is not None:
            at = where[key]
            raw = grids[at[0]].value(at[1], at[2])
            is_formula = isinstance(raw, str) and raw.startswith("=")
            checked.append((key, formula, at, raw, is_formula, render(formula, pos)))
            flags.setdefault(at[0], []).append(is_formula)
    # a table typed by hand from the model (no total is a formula) gets one finding for the
    # table, not one per total; its typed totals are still checked against the inputs
    no_formulas = {sheet for sheet, sheet_flags in flags.items() if not any(sheet_flags)}
    for sheet in sorted(no_formulas):
        out.append(finding("TCX201", sheet, "", f"nenhum dos {len(flags[sheet])} totais e percentuais desta "
                           "tabela é fórmula; os valores digitados foram conferidos com as células de origem, "
                           "mas não se atualizam: use o modelo gerado pelo tcxl (tcxl build-template)",
                           severity="warning"))
    for key, formula, (sheet, row, col), raw, is_formula, expected_text in checked:
        grid = grids[sheet]
        if is_formula:
            problem = None if raw == expected_text or _normal(raw) == _normal(expected_text) else \
                _formula_problem(raw, formula, set(positions(key, formula).values()))
            if problem:
                code, message = problem
                out.append(finding(code, sheet, ref(row, col), f"{describe(key)}: {message}; a fórmula deve ser "
                                   f"{to_ptbr(expected_text)}", expected=expected_text, found=raw))
            shown = grid.cached_value(row, col) if grid.cached is not None else None
        else:
            shown = raw
            if isinstance(raw, str) and raw.strip().upper() in ERRORS:
                out.append(finding("TCX204", sheet, ref(row, col), f"{describe(key)}: a célula contém o erro "
                                   f"{raw.strip()}; restaure a fórmula {to_ptbr(expected_text)}",
                                   expected=expected_text, found=raw.strip()))
                continue
            if sheet not in no_formulas:
                content = "está vazia" if raw in (None, "") else f"contém o valor fixo {raw!r}"
                out.append(finding("TCX201", sheet, ref(row, col), f"{describe(key)}: a célula {content} onde "
                                   f"deveria haver a fórmula {to_ptbr(expected_text)}; restaure a fórmula",
                                   expected=expected_text, found="" if raw is None else str(raw)))
            if raw in (None, ""):
                continue  # nothing shown to compare: the missing formula (or the table's finding) says it
        if isinstance(shown, str) and shown.strip().upper() in ERRORS:
            out.append(finding("TCX204", sheet, ref(row, col), f"{describe(key)}: a célula mostra o erro "
                               f"{shown.strip()}; "
                               f"corrija a fórmula para {to_ptbr(expected_text)}", expected=expected_text,
                               found=shown.strip()))
            continue
        if shown is None and is_formula:
            continue  # no stored result (file written by a program): formula checked above
        try:
            shown_dec = to_decimal(shown) if not (isinstance(shown, str) and shown == "") else ""
        except NotANumber:
            continue
        expected = value_of(key)
        if not _same(shown_dec if shown_dec is not None else None, expected, formula):
            f = finding(arithmetic_code(key, formula), sheet, ref(row, col),
                        f"{describe(key)}: mostra {_show(shown_dec, formula)}, mas o valor certo pelas células de "
                        f"origem é {_show(expected, formula)}"
                        + ("" if is_formula else "; restaure a fórmula"),
                        expected=_plain(expected, formula), found=_plain(shown_dec, formula))
            shown_values.append((f, is_formula, shown_dec == 0))
            out.append(f)
    return _drop_never_calculated(out, shown_values)


def _normal(text: str) -> str:
    """Formula text compared without case, spaces and $ (the fast path for intact totals)."""
    return text.replace("$", "").replace(" ", "").upper()


def _plain(value: Any, formula=None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal('0.01')):f}" if isinstance(formula, Sum) else f"{value.normalize():f}"
    return str(value)


def _formula_problem(text: str, formula, want: set) -> tuple[str, str] | None:
    if any(e in text.upper() for e in ERRORS):
        return "TCX204", f"a fórmula {to_ptbr(text)} contém uma referência com erro"
    try:
        cells, functions, foreign = references(text)
    except Exception:
        return "TCX203", f"a fórmula {to_ptbr(text)} não pôde ser interpretada"
    if foreign:
        return "TCX203", f"a fórmula {to_ptbr(text)} lê células de outra aba ou intervalos inteiros"
    missing, extra = want - cells, cells - want
    names = lambda cells_: ", ".join(ref(r_, c) for r_, c in sorted(cells_))  # noqa: E731
    if missing and extra:
        return "TCX203", (f"a fórmula {to_ptbr(text)} aponta para as células erradas (lê {names(extra)} "
                          f"em vez de {names(missing)})")
    if missing:
        return "TCX202", f"a fórmula {to_ptbr(text)} deixa de fora {names(missing)}"
    if extra:
        refs = ", ".join(ref(r_, c) for r_, c in sorted(extra))
        return "TCX203", f"a fórmula {to_ptbr(text)} inclui {refs}, que não são partes deste total"
    if not functions <= ALLOWED[type(formula)] and functions:
        return "TCX203", f"a fórmula {to_ptbr(text)} usa funções inesperadas ({', '.join(sorted(functions))})"
    if isinstance(formula, Ratio) and "IF" not in functions:
        return "TCX205", f"o percentual {to_ptbr(text)} não evita a divisão por zero"
    return None


def _drop_never_calculated(out: list[Finding], shown: list[tuple[Finding, bool, bool]]) -> list[Finding]:
    """A file written by a program without results stores 0 for every formula (SPEC §7):
    when every stored result that disagrees is 0, do not trust them; say so once."""
    cached = [(f, zero) for f, from_cache, zero in shown if from_cache]
    if len(cached) >= 3 and all(zero for _, zero in cached):
        drop = {id(f) for f, _ in cached}
        kept = [f for f in out if id(f) not in drop]
        return kept + [finding("TCX008", "", "", "os resultados gravados das fórmulas estão todos zerados (arquivo "
                               "nunca recalculado); os totais foram conferidos pelas fórmulas e recalculados pelo "
                               "tcxl. Abra e salve no Excel/LibreOffice ou rode 'tcxl recalc'")]
    return out
