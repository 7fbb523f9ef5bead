"""A single streaming pass over an xlsx: every cell's formula *and* stored result.

openpyxl gives formulas or stored results, never both, so a checker built on it parses
every sheet twice; this reads each sheet XML once and yields, per sheet, the rows as
openpyxl's ``read_only`` mode would show them (formulas as ``=`` text) and the stored
results. A sheet in the plain form spreadsheet programs write is checked by a
callback-free libxml2 parse (entities never resolved, no network, DTDs refused) and then
taken by one regular-expression pass (the fast path); anything else goes through lxml
``iterparse``. Both produce the same cell records, and tests hold both to openpyxl.
Shared formulas are expanded with openpyxl's ``Translator``; numbers in date formats
become datetimes as in openpyxl. Cells are kept sparse and bounded: rows past
``max_rows`` and columns past ``max_cols`` are left out and reported.

Longer than our usual module (~600 lines) on purpose: the fast path and the ``iterparse``
path must give identical records, and they sit side by side, sharing their cell decoding,
so that a change to one is seen next to the other.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from .cells import (
    DATE_BUILTINS,
    MAC_EPOCH,
    TIMEDELTA_BUILTINS,
    WINDOWS_EPOCH,
    column_index,
    column_letter,
    from_excel,
    is_date_format,
    is_timedelta_format,
)

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_ROWS = 100_000
MAX_COLS = 1_000
# bounds on what is read (a few KB of zip can declare millions of items): far above any real
# project workbook, far below what would cost gigabytes
MAX_SHEETS = 1_000
MAX_SHARED_STRINGS = 2_000_000
MAX_CELL_FORMATS = 100_000  # Excel itself stops at about 64,000


class DangerousXml(ValueError):
    """An XML part declares a DTD or entities (e.g. an entity-expansion bomb)."""


class TooLarge(ValueError):
    """A part declares more items than tcxl reads (the message says what, in pt-BR)."""


@dataclass
class Sheet:
    name: str
    state: str
    rows: list[tuple] = field(default_factory=list)  # formulas as '=…', values otherwise
    cached: list[tuple] = field(default_factory=list)  # stored results (values for non-formulas)
    dropped_rows: int = 0  # rows past the limit that held cells
    dropped_cols: int = 0  # cells past the column limit
    hidden_rows: set = field(default_factory=set)  # 0-based rows marked hidden (SUBTOTAL(109,…) skips them)


def _parser_events(source: IO[bytes], tag: str):
    return etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
    )


PROLOG_LIMIT = 1 << 20  # bytes before the root element: a longer prolog is padding, refused


def _prolog_declares_dtd(head: bytes) -> bool | None:
    """Whether the markup before the root element declares a DTD or entities (comments and
    processing instructions skipped, in one linear pass); None when ``head`` ends first."""
    pos = 0
    while True:
        i = head.find(b"<", pos)
        if i < 0:
            return None
        if head.startswith(b"<!--", i):
            end, skip = head.find(b"-->", i + 4), 3
        elif head.startswith(b"<?", i):
            end, skip = head.find(b"?>", i + 2), 2
        elif head.startswith((b"<!DOCTYPE", b"<!ENTITY"), i):
            return True
        elif head.startswith(b"<!", i):
            end, skip = i + 2, 0
        else:
            return False  # the root element
        if end < 0:
            return None
        pos = end + skip


def _guard(zf: zipfile.ZipFile, name: str, data: bytes | None = None) -> None:
    """Refuse a part that declares a DTD or entities anywhere before its root element
    (after padding and comments too; a DOCTYPE after it is not well formed, which the
    parsers refuse). ``data``: the part, when read."""
    if data is None:
        head = b""
        with zf.open(name) as fh:
            while len(head) <= PROLOG_LIMIT:
                chunk = fh.read(65536)
                head += chunk
                if not chunk or _prolog_declares_dtd(head) is not None:
                    break
    else:
        head = data[: PROLOG_LIMIT + 1]
    found = _prolog_declares_dtd(head)
    if found or (found is None and len(head) > PROLOG_LIMIT):
        raise DangerousXml(name)


def _xml(zf: zipfile.ZipFile, name: str):
    _guard(zf, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    with zf.open(name) as fh:
        return etree.parse(fh, parser).getroot()


def _shared_strings(zf: zipfile.ZipFile, names: set[str], fast: bool) -> list[str]:
    part = "xl/sharedStrings.xml"
    if part not in names:
        return []
    if fast and zf.getinfo(part).file_size <= FAST_MAX_BYTES:
        data = zf.read(part)
        _guard(zf, part, data)
        if data.count(b"<si") > MAX_SHARED_STRINGS:
            raise _too_many_strings()
        strings = _scan_strings(data) if _plain_xml(data) else None
        if strings is not None:
            return strings
    else:
        _guard(zf, part)
        if _count(zf, part, b"<si") > MAX_SHARED_STRINGS:  # before any parsing
            raise _too_many_strings()
    out = []
    with zf.open("xl/sharedStrings.xml") as fh:
        for _, si in _parser_events(fh, f"{NS}si"):
            out.append("".join(t.text or "" for t in si.iter(f"{NS}t") if not _in_phonetic(t, si)))
            si.clear()
            while si.getprevious() is not None:
                del si.getparent()[0]
            if len(out) > MAX_SHARED_STRINGS:
                raise _too_many_strings()
    return out


def _count(zf: zipfile.ZipFile, part: str, needle: bytes, chunk: int = 1 << 20) -> int:
    """Occurrences of ``needle`` in a part, streamed (a C-level count per megabyte)."""
    total, tail = 0, b""
    with zf.open(part) as fh:
        while block := fh.read(chunk):
            data = tail + block
            total += data.count(needle)
            tail = data[-(len(needle) - 1) :]  # shorter than the needle: a split one is counted once, next time
    return total


def _too_many_strings() -> TooLarge:
    return TooLarge(f"mais de {MAX_SHARED_STRINGS:_} textos compartilhados (sharedStrings.xml)".replace("_", "."))


def _in_phonetic(t, si) -> bool:
    parent = t.getparent()
    return parent is not None and parent.tag == f"{NS}rPh"


def _date_styles(zf: zipfile.ZipFile, names: set[str]) -> dict[int, bool]:
    """Cell styles whose number format is a date: style index -> is a duration ([h]:mm).
    Streamed (styles.xml can declare millions of formats in a few KB of zip) and bounded."""
    if "xl/styles.xml" not in names:
        return {}
    _guard(zf, "xl/styles.xml")
    custom: dict[int, str] = {}
    out: dict[int, bool] = {}
    index = 0
    fmt_tag, xfs_tag, xf_tag = f"{NS}numFmt", f"{NS}cellXfs", f"{NS}xf"
    with zf.open("xl/styles.xml") as fh:
        for _, el in etree.iterparse(
            fh,
            events=("end",),
            tag=(fmt_tag, xf_tag),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        ):
            if el.tag == fmt_tag:
                custom[int(el.get("numFmtId"))] = el.get("formatCode", "")
            elif el.getparent() is not None and el.getparent().tag == xfs_tag:
                fmt_id = int(el.get("numFmtId", 0))
                if fmt_id in custom:
                    if is_date_format(custom[fmt_id]):
                        out[index] = is_timedelta_format(custom[fmt_id])
                elif fmt_id in DATE_BUILTINS:
                    out[index] = fmt_id in TIMEDELTA_BUILTINS
                index += 1
                if index > MAX_CELL_FORMATS:
                    raise TooLarge(f"mais de {MAX_CELL_FORMATS:_} formatos de célula (styles.xml)".replace("_", "."))
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    return out


class Sheets(list):
    """The worksheets, in workbook order, and the workbook's defined names:
    ``names[(sheet name or None, folded name)] = formula text`` (``None``: workbook scope)."""

    names: dict[tuple[str | None, str], str]


MAX_NAMES = 10_000  # defined names read (Excel's own files have a handful)


def _defined_names(wb, sheet_names: list[str]) -> dict[tuple[str | None, str], str]:
    """Defined names whose value is a formula tcxl may evaluate (hidden built-ins such as
    ``_xlnm.Print_Area`` and names with errors are kept too: the evaluator decides)."""
    out: dict[tuple[str | None, str], str] = {}
    for dn in wb.iter(f"{NS}definedName"):
        if len(out) >= MAX_NAMES:
            break
        name, text = dn.get("name", ""), (dn.text or "").strip()
        if not name or not text or len(text) > 8_192:
            continue
        local = dn.get("localSheetId")
        scope = None
        if local is not None:
            try:
                scope = sheet_names[int(local)]
            except (ValueError, IndexError):
                continue
        out[(scope, name.casefold())] = text
    return out


def _sheet_parts(zf: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], bool, dict]:
    """[(name, state, part)] in workbook order, whether the 1904 date system is used, and the
    defined names (:class:`Sheets`)."""
    wb = _xml(zf, "xl/workbook.xml")
    rels = _xml(zf, "xl/_rels/workbook.xml.rels")
    targets = {}
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            )
    pr = wb.find(f"{NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    sheets, parts = [], set()
    for s in wb.iter(f"{NS}sheet"):
        rid = s.get(f"{REL}id")
        if rid in targets:
            if targets[rid] in parts:  # Excel calls such a file corrupt; read once per sheet it would cost N times
                raise ValueError(f"duas abas apontam para a mesma parte ({targets[rid]})")
            parts.add(targets[rid])
            sheets.append((s.get("name", ""), s.get("state", "visible"), targets[rid]))
            if len(sheets) > MAX_SHEETS:
                raise TooLarge(f"mais de {MAX_SHEETS:_} abas".replace("_", "."))
    all_names = [s.get("name", "") for s in wb.iter(f"{NS}sheet")]  # localSheetId counts every sheet
    return sheets, date1904, _defined_names(wb, all_names)


def _number(text: str):
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


def read_sheets(path, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS, fast: bool = True) -> Sheets:
    """Every worksheet of ``path`` (and its defined names, ``.names``); raises
    zipfile/KeyError/XMLSyntaxError/DangerousXml on damage. ``fast=False`` forces the general
    lxml path (tests compare the two)."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets, date1904, defined = _sheet_parts(zf)
        strings = _shared_strings(zf, names, fast)
        dates = _date_styles(zf, names)
        epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        out = Sheets(
            _read_sheet(zf, part, Sheet(name, state), strings, dates, epoch, max_rows, max_cols, fast)
            for name, state, part in sheets
            if part in names
        )
        out.names = defined
        return out


def _split_ref(ref: str) -> tuple[int, int]:
    """'AB12' -> (12, 28), with the column letters cached (a hot path)."""
    i = 0
    while ref[i].isalpha():
        i += 1
    return int(ref[i:]), column_index(ref[:i])


def _read_sheet(
    zf,
    part: str,
    sheet: Sheet,
    strings: list[str],
    dates: dict[int, bool],
    epoch,
    max_rows: int,
    max_cols: int,
    fast: bool,
) -> Sheet:
    args = (sheet, strings, dates, epoch, max_rows, max_cols)
    if fast and zf.getinfo(part).file_size <= FAST_MAX_BYTES:
        data = zf.read(part)
        _guard(zf, part, data)
        if _plain_xml(data):
            sheet.hidden_rows = _hidden_rows(data)
            try:
                return _fill(_scan_cells(data), *args)
            except _NotPlain:
                sheet.dropped_cols = 0
    else:
        _guard(zf, part)
    # anything unusual (prefixes, CDATA, cells without r …): the lxml parser
    return _fill(_parse_cells(zf, part, sheet.hidden_rows), *args)


_ROW_TAG = re.compile(rb"<row\s([^>]*)>")
_ROW_ATTRS = re.compile(rb'\b(r|hidden)="([^"]*)"')


def _hidden_rows(data: bytes) -> set[int]:
    """0-based rows whose ``<row>`` says ``hidden="1"`` (plain XML; rows without ``r`` are not
    modelled here, the lxml path counts them)."""
    if b"hidden=" not in data:
        return set()
    out = set()
    for attrs in _ROW_TAG.findall(data):
        found = dict(_ROW_ATTRS.findall(attrs))
        if found.get(b"hidden") in (b"1", b"true") and found.get(b"r", b"").isdigit():
            out.add(int(found[b"r"]) - 1)
    return out


def _fill(
    cells, sheet: Sheet, strings: list[str], dates: dict[int, bool], epoch, max_rows: int, max_cols: int
) -> Sheet:
    """Rows of shown values/formulas and of stored results, from cell primitives."""
    rows: dict[int, tuple[list, list]] = {}  # row -> (shown values/formulas, stored results)
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, master ref)
    dropped_rows: set[int] = set()
    current = 0
    shown: list = []
    stored: list = []
    for row_no, col_no, ref, kind, style, v, f in cells:
        if row_no < 1 or col_no < 1:  # 'A0': Excel calls the file corrupt; Python would index from the end
            raise ValueError(f"referência de célula inválida ({ref})")
        if v is None and f is None:
            continue  # an empty (styled) cell holds nothing: a row of millions of <c/> costs nothing
        if row_no > max_rows:
            dropped_rows.add(row_no)
            continue
        if col_no > max_cols:
            sheet.dropped_cols += 1
            continue
        if row_no != current:  # cells come row by row: look the row up when it changes
            row = rows.get(row_no - 1)
            if row is None:
                row = rows[row_no - 1] = ([], [])
            shown, stored, current = row[0], row[1], row_no
        result = _value(kind, style, v, strings, dates, epoch)
        text = result if f is None else _formula(f, ref, row_no, col_no, shared)
        n = len(shown)
        if col_no > n:  # cells usually come in order: pad the gap
            if col_no - 1 > n:
                shown.extend([None] * (col_no - 1 - n))
                stored.extend([None] * (col_no - 1 - n))
            shown.append(text)
            stored.append(result)
        else:  # out of order: fill in place; a cell given twice is a damaged file, not the last word
            if shown[col_no - 1] is not None or stored[col_no - 1] is not None:
                raise ValueError(f"célula repetida ({ref or column_letter(col_no) + str(row_no)})")
            shown[col_no - 1], stored[col_no - 1] = text, result
    sheet.dropped_rows = len(dropped_rows)
    last = max(rows, default=-1)
    empty: tuple = ()
    sheet.rows = [empty] * (last + 1)
    sheet.cached = [empty] * (last + 1)
    for r, (shown, stored) in rows.items():
        sheet.rows[r], sheet.cached[r] = tuple(shown), tuple(stored)
    return sheet


# -- cells as primitives: (row, col, ref, type, style, value text, formula) ----------------
# ``formula`` is None or (text, t attribute, si attribute); both scanners below yield the same.


def _parse_cells(zf, part: str, hidden: set | None = None):
    """The general path: lxml ``iterparse``, any valid sheet XML (cells without ``r`` too);
    hidden rows (0-based) are added to ``hidden``."""
    row_no = col_no = done_row = 0
    row_tag, c_tag = f"{NS}row", f"{NS}c"
    with zf.open(part) as fh:
        for _, el in etree.iterparse(
            fh,
            events=("end",),
            tag=(row_tag, c_tag),
            resolve_entities=False,
            no_network=True,
            huge_tree=False,
            load_dtd=False,
        ):
            if el.tag == row_tag:
                done_row = int(el.get("r") or done_row + 1)
                if hidden is not None and el.get("hidden") in ("1", "true"):
                    hidden.add(done_row - 1)
                col_no = 0
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
                continue
            ref = el.get("r")
            if ref:
                row_no, col_no = _split_ref(ref)
            else:  # no reference: the next cell of its row (the row's r, or the one after the last)
                parent = el.getparent()
                row_no = int(parent.get("r")) if parent is not None and parent.get("r") else done_row + 1
                col_no += 1
                ref = None  # named only if needed (a shared formula): millions of empty <c/> stay cheap
            kind, style, v, f = el.get("t", "n"), el.get("s"), None, None
            for child in el:
                tag = child.tag
                if tag == _V:
                    v = child.text or ""
                elif tag == _F:
                    f = (child.text or "", child.get("t"), child.get("si"))
                elif tag == _IS:
                    v = "".join(t.text or "" for t in child.iter(f"{NS}t"))
            el.clear()
            while el.getprevious() is not None:  # cells read: a row of millions stays small
                del el.getparent()[0]
            yield row_no, col_no, ref, kind, style, v, f


# The fast path: one C-level regex pass over the sheet XML, after libxml2 has checked it is
# well formed (a parse with no Python callbacks). It handles what Excel, LibreOffice and
# xlsxwriter write; anything else makes ``_scan_cells`` raise _NotPlain and the lxml path runs.
FAST_MAX_BYTES = 64 * 2**20
# groups: column, row, s, t, other attributes, then the content: a value alone, a plain
# formula with its value, or anything else (left to _inner)
_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]{1,7})"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?([^>]*?)'
    rb"(?:/>|>(?:<v>([^<]+)</v>|<f>([^<]+)</f>(?:<v>([^<]*)</v>)?|(.*?))</c>)",
    re.S,
)
_ATTR = re.compile(rb'\s(t|s|si)="([^"]*)"')
_PART = re.compile(rb"<(f|v|is)(\s[^>]*?)?(?:/>|>(.*?)</\1>)", re.S)
_TEXT = re.compile(rb"<t(?:\s[^>]*?)?(?:/>|>(.*?)</t>)", re.S)
_UNUSUAL = (b"<![CDATA[", b"<!--", b"\r", b"<rPh", b"<c\t", b"<c\n")
_PREFIXED = re.compile(rb":(?:c|si|t|r|is)[\s/>]")  # e.g. <x:c …>: what the regexes would not see
_SI = re.compile(rb"<si>(?:<t>([^<]*)</t>|(.*?))</si>|<si/>", re.S)
_MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class _Null:
    """A parser target with no callbacks: libxml2 checks the XML without building a tree."""

    def close(self) -> None:
        return None


def _plain_xml(data: bytes) -> bool:
    """UTF-8, main namespace unprefixed, nothing the regexes do not model; well formed."""
    head = data[:4096]
    declared = re.search(rb'encoding=["\']([^"\']+)', head.split(b"?>", 1)[0]) if head.startswith(b"<?xml") else None
    if (
        (declared and declared.group(1).lower() not in (b"utf-8", b"utf8"))
        or _MAIN_NS not in head
        or any(mark in data for mark in _UNUSUAL)
        or data.find(b"<?", 1) >= 0
        or _PREFIXED.search(data)
    ):
        return False
    parser = etree.XMLParser(target=_Null(), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    etree.fromstring(data, parser)  # XMLSyntaxError on damage, as the lxml path would raise
    return True


def _text(raw: bytes) -> str:
    text = raw.decode()
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(m) -> str:
    named, dec, hex_ = m.groups()
    return _NAMED[named] if named else chr(int(dec) if dec else int(hex_, 16))


def _scan_strings(data: bytes) -> list[str] | None:
    """The shared strings of a plain sharedStrings.xml by regex (None: not of that kind)."""
    if b"<si " in data:
        return None  # attributes on <si>: not modelled
    out = [
        _text(plain) if plain else "".join(_text(t) for t in _TEXT.findall(rich)) if rich else ""
        for plain, rich in _SI.findall(data)
    ]
    return out if len(out) == data.count(b"<si>") + data.count(b"<si/>") else None


class _NotPlain(Exception):
    """The sheet XML holds something the regexes do not model: read it with lxml instead."""


def _scan_cells(data: bytes):
    """Every cell of a plain sheet XML (see :func:`_plain_xml`) by regex; raises _NotPlain,
    before the caller has finished with the cells, when one is not of the modelled form."""
    expected = data.count(b"<c ") + data.count(b"<c>")  # a bare <c/> holds nothing: skipped, as _fill does
    seen = 0
    columns: dict[bytes, int] = {}
    for m in _CELL.finditer(data):
        letters, digits, s, t, extra, v, f_text, f_v, inner = m.groups()
        seen += 1
        col = columns.get(letters)
        if col is None:
            col = columns[letters] = column_index(letters.decode())
        kind = t.decode() if t else "n"
        if extra:  # attributes in another order, or more of them
            if extra.count(b'"') % 2:
                raise _NotPlain  # a '>' inside an attribute value
            for name, val in _ATTR.findall(extra):
                if name == b"t":
                    kind = val.decode()
                elif name == b"s":
                    s = val
        f = None
        if v is not None:  # the common cases, matched whole by _CELL
            v = _text(v)
        elif f_text is not None:
            f, v = (_text(f_text), None, None), (None if f_v is None else _text(f_v))
        elif inner:
            v, f = _inner(inner)
        yield int(digits), col, None, kind, s, v, f
    if seen != expected:
        raise _NotPlain  # some cell the regex does not model (no r, r not first …)


def _inner(inner: bytes) -> tuple[str | None, tuple | None]:
    """``<v>``, ``<f>`` (shared, array …) and ``<is>`` of a cell, in any form."""
    v = f = None
    for tag, attrs, content in _PART.findall(inner):
        if tag == b"v":
            v = _text(content)
        elif tag == b"f":
            named = dict(_ATTR.findall(b" " + attrs if attrs else b""))
            f = (_text(content), _str(named.get(b"t")), _str(named.get(b"si")))
        else:
            v = "".join(_text(t) for t in _TEXT.findall(content))
    return v, f


def _str(raw: bytes | None) -> str | None:
    return None if raw is None else raw.decode()


_F, _V, _IS = f"{NS}f", f"{NS}v", f"{NS}is"


def _value(kind: str, style: str | bytes | None, v: str | None, strings, dates, epoch) -> Any:
    """A cell's value as openpyxl shows it, from its type, style and ``<v>`` text."""
    if kind == "inlineStr":
        return v
    if v is None or v == "":
        return "" if (v == "" and kind == "str") else None
    if kind == "s":
        index = int(v)
        if index < 0:  # Python would take it from the end: a damaged file, not a string
            raise ValueError(f"índice de texto compartilhado inválido ({v})")
        return strings[index]
    if kind == "b":
        return bool(int(v))
    if kind in ("str", "e"):
        return v
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601  # strict-OOXML dates only

        return from_ISO8601(v)
    value = _number(v)
    index = int(style or 0) if dates else 0
    if index in dates:
        try:
            return from_excel(value, epoch, timedelta=dates[index])
        except (OverflowError, ValueError):
            return "#VALUE!"
    return value


def _formula(f: tuple, ref: str | None, row_no: int, col_no: int, shared: dict) -> str:
    """``=`` text of a formula; a shared formula's followers translated from its master."""
    text, kind, si = f
    if kind == "shared":
        ref = ref or f"{column_letter(col_no)}{row_no}"
        if text:
            shared[si] = (text, ref)
        elif si in shared:
            master, origin = shared[si]
            from openpyxl.formula.translate import Translator  # shared formulas (Excel) only

            try:
                return Translator("=" + master, origin=origin).translate_formula(ref)
            except Exception:  # openpyxl's TokenizerError is no ValueError: an unreadable part, not a crash
                raise ValueError(f"fórmula compartilhada ilegível em {ref}") from None
    return "=" + text
