"""Writing without losing anything (SPEC §6): a file or a folder of files written beside its
target and renamed into place only when complete; a failed write is one pt-BR line and
leaves the target as it was."""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import TcxlError, reason


def _os_error(exc: BaseException | None) -> OSError | None:
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


def _temporary(target: Path, suffix: str) -> Path:
    """A hidden name beside ``target``, chosen before anything is created: a signal that
    lands between creating the file and remembering its name (as with ``tempfile.mkstemp``)
    would leave it behind. 64 random bits: no two writes meet."""
    return target.parent / f".{target.name}-{secrets.token_hex(8)}{suffix}"


STDOUT = "-"  # an output named '-' is the standard output


def is_stdout(path: str | Path | None) -> bool:
    return path is not None and str(path) == STDOUT


def writes_through(path: str | Path) -> bool:
    """Whether an output goes to the standard output, a device or a FIFO (no file is left
    there to name as 'gravado')."""
    if is_stdout(path):
        return True
    try:
        return _target(Path(path))[1]
    except TcxlError:
        return False


LOCKED = (
    "o arquivo está aberto em outro programa (o Excel o trava) ou protegido contra gravação; "
    "feche-o e tente de novo; nada foi alterado"
)


def _target(path: Path) -> tuple[Path, bool]:
    """(what to write, whether to write *through* it): a symlink is followed, so the link stays
    and its file is replaced; a character device (``/dev/stdout``) or a FIFO is written through,
    never replaced by a regular file; a folder or a socket is refused; an existing file that
    cannot be written (read-only, or locked by the program that has it open) is refused
    before anything is written, in one line."""
    import stat

    real = path.resolve() if path.is_symlink() else path
    try:
        mode = path.stat().st_mode  # through symlinks: /dev/stdout -> /proc/self/fd/1 -> a pipe
    except FileNotFoundError:
        return real, False
    except OSError as exc:
        raise TcxlError(f"{path}: não foi possível gravar ({reason(exc)})") from None
    if stat.S_ISDIR(mode):
        raise TcxlError(f"{path}: é uma pasta; informe o nome de um arquivo")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return path, True  # opened by its own name: a pipe behind /proc/self/fd has no path
    if not stat.S_ISREG(mode):
        raise TcxlError(f"{path}: não é um arquivo comum (socket ou dispositivo); escolha outro nome")
    if not mode & 0o222 or not os.access(real, os.W_OK):  # read-only even for root: someone meant it
        raise TcxlError(f"{path}: {LOCKED}")
    return real, False


def _stream(tmp: Path, path: Path | None) -> None:
    """Copy the finished temporary file into the standard output (``path`` None) or through a
    device or FIFO; a FIFO nobody reads is one line, not a run blocked forever."""
    if path is None:
        try:
            sys.stdout.flush()
            with open(tmp, "rb") as src:
                shutil.copyfileobj(src, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except BrokenPipeError:  # the reader stopped early (| head): as any Unix tool, quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise TcxlError(f"{path}: é uma fila (FIFO) que ninguém está lendo; nada foi gravado") from None
        raise
    os.set_blocking(fd, True)
    with open(fd, "wb") as out, open(tmp, "rb") as src:
        shutil.copyfileobj(src, out)


@contextmanager
def atomic_write(path: str | Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place when the block succeeds.

    On any failure the temporary file is removed and ``path`` is left as it was; an
    OSError becomes a one-line TcxlError (SPEC §6: writing is atomic, nothing is lost).
    The temporary name is hidden and does not end in ``.xlsx`` (``suffix`` is kept for
    callers' readability only), so a kill mid-write leaves nothing a folder check reads.

    tcxl never replaces what is not a regular file: ``-`` is the standard output, a
    device or a FIFO is written through (the complete file, once it is complete), a symlink's
    file is replaced and the link kept (:func:`_target`).
    """
    stdout = is_stdout(path)
    path = Path(path)
    target, through = (path, True) if stdout else _target(path)
    if through:
        import tempfile

        tmp = Path(tempfile.gettempdir()) / f".tcxl-{secrets.token_hex(8)}{TEMP_SUFFIX}"
    else:
        tmp = _temporary(target, TEMP_SUFFIX)
    try:
        if not through:
            target.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        if through:
            _stream(tmp, None if stdout else target)
        else:
            os.chmod(tmp, _mode_for(target))  # created 0600: colleagues on a shared folder could not open it
            _replace(tmp, target, path)
    except TcxlError:
        raise
    except Exception as exc:
        _raise_write_error(path, exc)
        raise
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _file_in_folder(path: Path) -> Path:
    """A file of a folder output (:func:`atomic_files`): a regular file or a new name; a device
    or a FIFO there is refused (several files cannot all go through one)."""
    target, through = _target(path)
    if through:
        raise TcxlError(f"{path}: não é um arquivo comum (dispositivo ou fila); escolha outra pasta")
    return target


def _replace(tmp: Path, target: Path, shown: Path) -> None:
    """Rename into place; a target another program holds open (Windows refuses the rename
    with a permission error) is the one line telling the user to close it."""
    try:
        os.replace(tmp, target)
    except PermissionError:
        raise TcxlError(f"{shown}: {LOCKED}") from None


@contextmanager
def atomic_files(folder: str | Path) -> Iterator[Path]:
    """Yield a hidden temporary folder beside ``folder``; when the block succeeds, move each
    file written there into ``folder`` (renames only, after every file is complete). On any
    failure ``folder`` is left as it was: never some new files beside some old ones."""
    folder = Path(folder)
    work = _temporary(folder, "")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.mkdir(work, 0o700)
        yield work
        made_files = sorted(work.iterdir())
        targets = [_file_in_folder(folder / made.name) for made in made_files]  # refused before any is replaced
        for made, target in zip(made_files, targets):
            os.chmod(made, _mode_for(target))
            _replace(made, target, folder / made.name)
    except TcxlError:
        raise
    except Exception as exc:
        _raise_write_error(folder, exc)
        raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
