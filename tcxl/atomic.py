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


@contextmanager
def atomic_write(path: str | Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place when the block succeeds.

    On any failure the temporary file is removed and ``path`` is left as it was; an
    OSError becomes a one-line TcxlError (SPEC §6: writing is atomic, nothing is lost).
    The temporary name is hidden and does not end in ``.xlsx`` (``suffix`` is kept for
    callers' readability only), so a kill mid-write leaves nothing a folder check reads.
    """
    path = Path(path)
    tmp = _temporary(path, TEMP_SUFFIX)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        yield tmp
        os.chmod(tmp, _mode_for(path))  # created 0600: colleagues on a shared folder could not open it
        os.replace(tmp, path)
    except Exception as exc:
        _raise_write_error(path, exc)
        raise
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


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
        for made in sorted(work.iterdir()):
            target = folder / made.name
            os.chmod(made, _mode_for(target))
            os.replace(made, target)
    except Exception as exc:
        _raise_write_error(folder, exc)
        raise
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
