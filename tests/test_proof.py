"""No error without proof (SPEC §3.1), as a property: a required total written in any form
the evaluators know — SUM, a+b in any order, SUBTOTAL(9|109), AGGREGATE(9,k), SUMPRODUCT,
SUMIF on the codes, N() per item, ROUND(…,2), +0, IF(COUNT(…)=0,0,…), ranges stretched
over the block's header labels — is accepted, with no error anywhere in the file; and the
same forms with one mistake (an item left out, an item counted twice, a foreign input
cell added) give exactly one error, at that cell, with the counterexample that proves it.

The workbook is the habits corpus's base (tests/data/habitos/make_habitos.py: the model
typed with openpyxl, every account filled in); files are written with openpyxl (no stored
results, no LibreOffice)."""
from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tcxl

GENERATOR = Path(__file__).parent / "data" / "habitos" / "make_habitos.py"
TODAY = dt.date(2026, 11, 22)
FORMS = ("sum", "plus", "subtotal", "aggregate", "sumproduct", "sumproduct1", "sumif", "n")
WRAPS = ("none", "round", "plus0", "ifcount")
MISTAKES = {"leave_out": "TCX202", "double": "TCX203", "foreign": "TCX203"}


@lru_cache(maxsize=None)
def habitos():
    spec = importlib.util.spec_from_file_location("make_habitos", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Target:
    """A required total: its cell, the column and rows of its items, the label rows above
    them a range may also span (``top``), the SUMIF criterion on column A that picks its
    items, and input cells that do not belong to it."""
    name: str
    sheet: str
    cell: str
    col: str
    rows: tuple[int, ...]
    top: int | None
    prefix: str
    foreign: tuple[str, ...]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prova")
    path = folder / "base.xlsx"
    h = habitos()
    b = h.base_book(h.case(3, 3), path)
    a, m, other = b.results[0], b.mon, b.results[1]

    def rows(first, last):
        return tuple(range(first, last + 1))
    targets = (
        Target("1.3, Ano I, Previsão", h.FIN, b.F("1.3"), "B", rows(b.at["1.3.1"], b.at["1.3.5"]), None, "1.3.*",
               (b.F("1.4"), b.F("1.2"), b.F("1.3.1", 1, "E"), b.F("1.3.2", 2))),
        Target("1.8, Ano II, Previsão", h.FIN, b.F("1.8", 2), "E", rows(b.at["1.8.1"], b.at["1.8.3"]), None, "1.8.*",
               (b.F("1.9", 2), b.F("1.7", 2), b.F("1.8.1", 1), b.F("1.2", 2))),
        Target("Total (R$) (A), Ano I, Previsto", h.DIS, f"B{a.total}", "B", rows(a.first, a.last), a.top, "A1.*",
               (f"B{other.first}", f"C{a.first}", f"E{a.first}")),
        Target("Total (R$) (D), Ano II, Previsto", h.DIS, f"E{m.total}", "E", rows(m.first, m.last), m.top, "AM*",
               (f"E{a.first}", f"B{m.first}", f"H{m.last}")),
    )
    return folder, path, targets


def _segments(rows: list[int]) -> list[tuple[int, int]]:
    """Runs of consecutive rows."""
    out: list[list[int]] = []
    for r in rows:
        if out and r == out[-1][1] + 1:
            out[-1][1] = r
        else:
            out.append([r, r])
    return [(a, b) for a, b in out]


@st.composite
def written(draw, target: Target, mistake: str | None = None) -> str:
    """A formula for ``target``: right, or with one ``mistake``."""
    rows, extras = list(target.rows), []
    if mistake == "leave_out":
        rows.remove(draw(st.sampled_from(rows)))
    elif mistake == "double":
        extras.append(f"{target.col}{draw(st.sampled_from(rows))}")
    elif mistake == "foreign":
        extras.append(draw(st.sampled_from(target.foreign)))
    form, wrap = draw(st.sampled_from(FORMS)), draw(st.sampled_from(WRAPS))
    segments = _segments(rows)
    if (target.top is not None and rows[0] == target.rows[0] and form not in ("plus", "n", "sumproduct1")
            and draw(st.booleans())):  # stretched up over the block's header labels
        segments[0] = (target.top, segments[0][1])
    c = target.col
    ranges = [f"{c}{a}:{c}{b}" if a != b else f"{c}{a}" for a, b in segments]
    cells = [f"{c}{r}" for r in rows]
    if form == "sum":
        inner = f"SUM({','.join(ranges + extras)})"
    elif form == "plus":
        inner = "+".join(draw(st.permutations(cells + extras)))
    elif form == "subtotal":
        inner = f"SUBTOTAL({draw(st.sampled_from((9, 109)))},{','.join(ranges + extras)})"
    elif form == "aggregate":
        inner = f"_xlfn.AGGREGATE(9,{draw(st.integers(0, 7))},{','.join(ranges + extras)})"
    elif form == "sumproduct":
        inner = "+".join([f"SUMPRODUCT({r})" for r in ranges] + extras)
    elif form == "sumproduct1":
        inner = "+".join([f"SUMPRODUCT({r}*1)" for r in ranges] + extras)
    elif form == "sumif":
        inner = "+".join([f'SUMIF($A${a}:$A${b},"{target.prefix}",{c}{a}:{c}{b})' for a, b in segments] + extras)
    else:
        inner = "+".join(f"N({x})" for x in draw(st.permutations(cells + extras)))
    if wrap == "round":
        return f"=ROUND({inner},2)"
    if wrap == "plus0":
        return f"={inner}+0"
    if wrap == "ifcount":
        return f"=IF(COUNT({','.join(ranges)})=0,0,{inner})"
    return f"={inner}"


def _check(folder: Path, path: Path, target: Target, formula: str) -> list:
    wb = openpyxl.load_workbook(path)
    wb[target.sheet][target.cell] = formula
    out = folder / "exemplo.xlsx"
    wb.save(out)
    return tcxl.check(out, today=TODAY).findings


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_right_total_in_any_form_is_accepted(base, data):
    folder, path, targets = base
    target = data.draw(st.sampled_from(targets), label="target")
    formula = data.draw(written(target), label="formula")
    findings = _check(folder, path, target, formula)
    errors = [f.line() for f in findings if f.severity == "error"]
    assert errors == [], (target.name, formula, errors)
    unchecked = [f.line() for f in findings if f.sheet == target.sheet and f.cell == target.cell]
    assert unchecked == [], (target.name, formula, unchecked)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_one_mistake_is_one_error_with_its_counterexample(base, data):
    folder, path, targets = base
    target = data.draw(st.sampled_from(targets), label="target")
    mistake = data.draw(st.sampled_from(sorted(MISTAKES)), label="mistake")
    formula = data.draw(written(target, mistake), label="formula")
    errors = [f for f in _check(folder, path, target, formula) if f.severity == "error"]
    assert [(f.code, f.sheet, f.cell) for f in errors] == [(MISTAKES[mistake], target.sheet, target.cell)], \
        (target.name, mistake, formula, [f.line() for f in errors])
    assert "a fórmula dá" in errors[0].message, (formula, errors[0].message)
