"""TCX5xx: the inputs themselves — money signs, executed vs planned, schedule marks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..accounts import INPUT_CODES
from ..findings import Finding, finding
from ..layout.schedule import PLAN_MARKS, STATUS_MARKS
from ..numbers import format_brl
from ..periods import period_label
from ..read.grid import ref

ZERO = Decimal(0)


def _money_rows(wb):
    """(label, key prefix) of every row with Previsto/Executado inputs."""
    for code in INPUT_CODES:
        yield code, ("fin", code)
    for _, code, _ in wb.reading.items.get("disbursement", []):
        yield code, ("dis", code)


def check(wb, today: dt.date | None = None) -> list[Finding]:
    r, out = wb.reading, []
    where = r.where

    def at(key):
        sheet, row, col = where[key]
        return sheet, ref(row, col)

    for label, prefix in _money_rows(wb):
        for y in range(1, wb.years + 1):
            pk, ek = (*prefix, y, "planned"), (*prefix, y, "executed")
            for key in (pk, ek):
                value = r.values.get(key)
                if key in where and isinstance(value, Decimal) and value < 0:
                    out.append(
                        finding(
                            "TCX503",
                            *at(key),
                            f"valor negativo ({format_brl(value)}) em {label}; valores em R$ devem ser ≥ 0",
                            found=f"{value:f}",
                        )
                    )
            planned, executed = r.values.get(pk), r.values.get(ek)
            if ek not in where or not isinstance(executed, Decimal) or executed <= 0:
                continue
            if not isinstance(planned, Decimal) or planned == 0:
                out.append(
                    finding(
                        "TCX504",
                        *at(ek),
                        f"{label}: Executado de {format_brl(executed)} sem valor "
                        "Previsto no mesmo ano; informe o previsto ou confira o lançamento",
                        found=f"{executed:f}",
                    )
                )
            elif executed > planned:
                out.append(
                    finding(
                        "TCX505",
                        *at(ek),
                        f"{label}: Executado ({format_brl(executed)}) maior que o Previsto ({format_brl(planned)})",
                        expected=f"≤ {planned:f}",
                        found=f"{executed:f}",
                    )
                )
    out += _marks(wb, at, today or dt.date.today())
    return out


def _marks(wb, at, today: dt.date) -> list[Finding]:
    r, out = wb.reading, []
    for _, code, _, _ in r.items.get("schedule", []):
        for s in range(1, 2 * wb.years + 1):
            pk, sk = ("sch", code, s, "planned"), ("sch", code, s, "status")
            planned, status = r.values.get(pk), r.values.get(sk)
            if pk in r.where and planned is not None and planned not in PLAN_MARKS:
                out.append(
                    finding(
                        "TCX507",
                        *at(pk),
                        f"{code}, {period_label(s)}: marca '{planned}' inválida na linha Previsto; use X",
                        expected="X",
                        found=str(planned),
                    )
                )
            if sk not in r.where or status is None:
                continue
            if status not in STATUS_MARKS:
                out.append(
                    finding(
                        "TCX507",
                        *at(sk),
                        f"{code}, {period_label(s)}: marca '{status}' inválida na linha Realizado; use X, P, A ou C",
                        expected="X|P|A|C",
                        found=str(status),
                    )
                )
                continue
            begins = wb.semester_start(s, use_metadata=False)
            if begins is not None and begins > today:
                out.append(
                    finding(
                        "TCX506",
                        *at(sk),
                        f"{code}: marca '{status}' em {period_label(s)}, semestre que ainda não começou",
                        found=str(status),
                    )
                )
            elif not planned and status in ("X", "P"):
                out.append(
                    finding(
                        "TCX506",
                        *at(sk),
                        f"{code}: realizada em {period_label(s)} sem estar prevista "
                        "nesse semestre (ação não programada)",
                        found=str(status),
                    )
                )
    return out
