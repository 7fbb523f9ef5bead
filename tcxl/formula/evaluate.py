"""What a formula gives, numerically, as a spreadsheet computes it (SPEC §3.1)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation, ROUND_HALF_UP
from typing import Any, Callable

from .parse import MAX_RANGE_CELLS

ZERO, ONE = Decimal(0), Decimal(1)


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
