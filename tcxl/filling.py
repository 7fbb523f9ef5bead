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
from .errors import TcxlError, reason, syntax_error
from .layout.schedule import PLAN_MARKS, STATUS_MARKS
from .numbers import NotANumber, cents, to_decimal
from .periods import half_number, parse_semester, semester_index, year_number
from .read import FRAME_COLUMNS
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
        year = year_number(value)
        if year is None:
            problems.append(f"{line}: ano inválido ({value!r}; use 1, 2, … ou Ano I, Ano II, …)")
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
        code = str(row.get("account", "")).strip()
        if code not in BY_CODE:
            problems.append(f"{line}: conta desconhecida {code!r}")
            continue
        if code not in INPUT_CODES:
            if "level" not in row:
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
        if "scheduled" in row and not _missing(row["scheduled"]):
            planned = row["scheduled"]
            if isinstance(planned, str):
                planned = planned.strip().upper()
                if planned not in ("X", "TRUE", "FALSE", ""):
                    problems.append(f"{line}: marca prevista inválida {row['scheduled']!r} (use X)")
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
        for column, field in (("target", "planned"), ("realized", "realized")):
            if column in row and not _missing(row[column]):
                try:
                    value = to_decimal(row[column])
                except NotANumber:
                    problems.append(f"{line}: {column} não é um número ({row[column]!r})")
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
        year, half = year_number(row["year"]), half_number(row["semester"])
        if year is None:
            raise ValueError(f"ano {row['year']!r} inválido (use 1, 2, … ou Ano I, Ano II, …)")
        if half is None:
            raise ValueError(f"semestre {row['semester']!r} inválido (use 1, 2, 1º Sem ou 2º Sem)")
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
        Table name (``financial``, ``disbursement``, ``schedule``, ``matrix``) -> DataFrame or
        records in the shapes :func:`tcxl.read_workbook` gives, or a Workbook read back (its
        inputs are copied). Columns go by their SPEC §2.1 name or pt-BR header in any case and
        spacing (``Atividade``, ``Ano``, ``Executado``); a year is ``1`` or ``Ano I``, a
        semester ``1`` or ``1º Sem``; empty columns a spreadsheet adds after the last are
        ignored.
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
    >>> dis[(dis.activity == "A1.1") & (dis.year == "Ano I")].executed.tolist()
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
    tables = normalised(values.tables() if hasattr(values, "tables") else dict(values), "valores")
    wb = read_workbook(src)
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
            doc = json.loads(_text_of(path))
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
                tables = {k: pd.DataFrame(v) for k, v in tables.items()}
                where = {name: (f"{path.name}, {name}, registro", 1) for name in tables}
            else:
                raise TcxlError(f"{path}: o JSON deve ser um objeto {{tabela: registros}} ou uma lista de registros")
        elif suffix == ".xlsx":
            sheets = {k: v for k, v in pd.read_excel(path, sheet_name=None, dtype=object).items() if k not in IGNORED}
            if len(sheets) == 1 and next(iter(sheets)) not in TABLES:  # 'Plan1', 'Planilha1': known by its columns
                ((sheet, frame),) = sheets.items()
                tables = {_table_of(frame, path): frame}
                where = {name: (f"{path.name}, aba {sheet}, linha", 2) for name in tables}
            else:
                tables = sheets
                where = {name: (f"{path.name}, aba {name}, linha", 2) for name in tables}  # row 1: the header
        elif suffix == ".csv":
            import io

            text = _text_of(path)
            headers = pd.read_csv(io.StringIO(text), nrows=0, sep=None, engine="python").columns
            account = {h: "str" for h in headers if _column("financial", h) == "account"}  # '1.10' is not 1.1
            frame = pd.read_csv(io.StringIO(text), dtype=account, sep=None, engine="python")
            tables = {_table_of(frame, path): frame}
            where = {name: (f"{path.name}, linha", 2) for name in tables}
        else:
            raise TcxlError(f"{path}: formato de valores desconhecido (use .csv, .xlsx ou .json)")
    except json.JSONDecodeError as exc:
        raise TcxlError(f"{path}: JSON ilegível ({syntax_error(exc)})") from None
    except OSError as exc:
        raise TcxlError(f"{path}: não foi possível ler os valores ({reason(exc)})") from None
    except ValueError:
        kind = {".csv": "CSV", ".xlsx": "planilha"}.get(suffix, "arquivo")
        raise TcxlError(
            f"{path}: não foi possível ler os valores ({kind} malformado: confira separadores, aspas e colunas)"
        ) from None
    for name, frame in tables.items():
        frame.attrs["rows"] = where[name]
    return normalised(tables, str(path))


ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))  # what Excel's "CSV" saves, BOM or not


def _text_of(path: Path) -> str:
    """A values file's text: UTF-8 (with or without a BOM), else Windows-1252 (Excel's "CSV
    (separado por vírgulas)" on Windows); an encoding that is neither is one line naming them."""
    data = path.read_bytes()
    for encoding, _ in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    names = " nem ".join(name for _, name in ENCODINGS)
    raise TcxlError(f"{path}: codificação de texto não reconhecida (não é {names}); salve como CSV UTF-8")


TABLES = ("financial", "disbursement", "schedule", "matrix")
# the columns of each table, as `read_workbook` and `tcxl export` give them (SPEC §2.1), plus
# `period` for a semester as text ('Ano II/1º Sem', '2025-1')
COLUMNS = {
    name: ("project_id", "file", *columns, *(("period",) if name in ("schedule", "matrix") else ()))
    for name, columns in FRAME_COLUMNS.items()
}
VALUES = {
    "financial": ("planned", "executed"),
    "disbursement": ("planned", "executed"),
    "schedule": ("scheduled", "status"),
    "matrix": ("target", "realized"),
}
IDENTITY = {
    "financial": ("account", "year"),
    "disbursement": ("activity", "year"),
    "schedule": ("activity",),
    "matrix": ("ref",),
}
# what a column is called in one table when the vocabulary's word means something else there
# (the schedule's and the matrix's "Previsto" are a mark and a target), and older exports' names
IN_TABLE = {
    "financial": {"code": "account", "kind": "level"},
    "schedule": {"planned": "scheduled"},
    "matrix": {"planned": "target", "level": "element"},
}
IGNORED = ("info",)  # what `tcxl export --to json` adds that is not filled (registration data)


def _column(table: str, header: Any) -> str | None:
    """The column ``header`` stands for in ``table``: a vocabulary name or pt-BR header in any
    case, accents and spacing (:func:`tcxl.vocabulary.column_for`), or a name of :data:`IN_TABLE`."""
    from .vocabulary import column_for, fold_header

    name = column_for(header)
    renames = IN_TABLE.get(table, {})
    return renames.get(name or "", renames.get(fold_header(header), name))


def _unnamed_and_empty(table: Any, header: Any) -> bool:
    """A column a spreadsheet adds after the last one (``Unnamed: 3`` from a trailing ``;;``, or a
    blank header) holding nothing."""
    if str(header).strip() and not str(header).startswith("Unnamed:"):
        return False
    return all(_missing(v) for v in table[header])


def normalised(tables: Mapping[str, Any], source: str) -> dict[str, Any]:
    """``tables`` as frames with every column under its vocabulary name, empty trailing columns
    dropped. Unknown tables and columns, a missing identity column or no value column are
    errors naming them (a misspelling used to write nothing and say 'gravado'); raises
    FillError."""
    import pandas as pd

    problems, out = [], {}
    for name, table in tables.items():
        if name not in TABLES:
            problems.append(f"{source}: tabela desconhecida '{name}'{_close(name, TABLES)}")
            continue
        frame = table if hasattr(table, "columns") else pd.DataFrame(list(table))
        if len(frame) == 0:
            continue  # an empty table fills nothing and names no column
        renames: dict[Any, str] = {}
        for header in frame.columns:
            if _unnamed_and_empty(frame, header):
                continue
            column = _column(name, header)
            if column is None or column not in COLUMNS[name]:
                problems.append(f"{source}: {name}: coluna desconhecida '{header}'{_close(header, COLUMNS[name])}")
            elif column in renames.values():
                problems.append(f"{source}: {name}: a coluna '{header}' repete '{column}'")
            else:
                renames[header] = column
        for col in IDENTITY[name]:
            if col not in renames.values():
                problems.append(f"{source}: {name}: falta a coluna '{col}'")
        if not set(renames.values()) & set(VALUES[name]):
            problems.append(f"{source}: {name}: nenhuma coluna de valores ({' ou '.join(VALUES[name])})")
        renamed = frame[list(renames)].rename(columns=renames)
        renamed.attrs = dict(getattr(frame, "attrs", {}))
        out[name] = renamed
    if problems:
        raise FillError(problems)
    return out


def _close(name: str, known) -> str:
    import difflib

    match = difflib.get_close_matches(str(name), list(known), n=1, cutoff=0.6)
    return f"; você quis dizer '{match[0]}'?" if match else f" (use: {', '.join(known)})"


def _table_of(frame, path: Path) -> str:
    """The table a lone CSV or list of records is, by its columns (any of their names)."""
    from .vocabulary import column_for

    # the vocabulary's own names (not a table's: in the schedule's, 'Previsto' is a mark), and the
    # statement's older 'code'
    cols = {column_for(c) for c in frame.columns} | {_column("financial", c) for c in frame.columns}
    if "account" in cols:
        return "financial"
    if "ref" in cols:
        return "matrix"
    if "activity" in cols and cols & {"status", "semester", "period", "scheduled"}:
        return "schedule"
    if "activity" in cols:
        return "disbursement"
    raise TcxlError(
        f"{path}: colunas não reconhecidas ({', '.join(map(str, frame.columns))}); use as colunas "
        "das tabelas de `tcxl export` (account, activity, ref, year, semester, planned, executed, status) "
        "ou seus títulos em português (Conta, Atividade, Ano, Semestre, Previsto, Executado, Situação)"
    )
