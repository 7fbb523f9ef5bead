"""Read completed workbooks back into pandas (SPEC §2, §5).

``read_workbook(path)`` loads every sheet once (:mod:`tcxl.xlsx`), locates each
table by its labels, maps every cell it finds to the layout key it stands for (the same
keys the builder writes, see :mod:`tcxl.layout`), and builds the tidy frames. Values of
total rows are recomputed from the inputs; what cannot be located becomes a finding.
"""

from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from ..accounts import ACCOUNTS, GRAND_TOTAL_CODE, INPUT_CODES
from ..errors import SpecError
from ..findings import Finding
from ..keys import AccountKey
from ..layout import METADATA_SHEET
from ..numbers import cents
from ..periods import half_label, semester_year_half, year_label
from ..rules import declare
from ..sniff import UnreadableFile, sniff
from ..speed import paused_gc
from ..vocabulary import MARKS
from . import disbursement, financial, identification, matrix, schedule
from .grid import EXTERNAL, Grid, Reading, ref
from .marks import ANNOTATION_MARK

ZERO = Decimal(0)
# each frame's columns after project_id and file (SPEC §2.1's names); fill takes the same
FRAME_COLUMNS: dict[str, tuple[str, ...]] = {
    "financial": ("account", "label", "level", "year", "planned", "executed"),
    "disbursement": ("block", "activity", "description", "year", "planned", "executed"),
    "schedule": ("block", "activity", "description", "year", "semester", "scheduled", "status"),
    "matrix": (
        "element",
        "ref",
        "indicator",
        "baseline",
        "baseline_text",
        "year",
        "semester",
        "target",
        "realized",
        "source",
        "assumption",
    ),
}

emit = declare("TCX010", "TCX011", "TCX012", "TCX107")


def _thousands(n: int) -> str:
    """12345 -> '12.345' (pt-BR thousands)."""
    return f"{n:_}".replace("_", ".")


def load_grids(path: str | Path, max_size: int | None = None) -> tuple[list[Grid], dict[str, str], list[Finding], dict]:
    """Every worksheet as a Grid — formulas and stored results in one pass — plus tcxl's
    metadata, the findings of loading (limits reached, links, macros, oversized text) and
    the workbook's defined names."""
    from lxml.etree import XMLSyntaxError

    from ..xlsx import MAX_COLS, MAX_ROWS, DangerousXml, TooLarge, read_sheets

    path = Path(path)
    notes = sniff(path, max_size)
    try:
        sheets = read_sheets(path)
    except TooLarge as exc:
        raise UnreadableFile(
            path,
            "TCX006",
            subject="a planilha declara",
            size=str(exc),
            limit="além do que o tcxl lê",
            verdict="não é uma planilha de projeto (possível arquivo forjado)",
        ) from None
    except DangerousXml as exc:
        raise UnreadableFile(path, "TCX009", part=str(exc)) from None
    except (
        zipfile.BadZipFile,
        KeyError,
        XMLSyntaxError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
        EOFError,
        zlib.error,
        NotImplementedError,
    ) as exc:
        raise UnreadableFile(
            path,
            "TCX001",
            reason=f"planilha .xlsx danificada ({exc.__class__.__name__}); "
            "abra e salve de novo no Excel ou LibreOffice",
        ) from None
    grids, metadata = [], {}
    for sheet in sheets:
        first = sheet.rows[0][0] if sheet.rows and sheet.rows[0] else None
        if isinstance(first, str) and first.startswith(ANNOTATION_MARK):
            continue  # tcxl's own 'Conferência' sheet of an annotated copy: its messages quote labels
        if sheet.name == METADATA_SHEET:
            metadata = {str(r[0]): str(r[1]) for r in sheet.rows[1:] if len(r) > 1 and r[0] is not None}
            continue
        grid = Grid(sheet.name, sheet.rows, sheet.state != "visible", sheet.hidden_rows)
        grid.cached = sheet.cached
        grids.append(grid)
        if sheet.dropped_rows or sheet.dropped_cols:
            notes.append(
                emit(
                    "TCX010",
                    sheet.name,
                    "",
                    max_rows=_thousands(MAX_ROWS),
                    max_cols=_thousands(MAX_COLS),
                    rows=str(sheet.dropped_rows),
                    cells=str(sheet.dropped_cols),
                )
            )
    notes += _cell_notes(grids)
    return grids, metadata, notes, sheets.names


def _cell_notes(grids: list[Grid]) -> list[Finding]:
    """Formulas that read other workbooks and text longer than Excel allows (first 20 each)."""
    links = [
        (grid, r, c, text) for grid in grids for r, c, text in grid.formulas if "[" in text and EXTERNAL.search(text)
    ][:20]
    long = [(grid, r, c, text) for grid in grids for r, c, text in grid.long_texts][:20]
    out = [
        emit(
            "TCX011",
            grid.name,
            ref(r, c),
            found=text[:200],
            what=f"a fórmula lê outra pasta de trabalho ({text[:80]})",
            consequence="traga o valor para esta planilha",
        )
        for grid, r, c, text in links
    ]
    out += [
        emit("TCX012", grid.name, ref(r, c), found=f"{len(text)} caracteres", length=_thousands(len(text)))
        for grid, r, c, text in long
    ]
    return out


class Workbook:
    """A workbook read back: ``info``, ``financial``, ``disbursement``, ``schedule``, ``matrix``.

    Made by :func:`tcxl.read_workbook`. The frames are built on first access and speak SPEC
    §2.1's vocabulary (:mod:`tcxl.vocabulary`): ``project_id`` and ``file`` first, ``year`` an
    ordered ``Ano I`` < ``Ano II`` …, ``block`` in the model's order. Money columns are floats
    rounded to the cent; a blank input cell is ``NaN`` (not reported yet), a typed ``0`` is
    ``0.0``; the values of total rows are tcxl's recomputation from the inputs, and ``level``
    tells them from the inputs.

    Attributes
    ----------
    path : str
        The file read.
    years : int
        The project's number of years (Ano I, Ano II, …).
    reading : Reading
        Every located cell by layout key, for the checker.

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> project = tcxl.Project.from_file("samples/projeto_exemplo.yaml")
    >>> wb = tcxl.read_workbook(tcxl.build_workbook(project, f"{tmp}/projeto.xlsx"))
    >>> wb.years, wb.info["project.total_value"]
    (3, 2903650.5)
    >>> fin = wb.financial
    >>> float(fin[fin.level == "total"].planned.sum())  # TOTAL GERAL, every year
    2903650.5
    >>> round(float(fin[fin.level == "input"].planned.sum()), 2)  # the inputs add up to it
    2903650.5
    >>> fin.groupby("year", observed=True).planned.sum().index.tolist()
    ['Ano I', 'Ano II', 'Ano III']
    >>> dis = wb.disbursement
    >>> dis.block.unique().tolist()
    ['1', '2', '3', 'M', 'CI']
    >>> int(dis.executed.isna().sum()) == len(dis)  # nothing executed yet: blank, not zero
    True
    """

    def __init__(self, path: str | Path, reading: Reading, years: int):
        self.path = str(path)
        self.reading = reading
        self.years = years

    @property
    def findings(self) -> list[Finding]:
        """What could not be located (TCX1xx) and numbers typed as text (TCX5xx)."""
        return self.reading.findings

    @property
    def template_version(self) -> str | None:
        """The template version tcxl recorded when it built the file (None for others)."""
        return self.reading.metadata.get("template_version")

    def start_date(self, use_metadata: bool = True) -> dt.date | None:
        """The project's start (2.3 Período de execução); with ``use_metadata``, else 1 January
        of the first year tcxl recorded when it built the workbook."""
        start = self.value(("info", "start"))
        if isinstance(start, dt.date):
            return start
        first = self.reading.metadata.get("first_year") if use_metadata else None
        return dt.date(int(first), 1, 1) if first else None

    def report_date(self) -> dt.date | None:
        """The report's date (Identificação, 'Data:' of the person responsible) when it is a
        date; None when it is blank or typed as something else (that is TCX605)."""
        date = self.value(("info", "responsible.date"))
        if isinstance(date, dt.datetime):
            return date.date()
        return date if isinstance(date, dt.date) else None

    def semester_start(self, index: int, use_metadata: bool = True) -> dt.date | None:
        """First day of project semester ``index`` (calendar or project years, SPEC §1)."""
        start = self.start_date(use_metadata)
        if start is None:
            return None
        if self.reading.metadata.get("year_basis") == "project":
            months = start.month - 1 + (index - 1) * 6
            year, month = start.year + months // 12, months % 12 + 1
        else:
            year, half = semester_year_half(index)
            year, month = start.year + year - 1, 1 if half == 1 else 7
        return dt.date(year, month, 1) if year <= dt.MAXYEAR else None  # a start typed as 9999: no calendar

    def value(self, key: tuple) -> Any:
        return self.reading.values.get(key)

    def _input(self, key: tuple) -> float:
        """A money input for the frames: its value to the cent, NaN when the cell is blank."""
        value = self.reading.values.get(key)
        return float(cents(value)) if isinstance(value, Decimal) else float("nan")

    def money(self, key: tuple) -> Decimal:
        value = self.reading.values.get(key)
        return value if isinstance(value, Decimal) else ZERO

    @cached_property
    def statement(self):
        """Every cell of the statement (``AccountKey`` key -> Decimal) computed from the inputs
        read, by the layout's own formulas (:func:`tcxl.layout.financial.formulas`)."""
        from ..layout.financial import formulas
        from ..totals import Evaluation, Inputs

        return Evaluation(formulas(self.years), Inputs(self.reading.values, ZERO))  # not self.money: a cycle

    # -- frames ---------------------------------------------------------------------------
    @cached_property
    def info(self) -> dict[str, Any]:
        """The Identificação fields by key (``entity.cnpj``, ``project.total_value``,
        ``project.protocol``, ``responsible.date``, …) and ``areas``, the areas marked."""
        out: dict[str, Any] = {}
        areas = []
        for key, value in self.reading.values.items():
            if key[0] != "info":
                continue
            if key[1] == "area":
                if value:
                    areas.append(key[2])
            elif key[1] in ("start", "end"):
                out[f"project.{key[1]}"] = value
            else:
                out[key[1]] = float(cents(value)) if isinstance(value, Decimal) else value
        out["areas"] = areas
        return out

    @cached_property
    def project_id(self) -> str:
        """SPEC §4.1's identity of the project (:func:`tcxl.identity.project_identity`), or
        ``arquivo:<path>`` when the workbook carries neither a protocol number nor a CNPJ and
        title (it is then a project of its own)."""
        from ..identity import project_identity

        return project_identity(self.info) or f"arquivo:{self.path}"

    def _frame(self, rows: list[tuple], columns: tuple[str, ...], **fixed: tuple[str, ...]):
        """A frame of the vocabulary (SPEC §2.1), ``project_id`` and ``file`` first."""
        from ..vocabulary import frame

        return frame(
            [(self.project_id, self.path, *row) for row in rows],
            ["project_id", "file", *columns],
            project_id=(self.project_id,),
            file=(self.path,),
            **fixed,
        )

    @cached_property
    def financial(self):
        """Execução Financeira, one row per account and year (SPEC §2.1): ``project_id``,
        ``file``, ``account`` (``1.1.1``), ``label``, ``level`` (``input`` for the accounts typed
        in, ``subtotal`` for the lines adding some of them, ``total`` for TOTAL GERAL), ``year``
        (``Ano I`` …), ``planned``, ``executed``. Headings are not rows; the input rows add up to
        TOTAL GERAL, so ``frame[frame.level == "input"]`` sums without counting anything twice."""
        rows = []
        located = {k[1] for k in self.reading.where if k[0] == "fin"}
        for acc in ACCOUNTS:
            if acc.kind in ("ratio", "heading"):
                continue
            level = "input" if acc.is_input else "total" if acc.code == GRAND_TOTAL_CODE else "subtotal"
            for year in range(1, self.years + 1):
                if acc.code not in located:
                    planned = executed = float("nan")
                elif acc.is_input:  # a blank input is missing, not zero (a year not reported yet)
                    planned, executed = (self._input(("fin", acc.code, year, f)) for f in ("planned", "executed"))
                else:  # totals count blanks as zero, as the spreadsheet does
                    planned, executed = (
                        float(cents(self.statement(AccountKey(acc.code, year, f)))) for f in ("planned", "executed")
                    )
                rows.append((acc.code, acc.label, level, year_label(year), planned, executed))
        return self._frame(rows, FRAME_COLUMNS["financial"])

    @cached_property
    def disbursement(self):
        """Cronograma de Desembolso, one row per activity and year (SPEC §2.1): ``project_id``,
        ``file``, ``block`` (``1``, ``2``, …, ``M`` monitoring, ``CI`` indirect costs),
        ``activity``, ``description``, ``year``, ``planned``, ``executed``. Only the typed
        inputs: the block and grand totals are sums of these rows."""
        rows = [
            (
                str(block),
                code,
                description,
                year_label(year),
                *(self._input(("dis", code, year, f)) for f in ("planned", "executed")),
            )
            for block, code, description in self.reading.items.get("disbursement", [])
            for year in range(1, self.years + 1)
        ]
        return self._frame(rows, FRAME_COLUMNS["disbursement"])

    @cached_property
    def schedule(self):
        """Cronograma de Atividades, one row per activity and semester (SPEC §2.1):
        ``project_id``, ``file``, ``block``, ``activity``, ``description``, ``year``,
        ``semester`` (``1º Sem``, ``2º Sem``), ``scheduled`` (bool: Previsto ``X``), ``status``
        (the Realizado mark ``X``, ``P``, ``A``, ``C``; NaN when blank)."""
        rows = []
        for block, code, description, _ in self.reading.items.get("schedule", []):
            for s in range(1, 2 * self.years + 1):
                year, half = semester_year_half(s)
                planned = self.value(("sch", code, s, "planned"))
                status = self.value(("sch", code, s, "status"))
                rows.append((str(block), code, description, year_label(year), half_label(half), bool(planned), status))
        return self._frame(rows, FRAME_COLUMNS["schedule"], status=MARKS)

    @cached_property
    def matrix(self):
        """Matriz de Planejamento, one row per indicator and semester (SPEC §2.1): ``project_id``,
        ``file``, ``element`` (``objective``, ``result``, ``product``, ``activity``), ``ref`` (O1,
        R2, P1.1, A1.2), ``indicator``, ``baseline`` (a number; NaN when blank or text),
        ``baseline_text`` (the baseline when it is text), ``year``, ``semester``, ``target``,
        ``realized``, ``source``, ``assumption``."""

        def num(value):
            return float(value) if isinstance(value, Decimal) else None

        rows = []
        for level, element, index, _ in self.reading.items.get("matrix", []):
            key = lambda *rest, e=element, i=index: ("mat", e, i, *rest)  # noqa: E731
            baseline = self.value(key("baseline"))
            for s in range(1, 2 * self.years + 1):
                year, half = semester_year_half(s)
                rows.append(
                    (
                        level,
                        element,
                        self.value(key("description")),
                        num(baseline),
                        None if isinstance(baseline, Decimal) else baseline,
                        year_label(year),
                        half_label(half),
                        num(self.value(key(f"S{s}", "planned"))),
                        num(self.value(key(f"S{s}", "realized"))),
                        self.value(key("source")),
                        self.value(key("assumption")),
                    )
                )
        return self._frame(rows, FRAME_COLUMNS["matrix"])

    def spec(self):
        """The project spec this workbook holds, a :class:`tcxl.Project` (what ``tcxl spec``
        writes and ``build-template`` takes).

        Raises
        ------
        SpecError
            The workbook's data is not a valid spec: every problem, each naming its field and
            the cell it was read from.
        """
        from .rebuild import rebuild

        return rebuild(self)

    @cached_property
    def project(self):
        """The project spec rebuilt from the workbook (:meth:`spec`), or None when it is not a
        valid spec."""
        try:
            return self.spec()
        except SpecError:
            return None

    def tables(self) -> dict[str, Any]:
        """The four tidy frames by name (for export)."""
        return {name: getattr(self, name) for name in ("financial", "disbursement", "schedule", "matrix")}

    # -- notebook manners -------------------------------------------------------------------
    def _activities(self) -> int:
        """Activities (``Am.n``) the disbursement and activity schedules list, sub-activities aside."""
        codes = {
            item[1]
            for table in ("disbursement", "schedule")
            for item in self.reading.items.get(table, [])
            if isinstance(item, tuple) and len(item) > 1 and isinstance(item[1], str)
        }
        return sum(code.count(".") == 1 for code in codes)

    def __repr__(self) -> str:
        from ..display import counted, short_name

        return (
            f"<Workbook {short_name(self.path)!r}: {counted(self.years, 'ano', 'anos')}, "
            f"{counted(self._activities(), 'atividade', 'atividades')}, "
            f"{counted(len(self.findings), 'constatação', 'constatações')} de leitura>"
        )

    def _repr_html_(self) -> str:
        from ..display import counted, html_table

        info = self.info
        facts = [
            ("Projeto", info.get("project.title") or "—"),
            ("Entidade", info.get("entity.name") or "—"),
            ("Anos", self.years),
            ("Atividades", self._activities()),
            ("Planilhas lidas", ", ".join(dict.fromkeys(self.reading.tables.values())) or "—"),
            ("Constatações de leitura", len(self.findings)),
            ("Versão do modelo", self.template_version or "—"),
        ]
        return html_table(
            f"{self.path}: {counted(len(self.findings), 'constatação', 'constatações')} de leitura", facts
        )


@paused_gc()
def read_workbook(path: str | Path, max_size: int | None = None) -> Workbook:
    """Read a PROADI-SUS workbook (tcxl-built or following the model's labels).

    Tables are found by their labels on any sheet; inserted rows, extra columns, merged
    cells, re-saved files and numbers typed as text are read as they are meant.

    Parameters
    ----------
    path : str or os.PathLike
        The ``.xlsx`` file.
    max_size : int, optional
        Refuse files that expand past this many bytes (zip bomb guard; default 200 MB).

    Returns
    -------
    Workbook
        Its tidy frames; what could not be located is in :attr:`Workbook.findings`.

    Raises
    ------
    TcxlError
        The file cannot be read at all (``tcxl.sniff.UnreadableFile``, carrying its TCX0xx
        finding): missing, not an ``.xlsx``, an old ``.xls``, encrypted, too large….

    Examples
    --------
    >>> import tcxl
    >>> wb = tcxl.read_workbook("samples/tc60_2017.xlsx")
    >>> wb
    <Workbook 'tc60_2017.xlsx': 1 ano, 32 atividades, 0 constatações de leitura>
    >>> wb.years, len(wb.findings), wb.template_version
    (1, 0, 'proadi-sus/2024.1')
    >>> wb.info["entity.name"]
    'Conselho Nacional de Secretários de Saúde (CONASS)'
    >>> sorted(wb.tables())
    ['disbursement', 'financial', 'matrix', 'schedule']
    """
    grids, metadata, notes, names = load_grids(path, max_size)
    r = Reading(grids, str(path), metadata=metadata, findings=notes, names=names)
    fin_years = financial.read(r)
    dis_years = disbursement.read(r)
    semesters = schedule.read(r)
    mat_years = matrix.read(r)
    identification.read(r)
    years = fin_years or (semesters // 2 if semesters else None) or int(metadata.get("years", 0) or 0) or 3
    counts = {
        r.tables[role]: n
        for role, n in (
            ("financial", fin_years),
            ("disbursement", dis_years),
            ("schedule", (semesters + 1) // 2 if semesters else None),
            ("matrix", mat_years),
        )
        if n
    }
    if len(set(counts.values())) > 1:
        r.findings.append(
            emit(
                "TCX107",
                expected=str(years),
                counts=", ".join(f"{sheet}: {n}" for sheet, n in counts.items()),
            )
        )
    return Workbook(path, r, years)


__all__ = ["read_workbook", "Workbook", "INPUT_CODES"]
