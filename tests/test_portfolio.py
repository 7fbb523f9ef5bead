"""The portfolio of one semester (SPEC §4.1) on a realistic folder: 66 files — 50 projects
built by tcxl (2 to 5 years, filled, some re-saved by LibreOffice, two outside the semester),
3 older versions of 3 of them, 4 typed in the model's form, 2 with check errors, 3 unreadable
files and a shopping list (see tests/portfolio.py).

Every file received has exactly one delivery row with the right status; every total equals
the sum, computed here from ``tcxl.read_workbook``, over the included files only; the CLI's
tables, JSON and workbook say the same as the API; several semesters give each semester's
single-semester rows.
"""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import tcxl
from conftest import ROOT, require_libreoffice
from portfolio import (INCLUDED, NOT_PROADI, OUTSIDE, REPLACED, SEMESTER, UNREADABLE, WITH_ERRORS, build_portfolio,
                       describe)
from tcxl.accounts import ACCOUNTS, BY_CODE
from tcxl.summary.portfolio import Summary

CENT = Decimal("0.01")
YEAR_LABELS = {1: "Ano I", 2: "Ano II", 3: "Ano III", 4: "Ano IV", 5: "Ano V"}
YEAR_NUMBERS = {label: y for y, label in YEAR_LABELS.items()}
TIMES: dict[str, float] = {}


# -- helpers ---------------------------------------------------------------------------------
def money(value) -> Decimal | None:
    """An amount to the cent; None for a blank (NaN, None, '')."""
    if value is None or value is pd.NA or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return Decimal(str(value)).quantize(CENT)


def reported(values) -> Decimal | None:
    """The sum of the amounts typed in; None when all are blank (nothing reported is not 0)."""
    typed = [v for v in (money(x) for x in values) if v is not None]
    return sum(typed, Decimal(0)) if typed else None


def name(path) -> str:
    return Path(str(path)).name


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categories as their values (two runs build their categories from different rows)."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    return out.reset_index(drop=True)


def leaves(code: str) -> list[str]:
    acc = BY_CODE[code]
    return [code] if acc.is_input else [leaf for part in acc.parts for leaf in leaves(part)]


def semester_year(entry: dict, semester: str = SEMESTER) -> int:
    """The project year (1…N) a calendar semester falls in, for a calendar-year project."""
    return int(semester[:4]) - entry["start"] + 1


def semester_index(entry: dict, semester: str = SEMESTER) -> int:
    return 2 * (semester_year(entry, semester) - 1) + int(semester[-1])


def mismatches(found: dict, expected: dict, what: str, limit: int = 12) -> str:
    keys = sorted(set(found) | set(expected), key=str)
    bad = [f"  {k}: resumo {found.get(k, 'ausente')} ≠ esperado {expected.get(k, 'ausente')}"
           for k in keys if found.get(k, "ausente") != expected.get(k, "ausente")]
    return "" if not bad else f"{what}: {len(bad)} diferença(s)\n" + "\n".join(bad[:limit])


# -- the folder and the runs (once per module) ---------------------------------------------
@pytest.fixture(scope="module")
def portfolio(tmp_path_factory):
    require_libreoffice()
    t = time.perf_counter()
    built = build_portfolio(tmp_path_factory.mktemp("portfolio") / "entregas")
    TIMES["build"] = time.perf_counter() - t
    print(f"\npasta ({len(built['files'])} arquivos, {TIMES['build']:.1f} s):\n{describe(built)}")
    return built


@pytest.fixture(scope="module")
def summary(portfolio) -> Summary:
    t = time.perf_counter()
    out = tcxl.summarize(portfolio["folder"], SEMESTER)
    TIMES["summarize"] = time.perf_counter() - t
    return out


@pytest.fixture(scope="module")
def counted(portfolio) -> dict:
    """Each file whose amounts must count, read back by tcxl (the test's own sums start here)."""
    return {n: tcxl.read_workbook(portfolio["folder"] / n) for n, e in portfolio["files"].items() if e["counts"]}


@pytest.fixture(scope="module")
def replaced(portfolio) -> dict:
    return {n: tcxl.read_workbook(portfolio["folder"] / n) for n, e in portfolio["files"].items()
            if e["replaced_by"]}


# -- 1. every file received is accounted for -----------------------------------------------
def test_one_delivery_row_per_file_with_its_status(portfolio, summary):
    files = portfolio["files"]
    d = summary.deliveries
    names = [name(f) for f in d.file]
    assert len(names) == len(set(names)), "um arquivo com mais de uma linha em Entregas"
    assert sorted(names) == sorted(files), "Entregas não tem exatamente um arquivo recebido por linha"
    assert len(files) >= 60
    status = dict(zip(names, d.status))
    expected = {n: e["status"] for n, e in files.items()}
    assert not mismatches(status, expected, "situação"), mismatches(status, expected, "situação")
    rows = {name(r.file): r for r in d.itertuples()}
    for n, e in files.items():
        row = rows[n]
        if e["status"] == UNREADABLE:
            assert re.match(r"^TCX0\d\d: \S", row.reason), (n, row.reason)
        elif e["status"] == NOT_PROADI:
            assert row.reason, n
        else:
            assert row.project == e["title"], n
            assert re.sub(r"\D", "", row.cnpj) == e["cnpj"], n
            assert row.protocol == e["protocol"], n
            assert row.date in (e["date"], "/".join(reversed(e["date"].split("-")))), (n, row.date)  # ISO or pt-BR
            assert (row.errors > 0) == (e["status"] == WITH_ERRORS), (n, row.errors, row.codes)
            if e["status"] == WITH_ERRORS:
                assert "TCX" in row.codes, n
            if e["status"] in (OUTSIDE,) or e["status"].startswith(REPLACED):
                assert row.reason, n
            if e["status"] == OUTSIDE:
                assert SEMESTER in row.reason, (n, row.reason)
    assert sorted(name(u["file"]) for u in summary.unreadable) == sorted(
        n for n, e in files.items() if e["status"] == UNREADABLE)
    assert sorted(map(name, summary.included)) == sorted(n for n, e in files.items() if e["counts"])


def test_the_replaced_files_name_the_file_that_replaces_them(portfolio, summary):
    rows = {name(r.file): r for r in summary.deliveries.itertuples()}
    pairs = {n: e["replaced_by"] for n, e in portfolio["files"].items() if e["replaced_by"]}
    assert len(pairs) >= 2
    for old, new in pairs.items():
        assert rows[old].status == f"{REPLACED} {new}", (old, rows[old].status)
        assert rows[new].status == INCLUDED, (new, rows[new].status)
        assert rows[old].project_id and rows[old].project_id == rows[new].project_id, (old, new)
    # the homonyms (same CNPJ and title, two protocol numbers) are two projects
    assert rows["homonimo_fase1.xlsx"].project_id != rows["homonimo_fase2.xlsx"].project_id


def test_the_reason_of_a_replacement_says_what_decided(portfolio, summary):
    """A replaced file's reason is read by people: when both files carry the same Data, the
    newer modification time decided, and the reason must not claim a more recent Data."""
    rows = {name(r.file): r for r in summary.deliveries.itertuples()}
    for old, entry in portfolio["files"].items():
        new = entry["replaced_by"]
        if not new:
            continue
        if entry["date"] == portfolio["files"][new]["date"]:
            assert "data mais recente" not in rows[old].reason.lower(), (
                f"{old} e {new} têm a mesma Data ({entry['date']}); decidiu a data de modificação, mas o motivo "
                f"diz: {rows[old].reason!r}")


# -- 2. the totals are the included files' sums ---------------------------------------------
def expected_accounts(wb, entry: dict) -> dict:
    """(code, year label) -> (previsto, executado) of one project, from ``wb.financial``'s inputs."""
    fin = wb.financial[wb.financial.level == "input"]
    typed = {(c, YEAR_NUMBERS[y]): (money(p), money(e))
             for c, y, p, e in zip(fin.account, fin.year, fin.planned, fin.executed)}
    periods = [(YEAR_LABELS[y], [y]) for y in range(1, wb.years + 1)]
    periods.append(("Acumulado", list(range(1, semester_year(entry) + 1))))
    out = {}
    for acc in ACCOUNTS:
        if acc.kind in ("heading", "ratio"):
            continue
        for label, years in periods:
            out[(acc.code, label)] = tuple(reported(typed.get((leaf, y), (None, None))[i]
                                                    for leaf in leaves(acc.code) for y in years) for i in (0, 1))
    return out


def expected_blocks(wb, entry: dict) -> dict:
    """(block, year label) -> (previsto, executado) of one project, from ``wb.disbursement``."""
    dis = wb.disbursement
    out = {}
    periods = [(YEAR_LABELS[y], [y]) for y in range(1, wb.years + 1)]
    periods.append(("Acumulado", list(range(1, semester_year(entry) + 1))))
    for block in dict.fromkeys(dis.block):
        rows = dis[dis.block == block]
        for label, years in periods:
            part = rows[rows.year.isin([YEAR_LABELS[y] for y in years])]
            out[(str(block), label)] = (reported(part.planned), reported(part.executed))
    return out


def add(totals: dict, key, pair: tuple) -> None:
    old = totals.get(key, (None, None))
    totals[key] = tuple(a if b is None else (b if a is None else a + b) for a, b in zip(old, pair))


def test_the_statement_is_the_sum_of_the_included_projects(portfolio, summary, counted):
    expected: dict = {}
    for n, wb in counted.items():
        entry = portfolio["files"][n]
        if entry["status"] == OUTSIDE:
            continue
        for key, pair in expected_accounts(wb, entry).items():
            add(expected, key, pair)
    st = summary.statement[summary.statement.report_semester == SEMESTER]
    found = {(c, y): (money(p), money(e)) for c, y, p, e in zip(st.account, st.year, st.planned, st.executed)}
    assert len(found) == len(st), "linhas repetidas no demonstrativo consolidado"
    # the TOTAL GERAL and a few accounts, each year and to date, first (the clearest message)
    for code in ("TOTAL", "SUBTOTAL", "TOTAL1", "1.2", "3", "4.1", "1.8.2"):
        for year in ("Ano I", "Ano II", "Ano III", "Ano IV", "Ano V", "Acumulado"):
            assert found.get((code, year)) == expected[(code, year)], (code, year)
    assert not mismatches(found, expected, "demonstrativo"), mismatches(found, expected, "demonstrativo")
    for c, y, p, e, pct in zip(st.account, st.year, st.planned, st.executed, st.pct):
        if money(p) and money(e) is not None:
            assert pct == pytest.approx(float(money(e) / money(p)), rel=1e-9), (c, y)


def test_the_blocks_are_each_included_projects_disbursement(portfolio, summary, counted):
    b = summary.blocks[summary.blocks.report_semester == SEMESTER]
    found = {(name(f), str(bl), y): (money(p), money(e))
             for f, bl, y, p, e in zip(b.file, b.block, b.year, b.planned, b.executed)}
    assert len(found) == len(b), "linhas repetidas em financeiro por bloco"
    expected = {}
    for n, wb in counted.items():
        entry = portfolio["files"][n]
        if entry["status"] != OUTSIDE:
            expected.update({(n, *k): v for k, v in expected_blocks(wb, entry).items()})
    assert not mismatches(found, expected, "blocos"), mismatches(found, expected, "blocos")
    # the portfolio's money per year: the sum of every block of every included project
    for year in ("Ano I", "Ano II", "Acumulado"):
        mine = {}
        for (n, _, y), pair in expected.items():
            if y == year:
                add(mine, year, pair)
        theirs = {}
        for (n, _, y), pair in found.items():
            if y == year:
                add(theirs, year, pair)
        assert theirs == mine, year


def schedule_counts(wb, entry: dict) -> tuple[int, int, int]:
    """(programadas, finalizadas, adiadas/canceladas) in the semester: activities Am.n/AM.n."""
    index = semester_index(entry)
    year, half = (index + 1) // 2, 2 - index % 2
    sch = wb.schedule[(wb.schedule.year == YEAR_LABELS[year]) & (wb.schedule.semester == ("1º Sem", "2º Sem")[half - 1])
                      & wb.schedule.activity.str.fullmatch(r"A(\d+|M)\.\d+")]
    return int(sch.scheduled.sum()), int((sch.status == "X").sum()), int(sch.status.isin(["A", "C"]).sum())


def test_the_totals_add_the_included_projects_once(portfolio, summary, counted, replaced):
    files = portfolio["files"]
    rows = summary.projects[summary.projects.report_semester == SEMESTER]
    total = summary.totals[summary.totals.report_semester == SEMESTER]
    assert len(total) == 1, "uma linha de totais por semestre"
    total = total.iloc[0]
    assert total.projects == len(rows)
    inside = {n: wb for n, wb in counted.items() if files[n]["status"] != OUTSIDE}
    assert sorted(map(name, rows.file)) == sorted(inside), "cada projeto incluído uma vez, e só eles"
    totals: dict = {}
    counts = [0, 0, 0]
    for r in rows.itertuples():
        n = name(r.file)
        blocks = {k: v for k, v in expected_blocks(inside[n], files[n]).items() if k[1] == "Acumulado"}
        mine = (reported(v[0] for v in blocks.values()), reported(v[1] for v in blocks.values()))
        assert (money(r.planned), money(r.executed)) == mine, n
        mine_counts = schedule_counts(inside[n], files[n])
        assert (r.programmed, r.finished, r.postponed) == mine_counts, n
        assert (r.errors > 0) == (files[n]["status"] == WITH_ERRORS), (n, r.errors)
        add(totals, "total", mine)
        counts = [a + b for a, b in zip(counts, mine_counts)]
    planned, executed = totals["total"]
    assert money(total.planned) == planned
    assert money(total.executed) == executed
    assert [total.programmed, total.finished, total.postponed] == counts
    assert total.progress == pytest.approx(counts[1] / counts[0])
    assert total.pct == pytest.approx(float(executed / planned))
    # a replaced file's amounts are nowhere, and they would have changed the total
    for view in ("projects", "progress", "blocks", "accounts"):
        frame = getattr(summary, view)
        present = set(map(name, frame.file.astype(str)))
        gone = {n for n, e in files.items() if not e["counts"] or e["status"] == OUTSIDE}
        assert not present & gone, (view, sorted(present & gone))
    for n, wb in replaced.items():
        to_date = [YEAR_LABELS[y] for y in range(1, semester_year(files[n]) + 1)]
        theirs = reported(wb.disbursement[wb.disbursement.year.isin(to_date)].planned)
        assert theirs and theirs != Decimal(0), n  # the older version holds money of its own
        newer = counted[files[n]["replaced_by"]]
        assert theirs != reported(newer.disbursement[newer.disbursement.year.isin(to_date)].planned), n


def test_errors_in_a_workbook_do_not_keep_its_money_out(portfolio, summary, counted):
    """The two workbooks with a total typed over are 'incluído com erros' and their inputs
    count (the summary adds inputs, never the wrong number typed in the total)."""
    st = summary.statement[summary.statement.report_semester == SEMESTER]
    total = {y: money(p) for c, y, p in zip(st.account, st.year, st.planned) if c == "TOTAL"}
    without = {}
    for n, wb in counted.items():
        entry = portfolio["files"][n]
        if entry["status"] == OUTSIDE or entry["status"] == WITH_ERRORS:
            continue
        for key, pair in expected_accounts(wb, entry).items():
            if key[0] == "TOTAL":
                add(without, key[1], pair)
    theirs = {}
    for n, e in portfolio["files"].items():
        if e["status"] == WITH_ERRORS:
            fin = counted[n].financial
            add(theirs, "Ano I", (reported(fin[(fin.level == "input") & (fin.year == "Ano I")].planned), None))
    assert theirs["Ano I"][0] and total["Ano I"] - without["Ano I"][0] == theirs["Ano I"][0]
    # and the number typed over the TOTAL GERAL is not what the summary took for that file
    row = summary.accounts[(summary.accounts.file.map(name) == "erro_total_geral.xlsx")
                           & (summary.accounts.account == "TOTAL") & (summary.accounts.year == "Ano I")]
    assert len(row) == 1 and money(row.planned.iloc[0]) != Decimal("1234567.89")
    fin = counted["erro_total_geral.xlsx"].financial
    assert money(row.planned.iloc[0]) == reported(fin[(fin.level == "input") & (fin.year == "Ano I")].planned)


# -- 3. the command line says the same -----------------------------------------------------
@pytest.fixture(scope="module")
def cli(portfolio, tmp_path_factory):
    out = tmp_path_factory.mktemp("saida")
    cmd = [sys.executable, "-m", "tcxl", "summarize", str(portfolio["folder"]), "-s", SEMESTER,
           "-o", str(out / "resumo.xlsx"), "--csv", str(out / "csv")]
    if hasattr(Summary, "to_json"):
        cmd += ["--json", str(out / "resumo.json")]
    t = time.perf_counter()
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    TIMES["cli"] = time.perf_counter() - t
    return {"proc": proc, "out": out}


def test_cli_exit_code_and_one_line_per_file_not_plainly_included(portfolio, cli):
    proc = cli["proc"]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-3000:])
    lines = proc.stderr.splitlines()
    for n, e in portfolio["files"].items():
        mine = [line for line in lines if re.search(rf"(^|[\s/]){re.escape(n)}:", line)]
        if e["status"] == UNREADABLE:
            assert len(mine) == 1 and mine[0].startswith("erro:") and re.search(r"TCX0\d\d", mine[0]), (n, mine)
        elif e["status"] == INCLUDED:
            assert not [line for line in mine if line.startswith("erro:")], (n, mine)
        elif e["status"] == NOT_PROADI:  # said once (as an error or a warning: the SPEC does not say)
            assert len(mine) == 1 and mine[0].startswith(("aviso:", "erro:")), (n, mine)
        else:  # replaced, outside, included with errors: said once, as a warning
            assert len(mine) == 1 and mine[0].startswith("aviso:"), (n, mine)
    foreign = {n for n, e in portfolio["files"].items() if e["status"] == NOT_PROADI}
    assert not [line for line in lines if line.startswith("erro:") and "TCX0" not in line
                and not any(n in line for n in foreign)], lines


def read_csv(path: Path) -> pd.DataFrame:
    assert path.exists(), f"{path.name} não foi gravado"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_cli_csv_tables_are_the_api_tables(cli, summary):
    folder = cli["out"] / "csv"
    assert cli["proc"].returncode in (0, 2), cli["proc"].stderr[-3000:]
    assert sorted(p.stem for p in folder.glob("*.csv")) == sorted(summary.tables())
    entregas = read_csv(folder / "entregas.csv")
    assert sorted(zip(map(name, entregas.file), entregas.status)) == sorted(
        zip(map(name, summary.deliveries.file), summary.deliveries.status))
    assert sorted(zip(map(name, entregas.file), entregas.reason)) == sorted(
        zip(map(name, summary.deliveries.file), summary.deliveries.reason))
    projetos = read_csv(folder / "projetos.csv")
    key = lambda f, p, *amounts: (name(f), p, *map(money, amounts))
    cols = ["file", "project", "planned", "executed"]
    assert sorted(key(*r) for r in projetos[cols].itertuples(index=False)) == sorted(
        key(*r) for r in summary.projects[cols].itertuples(index=False))
    assert projetos.programmed.astype(int).tolist() == summary.projects.programmed.tolist()
    totais = read_csv(folder / "totais.csv")
    assert money(totais.planned.iloc[0]) == money(summary.totals.planned.iloc[0])
    demo = read_csv(folder / "demonstrativo_consolidado.csv")
    cols = ["report_semester", "account", "year", "planned", "executed"]
    assert [(s, c, y, money(p), money(e)) for s, c, y, p, e in demo[cols].itertuples(index=False)] == \
        [(s, c, y, money(p), money(e)) for s, c, y, p, e in summary.statement[cols].itertuples(index=False)]
    blocos = read_csv(folder / "financeiro_blocos.csv")
    assert len(blocos) == len(summary.blocks)
    assert reported(blocos.planned) == reported(summary.blocks.planned)


JSON_NAMES = {"deliveries": "entregas", "projects": "projetos", "totals": "totais",
              "statement": "demonstrativo_consolidado"}


def tables_of(doc: dict) -> dict:
    """The JSON's tables under the API's names (``deliveries``) or the tables' (``entregas``,
    as ``Summary.tables()`` and the CSV files name them): either is the same document."""
    out = dict(doc)
    for api, table in JSON_NAMES.items():
        assert api in doc or table in doc, f"o JSON não tem a tabela {api!r} (nem {table!r}): {sorted(doc)}"
        out[api] = doc.get(api, doc.get(table))
    return out


def test_cli_json_is_the_api_tables(cli, summary):
    if not hasattr(Summary, "to_json"):
        pytest.skip("Summary.to_json() não existe ainda (tcxl/summary/portfolio.py): "
                    "'tcxl summarize --json' não pode ser conferido")
    path = cli["out"] / "resumo.json"
    assert path.exists(), cli["proc"].stderr[-3000:]
    doc = tables_of(json.loads(path.read_text(encoding="utf-8")))
    assert doc["semesters"] == [SEMESTER]
    assert sorted((name(d["file"]), d["status"]) for d in doc["deliveries"]) == sorted(
        zip(map(name, summary.deliveries.file), summary.deliveries.status))
    assert sorted((name(p["file"]), p["project"], money(p["planned"]), money(p["executed"]))
                  for p in doc["projects"]) == sorted(
        (name(f), p, money(a), money(b)) for f, p, a, b in summary.projects[
            ["file", "project", "planned", "executed"]].itertuples(index=False))
    assert [(t["report_semester"], t["projects"], money(t["planned"])) for t in doc["totals"]] == [
        (s, n, money(p)) for s, n, p in summary.totals[["report_semester", "projects", "planned"]].itertuples(index=False)]
    assert [(s["account"], s["year"], money(s["planned"]), money(s["executed"])) for s in doc["statement"]] == [
        (c, y, money(p), money(e)) for c, y, p, e in summary.statement[
            ["account", "year", "planned", "executed"]].itertuples(index=False)]
    # the API's own document is the same
    api = tables_of(json.loads(summary.to_json()))
    assert sorted((name(d["file"]), d["status"]) for d in api["deliveries"]) == sorted(
        (name(d["file"]), d["status"]) for d in doc["deliveries"])


def test_cli_workbook_has_the_deliveries_sheet(portfolio, cli, summary):
    path = cli["out"] / "resumo.xlsx"
    assert path.exists(), cli["proc"].stderr[-3000:]
    book = openpyxl.load_workbook(path, read_only=True)
    assert "Entregas" in book.sheetnames, f"a planilha consolidada não tem a aba Entregas: {book.sheetnames}"
    rows = [[c for c in row if c not in (None, "")] for row in book["Entregas"].iter_rows(values_only=True)]
    book.close()
    by_file = {}
    for row in rows:
        files = [c for c in row if isinstance(c, str) and (c in portfolio["files"] or name(c) in portfolio["files"])
                 and not c.startswith(REPLACED)]
        if files:  # the file's name and/or its path
            assert len({name(f) for f in files}) == 1, row
            assert name(files[0]) not in by_file, f"{files[0]} em mais de uma linha de Entregas"
            by_file[name(files[0])] = row
    assert sorted(by_file) == sorted(portfolio["files"]), "Entregas: uma linha por arquivo recebido"
    for d in summary.deliveries.itertuples():
        assert d.status in by_file[name(d.file)], (name(d.file), d.status, by_file[name(d.file)])


# -- 4. several semesters --------------------------------------------------------------------
@pytest.fixture(scope="module")
def earlier(portfolio) -> Summary:
    return tcxl.summarize(portfolio["folder"], "2025-2")


def test_two_semesters_give_each_semesters_rows(portfolio, summary, earlier):
    t = time.perf_counter()
    both = tcxl.summarize(portfolio["folder"], ["2025-2", SEMESTER])
    TIMES["two semesters"] = time.perf_counter() - t
    assert both.semesters == ["2025-2", SEMESTER]
    assert set(both.projects.report_semester) == {"2025-2", SEMESTER}
    for semester, single in (("2025-2", earlier), (SEMESTER, summary)):
        for view in ("projects", "totals", "progress", "blocks", "accounts", "statement"):
            frame = getattr(both, view)
            mine = plain(frame[frame.report_semester == semester])
            theirs = plain(getattr(single, view))
            assert len(mine) == len(theirs) and len(mine), (view, semester)
            pd.testing.assert_frame_equal(mine, theirs, check_dtype=False, obj=f"{view} {semester}")
        assert (both.totals.report_semester == semester).sum() == 1
    # a project that starts in 2026 is in the summary (2026-1) though outside 2025-2; the
    # finished and future ones are outside both
    status = dict(zip(map(name, both.deliveries.file), both.deliveries.status))
    assert status["projeto_10.xlsx"] == INCLUDED
    assert status["projeto_04.xlsx"] == status["projeto_09.xlsx"] == OUTSIDE
    single = dict(zip(map(name, earlier.deliveries.file), earlier.deliveries.status))
    assert single["projeto_10.xlsx"] == OUTSIDE
    assert "projeto_10.xlsx" not in set(map(name, both.projects[both.projects.report_semester == "2025-2"].file))


def test_every_frame_follows_the_vocabulary_and_holds_no_total_row(summary, earlier):
    """SPEC §2.1: each frame has the vocabulary's names and dtypes, no "Total" row inside
    (the totals are their own frame, equal to the sums of the project rows to the cent), and
    the frames of two runs concatenate into frames still filtered and grouped as one."""
    from tcxl.vocabulary import check_frame

    frames = summary.tables()
    assert set(frames) >= {"entregas", "projetos", "totais", "avanco_fisico", "financeiro_blocos",
                           "financeiro_contas", "demonstrativo_consolidado"}
    for table, frame in frames.items():
        assert check_frame(frame) == [], (table, check_frame(frame))
        for col in ("project", "block"):  # (account TOTAL is TOTAL GERAL: level "total", as SPEC §2.1 allows)
            if col in frame.columns:
                assert not frame[col].astype(str).str.fullmatch(r"(?i)total").any(), (table, col)
    assert "Total" not in set(summary.progress.block.astype(str)) and len(summary.progress)
    # the totals are the project rows' sums (to the cent), the counts as counts
    cents = lambda values: sum((money(v) or Decimal(0) for v in values), Decimal(0))  # noqa: E731
    (total,) = summary.totals.itertuples(index=False)
    assert cents(summary.projects.planned) == money(total.planned)
    assert cents(summary.projects.executed) == money(total.executed)
    assert total.projects == len(summary.projects) and total.programmed == summary.projects.programmed.sum()
    # level: the input rows add up to everything, without overlap
    for frame in (summary.accounts, summary.statement):
        inputs = frame[(frame.level == "input") & (frame.year != "Acumulado")]
        totals = frame[(frame.account == "TOTAL") & (frame.year != "Acumulado")]
        assert set(totals.level) == {"total"}
        assert cents(inputs.planned) == cents(totals.planned)
    blocks = summary.blocks
    assert set(blocks[blocks.year == "Acumulado"].level) == {"subtotal"}
    assert set(blocks[blocks.year != "Acumulado"].level) == {"input"}
    # two runs, one frame: the semester and the vocabulary's categories stay usable
    both = pd.concat([earlier.projects, summary.projects], ignore_index=True)
    assert both.groupby("report_semester").size().to_dict() == {
        "2025-2": len(earlier.projects), SEMESTER: len(summary.projects)}
    assert both[both.report_semester == SEMESTER].planned.sum() == pytest.approx(summary.projects.planned.sum())
    accounts = pd.concat([earlier.statement, summary.statement], ignore_index=True)
    assert isinstance(accounts.year.dtype, pd.CategoricalDtype) and accounts.year.dtype.ordered
    assert isinstance(accounts.account.dtype, pd.CategoricalDtype) and isinstance(accounts.level.dtype,
                                                                                  pd.CategoricalDtype)
    # each run's own categories (report_semester) become text through concat; the fixed ones stay
    assert check_frame(accounts.drop(columns=["report_semester"])) == []
    assert str(accounts.report_semester.dtype) == "str"
    assert accounts.sort_values("year").year.iloc[-1] == "Acumulado"


def test_the_evolution_sheet_shows_each_single_semester_run(portfolio, summary, tmp_path):
    """`Evolução` of a two-semester workbook: per project, % avanço and % execução of each
    semester as that semester's own run computes them."""
    both = tcxl.summarize(portfolio["folder"], ["2025-2", SEMESTER])
    book = openpyxl.load_workbook(tcxl.write_summary(both, tmp_path / "evolucao.xlsx"), read_only=True)
    rows = list(book["Evolução"].iter_rows(values_only=True))
    book.close()
    header = list(rows[1])
    shown = {row[header.index("Arquivo")]: row for row in rows[2:] if row[header.index("Arquivo")]}
    for semester, single in (("2025-2", tcxl.summarize(portfolio["folder"], "2025-2")), (SEMESTER, summary)):
        p = single.projects
        for file, avanco, execucao in zip(p.file, p.progress, p.pct):
            row = shown[file]
            for label, value in ((f"% avanço {semester}", avanco), (f"% execução {semester}", execucao)):
                cell = row[header.index(label)]
                if value != value:  # NaN: nothing to show
                    assert cell in (None, "", "—"), (file, label, cell)
                else:
                    assert cell == pytest.approx(value, abs=1e-9), (file, label, cell, value)


def test_timings(portfolio, summary, cli):
    print("\ntempos: " + ", ".join(f"{k} {v:.1f} s" for k, v in TIMES.items()))
    assert TIMES["summarize"] < 60


def test_the_cover_figures_are_the_included_projects_sums(portfolio, cli, counted):
    """`Resumo`'s money per year and to date, read from the workbook the CLI wrote, equals the
    sum of the included projects' disbursement, computed here from read_workbook."""
    expected: dict = {}
    for n, wb in counted.items():
        entry = portfolio["files"][n]
        if entry["status"] != OUTSIDE:
            for (_, year), pair in expected_blocks(wb, entry).items():
                add(expected, year, pair)
    book = openpyxl.load_workbook(cli["out"] / "resumo.xlsx", read_only=True)
    cover = [[c for c in row if c not in (None, "")] for row in book["Resumo"].iter_rows(values_only=True)]
    book.close()
    found = {}
    for row in cover:  # the cover's tables sit side by side: the year's label, then its amounts
        for i, label in enumerate(row):
            if isinstance(label, str) and (label in expected or label.startswith("Acumulado até")):
                numbers = [c for c in row[i + 1:i + 3] if isinstance(c, (int, float))]
                if len(numbers) == 2:
                    found["Acumulado" if label.startswith("Acumulado") else label] = tuple(map(money, numbers))
    assert set(found) >= {"Ano I", "Acumulado"}, cover
    for year, (previsto, executado) in found.items():
        assert (previsto, executado) == tuple(v or Decimal(0) for v in expected[year]), year
