"""Error types raised by tcxl.

Every error a user can cause is a :class:`TcxlError`; the CLI prints its message
(one line per problem) and exits with code 2, without a traceback.
"""

from __future__ import annotations


class TcxlError(Exception):
    """A user-facing error: bad input file, bad spec, misuse. Message is pt-BR."""

    exit_code = 2

    def lines(self) -> list[str]:
        """The message as lines, one per problem."""
        return [str(self)]


class SpecError(TcxlError):
    """An invalid project spec. ``problems`` holds ``(field_path, message)`` pairs."""

    def __init__(self, problems: list[tuple[str, str]], source: str = ""):
        self.problems = problems
        self.source = source
        super().__init__("; ".join(f"{p}: {m}" for p, m in problems))

    def lines(self) -> list[str]:
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{path}: {msg}" if path else f"{prefix}{msg}" for path, msg in self.problems]
