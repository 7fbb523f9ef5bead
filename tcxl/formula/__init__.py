"""Formulas written by anyone: parse (:mod:`.parse`), what they mean symbolically
(:mod:`.meaning`), what they give numerically (:mod:`.evaluate`), over one table of
functions (:mod:`.functions`)."""

from .evaluate import Err, NotEvaluated, evaluate
from .meaning import Cells, Linear, Pick, Quotient, Unknown, final, meaning, rule_of, shape_rule
from .parse import FormulaError, at_cell, parse

__all__ = [
    "FormulaError",
    "at_cell",
    "parse",
    "Cells",
    "Linear",
    "Pick",
    "Quotient",
    "Unknown",
    "final",
    "meaning",
    "rule_of",
    "shape_rule",
    "Err",
    "NotEvaluated",
    "evaluate",
]
