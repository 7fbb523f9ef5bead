"""What a check found, as data: :class:`Report` for one file, :class:`BatchReport` for many
(SPEC §3 and §5: the text lines, the JSON document, a frame, the exit code)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .display import counted, counts_text, html_table, short_name
from .findings import ERROR, INFO, SEVERITY_WORDS, WARNING, Finding, stated_amount
from .rules import registry
from .rules.config import RuleConfig

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FRAME_COLUMNS = [
    "project_id",
    "file",
    "code",
    "severity",
    "sheet",
    "cell",
    "message",
    "expected",
    "found",
    "expected_amount",
    "found_amount",
]
TEXT_COLUMNS = ("sheet", "cell", "message", "expected", "found")
HTML_FINDINGS = 20  # findings a notebook shows; the rest are counted ("… e mais N")


def amount(text: str | None) -> float:
    """The amount ``text`` states (``"≤ 31215.03"`` -> 31215.03), NaN when it states none."""
    stated = stated_amount(text)
    return float(stated[1]) if stated else float("nan")


def severity_dtype():
    """The frames' ``severity``: an ordered categorical, ``info`` < ``warning`` < ``error``
    (SPEC §2.1), so ``frame.severity >= "warning"`` keeps what needs a look and
    ``sort_values("severity", ascending=False)`` puts errors first."""
    import pandas as pd

    return pd.CategoricalDtype([INFO, WARNING, ERROR], ordered=True)


def _findings_html(caption: str, pairs: list[tuple[str, Finding]], with_file: bool) -> str:
    shown = pairs[:HTML_FINDINGS]
    head = (["arquivo"] if with_file else []) + ["código", "gravidade", "onde", "mensagem"]
    rows = [
        ([short_name(file)] if with_file else [])
        + [f.code, SEVERITY_WORDS.get(f.severity, f.severity), f"{f.sheet}!{f.cell}" if f.cell else f.sheet, f.message]
        for file, f in shown
    ]
    more = len(pairs) - len(shown)
    if not pairs:
        return html_table(caption, [], note="Nenhuma constatação.")
    return html_table(caption, rows, head, f"… e mais {more}" if more else "")


@dataclass
class Report:
    """The findings for one file, as :func:`tcxl.check` returns them.

    Attributes
    ----------
    file : str
        The file checked, as given.
    findings : list of Finding
        In the order found: unreadable-file and structure findings first.
    strict : bool
        Warnings count against :attr:`ok` too.
    config : RuleConfig or None
        The rules chosen (None: every rule at its default severity).
    project_id : str
        The project's identity (SPEC §4.1), as :attr:`Workbook.project_id`; empty when the
        file could not be read.

    Examples
    --------
    >>> import tcxl
    >>> report = tcxl.check("samples/tc60_2017.xlsx")
    >>> report
    <Report 'tc60_2017.xlsx': 0 erros, 0 avisos, 2 informações>
    >>> report.ok, report.readable, report.infos
    (True, True, 2)
    >>> report.to_frame()[["code", "severity", "cell"]].to_dict("list")
    {'code': ['TCX506', 'TCX506'], 'severity': ['info', 'info'], 'cell': ['F49', 'F86']}
    >>> import json
    >>> json.loads(report.to_json())["summary"]
    {'files': 1, 'errors': 0, 'warnings': 0}
    """

    file: str
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False
    config: RuleConfig | None = None  # the rules chosen (None: every rule at its default severity)
    project_id: str = ""  # SPEC §4.1's identity of the project read ('' when the file was not read)

    @property
    def errors(self) -> int:
        """Findings of severity ``error``."""
        return sum(f.severity == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        """Findings of severity ``warning``."""
        return sum(f.severity == WARNING for f in self.findings)

    @property
    def ok(self) -> bool:
        """No errors (and, with ``strict``, no warnings)."""
        return self.errors == 0 and not (self.strict and self.warnings)

    @property
    def readable(self) -> bool:
        """False when the file could not be read at all (an *unreadable* rule's finding)."""
        rules = registry()
        return not any(rules[f.code].unreadable for f in self.findings)

    def to_dict(self) -> dict:
        """``{"file", "ok", "findings"}``: this file's entry of the JSON report."""
        return {"file": self.file, "ok": self.ok, "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, indent: int | None = 2) -> str:
        """The CLI's JSON document (``tcxl check --format json``) for this file alone."""
        return BatchReport([self], self.strict, self.config).to_json(indent)

    @property
    def infos(self) -> int:
        """Findings of severity ``info``."""
        return sum(f.severity == INFO for f in self.findings)

    def to_frame(self):
        """The findings as a DataFrame, one row per finding (columns as
        :meth:`BatchReport.to_frame`); a clean report gives one row naming its file, the
        other columns missing (NA), so the file is never lost when frames are concatenated."""
        return BatchReport([self], self.strict, self.config).to_frame()

    def lines(self) -> list[str]:
        """The text report: one ``PATH:SHEET!CELL: severity CODE message`` line per finding."""
        return [f.line(self.file) for f in self.findings]

    def annotate(self, path: str | Path, force: bool = False) -> Path:
        """Write a copy of the checked workbook with each finding's cell coloured by severity and
        commented, and a first sheet ``Conferência`` linking to them (see :mod:`tcxl.annotate`)."""
        from .annotate import annotate

        return annotate(self, path, force)

    def _counts(self) -> str:
        return counts_text(self.errors, self.warnings, self.infos) + ("" if self.readable else ", ilegível")

    def __repr__(self) -> str:
        return f"<Report {short_name(self.file)!r}: {self._counts()}>"

    def _repr_html_(self) -> str:
        return _findings_html(f"{self.file}: {self._counts()}", [(self.file, f) for f in self.findings], False)


@dataclass
class BatchReport:
    """Reports of many files, in the order given, as :func:`tcxl.check_many` returns them.

    Attributes
    ----------
    reports : list of Report
        One per file.
    strict : bool
        Warnings count as errors (``--strict``).
    config : RuleConfig or None
        The rules the files were checked with.

    Examples
    --------
    >>> import tcxl
    >>> batch = tcxl.check_many("samples/tc60_2017.xlsx", jobs=1)
    >>> batch.ok, batch.exit_code(), len(batch.findings)
    (True, 0, 2)
    >>> frame = batch.to_frame()
    >>> frame.dropna(subset=["code"]).shape[0]
    2
    """

    reports: list[Report]
    strict: bool = False
    config: RuleConfig | None = None

    @property
    def ok(self) -> bool:
        """Every file is ok."""
        return all(r.ok for r in self.reports)

    @property
    def findings(self) -> list[Finding]:
        """Every file's findings, in order."""
        return [f for r in self.reports for f in r.findings]

    def summary(self) -> dict[str, int]:
        """``{"files", "errors", "warnings"}``: the counts of the JSON report's ``summary``."""
        return {
            "files": len(self.reports),
            "errors": sum(r.errors for r in self.reports),
            "warnings": sum(r.warnings for r in self.reports),
        }

    def to_dict(self) -> dict:
        """The JSON report as a dict: ``files``, ``summary`` and the ``config`` it ran with."""
        config = (self.config or RuleConfig()).merged(strict=self.strict)
        return {"files": [r.to_dict() for r in self.reports], "summary": self.summary(), "config": config.to_dict()}

    def to_json(self, indent: int | None = 2) -> str:
        """The CLI's JSON document, valid against ``tcxl/schemas/check_report.schema.json``."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_frame(self):
        """The findings as a tidy DataFrame (SPEC §2.1): **one row per finding, plus one row
        per file without findings**, so every file of :attr:`reports` appears, in order.

        Columns (the vocabulary of :mod:`tcxl.vocabulary`): ``project_id``, ``file`` and
        ``code`` (category); ``severity`` (ordered category, ``info`` < ``warning`` <
        ``error``); ``sheet``, ``cell``, ``message``, ``expected``, ``found`` (text);
        ``expected_amount`` and ``found_amount`` (float64: the amount ``expected``/``found``
        states, e.g. ``"≤ 31215.03"`` -> 31215.03, NaN when it states none). A clean file's row
        has only ``project_id`` and ``file``: every other column is missing (NaN), so
        ``frame.dropna(subset=["code"])`` keeps the findings alone.
        """
        from .vocabulary import frame

        rows = [
            (
                r.project_id or None,
                r.file,
                *((f.code, f.severity, *(getattr(f, n) for n in TEXT_COLUMNS)) if f else (None,) * 7),
                amount(f.expected) if f else None,
                amount(f.found) if f else None,
            )
            for r in self.reports
            for f in (r.findings or [None])
        ]
        codes = sorted({row[2] for row in rows if row[2] is not None})
        files = [r.file for r in self.reports]
        return frame(rows, FRAME_COLUMNS, file=files, code=codes)

    def exit_code(self) -> int:
        """The CLI's exit code: 2 if a file could not be read, else 1 if not :attr:`ok`, else 0."""
        if not all(r.readable for r in self.reports):
            return 2
        return 0 if self.ok else 1

    def _counts(self) -> str:
        errors, warnings = sum(r.errors for r in self.reports), sum(r.warnings for r in self.reports)
        unreadable = sum(not r.readable for r in self.reports)
        text = (
            counted(len(self.reports), "arquivo", "arquivos")
            + ", "
            + counts_text(errors, warnings, sum(r.infos for r in self.reports))
        )
        return text + (f", {counted(unreadable, 'ilegível', 'ilegíveis')}" if unreadable else "")

    def __repr__(self) -> str:
        return f"<BatchReport: {self._counts()}>"

    def _repr_html_(self) -> str:
        pairs = [(r.file, f) for r in self.reports for f in r.findings]
        files = html_table(
            "Arquivos",
            [(r.file, r._counts()) for r in self.reports[:HTML_FINDINGS]],
            ("arquivo", "resultado"),
            f"… e mais {len(self.reports) - HTML_FINDINGS}" if len(self.reports) > HTML_FINDINGS else "",
        )
        return _findings_html(self._counts(), pairs, True) + files
