"""Layout of every sheet, described once as data (see :mod:`tcxl.layout.base`).

``workbook_layout(project)`` gives the full description the builder writes and the
reader/checker compare against; one module per sheet holds its labels and positions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import __version__
from . import disbursement, financial, identification, matrix, schedule
from .base import FORMULA, KEEP_ROLES, Cell, Merge, SheetLayout, WorkbookLayout

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Project

TEMPLATE_VERSION = "proadi-sus/2024.1"
METADATA_SHEET = "_tcxl"

# role -> sheet name in tcxl-built workbooks, in workbook order (SPEC §1)
SHEET_NAMES: dict[str, str] = {
    "info": "Identificação",
    "matrix": "Matriz de Planejamento",
    "schedule": "Cronograma de Atividades",
    "disbursement": "Cronograma de Desembolso",
    "financial": "Execução Financeira",
}


def workbook_layout(project: Project, roles: frozenset | None = None) -> WorkbookLayout:
    """The layout of every sheet: every label, input and formula, as data.

    What :func:`build_workbook` writes and what the checker expects, cell by cell, each
    cell with its layout key.

    Parameters
    ----------
    project : Project
        The project.
    roles : frozenset of str, optional
        Keep only cells of those roles (e.g. the checker asks for formulas only, a fraction
        of the cells of a big project); default: every cell.

    Returns
    -------
    WorkbookLayout
        ``sheets`` (one layout per sheet, in order) and the ``metadata`` of the hidden
        ``_tcxl`` sheet; ``inputs()`` and ``formulas()`` by key.

    Examples
    --------
    >>> import tcxl
    >>> layout = tcxl.workbook_layout(tcxl.Project.from_file("samples/projeto_exemplo.yaml"))
    >>> [sheet.name for sheet in layout.sheets]  # doctest: +NORMALIZE_WHITESPACE
    ['Identificação', 'Matriz de Planejamento', 'Cronograma de Atividades',
     'Cronograma de Desembolso', 'Execução Financeira']
    >>> len(layout.formulas())
    558
    """
    token = KEEP_ROLES.set(roles)
    try:
        return _workbook_layout(project)
    finally:
        KEEP_ROLES.reset(token)


def _workbook_layout(project: Project) -> WorkbookLayout:
    sheets = [
        identification.layout(project, SHEET_NAMES["info"]),
        matrix.layout(project, SHEET_NAMES["matrix"]),
        schedule.layout(project, SHEET_NAMES["schedule"]),
        disbursement.layout(project, SHEET_NAMES["disbursement"]),
        financial.layout(project, SHEET_NAMES["financial"], project.years),
    ]
    metadata = {
        "template_version": TEMPLATE_VERSION,
        "generator": f"tcxl {__version__}",
        "years": str(project.years),
        "year_basis": project.year_basis,
        "first_year": str(project.first_year or ""),
        "results": str(len(project.results)),
        **{f"sheet.{role}": name for role, name in SHEET_NAMES.items()},
        **{f"rule.{indicator}": rule for indicator, rule in matrix.rules(project).items()},
    }
    return WorkbookLayout(sheets, metadata)


FORMULAS_ONLY = frozenset({FORMULA})

__all__ = [
    "FORMULAS_ONLY",
    "Cell",
    "Merge",
    "SheetLayout",
    "WorkbookLayout",
    "workbook_layout",
    "SHEET_NAMES",
    "TEMPLATE_VERSION",
    "METADATA_SHEET",
]
