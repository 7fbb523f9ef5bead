"""TCX2xx (formulas) and TCX3xx (arithmetic) for every total, subtotal and percentage.

A total is right when it *computes* the right thing, however it is written (SPEC §3.1):
each formula that differs from the layout's own is parsed and its meaning (see
:mod:`tcxl.meaning`) compared with the meaning of the layout's formula for that key, both
expanded down to input cells. A mistake is reported once, at the cell that holds it,
naming the items by their labels.

Values are checked one step at a time, so one wrong number gives one finding: a stored
result is compared with what its own formula gives from the stored results of the cells it
reads (a disagreement is a stale result), and a number typed where a formula belongs with
what the layout's formula gives from the values its direct parts show.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .. import keys
from ..findings import MAX_MESSAGE, Finding, finding
from ..formula import (
    Cells,
    Err,
    FormulaError,
    Linear,
    NotEvaluated,
    Pick,
    Quotient,
    Unknown,
    at_cell,
    final,
    meaning,
    parse,
)
from ..formula.functions import to_ptbr
from ..formula.workbook import ERROR_TEXTS as ERRORS
from ..formula.workbook import shown as _shown
from ..keys import ALL_YEARS, AccountKey, ActivityKey, BlockTotalKey, Key, typed
from ..numbers import CENT, NotANumber, cents, format_brl, to_decimal
from ..read.grid import ref
from ..totals import Aggregate, Evaluation, Inputs, Ratio, Sum, compute, render
from .proof import PROBE, Prover

RULE_NAMES = {"sum": "soma", "max": "máximo", "min": "mínimo", "last": "último semestre preenchido"}
MAX_NAMES = 4  # items named in one message; the rest are counted


def parts(formula) -> tuple:
    return (formula.num, formula.den) if isinstance(formula, Ratio) else formula.parts


def describe(key: tuple) -> str:
    """What a cell stands for, in words (:func:`tcxl.keys.describe`); a cell no key stands for
    is named by its address."""
    if key[0] == "cell":
        return f"a célula {key[1]}!{ref(key[2], key[3])}" if key[1] else f"a célula {ref(key[2], key[3])}"
    return keys.describe(key)


def arithmetic_code(key: Key, formula) -> str:
    """TCX303/305 for a percentage, TCX302 for an all-years total, else the key's own code
    (TCX301 a total, TCX304 a summary line, TCX306 an indicator total)."""
    if isinstance(formula, Ratio):
        return "TCX305" if isinstance(key, AccountKey) and key.code == "PCT3" else "TCX303"
    if isinstance(key, (AccountKey, ActivityKey, BlockTotalKey)) and key.period == ALL_YEARS:
        return "TCX302"
    return key.ARITHMETIC


def _show(value: Any, formula) -> str:
    if isinstance(value, Decimal):
        if isinstance(formula, Ratio):
            return f"{value * 100:.1f}%".replace(".", ",")
        if isinstance(formula, Aggregate):
            return f"{value.normalize():f}".replace(".", ",")
        return format_brl(value)
    return "vazio" if value in (None, "") else str(value)


def _plain(value: Any, formula=None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, Decimal):
        return f"{cents(value):f}" if isinstance(formula, Sum) else f"{value.normalize():f}"
    return str(value)


def _same(shown: Any, expected: Any, formula) -> bool:
    """Equal as the cell shows them: money to the cent, percentages to 0.01 %; a total of
    nothing may be empty or 0."""
    if shown == expected:
        return True
    if shown in (None, "", 0) and expected in (None, "", 0):
        return True
    if not (isinstance(shown, Decimal) and isinstance(expected, Decimal)):
        return False
    step = _RATIO_STEP if isinstance(formula, Ratio) else _INDICATOR_STEP if isinstance(formula, Aggregate) else CENT
    if abs(shown - expected) <= step / 2:
        return True
    try:
        return shown.quantize(step) == expected.quantize(step)
    except InvalidOperation:  # a stored result too large to round: not the small value expected
        return False


_RATIO_STEP, _INDICATOR_STEP = Decimal("0.0001"), Decimal("0.000001")


class Book(Cells):
    """The workbook as the checker sees it: where each key is, what each cell shows, and the
    meaning the layout gives each key (expanded to inputs, memoised)."""

    def __init__(self, reading, formulas: dict):
        self.r, self.formulas = reading, formulas
        self.grids = {g.name: g for g in reading.grids}
        self.folded = {name.casefold(): name for name in self.grids}
        self.recomputed = Evaluation(formulas, Inputs(reading.values))  # not a bound method: a cycle
        self.expected_cache: dict = {}
        self.sheet: str = ""  # the sheet unqualified references point to (a helper formula's own, inside one)
        self.home: str = ""  # the sheet of the total being judged (its cells are named without it)
        self.helpers: dict = {}  # meanings of formulas outside the layout, by cell
        self.name_limit = MAX_NAMES  # items named in one message (fewer when the message runs long)
        self.expanding: set = set()
        self.seen: list = []  # keys of the cells the formula being judged reads
        self._at: dict | None = None
        self._leaves: set | None = None
        self._prover: Prover | None = None
        self.stored = _Shown(self)

    @property
    def prover(self) -> Prover:
        """The assignments formulas are evaluated on (built when a formula first needs them)."""
        if self._prover is None:
            self._prover = Prover(self)
        return self._prover

    # -- where keys are ----------------------------------------------------------------
    @property
    def at(self) -> dict:
        """(sheet, row, col) -> key: the reading inverted (built only when a formula is parsed)."""
        if self._at is None:
            self._at = {where: key for key, where in self.r.where.items()}
        return self._at

    @property
    def leaves(self) -> set:
        if self._leaves is None:
            self._leaves = {p for f in self.formulas.values() for p in parts(f) if p not in self.formulas}
        return self._leaves

    def _name(self, sheet: str | None) -> str | None:
        return self.sheet if sheet is None else self.folded.get(sheet.casefold())

    # -- Cells, for meaning() ------------------------------------------------------------
    def sheet_exists(self, sheet):
        return self._name(sheet) is not None

    def bounds(self, sheet):
        grid = self.grids[self._name(sheet)]
        return len(grid.rows), grid.width()

    def meaning(self, sheet, row, col, in_range):
        name = self._name(sheet)
        key = self.at.get((name, row, col))
        if key is not None:
            self.seen.append(key)
            if key in self.formulas:
                return self.expected(key)
            if key in self.leaves:
                return Linear({key: Decimal(1)})
        raw = self.grids[name].value(row, col)
        if raw is None or isinstance(raw, bool):
            return None
        if isinstance(raw, str) and not raw.startswith("="):
            if in_range or not raw.strip():
                return None  # text adds nothing to a SUM (and a label is not a part)
            return Unknown(f"soma o texto de {ref(row, col)}")
        if key is None and isinstance(raw, str):
            return self._helper(name, row, col, raw)
        item = key if key is not None else ("cell", None if name == self.home else name, row, col)
        return Linear({item: Decimal(1)})

    def cells_formula(self, item: tuple) -> bool:
        """Whether a ("cell", sheet, row, col) item (sheet None: the judged total's) holds a formula."""
        return self.r.cells.formula(item[1] or self.home, item[2], item[3]) is not None

    def _helper(self, sheet: str, row: int, col: int, text: str) -> Any:
        """A cell outside the layout that holds a formula (a helper sheet's copy of a total, a
        subtotal column): it means what its own formula means."""
        at = (sheet, row, col)
        if at not in self.helpers:
            if at in self.expanding:
                return Unknown(f"tem uma referência circular em {sheet}!{ref(row, col)}")
            try:
                tree = at_cell(parse(text), row, col)
            except FormulaError:
                return Unknown(f"lê a fórmula ilegível de {sheet}!{ref(row, col)}")
            outer, self.sheet = self.sheet, sheet
            self.expanding.add(at)
            try:
                self.helpers[at] = final(meaning(tree, self))
            finally:
                self.expanding.discard(at)
                self.sheet = outer
        return self.helpers[at]

    # -- the layout's meaning of a key ---------------------------------------------------
    def expected(self, key) -> Any:
        cache = self.expected_cache
        if key not in cache:
            cache[key] = self._expand(self.formulas[key])
        return cache[key]

    def _part(self, key) -> Any:
        return self.expected(key) if key in self.formulas else Linear({key: Decimal(1)})

    def _expand(self, formula) -> Any:
        if isinstance(formula, Ratio):
            return Quotient(self._part(formula.num), self._part(formula.den), True)
        if isinstance(formula, Aggregate) and formula.rule != "sum":
            flat: list = []
            for p in formula.parts:
                m = self._part(p)
                flat += m.parts if isinstance(m, Pick) else list(m.terms)
            return Pick(formula.rule, tuple(flat))
        total = Linear()
        for p in formula.parts:
            total.add(self._part(p))
        return total

    # -- what cells show ---------------------------------------------------------------
    def value_at(self, sheet, row, col) -> Any:
        """What a cell shows; raises NotEvaluated for a formula without a stored result."""
        grid = self.grids[self._name(sheet)]
        raw = grid.value(row, col)
        if isinstance(raw, str) and raw.startswith("="):
            cached = grid.cached_value(row, col)
            if cached is None:
                raise NotEvaluated("sem resultado gravado")
            return _shown(cached)
        return _shown(raw)

    def shown(self, key) -> Any:
        """The value of ``key`` a typed total is compared with: an input as read (text numbers
        as the number they show), a total as its cell shows it (tcxl's recomputation when it
        shows nothing)."""
        if key not in self.formulas:
            return self.recomputed.input_of(key)
        sheet, row, col = self.r.where[key]
        try:
            value = self.value_at(sheet, row, col)
        except NotEvaluated:
            return self.recomputed(key)
        if value is None:
            return self.recomputed(key)
        if isinstance(value, str) and not isinstance(value, Err):
            try:  # a total typed as text ('1.234,56') in a table typed by hand
                return to_decimal(value)
            except NotANumber:
                return value
        return value


def check(wb, layout) -> list[Finding]:
    r = wb.reading
    formulas = layout.formulas()
    book = Book(r, formulas)
    where, grids = r.where, book.grids

    # the totals checked, each with the layout's formula at the cells where its parts were
    # found ('' when they are on other sheets); a total whose parts were not all located is
    # left to the reader's findings (judging it would repeat them)
    checked, flags = [], {}
    for key, formula in formulas.items():
        at = where.get(key)
        if at is None:
            continue
        pos: dict | None = {}
        for p in parts(formula):
            at_p = where.get(p)
            if at_p is None:
                break
            if pos is not None and at_p[0] == at[0]:
                pos[p] = (at_p[1], at_p[2])
            else:
                pos = None
        else:
            raw = grids[at[0]].value(at[1], at[2])
            is_formula = isinstance(raw, str) and raw[:1] == "="
            checked.append((key, formula, at, raw, is_formula, render(formula, pos) if pos is not None else ""))
            flags.setdefault(at[0], []).append(is_formula)
    # a table typed by hand from the model (no total is a formula) gets one finding for the
    # table, not one per total; its typed totals are still checked against their parts
    no_formulas = {sheet for sheet, sheet_flags in flags.items() if not any(sheet_flags)}
    out = [
        finding(
            "TCX201",
            sheet,
            "",
            f"nenhum dos {len(flags[sheet])} totais e percentuais desta tabela é "
            "fórmula; os valores digitados foram conferidos com as células de origem, mas não se "
            "atualizam: use o modelo gerado pelo tcxl (tcxl build-template)",
            severity="warning",
        )
        for sheet in sorted(no_formulas)
    ]
    stale: list[tuple[Finding, bool]] = []  # (finding, stored result was zero)
    recomputed = book.recomputed
    blank_rows: dict[tuple[str, int], list] = {}  # empty per-row totals, judged once the rows are known
    for entry in checked:
        key, formula, (sheet, row, col), raw, is_formula, expected_text = entry
        if is_formula and expected_text and (raw == expected_text or _normal(raw) == _normal(expected_text)):
            # the layout's own formula (the common case, kept lean): its stored result, if any,
            # against tcxl's recomputation from the inputs, then against its own parts
            shown = _shown(grids[sheet].cached_value(row, col))
            if shown is None or (not isinstance(shown, Err) and _same(shown, recomputed(key), formula)):
                continue
            _check_stored(book, key, formula, raw, None, shown, expected_text, out, stale)
        elif is_formula:
            _check_formula(book, key, formula, raw, expected_text, out, stale)
        elif _blank(raw) and isinstance(key, ROW_KEYS) and sheet not in no_formulas:
            blank_rows.setdefault((sheet, row), []).append(entry)
        else:
            _check_constant(book, key, formula, raw, expected_text, sheet in no_formulas, out)
    if blank_rows:
        _rows_without_formulas(book, checked, blank_rows, out)
    return _drop_never_calculated(out, stale)


ROW_KEYS = (ActivityKey, keys.TargetKey)  # rows with their own totals (an activity, an indicator)


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _rows_without_formulas(book: Book, checked: list, blank_rows: dict, out: list) -> None:
    """Activity and indicator rows whose own totals are *all* empty: a row an analyst inserted
    (a protected sheet takes no pasted formula); tcxl computes its totals: one warning each.
    An empty total on a row that keeps its other formulas is judged alone (TCX201)."""
    totals: dict[tuple[str, int], int] = {}
    for entry in checked:  # only when some row has an empty total: the common case skips this
        at = (entry[2][0], entry[2][1])
        if at in blank_rows:
            totals[at] = totals.get(at, 0) + 1
    for (sheet, row), entries in blank_rows.items():
        if all(compute(e[1], book.shown) in (None, "", 0) for e in entries):
            continue  # nothing typed in the row: its totals of nothing are right empty (SPEC §3.1)
        if totals[sheet, row] == len(entries) and any(e[5] for e in entries):
            out.append(_row_warning(sheet, row, entries))
            continue
        for key, formula, _, raw, _, expected_text in entries:
            _check_constant(book, key, formula, raw, expected_text, False, out)


def _row_warning(sheet: str, row: int, entries: list) -> Finding:
    cols = sorted(e[2][2] for e in entries)
    first = entries[0][0]
    what = f"atividade {first.code}" if isinstance(first, ActivityKey) else f"indicador de {first.ref}"
    formulas = "; ".join(f"{ref(row, e[2][2])} {e[5]}" for e in sorted(entries, key=lambda e: e[2][2]) if e[5])
    return finding(
        "TCX206",
        sheet,
        f"{ref(row, cols[0])}:{ref(row, cols[-1])}",
        f"linha da {what} sem as fórmulas da linha (totais e percentuais), como fica uma linha inserida "
        "numa aba protegida; o tcxl calculou esses valores e os totais do bloco já incluem a linha. "
        "Para restaurar as fórmulas: Revisão > Desproteger planilha, copie as células de fórmula de uma "
        "linha acima e cole nesta linha, e proteja a planilha de novo",
        expected=formulas,
        found="",
    )


def _normal(text: str) -> str:
    """Formula text compared without case, spaces and $ (the fast path for intact totals)."""
    return text.replace("$", "").replace(" ", "").upper()


def _check_formula(book: Book, key, formula, raw: str, expected_text: str, out: list, stale: list) -> None:
    """A formula that differs from the layout's text: judged by its meaning, then its stored result."""
    sheet, row, col = book.r.where[key]
    problem, tree = judge(book, key, formula, raw)
    shown = _shown(book.grids[sheet].cached_value(row, col))
    if problem:
        code, text, severity = problem
        should = f"; a fórmula deve ser {to_ptbr(expected_text)}" if expected_text and code != "TCX207" else ""
        if len(describe(key)) + len(text) + len(should) > MAX_MESSAGE:
            should = ""  # the expected formula is still in `expected`
        out.append(
            finding(
                code,
                sheet,
                ref(row, col),
                f"{describe(key)}: {text}{should}",
                expected=expected_text,
                found=raw,
                severity=severity,
            )
        )
        if code == "TCX207" and shown is not None:  # not evaluated: its stored result is still compared
            _check_shown_total(book, key, formula, raw, shown, expected_text, out)
        return
    if shown is not None:  # else no stored result (a file written by a program): judged on its formula
        _check_stored(book, key, formula, raw, tree, shown, expected_text, out, stale)


def _check_shown_total(book: Book, key, formula, raw: str, shown: Any, expected_text: str, out: list) -> None:
    """The stored result of a formula tcxl cannot evaluate, against the total its cells require."""
    sheet, row, col = book.r.where[key]
    right = book.recomputed(key)
    if isinstance(shown, Err) or _same(shown, right, formula):
        return
    out.append(
        finding(
            arithmetic_code(key, formula),
            sheet,
            ref(row, col),
            f"{describe(key)}: a célula mostra {_show(shown, formula)}, mas o valor certo pelas células "
            f"de origem é {_show(right, formula)} (a fórmula {to_ptbr(raw)} não foi conferida)",
            expected=_plain(right, formula),
            found=_plain(shown, formula),
        )
    )


def _check_stored(
    book: Book, key, formula, raw: str, tree, shown: Any, expected_text: str, out: list, stale: list
) -> None:
    """A stored result against what its own formula (``tree``; None: the layout's) gives from
    the stored results of the cells it reads: a disagreement is a stale result."""
    sheet, row, col = book.r.where[key]
    cell = ref(row, col)
    try:
        if tree is None:
            own = compute(formula, book.stored)
        else:
            own = book.r.cells.run(tree, sheet, row, col)
    except NotEvaluated:
        own = None
    except _Inherited as exc:
        own = Err(exc.args[0])
    if isinstance(own, Err):
        return  # an error shown by a cell it reads: reported there, not again at every total above
    if isinstance(shown, Err):
        out.append(
            finding(
                "TCX204",
                sheet,
                cell,
                f"{describe(key)}: a célula mostra o erro {shown}; corrija a fórmula {to_ptbr(raw)}",
                expected=expected_text,
                found=str(shown),
            )
        )
        return
    if own is None or _same(shown, own, formula):
        return
    f = finding(
        arithmetic_code(key, formula),
        sheet,
        cell,
        f"{describe(key)}: o resultado gravado {_show(shown, formula)} não confere com a própria fórmula "
        f"{to_ptbr(raw)}, que dá {_show(own, formula)} com os valores das células que ela lê: resultado "
        "gravado desatualizado; abra e salve no Excel/LibreOffice ou rode tcxl recalc",
        expected=_plain(own, formula),
        found=_plain(shown, formula),
    )
    out.append(f)
    stale.append((f, shown == 0))


class _Inherited(Exception):
    """A part of a total shows an error value."""


class _Shown:
    """``value_of`` for the layout's formula: what each part's cell shows (no recursion
    through totals: each is compared with its own direct parts)."""

    def __init__(self, book: Book):
        self.where, self.grids = book.r.where, book.grids  # a hot path: one lookup each

    def __call__(self, key) -> Any:
        sheet, row, col = self.where[key]
        grid = self.grids[sheet]
        raw = grid.value(row, col)
        if isinstance(raw, str) and raw[:1] == "=":
            raw = grid.cached_value(row, col)
            if raw is None:
                raise NotEvaluated("sem resultado gravado")
        value = _shown(raw)
        if isinstance(value, Err):  # the total shows it too; formulas.evaluate does not carry errors
            raise _Inherited(value)
        return value


def _check_constant(book: Book, key, formula, raw: Any, expected_text: str, typed_table: bool, out: list) -> None:
    sheet, row, col = book.r.where[key]
    cell = ref(row, col)
    restore = f"restaure a fórmula {to_ptbr(expected_text)}" if expected_text else "restaure a fórmula"
    if isinstance(raw, str) and raw.strip().upper() in ERRORS:
        out.append(
            finding(
                "TCX204",
                sheet,
                cell,
                f"{describe(key)}: a célula contém o erro {raw.strip()}; {restore}",
                expected=expected_text,
                found=raw.strip(),
            )
        )
        return
    right = compute(formula, book.shown)
    if raw in (None, "") and right in (None, "", 0):
        return  # a total of nothing, left empty: what it shows is right (SPEC §3.1)
    try:
        value = to_decimal(raw) if not (isinstance(raw, str) and not raw.strip()) else None
    except NotANumber:
        value = raw
    agrees = _same(value, right, formula)
    if typed_table:
        if raw in (None, "") or agrees:
            return
        out.append(
            finding(
                arithmetic_code(key, formula),
                sheet,
                cell,
                f"{describe(key)}: mostra {_show(value, formula)}, mas o valor certo pelas células de "
                f"origem é {_show(right, formula)}",
                expected=_plain(right, formula),
                found=_plain(value, formula),
            )
        )
        return
    content = "está vazia" if raw in (None, "") else f"contém o valor fixo {raw!r}"
    wrong = (
        ""
        if agrees or raw in (None, "")
        else f" ({_show(value, formula)}; o valor certo pelas células de origem é {_show(right, formula)})"
    )
    out.append(
        finding(
            "TCX201",
            sheet,
            cell,
            f"{describe(key)}: a célula {content}{wrong} onde deveria haver "
            f"a fórmula {to_ptbr(expected_text)}; {restore}",
            expected=expected_text,
            found="" if raw is None else str(raw),
        )
    )


# -- judging a formula: its meaning names the mistake, evaluation proves it (SPEC §3.1) ------
MAX_FORMULA = 8_192  # characters in one formula, as Excel allows
Problem = tuple[str, str, "str | None"]  # (code, pt-BR text, severity or None for the code's default)


def judge(book: Book, key, formula, text: str) -> tuple[Problem | None, tuple | None]:
    """(problem, tree): problem = (code, pt-BR text, severity or None) or None when the
    formula computes what the layout says ``key`` is.

    The symbolic meaning is the fast path: equal to the layout's, the formula is right. Any
    other verdict needs evidence: the formula is evaluated on assignments of the inputs
    (:mod:`.proof`); an error is reported only on one where it differs from the required
    total, and the finding shows it. A formula tcxl cannot evaluate is info, never an error."""
    if len(text) > MAX_FORMULA:  # Excel's own limit: no spreadsheet wrote it
        return (
            "TCX203",
            f"a fórmula tem {len(text):_} caracteres, acima do limite do Excel ({MAX_FORMULA:_}); "
            "restaure a fórmula do modelo".replace("_", "."),
            None,
        ), None
    shown = to_ptbr(text)
    if "#REF!" in text.upper():
        return ("TCX204", f"a fórmula {shown} contém uma referência com erro (#REF!)", None), None
    try:
        tree = at_cell(parse(text), *book.r.where[key][1:])
    except FormulaError as exc:
        return ("TCX203", f"a fórmula {shown} não pôde ser interpretada ({exc})", None), None
    sheet, row, col = book.r.where[key]
    if _reads_itself(tree, sheet, row, col):
        return (
            "TCX203",
            f"a fórmula {shown} inclui a própria célula (referência circular): o Excel não a "
            "calcula e mostra 0 ou um aviso",
            None,
        ), tree
    book.sheet, book.home, book.seen = sheet, sheet, []
    actual = final(meaning(tree, book))
    expected = book.expected(key)
    said = None if isinstance(actual, Unknown) else _symbolic(book, key, formula, expected, actual, shown)
    if said is None and not isinstance(actual, Unknown):
        return None, tree  # the same meaning as the layout's: right, however written
    try:
        evidence = book.prover.find(key, formula, tree, _same)
    except NotEvaluated as exc:
        reason = exc.args[0] if exc.args else "não calculada"
        if said is not None and isinstance(actual, Linear) and isinstance(expected, Linear):
            return _with_symbolic_example(said, expected, actual, formula), tree
        return ("TCX207", f"a fórmula {shown} não foi conferida: {reason}; confira-a à mão", None), tree
    if evidence is None and said is not None:  # the items it names, set apart
        suspects = _named_items(actual, expected)
        evidence = book.prover.find_on_suspects(key, formula, tree, suspects, _same) if suspects else None
    if evidence is None:
        return None, tree  # every assignment agrees: right, whatever the symbolic reading said
    return _accuse(book, key, formula, tree, shown, said, expected, evidence), tree


def _reads_itself(node: tuple, sheet: str, row: int, col: int) -> bool:
    """Whether a reference written in the formula covers the formula's own cell (a circular
    reference is wrong whatever the inputs: the spreadsheet cannot compute it)."""
    kind = node[0]
    if kind == "ref":
        _, ref_sheet, r1, c1, r2, c2 = node
        if ref_sheet is not None and ref_sheet.casefold() != sheet.casefold():
            return False
        return (r1 or 0) <= row <= (row if r2 is None else r2) and (c1 or 0) <= col <= (col if c2 is None else c2)
    if kind == "call":
        return any(_reads_itself(a, sheet, row, col) for a in node[2])
    if kind in ("bin", "neg", "pct", "span"):
        return any(_reads_itself(a, sheet, row, col) for a in node[1:] if isinstance(a, tuple))
    return False


def _named_items(actual: Any, expected: Any) -> list:
    """Items one meaning weighs differently from the other (the symbolic reading's suspects)."""
    if isinstance(actual, Quotient) and isinstance(expected, Quotient):
        return [*_named_items(actual.num, expected.num), *_named_items(actual.den, expected.den)]
    if isinstance(actual, Linear) and isinstance(expected, Linear):
        return [k for k in {**expected.terms, **actual.terms} if expected.terms.get(k, 0) != actual.terms.get(k, 0)]
    if isinstance(actual, Pick) and isinstance(expected, Pick):
        return [k for k in actual.parts if k not in expected.parts]
    if isinstance(actual, Linear):
        return list(actual.terms)
    return []


def _symbolic(book: Book, key, formula, expected: Any, actual: Any, shown: str) -> Problem | None:
    if isinstance(expected, Quotient):
        return _judge_ratio(book, key, expected, actual, shown)
    if isinstance(formula, Aggregate):
        return _judge_rule(book, key, formula, expected, actual, shown)
    return _judge_sum(book, key, expected, actual, shown)


def _accuse(
    book: Book, key, formula, tree: tuple, shown: str, said: Problem | None, expected: Any, evidence
) -> Problem:
    """The finding for a formula proven wrong: what is wrong, in words, and the counterexample
    (fewer items named when the whole would not fit in a message)."""
    problem = _accusation(book, key, formula, tree, shown, said, expected, evidence)
    if len(describe(key)) + len(problem[1]) > MAX_MESSAGE - 40 and said is None:
        book.name_limit = 1
        try:
            problem = _accusation(book, key, formula, tree, shown, said, expected, evidence)
        finally:
            book.name_limit = MAX_NAMES
    return problem


def _accusation(
    book: Book, key, formula, tree: tuple, shown: str, said: Problem | None, expected: Any, evidence
) -> Problem:
    prover = book.prover
    if evidence.zero_denominator:
        return (
            "TCX205",
            f"o percentual {shown} mostra {evidence.got} quando a Previsão está vazia ou é 0 (não "
            'evita a divisão por zero); use SE(Previsão=0;"";Executado/Previsão)',
            "warning",
        )
    example = None
    if evidence.item is not None:
        item, value = evidence.item
        shown_value = format_brl(value) if isinstance(formula, Sum) else _number(value)
        rest = (
            " e as demais células de origem vazias"
            if not evidence.assignment.label
            else f" e as demais {evidence.assignment.label.removeprefix('com ')}"
        )
        example = (
            f"com {describe(item)} = {shown_value}{rest}, a fórmula dá {_show(evidence.got, formula)} e "
            f"{'o percentual' if isinstance(formula, Ratio) else 'o total'} deve ser "
            f"{_show(evidence.want, formula)}"
        )
    elif isinstance(expected, Linear):
        reads, keys_read = prover.inputs_read(key, tree)
        candidates = list(dict.fromkeys([*expected.terms, *reads]))
        probed, wrong = prover.probe(key, tree, candidates)
        if wrong:
            item, got, want = wrong[0]
            example = (
                f"com {describe(item)} = {format_brl(PROBE)} e as demais células de origem vazias, a "
                f"fórmula dá {_show(got, formula)} e o total deve ser {_show(want, formula)}"
            )
        if said is None or said[0] == "TCX205":
            book.seen = [*keys_read, *reads]
            code, sentences = _compare(book, key, expected, probed)
            said = (
                code if sentences else "TCX203",
                f"a fórmula {shown} " + ("; ".join(sentences) if sentences else "não dá o total certo"),
                None,
            )
    elif said is None or said[0] == "TCX205":
        said = _what_differs(book, key, formula, tree, shown, expected)
    if example is None:
        example = (
            f"{evidence.assignment.label} ({_values(book, formula, evidence.assignment)}), a fórmula dá "
            f"{_show(evidence.got, formula)} e {'o percentual' if isinstance(formula, Ratio) else 'o total'} "
            f"deve ser {_show(evidence.want, formula)}"
        )
    code, text, severity = said
    return code, f"{text}; por exemplo, {example}", severity


def _what_differs(book: Book, key, formula, tree: tuple, shown: str, expected: Any) -> Problem:
    """For a percentage or an indicator total proven wrong: the inputs it reads that do not
    belong or that it leaves out, else that it computes another thing."""
    support = (
        [*expected.num.terms, *expected.den.terms]
        if isinstance(expected, Quotient)
        else list(expected.parts)
        if isinstance(expected, Pick)
        else []
    )
    reads, keys_read = book.prover.inputs_read(key, tree)
    book.seen = [*keys_read, *reads]
    foreign = [k for k in reads if k not in support]
    missing = [k for k in support if k not in reads]
    said = []
    if foreign:
        said.append(_includes(book, key, foreign))
    if missing:
        said.append(_leaves_out(book, key, missing))
    if said:
        return ("TCX202" if not foreign else "TCX203"), f"a fórmula {shown} " + "; ".join(said), None
    if isinstance(expected, Quotient):
        return "TCX203", f"a fórmula {shown} não calcula Executado / Previsão", None
    rule = RULE_NAMES.get(getattr(formula, "rule", ""), "soma")
    other = book.prover.rule_computed(key, tree, support, _same)
    if other is not None:
        return "TCX306", f"a fórmula {shown} calcula {RULE_NAMES[other]}, mas a regra deste indicador é {rule}", None
    return "TCX203", f"a fórmula {shown} não calcula o {rule} das suas partes", None


def _values(book: Book, formula, assignment) -> str:
    """The values of a total's direct parts in an assignment: 'Executado = R$ 1,00, Previsão = …'."""
    layout = Evaluation(book.formulas, Inputs(assignment))
    as_money = formula if isinstance(formula, Aggregate) else Sum(())  # an indicator's parts are not money
    shown = []
    for p in parts(formula)[:MAX_NAMES]:
        label = (
            {"executed": "Executado", "planned": "Previsão"}.get(getattr(p, "field", ""), "")
            if isinstance(formula, Ratio)
            else describe(p)
        )
        shown.append(f"{label or describe(p)} = {_show(layout(p), as_money)}")
    more = len(parts(formula)) - MAX_NAMES
    return ", ".join(shown) + (f" e mais {more}" if more > 0 else "")


def _with_symbolic_example(said: Problem, expected: Linear, actual: Linear, formula) -> Problem:
    """A mistake the symbolic reading proves when the formula cannot be evaluated: the first
    input the two sums weigh differently, set to R$ 1.000,00, is the counterexample."""
    item = next(
        (k for k in {**expected.terms, **actual.terms} if expected.terms.get(k, 0) != actual.terms.get(k, 0)), None
    )
    if item is None:
        example = (
            f"com as células de origem vazias, a fórmula dá {_show(actual.const, formula)} e o total "
            f"deve ser {_show(expected.const, formula)}"
        )
    else:
        got = actual.terms.get(item, 0) * PROBE + actual.const
        want = expected.terms.get(item, 0) * PROBE + expected.const
        example = (
            f"com {describe(item)} = {format_brl(PROBE)} e as demais células de origem vazias, a fórmula "
            f"dá {_show(got, formula)} e o total deve ser {_show(want, formula)}"
        )
    code, text, severity = said
    return code, f"{text}; por exemplo, {example}", severity


def _judge_sum(book: Book, key, expected: Linear, actual: Any, shown: str):
    if isinstance(actual, Quotient):
        return "TCX203", f"a fórmula {shown} divide valores onde deveria haver uma soma", None
    if isinstance(actual, Pick):
        return "TCX203", f"a fórmula {shown} usa {actual.rule.upper()} onde deveria haver uma soma", None
    code, sentences = _compare(book, key, expected, actual)
    if not sentences:
        return None
    return code, f"a fórmula {shown} " + "; ".join(sentences), None


def _compare(book: Book, key, expected: Linear, actual: Linear) -> tuple[str, list[str]]:
    """What differs between two sums, in words; TCX202 when parts are only left out."""
    want, got = expected.terms, actual.terms
    missing = [k for k in want if k not in got]
    doubled = [k for k, v in got.items() if k in want and v == want[k] + 1]
    negative = [k for k, v in got.items() if v < 0]
    foreign = [k for k, v in got.items() if k not in want and v > 0]
    other = [k for k, v in got.items() if k in want and v > 0 and v != want[k] and k not in doubled]
    sentences = []
    if doubled:
        sentences.append(f"conta duas vezes {_names(book, key, doubled, book.seen)}")
    if negative:
        sentences.append(f"subtrai {_names(book, key, negative, book.seen)}")
    if other:
        factors = sorted({_number(got[k]) for k in other})
        sentences.append(f"multiplica {_names(book, key, other, book.seen)} por {', '.join(factors)}")
    if foreign:
        sentences.append(_includes(book, key, foreign))
    if actual.const != expected.const:
        sentences.append(f"soma a constante {_number(actual.const - expected.const)}")
    if missing:
        sentences.append(_leaves_out(book, key, missing))
    code = "TCX202" if sentences and len(sentences) == 1 and missing else "TCX203"
    return code, sentences


def _number(value: Decimal) -> str:
    """1000 -> '1000', 0.5 -> '0,5' (pt-BR, never in exponent form)."""
    return f"{value.normalize():f}".replace(".", ",")


def _judge_ratio(book: Book, key, expected: Quotient, actual: Any, shown: str):
    if not isinstance(actual, Quotient):
        return "TCX203", f"a fórmula {shown} não calcula um percentual (Executado / Previsão)", None
    if actual.num == expected.num and actual.den == expected.den:
        if actual.guarded:
            return None
        return (
            "TCX205",
            f"o percentual {shown} não evita a divisão por zero (mostra #DIV/0! quando a "
            'Previsão é 0); use SE(Previsão=0;"";Executado/Previsão)',
            "warning",
        )
    if actual.num == expected.den and actual.den == expected.num:
        return "TCX203", f"a fórmula {shown} troca o numerador e o denominador", None
    sentences = []
    for part, want, got in (("numerador", expected.num, actual.num), ("denominador", expected.den, actual.den)):
        if want != got:
            _, said = _compare(book, key, want, got)
            sentences.append(f"no {part}, " + "; ".join(said))
    return "TCX203", f"a fórmula {shown} divide os valores errados ({'; '.join(sentences)})", None


def _judge_rule(book: Book, key, formula: Aggregate, expected: Any, actual: Any, shown: str):
    rule = RULE_NAMES[formula.rule]
    if isinstance(actual, Quotient):
        return "TCX203", f"a fórmula {shown} divide valores; a regra do indicador é {rule}", None
    actual_rule = "sum" if isinstance(actual, Linear) else actual.rule
    if actual_rule != formula.rule:
        return (
            "TCX306",
            f"a fórmula {shown} calcula {RULE_NAMES[actual_rule]}, mas a regra deste indicador é {rule}",
            None,
        )
    if isinstance(actual, Linear):
        return _judge_sum(book, key, expected, actual, shown)
    if actual.same_parts(expected):
        return None
    missing = [k for k in expected.parts if k not in actual.parts]
    foreign = [k for k in actual.parts if k not in expected.parts]
    said = []
    if foreign:
        said.append(_includes(book, key, foreign))
    if missing:
        said.append(_leaves_out(book, key, missing))
    if not said:
        said.append("toma os semestres fora de ordem")
    return (
        ("TCX202" if missing and not foreign and len(said) == 1 else "TCX203"),
        f"a fórmula {shown} " + "; ".join(said),
        None,
    )


def _includes(book: Book, key, items: list) -> str:
    return f"inclui {_names(book, key, items, book.seen)}, que não faz parte deste total"


def _leaves_out(book: Book, key, items: list) -> str:
    return f"deixa de fora {_names(book, key, items, parts(book.formulas[key]))}"


def _names(book: Book, key, items: list, candidates) -> str:
    """Items named by their labels: whole totals first (a total whose inputs are all among
    the items is named once), then single inputs; at most MAX_NAMES, the rest counted."""
    left = list(dict.fromkeys(items))
    named = []
    # a total whose inputs are all among the items: a direct part, or the all-years total of
    # an item left out in every year (A1.3's Total Triênio rather than its three years)
    years = (item.all_years() for item in map(typed, left) if isinstance(item, Key))
    candidates = [*candidates, *filter(None, years)]
    if len(left) > book.name_limit:  # too many to list: any total of the layout that covers several
        candidates += list(book.formulas)
    for cand in dict.fromkeys(candidates):
        if cand in book.formulas and cand != key:
            m = book.expected(cand)
            inside = set(m.terms) if isinstance(m, Linear) else set(m.parts) if isinstance(m, Pick) else set()
            if len(inside) > 1 and inside <= set(left):
                named.append(describe(cand))
                left = [k for k in left if k not in inside]
    named += [describe(k) for k in left]
    limit = book.name_limit
    if len(named) > limit:
        return ", ".join(named[:limit]) + f" e mais {len(named) - limit}"
    return ", ".join(named)


def _drop_never_calculated(out: list[Finding], stale: list[tuple[Finding, bool]]) -> list[Finding]:
    """A file written by a program without results stores 0 for every formula (SPEC §7):
    when every stored result that disagrees is 0, do not trust them; say so once."""
    if len(stale) >= 3 and all(zero for _, zero in stale):
        drop = {id(f) for f, _ in stale}
        kept = [f for f in out if id(f) not in drop]
        return kept + [
            finding(
                "TCX008",
                "",
                "",
                "os resultados gravados das fórmulas estão todos zerados (arquivo "
                "nunca recalculado); os totais foram conferidos pelas fórmulas e recalculados pelo "
                "tcxl. Abra e salve no Excel/LibreOffice ou rode 'tcxl recalc'",
            )
        ]
    return out
