"""Error types raised by tcxl.

Every error a user can cause is a :class:`TcxlError`; the CLI prints its message
(one line per problem) and exits with code 2, without a traceback.
"""

from __future__ import annotations

import errno


class TcxlError(Exception):
    """A user-facing error: bad input file, bad spec, misuse. Message is pt-BR.

    Every error a user can cause derives from it (:class:`SpecError`, :class:`FillError`, an
    unreadable file); the CLI prints :meth:`lines` and exits with :attr:`exit_code`.

    Attributes
    ----------
    exit_code : int
        The CLI's exit code for it (2).

    Examples
    --------
    >>> import tcxl
    >>> try:
    ...     tcxl.read_workbook("samples/projeto_exemplo.yaml")
    ... except tcxl.TcxlError as exc:
    ...     print(exc.exit_code, "não é uma planilha .xlsx" in str(exc))
    2 True
    """

    exit_code = 2

    def lines(self) -> list[str]:
        """The message as lines, one per problem."""
        return [str(self)]


class SpecError(TcxlError):
    """An invalid project spec: every problem found, each naming its field.

    Parameters
    ----------
    problems : list of (str, str)
        ``(field_path, message)`` pairs, e.g. ``("entity.cnpj", "CNPJ inválido: …")``.
    source : str, optional
        The spec file, which :meth:`lines` puts before each problem.

    Examples
    --------
    >>> import tcxl
    >>> try:
    ...     tcxl.Project.from_file("samples/tc60_2017_realizado.json")
    ... except tcxl.SpecError as exc:
    ...     print(exc.lines()[0])
    samples/tc60_2017_realizado.json: _comment: campo desconhecido
    """

    def __init__(self, problems: list[tuple[str, str]], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{path}: {msg}" if path else f"{prefix}{msg}" for path, msg in self.problems]


# OS error causes in pt-BR (an OSError's own text is English)
_REASONS = {
    errno.EACCES: "sem permissão",
    errno.EPERM: "operação não permitida",
    errno.ENOENT: "não existe",
    errno.ENOSPC: "disco cheio",
    errno.EDQUOT: "cota de disco esgotada",
    errno.EFBIG: "arquivo grande demais para o limite do sistema",
    errno.EROFS: "disco somente leitura",
    errno.EISDIR: "é uma pasta",
    errno.ENOTDIR: "um dos nomes do caminho não é uma pasta",
    errno.ENAMETOOLONG: "nome longo demais",
    errno.EIO: "erro de leitura/gravação no disco",
    errno.ENXIO: "dispositivo inexistente",
    errno.EBUSY: "em uso por outro programa",
    errno.ETXTBSY: "em uso por outro programa",
    errno.EEXIST: "já existe",
    errno.EXDEV: "em outro disco",
}


def reason(exc: BaseException) -> str:
    """An OS error's cause in pt-BR (the system's English text for causes not listed)."""
    code = getattr(exc, "errno", None)
    known = _REASONS.get(code) if isinstance(code, int) else None
    return known or getattr(exc, "strerror", None) or str(exc)


# what the JSON and YAML parsers say, in pt-BR (their messages start with these words)
_SYNTAX = (
    ("Expecting property name enclosed in double quotes", "esperava um nome de campo entre aspas duplas"),
    ("Expecting value", "esperava um valor"),
    ("Expecting ',' delimiter", "faltou uma vírgula"),
    ("Expecting ':' delimiter", "faltaram os dois-pontos"),
    ("Extra data", "há texto depois do fim do documento"),
    ("Unterminated string", "um texto abre aspas e não fecha"),
    ("Invalid control character", "caractere de controle dentro de um texto"),
    ("Invalid \\escape", "escape inválido (\\) dentro de um texto"),
    ("mapping values are not allowed here", "dois-pontos fora de lugar (falta um espaço ou a indentação está errada)"),
    ("could not find expected ':'", "faltaram os dois-pontos de uma chave"),
    ("found character '\\t' that cannot start any token", "tabulação na indentação (use espaços)"),
    ("found character", "caractere que não pode começar um valor"),
    ("expected <block end>", "indentação inconsistente"),
    ("expected ',' or ']'", "lista sem ']' de fechamento ou sem vírgula"),
    ("expected ',' or '}'", "objeto sem '}' de fechamento ou sem vírgula"),
    ("found unexpected end of stream", "o arquivo termina no meio de um valor"),
    ("found undefined alias", "apelido (*nome) não definido"),
    ("found duplicate anchor", "âncora (&nome) repetida"),
    ("while scanning a quoted scalar", "um texto abre aspas e não fecha"),
    ("while scanning a simple key", "faltaram os dois-pontos de uma chave"),
)


def syntax_error(exc: BaseException) -> str:
    """A JSON or YAML parse error in pt-BR, with its line and column: ``linha 2, coluna 13:
    esperava um nome de campo entre aspas duplas``. The parsers speak English; their position
    fields are read, and the known messages translated (others: ``sintaxe inválida``)."""
    import json

    line = column = None
    text = str(exc)
    if isinstance(exc, json.JSONDecodeError):
        line, column, text = exc.lineno, exc.colno, exc.msg
    else:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        text = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
        text = text or str(exc)
    said = next((pt for en, pt in _SYNTAX if en in text), None)
    if said is None and text and not text.isascii():  # already ours (the alias refusal), in pt-BR
        said = text.splitlines()[0]
    where = f"linha {line}, coluna {column}: " if line is not None else ""
    return where + (said or "sintaxe inválida")
