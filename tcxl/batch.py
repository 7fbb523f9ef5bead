"""Run one function over many files with any ``concurrent.futures.Executor``.

Default: local processes (``jobs`` of them, the machine's cores when None); one file or
``jobs=1`` runs inline. A Dask ``Client.get_executor()`` works unchanged. Results come back
in the order of the tasks; ``on_result`` sees each as it arrives (e.g. a progress bar).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")


def map_tasks(
    fn: Callable[[Any], T],
    tasks: list,
    executor: Executor | None = None,
    jobs: int | None = None,
    on_result: Callable[[T], None] | None = None,
) -> list[T]:
    return list(iter_tasks(fn, tasks, executor, jobs, on_result))


def iter_tasks(
    fn: Callable[[Any], T],
    tasks: list,
    executor: Executor | None = None,
    jobs: int | None = None,
    on_result: Callable[[T], None] | None = None,
) -> Iterator[T]:
    """``map_tasks`` as a generator: each result as it arrives, in order, so a caller that
    folds results (``summarize``) never holds them all at once."""
    owned = None
    if executor is None and (jobs == 1 or len(tasks) <= 1):
        results: Iterable[T] = map(fn, tasks)
    else:
        if executor is None:
            from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when used

            owned = executor = ProcessPoolExecutor(max_workers=jobs or os.cpu_count() or 1)
        # small chunks (ignored by thread pools): a round trip costs ~0.1 ms against ~15 ms
        # per sample-sized file, while a big last chunk leaves the other cores idle at the end
        workers = jobs or getattr(executor, "_max_workers", None) or os.cpu_count() or 1
        results = executor.map(fn, tasks, chunksize=max(1, min(4, len(tasks) // (workers * 8))))
    try:
        for result in results:
            if on_result:
                on_result(result)
            yield result
    finally:
        if owned is not None:
            owned.shutdown()


# -- files sent with their tasks (a cluster whose workers do not see the client's disk) ------
SHIP_SLICE = 256  # files in flight at once when their bytes travel with the tasks


class Shipped(NamedTuple):
    """A workbook sent inside its task: the name reports use, and its bytes."""

    path: str
    data: bytes


def shippable(path: str, max_size: int) -> bool:
    """A regular file no larger than ``max_size``: sent to a worker. Anything else (missing,
    a FIFO, unreadable, too large) is answered by the client itself, at once."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_size:
            return False
        with open(path, "rb"):
            return True
    except OSError:
        return False


def run_shipped(fn: Callable[[tuple], T], task: tuple) -> T:
    """On a worker: write the task's bytes to a private folder under the file's own name, run
    ``fn`` on it, and give the result the original path back (reports stay identical)."""
    import tempfile

    shipped: Shipped = task[0]
    with tempfile.TemporaryDirectory(prefix="tcxl-tarefa-") as work:
        local = Path(work) / Path(shipped.path).name
        local.write_bytes(shipped.data)
        return _renamed(fn((str(local), *task[1:])), str(local), shipped.path)


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, old, new) for v in value]
    if hasattr(value, "file") and value.file == old:  # a checks.Report
        value.file = new
    return value


def map_shipped(
    fn: Callable[[tuple], T],
    tasks: list[tuple],
    executor: Executor,
    max_size: int,
    on_result: Callable[[T], None] | None = None,
) -> list[T]:
    """``map_tasks`` on an executor whose workers cannot read the client's files: each
    shippable file travels with its task (bytes bounded by ``max_size``); the rest run here.
    Results keep the order of the tasks."""
    remote = [i for i, task in enumerate(tasks) if shippable(task[0], max_size)]
    sent = set(remote)
    local = [i for i in range(len(tasks)) if i not in sent]
    out: list[Any] = [None] * len(tasks)
    for i in local:
        out[i] = fn(tasks[i])
        if on_result:
            on_result(out[i])
    # in slices (Dask's executor maps lists, not generators): the bytes held here stay bounded
    for start in range(0, len(remote), SHIP_SLICE):
        part = remote[start : start + SHIP_SLICE]
        shipped = [(Shipped(tasks[i][0], Path(tasks[i][0]).read_bytes()), *tasks[i][1:]) for i in part]
        for i, result in zip(part, executor.map(partial(run_shipped, fn), shipped, chunksize=1)):
            out[i] = result
            if on_result:
                on_result(result)
    return out
