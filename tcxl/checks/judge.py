"""Judging a formula that differs from the layout's (SPEC §3.1): its meaning names the
mistake, evaluation proves it.

The symbolic meaning is the fast path: equal to the layout's, the formula is right. Any
other verdict needs evidence from :mod:`.proof`: an assignment of the inputs on which the
formula gives another value than the required total, stated in the finding. A formula
tcxl cannot evaluate is TCX207 (info), never an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from ..findings import MAX_MESSAGE
from ..formula import (
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
from ..keys import Key, typed
from ..numbers import format_brl
from ..totals import Aggregate, Evaluation, Inputs, Ratio, Sum
from .book import MAX_NAMES, RULE_NAMES, Book, describe, parts, same, show
from .proof import PROBE

# -- judging a formula: its meaning names the mistake, evaluation proves it (SPEC §3.1) ------
MAX_FORMULA = 8_192  # characters in one formula, as Excel allows
Problem = tuple[str, str]  # (code, pt-BR text)


def judge(book: Book, key, formula, text: str) -> tuple[Problem | None, tuple | None]:
    """(problem, tree): problem = (code, pt-BR text) or None when the
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
        ), None
    shown = to_ptbr(text)
    if "#REF!" in text.upper():
        return ("TCX204", f"a fórmula {shown} contém uma referência com erro (#REF!)"), None
    try:
        tree = at_cell(parse(text), *book.r.where[key][1:])
    except FormulaError as exc:
        return ("TCX203", f"a fórmula {shown} não pôde ser interpretada ({exc})"), None
    sheet, row, col = book.r.where[key]
    if _reads_itself(tree, sheet, row, col):
        return (
            "TCX203",
            f"a fórmula {shown} inclui a própria célula (referência circular): o Excel não a "
            "calcula e mostra 0 ou um aviso",
        ), tree
    book.sheet, book.home, book.seen = sheet, sheet, []
    actual = final(meaning(tree, book))
    expected = book.expected(key)
    said = None if isinstance(actual, Unknown) else _symbolic(book, key, formula, expected, actual, shown)
    if said is None and not isinstance(actual, Unknown):
        return None, tree  # the same meaning as the layout's: right, however written
    try:
        evidence = book.prover.find(key, formula, tree, same)
    except NotEvaluated as exc:
        reason = exc.args[0] if exc.args else "não calculada"
        if said is not None and isinstance(actual, Linear) and isinstance(expected, Linear):
            return _with_symbolic_example(said, expected, actual, formula), tree
        return ("TCX207", f"a fórmula {shown} não foi conferida: {reason}; confira-a à mão"), tree
    if evidence is None and said is not None:  # the items it names, set apart
        suspects = _named_items(actual, expected)
        evidence = book.prover.find_on_suspects(key, formula, tree, suspects, same) if suspects else None
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
            f"com {describe(item)} = {shown_value}{rest}, a fórmula dá {show(evidence.got, formula)} e "
            f"{'o percentual' if isinstance(formula, Ratio) else 'o total'} deve ser "
            f"{show(evidence.want, formula)}"
        )
    elif isinstance(expected, Linear):
        reads, keys_read = prover.inputs_read(key, tree)
        candidates = list(dict.fromkeys([*expected.terms, *reads]))
        probed, wrong = prover.probe(key, tree, candidates)
        if wrong:
            item, got, want = wrong[0]
            example = (
                f"com {describe(item)} = {format_brl(PROBE)} e as demais células de origem vazias, a "
                f"fórmula dá {show(got, formula)} e o total deve ser {show(want, formula)}"
            )
        if said is None or said[0] == "TCX205":
            book.seen = [*keys_read, *reads]
            code, sentences = _compare(book, key, expected, probed)
            said = (
                code if sentences else "TCX203",
                f"a fórmula {shown} " + ("; ".join(sentences) if sentences else "não dá o total certo"),
            )
    elif said is None or said[0] == "TCX205":
        said = _what_differs(book, key, formula, tree, shown, expected)
    if example is None:
        example = (
            f"{evidence.assignment.label} ({_values(book, formula, evidence.assignment)}), a fórmula dá "
            f"{show(evidence.got, formula)} e {'o percentual' if isinstance(formula, Ratio) else 'o total'} "
            f"deve ser {show(evidence.want, formula)}"
        )
    # set above, else given: evidence sets an item apart (find_on_suspects) only when judge has a verdict
    code, text = cast(Problem, said)
    return code, f"{text}; por exemplo, {example}"


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
        return ("TCX202" if not foreign else "TCX203"), f"a fórmula {shown} " + "; ".join(said)
    if isinstance(expected, Quotient):
        return "TCX203", f"a fórmula {shown} não calcula Executado / Previsão"
    rule = RULE_NAMES.get(getattr(formula, "rule", ""), "soma")
    other = book.prover.rule_computed(key, tree, support, same)
    if other is not None:
        return "TCX306", f"a fórmula {shown} calcula {RULE_NAMES[other]}, mas a regra deste indicador é {rule}"
    return "TCX203", f"a fórmula {shown} não calcula o {rule} das suas partes"


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
        shown.append(f"{label or describe(p)} = {show(layout(p), as_money)}")
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
            f"com as células de origem vazias, a fórmula dá {show(actual.const, formula)} e o total "
            f"deve ser {show(expected.const, formula)}"
        )
    else:
        got = actual.terms.get(item, 0) * PROBE + actual.const
        want = expected.terms.get(item, 0) * PROBE + expected.const
        example = (
            f"com {describe(item)} = {format_brl(PROBE)} e as demais células de origem vazias, a fórmula "
            f"dá {show(got, formula)} e o total deve ser {show(want, formula)}"
        )
    code, text = said
    return code, f"{text}; por exemplo, {example}"


def _judge_sum(book: Book, key, expected: Linear, actual: Any, shown: str):
    if isinstance(actual, Quotient):
        return "TCX203", f"a fórmula {shown} divide valores onde deveria haver uma soma"
    if isinstance(actual, Pick):
        return "TCX203", f"a fórmula {shown} usa {actual.rule.upper()} onde deveria haver uma soma"
    code, sentences = _compare(book, key, expected, actual)
    if not sentences:
        return None
    return code, f"a fórmula {shown} " + "; ".join(sentences)


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
        return "TCX203", f"a fórmula {shown} não calcula um percentual (Executado / Previsão)"
    if actual.num == expected.num and actual.den == expected.den:
        if actual.guarded:
            return None
        return (
            "TCX205",
            f"o percentual {shown} não evita a divisão por zero (mostra #DIV/0! quando a "
            'Previsão é 0); use SE(Previsão=0;"";Executado/Previsão)',
        )
    if actual.num == expected.den and actual.den == expected.num:
        return "TCX203", f"a fórmula {shown} troca o numerador e o denominador"
    sentences = []
    for part, want, got in (("numerador", expected.num, actual.num), ("denominador", expected.den, actual.den)):
        if want != got:
            _, said = _compare(book, key, want, got)
            sentences.append(f"no {part}, " + "; ".join(said))
    return "TCX203", f"a fórmula {shown} divide os valores errados ({'; '.join(sentences)})"


def _judge_rule(book: Book, key, formula: Aggregate, expected: Any, actual: Any, shown: str):
    rule = RULE_NAMES[formula.rule]
    if isinstance(actual, Quotient):
        return "TCX203", f"a fórmula {shown} divide valores; a regra do indicador é {rule}"
    actual_rule = "sum" if isinstance(actual, Linear) else actual.rule
    if actual_rule != formula.rule:
        return (
            "TCX306",
            f"a fórmula {shown} calcula {RULE_NAMES[actual_rule]}, mas a regra deste indicador é {rule}",
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
