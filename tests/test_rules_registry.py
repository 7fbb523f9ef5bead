"""Every finding code is a rule of the registry, declared by the module that emits it
(SPEC §3.2): a code written anywhere in tcxl that is not registered, or not declared where it
is emitted, fails here; a registered rule no module emits fails too."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import tcxl
from tcxl.rules import Emitter, registry

ROOT = Path(tcxl.__file__).parent
CODE = re.compile(r"TCX\d{3}")
# modules whose codes go out through another module's declaration: the formula judge returns
# (code, text) to checks.formulas, which emits it; the reader raises UnreadableFile, which is
# made by sniff's declaration
THROUGH = {"tcxl.checks.judge": "tcxl.checks.formulas", "tcxl.read": "tcxl.sniff"}


def _module_codes() -> dict[str, set[str]]:
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "rules" in path.relative_to(ROOT).parts:
            continue  # the registry itself
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        codes = {c for c in found if CODE.fullmatch(c)}
        if codes:
            name = ".".join(["tcxl", *path.relative_to(ROOT).with_suffix("").parts]).removesuffix(".__init__")
            out[name] = codes
    return out


def _declared(module: str) -> set[str]:
    names = vars(importlib.import_module(module)).values()
    return {code for e in names if isinstance(e, Emitter) for code in e.codes}


MODULE_CODES = _module_codes()


@pytest.mark.parametrize("module", sorted(MODULE_CODES))
def test_each_code_in_the_source_is_registered_and_declared_where_it_is_emitted(module):
    codes = MODULE_CODES[module]
    assert codes <= set(registry()), sorted(codes - set(registry()))
    declared = _declared(module) | (_declared(THROUGH[module]) if module in THROUGH else set())
    assert codes <= declared, f"{module} writes {sorted(codes - declared)} without declaring them"


def test_every_registered_rule_is_emitted_somewhere():
    declared = set()
    for module in MODULE_CODES:
        declared |= _declared(module)
    assert set(registry()) - declared == set()


def test_rules_are_in_code_order_and_grouped_as_the_spec_says():
    codes = list(registry())
    assert codes == sorted(codes)
    for code, rule in registry().items():
        assert CODE.fullmatch(code) and rule.code == code
        module = importlib.import_module(f"tcxl.rules.catalog.tcx{code[3]}")
        assert rule in module.RULES  # TCX2xx in tcx2.py, …
        assert rule.severity in ("error", "warning", "info")
        if rule.unreadable:
            assert rule.severity == "error" and code.startswith("TCX0")


def test_message_fields_never_shadow_a_findings_own_arguments():
    """emit(code, sheet, cell, expected=…, found=…, **fields): a field with one of those
    names could never be passed."""
    for rule in registry().values():
        assert not rule.fields & {"code", "sheet", "cell", "expected", "found"}, rule.code
