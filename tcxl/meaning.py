"""What a formula computes, however it is written (SPEC §3.1).

A formula's text is parsed (openpyxl's ``Tokenizer`` plus a small precedence parser) into
an expression, and the expression is interpreted abstractly: every referenced cell is
mapped to the layout key it stands for, and totals it references are expanded through the
layout's own formulas down to input keys. The result is a *meaning*:

- :class:`Linear` — a sum-like total, ``{input key: coefficient} + constant``;
- :class:`Quotient` — a percentage, ``numerator / denominator`` and whether it is guarded
  against a zero denominator;
- :class:`Pick` — an indicator total that takes the ``max`` (or ``min``) or the ``last``
  filled of its parts;
- :class:`Unknown` — anything else, with the reason in pt-BR.

Two formulas are equivalent when their meanings are equal, so ``=SUM(B5:B9)``,
``=B5+B6+B7+B8+B9`` and ``=ROUND(SUM($B$4:$B$10),2)`` (row 4 a header, row 10 blank) are
the same total. The same expression tree is also evaluated concretely (:func:`evaluate`),
to compare a stored result with what its own formula gives.

Hand-written rather than a formula library: ``formulas`` takes 0.6 s to import and
compile a first formula and 0.8 ms per formula (this parser: 0.02 ms), ``pycel`` 0.2 s to
import; both evaluate numerically, while tcxl needs the *symbolic* meaning of a handful of
functions (see the README's design notes).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation, ROUND_HALF_UP
from typing import Any, Callable

ZERO, ONE = Decimal(0), Decimal(1)
MAX_RANGE_CELLS = 200_000  # cells one formula may read before it is refused as too large


class FormulaError(ValueError):
    """Text that is not a formula tcxl can parse."""


# -- parsing ------------------------------------------------------------------------------
# Nodes are tuples: ("num", Decimal) ("str", text) ("bool", b) ("err", text) ("missing",)
# ("ref", sheet | None, row1, col1, row2, col2) with 0-based bounds (None: whole column/row)
# ("name", text) ("call", NAME, [args]) ("bin", op, a, b) ("neg", a) ("pct", a)
# ("span", ref, call): a range whose end is computed, as in ``C8:INDEX(C:C,ROW()-1)``;
# :func:`at_cell` resolves it (and ROW(), COLUMN(), INDEX, OFFSET) once the formula's cell is known

_INFIX = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


def parse(text: str) -> tuple:
    """The expression tree of ``=…`` formula text; raises FormulaError."""
    from openpyxl.formula import Tokenizer

    try:
        items = [t for t in Tokenizer(text).items if t.type != "WHITE-SPACE"]
    except Exception as exc:  # openpyxl raises TokenizerError and plain ValueErrors
        raise FormulaError(str(exc)) from None
    parser = _Parser(items)
    node = parser.expression(0)
    if parser.i != len(items):
        raise FormulaError(f"sobra '{items[parser.i].value}'")
    return node


class _Parser:
    def __init__(self, items: list):
        self.items, self.i = items, 0

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
        if tok.type == "FUNC" and tok.subtype == "OPEN":
            start, colon, name = tok.value[:-1].rpartition(":")  # 'C8:INDEX(' -> a computed range end
            if colon:
                self.i -= 1
                self.items[self.i] = _Token(name + "(", tok.type, tok.subtype)
                return ("span", _reference(start), self.primary())
            name = name.upper().removeprefix("_XLFN.").removeprefix("_XLWS.")
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
    try:
        c1, r1, c2, r2 = range_boundaries(text.replace("$", ""))
    except (ValueError, TypeError):
        return ("name", text)
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


# -- meanings -----------------------------------------------------------------------------
class Linear:
    """A sum-like value: ``sum(coefficient * key) + constant`` (terms never hold 0)."""

    __slots__ = ("terms", "const")
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, terms: dict | None = None, const: Decimal = ZERO):
        self.terms: dict = terms if terms is not None else {}
        self.const = const

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Linear) and self.const == other.const and self.terms == other.terms

    def __repr__(self) -> str:
        return f"Linear({self.terms!r}, {self.const})"

    def add(self, other: "Linear", sign: Decimal = ONE) -> "Linear":
        """Add ``sign * other`` in place (sums of thousands of parts stay linear in time)."""
        terms = self.terms
        for k, v in other.terms.items():
            new = terms.get(k, ZERO) + sign * v
            if new:
                terms[k] = new
            else:
                terms.pop(k, None)
        self.const += sign * other.const
        return self

    def plus(self, other: "Linear", sign: Decimal = ONE) -> "Linear":
        return Linear(dict(self.terms), self.const).add(other, sign)

    def scaled(self, factor: Decimal) -> "Linear":
        return Linear({k: v * factor for k, v in self.terms.items() if v * factor}, self.const * factor)

    @property
    def constant_only(self) -> bool:
        return not self.terms

    def single_key(self) -> tuple | None:
        """``(key,)`` when this is exactly one cell, else None."""
        if not self.const and len(self.terms) == 1:
            (key, coefficient), = self.terms.items()
            if coefficient == 1:
                return (key,)
        return None


@dataclass(frozen=True)
class Quotient:
    num: Linear
    den: Linear
    guarded: bool


@dataclass(frozen=True)
class Pick:
    """``max``/``min`` of a set of keys, or the ``last`` filled of ordered keys."""

    rule: str
    parts: tuple

    def same_parts(self, other: "Pick") -> bool:
        if self.rule == "last":
            return self.parts == other.parts
        return set(self.parts) == set(other.parts)


@dataclass(frozen=True)
class Unknown:
    reason: str


@dataclass(frozen=True)
class _Empty:
    """The text "" (or a missing argument): the empty branch of a guard."""


BLANK = _Empty()


@dataclass(frozen=True)
class _Cond:
    kind: str  # "cmp" | "iserror" | "isnumber" | "isblank" | "count"
    op: str = ""
    a: Any = None
    b: Any = None


class Cells:
    """What a formula's references stand for; given by the checker (or a stub)."""

    def sheet_exists(self, sheet: str | None) -> bool:
        return True

    def bounds(self, sheet: str | None) -> tuple[int, int]:
        """(rows, cols) holding content, to clamp whole-column ranges."""
        raise NotImplementedError

    def meaning(self, sheet: str | None, row: int, col: int, in_range: bool) -> Any:
        """The meaning of one referenced cell: a Linear, Quotient, Pick, Unknown or None (adds nothing)."""
        raise NotImplementedError


def meaning(node: tuple, cells: Cells) -> Any:
    """The meaning of an expression tree over ``cells``."""
    return _Interpreter(cells).value(node)


class _Interpreter:
    def __init__(self, cells: Cells):
        self.cells = cells
        self.budget = MAX_RANGE_CELLS  # cells one formula may read, all its ranges together

    # references ---------------------------------------------------------------------
    def _cells_of(self, node: tuple) -> list[tuple[int, int]] | Unknown:
        _, sheet, r1, c1, r2, c2 = node
        if not self.cells.sheet_exists(sheet):
            return Unknown(f"lê a aba '{sheet}', que não existe")
        rows, cols = self.cells.bounds(sheet)
        r1, c1 = r1 or 0, c1 or 0
        r2 = rows - 1 if r2 is None else min(r2, rows - 1)
        c2 = cols - 1 if c2 is None else min(c2, cols - 1)
        if r2 < r1 or c2 < c1:
            return []
        self.budget -= (r2 - r1 + 1) * (c2 - c1 + 1)
        if self.budget < 0:
            return Unknown("lê células demais (intervalos grandes demais)")
        return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def _ref(self, node: tuple, in_range: bool) -> list:
        """Meanings of the cells of a reference (None entries dropped)."""
        cells = self._cells_of(node)
        if isinstance(cells, Unknown):
            return [cells]
        sheet = node[1]
        out = [self.cells.meaning(sheet, r, c, in_range) for r, c in cells]
        return [m for m in out if m is not None]

    def _single(self, node: tuple) -> tuple[Any, bool]:
        """(meaning, is a reference to one cell); a range outside a function is Unknown."""
        if node[0] == "ref":
            if (node[2], node[3]) != (node[4], node[5]) or node[2] is None or node[3] is None:
                return Unknown("usa um intervalo fora de uma função"), False
            found = self._ref(node, in_range=False)
            return (found[0] if found else Linear()), True
        return self.value(node), False

    # expressions --------------------------------------------------------------------
    def value(self, node: tuple) -> Any:
        kind = node[0]
        if kind == "num":
            return Linear({}, node[1])
        if kind == "bool":
            return Linear({}, ONE if node[1] else ZERO)
        if kind == "str":
            return BLANK if node[1] == "" else Unknown(f'usa o texto "{node[1]}"')
        if kind == "missing":
            return BLANK
        if kind == "err":
            return Unknown(f"contém o erro {node[1]}")
        if kind == "name":
            return Unknown(f"usa o nome '{node[1]}'")
        if kind == "ref":
            return self._single(node)[0]
        if kind == "neg":
            inner = self.value(node[1])
            return inner.scaled(-ONE) if isinstance(inner, Linear) else _unknown(inner, "nega um valor")
        if kind == "pct":
            inner = self.value(node[1])
            return inner.scaled(Decimal("0.01")) if isinstance(inner, Linear) else _unknown(inner, "usa %")
        if kind == "bin":
            return self._binary(node[1], self.value(node[2]), self.value(node[3]))
        if kind == "call":
            return self._call(node[1], node[2])
        if kind == "span":
            return Unknown("usa um intervalo cujo fim é calculado de um jeito que o tcxl não confere")
        return Unknown("fórmula não reconhecida")

    def _binary(self, op: str, a: Any, b: Any) -> Any:
        if op in ("=", "<>", "<", ">", "<=", ">="):
            return _Cond("cmp", op, a, b)
        for x in (a, b):
            if isinstance(x, Unknown):
                return x
        if op in ("+", "-"):
            if isinstance(a, Linear) and isinstance(b, Linear):
                return a.plus(b, ONE if op == "+" else -ONE)
            return Unknown("soma ou subtrai um percentual ou um texto")
        if op == "*":
            if isinstance(b, Linear) and b.constant_only:
                a, b = b, a
            if isinstance(a, Linear) and a.constant_only:
                if isinstance(b, Linear):
                    return b.scaled(a.const)
                if isinstance(b, Quotient):  # E/P*100: a percentage scaled
                    return Quotient(b.num.scaled(a.const), b.den, b.guarded)
            return Unknown("multiplica valores")
        if op == "/":
            if isinstance(b, Linear) and b.constant_only:
                if b.const == 0:
                    return Unknown("divide por zero")
                if isinstance(a, Linear):
                    return a.scaled(ONE / b.const)
                if isinstance(a, Quotient):
                    return Quotient(a.num.scaled(ONE / b.const), a.den, a.guarded)
            if isinstance(a, Linear) and isinstance(b, Linear):
                return Quotient(a, b, False)
            return Unknown("divide valores que não são somas")
        return Unknown(f"usa o operador {op}")

    def _summed(self, args: list[tuple]) -> Any:
        """SUM's meaning: ranges and references add their cells; text adds nothing."""
        total = Linear()
        for arg in args:
            parts = self._ref(arg, in_range=True) if arg[0] == "ref" else [self.value(arg)]
            for part in parts:
                if part is BLANK:
                    continue
                if isinstance(part, Pick):  # a sum of maxima: its own rule, over opaque parts
                    part = Linear({part: ONE})
                if not isinstance(part, Linear):
                    return _unknown(part, "soma um percentual")
                total.add(part)
        return total

    def _picked(self, rule: str, args: list[tuple]) -> Any:
        parts: list = []
        for arg in args:
            for part in (self._ref(arg, in_range=True) if arg[0] == "ref" else [self.value(arg)]):
                if isinstance(part, Pick) and part.rule == rule:
                    parts += part.parts
                elif isinstance(part, Linear) and part.single_key():
                    parts += part.single_key()
                elif isinstance(part, Pick):  # a maximum of last values: its own rule, over opaque parts
                    parts.append(part)
                elif isinstance(part, Linear) and part.terms:
                    parts.append(("sum", frozenset(part.terms.items()), part.const))
                elif part is not BLANK and not _is_zero(part):
                    return _unknown(part, f"usa {rule.upper()} de valores que não são células")
        return Pick(rule, tuple(parts))

    def _call(self, name: str, args: list[tuple]) -> Any:
        if name == "SUM":
            return self._summed(args)
        if name in ("MAX", "MIN"):
            return self._picked(name.lower(), args)
        if name == "ROUND" and len(args) == 2:
            digits = self.value(args[1])
            inner = self.value(args[0])
            if not (isinstance(digits, Linear) and digits.constant_only):
                return Unknown("arredonda com casas variáveis")
            n = digits.const
            if isinstance(inner, Quotient):  # ROUND(E/P*100,2)/100 keeps 4 decimals of E/P too
                scales = set(inner.num.terms.values())
                shift = next(iter(scales)).log10() if len(scales) == 1 and min(scales) > 0 else ZERO
                return inner if n + max(shift, ZERO) >= 4 else \
                    Unknown(f"arredonda o percentual para {n} casas (mínimo 4)")
            if isinstance(inner, Linear):
                return inner if n >= 2 else Unknown(f"arredonda o valor para {n} casas (mínimo 2: centavos)")
            return inner
        if name == "IFERROR" and len(args) == 2:
            inner, fallback = self.value(args[0]), self.value(args[1])
            if not _is_empty_or_zero(fallback):
                return Unknown("usa SEERRO com um valor alternativo")
            return Quotient(inner.num, inner.den, True) if isinstance(inner, Quotient) else inner
        if name == "IF" and len(args) in (2, 3):
            return self._if(args)
        if name in ("ISERROR", "ISERR") and len(args) == 1:
            return _Cond("iserror", a=self.value(args[0]))
        if name == "ISNUMBER" and len(args) == 1:
            return _Cond("isnumber", a=self._single(args[0])[0])
        if name == "ISBLANK" and len(args) == 1:
            return _Cond("isblank", a=self._single(args[0])[0])
        if name in ("COUNT", "COUNTA"):
            return _Cond("count")
        if name == "NOT" and len(args) == 1:
            inner = self.value(args[0])
            if isinstance(inner, _Cond) and inner.kind in ("isblank", "isnumber"):
                return _Cond("isnumber" if inner.kind == "isblank" else "isblank", a=inner.a)
            return Unknown("usa NÃO")
        if name in ("SUMIF", "SUMIFS", "SUMPRODUCT", "SUBTOTAL", "AGGREGATE", "INDIRECT", "OFFSET"):
            return Unknown(f"usa a função {name}, que o tcxl não confere")
        return Unknown(f"usa a função {name}")

    def _if(self, args: list[tuple]) -> Any:
        cond = self.value(args[0])
        then = self.value(args[1])
        other = self.value(args[2]) if len(args) == 3 else Linear()
        if isinstance(cond, Linear) and cond.terms:  # IF(P, x, "") tests P <> 0
            cond = _Cond("cmp", "<>", cond, Linear())
        if not isinstance(cond, _Cond):
            return _unknown(cond, "usa SE com uma condição que o tcxl não reconhece")
        if cond.kind in ("isnumber", "isblank"):
            # the "last filled" pattern: IF(ISNUMBER(x), x, rest) or IF(ISBLANK(x), rest, x)
            x, rest = (then, other) if cond.kind == "isnumber" else (other, then)
            if x != cond.a:
                return Unknown("usa ÉNÚM com outra célula")
            before = () if rest is BLANK else rest.parts if isinstance(rest, Pick) and rest.rule == "last" \
                else _single_key(rest)
            own = x.parts if isinstance(x, Pick) and x.rule == "last" else _single_key(x)
            if before is None or own is None:
                return Unknown("usa ÉNÚM de um valor que não é uma célula")
            return Pick("last", (*before, *own))
        if cond.kind == "iserror":
            if not _is_empty_or_zero(then):
                return Unknown("usa ÉERRO com um valor alternativo")
            if isinstance(other, Quotient) and other == cond.a:
                return Quotient(other.num, other.den, True)
            return other
        if cond.kind == "cmp":
            return self._guard(cond, then, other)
        return Unknown("usa SE com uma condição que o tcxl não reconhece")

    def _guard(self, cond: _Cond, then: Any, other: Any) -> Any:
        """``IF(P=0,"",x)``, ``IF(P<>0,x,"")``, ``IF(P>0,x,"")``, ``IF(COUNT(…)=0,"",x)``."""
        op, a, b = cond.op, cond.a, cond.b
        if _is_zero(a) and not _is_zero(b):
            a, b, op = b, a, {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        if not (_is_zero(b) or b is BLANK):
            return Unknown("usa SE com uma condição que o tcxl não reconhece")
        if op in ("=", "<="):
            empty, value = then, other
        elif op in ("<>", ">"):
            value, empty = then, other
        else:
            return Unknown("usa SE com uma condição que o tcxl não reconhece")
        if not _is_empty_or_zero(empty):
            return Unknown("usa SE com dois resultados diferentes")
        if isinstance(a, _Cond) and a.kind == "count":
            return value
        if isinstance(value, Quotient):
            return Quotient(value.num, value.den, value.guarded or a == value.den)
        return value


def _single_key(m: Any) -> tuple | None:
    return m.single_key() if isinstance(m, Linear) else None


def _is_zero(m: Any) -> bool:
    return isinstance(m, Linear) and not m.terms and m.const == 0


def _is_empty_or_zero(m: Any) -> bool:
    return m is BLANK or _is_zero(m)


def _unknown(m: Any, reason: str) -> Unknown:
    return m if isinstance(m, Unknown) else Unknown(reason)


def final(m: Any) -> Any:
    """A formula's meaning as a cell shows it: a bare condition or "" means nothing tcxl knows."""
    if m is BLANK:
        return Linear()
    if isinstance(m, _Cond):
        return Unknown("mostra VERDADEIRO/FALSO")
    return m


def rule_of(m: Any) -> str | None:
    """The indicator rule a meaning implements: 'sum', 'max', 'min', 'last', or None."""
    if isinstance(m, Linear) and m.terms:
        return "sum"
    if isinstance(m, Pick):
        return m.rule
    return None


class _AnyCell(Cells):
    """Every referenced cell is an input of its own (to read a formula's shape)."""

    def bounds(self, sheet):
        return (1_048_576, 16_384)

    def meaning(self, sheet, row, col, in_range):
        return Linear({("cell", sheet, row, col): ONE})


def shape_rule(text: Any) -> str | None:
    """The indicator rule a total cell's own formula implements (None: not a formula or unknown)."""
    if not (isinstance(text, str) and text.startswith("=")):
        return None
    try:
        node = parse(text)
    except FormulaError:
        return None
    return rule_of(final(meaning(node, _AnyCell())))


# -- concrete evaluation --------------------------------------------------------------------
class Err(str):
    """An error value (#DIV/0!, #VALUE!, …)."""


class NotEvaluated(Exception):
    """A formula tcxl cannot evaluate (unknown function, missing stored result)."""


def evaluate(node: tuple, value_at: Callable[[str | None, int, int], Any],
             bounds: Callable[[str | None], tuple[int, int]]) -> Any:
    """The value a spreadsheet shows for the expression: Decimal, str, bool, None or Err.
    ``value_at(sheet, row, col)`` is what a referenced cell shows (raise NotEvaluated when
    unknown)."""
    return _Evaluator(value_at, bounds).value(node)


def _number(v: Any) -> Any:
    if isinstance(v, Err):
        return v
    if v is None or v == "":
        return ZERO if v is None else Err("#VALUE!")
    if isinstance(v, bool):
        return ONE if v else ZERO
    if isinstance(v, Decimal):
        return v
    try:
        return Decimal(str(v).strip())
    except InvalidOperation:
        return Err("#VALUE!")


class _Evaluator:
    def __init__(self, value_at, bounds):
        self.value_at, self.bounds = value_at, bounds

    def cells(self, node: tuple) -> list:
        _, sheet, r1, c1, r2, c2 = node
        rows, cols = self.bounds(sheet)
        r1, c1 = r1 or 0, c1 or 0
        r2 = rows - 1 if r2 is None else min(r2, rows - 1)
        c2 = cols - 1 if c2 is None else min(c2, cols - 1)
        if (r2 - r1 + 1) * (c2 - c1 + 1) > MAX_RANGE_CELLS:
            raise NotEvaluated("intervalo grande demais")
        return [self.value_at(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]

    def args(self, args: list[tuple]) -> list:
        """Values of function arguments: ranges give only their numbers (as SUM, MAX, COUNT)."""
        out = []
        for arg in args:
            if arg[0] == "ref":
                for v in self.cells(arg):
                    if isinstance(v, Err):
                        out.append(v)
                    elif isinstance(v, Decimal) and not isinstance(v, bool):
                        out.append(v)
            else:
                out.append(_number(self.value(arg)))
        return out

    def value(self, node: tuple) -> Any:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "bool":
            return node[1]
        if kind == "missing":
            return None
        if kind == "err":
            return Err(node[1])
        if kind == "name":
            raise NotEvaluated(node[1])
        if kind == "ref":
            if (node[2], node[3]) != (node[4], node[5]) or node[2] is None:
                raise NotEvaluated("intervalo")
            return self.value_at(node[1], node[2], node[3])
        if kind == "neg":
            v = _number(self.value(node[1]))
            return v if isinstance(v, Err) else -v
        if kind == "pct":
            v = _number(self.value(node[1]))
            return v if isinstance(v, Err) else v / 100
        if kind == "bin":
            return self.binary(node[1], self.value(node[2]), self.value(node[3]))
        if kind == "call":
            return self.call(node[1], node[2])
        raise NotEvaluated(kind)

    def binary(self, op: str, a: Any, b: Any) -> Any:
        if op in ("=", "<>", "<", ">", "<=", ">="):
            for x in (a, b):
                if isinstance(x, Err):
                    return x
            if isinstance(a, str) or isinstance(b, str):
                a, b = ("" if a is None else a), ("" if b is None else b)
                if not (isinstance(a, str) and isinstance(b, str)):
                    return op in ("<>",)
            else:
                a, b = _number(a), _number(b)
            return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
        if op == "&":
            raise NotEvaluated("&")
        a, b = _number(a), _number(b)
        for x in (a, b):
            if isinstance(x, Err):
                return x
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return Err("#DIV/0!") if b == 0 else a / b
        raise NotEvaluated(op)

    def truth(self, v: Any) -> Any:
        if isinstance(v, Err):
            return v
        if isinstance(v, bool):
            return v
        n = _number(v)
        return n if isinstance(n, Err) else n != 0

    def call(self, name: str, args: list[tuple]) -> Any:
        if name == "SUM":
            vals = self.args(args)
            err = next((v for v in vals if isinstance(v, Err)), None)
            return err if err is not None else sum(vals, ZERO)
        if name in ("MAX", "MIN"):
            vals = self.args(args)
            err = next((v for v in vals if isinstance(v, Err)), None)
            if err is not None:
                return err
            return (max if name == "MAX" else min)(vals) if vals else ZERO
        if name in ("COUNT",):
            return Decimal(sum(isinstance(v, Decimal) for v in self.args(args)))
        if name == "ROUND" and len(args) == 2:
            v, n = _number(self.value(args[0])), _number(self.value(args[1]))
            if isinstance(v, Err):
                return v
            return v.quantize(Decimal(1).scaleb(-int(n)), rounding=ROUND_HALF_UP)
        if name == "IF" and len(args) in (2, 3):
            cond = self.truth(self.value(args[0]))
            if isinstance(cond, Err):
                return cond
            if cond:
                return self.value(args[1])
            return self.value(args[2]) if len(args) == 3 else False
        if name == "IFERROR" and len(args) == 2:
            v = self.value(args[0])
            return self.value(args[1]) if isinstance(v, Err) else v
        if name in ("ISERROR", "ISERR") and len(args) == 1:
            return isinstance(self.value(args[0]), Err)
        if name == "ISNUMBER" and len(args) == 1:
            v = self.value(args[0])
            return isinstance(v, Decimal)
        if name == "ISBLANK" and len(args) == 1:
            return self.value(args[0]) is None
        if name == "NOT" and len(args) == 1:
            t = self.truth(self.value(args[0]))
            return t if isinstance(t, Err) else not t
        if name == "ABS" and len(args) == 1:
            v = _number(self.value(args[0]))
            return v if isinstance(v, Err) else abs(v)
        raise NotEvaluated(name)
