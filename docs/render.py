"""Render the sample workbook and its semester summary to PNG, as LibreOffice prints them.

    python docs/render.py [OUT_DIR]        # default: docs/img

Builds ``samples/projeto_exemplo.yaml``, fills in the executed amounts of
``samples/valores_executados.json``, summarizes the first semester, prints both workbooks
to PDF with LibreOffice headless and renders the first page of every sheet with
``pdftoppm`` (apt ``poppler-utils``). The README shows the pictures, so a user sees what
tcxl makes before installing it. Needs LibreOffice (``libreoffice-calc-nogui``).
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tcxl  # noqa: E402
from tcxl import libreoffice  # noqa: E402
from tcxl.filling import fill  # noqa: E402
from tcxl.summary import write_summary  # noqa: E402

FOOTER = re.compile(r"^(\S.*?)\s{2,}Página \d+ de \d+\s*$")
DPI = 60


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def first_pages(pdf: Path) -> dict[str, int]:
    """{sheet name: its first page number}, read from the footer tcxl prints on every page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out: dict[str, int] = {}
    for number, page in enumerate(text.split("\f"), start=1):
        names = [m.group(1) for line in page.splitlines() if (m := FOOTER.match(line))]
        if names:
            out.setdefault(names[-1], number)
    return out


def with_mistakes(sample: Path, out: Path) -> Path:
    """The sample as an analyst might send it: a total typed over with a number (error), the
    title left empty (warning), a semester marked done that was not planned (info)."""
    import openpyxl

    book = openpyxl.load_workbook(sample)
    fin = book["Execução Financeira"]
    row = next(c.row for r in fin.iter_rows() for c in r if c.value == "1.3 Serviços de Terceiros")
    fin.cell(row, 2).value = 12345
    info = book["Identificação"]
    row = next(c.row for r in info.iter_rows() for c in r if c.value == "2.1. Título do Projeto")
    info.cell(row, 2).value = None
    sch = book["Cronograma de Atividades"]
    row = next(c.row for r in sch.iter_rows() for c in r if c.value == "A1.1")
    sch.cell(row + 1, 8).value = "X"
    book.save(out)
    return out


def render(out_dir: Path) -> list[Path]:
    if libreoffice.soffice() is None or shutil.which("pdftoppm") is None:
        raise SystemExit("precisa do LibreOffice e do poppler-utils: "
                         "apt-get install -y libreoffice-calc-nogui poppler-utils fonts-crosextra-carlito")
    out_dir.mkdir(parents=True, exist_ok=True)
    made = []
    with tempfile.TemporaryDirectory(prefix="tcxl-docs-") as work:
        work = Path(work)
        built = tcxl.build_workbook(tcxl.Project.from_file(ROOT / "samples" / "projeto_exemplo.yaml"),
                                    work / "built.xlsx")
        values = json.loads((ROOT / "samples" / "valores_executados.json").read_text(encoding="utf-8"))
        sample = fill(built, {k: v for k, v in values.items() if not k.startswith("_")},
                      work / "projeto_exemplo.xlsx")
        summary = write_summary(tcxl.summarize([sample], semester="2025-1"), work / "resumo.xlsx")
        annotated = tcxl.check(with_mistakes(sample, work / "com_erros.xlsx")).annotate(work / "anotada.xlsx")
        pdfs = libreoffice.convert_many([sample, summary, annotated], work / "pdf", "pdf")
        for pdf, prefix in zip(pdfs, ("planilha", "resumo", "anotada")):
            for sheet, page in first_pages(pdf).items():
                if prefix == "anotada" and sheet not in ("Conferência", "Execução Financeira"):
                    continue
                target = out_dir / f"{prefix}-{slug(sheet)}"
                subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(target)], check=True)
                made.append(target.with_suffix(".png"))
    return made


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
