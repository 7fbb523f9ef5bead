"""The registry's records, one module per group of codes (SPEC §3): ``tcx0`` the file, ``tcx1``
structure, ``tcx2`` formulas, ``tcx3`` arithmetic, ``tcx4`` across sheets, ``tcx5`` inputs,
``tcx6`` registration data. Adding a rule is adding one record to its group's list."""

from __future__ import annotations

from .. import Rule
from . import tcx0, tcx1, tcx2, tcx3, tcx4, tcx5, tcx6


def _collect() -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for group in (tcx0, tcx1, tcx2, tcx3, tcx4, tcx5, tcx6):
        for r in group.RULES:
            if r.code in out:
                raise ValueError(f"{r.code} registrada duas vezes")
            out[r.code] = r
    return dict(sorted(out.items()))


RULES: dict[str, Rule] = _collect()
