"""What ``tcxl regras`` prints, and the docs site's table of rules, written from the registry.

Pure functions (no click, no printing): :func:`listing` gives the lines of ``tcxl regras``,
under a :class:`~tcxl.rules.config.RuleConfig` if one is given; :func:`page` gives the page of
``tcxl regras CODE``; :func:`markdown_table` gives the Markdown table of every rule that
docs/site/referencia/conferencia.md holds between ``<!-- rules:start -->`` and
``<!-- rules:end -->``. Regenerate it with::

    python -m tcxl.rules.pages --write-docs        # rewrites the table in the page (--write-readme: the same)
    python -m tcxl.rules.pages --check             # exit 1 when the page's table is out of date
    python -m tcxl.rules.pages                     # prints the table
"""

from __future__ import annotations

import difflib
import re
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import TcxlError
from ..findings import ERROR, INFO, SEVERITY_WORDS, WARNING
from . import Rule, registry
from .config import CONFIG_FILE, RuleConfig

GROUPS = {
    "0": "Arquivo",
    "1": "Estrutura",
    "2": "Fórmulas",
    "3": "Aritmética",
    "4": "Entre abas",
    "5": "Entradas",
    "6": "Cadastro",
}
WIDTH = 88  # a page's paragraphs
MAX_LINE = 100  # a line of the listing
INDENT = "  "
IGNORED = "(ignorada)"
ALWAYS = "(sempre)"  # an unreadable-file rule the configuration would have left out

START, END = "<!-- rules:start -->", "<!-- rules:end -->"
PAGE = Path(__file__).resolve().parents[2] / "docs" / "site" / "referencia" / "conferencia.md"


def _rules(rules: Mapping[str, Rule] | Iterable[Rule] | None) -> list[Rule]:
    if rules is None:
        return list(registry().values())
    if isinstance(rules, Mapping):
        return list(rules.values())
    return list(rules)


def _group(code: str) -> str:
    digit = code[3:4]
    name = GROUPS.get(digit)
    return f"TCX{digit}xx {name}" if name else f"TCX{digit}xx"


def _left_out(config: RuleConfig, code: str) -> bool:
    """Whether the configuration's select/ignore leave ``code`` out, unreadable rules aside."""
    chosen = not config.select or any(code.startswith(p) for p in config.select)
    return not chosen or any(code.startswith(p) for p in config.ignore)


def _status(rule: Rule, config: RuleConfig | None) -> str:
    """The gravidade column: the severity in pt-BR; under a configuration that changes the
    rule, ``(ignorada)``, or the configured severity with the default in parentheses."""
    default = SEVERITY_WORDS[rule.severity]
    if config is None:
        return default
    if rule.unreadable:
        return f"{default} {ALWAYS}" if _left_out(config, rule.code) else default
    if not config.selected(rule.code):
        return IGNORED
    level = config.severity_of(rule.code)
    return default if level == rule.severity else f"{SEVERITY_WORDS[level]} ({default})"


def listing(rules: Mapping[str, Rule] | Iterable[Rule] | None = None, config: RuleConfig | None = None) -> list[str]:
    """The lines ``tcxl regras`` prints: a header, then one line per rule (code, severity in
    pt-BR, title) under its group's heading, in code order. With ``config``, a rule it leaves
    out is marked ``(ignorada)`` and a changed severity reads ``erro (aviso)`` (configured,
    then the default). Every line fits in 100 columns."""
    chosen = sorted(_rules(rules), key=lambda r: r.code)
    statuses = {r.code: _status(r, config) for r in chosen}
    code_w = max([len("código")] + [len(r.code) for r in chosen])
    status_w = max([len("gravidade")] + [len(s) for s in statuses.values()])

    def row(code: str, status: str, title: str) -> str:
        line = f"{INDENT}{code:<{code_w}}  {status:<{status_w}}  {title}".rstrip()
        return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"

    out = [f"Regras do tcxl: {len(chosen)}. Para a página de uma: tcxl regras CÓDIGO (ex.: tcxl regras TCX203)."]
    if config is not None and not config.default:
        out += _config_lines(config)
    out += ["", row("código", "gravidade", "título")]
    group = None
    for r in chosen:
        if _group(r.code) != group:
            group = _group(r.code)
            out += ["", group]
        out.append(row(r.code, statuses[r.code], r.title))
    return out


def _config_lines(config: RuleConfig) -> list[str]:
    where = f" ({config.source})" if config.source else ""
    said = []
    if config.select:
        said.append("só " + ", ".join(config.select))
    if config.ignore:
        said.append("ignora " + ", ".join(config.ignore))
    if config.severity:
        said.append("gravidade " + ", ".join(f"{c}={SEVERITY_WORDS[s]}" for c, s in config.severity))
    lines = [f"Configuração{where}: " + ("; ".join(said) if said else "regras padrão") + "."]
    if config.severity:
        lines.append("Gravidade mudada: a configurada, e entre parênteses a padrão.")
    if config.strict:
        lines.append("--strict: todo aviso conta como erro.")
    if any(r.unreadable and _left_out(config, c) for c, r in registry().items()):
        lines.append(f"{ALWAYS}: regra de arquivo ilegível, sempre informada.")
    return [textwrap.fill(line, MAX_LINE, break_long_words=False, break_on_hyphens=False) for line in lines]


def _known(code: str) -> Rule:
    given = code.strip()
    key = given.upper()
    if key.isdigit():
        key = "TCX" + key.zfill(3)
    rules = registry()
    if key in rules:
        return rules[key]
    within = [c for c in rules if c.startswith(key)] if key.startswith("TCX") else []
    if within:  # a prefix: a group of rules
        shown = ", ".join(within[:3]) + (", …" if len(within) > 3 else "")
        raise TcxlError(f"'{given}' é um grupo de regras ({shown}); dê um código, ex.: tcxl regras {within[0]}")
    close = difflib.get_close_matches(key, list(rules), n=3, cutoff=0.5)
    hint = f"você quis dizer {' ou '.join(close)}? " if close else ""
    raise TcxlError(f"regra desconhecida: '{given}'; {hint}tcxl regras lista todas")


def _other_level(severity: str) -> str:
    return {ERROR: WARNING, WARNING: ERROR, INFO: WARNING}[severity]


def _wrap(text: str, indent: str = INDENT) -> list[str]:
    """A field's text wrapped at WIDTH columns: paragraphs (blank-line separated) are filled,
    ``- `` items keep their bullets, and lines that start indented (a formula, a table) stay
    as written."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        lines = para.splitlines()
        if out:
            out.append("")
        if any(line[:1].isspace() for line in lines):
            out += [indent + line.rstrip() for line in lines]
        elif all(line.lstrip().startswith(("- ", "• ")) for line in lines):
            for line in lines:
                out += textwrap.wrap(
                    line.strip(),
                    WIDTH,
                    initial_indent=indent,
                    subsequent_indent=indent + "  ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )
        else:
            out += textwrap.wrap(
                " ".join(line.strip() for line in lines),
                WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
    return out


def page(code: str) -> str:
    """The page of one rule, in pt-BR, as plain text for a terminal (``tcxl regras CODE``).
    ``code`` may be lowercase (``tcx203``); an unknown code raises :class:`TcxlError` with
    one line naming it and the closest codes."""
    r = _known(code)
    level = SEVERITY_WORDS[r.severity]
    lines = [f"{r.code} — {r.title}", ""]
    lines.append(f"Gravidade padrão: {level}")
    lines.append(
        "Torna o arquivo ilegível: sim — sempre informada, não pode ser ignorada"
        if r.unreadable
        else "Torna o arquivo ilegível: não"
    )
    for heading, text in (
        ("O que é", r.explanation),
        ("Exemplo errado", r.wrong),
        ("Exemplo certo", r.right),
        ("Como corrigir", r.fix),
    ):
        lines += ["", heading, *_wrap(text)]
    lines += ["", "Como mudar"]
    if r.unreadable:
        lines += _wrap(
            "Não pode ser ignorada nem mudar de gravidade: um arquivo que não foi lido não tem "
            "nada conferido, e ignorar o erro o faria parecer limpo. É sempre informada, como erro."
        )
    else:
        other = _other_level(r.severity)
        group = r.code[:4]
        lines += _wrap(
            f"Na linha de comando: --ignore {r.code} deixa de informá-la; --severity {r.code}={other} "
            f"a informa como {SEVERITY_WORDS[other]}; --select {group} confere só o grupo {group}xx. "
            f"Prefixos valem para grupos (--ignore {group}). --strict faz todo aviso contar como erro."
        )
        where = f"No {CONFIG_FILE} (ou na tabela [tool.tcxl] do pyproject.toml), procurado da pasta atual para cima:"
        ignore = f'ignore = ["{r.code}"]'
        lines += ["", *_wrap(where), ""]
        lines += [
            f"{INDENT}    {ignore:<24}# deixa de informá-la",
            "",
            f"{INDENT}    {'[severity]':<24}# ou: informa como {SEVERITY_WORDS[other]}",
            f'{INDENT}    {r.code} = "{other}"',
        ]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def markdown_table(rules: Mapping[str, Rule] | Iterable[Rule] | None = None) -> str:
    """The Markdown table of every rule (code | severity | title), in code order, as the docs
    page holds it between its markers; severities as ``--severity`` and ``tcxl.toml`` write them."""
    chosen = sorted(_rules(rules), key=lambda r: r.code)
    lines = ["| code | severity | title (pt-BR) |", "|---|---|---|"]
    for r in chosen:
        level = f"{r.severity}, unreadable" if r.unreadable else r.severity
        lines.append(f"| {r.code} | {level} | {_cell(r.title)} |")
    lines += [
        "",
        "*unreadable*: the file could not be read; always reported, as an error, whatever "
        "`--select`, `--ignore`, `--severity` or `tcxl.toml` say.",
    ]
    return "\n".join(lines) + "\n"


def readme_table(text: str) -> str:
    """What a page's text holds between the rules markers (raises ValueError without them)."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no {START} … {END} markers")
    return text[start + len(START) : end].strip("\n") + "\n"


def with_table(text: str) -> str:
    """A page's text with the generated table between its markers."""
    readme_table(text)  # the markers are there
    start, end = text.find(START) + len(START), text.find(END)
    return text[:start] + "\n" + markdown_table() + text[end:]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tcxl.rules.pages", description=(__doc__ or "").split("\n\n")[0])
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--write-docs", action="store_true", help="rewrite the table between the markers")
    how.add_argument("--write-readme", dest="write_docs", action="store_true", help="the same as --write-docs")
    how.add_argument("--check", action="store_true", help="exit 1 when the page's table is out of date")
    parser.add_argument(
        "page", nargs="?", default=str(PAGE), help="default: the repository's docs/site/referencia/conferencia.md"
    )
    args = parser.parse_args(argv)
    if not (args.write_docs or args.check):
        print(markdown_table(), end="")
        return 0
    path = Path(args.page)
    text = path.read_text(encoding="utf-8")
    if args.check:
        current = readme_table(text) == markdown_table()
        state = "up to date" if current else "out of date: python -m tcxl.rules.pages --write-docs"
        print(f"{path}: table of rules {state}")
        return 0 if current else 1
    new = with_table(text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    print(f"{path}: table of rules {'rewritten' if new != text else 'already up to date'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
