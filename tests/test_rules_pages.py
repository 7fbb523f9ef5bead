"""The rules' pages (tcxl.rules.pages): `tcxl regras`, `tcxl regras CODE`, the docs site's table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tcxl.errors import TcxlError
from tcxl.findings import SEVERITY_WORDS
from tcxl.rules import registry
from tcxl.rules.config import RuleConfig
from tcxl.rules.pages import listing, main, markdown_table, page, readme_table, with_table

PAGE = Path(__file__).resolve().parents[1] / "docs" / "site" / "referencia" / "conferencia.md"
ROW = re.compile(r"^\s+(TCX\d{3})\s{2,}(.+?)\s{2,}(.+)$")


def _rows(lines: list[str]) -> dict[str, tuple[str, str]]:
    """code -> (gravidade column, title) of the listing's rule lines."""
    out = {}
    for line in lines:
        m = ROW.match(line)
        if m:
            assert m.group(1) not in out, f"{m.group(1)} listed twice"
            out[m.group(1)] = (m.group(2), m.group(3))
    return out


def test_docs_table_is_generated_from_the_registry():
    text = PAGE.read_text(encoding="utf-8")
    assert readme_table(text) == markdown_table(), (
        f"{PAGE.name}'s table of rules differs from the registry: run python -m tcxl.rules.pages --write-docs"
    )


def test_markdown_table_has_every_rule_in_code_order():
    rows = [line for line in markdown_table().splitlines() if line.startswith("| TCX")]
    assert [row.split("|")[1].strip() for row in rows] == list(registry())
    for row, rule in zip(rows, registry().values()):
        assert rule.title.replace("|", "\\|") in row and rule.severity in row


def test_write_docs_rewrites_only_between_the_markers(tmp_path):
    stale = "# x\n\nbefore\n\n<!-- rules:start -->\n| old |\n<!-- rules:end -->\n\nafter\n"
    path = tmp_path / "conferencia.md"
    path.write_text(stale, encoding="utf-8")
    assert main(["--check", str(path)]) == 1
    assert main(["--write-docs", str(path)]) == 0
    new = path.read_text(encoding="utf-8")
    assert new.startswith("# x\n\nbefore\n\n<!-- rules:start -->\n| code |") and new.endswith("<!-- rules:end -->\n\nafter\n")
    assert main(["--check", str(path)]) == 0 and with_table(new) == new
    path.write_text(stale, encoding="utf-8")
    assert main(["--write-readme", str(path)]) == 0 and path.read_text(encoding="utf-8") == new  # the old flag's name
    with pytest.raises(ValueError):
        readme_table("no markers")


def test_listing_has_one_line_per_rule_with_code_severity_and_title():
    lines = listing()
    rows = _rows(lines)
    assert list(rows) == list(registry())
    for code, rule in registry().items():
        assert rows[code] == (SEVERITY_WORDS[rule.severity], rule.title)
    assert all(len(line) <= 100 for line in lines)
    for heading in ("TCX0xx Arquivo", "TCX1xx Estrutura", "TCX2xx Fórmulas", "TCX3xx Aritmética",
                    "TCX4xx Entre abas", "TCX5xx Entradas", "TCX6xx Cadastro"):
        assert heading in lines


def test_listing_says_what_the_configuration_changes():
    config = RuleConfig.make(ignore=["TCX607"], severity={"TCX4": "error"})
    lines = listing(config=config)
    rows = _rows(lines)
    assert list(rows) == list(registry())
    assert "ignorada" in rows["TCX607"][0]
    assert rows["TCX401"][0] == "erro (aviso)"  # the configured severity, the default in parentheses
    assert rows["TCX203"][0] == "erro" and rows["TCX606"][0] == "erro"  # unchanged
    assert all(len(line) <= 100 for line in lines)


def test_listing_of_an_unreadable_rule_the_configuration_would_leave_out():
    rows = _rows(listing(config=RuleConfig.make(ignore=["TCX0"])))
    unreadable = [c for c, r in registry().items() if r.unreadable]
    assert unreadable, "no unreadable-file rule in the registry"
    for code in unreadable:
        assert "ignorada" not in rows[code][0] and "sempre" in rows[code][0]
    readable = next(c for c, r in registry().items() if c.startswith("TCX0") and not r.unreadable)
    assert "ignorada" in rows[readable][0]


def test_listing_of_given_rules():
    some = [registry()["TCX203"], registry()["TCX101"]]
    assert list(_rows(listing(some))) == ["TCX101", "TCX203"]


def test_page_has_the_rule_and_how_to_change_it():
    rule = registry()["TCX203"]
    text = page("TCX203")
    flat = " ".join(text.split())
    assert text.startswith(f"TCX203 — {rule.title}\n")
    for heading in ("Gravidade padrão: erro", "O que é", "Exemplo errado", "Exemplo certo", "Como corrigir"):
        assert heading in text
    for field in (rule.explanation, rule.wrong, rule.right, rule.fix):
        assert " ".join(field.split()) in flat
    assert "--ignore TCX203" in text and "--severity TCX203=warning" in text and "tcxl.toml" in text
    assert page("tcx203") == text and page(" tcx203 ") == text


def test_page_of_an_unreadable_rule_says_it_is_always_reported():
    code = next(c for c, r in registry().items() if r.unreadable)
    text = page(code)
    assert "torna o arquivo ilegível: sim — sempre informada, não pode ser ignorada" in text.lower()
    assert f"--ignore {code}" not in text


def test_every_page_fits_a_terminal():
    for code in registry():
        assert all(len(line) <= 100 for line in page(code).splitlines()), code


def test_unknown_code_names_it_and_the_closest():
    with pytest.raises(TcxlError) as err:
        page("TCX999")
    message = str(err.value)
    assert "TCX999" in message and "tcxl regras" in message and "\n" not in message
    assert re.search(r"TCX\d{3}", message.replace("TCX999", ""))  # a close code suggested
    with pytest.raises(TcxlError, match="TCX2"):
        page("tcx2")  # a group, not a rule


def test_every_rule_is_written():
    unwritten = []
    for code, rule in registry().items():
        for name in ("title", "message", "explanation", "wrong", "right", "fix"):
            value = getattr(rule, name)
            if not value.strip() or value.strip() == "A FAZER":
                unwritten.append(f"{code}.{name}")
    assert not unwritten, f"{len(unwritten)} fields empty or 'A FAZER': {', '.join(unwritten)}"
