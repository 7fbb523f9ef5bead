"""Command line: a thin click layer over the typed core (SPEC §5).

Exit codes: 0 ok; 1 findings of severity error; 2 unreadable input or misuse. User
errors print one line each on stderr and never a traceback (``--debug`` shows it).
Heavy libraries are imported inside the commands so ``tcxl --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import signal
import sys

import click

from .. import __version__, usage
from ..errors import TcxlError
from .check import check_cmd, rules_cmd, schema
from .rebuild import rebuild_cmd, spec_cmd
from .summary import summarize_cmd
from .workbooks import build_template, diff_cmd, export_cmd, fill_cmd, recalc_cmd


def _tolerant_console() -> None:
    """A console that cannot show a character (a Windows console in cp1252 and ``→``) shows
    ``?`` instead of crashing the command (UnicodeEncodeError) after its work is done."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "errors", None) or "strict") == "strict":
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot be reconfigured keeps its manners
                reconfigure(errors="replace")


class _Group(usage.PtBr, click.Group):
    """Turn TcxlError, usage errors (and unexpected crashes) into one clean pt-BR line and
    exit code 2."""

    command_class = usage.Command

    def main(self, args=None, prog_name=None, **extra):
        extra.pop("standalone_mode", None)
        _tolerant_console()
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="tcxl", help="Mostra a versão e sai.", message="%(prog)s, versão %(version)s"
)
@click.option("--debug", is_flag=True, help="Mostra o traceback (rastro da pilha) completo dos erros.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """tcxl: planilhas oficiais de projetos PROADI-SUS — gera, lê, confere e resume.

    Use tcxl COMANDO --help para as opções de cada comando.
    """
    ctx.ensure_object(dict)["debug"] = debug
    # SIGTERM (a scheduler's timeout, `kill`) unwinds like Ctrl+C, so a write in progress
    # removes its temporary file and leaves the previous output as it was
    signal.signal(signal.SIGTERM, _terminated)


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


for _command in (
    build_template,
    check_cmd,
    fill_cmd,
    recalc_cmd,
    summarize_cmd,
    export_cmd,
    diff_cmd,
    rules_cmd,
    schema,
    rebuild_cmd,
    spec_cmd,
):
    main.add_command(_command)


def run() -> None:  # pragma: no cover - console entry point
    main(prog_name="tcxl")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(prog_name="tcxl"))
