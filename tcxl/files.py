"""Recognise what a file really is before opening it (SPEC §6).

An ``.xlsx`` is a zip holding ``xl/workbook.xml``. Old ``.xls`` files and encrypted
(password-protected) workbooks are OLE2 compound files; CSV and HTML renamed to ``.xlsx``
are text. Each case gets its own TCX0xx code and a one-line pt-BR reason.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import TcxlError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class UnreadableFile(TcxlError):
    """A file tcxl cannot read as a workbook; ``code`` is its TCX0xx finding code."""

    def __init__(self, path: str | Path, code: str, reason: str):
        self.path, self.code, self.reason = str(path), code, reason
        super().__init__(f"{path}: {reason}")


DEFAULT_MAX_SIZE = 200 * 1024 * 1024


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
    return _REASONS.get(code) or getattr(exc, "strerror", None) or str(exc)


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
    from .findings import finding

    path = Path(path)
    if not path.exists():
        raise UnreadableFile(path, "TCX001", "arquivo não encontrado")
    if path.is_dir():
        try:
            os.scandir(path).close()
        except OSError as exc:  # met while walking a folder: its workbooks were not checked
            raise UnreadableFile(
                path, "TCX001", f"pasta ilegível ({reason(exc)}); as planilhas dela não foram conferidas"
            ) from None
        raise UnreadableFile(path, "TCX001", "é uma pasta, não uma planilha")
    if not path.is_file():  # a FIFO or a device would block or never end: refused before opening
        raise UnreadableFile(path, "TCX001", "não é um arquivo comum (FIFO, dispositivo ou soquete)")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE2:
                body = head + fh.read(4 * 1024 * 1024)
                if ENCRYPTION_STREAM in body:
                    raise UnreadableFile(
                        path,
                        "TCX004",
                        "planilha protegida por senha (criptografada); "
                        "salve uma cópia sem senha de abertura e envie de novo",
                    )
                raise UnreadableFile(
                    path,
                    "TCX002",
                    "formato .xls antigo (Excel 97-2003); abra no Excel ou LibreOffice e salve como .xlsx",
                )
    except OSError as exc:
        raise UnreadableFile(path, "TCX001", f"não foi possível abrir o arquivo ({reason(exc)})") from None
    if not head:
        raise UnreadableFile(path, "TCX001", "arquivo vazio")
    if not head.startswith(b"PK"):
        kind = "HTML" if head.lstrip().lower().startswith((b"<", b"\xef\xbb\xbf<")) else "texto (CSV?)"
        raise UnreadableFile(
            path, "TCX003", f"não é uma planilha .xlsx (o conteúdo é {kind}); salve a planilha no formato .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            expanded = sum(i.file_size for i in infos)
            encrypted = any(i.flag_bits & 0x1 for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(
            path, "TCX001", "arquivo .xlsx corrompido ou incompleto (zip inválido); baixe ou salve o arquivo de novo"
        ) from None
    if encrypted:
        raise UnreadableFile(
            path,
            "TCX004",
            "partes do arquivo .zip protegidas por senha (criptografia zip); "
            "salve a planilha de novo no Excel ou LibreOffice, sem senha",
        )
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(
            path, "TCX001", "arquivo zip sem a pasta de trabalho (xl/workbook.xml); não é uma planilha .xlsx"
        )
    limit = DEFAULT_MAX_SIZE if max_size is None else max_size
    if expanded > limit:
        raise UnreadableFile(
            path,
            "TCX006",
            f"o arquivo se expande para {expanded / 2**20:,.0f} MB, acima do limite "
            f"de {limit / 2**20:,.0f} MB (ajuste com --max-size); possível 'bomba zip'",
        )
    notes = []
    if "xl/vbaProject.bin" in names:
        notes.append(
            finding(
                "TCX013",
                "",
                "",
                "a planilha contém macros (VBA), que o tcxl nunca executa; envie a "
                "versão .xlsx sem macros (planilhas .xlsm renomeadas escondem macros)",
            )
        )
    links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    if links:
        notes.append(
            finding(
                "TCX011",
                "",
                "",
                f"a planilha tem {len(links)} vínculo(s) com outras pastas de trabalho; "
                "o tcxl não segue vínculos: os valores vêm só desta planilha",
            )
        )
    return notes


def _os_error(exc: BaseException) -> OSError | None:
    """The OSError behind a failed write: itself, or the one a writer wrapped (xlsxwriter's
    FileCreateError carries it as its argument and context when the disk is full; lxml's
    SerialisationError, under openpyxl, names libxml2's code, 'IO_ENOSPC')."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, OSError):
            return exc
        name = str(exc)
        if name.startswith("IO_E") and hasattr(errno, name[3:]):
            code = getattr(errno, name[3:])
            return OSError(code, os.strerror(code))
        wrapped = next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
        if wrapped is not None:
            return wrapped
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _mode_for(path: Path) -> int:
    """The mode of a file written in ``path``'s place: the one it replaces keeps its mode;
    a new file follows the umask (0644 under umask 022), as ``open()`` would give it."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _drop_quietly(exc: BaseException) -> None:
    """Let go of a failed write's frames now, without the 'Exception ignored' tracebacks
    that half-written generators (openpyxl's sheet writers) print when they are finalised."""
    import gc
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        exc.__traceback__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _raise_write_error(path: Path, exc: Exception) -> None:
    """A write that failed for an OS reason (disk full, size limit, permission) as one line;
    any other exception is left to the caller to re-raise."""
    cause = _os_error(exc)
    if cause is not None:
        _drop_quietly(exc)
        raise TcxlError(f"{path}: não foi possível gravar ({reason(cause)}); nada foi alterado") from None


TEMP_SUFFIX = ".tcxl-tmp"  # hidden and not .xlsx: no folder walk (tcxl's, a shell glob) picks one up


@contextmanager
def atomic_write(path: str | Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place when the block succeeds.

    On any failure the temporary file is removed and ``path`` is left as it was; an
    OSError becomes a one-line TcxlError (SPEC §6: writing is atomic, nothing is lost).
    The temporary name is hidden and does not end in ``.xlsx`` (``suffix`` is kept for
    callers' readability only), so a kill mid-write leaves nothing a folder check reads.
    """
    path = Path(path)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=TEMP_SUFFIX, dir=path.parent)
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, _mode_for(path))  # mkstemp makes 0600: colleagues on a shared folder could not open it
        os.replace(tmp, path)
    except Exception as exc:
        _raise_write_error(path, exc)
        raise
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_files(folder: str | Path) -> Iterator[Path]:
    """Yield a hidden temporary folder beside ``folder``; when the block succeeds, move each
    file written there into ``folder`` (renames only, after every file is complete). On any
    failure ``folder`` is left as it was: never some new files beside some old ones."""
    folder = Path(folder)
    work = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        yield work
        for made in sorted(work.iterdir()):
            target = folder / made.name
            os.chmod(made, _mode_for(target))
            os.replace(made, target)
    except Exception as exc:
        _raise_write_error(folder, exc)
        raise
    finally:
        if work is not None and work.exists():
            shutil.rmtree(work, ignore_errors=True)
