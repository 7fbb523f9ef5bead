"""A view's rows kept as columns while workers' results arrive (memory stays flat over
thousands of projects: amounts in ``array('d')``, text as category codes)."""

from __future__ import annotations

import math
from typing import Any

from .views import AMOUNT_COLUMNS, _packed


class _Texts:
    """A text column as category codes: a project's name, file and period and every account
    label repeat on each of its rows (as strings, 10,000 projects' accounts cost ~0.5 GB)."""

    index: dict[Any, int]  # value -> its code
    values: list[Any]  # code -> value

    def __init__(self, rows: int):
        from array import array

        self.codes, self.index, self.values = array("i", [-1] * rows), {}, []

    def __len__(self) -> int:
        return len(self.codes)

    def extend(self, values) -> None:
        index, codes = self.index, self.codes
        for v in values:
            code = index.get(v)
            if code is None:
                if v is None:
                    codes.append(-1)
                    continue
                code = index[v] = len(self.values)
                self.values.append(v)
            codes.append(code)

    def pad(self, n: int) -> None:
        self.codes.extend([-1] * n)

    def column(self):
        import numpy as np
        import pandas as pd

        return pd.Categorical.from_codes(np.frombuffer(self.codes, dtype="int32"), categories=self.values)


class _Amounts:
    """An amount column: float64, NaN when nobody reported it."""

    def __init__(self, rows: int):
        from array import array

        self.data = array("d", [math.nan] * rows)

    def __len__(self) -> int:
        return len(self.data)

    def extend(self, values) -> None:
        self.data.extend(
            values if isinstance(values, type(self.data)) else (math.nan if v is None else v for v in values)
        )

    def pad(self, n: int) -> None:
        self.data.extend([math.nan] * n)

    def column(self):
        import numpy as np

        return np.frombuffer(self.data, dtype="float64")


class _Values(list):
    """Any other column (counts, flags)."""

    def pad(self, n: int) -> None:
        self.extend([None] * n)

    def column(self):
        return list(self)


class _Columns:
    """Rows of one view kept as columns while results arrive (see :func:`_packed`): amounts
    in ``array('d')``, text as category codes, the rest in lists; the frame is built from them
    without ever holding the view as Python rows."""

    def __init__(self) -> None:
        self.columns: dict[str, Any] = {}
        self.rows = 0

    def extend(self, packed: dict[str, Any] | list[dict]) -> None:
        if isinstance(packed, list):  # rows as dicts (a caller's own results)
            packed = _packed(packed)
        n = len(next(iter(packed.values()), ()))
        for key, values in packed.items():
            column = self.columns.get(key)
            if column is None:
                column = self.columns[key] = self._new(key, values)
            column.extend(values)
        self.rows += n
        for column in self.columns.values():
            if len(column) < self.rows:  # a column this project lacks
                column.pad(self.rows - len(column))

    def _new(self, key: str, values):
        if key in AMOUNT_COLUMNS:
            return _Amounts(self.rows)
        if all(v is None or type(v) is str for v in values):
            return _Texts(self.rows)
        out = _Values()
        out.pad(self.rows)
        return out

    def frame(self, columns: list[str] | None = None):
        import pandas as pd

        data = {key: self.columns.pop(key).column() for key in list(self.columns)}
        return pd.DataFrame(data, columns=columns, copy=False)
