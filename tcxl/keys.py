"""What a cell means: a small typed record per kind of computed cell (SPEC §1).

The layout gives every total, percentage and the inputs they read a *key*: an account of
the statement for a year and a field, an activity's money, a block's ``Total (R$)``, a
line of the disbursement summary, an indicator's target for a period. A key is a tuple
(``("fin", "1.2", 1, "planned")``) of a subclass per kind, so the dicts the layout and the
reader build meet whichever side made the key, while each kind names its fields and says
in pt-BR what it stands for (``describe``), which all-years total it belongs to and which
arithmetic check code covers it. Cells that are only read (texts, marks, identification
fields) keep plain tuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from operator import itemgetter
from types import MappingProxyType
from typing import Any, TypeAlias

from .accounts import BY_CODE
from .periods import period_label as semester_label
from .periods import year_label

FIELD_LABELS = {"planned": "Previsto", "executed": "Executado", "pct": "%", "realized": "Realizado"}
ALL_YEARS = "T"
# labels as the workbook being checked writes them (``"T"``: 'Total Quadriênio'; ``("summary", 3)``:
# '(G)'), so messages name columns and lines the way the analyst sees them (SPEC §3.1); set by
# the checker around the checks of one workbook (:func:`tcxl.checks.check_workbook`)
WORKBOOK_LABELS: ContextVar[Mapping[Any, str]] = ContextVar("workbook_labels", default=MappingProxyType({}))

# any cell's key, as annotations take it: a typed :class:`Key` (a tuple) or, for cells only read,
# the plain tuple a layout or a reader makes (equal to the typed key of the same cell)
CellKey: TypeAlias = tuple[Any, ...]


def describe_period(period: Any) -> str:
    """1 -> 'Ano I', 'T' -> 'Total Triênio', 'Y2' -> 'total do Ano II', 'S3' -> 'Ano II/1º Sem'."""
    if period == ALL_YEARS:
        return WORKBOOK_LABELS.get().get(ALL_YEARS, "Total Triênio")
    if isinstance(period, int):
        return year_label(period)
    if isinstance(period, str) and period[:1] == "Y" and period[1:].isdigit():
        return f"total do {year_label(int(period[1:]))}"
    if isinstance(period, str) and period[:1] == "S" and period[1:].isdigit():
        return semester_label(int(period[1:]))
    return str(period)


class Key(tuple):
    """A computed cell's meaning; equal to (and hashed as) the plain tuple of its fields."""

    __slots__ = ()
    table = property(itemgetter(0))

    def describe(self) -> str:
        return " ".join(str(k) for k in self)

    def all_years(self) -> Key | None:
        """The same item's all-years total (``Total Triênio``), when this is one year of it."""
        return None

    def __getnewargs__(self) -> tuple:  # pickling passes the fields, not the tuple
        return tuple(self)[self._fixed :]

    _fixed = 1


class AccountKey(Key):
    """A cell of the statement: ``("fin", code, year | "T", "planned" | "executed" | "pct")``."""

    __slots__ = ()
    code, period, field = property(itemgetter(1)), property(itemgetter(2)), property(itemgetter(3))

    def __new__(cls, code: str, period: Any, field: str) -> AccountKey:
        return tuple.__new__(cls, ("fin", code, period, field))

    def describe(self) -> str:
        label = BY_CODE[self.code].label if self.code in BY_CODE else self.code
        field = "Previsão" if self.field == "planned" else FIELD_LABELS.get(self.field, self.field)
        return f"{label}, {describe_period(self.period)}, {field}"

    def all_years(self) -> AccountKey | None:
        return AccountKey(self.code, ALL_YEARS, self.field) if isinstance(self.period, int) else None


class ActivityKey(Key):
    """An activity's money in the disbursement schedule: ``("dis", code, year | "T", field)``."""

    __slots__ = ()
    code, period, field = property(itemgetter(1)), property(itemgetter(2)), property(itemgetter(3))

    def __new__(cls, code: str, period: Any, field: str) -> ActivityKey:
        return tuple.__new__(cls, ("dis", code, period, field))

    def describe(self) -> str:
        return f"{self.code}, {describe_period(self.period)}, {FIELD_LABELS.get(self.field, self.field)}"

    def all_years(self) -> ActivityKey | None:
        return ActivityKey(self.code, ALL_YEARS, self.field) if isinstance(self.period, int) else None


class BlockTotalKey(Key):
    """A block's ``Total (R$)``: ``("dis", "total", result | "M" | "CI", year | "T", field)``."""

    __slots__ = ()
    _fixed = 2
    block, period, field = property(itemgetter(2)), property(itemgetter(3)), property(itemgetter(4))

    def __new__(cls, block: Any, period: Any, field: str) -> BlockTotalKey:
        return tuple.__new__(cls, ("dis", "total", block, period, field))

    def describe(self) -> str:
        block = {"M": "do monitoramento", "CI": "dos custos indiretos"}.get(self.block, f"do resultado {self.block}")
        return f"Total (R$) {block}, {describe_period(self.period)}, {FIELD_LABELS.get(self.field, self.field)}"

    def all_years(self) -> BlockTotalKey | None:
        return BlockTotalKey(self.block, ALL_YEARS, self.field) if isinstance(self.period, int) else None


class SummaryKey(Key):
    """A line of the ``Desembolso Financeiro`` summary: ``("dis", "summary", 1 | 2 | 3 | "total", field)``."""

    __slots__ = ()
    _fixed = 2
    line, field = property(itemgetter(2)), property(itemgetter(3))

    def __new__(cls, line: Any, field: str) -> SummaryKey:
        return tuple.__new__(cls, ("dis", "summary", line, field))

    def describe(self) -> str:
        letter = WORKBOOK_LABELS.get().get(("summary", self.line))
        line = f"{self.line} {letter}" if letter else f"{self.line}"
        return f"resumo do desembolso, linha {line}, {FIELD_LABELS.get(self.field, self.field)}"


class TargetKey(Key):
    """An indicator's target or total in the matrix: ``("mat", ref, index, "S3" | "Y2" | "T", field)``."""

    __slots__ = ()
    ref, index, period, field = (
        property(itemgetter(1)),
        property(itemgetter(2)),
        property(itemgetter(3)),
        property(itemgetter(4)),
    )

    def __new__(cls, ref: str, index: int, period: str, field: str) -> TargetKey:
        return tuple.__new__(cls, ("mat", ref, index, period, field))

    def describe(self) -> str:
        return (
            f"{self.ref}, indicador {self.index + 1}, {describe_period(self.period)}, "
            f"{FIELD_LABELS.get(self.field, self.field)}"
        )


def typed(key: tuple) -> tuple:
    """The typed record of a plain key (as readers make them); other keys as they are."""
    if isinstance(key, Key) or not key:
        return key
    try:
        if key[0] == "fin" and len(key) == 4:
            return AccountKey(*key[1:])
        if key[0] == "dis" and len(key) == 5 and key[1] == "total":
            return BlockTotalKey(*key[2:])
        if key[0] == "dis" and len(key) == 4 and key[1] == "summary":
            return SummaryKey(*key[2:])
        if key[0] == "dis" and len(key) == 4:
            return ActivityKey(*key[1:])
        if key[0] == "mat" and len(key) == 5:
            return TargetKey(*key[1:])
    except TypeError:
        pass
    return key


def describe(key: tuple) -> str:
    """What a cell stands for, in words: '1.3 Serviços de Terceiros, Ano II, Previsão'."""
    key = typed(key)
    if isinstance(key, Key):
        return key.describe()
    if key[:1] == ("mat",) and len(key) == 4:
        return f"{key[1]}, indicador {key[2] + 1}, {key[3]}"
    return " ".join(str(k) for k in key)
