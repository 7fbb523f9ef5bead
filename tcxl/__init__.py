"""tcxl: build, fill, read, check and summarize PROADI-SUS project workbooks.

Heavy modules (pandas, openpyxl, xlsxwriter) are imported on first use, so that
``import tcxl`` and the CLI's ``--help`` stay fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "Project": "tcxl.model",
    "SpecError": "tcxl.errors",
    "TcxlError": "tcxl.errors",
    "build_workbook": "tcxl.build",
    "compute_values": "tcxl.build",
    "workbook_layout": "tcxl.layout",
    "read_workbook": "tcxl.read",
    "Workbook": "tcxl.read",
    "export": "tcxl.exports",
    "Finding": "tcxl.findings",
    "fill": "tcxl.filling",
    "FillError": "tcxl.filling",
    "summarize": "tcxl.summary",
    "write_summary": "tcxl.summary",
    "Summary": "tcxl.summary",
    "check": "tcxl.checks",
    "check_many": "tcxl.checks",
    "Report": "tcxl.report",
    "BatchReport": "tcxl.report",
    "Rule": "tcxl.rules",
    "RuleConfig": "tcxl.rules.config",
    "load_config": "tcxl.rules.config",
    "TEMPLATE_VERSION": "tcxl.layout",
    "ACCOUNTS": "tcxl.accounts",
    "diff": "tcxl.changes",
    "rebuild": "tcxl.rebuilding",
    "RebuildResult": "tcxl.rebuilding",
}

__all__ = ["__version__", *_LAZY]


def __dir__() -> list[str]:
    """The public API (what ``tab`` completes in a notebook), though it loads on first use."""
    return sorted(__all__)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tcxl' has no attribute {name!r}")
