"""Command line: a thin click layer over the typed core (SPEC §5).

Exit codes: 0 ok; 1 findings of severity error; 2 unreadable input or misuse. User
errors print one line each on stderr and never a traceback (``--debug`` shows it).
Heavy libraries are imported inside the commands so ``tcxl --help`` stays fast.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, usage
from .errors import TcxlError


class _Group(usage.PtBr, click.Group):
    """Turn TcxlError, usage errors (and unexpected crashes) into one clean pt-BR line and
    exit code 2."""

    command_class = usage.Command

    def main(self, args=None, prog_name=None, **extra):
        extra.pop("standalone_mode", None)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as exc:
            if isinstance(exc, click.exceptions.NoArgsIsHelpError):
                click.echo(exc.ctx.get_help())
                sys.exit(0)
            click.echo(f"erro: {usage.message(exc)}", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("interrompido", err=True)
            sys.exit(130)
        except click.ClickException as exc:
            click.echo(f"erro: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            raise usage.unknown_command(args[0], self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TcxlError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            for line in exc.lines():
                click.echo(f"erro: {line}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug in tcxl: still one line, unless --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(
                f"erro inesperado do tcxl ({exc.__class__.__name__}: {exc}); rode com --debug e reporte o problema",
                err=True,
            )
            ctx.exit(2)


@contextmanager
def _progress(count: int, label: str):
    """A per-file callback drawing a progress bar on stderr, when it is a terminal and there
    are many files; None otherwise."""
    if not (sys.stderr.isatty() and count >= 10):
        yield None
        return
    with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
        yield lambda _: bar.update(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="tcxl", help="Mostra a versão e sai.", message="%(prog)s, versão %(version)s"
)
@click.option("--debug", is_flag=True, help="Mostra o traceback completo dos erros / show tracebacks.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """tcxl: planilhas oficiais de projetos PROADI-SUS — gera, lê, confere e resume.

    Build, read, check and summarize PROADI-SUS project workbooks.
    """
    ctx.ensure_object(dict)["debug"] = debug
    # SIGTERM (a scheduler's timeout, `kill`) unwinds like Ctrl+C, so a write in progress
    # removes its temporary file and leaves the previous output as it was
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


@contextmanager
def _cluster(address: str | None):
    """A Dask executor on the cluster at ``address`` (None: local processes)."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise TcxlError("--scheduler requer o Dask: pip install 'tcxl[dask]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise TcxlError(
            f"{address}: não foi possível conectar ao agendador do Dask ({exc.__class__.__name__})"
        ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()


SCHEDULER_HELP = "Endereço de um cluster Dask (ex.: tcp://agendador:8786) onde rodar o trabalho de cada arquivo."
SHARED_FS_HELP = "Com --scheduler: os workers enxergam os mesmos caminhos (sem isso, cada arquivo vai com a tarefa)."


@main.command("build-template")
@click.argument("spec", required=False, type=click.Path(dir_okay=False, path_type=Path), metavar="[SPEC]")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha .xlsx a gerar / output workbook.",
)
@click.option("--password", default="", help="Senha da proteção das abas (padrão: sem senha).")
def build_template(spec: Path | None, output: Path, password: str) -> None:
    """Gera a planilha oficial a partir de SPEC (YAML/JSON); sem SPEC, o modelo em branco.

    Build the official workbook from a project spec; without SPEC, the blank template.
    """
    from .build import build_workbook
    from .model import Project

    if spec is not None and not spec.exists():
        raise TcxlError(f"{spec}: arquivo não encontrado")
    if output.suffix.lower() != ".xlsx":
        raise TcxlError(f"{output}: o arquivo de saída deve ter extensão .xlsx")
    project = Project.from_file(spec) if spec is not None else None
    path = build_workbook(project, output, password=password)
    click.echo(f"gerado: {path}")


@main.command("check")
@click.argument(
    "targets", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False), metavar="ARQUIVO_OU_PASTA..."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    help="Saída em texto (uma constatação por linha; padrão) ou um documento JSON.",
)
@click.option("--strict", is_flag=True, help="Avisos também reprovam (saída 1) / warnings fail too.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1),
    default=None,
    help="Processos em paralelo (padrão: núcleos da máquina) / parallel processes.",
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
    strict: bool,
    jobs: int | None,
    max_size: str,
    annotated: Path | None,
    annotate_dir: Path | None,
    force: bool,
    scheduler: str | None,
    shared_fs: bool,
) -> None:
    """Confere planilhas: fórmulas, totais, consistência entre abas, entradas e cadastro.

    Check workbooks (files or folders, walked for .xlsx). Exit 0 ok; 1 errors (or warnings
    with --strict); 2 a file could not be read.
    """
    from .checks import check_many, expand
    from .errors import reason
    from .sniff import parse_size

    limit = parse_size(max_size)
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
    files = expand(targets)
    if annotate_dir is not None:
        files = _outside(files, annotate_dir, targets)
    if not files:
        raise TcxlError("nenhuma planilha .xlsx encontrada em " + ", ".join(map(str, targets)))
    if annotated is not None:
        if len(files) != 1:
            raise click.UsageError("--annotate anota uma planilha por vez (informe um único arquivo)")
        if annotated.suffix.lower() != ".xlsx":
            raise TcxlError(f"{annotated}: a cópia anotada deve ter extensão .xlsx")
        _refuse_own_input(annotated, files, " (a cópia anotada vai para outro arquivo)")
    if annotate_dir is not None:
        try:
            annotate_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TcxlError(
                f"{annotate_dir}: não foi possível criar a pasta das cópias anotadas ({reason(exc)})"
            ) from None
    with _progress(len(files), "conferindo") as progress, _cluster(scheduler) as executor:
        batch = check_many(
            files,
            executor=executor,
            jobs=jobs,
            strict=strict,
            max_size=limit,
            progress=progress,
            ship_files=not shared_fs,
        )
    if fmt == "json":
        click.echo(batch.to_json())
    else:
        for report in batch.reports:
            for line in report.lines():
                click.echo(line)
        s = batch.summary()
        click.echo(f"{s['files']} arquivo(s), {s['errors']} erro(s), {s['warnings']} aviso(s)", err=True)
    if annotated is not None:
        report = batch.reports[0]
        if report.readable:
            click.echo(f"anotado: {report.annotate(annotated, force=force)}", err=True)
    code = batch.exit_code()
    if annotate_dir is not None:
        from .annotate import annotate_all

        failed = []

        def refused(file: str, exc: TcxlError) -> None:
            failed.append(file)
            for line in exc.lines():
                click.echo(f"erro: {line}", err=True)

        written = annotate_all(batch, annotate_dir, force=force, on_error=refused)
        copies = len({p for p in written.values() if p is not None})
        click.echo(f"anotadas: {copies} cópia(s) em {os.path.join(annotate_dir, '')}", err=True)
        code = 2 if failed else code
    sys.exit(code)


def _outside(files: list[str], folder: Path, targets) -> list[str]:
    """``files`` without those a folder walk found inside ``folder`` (the annotated copies of an
    earlier run, when the output folder sits in a checked folder); files named one by one stay."""
    inside = os.path.abspath(folder)
    named = {os.path.abspath(t) for t in targets if not Path(t).is_dir()}
    kept = []
    for f in files:
        path = os.path.abspath(f)
        try:
            walked_into = path not in named and os.path.commonpath([inside, path]) == inside
        except ValueError:  # another drive (Windows)
            walked_into = False
        if not walked_into:
            kept.append(f)
    return kept


def _refuse_own_input(output: Path, inputs, hint: str = "") -> None:
    """An output that is one of the command's inputs (resolved, through symlinks) would be
    overwritten while being read: refused before anything is read or written."""
    target = output.resolve()
    for path in inputs:
        if Path(path).resolve() == target:
            raise TcxlError(f"{output}: a saída é um dos arquivos de entrada{hint}; escolha outro nome")


@main.command("fill")
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

    Fill the input cells of a workbook from data; never overwrites the input unless --in-place.
    """
    from .filling import fill, load_values

    if in_place == (output is not None):
        raise TcxlError("informe -o SAÍDA.xlsx ou --in-place (um dos dois)")
    if output is not None:
        _refuse_own_input(output, [template, *data], " (use --in-place para gravar sobre a planilha)")
    values: dict = {}
    for path in data:
        for name, frame in load_values(path).items():
            if name in values:
                raise TcxlError(f"{path}: a tabela {name} já veio de outro arquivo de valores")
            values[name] = frame
    if not any(len(frame) for frame in values.values()):
        raise TcxlError(f"{', '.join(map(str, data))}: nenhum valor a gravar (tabelas vazias)")
    out = fill(template, values, output, force=force)
    click.echo(f"gravado: {out}")


@main.command("recalc")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="PLANILHA")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Planilha recalculada a gravar / recalculated workbook.",
)
def recalc_cmd(file: Path, output: Path) -> None:
    """Recalcula a planilha no LibreOffice (headless) e grava os resultados das fórmulas.

    Recalculate with LibreOffice headless so viewers that do not recalculate show right totals.
    """
    import shutil
    import tempfile

    from . import libreoffice
    from .atomic import atomic_write
    from .sniff import sniff

    sniff(file)
    _refuse_own_input(output, [file], " (a planilha recalculada vai para outro arquivo)")
    if libreoffice.soffice() is None:
        raise TcxlError(libreoffice.INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="tcxl-recalc-") as work, atomic_write(output, ".xlsx") as tmp:
        shutil.copyfile(libreoffice.convert(file, work, "xlsx"), tmp)
    click.echo(f"recalculado: {output}")


@main.command("summarize")
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
    help="Planilha consolidada .xlsx / consolidated workbook.",
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

    Consolidated semester summary of one or many workbooks (files or folders).
    """
    from .checks import expand
    from .summary import summarize, write_summary, write_tables

    if output.suffix.lower() != ".xlsx":
        raise TcxlError(f"{output}: o resumo deve ter extensão .xlsx")
    if parquet_dir is not None:
        from .exports import require_pyarrow

        require_pyarrow()
    files = expand(targets)
    _refuse_own_input(output, files)
    with _progress(len(files), "resumindo") as progress, _cluster(scheduler) as executor:
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
        from .atomic import atomic_write

        _refuse_own_input(json_path, files)
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
    from .periods import check_semester_form

    try:
        return check_semester_form(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="PLANILHA")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Pasta (csv, parquet) ou arquivo (json, xlsx) de saída / output folder or file.",
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
    help="CSV para o Excel em português: ';', vírgula decimal e UTF-8 com BOM (padrão: CSV tidy).",
)
def export_cmd(file: Path, output: Path, fmt: str | None, excel_csv: bool) -> None:
    """Exporta as tabelas da planilha (financeiro, desembolso, cronograma, matriz).

    Export the tidy tables of a workbook. Exit 1 when a table could not be located.
    """
    from .exports import export
    from .read import read_workbook

    fmt = fmt or {".json": "json", ".xlsx": "xlsx", ".parquet": "parquet"}.get(output.suffix.lower(), "csv")
    if excel_csv and fmt != "csv":
        raise click.UsageError("--excel-csv vale só para CSV (--to csv)")
    _refuse_own_input(output, [file])
    wb = read_workbook(file)
    for path in export(wb, output, fmt, excel_csv):
        click.echo(f"gravado: {path}")
    for f in wb.findings:
        click.echo(f.line(str(file)), err=True)
    if any(f.severity == "error" for f in wb.findings):
        sys.exit(1)


@main.command("diff")
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

    What changed between two versions of a project. Exit 0 nothing changed; 1 something did;
    2 a file could not be read.
    """
    from .changes import blocks, diff, lines, write_diff

    if output is not None:
        if output.suffix.lower() != ".xlsx":
            raise TcxlError(f"{output}: a planilha de diferenças deve ter extensão .xlsx")
        _refuse_own_input(output, [old, new])
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


@main.command("schema")
def schema() -> None:
    """Imprime o JSON Schema da especificação do projeto / print the spec's JSON Schema."""
    from .model import Project

    click.echo(json.dumps(Project.model_json_schema(), ensure_ascii=False, indent=2))


def run() -> None:  # pragma: no cover - console entry point
    main(prog_name="tcxl")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(prog_name="tcxl"))
