"""TCX604: the e-mail cells of Identificação hold the HTML standard's "valid e-mail address".

The WHATWG definition (``<input type=email>``): ASCII atext and dots, one ``@``, then labels of
1 to 63 letters, digits and hyphens, separated by dots, neither beginning nor ending with a
hyphen. A domain without a dot is valid; a non-ASCII local part is not (the standard's
current ABNF is ASCII-only). One address per cell; surrounding spaces are trimmed.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import tcxl

INFO = "Identificação"
LABEL63, LABEL64 = "a" * 63, "a" * 64

CASES = [  # (text typed in the cell, valid?)
    ("nome.sobrenome@hospital.org.br", True),
    ("proadi@hospitalexemplo.org.br", True),
    ("a@b", True),  # no dot in the domain: valid per HTML
    ("a@b,c.com", False),  # comma in the domain
    ("a@-b.com", False),  # label beginning with a hyphen
    ("a@b-.com", False),  # label ending with a hyphen
    ("a@b..com", False),  # empty label
    ("a@b.com.", False),  # trailing dot
    ("a b@c.com", False),  # space in the local part
    (f"x@{LABEL63}.com", True),  # a 63-character label
    (f"x@{LABEL64}.com", False),  # 63 + 1
    (f"x@{LABEL63}", True),
    (f"x@{LABEL64}", False),
    ("joão@x.com", False),  # non-ASCII local part: not in the standard's atext
    ("x@hospitalé.org.br", False),  # non-ASCII domain
    ("!#$%&'*+/=?^_`{|}~-.@x.org", True),  # every atext character, dots anywhere in the local part
    ("proadi.hospitalexemplo.org.br", False),  # no @
    ("@hospital.org.br", False),  # empty local part
    ("a@", False),  # empty domain
    ("a@b@c.com", False),
    ("a@x.com, b@x.com", False),  # several addresses in one cell: one per cell
    ("a@x.com;b@x.com", False),
    ("<a@x.com>", False),
    ("  nome@hospital.org.br  ", True),  # surrounding spaces are trimmed, as before
    ("nome@hospital.org.br\n", True),  # a trailing line break too
    ("nome@hospital\n.org.br", False),  # but not one inside
    ("a" * 32000 + "@", False),  # hostile long text is answered at once
    ("a@" + "a." * 16000 + "-", False),
]


@pytest.fixture(scope="module")
def email_cells(sample_xlsx) -> list[str]:
    """The cells right of each 'E-mail:' label (the entity's and the person responsible's)."""
    ws = openpyxl.load_workbook(sample_xlsx)[INFO]
    labels = [c for row in ws.iter_rows() for c in row if c.value == "E-mail:"]
    assert len(labels) == 2
    return [ws.cell(c.row, c.column + 1).coordinate for c in labels]


@pytest.mark.parametrize(("text", "valid"), CASES, ids=[repr(t[:40]) for t, _ in CASES])
def test_an_email_typed_by_an_analyst(sample_xlsx, tmp_path, email_cells, text, valid):
    book = openpyxl.load_workbook(sample_xlsx)
    for cell in email_cells:
        book[INFO][cell] = text
    path = tmp_path / "email.xlsx"
    book.save(path)
    report = tcxl.check(path, today=dt.date(2026, 11, 22))
    got = {(f.code, f.severity, f.sheet, f.cell) for f in report.findings}
    expected = set() if valid else {("TCX604", "error", INFO, cell) for cell in email_cells}
    assert got == expected


def test_the_sample_emails_are_valid(sample_xlsx):
    assert tcxl.check(sample_xlsx, today=dt.date(2026, 11, 22)).findings == []
