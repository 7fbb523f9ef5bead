"""TCX6xx: registration data of the Identificação sheet (CNPJ, CNES, CEP, e-mail, dates)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from validate_docbr import CNPJ

from ..findings import Finding
from ..layout import identification
from ..read.grid import ref
from ..rules import declare
from ..text import is_email

emit = declare("TCX601", "TCX602", "TCX603", "TCX604", "TCX605", "TCX606", "TCX607")

# what a workbook with money in it must also say who and what it is about (field -> label)
REQUIRED = {
    "project.title": "2.1. Título do Projeto",
    "project.total_value": "2.2. Valor total do Projeto",
    "start": "2.3. Período de execução (início)",
    "end": "2.3. Período de execução (término)",
    **{
        f"entity.{key}": f"{label.rstrip(':')} da entidade"
        for key, label, _ in identification.ENTITY_FIELDS
        if key in ("name", "cnpj", "cnes")
    },
}


def check(wb, today: dt.date | None = None) -> list[Finding]:
    r, out = wb.reading, []
    today = today or dt.date.today()

    def field(name):
        key = ("info", name)
        if key not in r.where:
            return None, "", ""
        sheet, row, col = r.where[key]
        value = r.values.get(key)
        return (None if value in (None, "") else value), sheet, ref(row, col)

    value, sheet, cell = field("entity.cnpj")
    if value is not None and not CNPJ().validate(str(value)):
        out.append(emit("TCX601", sheet, cell, found=str(value), value=value))
    value, sheet, cell = field("entity.cnes")
    if value is not None and not re.fullmatch(r"\d{7}", str(value).strip()):
        out.append(emit("TCX602", sheet, cell, expected="7 dígitos", found=str(value), value=value))
    value, sheet, cell = field("entity.cep")
    if value is not None and not re.fullmatch(r"\d{5}-?\d{3}", str(value).strip()):
        out.append(emit("TCX603", sheet, cell, expected="00000-000", found=str(value), value=value))
    for name in ("entity.email", "responsible.email"):  # one address a cell: a list is TCX604
        value, sheet, cell = field(name)
        if value is not None and not is_email(str(value).strip()):
            out.append(emit("TCX604", sheet, cell, found=str(value), value=value))
    dates = {}
    for name in ("entity.excellence_date", "responsible.date", "start", "end"):
        value, sheet, cell = field(name)
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            out.append(emit("TCX605", sheet, cell, found=str(value), value=value))
        else:
            dates[name] = (value, sheet, cell)
    if "entity.excellence_date" in dates and dates["entity.excellence_date"][0] > today:
        value, sheet, cell = dates["entity.excellence_date"]
        out.append(
            emit(
                "TCX606",
                sheet,
                cell,
                found=value.isoformat(),
                texto="a data do reconhecimento de excelência está no futuro",
            )
        )
    if "start" in dates and "end" in dates:
        (start, _, _), (end, sheet, cell) = dates["start"], dates["end"]
        if end < start:
            out.append(
                emit(
                    "TCX606",
                    sheet,
                    cell,
                    expected=f"≥ {start.isoformat()}",
                    found=end.isoformat(),
                    texto="o término do período de execução é anterior ao início",
                )
            )
        elif end.year - start.year + 1 > wb.years and (end - start).days > 366 * wb.years:
            out.append(
                emit(
                    "TCX606",
                    sheet,
                    cell,
                    found=f"{start.isoformat()} a {end.isoformat()}",
                    texto=f"o período de execução passa dos {wb.years} anos das tabelas",
                )
            )
    out += _incomplete(wb, field)
    return out


def _has_money(wb) -> bool:
    return any(
        key[0] in ("dis", "fin")
        and isinstance(value, (int, float, Decimal))
        and not isinstance(value, bool)
        and value != 0
        for key, value in wb.reading.values.items()
    )


def _incomplete(wb, field) -> list[Finding]:
    """TCX607: registration fields left empty in a workbook that already has money typed in
    (a blank template is not incomplete; a filled one sent without its title is)."""
    if not _has_money(wb):
        return []
    out = []
    for name, label in REQUIRED.items():
        value, sheet, cell = field(name)
        if value is None and sheet:
            out.append(emit("TCX607", sheet, cell, expected=label, label=label))
    return out
