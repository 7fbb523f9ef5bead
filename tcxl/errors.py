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
}


def reason(exc: BaseException) -> str:
    """An OS error's cause in pt-BR (the system's English text for causes not listed)."""
    code = getattr(exc, "errno", None)
    known = _REASONS.get(code) if isinstance(code, int) else None
    return known or getattr(exc, "strerror", None) or str(exc)
