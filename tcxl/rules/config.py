"""Which rules run and how severe they are, chosen like a linter's (SPEC §3.2).

``select`` and ``ignore`` take codes or prefixes (``TCX4`` is every TCX4xx; ``TCX`` is all);
``severity`` maps codes or prefixes to ``error``/``warning``/``info``, the longest prefix
winning; ``strict`` makes every warning fail the file. They come from the command line, the
API, or a configuration file found from the current folder upward: ``tcxl.toml`` (top-level
keys) or the ``[tool.tcxl]`` table of a ``pyproject.toml``. A rule that makes the file
unreadable (TCX001, …) is always reported, as an error: ignoring it cannot make a file
that was not read look clean.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import TcxlError
from ..findings import Finding
from . import SEVERITIES, registry

CONFIG_FILE = "tcxl.toml"


@dataclass(frozen=True)
class RuleConfig:
    """A choice of rules: which run and how severe they are (frozen).

    Build it with :meth:`make` (validated) or :func:`load_config` (from ``tcxl.toml``);
    pass it as ``config=`` to :func:`tcxl.check`, :func:`tcxl.check_many` or
    :func:`tcxl.summarize`. Rules that mean the file could not be read are always
    reported, as errors.

    Attributes
    ----------
    select : tuple of str
        Codes or prefixes (``"TCX2"``) reported; empty: every rule.
    ignore : tuple of str
        Codes or prefixes left out.
    severity : tuple of (str, str)
        ``(code or prefix, level)`` pairs; the longest prefix wins.
    strict : bool
        Every warning counts as an error.
    source : str
        The configuration file it was read from, if any.

    Examples
    --------
    >>> import tcxl
    >>> config = tcxl.RuleConfig.make(ignore="TCX506", severity={"TCX4": "error"})
    >>> config.selected("TCX506"), config.severity_of("TCX401")
    (False, 'error')
    >>> tcxl.check("samples/tc60_2017.xlsx", config=config).findings
    []
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    strict: bool = False
    source: str = ""  # the configuration file it was read from, if any

    @classmethod
    def make(
        cls,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        severity: Mapping[str, str] | Iterable[str] | str | None = None,
        strict: bool = False,
        source: str = "",
    ) -> RuleConfig:
        """A validated configuration.

        Parameters
        ----------
        select, ignore : str or iterable of str, optional
            Codes or prefixes; a comma-separated string or a list.
        severity : mapping or ``"CODE=level"`` items, optional
            Levels ``error``, ``warning`` or ``info`` per code or prefix.
        strict : bool
            Every warning counts as an error.
        source : str, optional
            The file the choices came from, named in the errors.

        Returns
        -------
        RuleConfig

        Raises
        ------
        TcxlError
            A code or prefix that names no rule, or an unknown level (one pt-BR line).

        Examples
        --------
        >>> import tcxl
        >>> tcxl.RuleConfig.make("TCX2,TCX3").select
        ('TCX2', 'TCX3')
        >>> try:
        ...     tcxl.RuleConfig.make(select="TCX9")
        ... except tcxl.TcxlError:
        ...     print("recusado")
        recusado
        """
        where = f"{source}: " if source else ""
        return cls(
            _codes(select, f"{where}select"),
            _codes(ignore, f"{where}ignore"),
            _severities(severity, f"{where}severity"),
            bool(strict),
            source,
        )

    def merged(
        self,
        select: Iterable[str] | str | None = None,
        ignore: Iterable[str] | str | None = None,
        severity: Mapping[str, str] | Iterable[str] | str | None = None,
        strict: bool = False,
    ) -> RuleConfig:
        """This configuration (a file's) under the command line's or the caller's choices:
        ``select`` replaces the file's, ``ignore`` adds to it, ``severity`` overrides per code."""
        given = RuleConfig.make(select, ignore, severity)
        return dataclasses.replace(
            self,
            select=given.select or self.select,
            ignore=tuple(dict.fromkeys(self.ignore + given.ignore)),
            severity=self.severity + given.severity,
            strict=self.strict or bool(strict),
        )

    def selected(self, code: str) -> bool:
        """Whether findings of ``code`` are reported under this choice."""
        if registry()[code].unreadable:
            return True
        chosen = not self.select or any(code.startswith(p) for p in self.select)
        return chosen and not any(code.startswith(p) for p in self.ignore)

    def severity_of(self, code: str) -> str:
        """The severity findings of ``code`` get under this choice."""
        rule = registry()[code]
        if rule.unreadable:
            return rule.severity
        best, chosen = -1, rule.severity
        for prefix, level in self.severity:  # the longest prefix wins; a later equal one too
            if code.startswith(prefix) and len(prefix) >= best:
                best, chosen = len(prefix), level
        return chosen

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings of selected rules, with the severities chosen."""
        out = []
        for f in findings:
            if not self.selected(f.code):
                continue
            level = self.severity_of(f.code)
            out.append(f if level == f.severity else dataclasses.replace(f, severity=level))
        return out

    def runs_any(self, codes: Iterable[str]) -> bool:
        """Whether a check that emits ``codes`` has anything to report under this choice."""
        return any(self.selected(c) for c in codes)

    @property
    def default(self) -> bool:
        return not (self.select or self.ignore or self.severity or self.strict)

    def to_dict(self) -> dict[str, Any]:
        """The configuration as the JSON report states it."""
        return {
            "select": list(self.select),
            "ignore": list(self.ignore),
            "severity": dict(self.severity),
            "strict": self.strict,
            "source": self.source,
        }


def _codes(given: Iterable[str] | str | None, what: str) -> tuple[str, ...]:
    if given is None:
        return ()
    items = given.split(",") if isinstance(given, str) else [p for g in given for p in str(g).split(",")]
    out = []
    for item in (i.strip().upper() for i in items):
        if not item:
            continue
        if not any(code.startswith(item) for code in registry()):
            raise TcxlError(f"{what}: '{item}' não é código nem prefixo de nenhuma regra (veja tcxl regras)")
        out.append(item)
    return tuple(dict.fromkeys(out))


def _severities(given: Mapping[str, str] | Iterable[str] | str | None, what: str) -> tuple[tuple[str, str], ...]:
    if given is None:
        return ()
    if isinstance(given, str):
        given = [given]
    pairs: list[tuple[str, Any]] = []
    if isinstance(given, Mapping):
        pairs = list(given.items())
    else:  # "CODE=level" items, each possibly several separated by commas, as codes are
        for item in (i for g in given for i in str(g).split(",") if i.strip()):
            code, sep, level = item.partition("=")
            if not sep:
                raise TcxlError(f"{what}: '{item}' deve ser CÓDIGO=gravidade (ex.: TCX4=error)")
            pairs.append((code, level))
    out = []
    for code, level in pairs:
        prefix = _codes([str(code)], what)
        word = str(level).strip().lower()
        if word not in SEVERITIES:
            raise TcxlError(f"{what}: gravidade '{level}' para {code}; use error, warning ou info")
        out += [(p, word) for p in prefix]
    return tuple(out)


def find_config_file(start: str | os.PathLike[str] | None = None) -> tuple[Path, dict] | None:
    """The nearest ``tcxl.toml``, or ``pyproject.toml`` with a ``[tool.tcxl]`` table, from
    ``start`` (the current folder) upward, with its settings; None when there is none."""
    folder = Path(start or os.getcwd()).resolve()
    for here in (folder, *folder.parents):
        own = here / CONFIG_FILE
        if own.is_file():
            return own, _toml(own)
        project = here / "pyproject.toml"
        if project.is_file():
            table = _toml(project).get("tool", {}).get("tcxl")
            if table is not None:
                return project, table
    return None


def load_config(start: str | os.PathLike[str] | None = None) -> RuleConfig:
    """The configuration file's choice of rules, else the default (every rule).

    The nearest ``tcxl.toml``, or ``pyproject.toml`` with a ``[tool.tcxl]`` table, from
    ``start`` upward wins; its keys are ``select``, ``ignore``, ``strict`` and a
    ``[severity]`` table.

    Parameters
    ----------
    start : str or os.PathLike, optional
        The folder to look from (default: the current folder).

    Returns
    -------
    RuleConfig
        With ``source`` naming the file read (empty when none was found).

    Raises
    ------
    TcxlError
        The file cannot be parsed, or holds an unknown key, code or level.

    Examples
    --------
    >>> import pathlib, tempfile, tcxl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "tcxl.toml").write_text('ignore = ["TCX506"]\\n[severity]\\nTCX4 = "error"\\n')
    >>> config = tcxl.load_config(folder)
    >>> config.ignore, config.severity, config.source.endswith("tcxl.toml")
    (('TCX506',), (('TCX4', 'error'),), True)
    """
    found = find_config_file(start)
    if found is None:
        return RuleConfig()
    path, settings = found
    unknown = sorted(set(settings) - {"select", "ignore", "severity", "strict"})
    if unknown:
        raise TcxlError(f"{path}: chave desconhecida {', '.join(unknown)} (use select, ignore, severity, strict)")
    return RuleConfig.make(
        settings.get("select"),
        settings.get("ignore"),
        settings.get("severity"),
        settings.get("strict", False),
        str(path),
    )


def _toml(path: Path) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise TcxlError(f"{path}: arquivo de configuração inválido ({exc})") from None
    except OSError as exc:
        from ..errors import reason

        raise TcxlError(f"{path}: não foi possível ler a configuração ({reason(exc)})") from None


def resolve(
    config: RuleConfig | str | os.PathLike[str] | None = None,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    severity: Mapping[str, str] | Iterable[str] | str | None = None,
    strict: bool = False,
) -> RuleConfig:
    """The configuration a check runs with: ``config`` (a RuleConfig; a folder to look for the
    configuration file from; None: the current folder) under the given choices."""
    base = config if isinstance(config, RuleConfig) else load_config(config)
    return base.merged(select, ignore, severity, strict)


__all__ = ["RuleConfig", "load_config", "find_config_file", "resolve", "CONFIG_FILE"]
