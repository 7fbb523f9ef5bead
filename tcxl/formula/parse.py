"""Formula text to an expression tree (openpyxl's ``Tokenizer`` plus a precedence parser).

The nodes are described in :mod:`.tree`; the tree is read by :mod:`.meaning` (what a formula
computes, symbolically) and :mod:`.evaluate` (what it gives, numerically). Function names are
stored in English (as xlsx files hold them); a pt-BR name typed into a file by a program
(``SOMA``) is read as its English function (:func:`tcxl.formula.functions.canonical`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .functions import canonical
from .tree import MAX_DEPTH, MAX_NESTING, MAX_RANGE_CELLS, STACK_RESERVE, FormulaError, stack_short, steps

# the tree's bounds and FormulaError live in .tree (the evaluator's functions read them there: the
# parser reads the table of functions, which imports those); importable from here as before
__all__ = [
    "MAX_DEPTH",
    "MAX_NESTING",
    "MAX_RANGE_CELLS",
    "STACK_RESERVE",
    "FormulaError",
    "at_cell",
    "parse",
    "stack_short",
    "steps",
]


# -- parsing ------------------------------------------------------------------------------
_CELL = re.compile(r"[A-Za-z]{1,3}[0-9]+")
_INFIX = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}
_TOO_NESTED = f"mais de {MAX_NESTING} níveis de parênteses, um dentro do outro, acima do limite do Excel"
_TOO_DEEP = f"mais de {MAX_DEPTH} operações, uma dentro da outra"


def parse(text: str) -> tuple:
    """The expression tree of ``=…`` formula text; raises FormulaError, also for a formula nested
    deeper than MAX_NESTING parentheses or MAX_DEPTH operations (checked before any recursion
    could exhaust Python's stack)."""
    from openpyxl.formula import Tokenizer

    try:
        tokens = Tokenizer(text).items
    except Exception as exc:  # openpyxl raises TokenizerError and plain ValueErrors
        raise FormulaError(str(exc)) from None
    items, nesting = [], 0
    for tok in tokens:
        if tok.type == "WHITE-SPACE":
            continue
        if tok.subtype == "OPEN":  # a parenthesis, a function or an array constant
            nesting += 1
            if nesting > MAX_NESTING:
                raise FormulaError(_TOO_NESTED)
        elif tok.subtype == "CLOSE":
            nesting -= 1
        items.append(tok)
    parser = _Parser(items, canonical)
    node, _ = parser.expression(0)
    if parser.i != len(items):
        raise FormulaError(f"sobra '{items[parser.i].value}'")
    return node


def _node(node: tuple, depth: int) -> tuple[tuple, int]:
    if depth > MAX_DEPTH:
        raise FormulaError(_TOO_DEEP)
    return node, depth


class _Parser:
    """Recursive descent; every method returns (node, depth): the operations (nodes that are
    not operands) one inside another in the node's tree, at most MAX_DEPTH. Expressions inside
    expressions are bounded as well (one per parenthesis and per operation), so the recursion
    is bounded before the tree is built."""

    def __init__(self, items: list, canonical):
        self.items, self.i, self.canonical = items, 0, canonical
        self.level = 0  # expressions being parsed, one inside another

    def peek(self):
        return self.items[self.i] if self.i < len(self.items) else None

    def take(self):
        tok = self.peek()
        if tok is None:
            raise FormulaError("fórmula incompleta")
        self.i += 1
        return tok

    def expression(self, min_prec: int) -> tuple[tuple, int]:
        self.level += 1
        if self.level > 1 + MAX_NESTING + MAX_DEPTH:  # deeper than the tree may be, beyond its parentheses
            raise FormulaError(_TOO_DEEP)
        left, depth = self.unary()
        chain: list | None = None  # ["bin", op, a, b, op, c, …] of the precedence ``at``
        at = 0
        while True:
            tok = self.peek()
            if tok is None or tok.type != "OPERATOR-INFIX" or tok.value not in _INFIX:
                break
            prec = _INFIX[tok.value]
            if prec < min_prec:
                break
            self.i += 1
            right, right_depth = self.expression(prec + 1)
            if chain is not None and prec == at:
                chain += (tok.value, right)
                depth = max(depth, right_depth + 1)
                continue
            if chain is not None:  # a lower precedence: the chain so far is its first operand
                left, depth = _node(tuple(chain), depth)
            chain, at = ["bin", tok.value, left, right], prec
            depth = max(depth, right_depth) + 1
        self.level -= 1
        return (left, depth) if chain is None else _node(tuple(chain), depth)

    def unary(self) -> tuple[tuple, int]:
        signs = []
        while (tok := self.peek()) is not None and tok.type == "OPERATOR-PREFIX":
            self.i += 1
            signs.append(tok.value)
        node, depth = self.primary()
        while (tok := self.peek()) is not None and tok.type == "OPERATOR-POSTFIX":
            self.i += 1
            node, depth = _node(("pct", node), depth + 1)
        for sign in reversed(signs):  # the sign nearest the operand applies first; "+" changes nothing
            if sign == "-":
                node, depth = _node(("neg", node), depth + 1)
        return node, depth

    def primary(self) -> tuple[tuple, int]:
        tok = self.take()
        if tok.type == "OPERAND":
            return _operand(tok), 0
        if tok.type == "PAREN" and tok.subtype == "OPEN":
            found = self.expression(0)
            close = self.take()
            if close.type != "PAREN":
                raise FormulaError("parêntese sem par")
            return found
        if tok.type == "ARRAY" and tok.subtype == "OPEN":  # {1,2;3,4}: "," between columns, ";" rows
            rows: list[list[tuple]] = [[]]
            depth = 0
            while True:
                element, element_depth = self.expression(0)
                rows[-1].append(element)
                depth = max(depth, element_depth)
                sep = self.take()
                if sep.type == "ARRAY" and sep.subtype == "CLOSE":
                    return _node(("array", rows), depth + 1)
                if sep.type != "SEP":
                    raise FormulaError(f"'{sep.value}' inesperado na matriz")
                if sep.subtype == "ROW":
                    rows.append([])
        if tok.type == "FUNC" and tok.subtype == "OPEN":
            start, colon, name = tok.value[:-1].rpartition(":")  # 'C8:INDEX(' -> a computed range end
            if colon:
                self.i -= 1
                self.items[self.i] = _Token(name + "(", tok.type, tok.subtype)
                end, depth = self.primary()
                return _node(("span", _reference(start), end), depth + 1)
            name = self.canonical(name)
            args: list[tuple] = []
            if (nxt := self.peek()) is not None and nxt.type == "FUNC" and nxt.subtype == "CLOSE":
                self.i += 1
                return ("call", name, args), 1
            depth = 0  # a missing argument is no operation
            while True:
                nxt = self.peek()
                if nxt is not None and nxt.type in ("SEP", "FUNC") and nxt.subtype in ("ARG", "CLOSE"):
                    args.append(("missing",))
                else:
                    arg, arg_depth = self.expression(0)
                    args.append(arg)
                    depth = max(depth, arg_depth)
                sep = self.take()
                if sep.type == "FUNC" and sep.subtype == "CLOSE":
                    return _node(("call", name, args), depth + 1)
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
        if kind == "span":
            a, b = at_cell(node[1], row, col), at_cell(node[2], row, col)
            if a[0] == "ref" and b[0] == "ref" and a[1] == b[1] and None not in (a[2], a[3], b[4], b[5]):
                return ("ref", a[1], min(a[2], b[2]), min(a[3], b[3]), max(a[4], b[4]), max(a[5], b[5]))
            return ("span", a, b)
        out = [kind]  # a loop, not a comprehension: one stack frame per level
        for x in node[1:]:
            out.append(at_cell(x, row, col) if isinstance(x, tuple) else x)  # a chain's operators as they are
        return tuple(out)
    return node


def _constant(node: tuple) -> int | None:
    """An integer argument written as a constant expression (``ROW()-1`` once resolved)."""
    kind = node[0]
    if kind == "num":
        return int(node[1]) if node[1] == node[1].to_integral_value() else None
    if kind == "neg":
        inner = _constant(node[1])
        return None if inner is None else -inner
    if kind == "bin":
        value = _constant(node[2])
        for op, operand in steps(node):
            if value is None or op not in ("+", "-", "*"):
                return None
            b = _constant(operand)
            if b is None:
                return None
            value = value + b if op == "+" else value - b if op == "-" else value * b
        return value
    return None


def _reference_call(name: str, args: list[tuple], row: int, col: int) -> tuple | None:
    if name in ("ROW", "COLUMN") and len(args) <= 1:
        if not args:
            return ("num", Decimal((row if name == "ROW" else col) + 1))
        ref_ = args[0]
        if ref_[0] != "ref":  # ROW(1), ROW(-A1): the evaluator's to judge
            return None
        at = ref_[2] if name == "ROW" else ref_[3]
        return ("num", Decimal(at + 1)) if at is not None else None
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
