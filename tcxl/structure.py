"""A project's structure as plain objects: what the layout reads, without pydantic.

The checker rebuilds a workbook's structure to know which formula every total must hold
(:func:`tcxl.read.rebuild.structure`), without validating its inputs. Doing that with
the pydantic models of :mod:`tcxl.model` meant importing pydantic (≈ 0.1 s, about half
the time of a one-file ``tcxl check``); these dataclasses have the same fields and
defaults (a test holds the two equal), and :class:`ProjectViews` gives both the derived
views the layout uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .accounts import INDIRECT_CODE

AREAS: tuple[str, ...] = (
    "Estudos de Avaliação e Incorporação de Tecnologia",
    "Capacitação de Recursos Humanos",
    "Pesquisas de Interesse Público em Saúde",
    "Desenvolvimento de Técnicas e Operação de Gestão em Serviços de Saúde",
)


class ProjectViews:
    """Views of a project's money and calendar, shared by the spec and the structure
    (both have ``years``, ``start``, ``financial`` and ``indirect_costs``)."""

    if TYPE_CHECKING:  # the fields the subclasses declare (for the type checker only: pydantic must not see them)
        start: dt.date | None
        years: int
        financial: dict[str, list[Decimal]]
        indirect_costs: list[Decimal]

    @property
    def first_year(self) -> int | None:
        """Calendar year of Ano I (None when the start date is unknown)."""
        return self.start.year if self.start else None

    def yearly(self, values: list[Decimal]) -> list[Decimal]:
        """Pad a per-year list with zeros to ``years`` entries."""
        return [Decimal(v) for v in values] + [Decimal(0)] * (self.years - len(values))

    def account_planned(self, code: str) -> list[Decimal]:
        """Planned money per year for an input account; account 3 defaults to indirect costs."""
        if code in self.financial:
            return self.yearly(self.financial[code])
        if code == INDIRECT_CODE and self.indirect_costs:
            return self.yearly(self.indirect_costs)
        return self.yearly([])

    def indirect_planned(self) -> list[Decimal]:
        """Planned indirect costs per year (block E); defaults to account 3."""
        if self.indirect_costs:
            return self.yearly(self.indirect_costs)
        return self.yearly(self.financial.get(INDIRECT_CODE, []))


# -- the structure: the fields of tcxl.model's classes, unvalidated ------------------------
@dataclass
class Entity:
    name: str = ""
    address: str = ""
    district: str = ""
    city: str = ""
    cep: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    cnes: str = ""
    cnpj: str = ""
    excellence_date: dt.date | None = None
    legal_representative: str = ""


@dataclass
class Responsible:
    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    date: dt.date | None = None


@dataclass
class Indicator:
    description: str = ""
    baseline: Any = None
    targets: list = field(default_factory=list)
    aggregation: str = "sum"
    source: str = ""
    assumption: str = ""


@dataclass
class Element:
    description: str = ""
    indicators: list[Indicator] = field(default_factory=list)


@dataclass
class SubActivity:
    code: str = ""
    description: str = ""
    semesters: list = field(default_factory=list)


@dataclass
class Activity:
    code: str | None = None
    description: str = ""
    responsible: str = ""
    semesters: list = field(default_factory=list)
    planned: list = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    subactivities: list[SubActivity] = field(default_factory=list)


@dataclass
class Result(Element):
    products: list[Element] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)


@dataclass
class Structure(ProjectViews):
    """A project as the layout sees it (the fields of :class:`tcxl.model.Project`)."""

    title: str = ""
    protocol: str = ""
    total_value: Decimal | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    years: int = 3
    year_basis: str = "calendar"
    areas: list[str] = field(default_factory=list)
    monitoring_secretariat: str = ""
    entity: Entity = field(default_factory=Entity)
    responsible: Responsible = field(default_factory=Responsible)
    objectives: list[Element] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    monitoring: list[Activity] = field(default_factory=list)
    financial: dict[str, list] = field(default_factory=dict)
    indirect_costs: list = field(default_factory=list)
    spare_rows: int = 0
