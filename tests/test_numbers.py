"""The pt-BR number parser: examples of each rule and a round-trip property."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from tcxl.numbers import NotANumber, format_brl, parse_text, to_decimal


@pytest.mark.parametrize("text, value", [
    ("R$ 1.234,56", "1234.56"), ("1.234,56", "1234.56"), ("1234,56", "1234.56"), ("1,234.56", "1234.56"),
    ("12,5%", "0.125"), ("1.234", "1234"), ("1.234.567", "1234567"), ("12.5", "12.5"), ("0,5", "0.5"),
    ("1,234,567", "1234567"), ("(1.234,56)", "-1234.56"), ("-R$ 5,00", "-5.00"), ("R$ -5,00", "-5.00"),
    ("R$\u00a01.000,00", "1000.00"), ("  42 ", "42"), ("1 234,50", "1234.50"),
])
def test_examples(text, value):
    assert parse_text(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "  ", "-", "–", "—"])
def test_blanks_and_dashes_are_empty(text):
    assert parse_text(text) is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.34.5", "1.23,4", "1,234,56", "R$", "1.2.3,4", "10 reais", ","])
def test_not_numbers(text):
    with pytest.raises(NotANumber):
        parse_text(text)


def test_cell_values():
    import datetime as dt

    assert to_decimal(1234.56) == Decimal("1234.56")
    assert to_decimal(7) == Decimal(7)
    assert to_decimal(None) is None
    for bad in (True, dt.date(2025, 1, 1), float("nan")):
        with pytest.raises(NotANumber):
            to_decimal(bad)


money = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2, allow_nan=False, allow_infinity=False)


@given(money, st.booleans(), st.booleans())
def test_pt_br_formatting_round_trips(value, with_symbol, negative):
    value = -value if negative else value
    text = format_brl(value)
    if not with_symbol:
        text = text.replace("R$ ", "")
    assert parse_text(text) == value


@given(money)
def test_plain_decimal_comma_round_trips(value):
    assert parse_text(f"{value:.2f}".replace(".", ",")) == value


@given(st.decimals(min_value=0, max_value=1000, places=1, allow_nan=False, allow_infinity=False))
def test_percent(value):
    assert parse_text(f"{value}".replace(".", ",") + "%") == value / 100
