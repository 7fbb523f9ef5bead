"""What a formula computes, symbolically, however it is written (SPEC §3.1).

The expression tree (:mod:`.parse`) is interpreted abstractly: every referenced cell is
mapped to the layout key it stands for, and totals it references are expanded through the
layout's own formulas down to input keys. The result is a *meaning*:

- :class:`Linear` — a sum-like total, ``{input key: coefficient} + constant``;
- :class:`Quotient` — a percentage, ``numerator / denominator`` and whether it is guarded
  against a zero denominator;
- :class:`Pick` — an indicator total that takes the ``max`` (or ``min``) or the ``last``
  filled of its parts;
- :class:`Unknown` — anything else, with the reason in pt-BR.

Two formulas are equivalent when their meanings are equal, so ``=SUM(B5:B9)``,
``=B5+B6+B7+B8+B9`` and ``=ROUND(SUM($B$4:$B$10),2)`` are the same total. This is the fast
path and what names a mistake; what it does not know is judged by evaluation
(:mod:`.evaluate`, :mod:`tcxl.checks.proof`), never reported from here alone.

One module of some 450 lines, over the ~400 a module keeps to, on purpose: most of it is
one class, the interpreter, whose symbolic handlers the table of functions names by method
(``meaning="sum"`` is ``_Interpreter._sum``), so it cannot be split between modules; the
meanings it builds are a few small types whose cases (``Pick("last")``, a guarded
``Quotient``) exist for the patterns the interpreter recognises, and are read with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .functions import FUNCTIONS
from .parse import FormulaError, parse
from .tree import MAX_RANGE_CELLS, stack_short, steps
from .values import ONE, ZERO


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

    def add(self, other: Linear, sign: Decimal = ONE) -> Linear:
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

    def plus(self, other: Linear, sign: Decimal = ONE) -> Linear:
        return Linear(dict(self.terms), self.const).add(other, sign)

    def scaled(self, factor: Decimal) -> Linear:
        return Linear({k: v * factor for k, v in self.terms.items() if v * factor}, self.const * factor)

    @property
    def constant_only(self) -> bool:
        return not self.terms

    def single_key(self) -> tuple | None:
        """``(key,)`` when this is exactly one cell, else None."""
        if not self.const and len(self.terms) == 1:
            ((key, coefficient),) = self.terms.items()
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

    def same_parts(self, other: Pick) -> bool:
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
        """Meanings of the cells of a reference (None entries dropped). A cell's meaning may be
        its own formula's (a helper cell's, read in turn): not where the stack runs short."""
        if stack_short():
            return [Unknown("lê fórmulas encadeadas demais (uma célula que lê outra, que lê outra…)")]
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
        if kind == "bin":  # a op b op c …, left to right
            value = self.value(node[2])
            for op, operand in steps(node):
                value = self._binary(op, value, self.value(operand))
            return value
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
            for part in self._ref(arg, in_range=True) if arg[0] == "ref" else [self.value(arg)]:
                if isinstance(part, Pick) and part.rule == rule:
                    parts += part.parts
                elif isinstance(part, Linear) and (key := part.single_key()):
                    parts += key
                elif isinstance(part, Pick):  # a maximum of last values: its own rule, over opaque parts
                    parts.append(part)
                elif isinstance(part, Linear) and part.terms:
                    parts.append(("sum", frozenset(part.terms.items()), part.const))
                elif part is not BLANK and not _is_zero(part):
                    return _unknown(part, f"usa {rule.upper()} de valores que não são células")
        return Pick(rule, tuple(parts))

    def _call(self, name: str, args: list[tuple]) -> Any:
        """A function's symbolic meaning, by the handler the table names (:mod:`.functions`);
        a function without one is judged by evaluation."""
        function = FUNCTIONS.get(name)
        if function is None or function.meaning is None:
            return Unknown(f"usa a função {name}")
        return getattr(self, "_" + function.meaning)(name, args)

    # symbolic handlers (named in the table of functions) ---------------------------------
    def _sum(self, name: str, args: list[tuple]) -> Any:
        return self._summed(args)

    def _pick(self, name: str, args: list[tuple]) -> Any:
        return self._picked(name.lower(), args)

    def _round(self, name: str, args: list[tuple]) -> Any:
        if len(args) != 2:
            return Unknown(f"usa {name} com {len(args)} argumento(s)")
        digits = self.value(args[1])
        inner = self.value(args[0])
        if not (isinstance(digits, Linear) and digits.constant_only):
            return Unknown("arredonda com casas variáveis")
        n = digits.const
        if isinstance(inner, Quotient):  # ROUND(E/P*100,2)/100 keeps 4 decimals of E/P too
            scales = set(inner.num.terms.values())
            shift = next(iter(scales)).log10() if len(scales) == 1 and min(scales) > 0 else ZERO
            return inner if n + max(shift, ZERO) >= 4 else Unknown(f"arredonda o percentual para {n} casas (mínimo 4)")
        if isinstance(inner, Linear):
            return inner if n >= 2 else Unknown(f"arredonda o valor para {n} casas (mínimo 2: centavos)")
        return inner

    def _iferror(self, name: str, args: list[tuple]) -> Any:
        if len(args) != 2:
            return Unknown(f"usa {name} com {len(args)} argumento(s)")
        inner, fallback = self.value(args[0]), self.value(args[1])
        if not _is_empty_or_zero(fallback):
            return Unknown("usa SEERRO com um valor alternativo")
        return Quotient(inner.num, inner.den, True) if isinstance(inner, Quotient) else inner

    def _condition(self, name: str, args: list[tuple]) -> Any:
        if name == "IF":
            return self._if(args) if len(args) in (2, 3) else Unknown(f"usa SE com {len(args)} argumento(s)")
        if len(args) != 1:
            return Unknown(f"usa {name} com {len(args)} argumento(s)")
        if name in ("ISERROR", "ISERR"):
            return _Cond("iserror", a=self.value(args[0]))
        if name in ("ISNUMBER", "ISBLANK"):
            return _Cond(name.lower(), a=self._single(args[0])[0])
        inner = self.value(args[0])  # NOT
        if isinstance(inner, _Cond) and inner.kind in ("isblank", "isnumber"):
            return _Cond("isnumber" if inner.kind == "isblank" else "isblank", a=inner.a)
        return Unknown("usa NÃO")

    def _count(self, name: str, args: list[tuple]) -> Any:
        return _Cond("count")

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
            before = (
                ()
                if rest is BLANK
                else rest.parts
                if isinstance(rest, Pick) and rest.rule == "last"
                else _single_key(rest)
            )
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
