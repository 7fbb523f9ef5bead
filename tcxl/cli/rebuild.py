"""The commands that carry a workbook's project elsewhere: rebuild (the official workbook of the
current template version) and spec (the project spec ``build-template`` takes)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import usage
from ..errors import TcxlError
from .common import refuse_own_input, require_files


def _output_file(output: Path) -> None:
    """An output that is a folder (or a FIFO, a device) is refused before anything is read."""
    if output.is_dir():
        raise TcxlError(f"{output}: é uma pasta; informe o nome do arquivo a gravar")


REBUILD_HELP = """Reconstrói qualquer planilha legível como a planilha oficial da versão atual do modelo.

O projeto, cada valor e marca digitados, as fórmulas, a proteção e a impressão do modelo. Mostra
o que foi normalizado, uma linha cada. Saída 1 quando um valor não coube na planilha oficial (nada
é gravado sem --force); 2 quando a planilha não pode ser lida."""

SPEC_HELP = """Grava a especificação do projeto de uma planilha (YAML ou JSON), a que build-template aceita.

Assim um projeto digitado no Excel pode ser replanejado num arquivo, versionado e reconstruído."""


@click.command(cls=usage.Command, name="rebuild", help=REBUILD_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="ENTRADA.xlsx")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="SAÍDA.xlsx",
    help="Planilha oficial a gravar (nunca a própria entrada).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Grava mesmo com valores que não couberam na planilha oficial (listados como erro).",
)
def rebuild_cmd(file: Path, output: Path, force: bool) -> None:
    """Rebuild any readable workbook as the official one of the current template version: project,
    every typed amount and mark, the layout's formulas, protection and print setup. Prints what
    was normalised, one line each. Exit 1 when a value could not be carried (nothing written
    unless --force); 2 when the file cannot be read."""
    from ..layout import TEMPLATE_VERSION
    from ..rebuilding import rebuild

    require_files(file)
    _output_file(output)
    refuse_own_input(output, [file], " (a entrada nunca é gravada)")
    result = rebuild(file, output, force=force)
    for item in result.items:
        click.echo(item.line(str(file)), err=item.severity == "error")
    errors = len(result.errors)
    if result.written:
        tail = f", {errors} erro(s) ignorado(s) com --force" if errors else ""
        click.echo(f"gravado: {output} (modelo {TEMPLATE_VERSION}; {len(result.items)} normalização(ões){tail})")
    else:
        click.echo(f"{file}: {errors} valor(es) não transposto(s); nada foi gravado (use --force)", err=True)
    sys.exit(1 if errors else 0)


@click.command(cls=usage.Command, name="spec", help=SPEC_HELP)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="ENTRADA.xlsx")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    metavar="projeto.yaml",
    help="Especificação a gravar: .yaml (ou .yml) ou .json; - escreve o YAML na saída padrão.",
)
def spec_cmd(file: Path, output: Path) -> None:
    """Write the project spec of a workbook (YAML or JSON), so a project typed in Excel can be
    re-planned in a file, versioned and rebuilt."""
    from ..atomic import is_stdout
    from ..rebuilding import spec

    require_files(file)
    if is_stdout(output):  # the YAML on standard output
        from ..rebuilding import project_of

        click.echo(project_of(file).to_text("yaml"), nl=False)
        return
    _output_file(output)
    refuse_own_input(output, [file])
    click.echo(f"gravado: {spec(file, output)}")
