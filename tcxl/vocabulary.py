"""The one vocabulary of tcxl's tidy frames (SPEC §2.1): every column's name, meaning, dtype
and pt-BR header, declared once.

``read_workbook``, ``summarize``, ``diff``, ``Report.to_frame`` and ``export`` build their frames
through :func:`typed`, which gives each column of this table its dtype; workbooks and
``--excel-csv`` show the pt-BR :attr:`Column.header` (:func:`headers`); the tables ``fill``
accepts may use either (:func:`column_for`). The categories of ``year``, ``semester``,
``block``, ``account``, ``level`` and the marks are fixed lists, the same in every frame, so
``pd.concat`` of the frames of many workbooks keeps them categorical and ordered.

``python -m tcxl.vocabulary`` prints the table as Markdown (SPEC §2.1's rows first).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from .accounts import ACCOUNTS
from .layout.schedule import STATUS_MARKS
from .periods import year_label

MAX_YEARS = 10  # the model's longest project (SPEC §1); a longer workbook extends the list
TO_DATE = "Acumulado"  # the all-years level of ``year``: the years up to the semester's (summaries)
MAX_RESULTS = 20  # results numbered in ``block``'s fixed categories; more extend the list
YEARS = tuple(year_label(y) for y in range(1, MAX_YEARS + 1)) + (TO_DATE,)
SEMESTERS = ("1º Sem", "2º Sem")
BLOCKS = tuple(str(n) for n in range(1, MAX_RESULTS + 1)) + ("M", "CI")
LEVELS = ("input", "subtotal", "total")
SEVERITIES = ("info", "warning", "error")
MARKS = STATUS_MARKS  # Realizado marks of the activity schedule (SPEC §1.4)
ELEMENTS = ("objective", "result", "product", "activity")  # rows of the planning matrix


@dataclass(frozen=True)
class Column:
    """One column of the vocabulary.

    Attributes
    ----------
    name : str
        The English snake_case name every frame uses.
    header : str
        What a person reads: the pt-BR header of workbooks and ``--excel-csv``.
    meaning : str
        What it holds, as SPEC §2.1 says it.
    dtype : str
        As SPEC §2.1 writes it: ``category``, ``ordered category``, ``ordered category (str)``,
        ``str``, ``float64``, ``Int64``, ``bool``.
    categories : tuple of str
        The fixed categories of a categorical column (empty: the values present).
    spec : bool
        One of SPEC §2.1's rows (the others are the columns particular to one frame).
    """

    name: str
    header: str
    meaning: str
    dtype: str
    categories: tuple[str, ...] = ()
    spec: bool = False

    def pandas_dtype(self, values: Any = ()) -> Any:
        """The pandas dtype for ``values`` (a fixed category list grows by what it lacks, in order)."""
        import pandas as pd

        if not self.dtype.startswith(("category", "ordered")):
            return {"str": "str", "float64": "float64", "Int64": "Int64", "bool": "bool"}[self.dtype]
        ordered = self.dtype.startswith("ordered")
        present = [str(v) for v in dict.fromkeys(values) if not _blank(v)]
        if not self.categories:
            return pd.CategoricalDtype(present, ordered=ordered)
        extra = [v for v in present if v not in self.categories]
        if self.name == "block":
            extra = sorted(extra, key=lambda v: (not v.isdigit(), int(v) if v.isdigit() else 0, v))
        return pd.CategoricalDtype([*self.categories, *extra], ordered=ordered)


def _c(name: str, header: str, meaning: str, dtype: str, categories: tuple[str, ...] = (), spec: bool = False):
    return Column(name, header, meaning, dtype, categories, spec)


ACCOUNT_CODES = tuple(a.code for a in ACCOUNTS if a.kind not in ("heading", "ratio"))
ACCOUNT_LABELS = tuple(a.label for a in ACCOUNTS if a.kind not in ("heading", "ratio"))

COLUMNS: tuple[Column, ...] = (
    # SPEC §2.1, in its order
    _c(
        "project_id",
        "Projeto (identidade)",
        "SPEC §4.1 identity (CNPJ digits + normalised title)",
        "category",
        (),
        True,
    ),
    _c("file", "Arquivo", "path as given", "category", (), True),
    _c(
        "block",
        "Bloco",
        "`1`, `2`, … , `M` (monitoring), `CI` (indirect costs), in the model's order",
        "ordered category (str)",
        BLOCKS,
        True,
    ),
    _c("activity", "Atividade", "`A1.2`", "str", (), True),
    _c("description", "Descrição", "its text", "str", (), True),
    _c("account", "Conta", "`1.1.1`", "category", ACCOUNT_CODES, True),
    _c("label", "Rubrica", "the model's label", "category", ACCOUNT_LABELS, True),
    _c("year", "Ano", "`Ano I` … `Ano N`", "ordered category", YEARS, True),
    _c("semester", "Semestre", "`1º Sem`, `2º Sem`", "ordered category", SEMESTERS, True),
    _c("planned", "Previsto", "money (blank → NaN, never 0)", "float64", (), True),
    _c("executed", "Executado", "money (blank → NaN, never 0)", "float64", (), True),
    _c("pct", "%", "executed / planned, as a fraction", "float64", (), True),
    _c("level", "Nível", "`input`, `subtotal`, `total` where a frame carries both", "category", LEVELS, True),
    _c("severity", "Gravidade", "`info` < `warning` < `error`", "ordered category", SEVERITIES, True),
    # particular to one frame
    _c("status", "Situação", "Realizado mark (X, P, A, C) or a delivery's status", "category"),
    _c("scheduled", "Previsto (marca)", "the activity is planned for the semester (Previsto X)", "bool"),
    _c("element", "Elemento", "planning-matrix row: objective, result, product, activity", "category", ELEMENTS),
    _c("ref", "Referência", "`O1`, `R2`, `P1.1`, `A1.2`", "str"),
    _c("indicator", "Indicador", "the indicator's text", "str"),
    _c("baseline", "Linha de base", "the indicator's baseline when it is a number", "float64"),
    _c("baseline_text", "Linha de base (texto)", "the baseline as typed when it is not a number", "str"),
    _c("target", "Meta", "an indicator's target for the semester", "float64"),
    _c("realized", "Realizado", "what the indicator reached in the semester", "float64"),
    _c("source", "Fonte de verificação", "where the indicator is verified", "str"),
    _c("assumption", "Pressupostos", "the indicator's assumptions", "str"),
    _c("period", "Período do projeto", "`Ano II/1º Sem`: the semester in the project's count", "category"),
    _c("calendar", "Semestre civil", "`2025-1`: the semester's calendar half", "category"),
    _c("project", "Projeto", "the project's title (the file's name when it has none)", "category"),
    _c("report_semester", "Semestre do relatório", "a summary's semester: `2025-1` or `Ano II/1º Sem`", "category"),
    _c("projects", "Projetos", "included projects a summary's totals add up", "Int64"),
    _c("letter", "Letra", "the block's letter in the disbursement summary (A, B, …)", "str"),
    _c("errors", "Erros", "errors found by the check", "Int64"),
    _c("warnings", "Avisos", "warnings found by the check", "Int64"),
    _c("programmed", "Ações programadas", "actions planned (Previsto X) in the semester", "Int64"),
    _c("finished", "Ações finalizadas", "actions marked Realizado X", "Int64"),
    _c("postponed", "Ações adiadas/canceladas", "actions marked A or C", "Int64"),
    _c("progress", "% estado de avanço", "finished / programmed, as a fraction", "float64"),
    _c("alert", "Alerta", "why a row needs a look (finished beyond programmed)", "str"),
    _c("code", "Código", "a finding's rule (TCXnnn)", "category"),
    _c("sheet", "Planilha", "the sheet's actual name", "str"),
    _c("cell", "Célula", "A1 reference or range", "str"),
    _c("message", "Mensagem", "pt-BR, what is wrong and what to do", "str"),
    _c("expected", "Esperado", "as the finding states it", "str"),
    _c("found", "Encontrado", "as the finding states it", "str"),
    _c("expected_amount", "Esperado (R$)", "the amount `expected` states", "float64"),
    _c("found_amount", "Encontrado (R$)", "the amount `found` states", "float64"),
    _c("value", "Valor", "an Identificação field's value (export's info table)", "str"),
    _c("kind", "Mudança", "a change's kind (diff)", "category"),
    _c("item", "Item", "what changed: an activity, an account, a field", "str"),
    _c("field", "Campo", "which value of the item changed", "str"),
    _c("old", "Antes", "the old value, as text", "str"),
    _c("new", "Depois", "the new value, as text", "str"),
    _c("difference", "Diferença", "new − old, for amounts", "float64"),
    _c("difference_pct", "Diferença %", "(new − old) / old, as a fraction", "float64"),
)

BY_NAME: dict[str, Column] = {c.name: c for c in COLUMNS}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def typed(frame, **fixed: tuple[str, ...]):
    """``frame`` with each vocabulary column cast to its dtype (in place; returned).

    Categorical columns get their fixed categories (plus any value they lack, so nothing is
    lost); money NaN stays NaN; text keeps NaN for blank. ``fixed`` gives the categories of an
    otherwise open column (e.g. ``file=`` the files in the order given)."""
    import pandas as pd

    for name in frame.columns:
        column = BY_NAME.get(name)
        if column is None:
            continue
        values = frame[name]
        if column.dtype.startswith(("category", "ordered")):
            if name in fixed:  # the given categories, then any value they lack (nothing is lost)
                present = [str(v) for v in values.dropna().unique()]
                dtype = pd.CategoricalDtype(
                    list(dict.fromkeys([*fixed[name], *present])), ordered=column.dtype.startswith("ordered")
                )
            else:
                dtype = column.pandas_dtype(values.dropna().unique() if len(values) else ())
            text = values.map(lambda v: None if _blank(v) else str(v))  # a categorical maps its categories only
            if isinstance(text.dtype, pd.CategoricalDtype):  # astype keeps an unordered column's own category order
                frame[name] = text.cat.set_categories(dtype.categories, ordered=dtype.ordered)
            else:
                frame[name] = text.astype(dtype)
        elif column.dtype == "str":
            frame[name] = values.map(lambda v: None if _blank(v) else str(v)).astype("str")
        elif column.dtype == "bool":
            frame[name] = values.fillna(False).astype(bool)
        elif column.dtype == "Int64":
            frame[name] = pd.to_numeric(values, errors="coerce").astype("Int64")
        else:
            frame[name] = pd.to_numeric(values, errors="coerce").astype("float64")
    return frame


def frame(rows: list[tuple] | list[dict], columns: list[str], **fixed: tuple[str, ...]):
    """A typed DataFrame of ``rows`` with ``columns`` (see :func:`typed`)."""
    import pandas as pd

    return typed(pd.DataFrame(rows, columns=columns), **fixed)


# the English values of categorical columns, as a person reads them (workbooks, --excel-csv)
VALUE_WORDS: dict[str, dict[str, str]] = {
    "level": {"input": "lançamento", "subtotal": "subtotal", "total": "total"},
    "severity": {"info": "informação", "warning": "aviso", "error": "erro"},
    "element": {"objective": "objetivo", "result": "resultado", "product": "produto", "activity": "atividade"},
}


def shown_value(column: str, value: Any) -> Any:
    """A value as a person reads it: a categorical's English word in pt-BR (``warning`` ->
    ``aviso``); a diff's ``field`` (a column name) as its header; anything else unchanged."""
    if column == "field" and isinstance(value, str) and value in BY_NAME:
        return BY_NAME[value].header
    return VALUE_WORDS.get(column, {}).get(value, value) if isinstance(value, str) else value


def headers(columns) -> list[str]:
    """The pt-BR headers of ``columns`` (a name outside the vocabulary stays as it is)."""
    return [BY_NAME[c].header if c in BY_NAME else str(c) for c in columns]


def fold_header(text: Any) -> str:
    """Case, accents, spacing and punctuation around words ignored: 'Ações  Programadas ' ->
    'acoes programadas'."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(ch))
    return " ".join(plain.replace("_", " ").lower().split())


HEADER_ALIASES: dict[str, str] = {
    # pt-BR words the model and analysts use for a column, beyond its header
    "previsao": "planned",
    "valor previsto": "planned",
    "realizado": "executed",
    "valor executado": "executed",
    "codigo da atividade": "activity",
    "acao": "activity",
    "codigo": "activity",
    "descricao da atividade": "description",
    "codigo da conta": "account",
    "rubrica": "label",
    "sem": "semester",
    "periodo": "period",
    "marca": "status",
    "realizado (marca)": "status",
    "previsto (x)": "scheduled",
}


def column_for(header: Any) -> str | None:
    """The vocabulary name a table header stands for: the name itself or its pt-BR header, in
    any case, accents and spacing (``Atividade``, `` ANO ``, ``Executado``, ``planned``); None
    when it is none of them."""
    folded = fold_header(header)
    for column in COLUMNS:
        if folded in (fold_header(column.name), fold_header(column.header)):
            return column.name
    return HEADER_ALIASES.get(folded)


def check_frame(frame) -> list[str]:
    """What in ``frame`` breaks the vocabulary (one line each; empty when it follows it): a
    column with another dtype, an object column holding more than text."""
    problems = []
    for name in frame.columns:
        dtype = frame[name].dtype
        if str(dtype) == "object" and any(not isinstance(v, str) for v in frame[name].dropna()):
            problems.append(f"{name}: object column holding {sorted({type(v).__name__ for v in frame[name]})}")
        column = BY_NAME.get(name)
        if column is None:
            continue
        want = column.dtype
        if want.startswith(("category", "ordered")):
            ok = str(dtype) == "category" and dtype.ordered == want.startswith("ordered")
            if ok and column.categories:
                ok = list(dtype.categories[: len(column.categories)]) == list(column.categories)
        elif want == "str":
            ok = str(dtype) in ("str", "string", "object")
        else:
            ok = str(dtype) == want
        if not ok:
            problems.append(f"{name}: {dtype}, not {want}")
    return problems


def markdown(spec_only: bool = False) -> str:
    """The vocabulary as a Markdown table, SPEC §2.1's form (``| column | meaning | dtype |``);
    rows SPEC lists on one line (``activity``, ``description``) are joined as it joins them."""
    lines = ["| column | meaning | dtype |", "|---|---|---|"]
    rows = [c for c in COLUMNS if c.spec or not spec_only]
    i = 0
    while i < len(rows):
        names, meaning = [rows[i].name], rows[i].meaning
        if rows[i].name in JOINED and i + 1 < len(rows):
            names.append(rows[i + 1].name)
            meaning, i = JOINED[rows[i].name], i + 1
        lines.append(f"| {', '.join(f'`{n}`' for n in names)} | {meaning} | {rows[i].dtype} |")
        i += 1
    return "\n".join(lines)


JOINED = {  # SPEC §2.1 names these pairs on one row
    "activity": "`A1.2`, its text",
    "account": "`1.1.1`, the model's label",
    "planned": "money (blank → NaN, never 0)",
}


DOCS_PAGE = "docs/site/tabelas.rst"
START, END = ".. vocabulary:start", ".. vocabulary:end"


def rst_table() -> str:
    """The whole vocabulary as the reStructuredText list-table of the docs page
    (:data:`DOCS_PAGE`, between :data:`START` and :data:`END`)."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 16 22 18 44",
        "",
        "   * - coluna",
        "     - título em português",
        "     - dtype",
        "     - o que guarda (em inglês)",
    ]
    for c in COLUMNS:
        meaning = c.meaning.replace("`", "``").replace("*", "\\*")
        lines += [f"   * - ``{c.name}``", f"     - {c.header}", f"     - {c.dtype}", f"     - {meaning}"]
    return "\n".join(lines)


def with_table(text: str) -> str:
    """``text`` (the docs page) with the generated table between the markers."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n\n" + rst_table() + "\n\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    """``python -m tcxl.vocabulary``: the Markdown table; ``--write-docs`` regenerates the docs
    page's table, ``--check`` exits 1 when it differs from this module."""
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    page = Path(__file__).resolve().parent.parent / DOCS_PAGE
    if "--write-docs" in args:
        page.write_text(with_table(page.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if "--check" in args:
        text = page.read_text(encoding="utf-8")
        return 0 if with_table(text) == text else 1
    print(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
