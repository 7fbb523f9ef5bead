"""click, speaking pt-BR: usage errors as one line, help headings and the help option.

click marks its texts for gettext but ships no pt-BR catalogue, and a usage error prints
four English lines (usage, hint, blank, ``Error: …``). SPEC §5 wants one pt-BR line and
exit 2, like every other user error. So the usage error is rebuilt from the exception's
own fields (the parameter, the option name, click's suggestions) rather than by
translating its English text, and the few help headings click writes are renamed by a
formatter subclass.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

import click

HELP_TEXT = "Mostra esta ajuda e sai."
_SECTIONS = {"Options": "Opções", "Commands": "Comandos", "Arguments": "Argumentos"}


class Formatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(
            prog,
            args.replace("[OPTIONS]", "[OPÇÕES]").replace("COMMAND [ARGS]...", "COMANDO [ARGUMENTOS]..."),
            prefix="Uso: " if prefix is None else prefix,
        )

    def section(self, name: str):
        return super().section(_SECTIONS.get(name, name))


class Context(click.Context):
    formatter_class = Formatter


if TYPE_CHECKING:  # the type checker sees the click.Command the mixin is always combined with
    _MixinBase = click.Command
else:
    _MixinBase = object


class PtBr(_MixinBase):
    """Mixin for click commands and groups: pt-BR help option and headings."""

    context_class = Context

    def get_help_option(self, ctx: click.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(PtBr, click.Command):
    pass


def unknown_command(name: str, known: list[str]) -> click.UsageError:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; você quis dizer '{close[0]}'?" if close else f"; comandos: {', '.join(sorted(known))}"
    return click.UsageError(f"comando desconhecido: '{name}'{hint}")


def _param_name(param: click.Parameter | None, hint: str | None = None) -> str:
    if hint:
        return hint
    if param is None:
        return "o parâmetro"
    if isinstance(param, click.Argument):
        return param.human_readable_name
    return "/".join(param.opts)


_EXTRA = re.compile(r"^Got unexpected extra arguments? \((.*)\)$")
_QUOTED = re.compile(r"^'((?:[^'\\]|\\.)*)'")


def message(exc: click.UsageError) -> str:
    """The pt-BR line for a usage error (without the leading ``erro:``)."""
    if isinstance(exc, click.MissingParameter):
        if isinstance(exc.param, click.Argument):
            return f"falta o argumento {_param_name(exc.param)} (veja tcxl {_command(exc)} --help)"
        return f"falta a opção {_param_name(exc.param)} (veja tcxl {_command(exc)} --help)"
    if isinstance(exc, click.NoSuchOption):
        close = sorted(exc.possibilities or [])
        hint = f"; você quis dizer {' ou '.join(close)}?" if close else f" (veja tcxl {_command(exc)} --help)"
        return f"opção desconhecida: {exc.option_name}{hint}"
    if isinstance(exc, click.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"a opção {exc.option_name} precisa de um valor"
        return f"uso inválido da opção {exc.option_name}: {exc.message}"
    if isinstance(exc, click.BadParameter):
        name = _param_name(exc.param, exc.param_hint if isinstance(exc.param_hint, str) else None)
        ptype = getattr(exc.param, "type", None)
        if isinstance(ptype, click.Choice):
            found = _QUOTED.match(exc.message)
            value = f" '{found.group(1)}'" if found else ""
            return f"valor inválido para {name}:{value} não é um de {', '.join(map(str, ptype.choices))}"
        if isinstance(ptype, (click.IntRange, click.types.IntParamType)):
            return f"valor inválido para {name}: use um número inteiro{_range(ptype)}"
        return f"valor inválido para {name}: {exc.message}"
    extra = _EXTRA.match(exc.message)
    if extra:
        return f"argumento a mais: {extra.group(1)} (veja tcxl {_command(exc)} --help)"
    if exc.message == "Missing command.":
        return "falta o comando (veja tcxl --help)"
    return exc.message


def _range(ptype) -> str:
    low = getattr(ptype, "min", None)
    return f" a partir de {low}" if low is not None else ""


def _command(exc: click.UsageError) -> str:
    ctx = exc.ctx
    return (ctx.info_name or "") if ctx is not None and ctx.parent is not None else ""
