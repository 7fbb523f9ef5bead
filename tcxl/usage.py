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


# click's metavars and help marks, as a pt-BR help shows them
_METAVARS = {
    "TEXT": "TEXTO",
    "FILE": "ARQUIVO",
    "FILENAME": "ARQUIVO",
    "DIRECTORY": "PASTA",
    "PATH": "CAMINHO",
    "INTEGER RANGE": "N",
    "INTEGER": "N",
    "FLOAT RANGE": "NÚMERO",
    "FLOAT": "NÚMERO",
    "BOOLEAN": "SIM|NÃO",
}
_METAVAR = re.compile(r"(?<![\w.])(" + "|".join(sorted(_METAVARS, key=len, reverse=True)) + r")(?![\w.])")
_DATE_METAVAR = re.compile(r"\[%[^\]]*%[^\]]*\]")  # click.DateTime's '[%Y-%m-%d|%d/%m/%Y]'
_MARKS = (
    (re.compile(r"\brequired\b"), "obrigatório"),
    (re.compile(r"\bdefault: "), "padrão: "),
    (re.compile(r"\bx>=(\d+)"), r"a partir de \1"),
    (re.compile(r"\bx<=(\d+)"), r"até \1"),
    (re.compile(r"\benv var: "), "variável de ambiente: "),
)


def pt_term(term: str) -> str:
    """An option's help term with pt-BR metavars (``-o, --output FILE`` -> ``ARQUIVO``)."""
    return _METAVAR.sub(lambda m: _METAVARS[m.group(1)], _DATE_METAVAR.sub("DATA", term))


def pt_marks(text: str) -> str:
    """click's bracketed marks in pt-BR (``[required]`` -> ``[obrigatório]``, ``[x>=1]``)."""
    head, sep, marks = text.rpartition("  [")
    if not sep or not marks.endswith("]"):
        if text.startswith("[") and text.endswith("]"):
            head, marks = "", text[1:]
        else:
            return text
    for pattern, word in _MARKS:
        marks = pattern.sub(word, marks)
    return f"{head}{sep}{marks}" if sep else f"[{marks}"


class Formatter(click.HelpFormatter):
    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(pt_term(term), pt_marks(text)) for term, text in rows], col_max, col_spacing)

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = pt_term(args)
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


# click.Path's checks (its messages: "File '/tmp' is a directory.")
_PATH_PROBLEM = re.compile(
    r"^(File|Directory|Path) '(.*)' (is a directory|is a file|does not exist|is not readable|"
    r"is not writable|is not executable)\.?$"
)
_PATH_WORDS = {
    "is a directory": "é uma pasta; informe um arquivo",
    "is a file": "é um arquivo; informe uma pasta",
    "does not exist": "não existe",
    "is not readable": "sem permissão de leitura",
    "is not writable": "sem permissão de gravação",
    "is not executable": "sem permissão de execução",
}
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
        if isinstance(ptype, click.DateTime):
            found = _QUOTED.match(exc.message)
            value = f"'{found.group(1)}' " if found else ""
            return f"valor inválido para {name}: {value}não é uma data (use AAAA-MM-DD ou DD/MM/AAAA)"
        path = _PATH_PROBLEM.match(exc.message)
        if isinstance(ptype, click.Path) and path:
            return f"{path.group(2)}: {_PATH_WORDS[path.group(3)]}"
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
