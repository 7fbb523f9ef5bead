"""One project's semester views (SPEC §4), computed where the workbook is read (a worker).

Per project and per result for one semester: Ações programadas (``programmed``: Previsto
``X``), Ações finalizadas (``finished``: Realizado ``X``), Ações adiadas/canceladas
(``postponed``: ``A``/``C``) and % estado de avanço (``progress``) = finished / programmed —
the project's total from the counts, never a mean of percentages (the TC-60 report's
1st-semester "50%" is such a mean); empty when nothing was programmed; finished beyond
programmed is shown as it is and flagged (``alert``). Plus financial execution per year and
to date (the years up to the semester's), by block and by account, each row with its
``level`` (SPEC §2.1). Money is added in Decimal and shown rounded to the cent. The column
names are the vocabulary's (:mod:`tcxl.vocabulary`).
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..accounts import ACCOUNTS, BY_CODE
from ..errors import TcxlError
from ..keys import AccountKey
from ..numbers import cents
from ..periods import parse_semester, period_label, semester_year_half, year_label
from ..speed import paused_gc
from ..vocabulary import TO_DATE

if TYPE_CHECKING:
    from ..rules.config import RuleConfig

ZERO = Decimal(0)
FLAG = "finalizadas além das programadas (ações não programadas)"
COMMON_COLUMNS = ["report_semester", "project_id", "project", "file", "period", "calendar"]
ACTIONS = ["programmed", "finished", "postponed"]  # counts of the semester's actions
PROGRESS_COLUMNS = [*COMMON_COLUMNS, "block", "description", *ACTIONS, "progress", "alert", "errors"]
MONEY_COLUMNS = ["planned", "executed", "pct"]
BLOCK_COLUMNS = [*COMMON_COLUMNS, "block", "letter", "year", "level", *MONEY_COLUMNS]
ACCOUNT_COLUMNS = [*COMMON_COLUMNS, "account", "label", "level", "year", *MONEY_COLUMNS]
PROJECT_COLUMNS = [*COMMON_COLUMNS, "errors", "warnings", *ACTIONS, "progress", "alert", *MONEY_COLUMNS]


def _pct(num: Decimal | None, den: Decimal | None) -> float | None:
    return None if num is None or den is None or den == 0 else float(num / den)


def _money(value: Decimal | None) -> float | None:
    """To the cent; None when nothing was reported (shown as '—', never as R$ 0,00)."""
    return None if value is None else float(cents(value))


NOTHING = "—"  # what the summary workbook shows for an amount nobody reported yet
AMOUNT_COLUMNS = {"planned", "executed", "pct", "progress"}  # float64 columns of the views (NaN: nothing)


def _reported(values) -> Decimal | None:
    """The sum of the values typed in; None when every cell was blank (nothing reported yet:
    a blank is not a zero)."""
    typed = [v for v in values if v is not None]
    return sum(typed, ZERO) if typed else None


def calendar_label(wb, index: int) -> str:
    """'2025-1' (the form `--semester` takes) for the semester's start, when the project's
    start date is known."""
    begins = wb.semester_start(index)
    return "" if begins is None else f"{begins.year}-{1 if begins.month < 7 else 2}"


def resolve(wb, semester: str | int) -> int:
    """The project's semester index for '2025-1', 'Ano II/1º Sem' or 3 (TcxlError if outside)."""
    start = wb.start_date()
    try:
        return parse_semester(semester, wb.years, start.year if start else None)
    except ValueError as exc:
        raise TcxlError(f"{wb.path}: {exc}") from None


@paused_gc()
def project_summary(
    path: str, semesters: list[str | int], keep_findings: bool = False, config: RuleConfig | None = None
) -> dict[str, Any]:
    """Every view of one workbook for each semester asked, and its delivery record
    (picklable: runs in worker processes). A file that cannot be read, or is not a PROADI-SUS
    workbook, has only its delivery record. ``keep_findings``: the record carries the check's
    findings (for the annotated copies)."""
    from ..checks import check_workbook, internal_error
    from ..read import read_workbook
    from ..sniff import UnreadableFile

    delivery = {"file": path, "asked": len(semesters)}
    try:
        wb = read_workbook(path)
    except UnreadableFile as exc:
        return {"delivery": {**delivery, "status": UNREADABLE, "reason": f"{exc.code}: {exc.reason}"}}
    except Exception as exc:  # a bug in tcxl reading this file: it is accounted for, the others go on
        return {"delivery": {**delivery, "status": UNREADABLE, "reason": f"TCX000: {internal_error('leitura', exc)}"}}
    if not wb.reading.tables:
        return {
            "delivery": {
                **delivery,
                "status": NOT_PROADI,
                "reason": "nenhuma das tabelas do modelo (Identificação, Matriz, cronogramas, "
                "Execução Financeira) foi encontrada",
            }
        }
    report = check_workbook(wb, config=config)
    delivery.update(_delivery(wb, report))
    if keep_findings:
        delivery["findings"] = report.findings
    out: dict[str, Any] = {"delivery": delivery, "progress": [], "blocks": [], "accounts": [], "projects": []}
    outside = []
    for semester in semesters:
        try:
            index = resolve(wb, semester)
        except TcxlError as exc:
            outside.append(f"{semester}: {str(exc).split(': ', 1)[-1]}")
            continue
        title = delivery["project"] or Path(path).stem
        common = {
            "report_semester": str(semester),
            "project_id": delivery["project_id"] or None,
            "project": title,
            "file": path,
            "period": period_label(index),
            "calendar": calendar_label(wb, index),
        }
        (progress, total), blocks = _progress(wb, index, common, report.errors), _blocks(wb, index, common)
        out["progress"] += progress
        out["blocks"] += blocks
        out["accounts"] += _accounts(wb, index, common)
        out["projects"].append(_project_row(common, report.errors, report.warnings, total, blocks))
    if outside:
        delivery["outside"] = "; ".join(outside)
    for view in ("progress", "blocks", "accounts"):
        out[view] = _packed(out[view])
    return out


UNREADABLE, NOT_PROADI = "ilegível", "não é planilha PROADI-SUS"
MOST_CODES = 3  # codes named in a delivery's row


UFS = frozenset("AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split())


def _uf(city: Any) -> str:
    """The state of 'Cidade/UF' (or 'Cidade - UF'), as the model's Cidade/UF field holds it."""
    text = str(city or "").strip()
    for sep in ("/", "-", ","):
        if sep in text:
            uf = text.rsplit(sep, 1)[-1].strip().upper()
            return uf if uf in UFS else ""
    return ""


def _delivery(wb, report) -> dict[str, Any]:
    """What identifies the project and how its check went: the columns of `Entregas`."""
    from collections import Counter

    from ..identity import project_identity

    info = wb.info
    codes = Counter(f.code for f in report.findings if f.severity != "info")
    date = wb.report_date()
    return {
        "project": info.get("project.title") or "",
        "entity": info.get("entity.name") or "",
        "uf": _uf(info.get("entity.city")),
        "cnpj": info.get("entity.cnpj") or "",
        "protocol": info.get("project.protocol") or "",
        "date": date.isoformat() if date else "",
        "errors": report.errors,
        "warnings": report.warnings,
        "codes": ", ".join(f"{code} ×{n}" for code, n in codes.most_common(MOST_CODES)),
        "project_id": project_identity(info),
        "years": wb.years,
    }


def _packed(rows: list[dict]) -> dict[str, Any]:
    """A view's rows as columns (amounts as ``array('d')``, NaN when not reported): what a
    worker sends back. Thousands of projects' rows as dicts cost the main process several
    times their size in memory it cannot give back."""
    from array import array

    keys = [k for k in (rows[0] if rows else {}) if not k.startswith("_")]
    return {
        k: array("d", [math.nan if r.get(k) is None else r[k] for r in rows])
        if k in AMOUNT_COLUMNS
        else [r.get(k) for r in rows]
        for k in keys
    }


def _project_row(common: dict, errors: int, warnings: int, total: dict, blocks: list[dict]) -> dict:
    """The project's line of the Projetos view: its actions (all results) and its money to date."""
    money = [b for b in blocks if b["year"] == TO_DATE]
    planned = _reported(b["_planned"] for b in money)
    executed = _reported(b["_executed"] for b in money)
    return {
        **common,
        "errors": errors,
        "warnings": warnings,
        **{k: total[k] for k in (*ACTIONS, "progress", "alert")},
        "planned": _money(planned),
        "executed": _money(executed),
        "pct": _pct(executed, planned),
        "_planned": planned,
        "_executed": executed,
    }


def _progress(wb, index: int, common: dict, errors: int) -> tuple[list[dict], dict]:
    """A row per result (in the model's order, ``M`` last) and the project's actions over all
    of them (from the counts: the project's row of ``projects``, not a row of this view)."""
    titles = wb.reading.items.get("titles", {})
    counts: dict[Any, list[int]] = {}
    for block, code, _, _ in wb.reading.items.get("schedule", []):
        if code.count(".") != 1:
            continue  # sub-activities are detail, not actions of their own
        row = counts.setdefault(block, [0, 0, 0])
        row[0] += wb.value(("sch", code, index, "planned")) == "X"
        status = wb.value(("sch", code, index, "status"))
        row[1] += status == "X"
        row[2] += status in ("A", "C")
    blocks = sorted((b for b in counts if b != "M"), key=int) + (["M"] if "M" in counts else [])
    rows = []
    for block in blocks:
        prog, fin, adi = counts[block]
        rows.append(_progress_row(common, block, titles.get(block, ""), prog, fin, adi, errors))
    prog, fin, adi = (sum(counts[b][i] for b in blocks) for i in range(3))
    return rows, _actions(prog, fin, adi)


def _actions(prog: int, fin: int, adi: int) -> dict:
    """The counts, % estado de avanço from them (empty when nothing was programmed) and the alert."""
    return {
        "programmed": prog,
        "finished": fin,
        "postponed": adi,
        "progress": _pct(Decimal(fin), Decimal(prog)),
        "alert": FLAG if fin > prog else "",
    }


def _progress_row(common: dict, block: Any, description: str, prog: int, fin: int, adi: int, errors: int) -> dict:
    return {**common, "block": str(block), "description": description, **_actions(prog, fin, adi), "errors": errors}


def _periods(wb, index: int) -> list[tuple[str, list[int]]]:
    """Each year, then 'Acumulado' (years up to the semester's year)."""
    year = semester_year_half(index)[0]
    return [(year_label(y), [y]) for y in range(1, wb.years + 1)] + [(TO_DATE, list(range(1, year + 1)))]


def _blocks(wb, index: int, common: dict) -> list[dict]:
    rows = []
    blocks: dict[Any, list[str]] = {}
    for block, code, _ in wb.reading.items.get("disbursement", []):
        blocks.setdefault(block, []).append(code)
    letters = {bid: letter for bid, letter, _ in wb.reading.items.get("disbursement_totals", [])}
    for block, codes in blocks.items():
        for label, years in _periods(wb, index):
            planned, executed = (
                _reported(_typed(wb, ("dis", c, y, field)) for c in codes for y in years)
                for field in ("planned", "executed")
            )
            rows.append(
                {
                    **common,
                    "block": str(block),
                    "letter": letters.get(block) or "",
                    "year": label,
                    "level": "subtotal" if label == TO_DATE else "input",  # to date: the years' rows added
                    "planned": _money(planned),
                    "executed": _money(executed),
                    "pct": _pct(executed, planned),
                    "_planned": planned,
                    "_executed": executed,
                }
            )
    return rows


def _typed(wb, key: tuple) -> Decimal | None:
    value = wb.value(key)
    return value if isinstance(value, Decimal) else None


def _leaves(code: str) -> list[str]:
    """The input accounts a statement line adds up (itself, for an input account)."""
    acc = BY_CODE[code]
    return [code] if acc.is_input else [leaf for part in acc.parts for leaf in _leaves(part)]


def _accounts(wb, index: int, common: dict) -> list[dict]:
    rows = []
    typed = {
        (k[1], k[2], k[3])
        for k, v in wb.reading.values.items()  # the statement's inputs typed in
        if k[0] == "fin" and isinstance(v, Decimal)
    }
    periods = _periods(wb, index)
    for acc in ACCOUNTS:
        if acc.kind in ("heading", "ratio"):
            continue
        leaves = _leaves(acc.code)
        for label, years in periods:
            planned, executed = (
                sum((wb.statement(AccountKey(acc.code, y, field)) for y in years), ZERO)
                if any((leaf, y, field) in typed for leaf in leaves for y in years)
                else None
                for field in ("planned", "executed")
            )
            rows.append(
                {
                    **common,
                    "account": acc.code,
                    "label": acc.label,
                    "level": _level(acc, label),
                    "year": label,
                    "planned": _money(planned),
                    "executed": _money(executed),
                    "pct": _pct(executed, planned),
                    "_planned": planned,
                    "_executed": executed,
                }
            )
    return rows


def _level(acc, year: str) -> str:
    """``total`` for TOTAL GERAL; ``subtotal`` for the other total accounts and for an input
    account's years added up (to date); ``input`` for an input account in one year: the rows
    that add up to everything and overlap nothing (SPEC §2.1)."""
    if acc.code == "TOTAL":
        return "total"
    return "subtotal" if acc.kind == "total" or year == TO_DATE else "input"
