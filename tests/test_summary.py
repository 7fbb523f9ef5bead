"""tcxl summarize: the TC-60 2017 report's counts, consolidation of many projects, outputs."""
from __future__ import annotations

import random
import re
import zipfile
from decimal import Decimal

import pandas as pd
import pytest
from click.testing import CliRunner

import tcxl
from conftest import SAMPLES, require_libreoffice
from test_cli import run_tcxl
from tcxl import libreoffice
from tcxl.cli import main
from tcxl.read import read_workbook

TC60 = SAMPLES / "tc60_2017.xlsx"


def counts(summary) -> list[tuple]:
    """Per result, then the project's total (its row of ``projects``: no Total row in ``progress``)."""
    p, q = summary.progress, summary.projects
    return [(r, a, b, c) for r, a, b, c in zip(p.block, p.programmed, p.finished, p.postponed)] + \
        [("Total", a, b, c) for a, b, c in zip(q.programmed, q.finished, q.postponed)]


def test_tc60_sample_is_in_sync_with_its_spec_and_marks(tmp_path):
    base = tcxl.build_workbook(tcxl.Project.from_file(SAMPLES / "tc60_2017.yaml"), tmp_path / "b.xlsx")
    fresh = tcxl.fill(base, tcxl.filling.load_values(SAMPLES / "tc60_2017_realizado.json"), tmp_path / "f.xlsx")
    same = lambda wb: wb.schedule.drop(columns="file", errors="ignore")  # noqa: E731  (the file differs, by name)
    assert same(read_workbook(fresh)).equals(same(read_workbook(TC60)))


def test_tc60_first_semester():
    s = tcxl.summarize([TC60], semester="2017-1")
    assert counts(s) == [("1", 2, 2, 0), ("2", 0, 0, 0), ("3", 2, 2, 0), ("4", 0, 0, 0), ("5", 1, 1, 0),
                         ("6", 0, 0, 0), ("Total", 5, 5, 0)]
    pct = s.progress.progress.tolist()
    assert s.projects.progress.iloc[0] == s.totals.progress.iloc[0] == 1.0  # total from the counts: 5 / 5
    assert [p for p in pct if p == p and p is not None] == [1.0, 1.0, 1.0]  # empty where nothing programmed
    assert set(s.progress.alert) == {""}
    # the report prints 50% for the total: the mean of the per-result percentages, with
    # the results that programmed nothing counted as 0% — not the share of actions done
    report_row = [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    assert sum(report_row) / len(report_row) == 0.5
    assert s.progress.period.iloc[0] == "Ano I/1º Sem" and s.progress.calendar.iloc[0] == "2017-1"


def test_tc60_second_semester_flags_unplanned_actions():
    s = tcxl.summarize([TC60], semester="Ano I/2º Sem")
    assert counts(s) == [("1", 2, 2, 0), ("2", 0, 1, 0), ("3", 2, 2, 0), ("4", 0, 0, 0), ("5", 0, 1, 0),
                         ("6", 0, 0, 0), ("Total", 4, 6, 0)]
    flagged = s.progress[s.progress.alert != ""].block.tolist()
    assert flagged == ["2", "5"] and s.projects.alert.iloc[0] != "" and s.totals.alert.iloc[0] != ""
    assert s.projects.progress.iloc[0] == s.totals.progress.iloc[0] == 1.5
    assert s.progress.calendar.iloc[0] == "2017-2"


def _random_project(i: int, rng: random.Random) -> tcxl.Project:
    results = []
    for m in range(1, rng.randint(1, 4) + 1):
        acts = [{"semesters": rng.sample(range(1, 7), rng.randint(0, 3)),
                 "planned": [round(rng.uniform(0, 50000), 2) for _ in range(3)]} for _ in range(rng.randint(1, 5))]
        results.append({"description": f"Resultado {m} do projeto {i}", "activities": acts})
    return tcxl.Project.from_dict({"title": f"Projeto {i:02}", "start": f"{2024 + i % 2}-01-01", "results": results,
                                   "monitoring": [{"semesters": [1, 2], "planned": [1000, 1000, 1000]}],
                                   "financial": {"1.2": [round(rng.uniform(0, 90000), 2), 5, 0.05]}})


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    rng = random.Random(20)
    folder, base = tmp_path_factory.mktemp("vinte"), tmp_path_factory.mktemp("base")
    for i in range(20):
        project = _random_project(i, rng)
        path = tcxl.build_workbook(project, base / f"p{i:02}.xlsx")
        wb = read_workbook(path)
        dis = wb.disbursement.copy()
        dis["executed"] = [round(p * rng.uniform(0, 1.1), 2) for p in dis.planned]
        sch = wb.schedule[wb.schedule.scheduled].copy()
        sch["status"] = [rng.choice(["X", "P", "A", "C", None]) for _ in range(len(sch))]
        values = {"disbursement": dis[["activity", "year", "executed"]],
                  "schedule": sch[["activity", "year", "semester", "status"]],
                  "financial": [{"account": "1.2", "year": 1, "executed": round(rng.uniform(0, 1000), 2)}]}
        tcxl.fill(path, values, folder / f"p{i:02}.xlsx")
    return folder


def test_twenty_projects_totals_are_sums_of_the_projects(twenty):
    s = tcxl.summarize([twenty], semester="Ano I/2º Sem", jobs=2)
    rows, (total,) = s.projects, [r for _, r in s.totals.iterrows()]
    assert len(rows) == 20 and total.projects == 20 and "Total" not in set(rows.project)
    for col in ("programmed", "finished", "postponed"):
        assert total[col] == rows[col].sum()
        assert total[col] == s.progress[col].sum()  # the results of every project
    # an amount nobody reported is NaN (shown as '—'): it adds nothing
    cents = lambda v: Decimal(0) if v != v else Decimal(str(v)).quantize(Decimal("0.01"))  # noqa: E731
    for col in ("planned", "executed"):
        assert cents(total[col]) == sum(cents(v) for v in rows[col])
        acc = s.blocks[s.blocks.year == "Acumulado"]
        assert cents(total[col]) == sum(cents(v) for v in acc[col])
    # per project, the summary's money equals the workbook read back
    one = read_workbook(twenty / "p03.xlsx").disbursement
    row = rows[rows.file.astype(str).str.endswith("p03.xlsx")].iloc[0]
    assert cents(row.planned) == cents(one[one.year.astype(str).isin(["1", "Ano I"])].planned.sum())
    assert s.projects.period.iloc[0] == "Ano I/2º Sem"
    assert set(s.projects.calendar) == {"2024-2", "2025-2"}


def test_project_with_errors_is_summarized_and_flagged(tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(TC60)
    ws = book["Identificação"]
    ws["B14"] = "11.222.333/0001-80"
    book.save(tmp_path / "erro.xlsx")
    s = tcxl.summarize([tmp_path / "erro.xlsx"], semester="2017-1")
    assert s.projects.errors.iloc[0] == 1 and counts(s)[-1] == ("Total", 5, 5, 0)


def test_cli_outputs_workbook_csv_parquet_and_pdf(tmp_path, twenty):
    out = tmp_path / "resumo.xlsx"
    result = CliRunner().invoke(main, ["summarize", str(TC60), str(twenty / "p01.xlsx"), "--semester", "2017-2",
                                       "-o", str(out), "--csv", str(tmp_path / "csv"),
                                       "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert "fora do período" in result.stderr  # p01 does not run in 2017
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
    assert "xl/charts/chart1.xml" in names  # % avanço per result (TC-60 reports no money: no % execução chart)
    direct = tcxl.summarize([TC60], semester="2017-2")
    for name, frame in direct.tables().items():
        from_csv = pd.read_csv(tmp_path / "csv" / f"{name}.csv")
        from_parquet = pd.read_parquet(tmp_path / "pq" / f"{name}.parquet")
        for col in ("programmed", "finished", "planned", "executed", "progress"):
            if col in frame.columns:  # NaN (nothing reported) compared as equal to NaN
                assert from_csv[col].equals(frame[col]) or \
                    from_csv[col].fillna(-1).tolist() == frame[col].fillna(-1).tolist(), (name, col)
                assert from_parquet[col].fillna(-1).tolist() == frame[col].fillna(-1).tolist(), (name, col)
    sheets = pd.read_excel(out, sheet_name=None, header=1)
    assert list(sheets) == ["Resumo", "Entregas", "Projetos", "Demonstrativo consolidado", "Avanço físico",
                            "Dados - projetos", "Dados - avanço físico", "Dados - demonstrativo", "Gráficos - dados"]
    assert sheets["Dados - avanço físico"]["Ações finalizadas"].tolist() == [2, 1, 2, 0, 1, 0]  # no Total row
    assert sheets["Avanço físico"]["Ações finalizadas"].dropna().tolist() == [6, 6]  # the project, the total


def test_consolidated_workbook_converts_to_pdf(tmp_path):
    require_libreoffice()
    s = tcxl.summarize([TC60], semester="2017-1")
    out = tcxl.write_summary(s, tmp_path / "in" / "resumo.xlsx")
    pdf = libreoffice.convert(out, tmp_path / "pdf", "pdf")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    # Resumo, Entregas, Projetos, Demonstrativo consolidado, Avanço físico (and its chart);
    # the long data sheets (the 164 account rows) are not printed
    assert 5 <= pages <= 7, pages


def test_semester_outside_every_project_is_one_clear_line(tmp_path):
    result = CliRunner().invoke(main, ["summarize", str(TC60), "--semester", "2030-1", "-o", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0 and "fora do período" in result.stderr


def test_a_view_past_the_sheet_row_limit_continues_on_numbered_sheets(tmp_path, twenty):
    import openpyxl

    s = tcxl.summarize([twenty / "p00.xlsx", twenty / "p02.xlsx"], semester="Ano I/2º Sem")
    accounts = len(s.accounts)
    assert accounts > 200
    out = tcxl.write_summary(s, tmp_path / "resumo.xlsx", rows_per_sheet=100,  # as if Excel had 102 rows
                             long_tables=True)
    book = openpyxl.load_workbook(out, read_only=True)
    parts = [n for n in book.sheetnames if n.startswith("Dados - fin. por conta")]
    assert parts == ["Dados - fin. por conta", "Dados - fin. por conta (2)", "Dados - fin. por conta (3)"]
    rows = []
    for name in parts:
        sheet = list(book[name].iter_rows(values_only=True))
        assert sheet[0][0].startswith(f"{name} — resumo semestral Ano I/2º Sem")
        assert sheet[1][:4] == ("Semestre do relatório", "Projeto", "Conta", "Rubrica")  # headers on every part
        assert len(sheet) - 2 <= 100
        rows += sheet[2:]
    book.close()
    assert len(rows) == accounts  # no row lost
    assert [r[2] for r in rows] == s.accounts.account.tolist()
    cents = lambda values: [None if v in ("—", None) or v != v else Decimal(str(v)).quantize(Decimal("0.01"))  # noqa: E731
                            for v in values]
    assert cents(r[6] for r in rows) == cents(s.accounts.planned) and any(cents(s.accounts.planned))
    with zipfile.ZipFile(out) as zf:  # % execução of the 2 projects, % avanço per result: none on the data sheets
        assert len([n for n in zf.namelist() if n.startswith("xl/charts/chart")]) == 2


def test_summarize_refuses_an_invalid_semester_before_reading(tmp_path):
    out = tmp_path / "resumo.xlsx"
    proc = run_tcxl("summarize", tmp_path / "nao_existe.xlsx", "--semester", "2025-3", "-o", out)
    assert proc.returncode == 2 and not out.exists()
    (line,) = proc.stderr.strip().splitlines()
    assert line == ("erro: valor inválido para --semester/-s: semestre inválido: '2025-3' "
                    "(use 2025-1, 2025-2 ou 'Ano II/1º Sem')")


def test_a_summary_shows_a_dash_for_what_nobody_reported(sample_xlsx, tmp_path):
    """Nothing executed typed yet: 'Executado' is '—' (was R$ 0,00 / 0,0 %), and NaN in the
    tidy tables; once amounts are typed, they show."""
    import openpyxl

    from conftest import SAMPLES

    out = tmp_path / "resumo.xlsx"
    assert run_tcxl("summarize", sample_xlsx, "--semester", "2025-1", "-o", out, "--csv", tmp_path / "csv").returncode == 0
    ws = openpyxl.load_workbook(out)["Projetos"]
    header = [c.value for c in ws[2]]
    first = {h: c.value for h, c in zip(header, ws[3])}
    assert first["Previsto acumulado (R$)"] > 0
    assert first["Executado acumulado (R$)"] == "—" and first["% execução"] == "—"
    import pandas as pd

    assert pd.read_csv(tmp_path / "csv" / "projetos.csv").executed.isna().all()
    filled = tmp_path / "executado.xlsx"
    assert run_tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    assert run_tcxl("summarize", filled, "--semester", "2025-1", "-o", tmp_path / "r2.xlsx").returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "r2.xlsx")["Projetos"]
    first = {h: c.value for h, c in zip(header, ws[3])}
    assert isinstance(first["Executado acumulado (R$)"], float) and first["Executado acumulado (R$)"] > 0


def test_summary_chart_axis_starts_at_zero_and_periods_read_as_typed(sample_xlsx, tmp_path):
    """The Previsto × Executado chart's value axis started at R$ 490.000 (90 % looked like a
    third); 'Semestre civil' showed 2025/2 for --semester 2025-2."""
    import re
    import zipfile

    import openpyxl

    from conftest import SAMPLES

    filled = tmp_path / "executado.xlsx"
    assert run_tcxl("fill", sample_xlsx, "--data", SAMPLES / "valores_executados.json", "-o", filled).returncode == 0
    out = tmp_path / "resumo.xlsx"
    assert run_tcxl("summarize", filled, "--semester", "2025-2", "-o", out).returncode == 0
    with zipfile.ZipFile(out) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    for chart in charts:  # every value axis scaled from zero
        value_axes = re.findall(r"<c:valAx>.*?</c:valAx>", chart, re.S)
        assert value_axes and all('<c:min val="0"/>' in axis for axis in value_axes)
    ws = openpyxl.load_workbook(out)["Projetos"]
    header = [c.value for c in ws[2]]
    assert ws.cell(3, header.index("Semestre civil") + 1).value == "2025-2"
