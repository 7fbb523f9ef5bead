"""The commands that make or change one workbook: build-template, fill, recalc, export, diff."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import usage
from ..errors import TcxlError
from .common import refuse_binary_to_terminal, refuse_own_input, require_files


@click.command(cls=usage.Command, name="build-template")
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[SPEC]")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha .xlsx a gerar.",
)
@click.option("--password", default="", help="Senha da proteção das abas (padrão: sem senha).")
def build_template(spec: Path | None, output: Path, password: str) -> None:
    """Gera a planilha oficial a partir de SPEC (YAML/JSON); sem SPEC, o modelo em branco.

    A planilha sai com fórmulas, proteção das abas e configuração de impressão.
    """
    from ..build import build_workbook
    from ..model import Project

    if spec is not None:
        require_files(spec)
    if output.suffix.lower() != ".xlsx":
        raise TcxlError(f"{output}: o arquivo de saída deve ter extensão .xlsx")
    project = Project.from_file(spec) if spec is not None else None
    path = build_workbook(project, output, password=password)
    click.echo(f"gerado: {path}")


@click.command(cls=usage.Command, name="fill")
@click.argument("template", type=click.Path(dir_okay=False, path_type=Path), metavar="PLANILHA")
@click.option(
    "--data",
    "data",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Valores (.csv, .xlsx ou .json nas formas de `tcxl export`); pode repetir.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha de saída (obrigatória sem --in-place).",
)
@click.option("--in-place", is_flag=True, help="Grava sobre a própria planilha (de forma atômica).")
@click.option(
    "--force", is_flag=True, help="Grava mesmo se a planilha tiver gráficos/imagens/formas, que serão perdidos."
)
def fill_cmd(template: Path, data: tuple[Path, ...], output: Path | None, in_place: bool, force: bool) -> None:
    """Preenche as células de entrada de uma planilha com valores de um arquivo.

    Só as células de entrada são gravadas; a planilha de entrada não muda, a não ser com
    --in-place.
    """
    from ..filling import fill, load_values

    if in_place == (output is not None):
        raise TcxlError("informe -o SAÍDA.xlsx ou --in-place (um dos dois)")
    require_files(template, *data)
    if output is not None:
        refuse_own_input(output, [template, *data], " (use --in-place para gravar sobre a planilha)")
    values: dict = {}
    for path in data:
        for name, frame in load_values(path).items():
            if name in values:
                raise TcxlError(f"{path}: a tabela {name} já veio de outro arquivo de valores")
            values[name] = frame
    if not any(len(frame) for frame in values.values()):
        raise TcxlError(f"{', '.join(map(str, data))}: nenhum valor a gravar (tabelas vazias)")
    out = fill(template, values, output, force=force, in_place=in_place)
    click.echo(f"gravado: {out}")


@click.command(cls=usage.Command, name="recalc")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="PLANILHA")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha recalculada a gravar.",
)
def recalc_cmd(file: Path, output: Path) -> None:
    """Recalcula a planilha no LibreOffice (headless) e grava os resultados das fórmulas.

    Assim, programas que não recalculam (visualizadores, leitores de dados) mostram os totais
    certos.
    """
    import shutil
    import tempfile

    from .. import libreoffice
    from ..atomic import atomic_write
    from ..sniff import sniff

    require_files(file)
    sniff(file)
    refuse_own_input(output, [file], " (a planilha recalculada vai para outro arquivo)")
    if libreoffice.soffice() is None:
        raise TcxlError(libreoffice.INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="tcxl-recalc-") as work, atomic_write(output, ".xlsx") as tmp:
        shutil.copyfile(libreoffice.convert(file, work, "xlsx"), tmp)
    click.echo(f"recalculado: {output}")


@click.command(cls=usage.Command, name="export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="PLANILHA")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Pasta (csv, parquet) ou arquivo (json, xlsx) de saída; - é a saída padrão.",
)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["csv", "parquet", "json", "xlsx"]),
    help="Formato; sem --to, deduzido da extensão de -o (pasta: csv).",
)
@click.option(
    "--excel-csv",
    is_flag=True,
    help="CSV para o Excel em português: ';', vírgula decimal, UTF-8 com BOM e títulos em português "
    "(padrão: CSV tidy, com os nomes de coluna em inglês).",
)
@click.option(
    "--table",
    "table",
    type=click.Choice(["info", "financial", "disbursement", "schedule", "matrix"]),
    help="Com -o - e --to csv: a tabela a escrever na saída padrão (um CSV tem uma tabela só).",
)
def export_cmd(file: Path, output: Path, fmt: str | None, excel_csv: bool, table: str | None) -> None:
    """Exporta as tabelas da planilha (financeiro, desembolso, cronograma, matriz).

    -o - escreve na saída padrão (json, xlsx e parquet: o arquivo todo; csv: a tabela de --table).
    Saída 1 quando uma tabela não foi encontrada na planilha.
    """
    from ..atomic import is_stdout, writes_through
    from ..exports import export
    from ..read import read_workbook

    fmt = fmt or {".json": "json", ".xlsx": "xlsx", ".parquet": "parquet"}.get(output.suffix.lower(), "csv")
    if excel_csv and fmt != "csv":
        raise click.UsageError("--excel-csv vale só para CSV (--to csv)")
    stdout = is_stdout(output)
    if stdout and fmt == "csv" and table is None:
        raise click.UsageError("com -o - e --to csv, escolha a tabela com --table (ex.: --table disbursement)")
    if table is not None and not (stdout and fmt == "csv"):
        raise click.UsageError("--table vale só com -o - e --to csv")
    if fmt in ("xlsx", "parquet"):
        refuse_binary_to_terminal(output, f"um arquivo {fmt}")
    require_files(file)
    if not stdout:
        refuse_own_input(output, [file])
    wb = read_workbook(file)
    if stdout and fmt == "csv":
        from ..exports import csv_text

        click.echo(csv_text(wb, str(table), excel_csv), nl=False)
    else:
        quiet = writes_through(output)  # the data itself is on stdout: no 'gravado' line after it
        for path in export(wb, output, fmt, excel_csv):
            if not quiet:
                click.echo(f"gravado: {path}")
    for f in wb.findings:
        click.echo(f.line(str(file)), err=True)
    if any(f.severity == "error" for f in wb.findings):
        sys.exit(1)


@click.command(cls=usage.Command, name="diff")
@click.argument("old", type=click.Path(dir_okay=False, path_type=Path), metavar="ANTERIOR.xlsx")
@click.argument("new", type=click.Path(dir_okay=False, path_type=Path), metavar="NOVA.xlsx")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Saída em texto (uma mudança por linha; padrão) ou um documento JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="SAÍDA.xlsx",
    help="Grava também uma planilha com uma aba por visão e as mudanças destacadas.",
)
@click.option(
    "--date",
    "when",
    type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
    default=None,
    help="Data da nova versão (padrão: a 'Data:' da Identificação, senão hoje); o Executado de anos e "
    "semestres encerrados antes dela não pode mudar.",
)
def diff_cmd(old: Path, new: Path, fmt: str, output: Path | None, when) -> None:
    """Mostra o que mudou entre duas versões de um projeto (repactuação).

    Saída 0: nada mudou; 1: algo mudou; 2: um arquivo não pôde ser lido.
    """
    from ..changes import diff, lines
    from ..diff_workbook import blocks, write_diff

    require_files(old, new)
    if output is not None:
        if output.suffix.lower() != ".xlsx":
            raise TcxlError(f"{output}: a planilha de diferenças deve ter extensão .xlsx")
        refuse_own_input(output, [old, new])
    changes = diff(old, new, when.date() if when else None)
    if fmt == "json":
        doc = {
            "old": str(old),
            "new": str(new),
            "changes": json.loads(changes.to_json(orient="records")),
            "summary": {"changes": len(changes), "errors": int((changes.severity == "error").sum())},
        }
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for line in lines(changes):
            click.echo(line)
        errors = int((changes.severity == "error").sum())
        click.echo(f"{len(changes)} mudança(s), {errors} erro(s)", err=True)
    if output is not None:
        click.echo(f"gravado: {write_diff(changes, blocks(old, new), output, f'{old.name} → {new.name}')}", err=True)
    sys.exit(1 if len(changes) else 0)
