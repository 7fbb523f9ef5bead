"""Proof before error (SPEC §3.1): a total is wrong only with a counterexample.

A formula that is not the layout's own is evaluated (:mod:`tcxl.formula.evaluate`) on
*assignments* of the workbook's inputs — the values read from the file and a few seeded
random ones (one with blanks) — and compared, each time, with what the layout says the
total is on the same inputs (:class:`tcxl.formulas.Evaluation`). Totals the formula reads are
taken as the layout computes them (each is judged at its own cell), helper cells are
evaluated from their own formulas, labels and headers are what they show. A percentage is
also evaluated with its denominator empty: a guard may show anything there, but not an
error.

If every assignment agrees, the formula is right, however it is written. If one does not,
the disagreement is the evidence the finding shows; single-input probes then say what is
left out, doubled or foreign. A formula tcxl cannot evaluate gets no verdict here.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..formula import Err, Linear
from ..formula.workbook import Cells
from ..totals import Aggregate, Evaluation, Inputs, Ratio, compute

PROBE = Decimal(1000)
HIGH, LOW = Decimal(100_000_000), Decimal("0.01")  # beyond the random values' range, both ways
SEEDS = ((1, 0.0), (2, 0.0), (3, 0.3))  # (seed, share of inputs left blank)


@dataclass
class Evidence:
    """An assignment on which the formula gives ``got`` where the layout requires ``want``."""

    assignment: Assignment
    got: Any
    want: Any
    zero_denominator: bool = False  # a percentage that shows an error when its denominator is empty
    item: Any = None  # (item, value): the one item the assignment sets apart, if any


class Assignment(dict):
    """Input values: those given, the rest drawn by ``fill`` (memoised, so every formula and the
    layout see the same numbers). ``label`` says in pt-BR where the values come from."""

    def __init__(self, given: dict, fill: Callable[[Any], Any], label: str):
        super().__init__(given)
        self.fill, self.label = fill, label

    def get(self, key, default=None):
        if key not in self:
            self[key] = self.fill(key)
        return self[key]


def _random(seed: int, blank_share: float) -> Callable[[Any], Any]:
    def fill(key) -> Decimal | None:
        rng = random.Random(zlib.crc32(repr(key).encode()) ^ seed)
        if blank_share and rng.random() < blank_share:
            return None
        return Decimal(rng.randint(100, 10_000_000)) / 100

    return fill


def _blank(key) -> None:
    return None


class World:
    """The workbook under one assignment: the layout's values and what each cell shows."""

    def __init__(self, book, assignment: Assignment):
        self.book, self.assignment = book, assignment
        self.layout = Evaluation(book.formulas, Inputs(assignment))
        self.read: list = []  # layout keys the formulas evaluated here read
        self.cells = Cells(book.r.grids, book.r.names, stored=False, override=self._override)

    def _override(self, sheet: str, row: int, col: int) -> Any:
        book = self.book
        key = book.at.get((sheet, row, col))
        if key is None:
            item = ("cell", None if sheet == book.home else sheet, row, col)
            # not .get(): Assignment.get draws a value for a missing item; a plain cell has none
            return self.assignment[item] if item in self.assignment else Cells.MISSING  # noqa: SIM401
        if key in book.formulas:
            self.read.append(key)
            return self.layout(key)
        if key in book.leaves:
            self.read.append(key)
            return self.assignment.get(key)
        return Cells.MISSING

    def formula(self, tree: tuple, at: tuple[str, int, int]) -> Any:
        """What ``tree``, written at ``at``, gives here (raises NotEvaluated)."""
        return self.cells.run(tree, *at)


class Prover:
    """The worlds of one check, shared by every formula judged in it."""

    def __init__(self, book):
        self.book = book
        values = {k: v for k, v in book.r.values.items() if isinstance(v, Decimal)}
        self.worlds = [World(book, Assignment(values, _blank, "com os valores da planilha"))]
        self.worlds += [
            World(book, Assignment({}, _random(seed, share), "com valores de teste")) for seed, share in SEEDS
        ]

    def find(self, key, formula, tree: tuple, same: Callable) -> Evidence | None:
        """The first assignment on which ``tree`` (the formula at ``key``'s cell) differs from
        the layout's value of ``key``; None when all agree. Raises NotEvaluated."""
        at = self.book.r.where[key]
        for world in self.worlds:
            got, want = world.formula(tree, at), world.layout(key)
            if isinstance(formula, Ratio) and want == "":
                continue  # denominator empty in this assignment: judged below
            if not same(got, want, formula):
                return Evidence(world.assignment, got, want)
        if isinstance(formula, Ratio):
            return self._zero_denominator(key, formula, tree, at)
        return None

    def find_on_suspects(self, key, formula, tree: tuple, items: list, same: Callable) -> Evidence | None:
        """Evidence that sets the items the symbolic reading suspects (a foreign or missing
        input, a blank cell referenced by name outside the layout) where random values may not
        tell: each to R$ 1.000,00 with the inputs empty, then far above and far below random
        inputs (a ``MAX`` or ``MIN`` over one part too many)."""
        at = self.book.r.where[key]
        trials = (
            (PROBE, _blank, ""),
            (HIGH, _random(1, 0.0), "com valores de teste"),
            (LOW, _random(1, 0.0), "com valores de teste"),
        )
        for item in items:
            if item[0] == "cell" and self.book.cells_formula(item):
                continue  # a cell computed by its own formula is not free to set
            for value, fill, label in trials:
                world = World(self.book, Assignment({item: value}, fill, label))
                got, want = world.formula(tree, at), world.layout(key)
                if not same(got, want, formula):
                    return Evidence(world.assignment, got, want, item=(item, value))
        return None

    def _zero_denominator(self, key, formula: Ratio, tree: tuple, at) -> Evidence | None:
        """A guard may show anything where the denominator is empty, but not an error."""
        den = self.book.expected(formula.den) if formula.den in self.book.formulas else Linear({formula.den: 1})
        keys = den.terms if isinstance(den, Linear) else {}
        world = World(self.book, Assignment({k: None for k in keys}, _random(4, 0.0), "com a Previsão vazia"))
        got = world.formula(tree, at)
        if isinstance(got, Err):
            return Evidence(world.assignment, got, world.layout(key), zero_denominator=True)
        return None

    def probe(self, key, tree: tuple, candidates: list) -> tuple[Linear, list[tuple[Any, Any, Any]]]:
        """The formula's coefficients on single inputs (each set to R$ 1.000,00, the rest empty):
        a linear reading of what it sums, and [(input, got, want)] where it differs from the layout."""
        at = self.book.r.where[key]
        base = World(self.book, Assignment({}, _blank, ""))
        zero = _number(base.formula(tree, at))
        probed, wrong = Linear({}, zero if zero is not None else Decimal(0)), []
        for item in candidates:
            world = World(self.book, Assignment({item: PROBE}, _blank, ""))
            got, want = world.formula(tree, at), world.layout(key)
            value = _number(got)
            if value is not None and zero is not None and value != zero:
                probed.terms[item] = (value - zero) / PROBE
            if _number(want) != value:
                wrong.append((item, got, want))
        return probed, wrong

    def rule_computed(self, key, tree: tuple, parts: list, same: Callable) -> str | None:
        """The indicator rule (sum, max, min, last filled) the formula gives over ``parts`` in
        every random assignment, if one does."""
        at = self.book.r.where[key]
        rules = ["sum", "max", "min", "last"]
        for world in self.worlds[1:]:
            got = world.formula(tree, at)
            rules = [
                r
                for r in rules
                if same(got, compute(Aggregate(r, tuple(parts)), world.assignment.get), Aggregate(r, ()))
            ]
        return rules[0] if rules else None

    def inputs_read(self, key, tree: tuple) -> tuple[list, list]:
        """(inputs, keys): the inputs a formula reads, directly or through the totals it reads
        (layout order), and the keys it reads (totals among them name a mistake in one word),
        with its inputs empty and with random ones (a condition may skip a branch in one)."""
        at = self.book.r.where[key]
        read: list = []
        for fill in (_blank, _random(1, 0.0)):
            world = World(self.book, Assignment({}, fill, ""))
            world.formula(tree, at)
            read += world.read
        out: dict = {}
        for k in read:
            m = self.book.expected(k) if k in self.book.formulas else Linear({k: 1})
            for item in m.terms if isinstance(m, Linear) else getattr(m, "parts", ()):
                out[item] = None
        return list(out), list(dict.fromkeys(read))


def _number(value: Any) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if value in (None, ""):
        return Decimal(0)
    if isinstance(value, bool):
        return Decimal(int(value))
    return None
