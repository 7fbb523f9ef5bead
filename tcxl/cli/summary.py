"""tcxl summarize: the semester and portfolio summary of many workbooks (SPEC §4)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import usage
from ..errors import TcxlError
from .common import SCHEDULER_HELP, SHARED_FS_HELP, cluster, progress_bar, refuse_own_input


@click.command(cls=usage.Command, name="summarize")
@click.argument(
    "targets", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False), metavar="ARQUIVO_OU_PASTA..."
)
@click.option(
    "--semester",
    "-s",
    "semesters",
    required=True,
    multiple=True,
    callback=lambda ctx, param, value: [_semester(v) for v in value],
    help="Semestre: civil (2025-1) ou do projeto ('Ano II/1º Sem'); repita para vários (aba Evolução).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha consolidada .xlsx a gravar.",
)
@click.option(
    "--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), help="Pasta para as tabelas em CSV."
)
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta para as tabelas em Parquet (requer pyarrow).",
)
@click.option(
    "--excel-csv",
    is_flag=True,
    help="CSV para o Excel em português: ';', vírgula decimal e UTF-8 com BOM (padrão: CSV tidy).",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Arquivo JSON com todas as tabelas (entregas, projetos, demonstrativo …).",
)
@click.option(
    "--annotate-dir",
    "annotate_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="PASTA",
    help="Grava em PASTA uma cópia anotada de cada planilha com apontamentos (como check --annotate-dir); "
    "a aba Entregas liga cada linha à sua cópia.",
)
@click.option(
    "--dados",
    "long_tables",
    is_flag=True,
    help="Inclui na planilha as abas de dados longas (financeiro de cada projeto por bloco e por conta); "
    "sem esta opção elas ficam nas tabelas --csv/--parquet/--json.",
)
@click.option("--jobs", "-j", type=click.IntRange(1), default=None, help="Processos em paralelo.")
@click.option("--scheduler", metavar="ENDEREÇO", default=None, help=SCHEDULER_HELP)
@click.option("--shared-fs", is_flag=True, help=SHARED_FS_HELP)
def summarize_cmd(
    targets,
    semesters: list[str],
    output: Path,
    csv_dir,
    parquet_dir,
    excel_csv,
    json_path,
    annotate_dir,
    long_tables,
    jobs,
    scheduler,
    shared_fs,
) -> None:
    """Resume um semestre de uma ou muitas planilhas: avanço físico e execução financeira.

    Arquivos ou pastas; cada arquivo recebido aparece na aba Entregas, e cada projeto conta
    uma vez só.
    """
    from ..checks import expand
    from ..summary import summarize, write_summary, write_tables

    if output.suffix.lower() != ".xlsx":
        raise TcxlError(f"{output}: o resumo deve ter extensão .xlsx")
    if parquet_dir is not None:
        from ..exports import require_pyarrow

        require_pyarrow()
    files = expand(targets)
    refuse_own_input(output, files)
    with progress_bar(len(files), "resumindo") as progress, cluster(scheduler) as executor:
        summary = summarize(
            files,
            list(dict.fromkeys(semesters)),
            executor=executor,
            jobs=jobs,
            progress=progress,
            ship_files=not shared_fs,
            annotate_dir=annotate_dir,
            on_error=lambda file, exc: click.echo(f"erro: {exc}", err=True),
        )
    click.echo(f"gravado: {write_summary(summary, output, long_tables=long_tables)}")
    if json_path is not None:
        from ..atomic import atomic_write

        refuse_own_input(json_path, files)
        with atomic_write(json_path, ".json") as tmp:
            Path(tmp).write_text(summary.to_json(), encoding="utf-8")
        click.echo(f"gravado: {json_path}")
    for folder, fmt in ((csv_dir, "csv"), (parquet_dir, "parquet")):
        if folder is not None:
            for path in write_tables(summary, folder, fmt, excel_csv and fmt == "csv"):
                click.echo(f"gravado: {path}")
    for d in summary.deliveries.itertuples():  # every file received, one line when it is not plainly included
        if d.status == "ilegível":
            click.echo(f"erro: {d.file}: {d.reason}", err=True)
        elif d.status == "incluído com erros":
            click.echo(f"aviso: {d.file}: {d.errors} erro(s) na conferência (incluído mesmo assim)", err=True)
        elif d.status != "incluído":
            click.echo(f"aviso: {d.file}: {d.status}" + (f" ({d.reason})" if d.reason else ""), err=True)
    counts = summary.deliveries.status.str.split(" por ").str[0].value_counts()
    click.echo("entregas: " + ", ".join(f"{n} {status}" for status, n in counts.items()), err=True)
    sys.exit(2 if summary.unreadable else 0)


def _semester(value: str) -> str:
    from ..periods import check_semester_form

    try:
        return check_semester_form(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
