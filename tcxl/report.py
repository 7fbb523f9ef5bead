"""What a check found, as data: :class:`Report` for one file, :class:`BatchReport` for many
(SPEC §3 and §5: the text lines, the JSON document, a frame, the exit code)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .findings import ERROR, WARNING, Finding
from .rules import registry
from .rules.config import RuleConfig

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Report:
    """The findings for one file. ``ok``: no errors (and, with ``strict``, no warnings)."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False
    config: RuleConfig | None = None  # the rules chosen (None: every rule at its default severity)

    @property
    def errors(self) -> int:
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)

    @property
    def readable(self) -> bool:
        rules = registry()
        return not any(rules[f.code].unreadable for f in self.findings)

    def to_dict(self) -> dict:
        return {"file": self.file, "ok": self.ok, "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, indent: int | None = 2) -> str:
        return BatchReport([self], self.strict, self.config).to_json(indent)

    def to_frame(self):
        return BatchReport([self], self.strict, self.config).to_frame()

    def lines(self) -> list[str]:
        return [f.line(self.file) for f in self.findings]

    def annotate(self, path: str | Path, force: bool = False) -> Path:
        """Write a copy of the checked workbook with each finding's cell coloured by severity and
        commented, and a first sheet ``Conferência`` linking to them (see :mod:`tcxl.annotate`)."""
        from .annotate import annotate

        return annotate(self, path, force)


@dataclass
class BatchReport:
    """Reports of many files, in the order given."""

    reports: list[Report]
    strict: bool = False
    config: RuleConfig | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.reports for f in r.findings]

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.reports),
            "errors": sum(r.errors for r in self.reports),
            "warnings": sum(r.warnings for r in self.reports),
        }

    def to_dict(self) -> dict:
        config = (self.config or RuleConfig()).merged(strict=self.strict)
        return {"files": [r.to_dict() for r in self.reports], "summary": self.summary(), "config": config.to_dict()}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self):
        import pandas as pd

        rows = [{"file": r.file, **f.to_dict()} for r in self.reports for f in r.findings]
        return pd.DataFrame(rows, columns=["file", "code", "severity", "sheet", "cell", "message", "expected", "found"])

    def exit_code(self) -> int:
        if not all(r.readable for r in self.reports):
            return 2
        return 0 if self.ok else 1
