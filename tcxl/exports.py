"""Write the tidy tables of a workbook read back (``tcxl export``).

CSV cells that start with ``=``, ``+``, ``-``, ``@`` (or a tab/CR) are prefixed with ``'``
so that spreadsheet programs do not run them as formulas (SPEC §6). Every file is
written to a temporary name and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from .atomic import atomic_files, atomic_write
from .errors import TcxlError

FORMATS = ("csv", "parquet", "json", "xlsx")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def require_pyarrow() -> None:
    """Fail early, in one line, when Parquet output is asked for without pyarrow."""
    from importlib.util import find_spec

    if find_spec("pyarrow") is None:
        raise TcxlError("a saída Parquet requer o pacote pyarrow: pip install 'tcxl[parquet]'")


def neutralise(value):
    """Prefix formula-like text with an apostrophe (CSV formula injection)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def _info_frame(info: dict):
    """Identificação as a two-column table of text (``field``, ``value``): a date as
    ``2026-01-31``, an amount as ``2903650.5``, the areas joined by ``;``."""
    from .vocabulary import frame

    rows = [(k, "; ".join(v) if isinstance(v, list) else _jsonable(v)) for k, v in info.items()]
    return frame(rows, ["field", "value"])


def _uniform(frame):
    """Columns mixing types (block 1|'M', baseline 0|'n/a', dates) as text, for Arrow."""
    frame = frame.copy()
    for col in frame.columns:
        if frame[col].dtype == object:
            kinds = {type(v) for v in frame[col] if v is not None and v == v}
            if len(kinds) > 1 or kinds & {dt.date, dt.datetime, Decimal}:
                frame[col] = [None if v is None or v != v else str(v) for v in frame[col]]
    return frame


def for_people(frame):
    """``frame`` as a spreadsheet shows it to a person (SPEC §2.1): pt-BR headers and words
    (``lançamento``, ``aviso``) through the vocabulary's one mapping, a true mark as ``X`` and a
    false one blank, as the model marks cells. ``tcxl fill`` reads it back."""
    from .vocabulary import VALUE_WORDS, headers, shown_value

    shown = frame.copy()
    for col in shown.columns:
        if shown[col].dtype == bool:
            shown[col] = shown[col].map({True: "X", False: ""})
        elif col in VALUE_WORDS or col == "field":
            shown[col] = shown[col].astype(object).map(lambda v, c=col: shown_value(c, v))
    shown.columns = headers(shown.columns)
    return shown


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and value != value:
        return None
    return value


# CSV a pt-BR Excel opens by double-click: ';' between fields, decimal comma, UTF-8 with BOM
EXCEL_CSV = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig"}
TIDY_CSV = {"sep": ",", "decimal": ".", "encoding": "utf-8"}


def write_frames(tables: dict, folder: str | Path, fmt: str, excel_csv: bool = False) -> list[Path]:
    """One ``NAME.csv`` or ``NAME.parquet`` per table in ``folder``, all written before any
    replaces a file there (CSV neutralises formula-like text; Parquet gets mixed-type
    columns as text). ``excel_csv``: the CSV dialect of a pt-BR spreadsheet instead of tidy CSV."""
    if fmt == "parquet":
        require_pyarrow()
    with atomic_files(folder) as work:
        for name, frame in tables.items():
            if fmt == "csv":
                shown = for_people(frame) if excel_csv else frame
                shown.map(neutralise).to_csv(
                    work / f"{name}.{fmt}", index=False, **(EXCEL_CSV if excel_csv else TIDY_CSV)
                )
            else:
                _uniform(frame).to_parquet(work / f"{name}.{fmt}", index=False)
    return [Path(folder) / f"{name}.{fmt}" for name in tables]


def tables_of(wb) -> dict[str, Any]:
    """What ``export`` writes: ``info`` (Identificação as field/value text) and the four frames."""
    return {"info": _info_frame(wb.info), **wb.tables()}


def csv_text(wb, table: str, excel_csv: bool = False) -> str:
    """One table of ``wb`` as CSV text (``tcxl export -o - --to csv --table NAME``), with the
    same neutralising and dialects as the files :func:`export` writes."""
    frame = tables_of(wb)[table]
    shown = for_people(frame) if excel_csv else frame
    dialect = {k: v for k, v in (EXCEL_CSV if excel_csv else TIDY_CSV).items() if k != "encoding"}
    return str(shown.map(neutralise).to_csv(index=False, **dialect))


def export(wb, out: str | Path, to: str, excel_csv: bool = False) -> list[Path]:
    """Write a workbook's tidy tables (``info``, ``financial``, ``disbursement``, ``schedule``,
    ``matrix``) to files, as ``tcxl export``.

    Parameters
    ----------
    wb : Workbook
        From :func:`read_workbook`.
    out : str or os.PathLike
        A folder for ``csv``/``parquet`` (one file per table), a file for ``json`` (one
        document) or ``xlsx`` (one sheet per table).
    to : {"csv", "parquet", "json", "xlsx"}
        The format (``parquet`` needs ``pip install "tcxl[parquet]"``).
    excel_csv : bool
        CSV as a pt-BR Excel opens it: ``;`` between fields, decimal comma, UTF-8 with a BOM.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Raises
    ------
    TcxlError
        An unknown format, or the files cannot be written.

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> wb = tcxl.read_workbook("samples/tc60_2017.xlsx")
    >>> [p.name for p in tcxl.export(wb, f"{tmp}/tabelas", to="csv")]
    ['info.csv', 'financial.csv', 'disbursement.csv', 'schedule.csv', 'matrix.csv']
    >>> [p.name for p in tcxl.export(wb, f"{tmp}/tc60.json", to="json")]
    ['tc60.json']
    """
    out = Path(out)
    if to not in FORMATS:
        raise TcxlError(f"formato desconhecido {to!r}; use {', '.join(FORMATS)}")
    tables = tables_of(wb)
    written: list[Path] = []
    if to in ("csv", "parquet"):
        written += write_frames(tables, out, to, excel_csv)
    elif to == "json":
        doc: dict[str, Any] = {"info": {k: _jsonable(v) for k, v in wb.info.items()}}
        for name, frame in wb.tables().items():
            doc[name] = [{k: _jsonable(v) for k, v in row.items()} for row in frame.to_dict("records")]
        with atomic_write(out) as tmp:
            tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(out)
    else:
        import pandas as pd

        with atomic_write(out) as tmp:
            # every text stays text: a description '=HYPERLINK(…)' must not become a live formula
            options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
            with pd.ExcelWriter(tmp, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
                for name, frame in tables.items():
                    for_people(frame).to_excel(writer, sheet_name=name, index=False)
                    writer.sheets[name].freeze_panes(1, 0)
        written.append(out)
    return written
