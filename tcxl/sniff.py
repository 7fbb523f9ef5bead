"""Recognise what a file really is before opening it (SPEC §6), and how large it may be.

An ``.xlsx`` is a zip holding ``xl/workbook.xml``. Old ``.xls`` files and encrypted
(password-protected) workbooks are OLE2 compound files; CSV and HTML renamed to ``.xlsx``
are text. Each case gets its own TCX0xx code and a one-line pt-BR reason.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from pathlib import Path

from .errors import TcxlError, reason
from .findings import Finding
from .rules import declare

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


# the codes an unreadable file is raised with (TCX001-TCX009, here and in tcxl.read), and the
# notes a readable file may carry
emit = declare("TCX001", "TCX002", "TCX003", "TCX004", "TCX006", "TCX009", "TCX011", "TCX013")


class UnreadableFile(TcxlError):
    """A file tcxl cannot read as a workbook; ``code`` is its TCX0xx rule, ``fields`` fill the
    rule's message template, which gives ``reason`` (one pt-BR line)."""

    def __init__(self, path: str | Path, code: str, **fields: str):
        self.path, self.code, self.fields = str(path), code, fields
        emit(code, **fields)  # a code this module does not declare, or a field missing, fails here
        self.reason = emit.rules[code].message.format(**fields)  # whole: only the finding is bounded
        super().__init__(f"{path}: {self.reason}")

    def finding(self) -> Finding:
        """The rule's finding for this file (no sheet, no cell: the report names the file)."""
        return emit(self.code, **self.fields)

    def __reduce__(self):  # rebuilt from its fields when it crosses a process pool
        return _unreadable, (self.path, self.code, self.fields)


def _unreadable(path: str, code: str, fields: dict) -> UnreadableFile:
    return UnreadableFile(path, code, **fields)


DEFAULT_MAX_SIZE = 200 * 1024 * 1024

# what a path that is not a regular file is, with its article (one pt-BR line names it)
_KINDS = (
    (stat.S_ISDIR, "uma pasta"),
    (stat.S_ISFIFO, "um FIFO/pipe"),
    (stat.S_ISCHR, "um dispositivo"),
    (stat.S_ISBLK, "um dispositivo"),
    (stat.S_ISSOCK, "um socket"),
)


def special_kind(path: str | os.PathLike) -> str | None:
    """What ``path`` is when it exists and is not a regular file ('um FIFO/pipe', 'uma pasta',
    'um dispositivo', 'um socket'); None for a regular file or a path ``os.stat`` cannot see.
    Only ``os.stat`` (through symlinks): a FIFO or a device is never opened, so never waited on.

    Examples
    --------
    >>> from tcxl.sniff import special_kind
    >>> special_kind("samples/projeto_exemplo.yaml") is None, special_kind("samples")
    (True, 'uma pasta')
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):  # missing, unreadable folder, NUL in the name: the caller's open says so
        return None
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "um arquivo especial")


def not_regular_reason(kind: str) -> str:
    """The one-line reason a special file is refused."""
    return f"não é um arquivo comum (é {kind}); informe um arquivo"


def require_file(path: str | os.PathLike) -> Path:
    """``path`` as a Path if it is a regular file; else TcxlError (one pt-BR line naming it),
    before anything opens it: a missing file, a folder, a FIFO, a device or a socket (which
    would block a read forever or never end).

    Examples
    --------
    >>> from tcxl.sniff import require_file
    >>> require_file("samples")
    Traceback (most recent call last):
    ...
    tcxl.errors.TcxlError: samples: não é um arquivo comum (é uma pasta); informe um arquivo
    """
    path = Path(path)
    kind = special_kind(path)
    if kind is not None:
        raise TcxlError(f"{path}: {not_regular_reason(kind)}")
    if not path.exists():
        raise TcxlError(f"{path}: arquivo não encontrado")
    return path


def parse_size(text: str | int) -> int:
    """'200MB', '1.5 GB', '500k' or a number of bytes -> bytes."""
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([kmgt]?)i?b?\s*", str(text).lower())
    if not match:
        raise TcxlError(f"tamanho inválido {text!r} (ex.: 200MB, 1GB)")
    number = float(match.group(1).replace(",", "."))
    return int(number * 1024 ** " kmgt".index(match.group(2) or " "))


def sniff(path: str | Path, max_size: int | None = None) -> list:
    """Raise UnreadableFile unless ``path`` looks like a readable xlsx zip; return findings
    for what is read but worth saying (macros, links to other workbooks)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(path, "TCX001", reason="arquivo não encontrado")
    if path.is_dir():
        try:
            os.scandir(path).close()
        except OSError as exc:  # met while walking a folder: its workbooks were not checked
            raise UnreadableFile(
                path, "TCX001", reason=f"pasta ilegível ({reason(exc)}); as planilhas dela não foram conferidas"
            ) from None
        raise UnreadableFile(path, "TCX001", reason="é uma pasta, não uma planilha")
    kind = special_kind(path)
    if kind is not None:  # a FIFO or a device would block or never end: refused before opening
        raise UnreadableFile(path, "TCX001", reason=not_regular_reason(kind))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE2:
                body = head + fh.read(4 * 1024 * 1024)
                if ENCRYPTION_STREAM in body:
                    raise UnreadableFile(
                        path,
                        "TCX004",
                        subject="planilha protegida",
                        encryption="criptografada",
                        action="salve uma cópia sem senha de abertura e envie de novo",
                    )
                raise UnreadableFile(path, "TCX002")
    except OSError as exc:
        raise UnreadableFile(path, "TCX001", reason=f"não foi possível abrir o arquivo ({reason(exc)})") from None
    if not head:
        raise UnreadableFile(path, "TCX001", reason="arquivo vazio")
    if not head.startswith(b"PK"):
        kind = "HTML" if head.lstrip().lower().startswith((b"<", b"\xef\xbb\xbf<")) else "texto (CSV?)"
        raise UnreadableFile(path, "TCX003", kind=kind)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            twice = _repeated([i.filename for i in infos])
            expanded = sum(i.file_size for i in infos)
            encrypted = any(i.flag_bits & 0x1 for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(
            path,
            "TCX001",
            reason="arquivo .xlsx corrompido ou incompleto (zip inválido); baixe ou salve o arquivo de novo",
        ) from None
    if twice is not None:  # zipfile reads the last one silently: which part Excel reads is unknown
        raise UnreadableFile(
            path,
            "TCX001",
            reason=f"arquivo .xlsx com duas partes de mesmo nome ({twice}); "
            "salve a planilha de novo no Excel ou LibreOffice",
        )
    if encrypted:
        raise UnreadableFile(
            path,
            "TCX004",
            subject="partes do arquivo .zip protegidas",
            encryption="criptografia zip",
            action="salve a planilha de novo no Excel ou LibreOffice, sem senha",
        )
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(
            path, "TCX001", reason="arquivo zip sem a pasta de trabalho (xl/workbook.xml); não é uma planilha .xlsx"
        )
    limit = DEFAULT_MAX_SIZE if max_size is None else max_size
    if expanded > limit:
        raise UnreadableFile(
            path,
            "TCX006",
            subject="o arquivo se expande para",
            size=f"{expanded / 2**20:,.0f} MB",
            limit=f"acima do limite de {limit / 2**20:,.0f} MB (ajuste com --max-size)",
            verdict="possível 'bomba zip'",
        )
    notes = []
    if "xl/vbaProject.bin" in names:
        notes.append(emit("TCX013"))
    links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    if links:
        notes.append(
            emit(
                "TCX011",
                what=f"a planilha tem {len(links)} vínculo(s) com outras pastas de trabalho",
                consequence="os valores vêm só desta planilha",
            )
        )
    return notes


def _repeated(names: list[str]) -> str | None:
    """The first zip entry named like an earlier one (part names compare case-insensitively in
    a package, ECMA-376 part 2), shown on one line; None when every name is unique."""
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key in seen:
            shown = name if name.isprintable() else repr(name)[1:-1]
            return shown if len(shown) <= 120 else shown[:119] + "…"
        seen.add(key)
    return None
