"""Formula text to an expression tree (openpyxl's ``Tokenizer`` plus a precedence parser).

Nodes are tuples, shared by :mod:`.meaning` (what a formula computes, symbolically) and
:mod:`.evaluate` (what it gives, numerically). Function names are stored in English (as
xlsx files hold them); a pt-BR name typed into a file by a program (``SOMA``) is read as
its English function (:func:`tcxl.formula.functions.canonical`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_RANGE_CELLS = 200_000  # cells one formula may read before it is refused as too large


class FormulaError(ValueError):
    """Text that is not a formula tcxl can parse."""


# -- parsing ------------------------------------------------------------------------------
# Nodes are tuples: ("num", Decimal) ("str", text) ("bool", b) ("err", text) ("missing",)
# ("ref", sheet | None, row1, col1, row2, col2) with 0-based bounds (None: whole column/row)
# ("name", text) ("call", NAME, [args]) ("bin", op, a, b) ("neg", a) ("pct", a)
# ("span", ref, call): a range whose end is computed, as in ``C8:INDEX(C:C,ROW()-1)``;
# :func:`at_cell` resolves it (and ROW(), COLUMN(), INDEX, OFFSET) once the formula's cell is known

_CELL = re.compile(r"[A-Za-z]{1,3}[0-9]+")
_INFIX = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


def parse(text: str) -> tuple:
    """The expression tree of ``=…`` formula text; raises FormulaError."""
    from openpyxl.formula import Tokenizer

    try:
        items = [t for t in Tokenizer(text).items if t.type != "WHITE-SPACE"]
    except Exception as exc:  # openpyxl raises TokenizerError and plain ValueErrors
        raise FormulaError(str(exc)) from None
    from .functions import canonical  # the table imports the evaluator, which imports this module

    parser = _Parser(items, canonical)
    node = parser.expression(0)
    if parser.i != len(items):
        raise FormulaError(f"sobra '{items[parser.i].value}'")
    return node


class _Parser:
    def __init__(self, items: list, canonical):
        self.items, self.i, self.canonical = items, 0, canonical

    def peek(self):
        return self.items[self.i] if self.i < len(self.items) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise FormulaError("fórmula incompleta")
        self.i += 1
        return tok

    def expression(self, min_prec: int) -> tuple:
        left = self.unary()
        while True:
            tok = self.peek()
            if tok is None or tok.type != "OPERATOR-INFIX" or tok.value not in _INFIX:
                return left
            prec = _INFIX[tok.value]
            if prec < min_prec:
                return left
            self.i += 1
            left = ("bin", tok.value, left, self.expression(prec + 1))

    def unary(self) -> tuple:
        tok = self.peek()
        if tok is not None and tok.type == "OPERATOR-PREFIX":
            self.i += 1
            node = self.unary()
            return ("neg", node) if tok.value == "-" else node
        node = self.primary()
        while (tok := self.peek()) is not None and tok.type == "OPERATOR-POSTFIX":
            self.i += 1
            node = ("pct", node)
        return node

    def primary(self) -> tuple:
        tok = self.take()
        if tok.type == "OPERAND":
            return _operand(tok)
        if tok.type == "PAREN" and tok.subtype == "OPEN":
            node = self.expression(0)
            close = self.take()
            if close.type != "PAREN":
                raise FormulaError("parêntese sem par")
            return node
        if tok.type == "ARRAY" and tok.subtype == "OPEN":  # {1,2;3,4}: "," between columns, ";" rows
            rows: list[list[tuple]] = [[]]
            while True:
                rows[-1].append(self.expression(0))
                sep = self.take()
                if sep.type == "ARRAY" and sep.subtype == "CLOSE":
                    return ("array", rows)
                if sep.type != "SEP":
                    raise FormulaError(f"'{sep.value}' inesperado na matriz")
                if sep.subtype == "ROW":
                    rows.append([])
        if tok.type == "FUNC" and tok.subtype == "OPEN":
            start, colon, name = tok.value[:-1].rpartition(":")  # 'C8:INDEX(' -> a computed range end
            if colon:
                self.i -= 1
                self.items[self.i] = _Token(name + "(", tok.type, tok.subtype)
                return ("span", _reference(start), self.primary())
            name = self.canonical(name)
            args: list[tuple] = []
            if (nxt := self.peek()) is not None and nxt.type == "FUNC" and nxt.subtype == "CLOSE":
                self.i += 1
                return ("call", name, args)
            while True:
                nxt = self.peek()
                if nxt is not None and nxt.type in ("SEP", "FUNC") and nxt.subtype in ("ARG", "CLOSE"):
                    args.append(("missing",))
                else:
                    args.append(self.expression(0))
                sep = self.take()
                if sep.type == "FUNC" and sep.subtype == "CLOSE":
                    return ("call", name, args)
                if not (sep.type == "SEP" and sep.subtype == "ARG"):
                    raise FormulaError(f"'{sep.value}' inesperado em {name}")
        raise FormulaError(f"'{tok.value}' inesperado")


class _Token:
    """A token rewritten by the parser (openpyxl's Token needs its own constructor)."""

    def __init__(self, value: str, type_: str, subtype: str):
        self.value, self.type, self.subtype = value, type_, subtype


def _operand(tok) -> tuple:
    value = tok.value
    if tok.subtype == "NUMBER":
        try:
            return ("num", Decimal(value))
        except InvalidOperation:
            raise FormulaError(f"número '{value}'") from None
    if tok.subtype == "TEXT":
        return ("str", value[1:-1].replace('""', '"'))
    if tok.subtype == "LOGICAL":
        return ("bool", value.upper() == "TRUE")
    if tok.subtype == "ERROR":
        return ("err", value.upper())
    return _reference(value)


def _reference(text: str) -> tuple:
    from openpyxl.utils.cell import range_boundaries

    sheet = None
    if "!" in text:
        sheet, text = text.rsplit("!", 1)
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
    if "#REF" in text.upper() or (sheet and "#REF" in sheet.upper()):
        return ("err", "#REF!")
    bare = text.replace("$", "")
    if ":" not in bare and not _CELL.fullmatch(bare):  # ISS, PIS, Taxa: names, not whole columns
        return ("name", text) if sheet is None else ("name", text, sheet)
    try:
        c1, r1, c2, r2 = range_boundaries(bare)
    except (ValueError, TypeError):
        return ("name", text) if sheet is None else ("name", text, sheet)
    dec = lambda n: None if n is None else n - 1  # noqa: E731
    return ("ref", sheet, dec(r1), dec(c1), dec(r2), dec(c2))


# -- references computed from the formula's own cell ------------------------------------
def at_cell(node: tuple, row: int, col: int) -> tuple:
    """``node`` with ``ROW()``, ``COLUMN()``, ``INDEX(range, n[, m])`` and ``OFFSET(ref, r, c)``
    of constant arguments replaced by what they give in the cell (``row``, ``col``), 0-based.

    Why: a block total laid out as ``=SUM(C8:INDEX(C:C,ROW()-1))`` takes in a row inserted just
    above it (a spreadsheet expands a range only when a row goes inside it); its meaning is the
    plain range ``C8:C<row above>``.
    """
    kind = node[0]
    if kind in ("bin", "neg", "pct", "call", "span"):
        if kind == "call":
            args = [at_cell(a, row, col) for a in node[2]]
            return _reference_call(node[1], args, row, col) or ("call", node[1], args)
        if kind == "bin":
            return ("bin", node[1], at_cell(node[2], row, col), at_cell(node[3], row, col))
        if kind == "span":
            a, b = at_cell(node[1], row, col), at_cell(node[2], row, col)
            if a[0] == "ref" and b[0] == "ref" and a[1] == b[1] and None not in (a[2], a[3], b[4], b[5]):
                return ("ref", a[1], min(a[2], b[2]), min(a[3], b[3]), max(a[4], b[4]), max(a[5], b[5]))
            return ("span", a, b)
        return (kind, at_cell(node[1], row, col))
    return node


def _constant(node: tuple) -> int | None:
    """An integer argument written as a constant expression (``ROW()-1`` once resolved)."""
    kind = node[0]
    if kind == "num":
        return int(node[1]) if node[1] == node[1].to_integral_value() else None
    if kind == "neg":
        inner = _constant(node[1])
        return None if inner is None else -inner
    if kind == "bin" and node[1] in ("+", "-", "*"):
        a, b = _constant(node[2]), _constant(node[3])
        if a is None or b is None:
            return None
        return a + b if node[1] == "+" else a - b if node[1] == "-" else a * b
    return None


def _reference_call(name: str, args: list[tuple], row: int, col: int) -> tuple | None:
    if name in ("ROW", "COLUMN") and len(args) <= 1:
        if not args:
            return ("num", Decimal((row if name == "ROW" else col) + 1))
        ref_ = args[0]
        at = ref_[2] if name == "ROW" else ref_[3]
        return ("num", Decimal(at + 1)) if ref_[0] == "ref" and at is not None else None
    if name == "INDEX" and len(args) in (2, 3) and args[0][0] == "ref":
        _, sheet, r1, c1, r2, c2 = args[0]
        n = _constant(args[1])
        m = _constant(args[2]) if len(args) == 3 else 1
        if n is None or m is None or n < 1 or m < 1:
            return None
        r, c = (r1 or 0) + n - 1, (c1 or 0) + m - 1
        if (r2 is not None and r > r2) or (c2 is not None and c > c2):
            return ("err", "#REF!")
        return ("ref", sheet, r, c, r, c)
    if name == "OFFSET" and len(args) == 3 and args[0][0] == "ref" and None not in args[0][2:]:
        _, sheet, r1, c1, r2, c2 = args[0]
        dr, dc = _constant(args[1]), _constant(args[2])
        if dr is None or dc is None:
            return None
        if min(r1 + dr, c1 + dc) < 0:
            return ("err", "#REF!")
        return ("ref", sheet, r1 + dr, c1 + dc, r2 + dr, c2 + dc)
    return None
