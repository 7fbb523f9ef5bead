"""Render the sample workbook and its semester summary to PNG, as LibreOffice prints them.

    python docs/render.py [OUT_DIR]        # default: docs/img

Builds ``samples/projeto_exemplo.yaml``, fills in the executed amounts of
``samples/valores_executados.json``, summarizes the first semester, prints both workbooks
to PDF with LibreOffice headless and renders the first page of every sheet with
``pdftoppm`` (apt ``poppler-utils``). Then a monitoring team's folder — 24 projects of six
entities with their own titles and executions, an older copy of one, an unreadable file and
a workbook that is not PROADI-SUS — summarized for 2025-2: ``resumo.png`` (the cover),
``entregas.png`` (the deliveries) and ``grafico-execucao.png`` (% execução, sorted). The
reference page docs/site/referencia/planilha.md shows the pictures, so a user sees what tcxl
makes before installing it. Needs LibreOffice (``libreoffice-calc-nogui``).
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


ENTITIES = [("Hospital Exemplo de Excelência", "605402350001"), ("Hospital Alvorada do Cerrado", "208374650001"),
            ("Associação Beneficente Santa Inês", "625190840001"),
            ("Instituto Paranaense de Oncologia e Hematologia", "319570460001"),
            ("Sociedade Hospitalar Nossa Senhora da Conceição", "731046280001"),
            ("Fundação de Saúde Águas Claras", "594802170001")]
ACTIONS = ["Qualificação", "Fortalecimento", "Implantação", "Avaliação", "Ampliação", "Integração", "Apoio à",
           "Expansão"]
SUBJECTS = ["da rede de cuidados paliativos nas regiões de saúde do SUS",
            "da atenção especializada em oncologia pediátrica e hematologia",
            "da gestão hospitalar e da regulação de leitos de terapia intensiva",
            "da vigilância do óbito materno e infantil nos hospitais de referência",
            "do telessaúde para a atenção primária em municípios de pequeno porte",
            "da segurança do paciente e do controle de infecção hospitalar"]


def cnpj(base12: str) -> str:
    """A valid CNPJ (masked) from its first 12 digits."""
    def digit(digits: str) -> str:
        rest = sum(int(d) * w for d, w in zip(digits, [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-len(digits):])) % 11
        return "0" if rest < 2 else str(11 - rest)

    full = base12 + digit(base12)
    full += digit(full)
    return f"{full[:2]}.{full[2:5]}.{full[5:8]}/{full[8:12]}-{full[12:]}"


def portfolio(folder: Path, n: int = 24) -> Path:
    """A monitoring team's folder for 2025-2: ``n`` projects (executed 10 % to 110 % of Ano I,
    or nothing yet), an older copy of the first, an unreadable file, a shopping list."""
    import os
    import random

    import xlsxwriter

    from tcxl.read import read_workbook

    rng = random.Random(2025)
    base = tcxl.Project.from_file(ROOT / "samples" / "projeto_exemplo.yaml")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        name, root = ENTITIES[i % len(ENTITIES)]
        project = base.model_copy(update={
            "title": f"{ACTIONS[i % len(ACTIONS)]} {SUBJECTS[i % len(SUBJECTS)]}"
                     + (" — fase de expansão e avaliação de resultados" if i % 3 == 0 else ""),
            "protocol": f"25000.{310000 + 37 * i:06d}/2024-{11 + i}",
            "entity": base.entity.model_copy(update={"name": name, "cnpj": cnpj(root)})})
        built = tcxl.build_workbook(project, folder / f"_b{i}.xlsx")
        wb = read_workbook(built)
        sch = wb.schedule[wb.schedule.scheduled & (wb.schedule.year == "Ano I")].copy()
        sch["status"] = [rng.choice(["X", "X", "X", "P", "A", None]) for _ in range(len(sch))]
        values = {"schedule": sch[["activity", "year", "semester", "status"]]}
        if i % 8 != 7:  # one in eight has typed no executed amount yet
            factor = 0.1 + (i * 0.37) % 1.0
            dis = wb.disbursement[wb.disbursement.year == "Ano I"].copy()
            dis["executed"] = [round(float(v) * factor * rng.uniform(0.85, 1.15), 2) for v in dis.planned]
            fin = wb.financial
            fin = fin[(fin.year == "Ano I") & (fin.level == "input") & fin.planned.notna()]
            values["disbursement"] = dis[["activity", "year", "executed"]]
            values["financial"] = [{"account": c, "year": "Ano I", "executed": round(float(v) * factor, 2)}
                                   for c, v in zip(fin.account, fin.planned)]
        fill(built, values, folder / f"projeto_{i + 1:02d}.xlsx")
        built.unlink()
    older = shutil.copy(folder / "projeto_01.xlsx", folder / "projeto_01_versao_anterior.xlsx")
    os.utime(older, (1_700_000_000, 1_700_000_000))
    (folder / "relatorio_corrompido.xlsx").write_bytes(b"PK\x03\x04 arquivo interrompido")
    book = xlsxwriter.Workbook(str(folder / "lista_de_compras.xlsx"))
    book.add_worksheet("Compras").write_column(0, 0, ["papel A4", "toner", "café"])
    book.close()
    return folder


def pages_of(pdf: Path) -> list[tuple[str, str]]:
    """(sheet name from the footer, text) of every page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    out = []
    for page in text.split("\f"):
        names = [m.group(1) for line in page.splitlines() if (m := FOOTER.match(line))]
        out.append((names[-1] if names else "", page))
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
                if prefix == "resumo" and sheet in ("Resumo", "Entregas"):
                    continue  # shown from the portfolio below (resumo.png, entregas.png)
                target = out_dir / f"{prefix}-{slug(sheet)}"
                subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(target)], check=True)
                made.append(target.with_suffix(".png"))
        # the portfolio: the cover, the deliveries, the first chart of % execução
        received = portfolio(work / "recebidos")
        book = write_summary(tcxl.summarize([received], semester="2025-2"), work / "carteira" / "resumo.xlsx")
        pdf = libreoffice.convert(book, work / "carteira" / "pdf", "pdf")
        pages = pages_of(pdf)
        wanted = {"resumo": next(k for k, (sheet, _) in enumerate(pages, 1) if sheet == "Resumo"),
                  "entregas": next(k for k, (sheet, _) in enumerate(pages, 1) if sheet == "Entregas"),
                  "grafico-execucao": next(k for k, (sheet, text) in enumerate(pages, 1)
                                           if sheet == "Projetos" and "% de execução financeira" in text)}
        for name, page in wanted.items():
            target = out_dir / name
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target)], check=True)
            made.append(target.with_suffix(".png"))
    return made


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
