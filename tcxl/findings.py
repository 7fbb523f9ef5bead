"""Findings: typed records with a stable code, a severity and a cell (SPEC §3).

Codes are grouped: TCX0xx file, TCX1xx structure, TCX2xx formulas, TCX3xx arithmetic,
TCX4xx across sheets, TCX5xx inputs, TCX6xx registration data. :data:`CODES` is the
registry (default severity and a short pt-BR title); messages say what is wrong and what
to do, ``expected``/``found`` carry the stored form.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"

CODES: dict[str, tuple[str, str]] = {
    "TCX101": (ERROR, "tabela não encontrada"),
    "TCX102": (ERROR, "cabeçalho não encontrado"),
    "TCX103": (ERROR, "linha de conta não encontrada"),
    "TCX104": (ERROR, "código de atividade duplicado"),
    "TCX105": (ERROR, "código de atividade malformado"),
    "TCX106": (WARNING, "atividade fora do bloco do seu resultado"),
    "TCX501": (WARNING, "valor em R$ digitado como texto"),
    "TCX502": (ERROR, "texto que não é número em célula numérica"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    sheet: str
    cell: str
    message: str
    expected: str = ""
    found: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        extra = ", ".join(f"{k} {v}" for k, v in (("esperado", self.expected), ("encontrado", self.found)) if v)
        return f"{where}: {self.severity} {self.code} {self.message}" + (f" ({extra})" if extra else "")


def finding(code: str, sheet: str, cell: str, message: str, expected: str = "", found: str = "",
            severity: str | None = None) -> Finding:
    """A finding with the code's default severity unless one is given."""
    return Finding(code, severity or CODES[code][0], sheet, cell, message, expected, found)
