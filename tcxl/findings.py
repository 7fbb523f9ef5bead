"""Findings: typed records with a stable code, a severity and a cell (SPEC §3).

Codes are grouped: TCX0xx file, TCX1xx structure, TCX2xx formulas, TCX3xx arithmetic,
TCX4xx across sheets, TCX5xx inputs, TCX6xx registration data. Each code is a rule of
:mod:`tcxl.rules` (severity, title, message template, its page); messages say what is wrong
and what to do, ``expected``/``found`` carry the stored form.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Finding:
    """One finding: a rule's code, its severity and the cell it points at (frozen).

    Findings are made by rules (:meth:`tcxl.Rule.finding`), never by hand.

    Attributes
    ----------
    code : str
        The rule's code, e.g. ``"TCX201"`` (``tcxl regras TCX201`` explains it).
    severity : str
        ``"error"``, ``"warning"`` or ``"info"`` (the text report says erro, aviso, info).
    sheet, cell : str
        Where: the sheet's name and the cell (``"B10"``); empty when the finding is about
        the whole file.
    message : str
        What is wrong, in pt-BR.
    expected, found : str
        What the cell should hold and what it holds, when that can be said, in the stored
        form (``=SUM(C5:C9)``, ``382450.3``); :meth:`shown` gives the pt-BR form.
    money : bool
        ``expected``/``found`` are amounts in reais (shown as ``R$ 382.450,30``); not part
        of the JSON report.

    Examples
    --------
    >>> import tcxl
    >>> finding = tcxl.check("samples/tc60_2017.xlsx").findings[0]
    >>> finding.code, finding.severity, finding.sheet, finding.cell, finding.found
    ('TCX506', 'info', 'Cronograma de Atividades', 'F49', 'X')
    >>> print(finding.line("tc60_2017.xlsx"))  # doctest: +ELLIPSIS
    tc60_2017.xlsx:Cronograma de Atividades!F49: info TCX506 A2.1: ... (encontrado X)
    """

    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    expected: str = ""
    found: str = ""
    money: bool = field(default=False, compare=False, repr=False)

    def to_dict(self) -> dict[str, str]:
        """The finding's fields by name (an entry of the JSON report's ``findings``)."""
        out = asdict(self)
        del out["money"]
        return out

    def shown(self, value: str) -> str:
        """``expected`` or ``found`` as a pt-BR spreadsheet shows it: a formula in pt-BR
        (``=SOMA(C5:C9)``, ``;`` separators), an amount as ``R$ 382.450,30`` (``≤ R$ 31.215,03``),
        anything else as stored. The text report and the annotated copy both show this."""
        if value.startswith("="):
            from .formula.functions import to_ptbr

            return to_ptbr(value)
        stated = stated_amount(value) if self.money else None
        if stated is None:
            return value
        from .numbers import format_brl

        sign, amount = stated
        return f"{sign} {format_brl(amount)}".lstrip()

    def line(self, path: str = "") -> str:
        """``PATH:SHEET!CELL: severity CODE message (esperado …, encontrado …)`` (SPEC §5), the
        values as :meth:`shown`; control characters escaped, so a cell's text can never forge a
        second line."""
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        where = ":".join(p for p in (path, where) if p)
        extra = ", ".join(
            f"{k} {self.shown(v)}" for k, v in (("esperado", self.expected), ("encontrado", self.found)) if v
        )
        text = f"{where}: {SEVERITY_WORDS[self.severity]} {self.code} {self.message}" + (f" ({extra})" if extra else "")
        return text.translate(_CONTROLS)

    def __str__(self) -> str:
        return self.line()


# an amount in a finding's expected/found: a plain decimal, maybe after a comparison sign
# ("382450.30", "≤ 31215.03", "-12.5"); anything else (formulas, "=5", texts, "12,5%") is none
_AMOUNT = re.compile(r"\s*(<=|>=|<>|!=|[<>≤≥≠]?)\s*([+\-\u2212]?\d+(?:\.\d+)?)\s*")


def stated_amount(text: str | None) -> tuple[str, Decimal] | None:
    """(comparison sign, amount) that an ``expected``/``found`` text states (``"≤ 31215.03"`` ->
    ``("≤", Decimal("31215.03"))``); None when it states none."""
    match = _AMOUNT.fullmatch(text) if text else None
    return (match.group(1), Decimal(match.group(2).replace("\u2212", "-"))) if match else None


# C0 controls (and DEL, and the Unicode line/paragraph separators) shown escaped: \n, \r, \x1b, …
_CONTROLS = {c: repr(chr(c))[1:-1] for c in [*range(32), 127, 0x2028, 0x2029]}
SEVERITY_WORDS = {ERROR: "erro", WARNING: "aviso", INFO: "info"}  # the text report is pt-BR; JSON keeps the codes
MAX_MESSAGE, MAX_VALUE = 600, 300  # characters: a hostile formula or text never makes a giant line


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded(
    code: str,
    severity: str,
    sheet: str,
    cell: str,
    message: str,
    expected: str = "",
    found: str = "",
    money: bool = False,
) -> Finding:
    """A finding with its texts bounded (a hostile formula or text never makes a giant line).
    Findings are made by rules (:meth:`tcxl.rules.Rule.finding`), not here."""
    return Finding(
        code,
        severity,
        sheet[:40],
        cell[:40],
        _cut(message, MAX_MESSAGE),
        _cut(expected, MAX_VALUE),
        _cut(found, MAX_VALUE),
        money,
    )
