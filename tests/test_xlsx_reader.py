"""The single-pass reader agrees with openpyxl cell by cell (formula text and stored value)."""
from __future__ import annotations

import io
import re
import zipfile
from itertools import zip_longest
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from tcxl import xlsx
from tcxl.xlsx import read_sheets

PATHS = pytest.mark.parametrize("fast", [True, False], ids=["regex fast path", "lxml path"])


def fast_path_reads(data: bytes) -> bool:
    """Whether the regex fast path reads this sheet XML (else the lxml path does)."""
    if not xlsx._plain_xml(data):
        return False
    try:
        return len(list(xlsx._scan_cells(data))) > 0
    except xlsx._NotPlain:
        return False


def openpyxl_view(path: Path, data_only: bool) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    out = {}
    for ws in book.worksheets:
        ws.reset_dimensions()
        # an array formula comes back as an object holding its text (tcxl reads the text)
        out[ws.title] = [tuple(v.text if isinstance(v, ArrayFormula) else v for v in r)
                         for r in ws.iter_rows(values_only=True)]
    book.close()
    return out


def disagreements(path: Path, fast: bool = True) -> list[str]:
    formulas, values = openpyxl_view(path, False), openpyxl_view(path, True)
    out = []
    for sheet in read_sheets(path, fast=fast):
        for mine, theirs, kind in ((sheet.rows, formulas[sheet.name], "formula"),
                                   (sheet.cached, values[sheet.name], "value")):
            for r, (a, b) in enumerate(zip_longest(mine, theirs, fillvalue=())):
                for c, (x, y) in enumerate(zip_longest(a, b)):
                    if x != y and not (x in (None, "") and y in (None, "")):
                        out.append(f"{sheet.name}!{openpyxl.utils.get_column_letter(c + 1)}{r + 1} {kind}: "
                                   f"{x!r} != {y!r}")
    return out


@PATHS
def test_agrees_with_openpyxl_on_a_libreoffice_resaved_workbook(sample_recalculated, fast):
    assert disagreements(sample_recalculated, fast) == []
    assert sum(len(s.rows) for s in read_sheets(sample_recalculated, fast=fast)) > 100
    with zipfile.ZipFile(sample_recalculated) as zf:  # LibreOffice's XML takes the fast path
        assert all(fast_path_reads(zf.read(n)) for n in zf.namelist() if "worksheets/sheet" in n)


@PATHS
def test_agrees_on_a_filled_workbook_without_stored_results(tmp_path, sample_xlsx, fast):
    book = openpyxl.load_workbook(sample_xlsx)
    book["Cronograma de Desembolso"]["D10"] = 1234.5
    book.save(tmp_path / "f.xlsx")
    assert disagreements(tmp_path / "f.xlsx", fast) == []


# cells in the forms other writers use: attributes in another order or added, inline rich
# text, entities and character references, empty and spaced <v>, errors, booleans
ODD_CELLS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Pa</t></r><r><t xml:space="preserve">lavra &amp; &#233;'
    '</t></r></is></c><c r="B1" t="s" s="0"><v>0</v></c><c r="C1" cm="1"><v>2.5</v></c>'
    '<c r="D1" t="str"><f>"a"&amp;"b"</f><v></v></c><c r="E1"><f>IF(1&lt;2,1,0)</f><v>1</v></c>'
    '<c r="F1" t="str"><f>""</f><v/></c><c r="G1" t="b"><v>1</v></c><c r="H1" t="e"><v>#DIV/0!</v></c>'
    '<c r="I1"/><c r="J1" s="0"><v xml:space="preserve">7</v></c><c r="K1" t="str"><f>A1&amp;"&gt;"</f>'
    '<v>Palavra &amp; \u00e9&gt;</v></c></row><row r="3"><c r="C3"><v>1E-3</v></c>'
    '<c r="D3" t="inlineStr"><is><t>x&#x41;</t></is></c></row>'
)


def _with_sheet1(src: Path, dest: Path, cells: str) -> Path:
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
             '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + cells +
             "</sheetData></worksheet>")
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else data)
    return dest


@PATHS
def test_agrees_on_the_cell_forms_of_other_writers(tmp_path, sample_xlsx, fast):
    path = _with_sheet1(sample_xlsx, tmp_path / "odd.xlsx", ODD_CELLS)
    with zipfile.ZipFile(path) as zf:
        assert fast_path_reads(zf.read("xl/worksheets/sheet1.xml"))
    assert disagreements(path, fast) == []
    first = read_sheets(path, fast=fast)[0]
    assert first.rows[0][0] == "Palavra & é" and first.rows[2][3] == "xA"
    assert first.rows[0][3] == '="a"&"b"' and first.cached[0][3] == ""
    assert first.rows[0][4] == "=IF(1<2,1,0)" and first.cached[0][4] == 1


@pytest.mark.parametrize("oddity", ['<c r="L1"><v><![CDATA[5]]></v></c>', "<!-- <c r=\"L1\"><v>9</v></c> -->",
                                    '<c s="0" r="L1"><v>5</v></c>', '<c r = "L1"><v>5</v></c>',
                                    '<c\n r="L1"><v>5</v></c>', '<c r="L1" x="a>b"><v>5</v></c>'])
def test_xml_the_fast_path_does_not_model_goes_to_lxml(tmp_path, sample_xlsx, oddity):
    cells = ODD_CELLS.replace("</row>", oddity + "</row>", 1)
    path = _with_sheet1(sample_xlsx, tmp_path / "odd.xlsx", cells)
    with zipfile.ZipFile(path) as zf:
        assert not fast_path_reads(zf.read("xl/worksheets/sheet1.xml"))
    assert disagreements(path) == []
    assert read_sheets(path)[0].rows == read_sheets(path, fast=False)[0].rows


def _to_shared(xml: str) -> tuple[str, int]:
    """Rewrite each column run of same-shape % formulas as Excel stores them: shared."""
    pattern = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*)><f[^>]*>IF\(([A-Z]+)\2=0,(?:&quot;&quot;|""),'
                         r'([A-Z]+)\2/\4\2\)</f>')
    cells = list(pattern.finditer(xml))
    masters: dict[str, tuple[int, str]] = {}
    pieces, last, count = [], 0, 0
    for m in cells:
        col, row, attrs, den, num = m.group(1), int(m.group(2)), m.group(3), m.group(4), m.group(5)
        pieces.append(xml[last:m.start()])
        if col not in masters:
            si = str(len(masters))
            masters[col] = (row, si)
            pieces.append(f'<c r="{col}{row}"{attrs}><f t="shared" ref="{col}{row}:{col}{row + 60}" si="{si}">'
                          f'IF({den}{row}=0,&quot;&quot;,{num}{row}/{den}{row})</f>')
        else:
            pieces.append(f'<c r="{col}{row}"{attrs}><f t="shared" si="{masters[col][1]}"/>')
            count += 1
        last = m.end()
    pieces.append(xml[last:])
    return "".join(pieces), count


@PATHS
def test_shared_formulas_are_expanded_like_openpyxl(tmp_path, sample_recalculated, fast):
    src = Path(sample_recalculated).read_bytes()
    out = io.BytesIO()
    shared = 0
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text, n = _to_shared(data.decode())
                data, shared = text.encode(), shared + n
            zout.writestr(item, data)
    path = tmp_path / "shared.xlsx"
    path.write_bytes(out.getvalue())
    assert shared > 100  # the rewrite really produced shared formulas
    assert disagreements(path, fast) == []
    with zipfile.ZipFile(path) as zf:  # shared formulas are within the fast path's forms
        assert all(fast_path_reads(zf.read(n)) for n in zf.namelist() if "worksheets/sheet" in n)
    fin = next(s for s in read_sheets(path, fast=fast) if s.name == "Execução Financeira")
    assert fin.rows[7][3] == '=IF(B8=0,"",C8/B8)'


def test_rows_and_cells_without_references(tmp_path, sample_xlsx):
    """Some writers omit r= on rows and cells: positions then follow the order, as in openpyxl."""
    out = io.BytesIO()
    with zipfile.ZipFile(sample_xlsx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb' r="[A-Z]*\d+"', b"", data)
            zout.writestr(item, data)
    path = tmp_path / "sem_r.xlsx"
    path.write_bytes(out.getvalue())
    assert disagreements(path) == []


SST = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>plain &amp; simples</t></si><si><r><rPr><b/>'
       '</rPr><t>ri</t></r><r><t xml:space="preserve">co &#233; </t></r></si><si/><si><t/></si>{extra}</sst>')


@pytest.mark.parametrize("extra, fast_path", [("", True), ('<si><t>x</t><rPh sb="0" eb="1"><t>fu</t></rPh></si>', False)])
def test_shared_strings_both_paths_agree(tmp_path, extra, fast_path):
    path = tmp_path / "sst.zip"
    data = SST.format(extra=extra).encode()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", data)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        fast, slow = xlsx._shared_strings(zf, names, True), xlsx._shared_strings(zf, names, False)
    assert fast == slow == ["plain & simples", "rico é ", "", ""] + (["x"] if extra else [])
    assert (xlsx._plain_xml(data) and xlsx._scan_strings(data) is not None) is fast_path


# -- random cell forms: both reader paths (and openpyxl) agree ----------------------------
TEXTS = ("plain", "a &amp; b", "&lt;tag&gt;", "&quot;q&quot; &apos;", "caf&#233; &#x41;", "ç ã é", " spaced ", "")


def _random_cell(rnd, ref: str, styles: int, strings: int, shared: dict) -> str:
    """One <c> in one of the forms spreadsheet programs write (r always first)."""
    attrs = f' s="{rnd.randrange(styles)}"' if rnd.random() < 0.5 else ""
    kind = rnd.choice(["n", "n", "s", "str", "b", "e", "inline", "rich", "formula", "empty", "shared", "array"])
    text = rnd.choice(TEXTS)
    extra = rnd.choice(["", "", ' cm="1"', ' vm="1"'])
    if kind == "n":
        v = rnd.choice([str(rnd.randint(-10**6, 10**6)), f"{rnd.uniform(-1e4, 1e4):.6f}", "1E-3", "2.5E+10"])
        return f'<c r="{ref}"{attrs}{extra}><v>{v}</v></c>'
    if kind == "s":
        return f'<c r="{ref}"{attrs} t="s"><v>{rnd.randrange(strings)}</v></c>'
    if kind == "str":
        return f'<c r="{ref}"{attrs} t="str"><f>"{text}"&amp;"x"</f><v>{text}x</v></c>'
    if kind == "b":
        return f'<c r="{ref}" t="b"{attrs}><v>{rnd.randint(0, 1)}</v></c>'  # t before s: other order
    if kind == "e":
        return f'<c r="{ref}"{attrs} t="e"><f>1/0</f><v>#DIV/0!</v></c>'
    if kind == "inline":
        return f'<c r="{ref}"{attrs} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind == "rich":
        return f'<c r="{ref}" t="inlineStr"><is><r><rPr><b/></rPr><t>{text}</t></r><r><t>!</t></r></is></c>'
    if kind == "formula":
        v = rnd.choice(["", "<v>3</v>", "<v></v>", '<v xml:space="preserve">4</v>'])
        return f'<c r="{ref}"{attrs}><f>SUM(A1:A2)+IF(1&lt;2,1,0)</f>{v}</c>'
    if kind == "shared":
        col = re.match(r"[A-Z]+", ref).group(0)
        if col not in shared:
            shared[col] = str(len(shared))
            return f'<c r="{ref}"{attrs}><f t="shared" ref="{ref}:{col}99" si="{shared[col]}">A1*2</f><v>2</v></c>'
        return f'<c r="{ref}"{attrs}><f t="shared" si="{shared[col]}"/><v>4</v></c>'
    if kind == "array":
        return f'<c r="{ref}"{attrs}><f t="array" ref="{ref}">SUM(A1:A2*2)</f><v>6</v></c>'
    return rnd.choice([f'<c r="{ref}"{attrs}/>', f'<c r="{ref}"{attrs}></c>'])


def _random_sheet(seed: int, styles: int, strings: int) -> str:
    import random

    rnd = random.Random(seed)
    shared: dict[str, str] = {}
    rows = []
    for row in sorted(rnd.sample(range(1, 40), rnd.randint(1, 12))):
        cols = sorted(rnd.sample(range(1, 60), rnd.randint(1, 10)))
        cells = "".join(_random_cell(rnd, f"{openpyxl.utils.get_column_letter(c)}{row}", styles, strings, shared)
                        for c in cols)
        rows.append(f'<row r="{row}">{cells}</row>' if rnd.random() < 0.8 else
                    f'<row r="{row}" spans="1:60" ht="15" customHeight="1">{cells}</row>')
    return "".join(rows)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date")  # openpyxl, as tcxl: #VALUE!
def test_random_cell_forms_read_alike_on_both_paths_and_in_openpyxl(tmp_path, sample_xlsx):
    with zipfile.ZipFile(sample_xlsx) as zf:
        styles = int(re.search(rb'<cellXfs count="(\d+)"', zf.read("xl/styles.xml")).group(1))
        strings = int(re.search(rb'uniqueCount="(\d+)"', zf.read("xl/sharedStrings.xml")).group(1))
    for seed in range(60):
        path = _with_sheet1(sample_xlsx, tmp_path / f"r{seed}.xlsx", _random_sheet(seed, styles, strings))
        with zipfile.ZipFile(path) as zf:
            assert fast_path_reads(zf.read("xl/worksheets/sheet1.xml")), seed
        fast, slow = read_sheets(path)[0], read_sheets(path, fast=False)[0]
        assert (fast.rows, fast.cached) == (slow.rows, slow.cached), seed
        if seed % 6 == 0:  # openpyxl is slower: every sixth sheet
            assert disagreements(path) == [], seed


@pytest.mark.parametrize("padding", [b"", b" " * 5000, b"<!-- <x " + b"a" * 5000 + b" -->"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
@PATHS
def test_a_part_declaring_a_dtd_is_refused_on_both_paths(tmp_path, sample_xlsx, part, fast, padding):
    """Also after 5 KB of padding or a comment holding an element-like '<x' (the guard
    looked at the first 4 KB only)."""
    bomb = (b'<?xml version="1.0"?>\n' + padding +
            b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>')
    path = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(sample_xlsx) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, bomb if item.filename == part else zin.read(item.filename))
    with pytest.raises(xlsx.DangerousXml):
        read_sheets(path, fast=fast)


# -- the fast path reads what an XML parser sees -----------------------------------------------
_INSERTS = {
    "pi": '<?x <c r="{ref}"><v>1</v></c>?>',
    "comment": '<!-- <c r="{ref}"><v>1</v></c> -->',
    "foreign": '<x:c xmlns:x="urn:outro" r="{ref}"><x:v>1</x:v></x:c>',
    "cdata": '<c r="{far}" t="inlineStr"><is><t><![CDATA[<c r="{ref}"><v>1</v></c>]]></t></is></c>',
    "duplicate": '<c r="{ref}"><v>1</v></c>',
}


def _sheet_with(sample_xlsx: Path, path: Path, edits: list[tuple[str, int]]) -> None:
    """The sample's statement sheet with markup inserted into some rows, each naming a cell
    that already holds a value in that row (what a fake cell would try to override)."""
    with zipfile.ZipFile(sample_xlsx) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet5.xml":
                text = data.decode()
                for i, (kind, row) in enumerate(edits):
                    match = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', text, re.S)
                    refs = re.findall(r'<c r="([A-Z]+\d+)"', match.group(1))
                    if not refs:
                        continue
                    insert = _INSERTS[kind].format(ref=refs[0], far=f"Z{'ABCDEFGH'[i]}{row}")
                    text = text[:match.end(1)] + insert + text[match.end(1):]
                data = text.encode()
            zout.writestr(item, data)


from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(st.sampled_from(sorted(_INSERTS)), st.integers(5, 40)), min_size=1, max_size=4))
def test_fast_path_sees_what_lxml_sees(sample_xlsx, tmp_path_factory, edits):
    """Processing instructions, comments, foreign namespaces and CDATA holding a fake cell,
    and cells given twice: the regex path and the lxml path read the same, or both refuse."""
    path = tmp_path_factory.mktemp("x") / "editada.xlsx"
    _sheet_with(sample_xlsx, path, edits)
    outcomes = []
    for fast in (True, False):
        try:
            outcomes.append([(s.name, s.rows, s.cached) for s in read_sheets(path, fast=fast)])
        except ValueError as exc:
            outcomes.append(type(exc))
    assert outcomes[0] == outcomes[1], edits
    if any(kind == "duplicate" for kind, _ in edits) and isinstance(outcomes[0], type):
        return  # a cell given twice: refused on both paths
    if not any(kind == "duplicate" for kind, _ in edits):
        assert not isinstance(outcomes[0], type), edits  # the others are well formed: read, fake cells unseen
