"""TCX4xx: what the sheets must agree on (warnings; ``--strict`` fails on them).

Activities in the disbursement schedule, the activity schedule and the matrix; the
disbursement grand total, TOTAL GERAL and B.2.2; indirect costs (E) and account 3.
"""

from __future__ import annotations

from decimal import Decimal

from ..accounts import GRAND_TOTAL_CODE, INDIRECT_CODE
from ..findings import Finding
from ..keys import AccountKey, SummaryKey
from ..numbers import cents, format_brl
from ..periods import year_label
from ..read.grid import ref
from ..rules import declare

emit = declare("TCX401", "TCX402", "TCX403", "TCX404", "TCX405")

ZERO = Decimal(0)


def _cell(wb, key) -> tuple[str, str]:
    where = wb.reading.where.get(key)
    return (where[0], ref(where[1], where[2])) if where else ("", "")


def check(wb) -> list[Finding]:
    r, out = wb.reading, []
    years = range(1, wb.years + 1)
    dis = [code for _, code, _ in r.items.get("disbursement", []) if code != "CI" and code.count(".") == 1]
    sch = [code for _, code, _, _ in r.items.get("schedule", []) if code.count(".") == 1]
    mat = [ref_ for level, ref_, index, _ in r.items.get("matrix", []) if level == "activity" and index == 0]
    in_dis, in_sch, in_mat = set(dis), set(sch), set(mat)  # membership: big projects have thousands
    pairs = (
        ("disbursement", dis, "schedule", in_sch, "Cronograma de Atividades"),
        ("schedule", sch, "disbursement", in_dis, "Cronograma de Desembolso"),
    )
    for table, codes, other_table, others, other_name in pairs:
        if table in r.tables and other_table in r.tables:
            key = "dis" if table == "disbursement" else "sch"
            for code in codes:
                if code not in others:
                    out.append(
                        emit("TCX401", *_cell(wb, (key, code, "code")), expected=code, activity=code, other=other_name)
                    )
    if "matrix" in r.tables and ("schedule" in r.tables or "disbursement" in r.tables):
        planned = dis + [c for c in sch if c not in in_dis]
        for code in planned:
            if not code.startswith("AM") and code not in in_mat:
                key = "dis" if code in in_dis else "sch"
                out.append(
                    emit(
                        "TCX402",
                        *_cell(wb, (key, code, "code")),
                        expected=code,
                        activity=code,
                        situation="não aparece na Matriz de Planejamento (1.4. Atividades Principais de Intervenção)",
                    )
                )
        in_planned = set(planned)
        for code in mat:
            if code not in in_planned:
                out.append(
                    emit(
                        "TCX402",
                        *_cell(wb, ("mat", code, "code")),
                        found=code,
                        activity=code,
                        situation="da Matriz de Planejamento não está nos cronogramas",
                    )
                )
    out += _totals(wb, years)
    return out


def _totals(wb, years: range) -> list[Finding]:
    r, out = wb.reading, []
    has_dis, has_fin = "disbursement" in r.tables, "financial" in r.tables
    codes = [code for _, code, _ in r.items.get("disbursement", [])]
    dis_total = sum((wb.money(("dis", c, y, "planned")) for c in codes for y in years), ZERO)
    # the model's indirect costs: no block, one typed line of the summary, '3. Custos Indiretos (E)'
    typed_e = wb.value(SummaryKey(3, "planned")) if "CI" not in codes else None
    if isinstance(typed_e, Decimal):
        dis_total += typed_e
    fin_total = sum((wb.statement(AccountKey(GRAND_TOTAL_CODE, y, "planned")) for y in years), ZERO)
    if has_dis and has_fin and dis_total != fin_total:
        out.append(
            emit(
                "TCX403",
                *_cell(wb, ("dis", "summary", "total", "planned")),
                expected=f"{cents(fin_total):f}",
                found=f"{cents(dis_total):f}",
                money=True,
                disbursement=format_brl(dis_total),
                statement=format_brl(fin_total),
            )
        )
    declared = wb.value(("info", "project.total_value"))
    if isinstance(declared, Decimal) and declared > 0:
        for present, total, name, _key in (
            (has_fin, fin_total, "TOTAL GERAL previsto na Execução Financeira", ("fin", "TOTAL", "T", "planned")),
            (
                has_dis and not has_fin,
                dis_total,
                "total do Cronograma de Desembolso",
                ("dis", "summary", "total", "planned"),
            ),
        ):
            if present and total != declared:
                sheet, cell = _cell(wb, ("info", "project.total_value"))
                out.append(
                    emit(
                        "TCX404",
                        sheet,
                        cell,
                        expected=f"{cents(total):f}",
                        found=f"{cents(declared):f}",
                        money=True,
                        declared=format_brl(declared),
                        total_name=name,
                        total=format_brl(total),
                    )
                )
    if has_fin and isinstance(typed_e, Decimal):
        three = sum((wb.money(("fin", INDIRECT_CODE, y, "planned")) for y in years), ZERO)
        if typed_e != three:
            out.append(
                emit(
                    "TCX405",
                    *_cell(wb, SummaryKey(3, "planned")),
                    expected=f"{cents(three):f}",
                    found=f"{cents(typed_e):f}",
                    money=True,
                    period="",
                    disbursement=format_brl(typed_e),
                    place=f"na linha 3 {_indirect_letter(wb)} do resumo do Cronograma de Desembolso",
                    account=format_brl(three),
                    scope=" (soma dos anos)",
                )
            )
    if has_fin and any(code == "CI" for code in codes):
        for y in years:
            e = wb.money(("dis", "CI", y, "planned"))
            three = wb.money(("fin", INDIRECT_CODE, y, "planned"))
            if e != three:
                out.append(
                    emit(
                        "TCX405",
                        *_cell(wb, ("dis", "total", "CI", y, "planned")),
                        expected=f"{cents(three):f}",
                        found=f"{cents(e):f}",
                        money=True,
                        period=f" no {year_label(y)}",
                        disbursement=format_brl(e),
                        place="no Cronograma de Desembolso",
                        account=format_brl(three),
                        scope="",
                    )
                )
    return out


def _indirect_letter(wb) -> str:
    """The indirect-costs line's letter as the workbook writes it ('(G)'), the model's '(E)' otherwise."""
    return wb.reading.labels.get(("summary", 3), "(E)")
