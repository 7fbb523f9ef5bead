"""A single streaming pass over an xlsx: every cell's formula *and* stored result.

openpyxl gives formulas or stored results, never both, so a checker built on it parses
every sheet twice; this reads each sheet XML once with lxml ``iterparse`` (entities never
resolved, no network, DTDs refused) and yields, per sheet, the rows as openpyxl's
``read_only`` mode would show them (formulas as ``=`` text) and the stored results.
Shared formulas are expanded with openpyxl's ``Translator``; numbers in date formats
become datetimes as in openpyxl. Cells are kept sparse and bounded: rows past
``max_rows`` and columns past ``max_cols`` are left out and reported.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree
from .cells import (DATE_BUILTINS, MAC_EPOCH, TIMEDELTA_BUILTINS, WINDOWS_EPOCH, column_index, column_letter,
                    from_excel, is_date_format, is_timedelta_format)

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_ROWS = 100_000
MAX_COLS = 1_000


class DangerousXml(ValueError):
    """An XML part declares a DTD or entities (e.g. an entity-expansion bomb)."""


@dataclass
class Sheet:
    name: str
    state: str
    rows: list[tuple] = field(default_factory=list)      # formulas as '=…', values otherwise
    cached: list[tuple] = field(default_factory=list)    # stored results (values for non-formulas)
    dropped_rows: int = 0       # rows past the limit that held cells
    dropped_cols: int = 0       # cells past the column limit


def _parser_events(source: IO[bytes], tag: str):
    return etree.iterparse(source, events=("end",), tag=tag, resolve_entities=False, no_network=True,
                           huge_tree=False, load_dtd=False, remove_comments=True)


def _guard(zf: zipfile.ZipFile, name: str) -> None:
    with zf.open(name) as fh:
        head = fh.read(4096)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise DangerousXml(name)


def _xml(zf: zipfile.ZipFile, name: str):
    _guard(zf, name)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    with zf.open(name) as fh:
        return etree.parse(fh, parser).getroot()


def _shared_strings(zf: zipfile.ZipFile, names: set[str]) -> list[str]:
    if "xl/sharedStrings.xml" not in names:
        return []
    _guard(zf, "xl/sharedStrings.xml")
    out = []
    with zf.open("xl/sharedStrings.xml") as fh:
        for _, si in _parser_events(fh, f"{NS}si"):
            out.append("".join(t.text or "" for t in si.iter(f"{NS}t") if not _in_phonetic(t, si)))
            si.clear()
    return out


def _in_phonetic(t, si) -> bool:
    parent = t.getparent()
    return parent is not None and parent.tag == f"{NS}rPh"


def _date_styles(zf: zipfile.ZipFile, names: set[str]) -> dict[int, bool]:
    """Cell styles whose number format is a date: style index -> is a duration ([h]:mm)."""
    if "xl/styles.xml" not in names:
        return {}
    root = _xml(zf, "xl/styles.xml")
    custom = {int(f.get("numFmtId")): f.get("formatCode", "") for f in root.iter(f"{NS}numFmt")}
    xfs = root.find(f"{NS}cellXfs")
    out = {}
    for i, xf in enumerate(xfs if xfs is not None else []):
        fmt_id = int(xf.get("numFmtId", 0))
        if fmt_id in custom:
            if is_date_format(custom[fmt_id]):
                out[i] = is_timedelta_format(custom[fmt_id])
        elif fmt_id in DATE_BUILTINS:
            out[i] = fmt_id in TIMEDELTA_BUILTINS
    return out


def _sheet_parts(zf: zipfile.ZipFile) -> tuple[list[tuple[str, str, str]], bool]:
    """[(name, state, part)] in workbook order, and whether the 1904 date system is used."""
    wb = _xml(zf, "xl/workbook.xml")
    rels = _xml(zf, "xl/_rels/workbook.xml.rels")
    targets = {}
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Type", "").endswith("/worksheet"):
            target = rel.get("Target", "")
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join("xl", target))
    pr = wb.find(f"{NS}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    sheets = []
    for s in wb.iter(f"{NS}sheet"):
        rid = s.get(f"{REL}id")
        if rid in targets:
            sheets.append((s.get("name", ""), s.get("state", "visible"), targets[rid]))
    return sheets, date1904


def _number(text: str):
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


def read_sheets(path, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS) -> list[Sheet]:
    """Every worksheet of ``path``; raises zipfile/KeyError/XMLSyntaxError/DangerousXml on damage."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets, date1904 = _sheet_parts(zf)
        strings = _shared_strings(zf, names)
        dates = _date_styles(zf, names)
        epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        return [_read_sheet(zf, part, Sheet(name, state), strings, dates, epoch, max_rows, max_cols)
                for name, state, part in sheets if part in names]


def _split_ref(ref: str) -> tuple[int, int]:
    """'AB12' -> (12, 28), with the column letters cached (a hot path)."""
    i = 0
    while ref[i].isalpha():
        i += 1
    return int(ref[i:]), column_index(ref[:i])


def _read_sheet(zf, part: str, sheet: Sheet, strings: list[str], dates: dict[int, bool], epoch,
                max_rows: int, max_cols: int) -> Sheet:
    _guard(zf, part)
    rows: dict[int, tuple[list, list]] = {}  # row -> (shown values/formulas, stored results)
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, master ref)
    row_no = col_no = done_row = 0
    dropped_rows: set[int] = set()
    row_tag, c_tag = f"{NS}row", f"{NS}c"
    with zf.open(part) as fh:
        for _, el in etree.iterparse(fh, events=("end",), tag=(row_tag, c_tag), resolve_entities=False,
                                     no_network=True, huge_tree=False, load_dtd=False):
            if el.tag == row_tag:
                done_row = int(el.get("r") or done_row + 1)
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
                ref = f"{column_letter(col_no)}{row_no}"
            if row_no > max_rows:
                dropped_rows.add(row_no)
            elif col_no > max_cols:
                sheet.dropped_cols += 1
            else:
                row = rows.get(row_no - 1)
                if row is None:
                    row = rows[row_no - 1] = ([], [])
                shown, stored = row
                value, result = _cell(el, ref, strings, dates, epoch, shared)
                if col_no > len(shown):  # cells usually come in order: pad the gap
                    gap = col_no - 1 - len(shown)
                    shown.extend([None] * gap)
                    stored.extend([None] * gap)
                    shown.append(value)
                    stored.append(result)
                else:  # out of order (or repeated): overwrite in place
                    shown[col_no - 1], stored[col_no - 1] = value, result
            el.clear()
    sheet.dropped_rows = len(dropped_rows)
    last = max(rows, default=-1)
    empty: tuple = ()
    sheet.rows = [empty] * (last + 1)
    sheet.cached = [empty] * (last + 1)
    for r, (shown, stored) in rows.items():
        sheet.rows[r], sheet.cached[r] = tuple(shown), tuple(stored)
    return sheet


_F, _V, _IS = f"{NS}f", f"{NS}v", f"{NS}is"


def _cell(el, ref: str, strings, dates, epoch, shared) -> tuple[Any, Any]:
    kind = el.get("t", "n")
    f = v = is_ = None
    for child in el:
        tag = child.tag
        if tag == _V:
            v = child.text or ""
        elif tag == _F:
            f = child
        elif tag == _IS:
            is_ = child
    if kind == "inlineStr":
        value = "".join(t.text or "" for t in is_.iter(f"{NS}t")) if is_ is not None else None
    elif v is None or v == "":
        value = "" if (v == "" and kind == "str") else None
    elif kind == "s":
        value = strings[int(v)]
    elif kind == "b":
        value = bool(int(v))
    elif kind in ("str", "e"):
        value = v
    elif kind == "d":
        from openpyxl.utils.datetime import from_ISO8601  # strict-OOXML dates only

        value = from_ISO8601(v)
    else:
        value = _number(v)
        style = int(el.get("s", 0) or 0) if dates else 0
        if style in dates:
            try:
                value = from_excel(value, epoch, timedelta=dates[style])
            except (OverflowError, ValueError):
                value = "#VALUE!"
    if f is None:
        return value, value
    text = f.text or ""
    if f.get("t") == "shared":
        si = f.get("si")
        if text:
            shared[si] = (text, ref)
        elif si in shared:
            master, origin = shared[si]
            from openpyxl.formula.translate import Translator  # shared formulas (Excel) only

            return Translator("=" + master, origin=origin).translate_formula(ref), value
    return "=" + text, value
