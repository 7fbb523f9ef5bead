"""Rules as data (SPEC §3.2): every finding code is one :class:`Rule`, declared once.

A rule holds its code, default severity, whether it makes the file unreadable, a pt-BR
title, the message template its findings are written with, and the page ``tcxl regras
CODE`` prints (explanation, a wrong and a right example, how to fix). The records live in
:mod:`tcxl.rules.catalog`, grouped as SPEC §3 groups the codes.

A module that emits findings declares the codes it may emit, and emits through that
declaration, so an undeclared or unregistered code fails the moment it is used::

    emit = declare("TCX501", "TCX502")
    finding = emit("TCX501", sheet, "C12", raw="R$ 10,00", value="R$ 10,00", found="R$ 10,00")

Severities are never chosen where a finding is made: each finding carries its rule's
default, and a :class:`~tcxl.rules.config.RuleConfig` (``--select``/``--ignore``/
``--severity``, ``tcxl.toml``) changes them afterwards, in one place.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from ..findings import ERROR, INFO, WARNING, Finding, bounded

SEVERITIES = (ERROR, WARNING, INFO)


class UnregisteredRule(LookupError):
    """A code that is not in the registry, or not declared by the module emitting it: a bug
    in tcxl, never a user's error (tests fail on it; a check run reports it as TCX000)."""


@dataclass(frozen=True)
class Rule:
    """One finding code and everything said about it (frozen); ``tcxl regras CODE`` prints it.

    Attributes
    ----------
    code : str
        ``TCX`` and three digits; the first digit is the group (0 file, 1 structure,
        2 formulas, 3 arithmetic, 4 across sheets, 5 inputs, 6 registration).
    severity : str
        The default severity: ``"error"``, ``"warning"`` or ``"info"``.
    title, message, explanation, wrong, right, fix : str
        pt-BR texts: the title, the finding's message template (``str.format``, fields
        named by what they hold), what the rule is, a wrong and a right example, the fix.
    unreadable : bool
        The file could not be read at all: exit code 2, never ignored.
    text_in_number : bool
        The flagged cell holds text where a number belongs: a formula that adds, subtracts,
        multiplies or divides with it shows ``#VALOR!`` (the annotated copy says so there).

    Examples
    --------
    >>> import tcxl.rules
    >>> rule = tcxl.rules.registry()["TCX201"]
    >>> isinstance(rule, tcxl.Rule), rule.severity, rule.unreadable
    (True, 'error', False)
    >>> rule.title
    'valor fixo ou célula vazia onde deveria haver fórmula'
    """

    code: str
    severity: str
    title: str
    message: str  # str.format template; its fields are named by what they hold
    explanation: str
    wrong: str
    right: str
    fix: str
    unreadable: bool = False  # the file could not be read at all: exit code 2, never ignored
    text_in_number: bool = False  # the cell holds text where a number belongs: arithmetic with it shows #VALOR!

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"{self.code}: severity {self.severity!r}")

    @property
    def fields(self) -> frozenset[str]:
        """The names the message template asks for."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.message) if name)

    def finding(
        self, sheet: str = "", cell: str = "", *, expected: str = "", found: str = "", money: bool = False, **fields
    ) -> Finding:
        """A finding of this rule, its message written from the template and ``fields``;
        ``money``: ``expected``/``found`` are amounts in reais."""
        return bounded(self.code, self.severity, sheet, cell, self.message.format(**fields), expected, found, money)


def registry() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    from .catalog import RULES

    return RULES


def rule(code: str) -> Rule:
    try:
        return registry()[code]
    except KeyError:
        raise UnregisteredRule(f"{code}: código sem regra no registro (tcxl.rules.catalog)") from None


class Emitter:
    """The rules one module may emit (see :func:`declare`); calling it makes a finding."""

    def __init__(self, codes: tuple[str, ...], owner: str):
        self.rules = {code: rule(code) for code in codes}
        self.codes = frozenset(self.rules)
        self.owner = owner

    def __call__(self, code: str, sheet: str = "", cell: str = "", **kw) -> Finding:
        try:
            r = self.rules[code]
        except KeyError:
            raise UnregisteredRule(f"{code}: código não declarado por {self.owner}") from None
        return r.finding(sheet, cell, **kw)


def declare(*codes: str, owner: str | None = None) -> Emitter:
    """The codes a module emits; each must be registered (checked now, at import)."""
    if owner is None:
        import sys

        owner = sys._getframe(1).f_globals.get("__name__", "?")
    return Emitter(codes, owner)


__all__ = ["Rule", "UnregisteredRule", "Emitter", "declare", "registry", "rule", "SEVERITIES"]
