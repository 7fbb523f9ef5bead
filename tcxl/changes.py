"""What changed between two versions of a project (re-planning, *repactuação*): ``tcxl diff``.

Both workbooks are read with :func:`tcxl.read_workbook` (so hand-made and tcxl-built files,
with rows inserted or sheets renamed, compare alike). Activities are matched by code, then
by description (a renumbered activity is *recoded*, not removed and added). Every change is
one row of a tidy frame:

======================  =========================================================
kind                    what
======================  =========================================================
``atividade_incluida``  an activity only in the new version
``atividade_excluida``  an activity only in the old version
``atividade_recodificada`` same description, another code
``descricao_alterada``  same code, another description
``previsto_atividade``  an activity's Previsto in a year
``previsto_conta``      an account's Previsão in a year (input accounts and TOTAL GERAL)
``semestre_incluido`` / ``semestre_excluido``  a planned semester of an activity
``meta_alterada``       an indicator's target (Previsto) in a semester
``cadastro_alterado``   a registration field of Identificação
``executado_alterado``  Executado (or a Realizado mark) of a year or semester still open at
                        the new version's date: progress, reported as information
``executado_fechado``   **error**: Executado (or a Realizado mark) of a year or semester that
                        had closed before the new version's date was rewritten
``total_difere_b22``    **error**: the disbursement total no longer equals B.2.2 Valor total
======================  =========================================================

Money is compared to the cent in ``Decimal``; a blank and a zero are the same amount here.
Every Executado change is reported; years and semesters close by the *new* version's date
(its Identificação ``Data:``, or ``--date``), never by the old version's.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from .numbers import cents, format_brl
from .periods import half_label, half_number, year_label, year_number
from .vocabulary import frame

COLUMNS = [
    "kind",
    "severity",
    "item",
    "description",
    "year",
    "semester",
    "field",
    "old",
    "new",
    "old_amount",
    "new_amount",
    "difference",
    "difference_pct",
    "message",
]
KINDS = (
    "atividade_incluida",
    "atividade_excluida",
    "atividade_recodificada",
    "descricao_alterada",
    "previsto_atividade",
    "previsto_conta",
    "semestre_incluido",
    "semestre_excluido",
    "meta_alterada",
    "cadastro_alterado",
    "executado_alterado",
    "executado_fechado",
    "total_difere_b22",
)
ERROR_KINDS = ("executado_fechado", "total_difere_b22")
ZERO = Decimal("0.00")


def _amount(value: Any) -> Decimal:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ZERO
    return cents(Decimal(str(value)))


class _Changes:
    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(
        self,
        kind: str,
        item: str,
        message: str,
        *,
        description: str = "",
        year: int | None = None,
        semester: int | None = None,
        field: str = "",
        old: Any = None,
        new: Any = None,
    ) -> None:
        difference = pct = None
        if isinstance(old, Decimal) and isinstance(new, Decimal):
            difference = new - old
            pct = float(difference / old) if old else None
        self.rows.append(
            {
                "kind": kind,
                "severity": "error" if kind in ERROR_KINDS else "info",
                "item": item,
                "description": description,
                "year": None if year is None else year_label(year),
                "semester": None if semester is None else half_label(semester),
                "field": field,
                "old": _text(old),
                "new": _text(new),
                "old_amount": float(old) if isinstance(old, Decimal) else None,
                "new_amount": float(new) if isinstance(new, Decimal) else None,
                "difference": float(difference) if difference is not None else None,
                "difference_pct": pct,
                "message": message,
            }
        )


def _from_to(old: Decimal, new: Decimal) -> str:
    return f"de {format_brl(old)} para {format_brl(new)}"


def _text(value: Any) -> str | None:
    """A value as the ``old``/``new`` text: an amount to the cent (``183273.14``), a mark as
    ``X``, a number as typed (``12``, ``0.5``); None when blank."""
    if value is None or value is False or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is True:
        return "X"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _activities(wb) -> dict[str, str]:
    """code -> description, in the order of the disbursement schedule, then the schedule."""
    out: dict[str, str] = {}
    for _, code, description in wb.reading.items.get("disbursement", []):
        out.setdefault(code, description)
    for _, code, description, _ in wb.reading.items.get("schedule", []):
        out.setdefault(code, description)
    return out


def _match(old: dict[str, str], new: dict[str, str]) -> tuple[dict[str, str], list[str], list[str]]:
    """(old code -> new code, codes only in old, codes only in new): by code, then by description."""
    pairs = {code: code for code in old if code in new}
    gone = [c for c in old if c not in pairs]
    came = [c for c in new if c not in pairs.values()]
    by_text: dict[str, str] = {}
    for code in came:
        by_text.setdefault(new[code].strip().casefold(), code)
    for code in list(gone):
        text = old[code].strip().casefold()
        if text and text in by_text:
            pairs[code] = by_text.pop(text)
            gone.remove(code)
            came.remove(pairs[code])
    return pairs, gone, came


def _closed_before(wb, date: dt.date | None):
    """year -> closed?, semester -> closed? for the new version's date (None: nothing closed)."""

    def closed(index: int) -> bool:
        if date is None:
            return False
        following = wb.semester_start(index + 1)
        return following is not None and following <= date

    return (lambda year: closed(2 * year)), closed


def diff(old: str | Path, new: str | Path, date: dt.date | None = None):
    """The changes from ``old`` to ``new`` (a re-planned project), as ``tcxl diff``.

    Parameters
    ----------
    old, new : str or os.PathLike
        The approved workbook and the new version; both go through :func:`read_workbook`.
    date : datetime.date, optional
        When the new version was made (default: the new workbook's Identificação ``Data:``,
        else today). Every Executado change is reported: an error (``executado_fechado``)
        when its year or semester had closed by then, information (``executado_alterado``)
        otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per change, in SPEC §2.1's vocabulary: ``project_id`` and ``file`` (the new
        version's), ``kind`` (``atividade_incluida``, ``previsto_atividade``,
        ``executado_alterado``, ``executado_fechado``, …), ``severity`` (ordered: ``info`` <
        ``error``), ``item``, ``description``, ``year`` (``Ano I`` …), ``semester`` (``1º Sem``,
        ``2º Sem``), ``field`` (``planned``, ``executed``, ``scheduled``, ``status``, ``target``
        or an Identificação key), ``old`` and ``new`` (text: ``183273.14``, ``X``; NaN when
        blank), ``old_amount``, ``new_amount``, ``difference`` (float64, amounts only),
        ``difference_pct``, ``message`` (pt-BR); empty when nothing changed.

    Raises
    ------
    TcxlError
        A file cannot be read.

    Examples
    --------
    >>> import datetime, tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> approved = tcxl.build_workbook(project, f"{tmp}/aprovado.xlsx")
    >>> tcxl.diff(approved, approved).empty
    True
    >>> rows = [{"activity": "A1.1", "year": 1, "executed": 170200.00}]
    >>> new = tcxl.fill(approved, {"disbursement": rows}, f"{tmp}/novo.xlsx")
    >>> changes = tcxl.diff(approved, new, date=datetime.date(2026, 7, 1))
    >>> changes[["kind", "severity", "item", "year"]].values.tolist()
    [['executado_fechado', 'error', 'A1.1', 'Ano I']]
    >>> changes[["old_amount", "new_amount"]].values.tolist()
    [[0.0, 170200.0]]
    """
    from .read import read_workbook

    a, b = read_workbook(old), read_workbook(new)
    if date is None:  # the new version's Data closes years and semesters; the old one's never does
        date = b.report_date() or dt.date.today()
    changes = _Changes()
    codes_a, codes_b = _activities(a), _activities(b)
    if ("CI" in codes_a) != ("CI" in codes_b):  # one version types indirect costs as line 3 (E) only
        _indirect_line(changes, a, b)
        codes_a.pop("CI", None)
        codes_b.pop("CI", None)
    pairs, gone, came = _match(codes_a, codes_b)
    for code in came:
        changes.add(
            "atividade_incluida", code, f"atividade {code} incluída: {codes_b[code]}", description=codes_b[code]
        )
    for code in gone:
        changes.add(
            "atividade_excluida", code, f"atividade {code} excluída: {codes_a[code]}", description=codes_a[code]
        )
    for code_a, code_b in pairs.items():
        if code_a != code_b:
            changes.add(
                "atividade_recodificada",
                code_b,
                f"atividade {code_a} passou a ser {code_b}",
                description=codes_b[code_b],
                old=code_a,
                new=code_b,
            )
        elif code_b != "CI" and codes_a[code_a].strip() != codes_b[code_b].strip():  # CI's label is the model's
            changes.add(
                "descricao_alterada",
                code_b,
                f"descrição de {code_b} alterada",
                old=codes_a[code_a],
                new=codes_b[code_b],
                field="description",
            )
    year_closed, semester_closed = _closed_before(b, date)
    _money(changes, a, b, pairs, gone, came, year_closed)
    _accounts(changes, a, b, year_closed)
    _semesters(changes, a, b, pairs, semester_closed)
    _targets(changes, a, b)
    _registration(changes, a, b)
    _b22(changes, b)
    rows = [{"project_id": b.project_id, "file": str(new), **row} for row in changes.rows]
    return frame(rows, ["project_id", "file", *COLUMNS], kind=KINDS)


def _money(changes, a, b, pairs, gone, came, year_closed) -> None:
    years = range(1, max(a.years, b.years) + 1)
    money_a = {(r.activity, year_number(r.year)): (r.planned, r.executed) for r in a.disbursement.itertuples()}
    money_b = {(r.activity, year_number(r.year)): (r.planned, r.executed) for r in b.disbursement.itertuples()}
    rows = [(ca, cb) for ca, cb in pairs.items()] + [(c, None) for c in gone] + [(None, c) for c in came]
    for code_a, code_b in rows:
        shown = code_b or code_a
        for year in years:
            pa, ea = money_a.get((code_a, year), (None, None))
            pb, eb = money_b.get((code_b, year), (None, None))
            old, new = _amount(pa), _amount(pb)
            if old != new:
                changes.add(
                    "previsto_atividade",
                    shown,
                    f"{shown}, {year_label(year)}: Previsto {_from_to(old, new)}",
                    year=year,
                    field="planned",
                    old=old,
                    new=new,
                )
            old, new = _amount(ea), _amount(eb)
            if old != new:
                _executed(changes, year_closed(year), shown, f"{shown}, {year_label(year)}", old, new, year=year)


def _indirect_line(changes, a, b) -> None:
    """Indirect costs when one version has the block ``CI`` (one amount per year) and the other
    only the summary's line 3 (E), typed for the whole period (the model's form): the two are
    compared over the whole period, never as an activity included or removed."""

    def whole_period(wb, field: str) -> Decimal:
        if any(item[1] == "CI" for item in wb.reading.items.get("disbursement", [])):
            return sum((_amount(wb.value(("dis", "CI", y, field))) for y in range(1, wb.years + 1)), ZERO)
        return _amount(wb.value(("dis", "summary", 3, field)))

    for field, word in (("planned", "Previsto"), ("executed", "Executado")):
        old, new = whole_period(a, field), whole_period(b, field)
        if old == new:
            continue
        where = "custos indiretos (CI, linha 3 (E) do resumo), todo o período"
        if field == "planned":
            changes.add(
                "previsto_atividade", "CI", f"{where}: {word} {_from_to(old, new)}", field=field, old=old, new=new
            )
        else:
            _executed(changes, False, "CI", where, old, new)


def _accounts(changes, a, b, year_closed) -> None:
    fa = {(r.account, r.year): r for r in a.financial.itertuples()}
    for r in b.financial.itertuples():
        if r.level == "subtotal":
            continue
        before = fa.get((r.account, r.year))
        if before is None:
            continue
        year, code, label = year_number(r.year), str(r.account), str(r.label)
        old, new = _amount(before.planned), _amount(r.planned)
        if old != new:
            changes.add(
                "previsto_conta",
                code,
                f"conta {label}, {r.year}: Previsão {_from_to(old, new)}",
                description=label,
                year=year,
                field="planned",
                old=old,
                new=new,
            )
        old, new = _amount(before.executed), _amount(r.executed)
        if old != new and r.level == "input":
            where = f"conta {label}, {r.year}"
            _executed(changes, year_closed(year), code, where, old, new, year=year, description=label)


def _executed(changes, closed: bool, item: str, where: str, old: Decimal, new: Decimal, **more) -> None:
    """An Executado that changed: an error when its year had closed, information otherwise."""
    if closed:
        kind, text = "executado_fechado", f"o Executado de um ano já encerrado mudou {_from_to(old, new)}"
    else:
        kind, text = "executado_alterado", f"Executado {_from_to(old, new)}"
    changes.add(kind, item, f"{where}: {text}", field="executed", old=old, new=new, **more)


def _status(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _semesters(changes, a, b, pairs, semester_closed) -> None:
    def marks(wb):
        return {
            (r.activity, year_number(r.year), half_number(r.semester)): (bool(r.scheduled), _status(r.status))
            for r in wb.schedule.itertuples()
        }

    ma, mb = marks(a), marks(b)
    old_code = {code_b: code_a for code_a, code_b in pairs.items()}
    for (code_b, year, half), (planned_b, status_b) in mb.items():
        code_a = old_code.get(code_b)
        if code_a is not None:
            planned_a, status_a = ma.get((code_a, year, half), (False, None))
            _semester(changes, code_b, year, half, planned_a, planned_b, status_a, status_b, semester_closed)


def _semester(changes, code, year, half, planned_a, planned_b, status_a, status_b, semester_closed) -> None:
    where = f"{code}, {year_label(year)}/{half}º Sem"
    if planned_a != planned_b:
        kind = "semestre_incluido" if planned_b else "semestre_excluido"
        changes.add(
            kind,
            code,
            f"{where}: {'previsto' if planned_b else 'deixou de ser previsto'}",
            year=year,
            semester=half,
            field="scheduled",
            old=planned_a,
            new=planned_b,
        )
    if status_a != status_b:
        closed = semester_closed(2 * (year - 1) + half)
        changes.add(
            "executado_fechado" if closed else "executado_alterado",
            code,
            f"{where}: a marca de realização{' de um semestre já encerrado' if closed else ''} "
            f"mudou de {status_a or 'vazia'} para {status_b or 'vazia'}",
            year=year,
            semester=half,
            field="status",
            old=status_a,
            new=status_b,
        )


def _targets(changes, a, b) -> None:
    def targets(wb):
        return {
            (r.ref, r.indicator, year_number(r.year), half_number(r.semester)): r.target for r in wb.matrix.itertuples()
        }

    ta = targets(a)
    for key, new in targets(b).items():
        if key not in ta:
            continue
        old = ta[key]
        same = (old is None or old != old) and (new is None or new != new) or old == new
        if not same:
            ref, indicator, year, half = key
            changes.add(
                "meta_alterada",
                ref,
                f"{ref}, indicador '{indicator}', {year_label(year)}/{half}º Sem: "
                f"meta de {_show(old)} para {_show(new)}",
                description=str(indicator),
                year=year,
                semester=half,
                field="target",
                old=old,
                new=new,
            )


def _show(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "vazia"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _registration(changes, a, b) -> None:
    for key in sorted(set(a.info) | set(b.info)):
        old, new = a.info.get(key), b.info.get(key)
        if old != new and not (old in (None, "", []) and new in (None, "", [])):
            changes.add(
                "cadastro_alterado",
                key,
                f"cadastro: {key} de {old!r} para {new!r}",
                field=key,
                old=str(old) if old is not None else None,
                new=str(new) if new is not None else None,
            )


def _b22(changes, b) -> None:
    """The new version's disbursement total against its B.2.2 Valor total (a re-planning that
    moves money must still add up to the project's value)."""

    def total(wb):
        return sum((_amount(v) for v in wb.disbursement.planned), ZERO)

    value = b.value(("info", "project.total_value"))
    if not isinstance(value, Decimal):
        return
    new_total, b22 = total(b), cents(value)
    if new_total != b22:
        changes.add(
            "total_difere_b22",
            "B.2.2",
            f"o total do desembolso ({format_brl(new_total)}) não confere com o "
            f"Valor total do Projeto B.2.2 ({format_brl(b22)})",
            field="planned",
            old=b22,
            new=new_total,
        )


def lines(changes) -> list[str]:
    """One pt-BR line per change (errors first), for the text output."""
    order = changes.assign(_e=changes.severity != "error").sort_values("_e", kind="stable")
    from .findings import _CONTROLS

    return [
        f"{'erro' if r.severity == 'error' else 'mudança'} {r.kind}: {r.message}".translate(_CONTROLS)
        for r in order.itertuples()
    ]
