"""From any readable workbook to the official one (``tcxl rebuild``, ``tcxl spec``; issue 26).

``rebuild(IN, OUT)`` reads IN (tcxl-built of any template version, hand-made in the model's
form, re-saved by LibreOffice, with broken formulas), rebuilds its project spec
(:mod:`tcxl.read.rebuild`), builds the official workbook of the current template version from
it, copies every typed amount, mark and text into it (:func:`tcxl.fill`) and reads the result
back: every input of IN must be in OUT to the cent, or the difference is an error and nothing is
written (unless ``force``). What changed on the way — formulas replaced, codes and labels
normalised, sheets and notes columns dropped — is listed, one :class:`Normalisation` each.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from .errors import TcxlError

_LETTER = re.compile(r"^\(\s*[a-z]\s*\)$")  # a block's letter, '(A)' folded: a label of the model

KINDS = {
    "formula": "fórmula substituída",
    "constant": "valor fixo trocado pela fórmula",
    "input_formula": "fórmula de entrada trocada pelo valor",
    "code": "código normalizado",
    "label": "rótulo normalizado",
    "indirect": "custos indiretos",
    "version": "versão do modelo",
    "sheet": "aba descartada",
    "column": "coluna de notas descartada",
    "content": "conteúdo descartado",
    "unplaced": "valor sem lugar",
    "lost": "valor perdido",
    "unreadable": "tabela não localizada",
}


@dataclass(frozen=True)
class Normalisation:
    """One thing :func:`rebuild` changed, dropped or could not carry.

    Attributes
    ----------
    kind : str
        ``formula`` (a total or percentage formula replaced), ``constant`` (a number typed where
        a formula belongs), ``input_formula`` (an input computed by a formula, kept as its
        value), ``code`` (an activity code normalised), ``label``, ``indirect``, ``version``,
        ``sheet`` / ``column`` / ``content`` (dropped), or the errors ``unplaced``, ``lost`` and
        ``unreadable``.
    sheet, cell : str
        Where, in IN (``""`` when it is not one cell).
    old, new : str
        What IN held and what OUT holds.
    message : str
        The pt-BR line.
    severity : str
        ``info`` (a normalisation) or ``error`` (a value that would be lost).
    """

    kind: str
    sheet: str
    cell: str
    old: str
    new: str
    message: str
    severity: str = "info"

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def line(self, path: str = "") -> str:
        """``PATH: SHEET!CELL: erro|<kind>: message`` — one pt-BR line."""
        head = f"{path}: " if path else ""
        where = f"{self.where}: " if self.where else ""
        label = "erro" if self.severity == "error" else KINDS.get(self.kind, self.kind)
        return f"{head}{where}{label}: {self.message}"


@dataclass
class RebuildResult:
    """What :func:`rebuild` did.

    Attributes
    ----------
    source : pathlib.Path
        IN (never written).
    output : pathlib.Path
        OUT.
    written : bool
        Whether OUT was written (False when there were errors and no ``force``).
    items : list of Normalisation
        Everything normalised, dropped or not carried, in IN's order of sheets.
    template_version : str or None
        IN's template version (None: not built by tcxl).
    """

    source: Path
    output: Path
    written: bool = False
    items: list[Normalisation] = field(default_factory=list)
    template_version: str | None = None

    @property
    def errors(self) -> list[Normalisation]:
        """The values that could not be placed or would be lost."""
        return [n for n in self.items if n.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """One pt-BR line per item, each starting with IN's path."""
        return [n.line(str(self.source)) for n in self.items]

    def to_frame(self):
        """The items as a DataFrame (``kind sheet cell old new message severity``)."""
        import pandas as pd

        columns = ["kind", "sheet", "cell", "old", "new", "message", "severity"]
        return pd.DataFrame([[getattr(n, c) for c in columns] for n in self.items], columns=columns)


# -- reading the spec --------------------------------------------------------------------------
def project_of(path: str | Path):
    """The validated :class:`tcxl.Project` of a workbook file; SpecError naming why when its
    data is not a valid spec (see :meth:`tcxl.read.Workbook.spec`)."""
    from .read import read_workbook

    return read_workbook(path).spec()


# -- the comparison: nothing typed is lost -----------------------------------------------------
def _same(a: Any, b: Any) -> bool:
    def blank(v: Any) -> bool:
        return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())

    if blank(a) or blank(b):
        return blank(a) and blank(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float, Decimal)) and isinstance(b, (int, float, Decimal)):
        return round(Decimal(str(a)), 2) == round(Decimal(str(b)), 2)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b)


def _shown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "(vazio)"
    if isinstance(value, bool):
        return "X" if value else "(vazio)"
    if isinstance(value, (float, Decimal)):
        from .numbers import format_brl

        return format_brl(round(Decimal(str(value)), 2))
    text = str(value)
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _inputs(wb) -> dict[tuple, Any]:
    """Every input of the frames by (table, identity…, field): what must survive the rebuild."""
    from .periods import half_number, year_number

    out: dict[tuple, Any] = {}
    fin = wb.financial
    for r in fin[fin.level == "input"].itertuples():
        for f in ("planned", "executed"):
            out[("fin", r.account, year_number(r.year), f)] = getattr(r, f)
    for r in wb.disbursement.itertuples():
        for f in ("planned", "executed"):
            out[("dis", r.activity, year_number(r.year), f)] = getattr(r, f)
        out[("dis", r.activity, "description")] = r.description
    for r in wb.schedule.itertuples():
        s = 2 * (int(year_number(r.year) or 0) - 1) + int(half_number(r.semester) or 0)
        out[("sch", r.activity, s, "planned")] = bool(r.scheduled)
        out[("sch", r.activity, s, "status")] = r.status
        out[("sch", r.activity, "description")] = r.description
    # matrix: the indicators of each element that hold anything, numbered in order
    periods = 2 * wb.years
    rows = list(wb.matrix.itertuples())
    counter: dict[str, int] = {}
    for start in range(0, len(rows), periods):
        group = rows[start : start + periods]
        first = group[0]
        texts = {
            "indicator": first.indicator,
            "baseline": first.baseline,
            "baseline_text": first.baseline_text,
            "source": first.source,
            "assumption": first.assumption,
        }
        numbers = {(s, f): getattr(g, f) for s, g in enumerate(group, 1) for f in ("target", "realized")}
        if all(_same(v, None) for v in (*texts.values(), *numbers.values())):
            continue
        n = counter[first.ref] = counter.get(first.ref, 0) + 1
        for name, value in texts.items():
            out[("mat", first.ref, n, name)] = value
        for (s, f), value in numbers.items():
            out[("mat", first.ref, n, s, f)] = value
    for name, value in wb.info.items():
        if name != "areas":
            out[("info", name)] = value
    out[("info", "areas")] = tuple(wb.info.get("areas", ()))
    return out


def _cell_of(wb, key: tuple) -> tuple[str, str]:
    """(sheet, cell) of an input key in ``wb`` ('' when the key is not one cell)."""
    from .read.grid import ref

    table = {"fin": "fin", "dis": "dis", "sch": "sch"}.get(key[0])
    if table is None:
        return "", ""
    layout_key = key if key[-1] != "description" else (key[0], key[1], "code")
    where = wb.reading.where.get(layout_key)
    return (where[0], ref(where[1], where[2])) if where else ("", "")


def _what(key: tuple) -> str:
    from .periods import period_label, year_label

    table = key[0]
    if table == "fin":
        return f"conta {key[1]}, {year_label(key[2])}, {'Previsão' if key[3] == 'planned' else 'Executado'}"
    if table == "dis":
        if key[2] == "description":
            return f"descrição de {key[1]} (desembolso)"
        return f"{key[1]}, {year_label(key[2])}, {'Previsto' if key[3] == 'planned' else 'Executado'}"
    if table == "sch":
        if key[2] == "description":
            return f"descrição de {key[1]} (cronograma)"
        return f"{key[1]}, {period_label(key[2])}, {'Previsto' if key[3] == 'planned' else 'Realizado'}"
    if table == "mat":
        if len(key) == 4:
            return f"matriz, {key[1]}, indicador {key[2]}, {key[3]}"
        return f"matriz, {key[1]}, indicador {key[2]}, {period_label(key[3])}, {key[4]}"
    return f"Identificação, {key[1]}"


def compare(a, b, items: list[Normalisation]) -> None:
    """Append to ``items`` every input of ``a`` that ``b`` does not hold (an error), and the
    normalisations that explain the expected differences (indirect costs, descriptions)."""
    from .accounts import INDIRECT_CODE
    from .layout.disbursement import INDIRECT_CODE as CI

    ins, outs = _inputs(a), _inputs(b)
    has_ci = any(k[0] == "dis" and k[1] == CI for k in ins)
    texts = {(k[0], k[1]): v for k, v in ins.items() if k[-1] == "description" and not _same(v, None)}
    for key in sorted(set(ins) | set(outs), key=lambda k: tuple(map(str, k))):
        old, new = ins.get(key), outs.get(key)
        if _same(old, new):
            continue
        if key[0] == "dis" and key[1] == CI and not has_ci:
            continue  # the model's form: checked below against its typed line 3
        if key[0] == "dis" and key[1] == CI and key[-1] == "description":
            items.append(Normalisation("label", *_cell_of(a, key), str(old or ""), str(new), _label_message(old, new)))
            continue
        other = texts.get(("sch" if key[0] == "dis" else "dis", key[1]))
        if key[0] in ("dis", "sch") and key[-1] == "description" and _same(new, other):
            # one activity, one description: OUT writes it in both schedules
            how = "preenchida com" if _same(old, None) else "trocada pela"
            items.append(
                Normalisation(
                    "label",
                    *_cell_of(a, key),
                    str(old or ""),
                    str(new),
                    f"{_what(key)}: {_shown(old)} → {_shown(new)} ({how} descrição da outra aba)",
                )
            )
            continue
        sheet, cell = _cell_of(a, key)
        items.append(
            Normalisation(
                "lost",
                sheet,
                cell,
                _shown(old),
                _shown(new),
                f"{_what(key)}: {_shown(old)} na entrada, {_shown(new)} na saída; o valor não foi transposto",
                "error",
            )
        )
    if not has_ci:
        _indirect_costs(a, b, outs, INDIRECT_CODE, items)


def _label_message(old: Any, new: Any) -> str:
    return f"descrição da linha CI: {_shown(old)} → {_shown(new)} (rótulo do modelo)"


def _indirect_costs(a, b, outs: dict, account: str, items: list[Normalisation]) -> None:
    """IN in the model's form has no indirect-costs block: its line 3 (E) of the summary is typed
    for the whole period. OUT's block holds account 3 per year; both must add up the same."""
    from .numbers import format_brl
    from .periods import year_label
    from .read.grid import ref

    per_year = [outs.get(("dis", "CI", y, "planned")) for y in range(1, b.years + 1)]
    total = sum((Decimal(str(v)) for v in per_year if not _same(v, None)), Decimal(0))
    typed = a.value(("dis", "summary", 3, "planned"))
    where = a.reading.where.get(("dis", "summary", 3, "planned"))
    sheet, cell = (where[0], ref(where[1], where[2])) if where else ("", "")
    spread = "; ".join(f"{year_label(i)}: {_shown(v)}" for i, v in enumerate(per_year, 1))
    if isinstance(typed, Decimal) and round(typed, 2) != round(total, 2):
        items.append(
            Normalisation(
                "unplaced",
                sheet,
                cell,
                format_brl(typed),
                format_brl(total),
                f"3. Custos Indiretos (E) digitado {format_brl(typed)} não confere com a conta {account} "
                f"({format_brl(total)}), de onde sai o bloco anual de custos indiretos; o valor não foi transposto",
                "error",
            )
        )
    elif total:
        items.append(
            Normalisation(
                "indirect",
                sheet,
                cell,
                format_brl(total),
                spread,
                f"bloco anual de custos indiretos (CI) criado a partir da conta {account} ({spread}); "
                f"total {format_brl(total)} = linha 3 (E) da entrada",
            )
        )


# -- what the new workbook normalises ----------------------------------------------------------
def _formulas(a, b, in_path: Path, items: list[Normalisation]) -> None:
    """Total and percentage cells of IN whose formula tcxl flags (TCX2xx/TCX3xx) or that hold a
    constant, each with OUT's formula; inputs that held a formula (kept as their value)."""
    from .checks import check
    from .read.grid import ref

    grids_a = {g.name: g for g in a.reading.grids}
    grids_b = {g.name: g for g in b.reading.grids}
    by_cell = {(s, ref(r, c)): key for key, (s, r, c) in a.reading.where.items()}

    def new_formula(key) -> str:
        """OUT's formula for ``key`` as a pt-BR spreadsheet shows it, and where it is."""
        where = b.reading.where.get(key)
        if where is None:
            return "(sem célula correspondente)"
        value = grids_b[where[0]].value(where[1], where[2])
        return f"{_pt(value)} (em {where[0]}!{ref(where[1], where[2])})" if value not in (None, "") else "(vazio)"

    flagged = {}
    for f in check(in_path).findings:
        if f.code[:4] in ("TCX2", "TCX3") and f.sheet and f.cell and (f.sheet, f.cell) not in flagged:
            flagged[(f.sheet, f.cell)] = f
    for (sheet, cell), f in flagged.items():
        key = by_cell.get((sheet, cell))
        if key is None or key in a.reading.values:
            continue
        grid = grids_a.get(sheet)
        where = a.reading.where[key]
        old = grid.value(where[1], where[2]) if grid else None
        new = new_formula(key)
        kind = "formula" if isinstance(old, str) and old.startswith("=") else "constant"
        items.append(
            Normalisation(kind, sheet, cell, str(old), new, f"{_shown_formula(old, key)} → {new} ({f.code})"),
        )
    for key, (sheet, r, c) in a.reading.where.items():
        cell = ref(r, c)
        if (sheet, cell) in flagged:
            continue
        old = grids_a[sheet].value(r, c)
        if key in a.reading.values:
            where = b.reading.where.get(key)
            target = grids_b[where[0]].value(where[1], where[2]) if where else None
            if isinstance(target, str) and target.startswith("="):
                continue  # a formula in the layout too (the summary's line 3 of a tcxl-built workbook)
            if isinstance(old, str) and old.startswith("=") and a.reading.values[key] is not None:
                items.append(
                    Normalisation(
                        "input_formula",
                        sheet,
                        cell,
                        old,
                        _shown(a.reading.values[key]),
                        f"{_pt(old)} → {_shown(a.reading.values[key])} (o valor que a fórmula dava)",
                    )
                )
            continue
        if isinstance(old, (int, float, Decimal)) and not isinstance(old, bool):
            where = b.reading.where.get(key)
            target = grids_b[where[0]].value(where[1], where[2]) if where else None
            if isinstance(target, str) and target.startswith("="):
                items.append(Normalisation("constant", sheet, cell, str(old), new_formula(key), _constant(old, key, b)))


def _pt(value: Any) -> Any:
    """A formula as a pt-BR spreadsheet shows it (``=SOMA(…;…)``); any other value as it is."""
    from .formula.functions import to_ptbr

    return to_ptbr(value) if isinstance(value, str) and value.startswith("=") else value


def _fixed(value: Any, key: tuple) -> str:
    """A constant typed where a formula belongs, as the message shows it: an amount of the money
    sheets as ``R$ 1.234,50``, another number with a decimal comma, a text quoted."""
    from .numbers import format_brl

    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if key[0] in ("fin", "dis"):
            return format_brl(Decimal(str(value)))
        return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
    return repr(value)


def _shown_formula(value: Any, key: tuple) -> str:
    if isinstance(value, str) and value.startswith("="):
        return str(_pt(value))
    return f"valor fixo {_fixed(value, key)}" if value not in (None, "") else "(vazio)"


def _constant(old: Any, key: tuple, b) -> str:
    from .read.grid import ref

    where = b.reading.where[key]
    grid = next(g for g in b.reading.grids if g.name == where[0])
    return (
        f"valor fixo {_fixed(old, key)} → {_pt(grid.value(where[1], where[2]))} "
        f"(em {where[0]}!{ref(where[1], where[2])})"
    )


def _codes(a, items: list[Normalisation]) -> None:
    """Activity codes typed in another form (``A 1.2``, ``a1.2``, ``AM1``) and written canonically."""
    from .read.grid import ref
    from .text import parse_code

    grids = {g.name: g for g in a.reading.grids}
    for key, (sheet, r, c) in a.reading.where.items():
        if len(key) != 3 or key[0] not in ("dis", "sch") or key[2] != "code" or key[1] == "CI":
            continue
        raw = grids[sheet].value(r, c)
        if not isinstance(raw, str):
            continue
        parsed = parse_code(raw)
        typed = raw.strip()
        if parsed and parsed[1]:
            typed = typed[: len(typed) - len(parsed[1])].rstrip(" -–—:")
        if typed != key[1]:
            items.append(Normalisation("code", sheet, ref(r, c), typed, key[1], f"{typed!r} → {key[1]!r}"))


def _dropped(a, b, in_path: Path, items: list[Normalisation]) -> None:
    """Sheets no table was read from, columns of notes right of the tables (labels the official
    workbook also has aside), charts and images."""
    from .read.grid import ref
    from .roundtrip import unsupported_content

    labels = {text for grid in b.reading.grids for text in grid.texts.values()}

    used = set(a.reading.tables.values()) | {w[0] for w in a.reading.where.values()}
    for grid in a.reading.grids:
        if grid.name not in used:
            filled = sum(1 for row in grid.rows for v in row if v not in (None, ""))
            if filled:
                items.append(
                    Normalisation(
                        "sheet", grid.name, "", grid.name, "", f"{filled} célula(s) preenchida(s), fora do modelo"
                    )
                )
            continue
        last = max((c for s, _, c in a.reading.where.values() if s == grid.name), default=-1)
        limit = last
        notes: dict[int, int] = {}
        for r, row in enumerate(grid.rows):
            for c in range(limit + 1, len(row)):
                text = grid.texts.get((r, c))
                if row[c] not in (None, "") and text not in labels and not _LETTER.match(text or ""):
                    notes[c] = notes.get(c, 0) + 1
        for c, count in sorted(notes.items()):
            column = ref(0, c).rstrip("0123456789")
            items.append(
                Normalisation(
                    "column",
                    grid.name,
                    column,
                    f"{count} célula(s)",
                    "",
                    f"{count} célula(s) à direita das tabelas, fora do modelo",
                )
            )
    for what in unsupported_content(in_path):
        items.append(Normalisation("content", "", "", what, "", f"{what} da planilha não são transpostos"))


# -- the command -------------------------------------------------------------------------------
def rebuild(in_path: str | Path, out_path: str | Path, force: bool = False) -> RebuildResult:
    """Rebuild any readable workbook as the official one of the current template version.

    Parameters
    ----------
    in_path : str or os.PathLike
        The workbook to rebuild (tcxl-built of any version, hand-made in the model's form,
        re-saved by LibreOffice, with broken formulas). Never written.
    out_path : str or os.PathLike
        The official workbook to write (atomically); must not be ``in_path``.
    force : bool
        Write OUT even when some values could not be placed (they are listed as errors).

    Returns
    -------
    RebuildResult
        What was normalised (formulas replaced, codes normalised, sheets and notes columns
        dropped) and, as errors, what could not be carried; ``written`` tells whether OUT was
        written (not when there are errors, unless ``force``).

    Raises
    ------
    TcxlError
        IN cannot be read, OUT is IN or a folder, OUT is not ``.xlsx``.
    SpecError
        IN's data is not a valid project spec (every problem named).

    Examples
    --------
    >>> import tempfile, tcxl
    >>> tmp = tempfile.mkdtemp()
    >>> result = tcxl.rebuild("samples/tc60_2017.xlsx", f"{tmp}/oficial.xlsx")
    >>> result.written, result.errors
    (True, [])
    >>> tcxl.read_workbook(f"{tmp}/oficial.xlsx").template_version == tcxl.TEMPLATE_VERSION
    True
    """
    from .build import build_workbook
    from .filling import FillError, fill
    from .layout import TEMPLATE_VERSION
    from .read import read_workbook
    from .sniff import require_file, special_kind

    src, out = Path(in_path), Path(out_path)
    require_file(src)
    if out.suffix.lower() != ".xlsx":
        raise TcxlError(f"{out}: a planilha reconstruída deve ter extensão .xlsx")
    if out.exists() and special_kind(out) is not None:
        raise TcxlError(f"{out}: não é um arquivo comum; informe o nome da planilha a gravar")
    if out.resolve() == src.resolve():
        raise TcxlError(f"{out}: a saída é a própria planilha de entrada; escolha outro nome")
    a = read_workbook(src)
    result = RebuildResult(src, out, template_version=a.template_version)
    items = result.items
    for f in a.findings:
        if f.severity == "error" and f.code.startswith("TCX1"):
            items.append(Normalisation("unreadable", f.sheet, f.cell, "", "", f.message, "error"))
    project = a.spec()
    with tempfile.TemporaryDirectory(prefix="tcxl-rebuild-") as work:
        built = build_workbook(project, Path(work) / "oficial.xlsx")
        filled = Path(work) / "preenchida.xlsx"
        try:
            fill(built, {k: v.copy() for k, v in a.tables().items()}, filled)
        except FillError as exc:
            for problem in exc.problems:
                items.append(Normalisation("unplaced", "", "", "", "", problem, "error"))
            filled = _fill_what_fits(built, a, filled, items) if force else built
        b = read_workbook(filled)
        if not any(n.kind == "unplaced" for n in items):
            compare(a, b, items)
        if a.template_version != TEMPLATE_VERSION:
            old = a.template_version or "não gerada pelo tcxl"
            items.insert(0, Normalisation("version", "", "", old, TEMPLATE_VERSION, f"{old} → {TEMPLATE_VERSION}"))
        _codes(a, items)
        _formulas(a, b, src, items)
        _dropped(a, b, src, items)
        items.sort(key=lambda n: n.severity != "error")  # errors first, the rest in the order found
        if result.errors and not force:
            return result
        from .atomic import atomic_write

        with atomic_write(out, ".xlsx") as tmp:
            shutil.copyfile(filled, tmp)
        result.written = True
    return result


def _fill_what_fits(built: Path, a, filled: Path, items: list[Normalisation]) -> Path:
    """With ``force``: each table that fits, the others left out (already listed as errors)."""
    from .filling import FillError, fill

    current = built
    for n, (name, frame) in enumerate(a.tables().items()):
        target = filled.with_name(f"parcial{n}.xlsx")
        try:
            current = fill(current, {name: frame.copy()}, target)
        except FillError:
            items.append(Normalisation("unplaced", "", "", "", "", f"tabela {name} não transposta (--force)", "error"))
    return current


def spec(in_path: str | Path, out_path: str | Path) -> Path:
    """Write the project spec of a workbook as YAML (``.yaml``/``.yml``) or JSON (``.json``).

    Parameters
    ----------
    in_path : str or os.PathLike
        The workbook.
    out_path : str or os.PathLike
        The spec to write (atomically), which ``tcxl build-template`` takes.

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Raises
    ------
    SpecError
        The workbook's data is not a valid spec (every problem named).
    TcxlError
        IN cannot be read; OUT has another extension or is IN.
    """
    from .atomic import atomic_write
    from .sniff import require_file

    src, out = require_file(in_path), Path(out_path)
    formats: dict[str, Literal["yaml", "json"]] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
    fmt = formats.get(out.suffix.lower())
    if fmt is None:
        raise TcxlError(f"{out}: a especificação deve ter extensão .yaml, .yml ou .json")
    if out.resolve() == src.resolve():
        raise TcxlError(f"{out}: a saída é a própria planilha de entrada; escolha outro nome")
    text = project_of(src).to_text(fmt)
    with atomic_write(out, out.suffix) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out


__all__ = ["rebuild", "spec", "project_of", "RebuildResult", "Normalisation"]
