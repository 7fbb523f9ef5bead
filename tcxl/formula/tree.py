"""What a formula's expression tree is, and the bounds every pass over one keeps to.

The tree is made by :mod:`.parse` and read by :mod:`.meaning` (symbolically) and by the
evaluator (:mod:`.evaluation`, numerically). Those passes import what they share from here,
not from the parser: the parser reads the table of functions (:mod:`.functions`), whose
implementations (:mod:`.aggregates`, :mod:`.lookup`, …) need these bounds, so the evaluator
importing the parser would close a circle.

Nodes are tuples: ("num", Decimal) ("str", text) ("bool", b) ("err", text) ("missing",)
("ref", sheet | None, row1, col1, row2, col2) with 0-based bounds (None: whole column/row)
("name", text) ("call", NAME, [args]) ("neg", a) ("pct", a)
("bin", op, a, b[, op, c]…): ``a op b op c …``, operators of one precedence applied left to
right (``=C5+C6-C7`` is one node however long, so a sum of a thousand cells stays shallow)
("span", ref, call): a range whose end is computed, as in ``C8:INDEX(C:C,ROW()-1)``;
:func:`.parse.at_cell` resolves it (and ROW(), COLUMN(), INDEX, OFFSET) once the formula's
cell is known.
"""

from __future__ import annotations

import sys

MAX_RANGE_CELLS = 200_000  # cells one formula may read before it is refused as too large
MAX_NESTING = 64  # parentheses (a function's too) open at once: Excel nests at most 64 functions
MAX_DEPTH = 2 * MAX_NESTING  # operations one inside another (each function with one operator around it)
# Python frames one formula may take, at most, to be parsed, or read symbolically, or evaluated:
# bounded by MAX_NESTING and MAX_DEPTH (about 400 for the worst forms allowed, 64 functions each
# with a sign around it; tests/test_formula_depth.py measures it). A formula reached from another
# one (a cell's, a defined name's, a helper cell's) is started only with this much room left.
STACK_RESERVE = 450


class FormulaError(ValueError):
    """Text that is not a formula tcxl can parse (:func:`.parse.parse`), also one nested past
    the bounds above."""


def stack_short() -> bool:
    """Whether fewer than STACK_RESERVE frames are left below Python's recursion limit: a
    formula reached from another one (a cell's, a defined name's) is not started there. A
    chain of cells is then evaluated from its far end (:mod:`.workbook`), a chain of names or
    of helper cells is not read."""
    try:
        sys._getframe(max(sys.getrecursionlimit() - STACK_RESERVE, 1))
    except ValueError:  # the stack is shallower than that
        return False
    return True


def steps(node: tuple) -> list[tuple[str, tuple]]:
    """The (operator, operand) pairs that follow the first operand (``node[2]``) of a "bin" node."""
    return [(node[1], node[3]), *zip(node[4::2], node[5::2])]
