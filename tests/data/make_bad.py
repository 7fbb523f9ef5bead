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
        }
        for name, data in files.items():
            (out / name).write_bytes(data)
    print(f"{len(files)} arquivos em {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "bad")
