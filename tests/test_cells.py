"""tcxl.cells follows openpyxl exactly where the reader replaces it."""
from __future__ import annotations

from hypothesis import given, strategies as st
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from tcxl import cells


@given(st.integers(1, 16384))
def test_column_letters(index):
    assert cells.column_letter(index) == get_column_letter(index)
    assert cells.column_index(get_column_letter(index)) == column_index_from_string(get_column_letter(index))


def test_builtin_date_formats():
    assert cells.DATE_BUILTINS == {k for k, v in BUILTIN_FORMATS.items() if is_date_format(v)}
    assert cells.TIMEDELTA_BUILTINS == {k for k, v in BUILTIN_FORMATS.items() if is_timedelta_format(v)}


@given(st.sampled_from(['dd/mm/yyyy', '"R$" #,##0.00', '0.0%', '[$-416]d" de "mmmm" de "yyyy', '[h]:mm:ss',
                        '#,##0;[Red]-#,##0', 'General', '"dias" 0', 'mm:ss.0', '[mm]:ss', 'yyyy-mm-dd;@',
                        '_-* #,##0.00_-', '\\d0', '[Blue]0.00']))
def test_format_codes(code):
    assert cells.is_date_format(code) == is_date_format(code)
    assert cells.is_timedelta_format(code) == is_timedelta_format(code)


@given(st.floats(0, 2958465, allow_nan=False), st.sampled_from([WINDOWS_EPOCH, MAC_EPOCH]), st.booleans())
def test_serial_dates(value, epoch, timedelta):
    def outcome(fn):
        try:
            return fn(value, epoch, timedelta)
        except (OverflowError, ValueError) as exc:  # past year 9999: the reader shows #VALUE!
            return type(exc)
    assert outcome(cells.from_excel) == outcome(from_excel)
