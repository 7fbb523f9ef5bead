"""Rebuild the project spec from a workbook read back, so that
``read_workbook(build_workbook(p)).project == p`` for every valid spec ``p``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..accounts import INPUT_CODES
from ..layout import identification as info_layout
from ..structure import Activity, Element, Indicator, Result, Structure, SubActivity
from ..text import code_block

RULES = ("sum", "max", "last")


def _aggregation(totals: list[Any]) -> str:
    """An indicator's rule when the workbook does not record it: what most of its total cells
    compute (so the odd one out is the checker's finding); 'none' when it has no totals."""
    from collections import Counter

    from ..formula import shape_rule

    votes = Counter(rule for rule in map(shape_rule, totals) if rule in RULES)
    if votes:
        return votes.most_common(1)[0][0]
    return "none" if all(t in (None, "") for t in totals) else "sum"


def rebuild(wb):
    """The validated spec, a :class:`tcxl.model.Project`. Raises SpecError when the workbook's
    data is not a valid spec: each problem names the Identificação cell it was read from, and
    the structure findings that left the project incomplete come along."""
    from ..errors import SpecError
    from ..model import Project  # pydantic: only for the validated spec, not for checking

    try:
        return Project.from_dict(_data(wb))
    except SpecError as exc:
        problems = [(p, f"{m}{_at(wb, p)}") for p, m in exc.problems]
        problems += [
            ("", f"{f.sheet}: {f.message}") for f in wb.findings if f.severity == "error" and f.code.startswith("TCX1")
        ]
        raise SpecError(problems, wb.path) from None


def _at(wb, field_path: str) -> str:
    """' (em Identificação!C12)' for a spec field read from one cell; '' otherwise."""
    from .grid import ref

    for key in (("info", field_path), ("info", f"project.{field_path}")):
        where = wb.reading.where.get(key)
        if where:
            return f" (em {where[0]}!{ref(where[1], where[2])})"
    return ""


def structure(wb) -> Structure:
    """The project's structure as read, without validation (nor pydantic): what the checker
    needs to know which formula every total cell must hold, even when some inputs are invalid."""
    data = _data(wb)

    def activity(a: dict) -> Activity:
        return Activity(
            **{
                **a,
                "indicators": [Indicator(**i) for i in a["indicators"]],
                "subactivities": [SubActivity(**s) for s in a["subactivities"]],
            }
        )

    def element(cls, e: dict, **extra):
        return cls(**{**e, "indicators": [Indicator(**i) for i in e["indicators"]], **extra})

    return Structure(
        years=data["years"],
        year_basis=data.get("year_basis", "calendar"),
        objectives=[element(Element, o) for o in data["objectives"]],
        results=[
            element(
                Result,
                r_,
                products=[element(Element, p) for p in r_["products"]],
                activities=[activity(a) for a in r_["activities"]],
            )
            for r_ in data["results"]
        ],
        monitoring=[activity(a) for a in data["monitoring"]],
        financial=data["financial"],
        indirect_costs=data.get("indirect_costs", []),
    )


def _data(wb) -> dict[str, Any]:
    r = wb.reading
    years = wb.years
    sheets = {g.name: g for g in r.grids}

    def raw(key: tuple) -> Any:
        where = r.where.get(key)
        return sheets[where[0]].value(where[1], where[2]) if where else None

    rows_of: dict[str, list[int]] = {}
    for _, element, index, _ in r.items.get("matrix", []):
        rows_of.setdefault(element, []).append(index)

    def indicators(ref: str) -> list[dict]:
        out = []
        for index in rows_of.get(ref, []):
            key = lambda *rest, index=index: ("mat", ref, index, *rest)  # noqa: E731
            targets = [wb.value(key(f"S{s}", "planned")) for s in range(1, 2 * years + 1)]
            while targets and targets[-1] is None:
                targets.pop()
            text = {name: wb.value(key(name)) for name in ("description", "source", "assumption")}
            if not any(text.values()) and not targets and wb.value(key("baseline")) is None:
                continue
            totals = [
                raw(key(p, f)) for p in ("T", *(f"Y{y}" for y in range(1, years + 1))) for f in ("planned", "realized")
            ]
            rule = r.metadata.get(f"rule.{ref}.{index}")
            out.append(
                {
                    "description": text["description"] or "",
                    "baseline": wb.value(key("baseline")),
                    "targets": targets,
                    "aggregation": rule if rule in (*RULES, "none") else _aggregation(totals),
                    "source": text["source"] or "",
                    "assumption": text["assumption"] or "",
                }
            )
        return out

    elements = {element: description for _, element, index, description in r.items.get("matrix", []) if index == 0}
    titles = r.items.get("titles", {})
    schedule = {code: (desc, resp) for _, code, desc, resp in r.items.get("schedule", [])}
    money = {code: desc for _, code, desc in r.items.get("disbursement", [])}
    codes = list(schedule) + [c for c in money if c not in schedule and c != "CI"]
    subs: dict[str, list[str]] = {}
    for code in codes:
        if code.count(".") == 2:
            subs.setdefault(code.rsplit(".", 1)[0], []).append(code)

    def activity(code: str) -> dict:
        desc, resp = schedule.get(code, (money.get(code, ""), ""))
        return {
            "code": code,
            "description": desc or money.get(code, ""),
            "responsible": resp or "",
            "semesters": [s for s in range(1, 2 * years + 1) if wb.value(("sch", code, s, "planned"))],
            "planned": [wb.money(("dis", code, y, "planned")) for y in range(1, years + 1)],
            "indicators": indicators(code),
            "subactivities": [
                {
                    "code": sub,
                    "description": schedule[sub][0],
                    "semesters": [s for s in range(1, 2 * years + 1) if wb.value(("sch", sub, s, "planned"))],
                }
                for sub in subs.get(code, [])
            ],
        }

    top = [c for c in codes if c.count(".") == 1]
    blocks = sorted(
        {code_block(c) for c in top if code_block(c) != "M"}
        | {int(e[1:]) for e in elements if e.startswith("R")}
        | {b for b in titles if isinstance(b, int)}
    )
    data: dict[str, Any] = {
        "years": years,
        "objectives": [
            {"description": elements[e], "indicators": indicators(e)} for e in elements if e.startswith("O")
        ],
        "results": [
            {
                "description": elements.get(f"R{m}", titles.get(m, "")),
                "indicators": indicators(f"R{m}"),
                "products": [
                    {"description": elements[e], "indicators": indicators(e)}
                    for e in elements
                    if e.startswith(f"P{m}.")
                ],
                "activities": [activity(c) for c in top if code_block(c) == m],
            }
            for m in blocks
        ],
        "monitoring": [activity(c) for c in top if code_block(c) == "M"],
        "financial": {
            code: [wb.money(("fin", code, y, "planned")) for y in range(1, years + 1)]
            for code in INPUT_CODES
            if any(wb.money(("fin", code, y, "planned")) for y in range(1, years + 1))
        },
    }
    if "CI" in money:
        data["indirect_costs"] = [wb.money(("dis", "CI", y, "planned")) for y in range(1, years + 1)]
    if r.metadata.get("year_basis") in ("calendar", "project"):
        data["year_basis"] = r.metadata["year_basis"]
    info = {k[1]: v for k, v in r.values.items() if k[0] == "info" and k[1] != "area"}
    data["areas"] = [k[2] for k, v in r.values.items() if k[0] == "info" and k[1] == "area" and v]
    for section, fields in (("entity", info_layout.ENTITY_FIELDS), ("responsible", info_layout.RESPONSIBLE_FIELDS)):
        data[section] = {
            name: info[f"{section}.{name}"] for name, _, _ in fields if info.get(f"{section}.{name}") not in (None, "")
        }
        for name, value in data[section].items():
            if not isinstance(value, str) and "date" not in name:
                data[section][name] = str(value)
    for name in ("title", "protocol", "total_value", "monitoring_secretariat"):
        if info.get(f"project.{name}") not in (None, ""):
            data[name] = info[f"project.{name}"]
    if "protocol" in data and not isinstance(data["protocol"], str):
        data["protocol"] = str(data["protocol"])
    for name in ("start", "end"):
        if info.get(name) is not None:
            data[name] = info[name]
    if isinstance(data.get("total_value"), float):
        data["total_value"] = Decimal(str(data["total_value"]))
    return data
