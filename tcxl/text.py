"""Label and code normalisation shared by the model, the layouts and the reader.

Labels are compared case-, accent- and whitespace-insensitively (SPEC §2); activity codes
are recognised in the forms people type (``A1.2``, ``A 1.2``, ``A1.2- Descrição``,
``AM.1``, ``AM1``, ``AM. 1``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """'  Descrição  das CONTAS ' -> 'descricao das contas'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


# no two whitespace runs are adjacent (``\s*\.?\s*`` backtracks quadratically on 'A' + spaces)
_CODE = re.compile(
    r"^\s*A\s*(?:\.\s*)?(?:(?P<m>\d+)\s*\.\s*(?P<n>\d+)|M\s*(?:\.\s*)?(?P<mn>\d+))"
    r"(?:\s*\.\s*(?P<k>\d+))?(?![\d.])[\s\-–—:.)]*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def parse_code(text: object) -> tuple[str, str] | None:
    """Split ``'A 1.2 - Oficinas'`` into ``('A1.2', 'Oficinas')``; None if no activity code."""
    if not isinstance(text, str):
        return None
    match = _CODE.match(text)
    if not match:
        return None
    if match["mn"] is not None:
        code = f"AM.{int(match['mn'])}"
    else:
        code = f"A{int(match['m'])}.{int(match['n'])}"
    if match["k"] is not None:
        code += f".{int(match['k'])}"
    return code, match["rest"].strip()


# The HTML standard's "valid e-mail address" (WHATWG, <input type=email>), its own regex:
# ASCII atext and dots before the one @, then dot-separated labels of 1 to 63 letters, digits
# and hyphens that neither begin nor end with a hyphen. Used with fullmatch (the standard's
# ^...$ without Python's $ letting a trailing newline through). Backtracking stays linear:
# the local part cannot hold an @, and a label is at most 63 characters between dots.
_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
EMAIL = re.compile("[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@" + _LABEL + r"(?:\." + _LABEL + ")*")


def is_email(text: str) -> bool:
    """The HTML standard's valid e-mail address: one address, ASCII only (``joão@x.com`` is
    not one), no comma or space; a domain without a dot (``a@b``) is one. The spec a project
    is built from and the check of a workbook (TCX604) use this one rule."""
    return EMAIL.fullmatch(text) is not None


def code_block(code: str) -> int | str:
    """Block of an activity code: the result number, or 'M' for monitoring."""
    head = code.split(".")[0][1:]
    return "M" if head == "M" else int(head)
