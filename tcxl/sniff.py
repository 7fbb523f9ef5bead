"""Recognise what a file really is before opening it (SPEC §6), and how large it may be.

An ``.xlsx`` is a zip holding ``xl/workbook.xml``. Old ``.xls`` files and encrypted
(password-protected) workbooks are OLE2 compound files; CSV and HTML renamed to ``.xlsx``
are text. Each case gets its own TCX0xx code and a one-line pt-BR reason.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

from .errors import TcxlError, reason

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


class UnreadableFile(TcxlError):
    """A file tcxl cannot read as a workbook; ``code`` is its TCX0xx finding code."""

    def __init__(self, path: str | Path, code: str, reason: str):
        self.path, self.code, self.reason = str(path), code, reason
        super().__init__(f"{path}: {reason}")


DEFAULT_MAX_SIZE = 200 * 1024 * 1024


def parse_size(text: str | int) -> int:
    """'200MB', '1.5 GB', '500k' or a number of bytes -> bytes."""
    if isinstance(text, int):
        return text
    match = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*([kmgt]?)i?b?\s*", str(text).lower())
    if not match:
        raise TcxlError(f"tamanho inválido {text!r} (ex.: 200MB, 1GB)")
    number = float(match.group(1).replace(",", "."))
    return int(number * 1024 ** " kmgt".index(match.group(2) or " "))


def sniff(path: str | Path, max_size: int | None = None) -> list:
    """Raise UnreadableFile unless ``path`` looks like a readable xlsx zip; return findings
    for what is read but worth saying (macros, links to other workbooks)."""
    from .findings import finding

    path = Path(path)
    if not path.exists():
        raise UnreadableFile(path, "TCX001", "arquivo não encontrado")
    if path.is_dir():
        try:
            os.scandir(path).close()
        except OSError as exc:  # met while walking a folder: its workbooks were not checked
            raise UnreadableFile(
                path, "TCX001", f"pasta ilegível ({reason(exc)}); as planilhas dela não foram conferidas"
            ) from None
        raise UnreadableFile(path, "TCX001", "é uma pasta, não uma planilha")
    if not path.is_file():  # a FIFO or a device would block or never end: refused before opening
        raise UnreadableFile(path, "TCX001", "não é um arquivo comum (FIFO, dispositivo ou soquete)")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head == OLE2:
                body = head + fh.read(4 * 1024 * 1024)
                if ENCRYPTION_STREAM in body:
                    raise UnreadableFile(
                        path,
                        "TCX004",
                        "planilha protegida por senha (criptografada); "
                        "salve uma cópia sem senha de abertura e envie de novo",
                    )
                raise UnreadableFile(
                    path,
                    "TCX002",
                    "formato .xls antigo (Excel 97-2003); abra no Excel ou LibreOffice e salve como .xlsx",
                )
    except OSError as exc:
        raise UnreadableFile(path, "TCX001", f"não foi possível abrir o arquivo ({reason(exc)})") from None
    if not head:
        raise UnreadableFile(path, "TCX001", "arquivo vazio")
    if not head.startswith(b"PK"):
        kind = "HTML" if head.lstrip().lower().startswith((b"<", b"\xef\xbb\xbf<")) else "texto (CSV?)"
        raise UnreadableFile(
            path, "TCX003", f"não é uma planilha .xlsx (o conteúdo é {kind}); salve a planilha no formato .xlsx"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            expanded = sum(i.file_size for i in infos)
            encrypted = any(i.flag_bits & 0x1 for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile(
            path, "TCX001", "arquivo .xlsx corrompido ou incompleto (zip inválido); baixe ou salve o arquivo de novo"
        ) from None
    if encrypted:
        raise UnreadableFile(
            path,
            "TCX004",
            "partes do arquivo .zip protegidas por senha (criptografia zip); "
            "salve a planilha de novo no Excel ou LibreOffice, sem senha",
        )
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(
            path, "TCX001", "arquivo zip sem a pasta de trabalho (xl/workbook.xml); não é uma planilha .xlsx"
        )
    limit = DEFAULT_MAX_SIZE if max_size is None else max_size
    if expanded > limit:
        raise UnreadableFile(
            path,
            "TCX006",
            f"o arquivo se expande para {expanded / 2**20:,.0f} MB, acima do limite "
            f"de {limit / 2**20:,.0f} MB (ajuste com --max-size); possível 'bomba zip'",
        )
    notes = []
    if "xl/vbaProject.bin" in names:
        notes.append(
            finding(
                "TCX013",
                "",
                "",
                "a planilha contém macros (VBA), que o tcxl nunca executa; envie a "
                "versão .xlsx sem macros (planilhas .xlsm renomeadas escondem macros)",
            )
        )
    links = sorted(n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml"))
    if links:
        notes.append(
            finding(
                "TCX011",
                "",
                "",
                f"a planilha tem {len(links)} vínculo(s) com outras pastas de trabalho; "
                "o tcxl não segue vínculos: os valores vêm só desta planilha",
            )
        )
    return notes
