"""`tcxl diff`: years close by the NEW workbook's Data (or --date), and every Executado change
is reported: an error when its year had closed, information otherwise."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import openpyxl
import pytest

import tcxl
from analyst import row_of
from sheets import find_cell, find_row, group_columns
from test_cli import tcxl_cmd

FIN, DIS, INFO = "Execução Financeira", "Cronograma de Desembolso", "Identificação"
ACCOUNT = "1.2 Salários e Encargos"
BEFORE, AFTER = 183273.14, 150000.00  # A1.1's Executado of Ano I, rewritten
ACCOUNT_BEFORE, ACCOUNT_AFTER = 103343.86, 99000.00  # account 1.2's Executado of Ano I, rewritten


def tcxl_run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*tcxl_cmd(), *map(str, args)], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def approved(tmp_path_factory, sample_xlsx):
    """The sample with Ano I executed, its Data (2024-11-29) before the project began."""
    values = {
        "disbursement": [{"activity": "A1.1", "year": 1, "executed": BEFORE}],
        "financial": [{"code": "1.2", "year": 1, "executed": ACCOUNT_BEFORE}],
    }
    out = tcxl.fill(sample_xlsx, values, tmp_path_factory.mktemp("aprovado") / "aprovado.xlsx")
    assert tcxl.read_workbook(out).report_date() == dt.date(2024, 11, 29)
    return out


def replanned(approved, folder, date: dt.datetime | None, rewrite: bool = True):
    """A copy an analyst edited: Ano I Executado of A1.1 and of account 1.2 rewritten, Data set."""
    book = openpyxl.load_workbook(approved)
    dis, fin, info = book[DIS], book[FIN], book[INFO]
    if rewrite:
        _rewrite(dis, fin)
    label = find_cell(info, "Data:")
    info.cell(label.row, label.column + 1).value = date
    out = folder / f"{'nova' if rewrite else 'data'}_{date.date() if date else 'sem_data'}.xlsx"
    book.save(out)
    return out


def _rewrite(dis, fin) -> None:
    dis[f"{group_columns(dis, 'Ano I (R$)', ('Previsto', 'Executado'))['Executado']}{row_of(dis, 'A1.1')}"] = AFTER
    fin[f"{group_columns(fin, 'Ano I', ('Previsão', 'Executado', '%'))['Executado']}{find_row(fin, ACCOUNT)}"] = (
        ACCOUNT_AFTER
    )


def executed(frame) -> dict:
    """(kind, severity, item, year) -> (old_amount, new_amount) of the Executado changes;
    their ``old``/``new`` text states the same amounts to the cent."""
    rows = frame[frame.field == "executed"]
    for r in rows.itertuples():
        assert (r.old, r.new) == (f"{r.old_amount:.2f}", f"{r.new_amount:.2f}"), r
    return {(r.kind, r.severity, r.item, r.year): (r.old_amount, r.new_amount) for r in rows.itertuples()}


CLOSED = {
    ("executado_fechado", "error", "A1.1", "Ano I"): (BEFORE, AFTER),
    ("executado_fechado", "error", "1.2", "Ano I"): (ACCOUNT_BEFORE, ACCOUNT_AFTER),
}
OPEN = {
    ("executado_alterado", "info", "A1.1", "Ano I"): (BEFORE, AFTER),
    ("executado_alterado", "info", "1.2", "Ano I"): (ACCOUNT_BEFORE, ACCOUNT_AFTER),
}


def test_the_new_workbooks_data_closes_ano_i(approved, tmp_path):
    """The old Data (2024) is before Ano I ended; the new one (2026) after: errors, by default."""
    new = replanned(approved, tmp_path, dt.datetime(2026, 3, 10))
    frame = tcxl.diff(approved, new)
    assert executed(frame) == CLOSED
    message = frame[(frame.kind == "executado_fechado") & (frame.item == "A1.1")].message.item()
    assert message == ("A1.1, Ano I: o Executado de um ano já encerrado mudou de R$ 183.273,14 para R$ 150.000,00")


def test_a_change_during_ano_i_is_information(approved, tmp_path):
    new = replanned(approved, tmp_path, dt.datetime(2025, 9, 30))
    frame = tcxl.diff(approved, new)
    assert executed(frame) == OPEN
    assert (frame.severity == "error").sum() == 0
    message = frame[(frame.kind == "executado_alterado") & (frame.item == "A1.1")].message.item()
    assert message == "A1.1, Ano I: Executado de R$ 183.273,14 para R$ 150.000,00"


def test_the_date_argument_overrides_the_data(approved, tmp_path):
    during, after = (replanned(approved, tmp_path, dt.datetime(y, m, d)) for y, m, d in ((2025, 9, 30), (2026, 3, 10)))
    assert executed(tcxl.diff(approved, during, date=dt.date(2026, 1, 1))) == CLOSED  # Ano II began: closed
    assert executed(tcxl.diff(approved, after, date=dt.date(2025, 12, 31))) == OPEN
    # the old workbook's Data never decides: an old version dated after Ano I, a new one during it
    back = replanned(approved, tmp_path, dt.datetime(2025, 9, 30), rewrite=False)
    assert executed(tcxl.diff(after, back)) == {
        (kind, severity, item, year): (new, old) for (kind, severity, item, year), (old, new) in OPEN.items()
    }


def test_no_data_in_the_new_workbook_means_today(approved, tmp_path):
    new = replanned(approved, tmp_path, None)
    assert tcxl.read_workbook(new).report_date() is None
    assert executed(tcxl.diff(approved, new)) == (CLOSED if dt.date.today() >= dt.date(2026, 1, 1) else OPEN)


def _cli(old, new, *more) -> tuple[int, dict]:
    proc = tcxl_run("diff", old, new, "--format", "json", *more)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    changes = [c for c in doc["changes"] if c["field"] == "executed"]
    for c in changes:
        assert (c["old"], c["new"]) == (f"{c['old_amount']:.2f}", f"{c['new_amount']:.2f}"), c
    rows = {
        (c["kind"], c["severity"], c["item"], c["year"]): (c["old_amount"], c["new_amount"])
        for c in changes
    }
    return doc["summary"]["errors"], rows


def test_the_cli_by_data_and_by_date(approved, tmp_path):
    after = replanned(approved, tmp_path, dt.datetime(2026, 3, 10))
    during = replanned(approved, tmp_path, dt.datetime(2025, 9, 30))
    assert _cli(approved, after) == (2, CLOSED)
    assert _cli(approved, during) == (0, OPEN)
    assert _cli(approved, during, "--date", "2026-01-01") == (2, CLOSED)
    assert _cli(approved, after, "--date", "31/12/2025") == (0, OPEN)
    proc = tcxl_run("diff", approved, during)
    assert proc.returncode == 1
    assert "mudança executado_alterado: A1.1, Ano I: Executado de R$ 183.273,14 para R$ 150.000,00" in proc.stdout


def test_the_diff_workbook_shows_open_period_executado_changes(approved, tmp_path):
    """`tcxl diff -o`: an Executado rewritten while its year is open has its own sheet."""
    import openpyxl

    new = replanned(approved, tmp_path, dt.datetime(2025, 9, 30))
    out = tmp_path / "diff.xlsx"
    proc = tcxl_run("diff", str(approved), str(new), "-o", str(out))
    assert proc.returncode in (0, 1) and "0 erro(s)" in proc.stderr, proc.stderr  # 1: there are changes
    ws = openpyxl.load_workbook(out)["Executado"]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "A1.1" in texts and any("183.273,14" in t or "183273.14" in t for t in texts)
