"""tcxl check, tcxl regras and tcxl schema: the checker's commands (SPEC §3, §5)."""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import usage
from ..errors import TcxlError
from .common import (
    SCHEDULER_HELP,
    SHARED_FS_HELP,
    STDIN_NAME,
    cluster,
    outside,
    progress_bar,
    refuse_own_input,
    stdin_workbook,
)

if TYPE_CHECKING:
    from ..report import Report
    from ..rules.config import RuleConfig


@click.command(cls=usage.Command, name="check")
@click.argument(
    "targets", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False), metavar="ARQUIVO_OU_PASTA..."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Saída em texto (padrão: uma constatação por linha e, depois das de cada arquivo, uma linha "
    "de situação 'ARQUIVO: ok', 'ARQUIVO: 2 erros, 1 aviso' ou 'ARQUIVO: ilegível (TCX003)') ou um "
    "documento JSON.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Texto: só os erros (e, com --strict, os avisos), a linha de situação dos arquivos "
    "reprovados ou ilegíveis e a contagem; nada para os arquivos aprovados.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Texto: antes da conferência, uma linha na saída de erros com as regras em vigor "
    "(o tcxl.toml usado, select, ignore, gravidades, --strict).",
)
@click.option("--strict", is_flag=True, help="Avisos também reprovam (saída 1).")
@click.option(
    "--select",
    multiple=True,
    metavar="CÓDIGOS",
    help="Só estas regras: códigos ou prefixos separados por vírgula (ex.: TCX2,TCX3); repetível. "
    "Substitui o select do tcxl.toml.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CÓDIGOS",
    help="Deixa de fora estas regras (ex.: TCX607 ou TCX4); repetível; soma-se ao ignore do tcxl.toml. "
    "Regras de arquivo ilegível são sempre informadas.",
)
@click.option(
    "--severity",
    multiple=True,
    metavar="CÓDIGO=GRAVIDADE",
    help="Muda a gravidade de regras: error, warning ou info (ex.: TCX4=error); repetível.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    default=None,
    help="Processos em paralelo (padrão: núcleos da máquina).",
)
@click.option(
    "--max-size", default="200MB", help="Recusa arquivos que se expandem além deste tamanho (bomba zip; padrão: 200MB)."
)
@click.option(
    "--annotate",
    "annotated",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="SAÍDA.xlsx",
    help="Grava uma cópia da planilha com cada constatação marcada na sua célula (cor e comentário) "
    "e uma aba 'Conferência' com links; só para um arquivo.",
)
@click.option(
    "--annotate-dir",
    "annotate_dir",
    type=click.Path(path_type=Path),
    metavar="PASTA",
    help="Grava em PASTA (criada se preciso) uma cópia anotada, como a de --annotate, de cada planilha "
    "com constatações; planilhas sem constatações ou ilegíveis não ganham cópia. Cada cópia tem o "
    "nome do arquivo conferido (sempre .xlsx) e as subpastas abaixo da pasta que contém todos os "
    "arquivos conferidos se repetem em PASTA (pasta/a/x.xlsx e pasta/b/x.xlsx viram PASTA/a/x.xlsx "
    "e PASTA/b/x.xlsx); um nome ainda repetido ganha o sufixo (2), (3)... As planilhas de dentro de "
    "PASTA não são conferidas ao percorrer uma pasta. Uma cópia que não pôde ser gravada dá uma "
    "linha de erro, as demais seguem e a saída é 2.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Com --annotate/--annotate-dir: anota mesmo se a planilha tiver gráficos/imagens (que não irão para a cópia).",
)
@click.option("--scheduler", metavar="ENDEREÇO", default=None, help=SCHEDULER_HELP)
@click.option("--shared-fs", is_flag=True, help=SHARED_FS_HELP)
def check_cmd(
    targets: tuple[Path, ...],
    fmt: str,
    quiet: bool,
    verbose: bool,
    strict: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    severity: tuple[str, ...],
    jobs: int | None,
    max_size: str,
    annotated: Path | None,
    annotate_dir: Path | None,
    force: bool,
    scheduler: str | None,
    shared_fs: bool,
) -> None:
    """Confere planilhas: fórmulas, totais, consistência entre abas, entradas e cadastro.

    Arquivos ou pastas (percorridas em busca de .xlsx); - lê a planilha da entrada padrão.
    Saída 0: tudo certo; 1: erros (ou avisos, com --strict); 2: um arquivo não pôde ser lido.
    As regras se escolhem com --select/--ignore/--severity e com um tcxl.toml (ou
    [tool.tcxl] no pyproject.toml) achado da pasta atual para cima; tcxl regras as lista.
    """
    from ..rules.config import resolve
    from ..sniff import parse_size

    limit = parse_size(max_size)
    if quiet and verbose:
        raise click.UsageError("use --quiet ou --verbose, não os dois")
    rules = resolve(None, select or None, ignore or None, severity or None, strict)
    if annotated is not None and annotate_dir is not None:
        raise click.UsageError("use --annotate (um arquivo) ou --annotate-dir (uma pasta), não os dois")
    if annotate_dir is not None and annotate_dir.exists() and not annotate_dir.is_dir():
        raise click.BadParameter(f"{annotate_dir} é um arquivo, não uma pasta", param_hint="--annotate-dir")
    if annotate_dir is not None and any(t.is_dir() and t.resolve() == annotate_dir.resolve() for t in targets):
        raise click.BadParameter(
            f"{annotate_dir} é uma das pastas conferidas; as cópias iriam para junto das "
            "planilhas (use, por exemplo, uma subpasta)",
            param_hint="--annotate-dir",
        )
    with ExitStack() as stack:
        if any(str(t) == STDIN_NAME for t in targets):  # the workbook piped in: spooled, reported as '-'
            spooled = stack.enter_context(stdin_workbook(limit))
            targets = tuple(spooled if str(t) == STDIN_NAME else t for t in targets)
        else:
            spooled = None
        code = _check(
            targets,
            fmt,
            quiet,
            verbose,
            rules,
            jobs,
            limit,
            annotated,
            annotate_dir,
            force,
            scheduler,
            shared_fs,
            spooled,
        )
    sys.exit(code)


def _check(
    targets, fmt, quiet, verbose, rules, jobs, limit, annotated, annotate_dir, force, scheduler, shared_fs, spooled
):
    """check_cmd's work once the targets are files on disk: returns the exit code."""
    from ..checks import check_many, expand
    from ..errors import reason

    files = expand(targets)
    if annotate_dir is not None:
        files = outside(files, annotate_dir, targets)
    if not files:
        raise TcxlError("nenhuma planilha .xlsx encontrada em " + ", ".join(map(str, targets)))
    if annotated is not None:
        if len(files) != 1:
            raise click.UsageError("--annotate anota uma planilha por vez (informe um único arquivo)")
        if annotated.suffix.lower() != ".xlsx":
            raise TcxlError(f"{annotated}: a cópia anotada deve ter extensão .xlsx")
        refuse_own_input(annotated, files, " (a cópia anotada vai para outro arquivo)")
    if annotate_dir is not None:
        try:
            annotate_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TcxlError(
                f"{annotate_dir}: não foi possível criar a pasta das cópias anotadas ({reason(exc)})"
            ) from None
    if verbose and fmt == "text":
        click.echo(rules_line(rules), err=True)
    with progress_bar(len(files), "conferindo") as progress, cluster(scheduler) as executor:
        batch = check_many(
            files,
            executor=executor,
            jobs=jobs,
            max_size=limit,
            progress=progress,
            ship_files=not shared_fs,
            config=rules,
            debug=bool(click.get_current_context().obj.get("debug")),
        )
    for report in batch.reports:
        if spooled is not None and report.file == str(spooled):
            report.file = STDIN_NAME
    if fmt == "json":
        click.echo(batch.to_json())
    else:
        for report in batch.reports:
            for line in text_lines(report, quiet):
                click.echo(line)
        s = batch.summary()
        click.echo(f"{s['files']} arquivo(s), {s['errors']} erro(s), {s['warnings']} aviso(s)", err=True)
    if annotated is not None:
        report = batch.reports[0]
        if report.readable:
            click.echo(f"anotado: {report.annotate(annotated, force=force)}", err=True)
    code = batch.exit_code()
    if annotate_dir is not None:
        from ..annotate import annotate_all

        failed = []

        def refused(file: str, exc: TcxlError) -> None:
            failed.append(file)
            for line in exc.lines():
                click.echo(f"erro: {line}", err=True)

        written = annotate_all(batch, annotate_dir, force=force, on_error=refused)
        copies = len({p for p in written.values() if p is not None})
        click.echo(f"anotadas: {copies} cópia(s) em {os.path.join(annotate_dir, '')}", err=True)
        code = 2 if failed else code
    return code


def status_line(report: Report) -> str:
    """A file's status line, after its findings: ``PATH: ok`` (no errors, no warnings),
    ``PATH: 2 erros, 1 aviso`` or ``PATH: ilegível (TCX003)``; the infos are counted at the
    end when there are any (``PATH: ok, 2 informações``)."""
    from ..display import counted, counts_text
    from ..findings import _CONTROLS
    from ..rules import registry

    if not report.readable:
        rules = registry()
        codes = dict.fromkeys(f.code for f in report.findings if rules[f.code].unreadable)
        text = f"{report.file}: ilegível ({', '.join(codes)})"
    else:
        if report.errors or report.warnings:
            counts = counts_text(report.errors, report.warnings, report.infos)
        else:
            counts = "ok" + (f", {counted(report.infos, 'informação', 'informações')}" if report.infos else "")
        text = f"{report.file}: {counts}"
    return text.translate(_CONTROLS)


def text_lines(report: Report, quiet: bool = False) -> list[str]:
    """A file's text report: its finding lines, then its status line. ``quiet``: only the
    findings that fail the file (errors; warnings too with ``strict``) and the status line of
    a file that failed or could not be read."""
    from ..findings import ERROR, WARNING

    if not quiet:
        return [*report.lines(), status_line(report)]
    failing = {ERROR, WARNING} if report.strict else {ERROR}
    lines = [f.line(report.file) for f in report.findings if f.severity in failing]
    return lines + ([status_line(report)] if not (report.ok and report.readable) else [])


def rules_line(rules: RuleConfig) -> str:
    """``--verbose``: the rules a check runs with, in one pt-BR line."""
    parts = [f"arquivo {rules.source}" if rules.source else "nenhum tcxl.toml"]
    parts.append("regras " + (", ".join(rules.select) if rules.select else "todas"))
    if rules.ignore:
        parts.append("ignoradas " + ", ".join(rules.ignore))
    if rules.severity:
        parts.append("gravidades " + ", ".join(f"{code}={level}" for code, level in rules.severity))
    if rules.strict:
        parts.append("avisos reprovam (--strict)")
    return "configuração: " + "; ".join(parts)


@click.command(cls=usage.Command, name="regras")
@click.argument("code", required=False, metavar="[CÓDIGO]")
def rules_cmd(code: str | None) -> None:
    """Lista as regras da conferência (código, gravidade, título) ou explica uma: tcxl regras TCX203.

    A lista mostra as escolhas do tcxl.toml (ou de [tool.tcxl] no pyproject.toml) achado da
    pasta atual para cima.
    """
    from ..rules.config import load_config
    from ..rules.pages import listing, page

    if code:
        click.echo(page(code))
        return
    config = load_config()
    for line in listing(config=None if config.default else config):
        click.echo(line)


@click.command(cls=usage.Command, name="schema")
def schema() -> None:
    """Imprime o JSON Schema (esquema) da especificação do projeto."""
    from ..model import Project

    click.echo(json.dumps(Project.model_json_schema(), ensure_ascii=False, indent=2))
