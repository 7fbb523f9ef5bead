"""What the commands share: the progress bar, the Dask executor, output-path guards."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from ..errors import TcxlError


@contextmanager
def progress_bar(count: int, label: str):
    """A per-file callback drawing a progress bar on stderr, when it is a terminal and there
    are many files; None otherwise."""
    if not (sys.stderr.isatty() and count >= 10):
        yield None
        return
    with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
        yield lambda _: bar.update(1)


@contextmanager
def cluster(address: str | None):
    """A Dask executor on the cluster at ``address`` (None: local processes)."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise TcxlError("--scheduler requer o Dask: pip install 'tcxl[dask]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise TcxlError(
            f"{address}: não foi possível conectar ao agendador do Dask ({exc.__class__.__name__})"
        ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()


SCHEDULER_HELP = "Endereço de um cluster Dask (ex.: tcp://agendador:8786) onde rodar o trabalho de cada arquivo."
SHARED_FS_HELP = "Com --scheduler: os workers enxergam os mesmos caminhos (sem isso, cada arquivo vai com a tarefa)."


def outside(files: list[str], folder: Path, targets) -> list[str]:
    """``files`` without those a folder walk found inside ``folder`` (the annotated copies of an
    earlier run, when the output folder sits in a checked folder); files named one by one stay."""
    inside = os.path.abspath(folder)
    named = {os.path.abspath(t) for t in targets if not Path(t).is_dir()}
    kept = []
    for f in files:
        path = os.path.abspath(f)
        try:
            walked_into = path not in named and os.path.commonpath([inside, path]) == inside
        except ValueError:  # another drive (Windows)
            walked_into = False
        if not walked_into:
            kept.append(f)
    return kept


def refuse_own_input(output: Path, inputs, hint: str = "") -> None:
    """An output that is one of the command's inputs (resolved, through symlinks) would be
    overwritten while being read: refused before anything is read or written."""
    target = output.resolve()
    for path in inputs:
        if Path(path).resolve() == target:
            raise TcxlError(f"{output}: a saída é um dos arquivos de entrada{hint}; escolha outro nome")


def require_files(*paths: Path) -> None:
    """Every input the command names is a regular file, seen with ``os.stat`` before anything
    opens one: a FIFO, a device or a socket would block the run forever (one pt-BR line, exit 2)."""
    from ..sniff import require_file

    for path in paths:
        require_file(path)


STDIN_NAME = "-"  # a workbook read from the standard input is named '-' in reports


@contextmanager
def stdin_workbook(limit: int) -> Iterator[Path]:
    """The workbook piped into the standard input (``tcxl check -``), spooled to a private
    temporary file (a zip must be read out of order), at most ``limit`` bytes."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="tcxl-stdin-") as work:
        path = Path(work) / "entrada.xlsx"
        stream = click.get_binary_stream("stdin")
        with open(path, "wb") as out:
            copied = 0
            while chunk := stream.read(1 << 20):
                copied += len(chunk)
                if copied > limit:
                    raise TcxlError(f"{STDIN_NAME}: a entrada padrão passa de {limit // 2**20} MB; nada foi conferido")
                out.write(chunk)
        if copied == 0:
            raise TcxlError(f"{STDIN_NAME}: a entrada padrão está vazia (use: tcxl check - < planilha.xlsx)")
        yield path


def refuse_binary_to_terminal(output: Path | None, what: str) -> None:
    """``-o -`` of a binary file (xlsx, parquet) to a terminal would print bytes on the screen:
    one line asking to redirect it instead."""
    from ..atomic import is_stdout

    if is_stdout(output) and sys.stdout.isatty():
        raise TcxlError(f"-: {what} não vai para o terminal; redirecione a saída (ex.: > saida.xlsx)")
