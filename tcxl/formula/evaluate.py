"""What a formula gives, as a spreadsheet computes it (SPEC §3.1).

:func:`evaluate` walks a tree from :mod:`.parse` and returns what the cell shows: ``Decimal``,
``str``, ``bool`` or :class:`Err`. It follows Excel: a blank is 0 or "", text that reads as a
number takes part in arithmetic, and a range where one value is expected gives the cell in the
formula's own row or column (implicit intersection). Operators and functions of single values
go element by element over arrays (``{1,2}*2``), and over ranges only where Excel evaluates
arrays without an array formula (SUMPRODUCT, LOOKUP, the first argument of INDEX) or in an
array formula. Cells are read through a :class:`Context`,
only those needed; a function tcxl does not know raises :class:`NotEvaluated`, never a guess.
The functions themselves are listed in :mod:`.functions`.

The evaluator is in parts: the values (:mod:`.values`), the operators (:mod:`.operators`),
the walk over the tree (:mod:`.evaluation`) and the functions' implementations
(:mod:`.aggregates`, :mod:`.criteria`, :mod:`.logic`, :mod:`.numeric`, :mod:`.text`,
:mod:`.lookup`). This module joins them: it gives the walk the table of functions and the
parser, which the implementations cannot import (the table imports them; the parser reads
the table).
"""

from __future__ import annotations

from typing import Any

from .evaluation import Context, Evaluation
from .functions import FUNCTIONS
from .parse import parse
from .values import ZERO, Err, NotEvaluated, Ref, StackShort

__all__ = ["Context", "Err", "NotEvaluated", "StackShort", "evaluate"]

_HANDLERS = {name: f.evaluate for name, f in FUNCTIONS.items() if f.evaluate is not None}


def evaluate(node: tuple, ctx: Context, here: tuple[str | None, int, int] = (None, 0, 0), array: bool = False) -> Any:
    """The value a cell at ``here`` (sheet, row, col; 0-based) with formula ``node`` shows:
    Decimal, str, bool or Err; a blank result shows as 0. ``array`` for an array (CSE) formula,
    where ranges combine element by element and the cell shows the first element."""
    ev = Evaluation(ctx, here, array, _HANDLERS, parse)
    v = ev.eval(node)
    if array and isinstance(v, Ref):
        v = ev.cell(v.sheet, v.r1, v.c1)
    v = ev.one(v)
    return ZERO if v is None else v
