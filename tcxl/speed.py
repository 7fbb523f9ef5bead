"""Python's cyclic garbage collector, paused while tcxl builds, reads or checks a workbook.

Those passes allocate hundreds of thousands of small tuples that all stay alive until the
pass ends, and every generation-2 collection walks all of them again: about a fifth of
the time of checking (and of building) a 3,000-activity workbook, as measured by
``benchmarks/run.py``. tcxl's data holds no reference cycles that need collecting while
a pass runs (memory is still freed by reference counting), so the collector is paused for
the call and restored to its previous state afterwards; nested calls are fine.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """``with paused_gc():`` or ``@paused_gc()``; a fresh context per call either way."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
