"""Sheet ``Identificação``: entity (A), areas (B.1), project (B.2), responsible person.

Labels come from the official model. Each field is a label in column A and an input
in column B (the execution period uses B for the start and C for the end). B.2 opens
with the optional ``Nº do Protocolo do projeto`` (the NUP the Ministry's semester-report
model asks for; the project's identity across files, SPEC §4.1), then the model's 2.1–2.4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..structure import AREAS
from .base import DATE, FLAG, MONEY, SheetLayout

if TYPE_CHECKING:  # any project-like object: the spec (tcxl.model) or a Structure
    from ..model import Project

TITLE = "APRESENTAÇÃO DE PROJETO REFERENTE AO PROADI-SUS"
SECTION_A = "A - INFORMAÇÕES GERAIS"
SECTION_ENTITY = "I - INFORMAÇÕES DA ENTIDADE DE SAÚDE"
SECTION_B = "B - PLANO DE TRABALHO"
SECTION_AREAS = "B.1 - ÁREA(S) E SUB-ÁREAS DE ATUAÇÃO"
SECTION_PROJECT = "B.2 - INFORMAÇÕES GERAIS DO PROJETO"
SECTION_RESPONSIBLE = "Responsável pelas informações:"

# (field key, label, kind) -- kind picks the input style and validation
ENTITY_FIELDS = (
    ("name", "Nome:", "text"),
    ("address", "Endereço:", "text"),
    ("district", "Bairro:", "text"),
    ("city", "Município:", "text"),
    ("cep", "CEP:", "text"),
    ("phone", "Fone:", "text"),
    ("fax", "Fax:", "text"),
    ("email", "E-mail:", "text"),
    ("cnes", "CNES:", "text"),
    ("cnpj", "CNPJ:", "text"),
    ("excellence_date", "Data do Reconhecimento de excelência:", "date"),
    ("legal_representative", "Representante Legal:", "text"),
)
PROTOCOL_LABEL = "Nº do Protocolo do projeto"
PROJECT_FIELDS = (
    ("protocol", PROTOCOL_LABEL, "code"),
    ("title", "2.1. Título do Projeto", "text"),
    ("total_value", "2.2. Valor total do Projeto", "money"),
    ("period", "2.3. Período de execução", "period"),
    (
        "monitoring_secretariat",
        "2.4. Indicação de Secretaria competente ou entidade vinculada ao "
        "Ministério da Saúde responsável pelo monitoramento e avaliação.",
        "text",
    ),
)
RESPONSIBLE_FIELDS = (
    ("name", "Nome:", "text"),
    ("role", "Cargo:", "text"),
    ("phone", "Telefone para contato:", "text"),
    ("email", "E-mail:", "text"),
    ("date", "Data:", "date"),
)
PERIOD_HINT = "início | término"

# "code": text made of digits (the protocol), written in a cell formatted as text
_STYLE = {
    "text": ("input_text", None),
    "code": ("input_code", None),
    "date": ("input_date", DATE),
    "money": ("input_money", MONEY),
}


def layout(project: Project, name: str) -> SheetLayout:
    sheet = SheetLayout("info", name, TITLE, widths={0: 58, 1: 48, 2: 16, 3: 18}, freeze=(1, 0))
    row = 0
    sheet.label(row, 0, TITLE, "title")
    row += 2

    def fields(prefix: str, spec: tuple, values: object) -> None:
        nonlocal row
        for key, label, kind in spec:
            sheet.label(row, 0, label)
            if kind == "period":
                sheet.input(row, 1, ("info", "start"), "input_date", project.start, DATE)
                sheet.input(row, 2, ("info", "end"), "input_date", project.end, DATE)
                sheet.label(row, 3, PERIOD_HINT, "note")
            else:
                style, validation = _STYLE[kind]
                value = getattr(values, key) or None
                sheet.input(row, 1, ("info", f"{prefix}{key}"), style, value, validation)
            row += 1

    sheet.label(row, 0, SECTION_A, "section")
    sheet.label(row + 1, 0, SECTION_ENTITY, "section")
    row += 2
    fields("entity.", ENTITY_FIELDS, project.entity)
    row += 1
    sheet.label(row, 0, SECTION_B, "section")
    sheet.label(row + 1, 0, SECTION_AREAS, "section")
    row += 2
    for area in AREAS:
        sheet.label(row, 0, area)
        sheet.input(row, 1, ("info", "area", area), "input_mark", "X" if area in project.areas else None, FLAG)
        row += 1
    row += 1
    sheet.label(row, 0, SECTION_PROJECT, "section")
    row += 1
    fields("project.", PROJECT_FIELDS, project)
    row += 1
    sheet.label(row, 0, SECTION_RESPONSIBLE, "section")
    row += 1
    fields("responsible.", RESPONSIBLE_FIELDS, project.responsible)
    return sheet
