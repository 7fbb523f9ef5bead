"""TCX5xx: the inputs themselves — money signs, executed vs planned and in time, schedule marks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..accounts import INPUT_CODES
from ..findings import Finding
from ..layout.schedule import PLAN_MARKS, STATUS_MARKS
from ..numbers import format_brl
from ..periods import period_label, year_label
from ..read.grid import ref
from ..rules import declare

emit = declare("TCX503", "TCX504", "TCX505", "TCX506", "TCX507", "TCX509")

ZERO = Decimal(0)


def _money_rows(wb):
    """(label, key prefix) of every row with Previsto/Executado inputs."""
    for code in INPUT_CODES:
        yield code, ("fin", code)
    for _, code, _ in wb.reading.items.get("disbursement", []):
        yield code, ("dis", code)


def _years_not_reached(wb, date: dt.date | None) -> dict[int, dt.date]:
    """Project year -> its first day, for the years that begin after the report's ``date`` (a
    year that begins on ``date`` has been reached). Empty without a date or without the
    project's typed start (2.3 Período de execução): as for TCX506, no calendar is guessed.
    Empty too when ``date`` precedes that start: a Data before the execution period dates the
    proposal, not a report, so which year a report has reached is not known."""
    start = wb.start_date(use_metadata=False)
    if date is None or start is None or date < start:
        return {}
    starts = {y: wb.semester_start(2 * y - 1, use_metadata=False) for y in range(1, wb.years + 1)}
    return {y: begins for y, begins in starts.items() if begins is not None and begins > date}


def check(wb, today: dt.date | None = None) -> list[Finding]:
    r, out = wb.reading, []
    where = r.where
    date = wb.report_date()
    not_reached = _years_not_reached(wb, date)

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
                        emit("TCX503", *at(key), found=f"{value:f}", money=True, value=format_brl(value), item=label)
                    )
            planned, executed = r.values.get(pk), r.values.get(ek)
            if ek not in where or not isinstance(executed, Decimal):
                continue
            if y in not_reached and executed != 0:
                out.append(
                    emit(
                        "TCX509",
                        *at(ek),
                        found=f"{executed:f}",
                        money=True,
                        item=label,
                        executed=format_brl(executed),
                        year=year_label(y),
                        begins=not_reached[y],
                        date=date,
                    )
                )
            if executed <= 0:
                continue
            if not isinstance(planned, Decimal) or planned == 0:
                out.append(
                    emit(
                        "TCX504", *at(ek), found=f"{executed:f}", money=True, item=label, executed=format_brl(executed)
                    )
                )
            elif executed > planned:
                out.append(
                    emit(
                        "TCX505",
                        *at(ek),
                        expected=f"≤ {planned:f}",
                        found=f"{executed:f}",
                        money=True,
                        item=label,
                        executed=format_brl(executed),
                        planned=format_brl(planned),
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
            semester = period_label(s)
            if pk in r.where and planned is not None and planned not in PLAN_MARKS:
                out.append(
                    emit(
                        "TCX507",
                        *at(pk),
                        expected="X",
                        found=str(planned),
                        activity=code,
                        semester=semester,
                        mark=planned,
                        line="Previsto",
                        allowed="X",
                    )
                )
            if sk not in r.where or status is None:
                continue
            if status not in STATUS_MARKS:
                out.append(
                    emit(
                        "TCX507",
                        *at(sk),
                        expected="X|P|A|C",
                        found=str(status),
                        activity=code,
                        semester=semester,
                        mark=status,
                        line="Realizado",
                        allowed="X, P, A ou C",
                    )
                )
                continue
            begins = wb.semester_start(s, use_metadata=False)
            if begins is not None and begins > today:
                out.append(
                    emit(
                        "TCX506",
                        *at(sk),
                        found=str(status),
                        activity=code,
                        what=f"marca '{status}'",
                        semester=semester,
                        reason=", semestre que ainda não começou",
                    )
                )
            elif not planned and status in ("X", "P"):
                out.append(
                    emit(
                        "TCX506",
                        *at(sk),
                        found=str(status),
                        activity=code,
                        what="realizada",
                        semester=semester,
                        reason=" sem estar prevista nesse semestre (ação não programada)",
                    )
                )
    return out
