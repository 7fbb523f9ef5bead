"""Generate the corpus of bad inputs in tests/data/bad/ (SPEC §6, issue "Bad input").

Run: python tests/data/make_bad.py [OUT_DIR]
Needs tcxl and openpyxl; the .xls needs LibreOffice (soffice) and the encrypted workbook
needs msoffcrypto-tool (both in the test setup). Every file derives from the bundled
sample project; zip entries get a fixed timestamp so reruns give the same bytes (except
the encrypted file, whose salt is random).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

import openpyxl

import tcxl
from tcxl import libreoffice

ROOT = Path(__file__).resolve().parents[2]
FIXED = (2024, 1, 1, 0, 0, 0)
BOMB = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>
"""


def rezip(src: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          drop: set[str] | None = None) -> bytes:
    """Copy a zip, replacing/adding/dropping parts, with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if drop and item.filename in drop:
                continue
            data = (replace or {}).get(item.filename, zin.read(item.filename))
            if item.filename == "docProps/core.xml":  # openpyxl stamps the save time: fix it
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", data)
            zout.writestr(zipfile.ZipInfo(item.filename, FIXED), data, zipfile.ZIP_DEFLATED)
        for name, data in (add or {}).items():
            zout.writestr(zipfile.ZipInfo(name, FIXED), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def edited(sample: Path, change) -> bytes:
    book = openpyxl.load_workbook(sample)
    change(book)
    buf = io.BytesIO()
    book.save(buf)
    return rezip(buf.getvalue())


def cell_of(book, sheet: str, label: str, header: str, field: str) -> str:
    ws = book[sheet]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    top = next(c for r in ws.iter_rows() for c in r if c.value == header)
    col = next(c for c in range(top.column, top.column + 4) if ws.cell(top.row + 1, c).value == field)
    return f"{openpyxl.utils.get_column_letter(col)}{row}"


def zip_bomb(sample: bytes) -> bytes:
    """The sample plus a 210 MB part of zeros (about 200 KB compressed)."""
    out = io.BytesIO(rezip(sample))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        info = zipfile.ZipInfo("xl/media/enchimento.bin", FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            block = b"\0" * (1024 * 1024)
            for _ in range(210):
                fh.write(block)
    return out.getvalue()


def macro(sample: bytes) -> bytes:
    """An .xlsm renamed .xlsx: macro-enabled content type and a VBA project part."""
    with zipfile.ZipFile(io.BytesIO(sample)) as zf:
        types = zf.read("[Content_Types].xml").decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                          "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                      "</Types>")
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"Attribute VB_Name = \"Module1\"\r\nSub Auto_Open()\r\nEnd Sub\r\n"
    return rezip(sample, replace={"[Content_Types].xml": types.encode()}, add={"xl/vbaProject.bin": vba})


def long_text(sample: Path) -> bytes:
    """A 1 MB string in a cell (openpyxl cuts text at Excel's 32,767 characters, so the
    text is written into the sheet XML directly)."""
    marker = "TEXTO_LONGO_AQUI"
    data = edited(sample, lambda b: b["Identificação"].__setitem__("B3", marker))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert marker in xml
    return rezip(data, replace={"xl/worksheets/sheet1.xml": xml.replace(marker, "x" * 1_000_000).encode()})


def huge_range(sample: Path) -> bytes:
    """A sheet that claims (and has a cell at) row 1,048,576."""
    data = edited(sample, lambda b: b["Identificação"].cell(1048576, 1, "fim"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    start = xml.index("<dimension")
    xml = xml[:start] + '<dimension ref="A1:XFD1048576"/>' + xml[xml.index("/>", start) + 2:]
    return rezip(data, replace={"xl/worksheets/sheet1.xml": xml.encode()})


def encrypted(sample: Path) -> bytes:
    import msoffcrypto.format.ooxml as ooxml

    out = io.BytesIO()
    with sample.open("rb") as fh:
        ooxml.OOXMLFile(fh).encrypt("tcxl", out)
    return out.getvalue()


def old_xls(sample: Path) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return libreoffice.convert(sample, tmp, "xls").read_bytes()


# -- crafted parts (issue "one bad file never stops a batch"): the sample with one part edited --
SHEETS = {"info": "xl/worksheets/sheet1.xml", "dis": "xl/worksheets/sheet4.xml", "fin": "xl/worksheets/sheet5.xml"}


def part_edit(raw: bytes, part: str, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        text = zf.read(part).decode()
    return rezip(raw, replace={part: change(text).encode()})


def first_cell(xml: str, label_row: int) -> str:
    return re.search(rf'<c r="([A-Z]+{label_row})"', xml).group(1)


def salary_cell(sample: Path) -> tuple[str, int]:
    """(cell, value) of '1.2 Salários e Encargos', Ano I, Previsão in the sample."""
    book = openpyxl.load_workbook(sample)
    cell = cell_of(book, "Execução Financeira", "1.2 Salários e Encargos", "Ano I", "Previsão")
    return cell, book["Execução Financeira"][cell].value


def hidden_cell(raw: bytes, sample: Path, where: str) -> bytes:
    """The salary cell's real value changed (the totals above it now disagree), and a copy of
    the cell with the old value where no XML parser sees a spreadsheet cell (``where``: "pi",
    inside a processing instruction; "ns", a cell in a foreign namespace): a reader that took
    it would pass the file as clean."""
    cell, value = salary_cell(sample)

    def change(xml: str) -> str:
        m = re.search(rf'<c r="{cell}"([^>]*)><v>[^<]*</v></c>', xml)
        real = f'<c r="{cell}"{m.group(1)}><v>{value + 1000}</v></c>'
        fake = f'<?tcxl <c r="{cell}"{m.group(1)}><v>{value}</v></c>?>' if where == "pi" else \
            f'<x:c xmlns:x="urn:falso" r="{cell}"><x:v>{value}</x:v></x:c>'
        return xml[:m.start()] + real + fake + xml[m.end():]
    return part_edit(raw, SHEETS["fin"], change)


def many_empty_cells(raw: bytes) -> bytes:
    """A row of 8,000,000 empty <c/> (32 MB of XML, 32 KB zipped) at the end of a sheet."""
    return part_edit(raw, SHEETS["info"], lambda x: x.replace(
        "</sheetData>", '<row r="999">' + "<c/>" * 8_000_000 + "</row></sheetData>"))


def many_shared_strings(raw: bytes) -> bytes:
    """20,000,000 empty shared strings (100 MB of XML, 100 KB zipped)."""
    return part_edit(raw, "xl/sharedStrings.xml", lambda x: x.replace("</sst>", "<si/>" * 20_000_000 + "</sst>"))


def many_cell_formats(raw: bytes) -> bytes:
    """8,000,000 cell formats in styles.xml (Excel's own limit is about 64,000)."""
    return part_edit(raw, "xl/styles.xml", lambda x: x.replace("</cellXfs>", "<xf/>" * 8_000_000 + "</cellXfs>"))


def many_sheets(raw: bytes) -> bytes:
    """600 sheets in workbook.xml, all pointing at one 1 MB part (what is read, not the zip,
    would be 600 MB)."""
    def change(xml: str) -> str:
        rid = re.search(r'<sheet [^>]*r:id="([^"]+)"', xml).group(1)
        extra = "".join(f'<sheet name="Cópia {i}" sheetId="{100 + i}" r:id="{rid}"/>' for i in range(600))
        return xml.replace("</sheets>", extra + "</sheets>")
    data = part_edit(raw, "xl/workbook.xml", change)
    return part_edit(data, SHEETS["info"], lambda x: x.replace(
        "</sheetData>", '<row r="999"><c r="A999" t="inlineStr"><is><t>' + "x" * 1_000_000
        + "</t></is></c></row></sheetData>"))


def duplicate_entry(raw: bytes) -> bytes:
    """The financial sheet's part twice in the zip (the second one altered): which one counts?"""
    out = io.BytesIO(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as zin:
        text = zin.read(SHEETS["fin"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name: that is the point
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(zipfile.ZipInfo(SHEETS["fin"], FIXED), text.replace(b"<v>", b"<v>9"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def legacy_zip_password(raw: bytes) -> bytes:
    """Every entry flagged as encrypted with a legacy zip password."""
    data = bytearray(raw)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers
        for match in re.finditer(re.escape(signature), bytes(data)):
            data[match.start() + offset] |= 0x1
    return bytes(data)


def broken_shared_formula(raw: bytes) -> bytes:
    """A shared formula whose master holds an unterminated string (openpyxl's Translator fails)."""
    def change(xml: str) -> str:
        cells = re.findall(r'<c r="([A-Z]+\d+)"[^>]*><f>[^<]*</f>', xml)[:2]
        xml = re.sub(rf'(<c r="{cells[0]}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" ref="A1:Z99" si="0">"aberta</f>',
                     xml, count=1)
        return re.sub(rf'(<c r="{cells[1]}"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" si="0"/>', xml, count=1)
    return part_edit(raw, SHEETS["fin"], change)


def dtd_after_padding(raw: bytes) -> bytes:
    """An entity-declaring DTD after 8 KB of comments in the prolog (past a 4 KB look)."""
    def change(xml: str) -> str:
        head, body = xml.split("?>", 1)
        return head + "?>" + "<!-- " + "x" * 8192 + " -->" + \
            '<!DOCTYPE worksheet [<!ENTITY e "entidade">]>' + body
    return part_edit(raw, SHEETS["fin"], change)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sample = tcxl.build_workbook(tcxl.Project.from_file(ROOT / "samples/projeto_exemplo.yaml"),
                                     Path(tmp) / "amostra.xlsx")
        raw = sample.read_bytes()
        files = {
            "vazio.xlsx": b"",
            "antiga.xls": old_xls(sample),
            "csv_renomeado.xlsx": "Conta;Ano I\n1.2 Salários e Encargos;1.234,56\n".encode(),
            "html_renomeado.xlsx": b"<html><body><table><tr><td>1.234,56</td></tr></table></body></html>\n",
            "zip_truncado.xlsx": raw[: len(raw) // 2],
            "zip_sem_workbook.xlsx": rezip(raw, drop={"xl/workbook.xml"}),
            "protegida_por_senha.xlsx": encrypted(sample),
            "bomba_xml.xlsx": rezip(raw, replace={"xl/worksheets/sheet1.xml": BOMB}),
            "bomba_zip.xlsx": zip_bomb(raw),
            "texto_1mb.xlsx": long_text(sample),
            "vinculo_externo.xlsx": edited(sample, lambda b: b["Execução Financeira"].__setitem__(
                cell_of(b, "Execução Financeira", "1.2 Salários e Encargos", "Ano I", "Previsão"),
                "='C:\\orcamentos\\[custos_2025.xlsx]Plan1'!B7")),
            "data_no_dinheiro.xlsx": edited(sample, lambda b: b["Cronograma de Desembolso"].__setitem__(
                cell_of(b, "Cronograma de Desembolso", "A1.1", "Ano I (R$)", "Executado"), dt.datetime(2025, 3, 1))),
            "intervalo_gigante.xlsx": huge_range(sample),
            "macro.xlsx": macro(raw),
            # one file per class of the issue "one bad file never stops a batch"
            "numero_enorme.xlsx": edited(sample, lambda b: b["Cronograma de Desembolso"].__setitem__(
                cell_of(b, "Cronograma de Desembolso", "A1.1", "Ano I (R$)", "Previsto"), 1e30)),
            "ano_9999.xlsx": edited(sample, lambda b: b["Identificação"].__setitem__(
                "B" + str(next(c.row for r in b["Identificação"].iter_rows() for c in r
                               if c.value == "2.3. Período de execução")), dt.datetime(9999, 1, 1))),
            "formula_compartilhada_ilegivel.xlsx": broken_shared_formula(raw),
            "zip_senha_legada.xlsx": legacy_zip_password(raw),
            "celulas_vazias_8m.xlsx": many_empty_cells(raw),
            "textos_vazios_20m.xlsx": many_shared_strings(raw),
            "formatos_8m.xlsx": many_cell_formats(raw),
            "abas_600.xlsx": many_sheets(raw),
            "soma_40_intervalos.xlsx": edited(sample, lambda b: (
                b["Execução Financeira"].__setitem__("CV1000", 1),
                b["Execução Financeira"].__setitem__(
                    cell_of(b, "Execução Financeira", "1.3 Serviços de Terceiros", "Ano I", "Previsão"),
                    "=SUM(" + ",".join(["A1:CV1000"] * 40) + ")"))),
            "codigo_longo.xlsx": edited(sample, lambda b: b["Cronograma de Desembolso"].__setitem__(
                "A" + str(next(c.row for r in b["Cronograma de Desembolso"].iter_rows() for c in r
                               if c.value == "A1.1")), "A" + " " * 30_000 + "x")),
            "celula_em_instrucao.xlsx": hidden_cell(raw, sample, "pi"),
            "celula_em_namespace.xlsx": hidden_cell(raw, sample, "ns"),
            "dtd_apos_enchimento.xlsx": dtd_after_padding(raw),
            "referencia_linha_zero.xlsx": part_edit(raw, SHEETS["dis"], lambda x: re.sub(
                r'<c r="B(\d+)"', '<c r="B0"', x, count=1)),
            "texto_indice_negativo.xlsx": part_edit(raw, SHEETS["dis"], lambda x: re.sub(
                r'(<c r="A\d+"[^>]*t="s"[^>]*>)<v>\d+</v>', r"\1<v>-1</v>", x, count=1)),
            "linha_duplicada.xlsx": part_edit(raw, SHEETS["fin"], lambda x: (lambda m: x[:m.end()] + m.group(0)
                                                                            + x[m.end():])(
                re.search(r'<row r="10".*?</row>', x, re.S))),
            "entrada_zip_duplicada.xlsx": duplicate_entry(raw),
            "formula_sem_parentese.xlsx": edited(sample, lambda b: b["Execução Financeira"].__setitem__(
                cell_of(b, "Execução Financeira", "1.3 Serviços de Terceiros", "Ano I", "Previsão"),
                "=SUM(B7:B8")),
        }
        for name, data in files.items():
            (out / name).write_bytes(data)
    print(f"{len(files)} arquivos em {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "bad")
