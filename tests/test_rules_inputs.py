"""The rules of cross.py, inputs.py and registration.py (TCX4xx, TCX503–507, TCX509, TCX6xx) as
registry entries, and TCX509 — Executado typed in a year the report's Data has not reached —
on real files: the built sample and a hand-made workbook of the model, through the public API
and the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from analyst import row_of
from click.testing import CliRunner
from sheets import find_row, group_columns

import tcxl
from tcxl.checks import cross, inputs, registration
from tcxl.cli import main
from tcxl.rules import registry

FIN, DIS, INFO = "Execução Financeira", "Cronograma de Desembolso", "Identificação"
TODAY = dt.date(2026, 11, 22)
MODELO = Path(__file__).parent / "data" / "modelo" / "modelo_literal.xlsx"


# -- the sample: Ano I is 2025, Ano II 2026, Ano III 2027 (calendar years); its Data, 29/11/2024,
#    dates the proposal, before the execution period
def executed_cell(book, sheet: str, row_label: str, year: str) -> str:
    ws = book[sheet]
    if sheet == DIS:
        return f"{group_columns(ws, f'{year} (R$)', ('Previsto', 'Executado'))['Executado']}{row_of(ws, row_label)}"
    return f"{group_columns(ws, year, ('Previsão', 'Executado', '%'))['Executado']}{find_row(ws, row_label)}"


def report_date_cell(book) -> str:
    return f"B{find_row(book[INFO], 'Data:')}"  # the responsible person's 'Data:', below the entity's fields


def typed(source: Path, tmp_path: Path, date, sheet: str, row_label: str, year: str, amount) -> tuple[Path, str]:
    """A copy of ``source`` with the report's Data set (None: emptied) and ``amount`` typed in
    the Executado of ``row_label`` in ``year``, saved as an analyst would; returns (copy, cell)."""
    book = openpyxl.load_workbook(source)
    book[INFO][report_date_cell(book)] = date
    cell = executed_cell(book, sheet, row_label, year)
    book[sheet][cell] = amount
    out = tmp_path / "relatorio.xlsx"
    book.save(out)
    return out, cell


def tcx509(report) -> list:
    return [f for f in report.findings if f.code == "TCX509"]


@pytest.mark.parametrize(
    "sheet, row_label, amount",
    [(DIS, "A1.1", 10000), (FIN, "1.2 Salários e Encargos", 5000.5)],  # Ano II planned: 40.000 and 275.330
)
def test_executed_in_a_year_after_the_report_date(sample_xlsx, tmp_path, sheet, row_label, amount):
    path, cell = typed(sample_xlsx, tmp_path, dt.datetime(2025, 6, 30), sheet, row_label, "Ano II", amount)
    report = tcxl.check(path, today=TODAY)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in report.findings] == [("TCX509", "warning", sheet, cell)]
    (f,) = report.findings
    code = row_label.split()[0]
    assert f.message.startswith(f"{code}: Executado de R$ ")
    assert "no Ano II, que só começa em 01/01/2026, depois da Data do relatório (30/06/2025" in f.message
    assert "lance o valor no ano em que foi gasto ou atualize a Data" in f.message
    assert f.found == str(amount) and report.ok and not tcxl.check(path, strict=True, today=TODAY).ok


def test_the_exact_message(sample_xlsx, tmp_path):
    path, _ = typed(sample_xlsx, tmp_path, dt.datetime(2025, 6, 30), DIS, "A1.1", "Ano III", 1234.56)
    (f,) = tcx509(tcxl.check(path, today=TODAY))
    assert f.message == (
        "A1.1: Executado de R$ 1.234,56 no Ano III, que só começa em 01/01/2027, depois da Data do relatório "
        "(30/06/2025, em Identificação); lance o valor no ano em que foi gasto ou atualize a Data"
    )


@pytest.mark.parametrize(
    "date, year",
    [
        (dt.datetime(2025, 6, 30), "Ano I"),  # the year in course
        (dt.datetime(2026, 1, 1), "Ano II"),  # a year that begins on the report's day has been reached
        (dt.datetime(2027, 3, 1), "Ano II"),  # a year that has ended
    ],
)
def test_executed_in_a_year_reached_is_fine(sample_xlsx, tmp_path, date, year):
    path, _ = typed(sample_xlsx, tmp_path, date, DIS, "A1.1", year, 10000)
    assert tcxl.check(path, today=TODAY).findings == []


def test_no_report_date_says_nothing(sample_xlsx, tmp_path):
    path, _ = typed(sample_xlsx, tmp_path, None, DIS, "A1.1", "Ano II", 10000)
    assert tcx509(tcxl.check(path, today=TODAY)) == []


def test_a_data_before_the_execution_period_dates_the_proposal_and_says_nothing(sample_xlsx, tmp_path):
    """The sample's own Data (29/11/2024) precedes its start (01/01/2025): it is the proposal's date,
    not a report's, so which year a report has reached is not known and nothing is guessed."""
    path, _ = typed(sample_xlsx, tmp_path, dt.datetime(2024, 11, 29), DIS, "A1.1", "Ano II", 10000)
    assert tcx509(tcxl.check(path, today=TODAY)) == []


def test_no_project_start_says_nothing(sample_xlsx, tmp_path):
    path, _ = typed(sample_xlsx, tmp_path, dt.datetime(2025, 6, 30), DIS, "A1.1", "Ano II", 10000)
    book = openpyxl.load_workbook(path)
    ws = book[INFO]
    start = find_row(ws, "2.3. Período de execução")
    ws[f"B{start}"] = ws[f"C{start}"] = None
    book.save(path)
    assert tcx509(tcxl.check(path, today=TODAY)) == []


def test_clean_sample_and_blank_template_have_none(sample_xlsx, blank_xlsx):
    for path in (sample_xlsx, blank_xlsx):
        assert tcx509(tcxl.check(path, today=TODAY)) == []


def test_cli_json(sample_xlsx, tmp_path):
    path, cell = typed(sample_xlsx, tmp_path, dt.datetime(2025, 6, 30), DIS, "A1.1", "Ano II", 10000)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output  # a warning: the file passes unless --strict
    (file,) = json.loads(result.stdout)["files"]
    found = [(f["code"], f["severity"], f["sheet"], f["cell"]) for f in file["findings"]]
    assert found == [("TCX509", "warning", DIS, cell)]
    assert "01/01/2026" in file["findings"][0]["message"]
    strict = CliRunner().invoke(main, ["check", str(path), "--format", "json", "--strict"])
    assert strict.exit_code == 1


def test_hand_made_workbook(tmp_path):
    """A workbook typed from the official model, not written by tcxl: its Identificação has no
    'Data:' until the analyst adds one below 'Responsável pelas informações'; its Executado of
    Ano I (typed in the file) is fine, one typed in Ano II is not."""
    source = tmp_path / "modelo.xlsx"
    shutil.copy(MODELO, source)
    assert tcx509(tcxl.check(source, today=TODAY)) == []  # no Data: nothing said
    book = openpyxl.load_workbook(source)
    info = book[INFO]
    below = info.max_row + 1
    info.cell(below, 1, "Data:")
    info.cell(below, 2, dt.datetime(2025, 6, 30))
    ws = book[DIS]
    cell = f"{group_columns(ws, 'Ano II (R$)', ('Previsto', 'Executado'))['Executado']}{row_of(ws, 'A1.1')}"
    ws[cell] = 500  # Ano II planned: 1.120,00
    out = tmp_path / "modelo_relatorio.xlsx"
    book.save(out)
    report = tcxl.check(out, today=TODAY)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in tcx509(report)] == [("TCX509", "warning", DIS, cell)]
    assert "A1.1: Executado de R$ 500,00 no Ano II, que só começa em 01/01/2026" in tcx509(report)[0].message


# -- the registry entries: pages written, templates that take what the call sites pass, the
#    sentences as the checks wrote them before templates
MONEY = "R$ 1.234,56"
CALLS = {  # code -> [(fields one call site passes, the message it gives)]
    "TCX401": [
        (
            {"activity": "A2.4", "other": "Cronograma de Atividades"},
            "a atividade A2.4 não aparece no Cronograma de Atividades; inclua-a lá ou corrija o código",
        )
    ],
    "TCX402": [
        (
            {
                "activity": "A2.9",
                "situation": "não aparece na Matriz de Planejamento (1.4. Atividades Principais de Intervenção)",
            },
            "a atividade A2.9 não aparece na Matriz de Planejamento (1.4. Atividades Principais de Intervenção)",
        ),
        (
            {"activity": "A1.8", "situation": "da Matriz de Planejamento não está nos cronogramas"},
            "a atividade A1.8 da Matriz de Planejamento não está nos cronogramas",
        ),
    ],
    "TCX403": [
        (
            {"disbursement": "R$ 2.903.750,50", "statement": "R$ 2.903.650,50"},
            "o total do Cronograma de Desembolso (R$ 2.903.750,50) difere do TOTAL GERAL previsto na Execução "
            "Financeira (R$ 2.903.650,50)",
        )
    ],
    "TCX404": [
        (
            {"declared": "R$ 2.903.000,00", "total_name": "total do Cronograma de Desembolso", "total": MONEY},
            f"o Valor total do Projeto (B.2.2) é R$ 2.903.000,00, mas o total do Cronograma de Desembolso é {MONEY}",
        )
    ],
    "TCX405": [
        (
            {
                "period": "",
                "disbursement": "R$ 1.906,00",
                "place": "na linha 3 (G) do resumo do Cronograma de Desembolso",
                "account": "R$ 906,00",
                "scope": " (soma dos anos)",
            },
            "custos indiretos previstos: R$ 1.906,00 na linha 3 (G) do resumo do Cronograma de Desembolso e "
            "R$ 906,00 na conta 3 da Execução Financeira (soma dos anos)",
        ),
        (
            {
                "period": " no Ano I",
                "disbursement": "R$ 52.000,00",
                "place": "no Cronograma de Desembolso",
                "account": "R$ 51.000,00",
                "scope": "",
            },
            "custos indiretos previstos no Ano I: R$ 52.000,00 no Cronograma de Desembolso e R$ 51.000,00 na "
            "conta 3 da Execução Financeira",
        ),
    ],
    "TCX503": [
        (
            {"value": "-R$ 5,00", "item": "A1.1"},
            "valor negativo (-R$ 5,00) em A1.1; valores em R$ devem ser ≥ 0",
        )
    ],
    "TCX504": [
        (
            {"item": "1.5", "executed": "R$ 10,00"},
            "1.5: Executado de R$ 10,00 sem valor Previsto no mesmo ano; informe o previsto ou confira o lançamento",
        )
    ],
    "TCX505": [
        (
            {"item": "A1.2", "executed": "R$ 999.999.999,00", "planned": "R$ 62.000,00"},
            "A1.2: Executado (R$ 999.999.999,00) maior que o Previsto (R$ 62.000,00)",
        )
    ],
    "TCX506": [
        (
            {
                "activity": "A1.1",
                "what": "marca 'P'",
                "semester": "Ano III/2º Sem",
                "reason": ", semestre que ainda não começou",
            },
            "A1.1: marca 'P' em Ano III/2º Sem, semestre que ainda não começou",
        ),
        (
            {
                "activity": "A1.1",
                "what": "realizada",
                "semester": "Ano II/1º Sem",
                "reason": " sem estar prevista nesse semestre (ação não programada)",
            },
            "A1.1: realizada em Ano II/1º Sem sem estar prevista nesse semestre (ação não programada)",
        ),
    ],
    "TCX507": [
        (
            {"activity": "A1.1", "semester": "Ano I/1º Sem", "mark": "S", "line": "Previsto", "allowed": "X"},
            "A1.1, Ano I/1º Sem: marca 'S' inválida na linha Previsto; use X",
        ),
        (
            {
                "activity": "A1.1",
                "semester": "Ano I/2º Sem",
                "mark": "Z",
                "line": "Realizado",
                "allowed": "X, P, A ou C",
            },
            "A1.1, Ano I/2º Sem: marca 'Z' inválida na linha Realizado; use X, P, A ou C",
        ),
    ],
    "TCX509": [
        (
            {
                "item": "1.2",
                "executed": MONEY,
                "year": "Ano II",
                "begins": dt.date(2026, 1, 1),
                "date": dt.date(2025, 6, 30),
            },
            f"1.2: Executado de {MONEY} no Ano II, que só começa em 01/01/2026, depois da Data do relatório "
            "(30/06/2025, em Identificação); lance o valor no ano em que foi gasto ou atualize a Data",
        )
    ],
    "TCX601": [
        (
            {"value": "11.222.333/0001-80"},
            "CNPJ inválido: 11.222.333/0001-80 (dígitos verificadores não conferem); confira o número no cartão CNPJ",
        )
    ],
    "TCX602": [({"value": "20774"}, "CNES inválido: 20774 (deve ter 7 dígitos)")],
    "TCX603": [({"value": "1419-001"}, "CEP inválido: 1419-001 (use 00000-000)")],
    "TCX604": [({"value": "proadi.hospital.org.br"}, "e-mail inválido: proadi.hospital.org.br")],
    "TCX605": [({"value": "32/13/2025"}, "data inválida: '32/13/2025' (use dd/mm/aaaa)")],
    "TCX606": [
        ({"texto": text}, text)
        for text in (
            "a data do reconhecimento de excelência está no futuro",
            "o término do período de execução é anterior ao início",
            "o período de execução passa dos 3 anos das tabelas",
        )
    ],
    "TCX607": [
        (
            {"label": "2.1. Título do Projeto"},
            "2.1. Título do Projeto: vazio numa planilha que já tem valores; preencha o cadastro do projeto",
        )
    ],
}


def test_the_modules_declare_these_codes():
    declared = cross.emit.codes | inputs.emit.codes | registration.emit.codes
    assert declared == set(CALLS)


@pytest.mark.parametrize("code", sorted(CALLS))
def test_entry_is_written_and_its_template_takes_the_call_sites_fields(code):
    rule = registry()[code]
    for text in (rule.title, rule.message, rule.explanation, rule.wrong, rule.right, rule.fix):
        assert text.strip() and "A FAZER" not in text, code
    for fields, message in CALLS[code]:
        assert rule.fields == set(fields), code
        assert rule.message.format(**fields) == message
