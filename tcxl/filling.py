"""Write data into the input cells of an existing workbook (``tcxl fill``, SPEC §6).

Values come in the tidy shapes ``read_workbook`` returns (any subset of the tables and of
their value columns), so ``fill(path_b, read_workbook(path_a).tables(), out)`` copies one
workbook's inputs into another. Cells are found the way the reader finds them (by label,
on tcxl-built or model-only workbooks); only input cells are written. Every value that
does not belong is reported, one line each, and then nothing is written. The output is
written to a temporary file and renamed into place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .accounts import BY_CODE, INPUT_CODES
from .errors import TcxlError
from .layout.schedule import PLAN_MARKS, STATUS_MARKS
from .numbers import NotANumber, cents, to_decimal
from .periods import parse_semester, semester_index
from .roundtrip import open_for_edit, save
from .text import parse_code


class FillError(TcxlError):
    """Values that do not belong; one line per problem; nothing was written.

    Parameters
    ----------
    problems : list of str
        One pt-BR line per value refused (table, row and reason).

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> blank = tcxl.build_workbook(None, f"{tmp}/modelo.xlsx")
    >>> rows = [{"activity": "A9.9", "year": 1, "semester": 1, "status": "X"}]
    >>> try:
    ...     tcxl.fill(blank, {"schedule": rows}, f"{tmp}/saida.xlsx")
    ... except tcxl.FillError as exc:
    ...     print(exc.problems)
    ["schedule, linha 1: atividade desconhecida 'A9.9'"]
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))

    def lines(self) -> list[str]:
        return self.problems


def _missing(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _records(table: Any) -> list[dict]:
    if hasattr(table, "to_dict"):
        return table.to_dict("records")
    return list(table)


def _rows(tables: Mapping[str, Any], name: str):
    """(line label, record) of a table: 'valores.csv, linha 3' when the table came from a file
    (the row a spreadsheet shows), else 'disbursement, linha 1'."""
    table = tables.get(name, [])
    label, first = getattr(table, "attrs", {}).get("rows", (f"{name}, linha", 1))
    for i, row in enumerate(_records(table)):
        yield f"{label} {first + i}", row


def _assignments(tables: Mapping[str, Any], wb) -> tuple[dict[tuple, Any], list[str]]:
    """Map the values to layout keys of ``wb`` (a Workbook read back); collect problems."""
    years = wb.years
    where = wb.reading.where
    out: dict[tuple, Any] = {}
    problems: list[str] = []

    def money(value: Any, line: str, what: str) -> Decimal | None:
        try:
            amount = to_decimal(value)
        except NotANumber:
            problems.append(f"{line}: {what} não é um número ({value!r})")
            return None
        if amount is not None and amount < 0:
            problems.append(f"{line}: {what} negativo ({value})")
            return None
        if amount is not None and amount != cents(amount):
            problems.append(f"{line}: {what} com mais de 2 casas decimais ({value})")
            return None
        return amount

    def year_of(value: Any, line: str) -> int | None:
        try:
            year = int(value)
        except (TypeError, ValueError):
            problems.append(f"{line}: ano inválido ({value!r})")
            return None
        if not 1 <= year <= years:
            problems.append(f"{line}: ano {year} fora dos {years} anos do projeto")
            return None
        return year

    def put(key: tuple, value: Any, line: str, what: str) -> None:
        if key not in where:
            problems.append(f"{line}: {what} não encontrada na planilha")
        else:
            out[key] = value

    def activity(row: dict, table: str, line: str) -> str | None:
        """The activity code of a row, if the workbook has that activity in ``table``."""
        raw = str(row.get("activity", "")).strip()
        parsed = parse_code(raw)
        if table == "dis" and raw.upper() == "CI":
            code: str | None = "CI"
        elif parsed is None or parsed[1]:  # 'A1.1 - Oficinas' or "A1.1'; DROP …" is not a code
            problems.append(f"{line}: código de atividade inválido {_shown(raw)}")
            return None
        else:
            code = parsed[0]
        if (table, code, "code") not in where:
            problems.append(f"{line}: atividade desconhecida {raw!r}")
            return None
        return code

    def money_fields(prefix: tuple, row: dict, line: str, what: str) -> None:
        """Previsto/Executado of one row and year (money tables)."""
        year = year_of(row.get("year"), line)
        for field in ("planned", "executed"):
            if year is not None and field in row and not _missing(row[field]):
                value = money(row[field], line, field)
                if value is not None:
                    put((*prefix, year, field), value, line, what)

    for line, row in _rows(tables, "financial"):
        code = str(row.get("code", "")).strip()
        if code not in BY_CODE:
            problems.append(f"{line}: conta desconhecida {code!r}")
            continue
        if code not in INPUT_CODES:
            if "kind" not in row:
                problems.append(f"{line}: a conta {code} é uma linha calculada; informe só contas de lançamento")
            continue
        money_fields(("fin", code), row, line, f"conta {code}")

    for line, row in _rows(tables, "disbursement"):
        act = activity(row, "dis", line)
        if act is None:
            continue
        money_fields(("dis", act), row, line, f"atividade {act}")

    for line, row in _rows(tables, "schedule"):
        act = activity(row, "sch", line)
        if act is None:
            continue
        sem = _semester(row, years, wb, line, problems)
        if sem is None:
            continue
        if "planned" in row and not _missing(row["planned"]):
            planned = row["planned"]
            if isinstance(planned, str):
                planned = planned.strip().upper()
                if planned not in ("X", "TRUE", "FALSE", ""):
                    problems.append(f"{line}: marca prevista inválida {row['planned']!r} (use X)")
                    planned = None
                else:
                    planned = planned in ("X", "TRUE")
            if planned is not None:
                out[("sch", act, sem, "planned")] = PLAN_MARKS[0] if bool(planned) else None
        if "status" in row:
            status = None if _missing(row["status"]) else str(row["status"]).strip().upper()
            if status is not None and status not in STATUS_MARKS:
                problems.append(f"{line}: marca de realização inválida {row['status']!r} (use X, P, A ou C)")
            else:
                out[("sch", act, sem, "status")] = status

    indexes = _indicator_indexes(wb)
    for line, row in _rows(tables, "matrix"):
        ref = str(row.get("ref", "")).strip()
        index = indexes.get((ref, _text(row.get("indicator"))), indexes.get((ref, None)))
        if index is None:
            problems.append(f"{line}: indicador desconhecido ({ref!r}, {row.get('indicator')!r})")
            continue
        sem = _semester(row, years, wb, line, problems)
        if sem is None:
            continue
        for field in ("planned", "realized"):
            if field in row and not _missing(row[field]):
                try:
                    value = to_decimal(row[field])
                except NotANumber:
                    problems.append(f"{line}: {field} não é um número ({row[field]!r})")
                    continue
                put(("mat", ref, index, f"S{sem}", field), value, line, f"meta de {ref}")
    return out, problems


def _shown(text: str, limit: int = 60) -> str:
    """``text`` quoted for a one-line problem, cut at ``limit`` characters."""
    return repr(text) if len(text) <= limit else repr(text[: limit - 1]) + "…"


def _text(value: Any) -> str | None:
    return None if _missing(value) else str(value).strip()


def _indicator_indexes(wb) -> dict[tuple[str, str | None], int]:
    """(ref, indicator description) -> row index in the target; (ref, None) for a lone indicator."""
    out: dict = {}
    counts: dict[str, int] = {}
    for _, ref, index, _ in wb.reading.items.get("matrix", []):
        out[(ref, _text(wb.value(("mat", ref, index, "description"))))] = index
        counts[ref] = counts.get(ref, 0) + 1
    for ref, n in counts.items():
        if n == 1:
            out[(ref, None)] = 0
    return out


def _semester(row: dict, years: int, wb, line: str, problems: list[str]) -> int | None:
    try:
        if "period" in row and not _missing(row["period"]):
            start = wb.start_date(use_metadata=False)
            return parse_semester(row["period"], years, start.year if start else None)
        year, half = int(row["year"]), int(row["semester"])
        if half not in (1, 2):
            raise ValueError(f"semestre {half} inválido (use 1 ou 2)")
        return parse_semester(semester_index(year, half), years)
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"{line}: semestre inválido ({exc})")
        return None


def fill(
    workbook_path: str | Path,
    values: Any,
    out_path: str | Path | None = None,
    force: bool = False,
    *,
    in_place: bool = False,
) -> Path:
    """Write ``values`` into the input cells of ``workbook_path``; return the output path.

    Parameters
    ----------
    workbook_path : str or os.PathLike
        The workbook to fill (never changed unless ``in_place``).
    values : mapping or Workbook
        Table name -> DataFrame or records (the shapes :func:`tcxl.read_workbook` gives), or a
        Workbook read back (its inputs are copied).
    out_path : str or os.PathLike, optional
        Where to write the filled copy (atomically).
    force : bool
        Write even if the workbook holds charts or images, which openpyxl cannot keep.
    in_place : bool
        Write over ``workbook_path`` itself (atomically); as ``--in-place``, it must be asked
        for: exactly one of ``out_path`` and ``in_place`` is given.

    Raises
    ------
    TcxlError
        Neither or both of ``out_path`` and ``in_place``; ``out_path`` naming the input.
    FillError
        Values that do not belong, every one listed; nothing is written.

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> built = tcxl.build_workbook(project, f"{tmp}/projeto.xlsx")
    >>> rows = [{"activity": "A1.1", "year": 1, "executed": 170200.00}]
    >>> out = tcxl.fill(built, {"disbursement": rows}, f"{tmp}/preenchido.xlsx")
    >>> dis = tcxl.read_workbook(out).disbursement
    >>> dis[(dis.activity == "A1.1") & (dis.year == 1)].executed.tolist()
    [170200.0]
    """
    from .read import read_workbook

    src = Path(workbook_path)
    if in_place == (out_path is not None):
        raise TcxlError(
            "informe out_path (a planilha de saída) ou in_place=True (gravar sobre a planilha), um dos dois"
        )
    out = src if out_path is None else Path(out_path)
    if not in_place and out.resolve() == src.resolve():
        raise TcxlError(f"{out}: a saída é a própria planilha de entrada; use in_place=True para gravar sobre ela")
    tables = values.tables() if hasattr(values, "tables") else dict(values)
    wb = read_workbook(src)
    if not hasattr(values, "tables"):
        check_tables(tables, "valores")
    assignments, problems = _assignments(tables, wb)
    if problems:
        raise FillError(problems)
    book = open_for_edit(src, force, "ao gravar", "gravar mesmo assim (esse conteúdo será removido)")
    sheets = {ws.title: ws for ws in book.worksheets}
    where = wb.reading.where
    for key, value in assignments.items():
        sheet, row, col = where[key]
        cell = sheets[sheet].cell(row + 1, col + 1)
        current = cell.value
        if value is None:
            cell.value = None
        elif isinstance(value, Decimal):
            if value == 0 and current in (None, "") and key[0] in ("fin", "dis"):
                continue  # an empty money input stays empty (a zero target in the matrix is kept)
            cell.value = int(value) if value == value.to_integral_value() else float(value)
        else:
            cell.value = value
    return save(book, out)


def load_values(path: str | Path) -> dict[str, Any]:
    """Values from a file: .json (tables as lists of records, as `tcxl export --to json`, or
    one list of records recognised by its columns), .xlsx (one sheet per table, as `tcxl
    export --to xlsx`) or .csv (one table, recognised by its columns). Each frame remembers
    where its rows came from (``attrs``), so a problem names the file and the row as a
    spreadsheet or editor shows it."""
    import json

    import pandas as pd

    from .sniff import require_file

    path = require_file(path)  # missing, a folder, a FIFO (which would block the read forever), …
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(doc, list):  # one table of records
                if not all(isinstance(r, dict) for r in doc):
                    raise TcxlError(f"{path}: a lista deve ser de registros (objetos com as colunas)")
                frame = pd.DataFrame(doc)
                tables = {_table_of(frame, path): frame}
                where = {name: (f"{path.name}, registro", 1) for name in tables}
            elif isinstance(doc, dict):
                tables = {k: v for k, v in doc.items() if not k.startswith("_") and k not in IGNORED}
                for name, records in tables.items():
                    if name in TABLES and not isinstance(records, list):
                        raise TcxlError(f"{path}: a tabela {name} deve ser uma lista de registros")
                check_tables({k: v for k, v in tables.items()}, str(path))
                tables = {k: pd.DataFrame(v) for k, v in tables.items()}
                where = {name: (f"{path.name}, {name}, registro", 1) for name in tables}
            else:
                raise TcxlError(f"{path}: o JSON deve ser um objeto {{tabela: registros}} ou uma lista de registros")
        elif suffix == ".xlsx":
            tables = {k: v for k, v in pd.read_excel(path, sheet_name=None).items() if k not in IGNORED}
            where = {name: (f"{path.name}, aba {name}, linha", 2) for name in tables}  # row 1: the header
        elif suffix == ".csv":
            frame = pd.read_csv(path, dtype={"code": str}, sep=None, engine="python", encoding="utf-8-sig")
            tables = {_table_of(frame, path): frame}
            where = {name: (f"{path.name}, linha", 2) for name in tables}
        else:
            raise TcxlError(f"{path}: formato de valores desconhecido (use .csv, .xlsx ou .json)")
    except (ValueError, OSError) as exc:
        raise TcxlError(f"{path}: não foi possível ler os valores ({exc})") from None
    check_tables(tables, str(path))
    for name, frame in tables.items():
        frame.attrs["rows"] = where[name]
    return tables


TABLES = ("financial", "disbursement", "schedule", "matrix")
# the columns of each table, as `tcxl export` writes them (plus `period` for a semester as text)
COLUMNS = {
    "financial": ("code", "label", "kind", "year", "planned", "executed"),
    "disbursement": ("block", "activity", "description", "year", "planned", "executed"),
    "schedule": ("block", "activity", "description", "year", "semester", "period", "planned", "status"),
    "matrix": (
        "level",
        "ref",
        "indicator",
        "baseline",
        "year",
        "semester",
        "period",
        "planned",
        "realized",
        "source",
        "assumption",
    ),
}
VALUES = {
    "financial": ("planned", "executed"),
    "disbursement": ("planned", "executed"),
    "schedule": ("planned", "status"),
    "matrix": ("planned", "realized"),
}
IDENTITY = {
    "financial": ("code", "year"),
    "disbursement": ("activity", "year"),
    "schedule": ("activity",),
    "matrix": ("ref",),
}
IGNORED = ("info",)  # what `tcxl export --to json` adds that is not filled (registration data)


def _close(name: str, known) -> str:
    import difflib

    match = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    return f"; você quis dizer '{match[0]}'?" if match else f" (use: {', '.join(known)})"


def check_tables(tables: Mapping[str, Any], source: str) -> None:
    """Unknown tables and columns, and tables without a value column, are errors naming
    them (a misspelling used to write nothing and say 'gravado'); raises FillError."""
    problems = []
    for name, table in tables.items():
        if name not in TABLES:
            problems.append(f"{source}: tabela desconhecida '{name}'{_close(name, TABLES)}")
            continue
        columns = list(table.columns) if hasattr(table, "columns") else sorted({k for r in table for k in r})
        if len(table) == 0:
            continue  # an empty table fills nothing and names no column
        for col in columns:
            if col not in COLUMNS[name]:
                problems.append(f"{source}: {name}: coluna desconhecida '{col}'{_close(col, COLUMNS[name])}")
        for col in IDENTITY[name]:
            if col not in columns:
                problems.append(f"{source}: {name}: falta a coluna '{col}'")
        if not any(col in columns for col in VALUES[name]):
            problems.append(f"{source}: {name}: nenhuma coluna de valores ({' ou '.join(VALUES[name])})")
    if problems:
        raise FillError(problems)


def _table_of(frame, path: Path) -> str:
    cols = set(frame.columns)
    if "code" in cols:
        return "financial"
    if "ref" in cols:
        return "matrix"
    if "activity" in cols and ({"status"} & cols or "semester" in cols or "period" in cols):
        return "schedule"
    if "activity" in cols:
        return "disbursement"
    raise TcxlError(
        f"{path}: colunas não reconhecidas ({', '.join(map(str, frame.columns))}); use as colunas "
        "das tabelas de `tcxl export` (code, activity, ref, year, semester, planned, executed, status)"
    )
