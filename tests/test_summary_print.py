"""The portfolio workbook on paper (SPEC §1.6, §4.1), as LibreOffice prints it to PDF.

A folder of 60 projects (six filled variants of the sample, copied with their own ~120
character titles with accents and their own protocol numbers), an older copy of one of
them, an unreadable file and a workbook that is not PROADI-SUS; then 500 projects the same
way. Stated bounds, pages per sheet (A4 landscape), read from the footer tcxl prints on
every page ("<sheet>   Página k de n"):

=========================  ===========  ============================================
sheet                      60 projects  growth to 500 projects (440 more)
=========================  ===========  ============================================
Resumo                     1            none: the cover is one page
Entregas                   2–4          ≤ 1 page per 25 files (+1)
Projetos (table)           2–4          ≤ 1 page per 25 projects (+1)
Projetos (charts)          2            one page per 25 projects with % execução
Demonstrativo consolidado  1            none
Avanço físico              2–4          table ≤ 1 page per 25 projects (+1); the
                                        distribution chart: one page
Dados - …                  0            0 (never printed)
=========================  ===========  ============================================

Measured on this project's machine: 60 projects, 13 pages (1, 3, 3 + 2, 1, 2 + 1); 500
projects, 72 pages (1, 21, 21 + 17, 1, 10 + 1).
"""
from __future__ import annotations

import datetime as dt
import math
import os
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

import tcxl
from conftest import SAMPLE_YAML, require_libreoffice
from tcxl import libreoffice
from tcxl.read import read_workbook
from tcxl.summary import write_summary

SEMESTER = "2025-2"  # the sample runs 2025-01-01 to 2027-12-31: Ano I/2º Sem
FOOTER = re.compile(r"^(\S.*?)\s{2,}Página (\d+) de (\d+)\s*$")
CHART_TITLE = "% de execução financeira acumulada"
MARK = "TCXLTITULO{}"  # a variant's title, replaced in each copy
NUP = "25000.123456/2024-53"  # the sample's protocol number, replaced in each copy
ENTITIES = ["Hospital Exemplo de Excelência", "Associação Hospitalar Moinhos de Vento",
            "Sociedade Beneficente Israelita Brasileira Albert Einstein", "Hospital do Coração (HCor)"]
WORDS = ["Qualificação", "Fortalecimento", "Implantação", "Avaliação", "Ampliação", "Integração"]
TOPICS = ["da rede de cuidados paliativos", "da atenção especializada em oncologia pediátrica",
          "da gestão hospitalar e da regulação de leitos", "da vigilância em saúde e do cuidado materno-infantil"]
EXECUTION = [0.15, 0.45, 0.7, 0.9, 1.05, None]  # per variant: executed / planned in Ano I (None: nothing typed)


def title(i: int) -> str:
    """110 to 137 characters, accents, a colon and parentheses."""
    return (f"{WORDS[i % 6]} {TOPICS[i % 4]} no SUS (projeto {i:04d}): apoio técnico, formação de equipes "
            "e avaliação")


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> list[Path]:
    """Six filled workbooks of the sample, each with its entity, its executed amounts in
    Ano I (15 % to 105 %, or none) and schedule marks for Ano I."""
    folder = tmp_path_factory.mktemp("variantes")
    base = tcxl.Project.from_file(SAMPLE_YAML)
    rng = random.Random(7)
    out = []
    for k, factor in enumerate(EXECUTION):
        project = base.model_copy(update={"title": MARK.format(k), "entity": base.entity.model_copy(
            update={"name": ENTITIES[k % len(ENTITIES)]})})
        built = tcxl.build_workbook(project, folder / f"b{k}.xlsx")
        wb = read_workbook(built)
        sch = wb.schedule[wb.schedule.scheduled & (wb.schedule.year == "Ano I")].copy()
        sch["status"] = [rng.choice(["X", "X", "P", "A", "C", None]) for _ in range(len(sch))]
        values = {"schedule": sch[["activity", "year", "semester", "status"]]}
        if factor is not None:
            dis = wb.disbursement[wb.disbursement.year == "Ano I"].copy()
            dis["executed"] = [round(float(v) * factor * rng.uniform(0.8, 1.2), 2) for v in dis.planned]
            fin = wb.financial[(wb.financial.year == "Ano I") & (wb.financial.level == "input") & wb.financial.planned.notna()]
            values["disbursement"] = dis[["activity", "year", "executed"]]
            values["financial"] = [{"account": c, "year": 1, "executed": round(float(v) * factor, 2)}
                                   for c, v in zip(fin.account, fin.planned)]
        out.append(tcxl.fill(built, values, folder / f"v{k}.xlsx"))
    return out


def portfolio(variants: list[Path], folder: Path, n: int) -> Path:
    """``n`` projects (copies of the variants, each with its title and protocol number), an
    older copy of project 1 (replaced), an unreadable file and a shopping list."""
    import xlsxwriter

    folder.mkdir(parents=True)
    parts = []
    for v in variants:
        with zipfile.ZipFile(v) as zf:
            parts.append([(info, zf.read(info.filename)) for info in zf.infolist()])
    for i in range(n):
        k = i % len(parts)
        with zipfile.ZipFile(folder / f"projeto_{i:04d}.xlsx", "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in parts[k]:
                if info.filename.endswith(".xml") and MARK.format(k).encode() in data:
                    data = data.replace(MARK.format(k).encode(), escape(title(i)).encode())
                    data = data.replace(NUP.encode(), f"25000.{100000 + i:06d}/2024-{10 + i % 90}".encode())
                out.writestr(info, data)
    older = shutil.copy(folder / "projeto_0001.xlsx", folder / "projeto_0001_versao_antiga.xlsx")
    os.utime(older, (1_700_000_000, 1_700_000_000))  # the same Data, modified earlier: replaced
    (folder / "corrompido.xlsx").write_bytes(b"PK\x03\x04 isto nao e uma planilha")
    book = xlsxwriter.Workbook(str(folder / "lista_de_compras.xlsx"))
    book.add_worksheet("Compras").write_column(0, 0, ["arroz", "feijão", "café"])
    book.close()
    return folder


def printed(summary, out: Path) -> dict:
    """Write the summary, print it with LibreOffice; {sheet: [pages]}, the page texts."""
    xlsx = write_summary(summary, out / "resumo.xlsx", generated=dt.date(2025, 12, 6))
    pdf = libreoffice.convert(xlsx, out / "pdf", "pdf")
    pages = []
    for k in range(1, _page_count(pdf) + 1):
        raw = subprocess.run(["pdftotext", "-raw", "-f", str(k), "-l", str(k), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        layout = subprocess.run(["pdftotext", "-layout", "-f", str(k), "-l", str(k), str(pdf), "-"],
                                capture_output=True, text=True, check=True).stdout
        pages.append((raw, layout))
    sheets: dict[str, list[int]] = {}
    for k, (_, layout) in enumerate(pages, start=1):
        names = [m.group(1) for line in layout.splitlines() if (m := FOOTER.match(line))]
        assert names, f"página {k} sem o rodapé (aba e página): em branco?"
        sheets.setdefault(names[-1], []).append(k)
    return {"xlsx": xlsx, "pdf": pdf, "sheets": sheets, "pages": pages}


def _page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def text_of(result: dict, sheet: str) -> str:
    """A sheet's printed text, whitespace collapsed (a wrapped title reads as one line)."""
    return " ".join(" ".join(result["pages"][k - 1][0].split()) for k in result["sheets"][sheet])


def chart_pages(result: dict) -> list[int]:
    return [k for k in result["sheets"]["Projetos"] if CHART_TITLE in " ".join(result["pages"][k - 1][0].split())]


def charts(xlsx: Path) -> list[tuple[str, int, str]]:
    """(chart part, number of categories, its XML) of every chart in the workbook."""
    out = []
    with zipfile.ZipFile(xlsx) as zf:
        for name in sorted(n for n in zf.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)):
            xml = zf.read(name).decode()
            counts = [int(b) - int(a) + 1 for a, b in
                      re.findall(r"<c:cat>.*?<c:f>[^<]*?\$(\d+):\$[A-Z]+\$(\d+)</c:f>", xml, re.S)]
            out.append((name, max(counts, default=0), xml))
    return out


@pytest.fixture(scope="module")
def sixty(variants, tmp_path_factory) -> dict:
    require_libreoffice()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    root = tmp_path_factory.mktemp("sessenta")
    folder = portfolio(variants, root / "recebidos", 60)
    summary = tcxl.summarize(folder, SEMESTER, jobs=2)
    return {"summary": summary, "folder": folder, **printed(summary, root / "saida")}


def test_every_file_and_project_is_on_paper(sixty):
    summary, sheets = sixty["summary"], sixty["sheets"]
    statuses = summary.deliveries.status.tolist()
    assert len(statuses) == 63 and statuses.count("incluído") == 60 and "ilegível" in statuses
    assert "não é planilha PROADI-SUS" in statuses and any(s.startswith("substituído por") for s in statuses)
    printed_sheets = list(sheets)
    assert printed_sheets == ["Resumo", "Entregas", "Projetos", "Demonstrativo consolidado", "Avanço físico"]
    # no blank page: besides its footer, every page has something printed
    for k, (raw, layout) in enumerate(sixty["pages"], start=1):
        body = [line for line in layout.splitlines() if line.strip() and not FOOTER.match(line)]
        assert body, f"página {k} em branco"
        assert "###" not in raw, f"página {k}: número cortado (###)"
    # every title in full (wrapped, never cut) on Entregas, Projetos and Avanço físico
    titles = list(summary.projects.project)
    assert len(titles) == 60 and all(len(t) >= 110 for t in titles)
    for sheet in ("Entregas", "Projetos", "Avanço físico"):
        text = text_of(sixty, sheet)
        missing = [t for t in titles if t not in text]
        assert not missing, (sheet, missing[:3])
    for sheet in ("Entregas", "Projetos"):  # and every entity (wrapped in a narrower column)
        text = text_of(sixty, sheet)
        assert all(entity in text for entity in ENTITIES), sheet
    # every file received has its line in Entregas (a long file name may break anywhere)
    text = text_of(sixty, "Entregas").replace(" ", "")
    for name in map(lambda f: Path(f).name, summary.deliveries.file):
        assert name in text, name


def test_pages_per_sheet_are_within_their_bounds(sixty):
    pages = {sheet: len(ks) for sheet, ks in sixty["sheets"].items()}
    assert pages["Resumo"] == 1
    assert 2 <= pages["Entregas"] <= 4, pages
    with_money = sum(1 for p in sixty["summary"].projects.pct if p == p)
    assert with_money == 50  # one variant in six reports no executed amount
    assert len(chart_pages(sixty)) == math.ceil(with_money / 25), pages  # one page per chart
    assert 2 <= pages["Projetos"] - len(chart_pages(sixty)) <= 4, pages
    assert pages["Demonstrativo consolidado"] == 1
    assert 2 <= pages["Avanço físico"] <= 4, pages
    assert not [s for s in pages if s.startswith(("Dados", "Gráficos"))]


def test_no_chart_has_more_categories_than_it_can_label(sixty):
    found = charts(sixty["xlsx"])
    assert len(found) == 3  # % execução: 50 projects in 2 charts; % avanço: their distribution
    for name, categories, xml in found:
        assert 0 < categories <= 25, (name, categories)
        assert '<c:min val="0"/>' in xml, f"{name}: eixo não começa em zero"
    bars = sorted(c for _, c, xml in found if 'c:barDir val="bar"' in xml)
    assert bars == [25, 25]
    (_, bins, _), = [f for f in found if 'c:barDir val="col"' in f[2]]
    assert bins == 6  # 0–20 … 80–100 %, above 100 %


def test_the_cover_links_the_lowest_executions_to_their_rows(sixty):
    summary = sixty["summary"]
    book = openpyxl.load_workbook(sixty["xlsx"])
    cover, projects = book["Resumo"], book["Projetos"]
    assert cover["A1"].value == f"Resumo semestral {SEMESTER}"
    assert cover["A2"].value.startswith("Gerado em 06/12/2025 por tcxl ")
    links = [(c.row, c.hyperlink.location) for row in cover.iter_rows() for c in row if c.hyperlink]
    assert len(links) == 10
    rows = summary.projects
    lowest = rows.sort_values("pct", kind="stable").project.tolist()[:10]
    linked = []
    for row, location in links:
        sheet, cell = location.rsplit("!", 1)
        assert sheet.strip("'") == "Projetos"
        target = projects[cell].row
        assert projects.cell(target, 2).value == cover.cell(row, 2).value  # the project named on both
        linked.append(cover.cell(row, 2).value)
    assert linked == lowest
    # the cover's money to date is the Projetos total (the blocks of every included project)
    total = rows.executed.sum()
    amounts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, float)]
    assert any(abs(v - total) < 0.01 for v in amounts), total
    with zipfile.ZipFile(sixty["xlsx"]) as zf:
        hidden = re.findall(r'<sheet name="([^"]+)"[^>]*state="hidden"', zf.read("xl/workbook.xml").decode())
    assert hidden == ["Gráficos - dados"]  # the data sheets stay in sight (they do not print: empty print area)


def test_several_semesters_add_the_evolution(sixty, tmp_path):
    summary = tcxl.summarize(sixty["folder"], ["2025-1", SEMESTER], jobs=2)
    result = printed(summary, tmp_path)
    assert list(result["sheets"]) == ["Resumo", "Entregas", "Projetos", "Demonstrativo consolidado",
                                      "Avanço físico", "Evolução"]
    assert len(result["sheets"]["Resumo"]) == 1
    assert 1 <= len(result["sheets"]["Evolução"]) <= 3
    cover = text_of(result, "Resumo")
    assert "Resumo semestral 2025-1, 2025-2" in cover and "2025-1" in cover.split("Semestre", 1)[1]
    titles = list(summary.projects.project)
    text = text_of(result, "Evolução")
    assert all(t in text for t in titles)


def test_pages_grow_about_one_per_25_projects(sixty, variants, tmp_path):
    root = tmp_path
    folder = portfolio(variants, root / "recebidos", 500)
    summary = tcxl.summarize(folder, SEMESTER, jobs=2)
    big = printed(summary, root / "saida")
    pages = {sheet: len(ks) for sheet, ks in big["sheets"].items()}
    small = {sheet: len(ks) for sheet, ks in sixty["sheets"].items()}
    allowed = math.ceil((500 - 60) / 25) + 1
    assert pages["Resumo"] == 1 and pages["Demonstrativo consolidado"] == 1
    assert pages["Entregas"] - small["Entregas"] <= allowed, (small, pages)
    tables = lambda result, pages: pages["Projetos"] - len(chart_pages(result))  # noqa: E731
    assert tables(big, pages) - tables(sixty, small) <= allowed, (small, pages)
    assert len(chart_pages(big)) == math.ceil(sum(1 for p in summary.projects.pct if p == p) / 25)
    assert pages["Avanço físico"] - small["Avanço físico"] <= allowed, (small, pages)
    assert all(0 < n <= 25 for _, n, _ in charts(big["xlsx"]))
    for k, (raw, layout) in enumerate(big["pages"], start=1):
        assert [line for line in layout.splitlines() if line.strip() and not FOOTER.match(line)], k
        assert "###" not in raw, k
    titles = list(summary.projects.project)
    text = text_of(big, "Projetos")
    assert len(titles) == 500 and all(t in text for t in titles)


def test_entregas_links_each_annotated_copy(variants, tmp_path):
    folder = portfolio(variants, tmp_path / "recebidos", 6)
    summary = tcxl.summarize(folder, SEMESTER, annotate_dir=tmp_path / "anotadas")
    copies = {Path(f).name: a for f, a in zip(summary.deliveries.file, summary.deliveries.annotated) if a}
    assert copies, "nenhuma cópia anotada (os variantes têm avisos)"
    out = write_summary(summary, tmp_path / "saida" / "resumo.xlsx")
    sheet = openpyxl.load_workbook(out)["Entregas"]
    header = [c.value for c in sheet[2]]
    name_col, link_col = header.index("Arquivo") + 1, header.index("Cópia anotada") + 1
    linked = {}
    for row in range(3, sheet.max_row + 1):
        cell = sheet.cell(row, link_col)
        if cell.hyperlink is not None:
            assert cell.value == "cópia anotada"
            linked[sheet.cell(row, name_col).value] = cell.hyperlink.target
    assert sorted(linked) == sorted(copies)
    for name, target in linked.items():  # relative to the summary's folder: the two move together
        target = target.replace("\\", "/")  # xlsxwriter writes Excel's backslashes; LibreOffice reads them too
        assert not Path(target).is_absolute()
        assert (out.parent / target).resolve() == Path(copies[name]).resolve()
