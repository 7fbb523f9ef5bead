"""The reader's and the file's rules as data (SPEC §3.2): every finding made while opening and
reading a workbook (TCX0xx, TCX1xx, and the inputs' TCX204/501/502/508/510) comes from its
rule's template, with the same words as before the rules became data; a quantity that is not
a number (a matrix target) is TCX510, a warning of its own, never TCX502."""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import tcxl
from tcxl.cells import cell_name
from tcxl.cli import main
from tcxl.rules import registry
from tcxl.sniff import UnreadableFile

TODAY = dt.date(2026, 11, 22)
BAD = Path(__file__).resolve().parent / "data" / "bad"
FIN, DIS, MAT = "Execução Financeira", "Cronograma de Desembolso", "Matriz de Planejamento"
TYPE_A_NUMBER = "digite o número (ex.: 1234,56) ou deixe a célula vazia"

# the modules converted here, and the rules whose pages are written here
MODULES = (
    "tcxl.sniff",
    "tcxl.read",
    "tcxl.read.grid",
    "tcxl.read.blocks",
    "tcxl.read.disbursement",
    "tcxl.read.financial",
    "tcxl.read.matrix",
)
OWNED = (
    *(f"TCX0{n:02d}" for n in range(1, 14)),
    *(f"TCX1{n:02d}" for n in range(1, 8)),
    "TCX501",
    "TCX502",
    "TCX508",
    "TCX510",
)
EMITTED_ELSEWHERE = {"TCX007", "TCX008"}  # by tcxl.checks: the template version, results never calculated
RESERVED = {"code", "sheet", "cell", "expected", "found"}  # an emitter's own arguments: never a template field


@pytest.fixture(scope="module")
def where(sample_xlsx):
    """(sheet, A1 cell) of a layout key in the built sample."""
    located = tcxl.read_workbook(sample_xlsx).reading.where

    def at(key):
        sheet, row, col = located[key]
        return sheet, cell_name(row, col)

    at.keys = list(located)
    return at


def _edited(sample_xlsx: Path, tmp_path: Path, change, name: str = "editado.xlsx") -> Path:
    book = openpyxl.load_workbook(sample_xlsx)
    change(book)
    out = tmp_path / name
    book.save(out)
    return out


def _typed(where, key, value):
    sheet, cell = where(key)
    return lambda book: book[sheet].__setitem__(cell, value)


def _label(sheet: str, old: str, new: str):
    def change(book):
        hits = [c for row in book[sheet].iter_rows() for c in row if isinstance(c.value, str) and c.value == old]
        assert hits, old
        for c in hits:
            c.value = new

    return change


def _first_target(where, period: str, field: str):
    return next(k for k in where.keys if k[0] == "mat" and k[-2:] == (period, field))


# --- a quantity is not money: TCX510 ---------------------------------------------------------


def test_text_in_a_matrix_target_is_tcx510_warning_never_tcx502(sample_xlsx, tmp_path, where):
    key = _first_target(where, "S1", "planned")
    sheet, cell = where(key)
    assert sheet == MAT
    report = tcxl.check(_edited(sample_xlsx, tmp_path, _typed(where, key, "cerca de 50")), today=TODAY)
    at_cell = [f for f in report.findings if (f.sheet, f.cell) == (sheet, cell)]
    assert [(f.code, f.severity) for f in at_cell] == [("TCX510", "warning")]
    assert "TCX502" not in {f.code for f in report.findings}
    assert at_cell[0].line() == (
        f"{MAT}!{cell}: aviso TCX510 'cerca de 50' não é um número; {TYPE_A_NUMBER} (encontrado cerca de 50)"
    )
    assert report.ok  # a warning: the file passes unless --strict


def test_a_date_in_a_matrix_target_is_tcx510(sample_xlsx, tmp_path, where):
    key = _first_target(where, "S2", "realized")
    sheet, cell = where(key)
    report = tcxl.check(_edited(sample_xlsx, tmp_path, _typed(where, key, dt.datetime(2025, 3, 15))), today=TODAY)
    (f,) = [f for f in report.findings if f.code in ("TCX502", "TCX510")]
    assert (f.code, f.severity, f.sheet, f.cell, f.found) == ("TCX510", "warning", MAT, cell, "15/03/2025")
    assert f.message == f"a data 15/03/2025 não é um número; {TYPE_A_NUMBER}"


def test_text_in_a_money_cell_stays_tcx502_error(sample_xlsx, tmp_path, where):
    sheet, cell = where(("dis", "A1.1", 1, "executed"))
    path = _edited(sample_xlsx, tmp_path, _typed(where, ("dis", "A1.1", 1, "executed"), "cento e dez"))
    report = tcxl.check(path, today=TODAY)
    assert [(f.code, f.severity, f.sheet, f.cell) for f in report.findings] == [("TCX502", "error", sheet, cell)]
    assert report.findings[0].message == f"'cento e dez' não é um valor em R$; {TYPE_A_NUMBER}"


def test_cli_reports_tcx510_as_a_warning(sample_xlsx, tmp_path, where):
    key = _first_target(where, "S1", "planned")
    sheet, cell = where(key)
    path = _edited(sample_xlsx, tmp_path, _typed(where, key, "a definir"))
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert f"{path}:{sheet}!{cell}: aviso TCX510 'a definir' não é um número" in result.output
    assert "TCX502" not in result.output
    assert runner.invoke(main, ["check", "--strict", str(path)]).exit_code == 1


# --- the registry: declared, registered, written -------------------------------------------


def test_every_declared_code_is_registered():
    declared = set().union(*(importlib.import_module(m).emit.codes for m in MODULES))
    assert declared <= set(registry())
    assert declared == (set(OWNED) - EMITTED_ELSEWHERE) | {"TCX204"}


@pytest.mark.parametrize("code", OWNED)
def test_owned_rule_has_its_page_and_a_real_template(code):
    r = registry()[code]
    for text in (r.title, r.message, r.explanation, r.wrong, r.right, r.fix):
        assert text.strip() and "A FAZER" not in text, code
    assert r.message != "{texto}"
    assert not r.fields & RESERVED, (code, r.fields & RESERVED)


# --- unreadable files: the rule's template gives the reason and the finding -----------------

UNREADABLE = {
    "vazio.xlsx": ("TCX001", "arquivo vazio"),
    "zip_truncado.xlsx": (
        "TCX001",
        "arquivo .xlsx corrompido ou incompleto (zip inválido); baixe ou salve o arquivo de novo",
    ),
    "zip_sem_workbook.xlsx": (
        "TCX001",
        "arquivo zip sem a pasta de trabalho (xl/workbook.xml); não é uma planilha .xlsx",
    ),
    "formula_compartilhada_ilegivel.xlsx": (
        "TCX001",
        "planilha .xlsx danificada (ValueError); abra e salve de novo no Excel ou LibreOffice",
    ),
    "antiga.xls": ("TCX002", "formato .xls antigo (Excel 97-2003); abra no Excel ou LibreOffice e salve como .xlsx"),
    "csv_renomeado.xlsx": (
        "TCX003",
        "não é uma planilha .xlsx (o conteúdo é texto (CSV?)); salve a planilha no formato .xlsx",
    ),
    "html_renomeado.xlsx": (
        "TCX003",
        "não é uma planilha .xlsx (o conteúdo é HTML); salve a planilha no formato .xlsx",
    ),
    "protegida_por_senha.xlsx": (
        "TCX004",
        "planilha protegida por senha (criptografada); salve uma cópia sem senha de abertura e envie de novo",
    ),
    "zip_senha_legada.xlsx": (
        "TCX004",
        "partes do arquivo .zip protegidas por senha (criptografia zip); salve a planilha de novo no Excel ou "
        "LibreOffice, sem senha",
    ),
    "bomba_zip.xlsx": (
        "TCX006",
        "o arquivo se expande para 210 MB, acima do limite de 200 MB (ajuste com --max-size); possível 'bomba zip'",
    ),
    "textos_vazios_20m.xlsx": (
        "TCX006",
        "a planilha declara mais de 2.000.000 textos compartilhados (sharedStrings.xml), além do que o tcxl lê; "
        "não é uma planilha de projeto (possível arquivo forjado)",
    ),
    "bomba_xml.xlsx": (
        "TCX009",
        "XML perigoso recusado na parte xl/worksheets/sheet1.xml (declaração de entidades/DTD, como numa "
        "'bomba XML'); o arquivo não foi processado",
    ),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_reason_and_finding_come_from_the_rule(name):
    code, reason = UNREADABLE[name]
    with pytest.raises(UnreadableFile) as info:
        tcxl.read_workbook(BAD / name)
    exc = info.value
    assert (exc.path, exc.code, exc.reason) == (str(BAD / name), code, reason)
    f = exc.finding()
    assert (f.code, f.severity, f.sheet, f.cell, f.message) == (code, registry()[code].severity, "", "", reason)
    again = pickle.loads(pickle.dumps(exc))  # crosses a process pool whole
    assert (again.path, again.code, again.reason) == (exc.path, exc.code, exc.reason)
    report = tcxl.check(BAD / name)
    assert [(g.code, g.message) for g in report.findings] == [(code, reason)]


def test_unreadable_paths(tmp_path):
    for path, reason in (
        (tmp_path / "nao_existe.xlsx", "arquivo não encontrado"),
        (tmp_path, "é uma pasta, não uma planilha"),
    ):
        with pytest.raises(UnreadableFile) as info:
            tcxl.read_workbook(path)
        assert (info.value.code, info.value.reason) == ("TCX001", reason)
        assert str(info.value) == f"{path}: {reason}"


# --- what reading finds, word for word ------------------------------------------------------

READABLE = {
    "intervalo_gigante.xlsx": "Identificação: aviso TCX010 a aba tem conteúdo além de 100.000 linhas ou 1.000 "
    "colunas (1 linha(s) e 0 célula(s) a mais); esse conteúdo foi ignorado",
    "macro.xlsx": ": erro TCX013 a planilha contém macros (VBA), que o tcxl nunca executa; envie a versão .xlsx "
    "sem macros (planilhas .xlsm renomeadas escondem macros)",
    "texto_1mb.xlsx": "Identificação!B3: erro TCX012 texto de 1.000.000 caracteres, acima do limite do Excel "
    "(32.767); a célula não foi gerada pelo Excel e será cortada ao abrir (encontrado 1000000 caracteres)",
    "vinculo_externo.xlsx": "Execução Financeira!B9: erro TCX011 a fórmula lê outra pasta de trabalho "
    "(='C:\\orcamentos\\[custos_2025.xlsx]Plan1'!B7); o tcxl não segue vínculos: traga o valor para esta "
    "planilha (encontrado ='C:\\orcamentos\\[custos_2025.xlsx]Plan1'!B7)",
    "numero_enorme.xlsx": "Cronograma de Desembolso!C11: erro TCX502 '1e+30' é grande demais para um valor em R$; "
    f"{TYPE_A_NUMBER} (encontrado 1e+30)",
}


@pytest.mark.parametrize("name", sorted(READABLE))
def test_hostile_file_finding_line(name):
    assert [f.line() for f in tcxl.read_workbook(BAD / name).findings] == [READABLE[name]]


def test_links_in_the_workbook_are_tcx011(sample_xlsx, tmp_path):
    path = tmp_path / "vinculos.xlsx"
    shutil.copy(sample_xlsx, path)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
        zf.writestr("xl/externalLinks/externalLink2.xml", "<externalLink/>")
    lines = [f.line() for f in tcxl.read_workbook(path).findings]
    assert lines == [
        ": erro TCX011 a planilha tem 2 vínculo(s) com outras pastas de trabalho; o tcxl não segue vínculos: os "
        "valores vêm só desta planilha"
    ]


def _cases(where):
    """(name, change, the reading's finding lines) for the reader's rules."""
    a12_sheet, a12 = where(("dis", "A1.2", "code"))
    am1 = where(("dis", "AM.1", "code"))[1]
    s1, c12_1 = where(("fin", "1.2", 1, "planned"))
    d_exec = where(("dis", "A1.1", 1, "executed"))[1]
    ano3 = openpyxl.utils.cell.column_index_from_string(where(("dis", "A1.1", 3, "planned"))[1].rstrip("0123456789"))
    return [
        (
            "sem_desembolso",
            lambda b: b.remove(b[DIS]),
            [
                f"{DIS}: erro TCX005 aba ausente: nenhuma aba contém a tabela CRONOGRAMA DE DESEMBOLSO FINANCEIRO "
                "DAS ATIVIDADES (procurado o rótulo 'Atividades de Intervenção … Previsto | Executado'); restaure a "
                f"aba '{DIS}' (esperado {DIS})"
            ],
        ),
        (
            "rotulo_contas",
            _label(FIN, "DESCRIÇÃO DAS CONTAS", "Contas"),
            [
                f"{FIN}: erro TCX101 tabela não encontrada: DEMONSTRATIVO DA EXECUÇÃO FINANCEIRA DO PROJETO "
                "(procurado o rótulo 'DESCRIÇÃO DAS CONTAS'); confira se a tabela existe e se o rótulo está escrito "
                "como no modelo (esperado DESCRIÇÃO DAS CONTAS)"
            ],
        ),
        (
            "sem_total_fin",
            _label(FIN, "Total Triênio", "Soma"),
            [
                f"{FIN}!N3: erro TCX102 cabeçalho não encontrado: 'Total Triênio' (o total de todos os anos) à "
                "direita de 'Ano III'; os totais do período não foram conferidos (esperado Total Triênio)"
            ],
        ),
        (
            "sem_previsao",
            lambda b: setattr(
                next(c for row in b[FIN].iter_rows() for c in row if c.value == "Previsão"), "value", "P"
            ),
            [f"{FIN}!B4: erro TCX102 cabeçalho não encontrado: 'Previsão' sob 'Ano I' (esperado Previsão)"],
        ),
        (
            "sem_anos_fin",
            lambda b: [
                setattr(c, "value", "X")
                for row in b[FIN].iter_rows()
                for c in row
                if isinstance(c.value, str) and c.value.startswith("Ano ")
            ],
            [
                f"{FIN}!B3: erro TCX102 cabeçalho não encontrado: 'Ano I' à direita de 'DESCRIÇÃO DAS CONTAS' "
                "(esperado Ano I)"
            ],
        ),
        (
            "sem_trienio_mat",
            _label(MAT, "TRIÊNIO", "Soma"),
            [
                f"{MAT}!V5: erro TCX102 cabeçalho não encontrado: 'TRIÊNIO' (o total de todos os anos) à direita do "
                "Ano III na matriz; os totais do período não foram conferidos (esperado TRIÊNIO)"
            ],
        ),
        (
            "conta_ausente",
            _label(FIN, "1.2 Salários e Encargos", "Salários"),
            [
                f"{FIN}: erro TCX103 linha de conta não encontrada: '1.2 Salários e Encargos'; restaure a linha com "
                "o rótulo do modelo (esperado 1.2 Salários e Encargos)"
            ],
        ),
        (
            "codigo_duplicado",
            _typed(where, ("dis", "A1.2", "code"), "A1.1"),
            [
                f"{a12_sheet}!{a12}: erro TCX104 código A1.1 repetido (já usado em "
                f"{where(('dis', 'A1.1', 'code'))[1]}); renumere a atividade (encontrado A1.1)"
            ],
        ),
        (
            "codigo_malformado",
            _typed(where, ("dis", "A1.2", "code"), "A 1-2"),
            [
                f"{DIS}!{a12}: erro TCX105 código de atividade malformado: 'A 1-2'; use Am.n (ex.: A1.2) ou AM.n "
                "(encontrado A 1-2)"
            ],
        ),
        (
            "codigo_fora",
            _typed(where, ("dis", "A1.2", "code"), "A2.9"),
            [
                f"{DIS}!{a12}: aviso TCX106 atividade A2.9 está no bloco do resultado 1; mova-a para o bloco do seu "
                "resultado (esperado 1, encontrado 2)"
            ],
        ),
        (
            "codigo_monitoramento",
            _typed(where, ("dis", "AM.1", "code"), "A1.9"),
            [
                f"{DIS}!{am1}: aviso TCX106 atividade A1.9 está no bloco do monitoramento; mova-a para o bloco do "
                "seu resultado (esperado M, encontrado 1)"
            ],
        ),
        (
            "anos_diferentes",
            lambda b: b[DIS].delete_cols(ano3, 3),  # Ano III's Previsto | Executado | %
            [
                ": erro TCX107 as tabelas não têm o mesmo número de anos (Execução Financeira: 3, Cronograma de "
                "Desembolso: 2, Cronograma de Atividades: 3, Matriz de Planejamento: 3); corrija as colunas de anos "
                "para que todas cubram o período do projeto (esperado 3)"
            ],
        ),
        (
            "texto_rs",
            _typed(where, ("dis", "A1.1", 1, "executed"), "R$ 1.234,56"),
            [
                f"{DIS}!{d_exec}: aviso TCX501 valor digitado como texto ('R$ 1.234,56'); lido como R$ 1.234,56, mas "
                "o Excel e o LibreOffice deixam texto fora das somas: redigite-o como número (esperado 1234.56, "
                "encontrado R$ 1.234,56)"
            ],
        ),
        (
            "data_no_dinheiro",
            _typed(where, ("fin", "1.2", 1, "planned"), dt.datetime(2025, 3, 15)),
            [
                f"{s1}!{c12_1}: erro TCX502 a data 15/03/2025 não é um valor em R$; "
                f"{TYPE_A_NUMBER} (encontrado 15/03/2025)"
            ],
        ),
        (
            "formula_desconhecida",
            _typed(where, ("fin", "1.2", 1, "planned"), "=FOOBAR(1)"),
            [
                f"{s1}!{c12_1}: aviso TCX508 o valor é calculado pela fórmula =FOOBAR(1), que o tcxl não calcula (usa "
                "a função FOOBAR, que o tcxl não calcula) e que não tem resultado gravado; abra e salve no "
                "Excel/LibreOffice, ou digite o valor (encontrado =FOOBAR(1))"
            ],
        ),
        (
            "formula_com_erro",
            _typed(where, ("fin", "1.2", 1, "planned"), "=1/0"),
            [
                f"{s1}!{c12_1}: erro TCX204 a fórmula =1/0: mostra o erro #DIV/0!; corrija-a ou digite o valor "
                "(encontrado #DIV/0!)"
            ],
        ),
    ]


def test_reading_findings_word_for_word(sample_xlsx, tmp_path, where):
    """Each rule the reader emits, triggered on a real file: its template takes the fields its call
    site passes and gives today's words (SPEC §3)."""
    seen = set()
    for name, change, lines in _cases(where):
        path = _edited(sample_xlsx, tmp_path, change, f"{name}.xlsx")
        findings = tcxl.read_workbook(path).findings
        assert [f.line() for f in findings] == lines, name
        seen |= {f.code for f in findings}
    assert seen == {
        "TCX005",
        "TCX101",
        "TCX102",
        "TCX103",
        "TCX104",
        "TCX105",
        "TCX106",
        "TCX107",
        "TCX204",
        "TCX501",
        "TCX502",
        "TCX508",
    }
