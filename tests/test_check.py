"""tcxl.check: one analyst-like edit per check code on the clean sample, exact finding."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

import tcxl
from analyst import copy_formulas, delete_rows, insert_rows, row_of
from sheets import find_cell, find_row, group_columns
from test_cli import run_tcxl

FIN, DIS, SCH, MAT, INFO = ("Execução Financeira", "Cronograma de Desembolso", "Cronograma de Atividades",
                            "Matriz de Planejamento", "Identificação")


def edit(sample_xlsx: Path, tmp_path: Path, change) -> tcxl.Report:
    """Apply ``change(book)`` with openpyxl, save a copy and check it."""
    book = openpyxl.load_workbook(sample_xlsx)
    change(book)
    out = tmp_path / "editado.xlsx"
    book.save(out)
    return tcxl.check(out, today=dt.date(2026, 11, 22))


def found(report) -> set[tuple[str, str, str, str]]:
    return {(f.code, f.severity, f.sheet, f.cell) for f in report.findings}


def fin_cell(book, label: str, year: str, field: str) -> str:
    ws = book[FIN]
    return f"{group_columns(ws, year, ('Previsão', 'Executado', '%'))[field]}{find_row(ws, label)}"


def dis_cell(book, code: str, year: str, field: str) -> str:
    ws = book[DIS]
    return f"{group_columns(ws, year, ('Previsto', 'Executado'))[field]}{row_of(ws, code)}"


@pytest.fixture(scope="module")
def cells(sample_xlsx):
    book = openpyxl.load_workbook(sample_xlsx)
    ws = book[DIS]
    totals = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Total (R$)"]
    ano1 = group_columns(ws, "Ano I (R$)", ("Previsto", "Executado"))
    return {
        "1.3 Ano I": fin_cell(book, "1.3 Serviços de Terceiros", "Ano I", "Previsão"),
        "1.2 % Ano I": fin_cell(book, "1.2 Salários e Encargos", "Ano I", "%"),
        "1.2 exec Ano II": fin_cell(book, "1.2 Salários e Encargos", "Ano II", "Executado"),
        "1.5 exec Ano I": fin_cell(book, "1.5 Medicamentos", "Ano I", "Executado"),
        "TOTAL T": fin_cell(book, "TOTAL GERAL (1+2+3+4)", "Total Triênio", "Previsão"),
        "PCT3 Ano I": fin_cell(book, "% Custos Indiretos de Apoio e Administração/Custo Geral [3 / (1+2+3+4)]",
                               "Ano I", "Previsão"),
        "3 Ano I": fin_cell(book, "3. CUSTOS INDIRETOS TRANSFERIDOS DE APOIO E ADMINISTRAÇÃO", "Ano I", "Previsão"),
        "A1.1 Ano I": dis_cell(book, "A1.1", "Ano I (R$)", "Previsto"),
        "A1.1 exec Ano I": dis_cell(book, "A1.1", "Ano I (R$)", "Executado"),
        "block1 total Ano I": f"{ano1['Previsto']}{totals[0]}",
        "block1 total exec Ano I": f"{ano1['Executado']}{totals[0]}",
        "CI total Ano I": f"{ano1['Previsto']}{totals[-1]}",
        "summary total": f"C{find_row(ws, 'Total dos Recursos Despendidos', exact=False)}",
        "summary 1": f"C{find_row(ws, '1. Desembolso Total', exact=False)}",
        "B.2.2": f"B{find_row(book[INFO], '2.2. Valor total do Projeto')}",
        "CNPJ": f"B{find_row(book[INFO], 'CNPJ:')}",
        "CEP": f"B{find_row(book[INFO], 'CEP:')}",
        "start": f"B{find_row(book[INFO], '2.3. Período de execução')}",
        "end": f"C{find_row(book[INFO], '2.3. Período de execução')}",
        "A2.4 code": f"A{row_of(ws, 'A2.4')}",
    }


def test_clean_sample_and_blank_template_have_no_findings(sample_xlsx, blank_xlsx):
    for path in (sample_xlsx, blank_xlsx):
        report = tcxl.check(path, today=dt.date(2026, 11, 22))
        assert report.findings == [] and report.ok


def test_total_overwritten_by_a_number(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[FIN].__setitem__(cells["1.3 Ano I"], 12345))
    # one wrong number, one finding: at that cell, saying what it shows and what is right
    (f201,) = report.findings
    assert (f201.code, f201.severity, f201.sheet, f201.cell) == ("TCX201", "error", FIN, cells["1.3 Ano I"])
    assert re.fullmatch(r"=SUM\(B\d+:B\d+\)", f201.expected) and f201.found == "12345"
    assert "=SOMA(" in f201.message and "contém o valor fixo R$ 12.345,00 (o valor certo" in f201.message
    assert "12345" not in f201.message  # the stored form stays in found; the message speaks pt-BR
    assert "o valor certo pelas células de origem é R$ " in f201.message
    assert not report.ok


def test_row_inserted_just_above_a_block_total_is_taken_in(sample_xlsx, tmp_path, cells):
    """The built block total runs to the row above itself (``INDEX(C:C,ROW()-1)``): a row an
    analyst inserts just above ``Total (R$)`` with only its inputs typed is counted, its own
    missing totals are one warning for the row, and tcxl computes them."""
    def change(book):
        ws = book[DIS]
        at = row_of(ws, "Total (R$)")
        insert_rows(ws, at)
        ws.cell(at, 1, "A1.5")
        ws.cell(at, 3, 1000)
    report = edit(sample_xlsx, tmp_path, change)
    total = cells["block1 total Ano I"]
    new_row = int(total[1:])
    assert [f for f in report.findings if f.severity == "error"] == []
    (row,) = [f for f in report.findings if f.code == "TCX206"]
    assert (row.severity, row.sheet, row.cell.split(":")[0][1:]) == ("warning", DIS, str(new_row))
    assert "A1.5" in row.message and "Desproteger" in row.message
    assert "=SUM(" in row.expected and row.found == ""
    wb = tcxl.read_workbook(tmp_path / "editado.xlsx")
    a15 = wb.disbursement[wb.disbursement.activity == "A1.5"]
    assert a15.set_index("year").planned.to_dict()["Ano I"] == 1000
    assert {"TCX401", "TCX402"} <= {x.code for x in report.findings}  # only in one schedule


def test_row_inserted_just_below_a_plain_sum_is_left_out(sample_xlsx, tmp_path, cells):
    """A block total written the plain way, as hand-made workbooks do (``SUM(C11:C13)``),
    does not take in a row inserted just above it: TCX202 names the row left out."""
    total = cells["block1 total Ano I"]
    col, at = total[0], int(total[1:])

    def change(book):
        ws = book[DIS]
        first = row_of(ws, "A1.1")
        ws[total] = f"=SUM({col}{first}:{col}{at - 1})"
        insert_rows(ws, at)
        ws.cell(at, 1, "A1.5")
        ws.cell(at, 3, 1000)
    report = edit(sample_xlsx, tmp_path, change)
    moved = f"{col}{at + 1}"
    f = next(f for f in report.findings if f.cell == moved)
    assert (f.code, f.severity, f.sheet) == ("TCX202", "error", DIS)
    assert "deixa de fora A1.5" in f.message  # names the row left out (the new one)


def test_row_inserted_inside_the_range_is_fine(sample_xlsx, tmp_path):
    def change(book):
        for name, n in ((DIS, 1), (SCH, 2)):
            ws = book[name]
            at = row_of(ws, "A1.3")
            insert_rows(ws, at, n)
            ws.cell(at, 1, "A1.5")
            copy_formulas(ws, at + n, at)  # the analyst copied the row below, formulas and all
        # the matrix does not list A1.5: that is the only finding
    report = edit(sample_xlsx, tmp_path, change)
    assert {f.code for f in report.findings} == {"TCX402"}


def test_percent_typed_over(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[FIN].__setitem__(cells["1.2 % Ano I"], 0.5))
    assert found(report) == {("TCX201", "error", FIN, cells["1.2 % Ano I"])}
    assert "50,0%" in report.findings[0].message


def _set_cached_error(path: Path, sheet_index: int, cell: str, error: str) -> None:
    """Rewrite one formula cell's stored result as an error value, as Excel stores it."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                text = data.decode()
                text, n = re.subn(rf'<c r="{cell}"( s="\d+")?>(<f>[^<]*</f>)<v>[^<]*</v></c>',
                                  rf'<c r="{cell}"\1 t="e">\2<v>{error}</v></c>', text)
                assert n == 1
                data = text.encode()
            dst.writestr(item, data)
    tmp.replace(path)


def test_cached_ref_error(sample_xlsx, tmp_path, cells):
    path = tmp_path / "ref.xlsx"
    shutil.copy(sample_xlsx, path)
    _set_cached_error(path, 5, cells["1.3 Ano I"], "#REF!")
    report = tcxl.check(path)
    assert found(report) == {("TCX204", "error", FIN, cells["1.3 Ano I"])}
    assert report.findings[0].found == "#REF!"


def test_formula_with_ref_error_text(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[FIN].__setitem__(cells["1.3 Ano I"], "=SUM(#REF!)"))
    assert found(report) == {("TCX204", "error", FIN, cells["1.3 Ano I"])}


def test_total_formula_one_row_off(sample_xlsx, tmp_path, cells):
    col, row = cells["1.3 Ano I"][0], int(cells["1.3 Ano I"][1:])
    report = edit(sample_xlsx, tmp_path,
                  lambda b: b[FIN].__setitem__(cells["1.3 Ano I"], f"=SUM({col}{row + 2}:{col}{row + 6})"))
    (f,) = report.findings
    assert (f.code, f.severity, f.sheet, f.cell) == ("TCX203", "error", FIN, cells["1.3 Ano I"])
    assert f.expected == f"=SUM({col}{row + 1}:{col}{row + 5})"
    assert f"=SOMA({col}{row + 2}:{col}{row + 6})" in f.message


def test_percent_without_zero_guard(sample_xlsx, tmp_path, cells):
    col_e = cells["1.2 % Ano I"]
    row = col_e[1:]
    report = edit(sample_xlsx, tmp_path, lambda b: b[FIN].__setitem__(col_e, f"=C{row}/B{row}"))
    assert found(report) == {("TCX205", "warning", FIN, col_e)}


def test_trienio_and_summary_and_indirect_share_constants(sample_xlsx, tmp_path, cells):
    def change(book):
        book[FIN][cells["TOTAL T"]] = 1
        book[FIN][cells["PCT3 Ano I"]] = 0.5
        book[DIS][cells["summary 1"]] = 2
    report = edit(sample_xlsx, tmp_path, change)
    # each typed cell is one finding; nothing else (the totals around them are intact formulas)
    assert found(report) == {("TCX201", "error", FIN, cells["TOTAL T"]), ("TCX201", "error", FIN, cells["PCT3 Ano I"]),
                             ("TCX201", "error", DIS, cells["summary 1"])}
    assert all("o valor certo pelas células de origem" in f.message for f in report.findings)


def test_matrix_total_constant(sample_xlsx, tmp_path):
    def change(book):
        ws = book[MAT]
        row = find_row(ws, "Profissionais certificados")
        change.cell = f"{openpyxl.utils.get_column_letter(find_cell(ws, 'TRIÊNIO').column)}{row}"
        ws[change.cell] = 999
    report = edit(sample_xlsx, tmp_path, change)
    assert found(report) == {("TCX201", "error", MAT, change.cell)}
    assert "contém o valor fixo 999 (o valor certo pelas células de origem é " in report.findings[0].message


def test_negative_money(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[DIS].__setitem__(cells["A1.1 exec Ano I"], -5))
    assert ("TCX503", "error", DIS, cells["A1.1 exec Ano I"]) in found(report)


def test_text_that_is_not_a_number(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[DIS].__setitem__(cells["A1.1 exec Ano I"], "dez mil"))
    assert found(report) == {("TCX502", "error", DIS, cells["A1.1 exec Ano I"])}


def test_money_typed_as_text_is_a_warning(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[DIS].__setitem__(cells["A1.1 exec Ano I"], "R$ 1.234,56"))
    assert found(report) == {("TCX501", "warning", DIS, cells["A1.1 exec Ano I"])}
    assert report.ok and not tcxl.check(report.file, strict=True).ok


def test_executed_above_planned_and_without_planned(sample_xlsx, tmp_path, cells):
    def change(book):
        book[DIS][cells["A1.1 exec Ano I"]] = 185000.01      # planned 185.000,00
        book[FIN][cells["1.5 exec Ano I"]] = 10                # 1.5 Medicamentos: nothing planned
    report = edit(sample_xlsx, tmp_path, change)
    assert found(report) == {("TCX505", "warning", DIS, cells["A1.1 exec Ano I"]),
                             ("TCX504", "warning", FIN, cells["1.5 exec Ano I"])}


def test_activity_missing_from_the_activity_schedule(sample_xlsx, tmp_path, cells):
    def change(book):
        ws = book[SCH]
        delete_rows(ws, row_of(ws, "A2.4"), 2)
    report = edit(sample_xlsx, tmp_path, change)
    assert found(report) == {("TCX401", "warning", DIS, cells["A2.4 code"])}
    assert report.ok and tcxl.check(report.file, strict=True).ok is False


def test_grand_totals_disagree(sample_xlsx, tmp_path, cells):
    def change(book):
        book[DIS][cells["A1.1 Ano I"]] = 185100          # +100 in the disbursement
        book[INFO][cells["B.2.2"]] = 2903000              # B.2.2 differs from TOTAL GERAL
    report = edit(sample_xlsx, tmp_path, change)
    assert found(report) == {("TCX403", "warning", DIS, cells["summary total"]),
                             ("TCX404", "warning", INFO, cells["B.2.2"])}
    f403 = next(f for f in report.findings if f.code == "TCX403")
    assert (f403.expected, f403.found) == ("2903650.50", "2903750.50")


def test_indirect_costs_differ_from_account_3(sample_xlsx, tmp_path, cells):
    def change(book):
        book[FIN][cells["3 Ano I"]] = 51000  # was 52.000; the disbursement block (E) keeps 52.000
        book[INFO][cells["B.2.2"]] = None
    report = edit(sample_xlsx, tmp_path, change)
    assert ("TCX405", "warning", DIS, cells["CI total Ano I"]) in found(report)
    assert {f.code for f in report.findings} == {"TCX403", "TCX405", "TCX607"}  # B.2.2 emptied: TCX607


def test_registration_data(sample_xlsx, tmp_path, cells):
    def change(book):
        ws = book[INFO]
        ws[cells["CNPJ"]] = "11.222.333/0001-80"
        ws[cells["CEP"]] = "1419-001"
        ws[cells["end"]] = dt.datetime(2024, 12, 31)
        ws[f"B{find_row(ws, 'CNES:')}"] = "20774"
        ws[f"B{find_row(ws, 'E-mail:')}"] = "proadi.hospitalexemplo.org.br"
    report = edit(sample_xlsx, tmp_path, change)
    got = {(c, s) for c, _, s, _ in found(report)}
    assert {("TCX601", INFO), ("TCX602", INFO), ("TCX603", INFO), ("TCX604", INFO), ("TCX606", INFO)} == got
    assert ("TCX601", "error", INFO, cells["CNPJ"]) in found(report)
    assert ("TCX606", "error", INFO, cells["end"]) in found(report)


def test_alphanumeric_cnpj_is_valid(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[INFO].__setitem__(cells["CNPJ"], "12.ABC.345/01DE-35"))
    assert report.findings == []


def test_invalid_schedule_marks_and_unplanned_realized(sample_xlsx, tmp_path):
    def change(book):
        ws = book[SCH]
        row = row_of(ws, "A1.1")
        ws.cell(row, 5, "S")          # Previsto, Ano I/1º Sem: invalid
        ws.cell(row + 1, 6, "Z")      # Realizado, Ano I/2º Sem: invalid
        ws.cell(row + 1, 7, "X")      # Realizado in Ano II/1º Sem, not planned: info
        ws.cell(row + 1, 10, "P")     # Ano III/2º Sem (2027/2) has not begun on 2026-11-22: info
        change.rows = row
    report = edit(sample_xlsx, tmp_path, change)
    r = change.rows
    assert found(report) == {("TCX507", "error", SCH, f"E{r}"), ("TCX507", "error", SCH, f"F{r + 1}"),
                             ("TCX506", "info", SCH, f"G{r + 1}"), ("TCX506", "info", SCH, f"J{r + 1}")}


def test_missing_sheet(sample_xlsx, tmp_path):
    report = edit(sample_xlsx, tmp_path, lambda b: b.remove(b[FIN]))
    assert ("TCX005", "error", FIN, "") in found(report)


def test_structure_findings(sample_xlsx, tmp_path):
    def change(book):
        ws = book[DIS]
        ws.cell(row_of(ws, "A1.2"), 1, "A1.1")        # duplicate
        ws.cell(row_of(ws, "A2.2"), 1, "A3.9")        # in block 2 but code of result 3
        fin = book[FIN]
        delete_rows(fin, row_of(fin, "1.6 Material Médico"))
    report = edit(sample_xlsx, tmp_path, change)
    codes = {f.code for f in report.findings}
    assert {"TCX103", "TCX104", "TCX106"} <= codes


def test_unreadable_files(tmp_path):
    cases = {"vazio.xlsx": b"", "tabela.xlsx": b"a;b\n1;2\n", "pagina.xlsx": b"<html><body>x</body></html>",
             "antigo.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
             "senha.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le"),
             "cortado.xlsx": b"PK\x03\x04" + b"\0" * 50}
    expected = {"vazio.xlsx": "TCX001", "tabela.xlsx": "TCX003", "pagina.xlsx": "TCX003", "antigo.xlsx": "TCX002",
                "senha.xlsx": "TCX004", "cortado.xlsx": "TCX001"}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        report = tcxl.check(tmp_path / name)
        (f,) = report.findings
        assert (f.code, f.severity, f.sheet, f.cell) == (expected[name], "error", "", ""), name
        # the report names the file (report.path, and the text line's prefix): the message does not repeat it
        assert name not in f.message and report.file.endswith(name) and not report.readable
        assert report.lines()[0].startswith(f"{tmp_path / name}: erro {expected[name]} ")


def test_report_frame_and_json(sample_xlsx, tmp_path, cells):
    import json

    report = edit(sample_xlsx, tmp_path, lambda b: b[FIN].__setitem__(cells["1.3 Ano I"], 12345))
    frame = report.to_frame()
    assert list(frame.code) == ["TCX201"] and set(frame.cell) == {cells["1.3 Ano I"]}
    doc = json.loads(report.to_json())
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0}
    assert doc["files"][0]["ok"] is False


def _rewrite_xml(path: Path, part: str, fn) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if re.fullmatch(part, item.filename):
                data = fn(data.decode()).encode()
            dst.writestr(item, data)
    tmp.replace(path)


def test_older_template_version_is_reported(sample_xlsx, tmp_path):
    def change(book):
        meta = book["_tcxl"]
        row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "template_version")
        meta.cell(row, 2, "proadi-sus/2023.2")
    report = edit(sample_xlsx, tmp_path, change)
    (f,) = report.findings
    assert (f.code, f.severity, f.found, f.expected) == ("TCX007", "info", "proadi-sus/2023.2", "proadi-sus/2024.1")
    assert report.ok


def test_never_calculated_file_is_reported_once(sample_xlsx, tmp_path):
    """Every formula stored with 0 as its result (a program that wrote no values)."""
    path = tmp_path / "zeros.xlsx"
    shutil.copy(sample_xlsx, path)
    _rewrite_xml(path, r"xl/worksheets/sheet\d\.xml",
                 lambda xml: re.sub(r"(<f>[^<]*</f>)<v>[^<]*</v>", r"\1<v>0</v>", xml))
    report = tcxl.check(path)
    assert [(f.code, f.severity) for f in report.findings] == [("TCX008", "info")]


def test_malformed_activity_code(sample_xlsx, tmp_path):
    def change(book):
        ws = book[DIS]
        change.cell = f"A{row_of(ws, 'A1.2')}"
        ws[change.cell] = "A1"
    report = edit(sample_xlsx, tmp_path, change)
    assert ("TCX105", "error", DIS, change.cell) in found(report)


def test_date_that_is_not_a_date(sample_xlsx, tmp_path, cells):
    report = edit(sample_xlsx, tmp_path, lambda b: b[INFO].__setitem__(cells["start"], "31/13/2025"))
    assert found(report) == {("TCX605", "error", INFO, cells["start"])}


def test_model_only_workbook_one_finding_per_table_and_typed_totals_checked(tmp_path):
    """A workbook typed by hand from the model has no formulas: one warning per table, not
    hundreds of empty totals; a typed total that disagrees with its parts is still caught."""
    from test_read import _model_only_workbook

    path = tmp_path / "modelo.xlsx"
    _model_only_workbook(path)
    book = openpyxl.load_workbook(path)
    ws = book["Planilha orçamentária"]
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "TOTAL GERAL (1+2+3+4)")
    ws.cell(total_row, 4, 999)  # Ano I Previsão typed, but 1.234,56 + 100 were planned
    book.save(path)
    report = tcxl.check(path)
    per_table = [f for f in report.findings if f.code == "TCX208"]  # was TCX201 at warning: now its own rule
    assert {(f.severity, f.sheet, f.cell) for f in per_table} == {
        ("warning", "Planilha orçamentária", ""), ("warning", "Desembolso", "")}
    assert ("TCX301", "error", "Planilha orçamentária", f"D{total_row}") in found(report)


def test_checking_leaves_no_reference_cycles(sample_xlsx):
    """A cycle through the workbook read (e.g. an evaluation holding a bound method of its
    owner) keeps every cell alive until a collection that walks them all: a tenth of a
    big check. Checking, reading and summarizing leave nothing for the collector."""
    import gc

    tcxl.check(sample_xlsx)  # imports and caches of the first call
    gc.collect()
    gc.disable()  # else the collector may run, unasked, before the look below
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        tcxl.check(sample_xlsx, today=dt.date(2026, 11, 22))
        wb = tcxl.read_workbook(sample_xlsx)
        wb.financial, wb.statement
        del wb
        tcxl.summarize([sample_xlsx], semester="2025-1", jobs=1)
        gc.collect()
        # lxml leaves a few parser objects (and their target) in cycles of their own; nothing
        # that holds a workbook
        kept = {type(o).__qualname__ for o in gc.garbage if type(o).__module__.startswith("tcxl")}
        assert kept & {"Grid", "Reading", "Workbook", "Book", "Evaluation", "Sheet", "WorkbookLayout"} == set()
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_a_workbook_with_money_but_no_title_cnpj_or_total_is_not_clean(sample_xlsx, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(sample_xlsx)
    ws = book["Identificação"]
    emptied = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value in ("2.1. Título do Projeto", "CNPJ:", "2.2. Valor total do Projeto"):
                emptied[c.value] = f"B{c.row}"
                ws.cell(c.row, 2).value = None
    path = tmp_path / "sem_cadastro.xlsx"
    book.save(path)
    proc = run_tcxl("check", path, "--format", "json")
    import json

    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert sorted((f["code"], f["severity"], f["cell"]) for f in findings) == sorted(
        ("TCX607", "warning", cell) for cell in emptied.values())
    assert proc.returncode == 0 and run_tcxl("check", path, "--strict").returncode == 1
    # the blank template (no money typed yet) is not 'incomplete'
    from conftest import TEMPLATE

    assert run_tcxl("check", TEMPLATE, "--strict").returncode == 0
