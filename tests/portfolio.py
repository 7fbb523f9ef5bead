"""A monitoring team's folder of one semester (SPEC §4.1), built for tests/test_portfolio.py.

``build_portfolio(folder)`` writes 63 files into ``folder`` and returns what each one is and
what ``tcxl.summarize`` must say about it:

- 50 projects built by tcxl from the sample spec (2 to 5 years, 1 to 3 results, values
  scaled per project, 12 entities with valid CNPJs, titles with accents, some ~120
  characters, some with a protocol number), most filled with executed amounts and schedule
  marks through ``tcxl.fill``, every one with its ``Data``; 5 re-saved by LibreOffice; 2 of
  them outside the semester (a finished project, a future one); one starts in 2026 (outside
  2025-2, inside 2026-1); two homonyms (same CNPJ and title, different protocols: two
  projects);
- 3 older versions of 3 of those projects (replaced): by protocol with the title changed
  (the older Data has the newer modification time: Data wins), by CNPJ + title retyped with
  other case, accents, spacing and a final period, and by CNPJ + title with the same Data
  (the newer modification time wins, against the file names' order);
- 4 workbooks typed in the model's form (copies of ``tests/data/modelo`` and
  ``tests/data/habitos`` clean files, each given its own title with openpyxl);
- 2 filled workbooks with a total overwritten by a wrong number (check errors: included);
- 3 unreadable files (truncated zip, an old ``.xls`` named ``.xlsx``, a CSV named ``.xlsx``);
- 1 xlsx that is a shopping list.

The returned dict: ``folder``, ``semester`` ('2026-1'), ``files`` — file name ->
``{"kind", "status" (for 2026-1), "counts" (its amounts are in the totals), "title",
"cnpj" (digits), "protocol", "date" (ISO or ''), "start", "years", "replaced_by"}``.
"""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

import tcxl

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "projeto_exemplo.yaml"
DATA = Path(__file__).resolve().parent / "data"
SEMESTER = "2026-1"
SEMESTER_YEAR, SEMESTER_HALF = 2026, 1

INCLUDED, WITH_ERRORS, UNREADABLE = "incluído", "incluído com erros", "ilegível"
NOT_PROADI, OUTSIDE, REPLACED = "não é planilha PROADI-SUS", "fora do período", "substituído por"


# -- registration data ---------------------------------------------------------------------
def cnpj(base12: str) -> str:
    """A valid CNPJ (masked) from its first 12 digits: the two check digits computed."""
    def digit(digits: str) -> str:
        weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2][-len(digits):]
        rest = sum(int(d) * w for d, w in zip(digits, weights)) % 11
        return "0" if rest < 2 else str(11 - rest)

    assert len(base12) == 12 and base12.isdigit()
    first = digit(base12)
    full = base12 + first + digit(base12 + first)
    return f"{full[:2]}.{full[2:5]}.{full[5:8]}/{full[8:12]}-{full[12:]}"


def digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


ENTITIES = [(name, cnpj(base)) for name, base in (
    ("Hospital São Lucas da Serra Gaúcha", "112223330001"),
    ("Instituto de Ensino e Pesquisa Coração Paulistano", "437815290001"),
    ("Associação Beneficente Santa Inês", "625190840001"),
    ("Hospital Alvorada do Cerrado", "208374650001"),
    ("Sociedade Hospitalar Nossa Senhora da Conceição", "731046280001"),
    ("Fundação de Saúde Águas Claras", "594802170001"),
    ("Hospital Moinhos do Vale", "846213570001"),
    ("Instituto Paranaense de Oncologia e Hematologia", "319570460001"),
    ("Hospital Universitário Ipê Amarelo", "052769380001"),
    ("Centro de Excelência em Saúde Pública Jequitibá", "968402150001"),
    ("Beneficência Portuguesa do Recôncavo", "273659810001"),
    ("Hospital Infantil Sabará das Gerais", "480127930001"),
)]

THEMES = [
    "Qualificação da Rede de Cuidados Paliativos",
    "Telessaúde em Cardiologia Pediátrica",
    "Fortalecimento da Atenção Oncológica",
    "Capacitação em Urgência e Emergência Obstétrica",
    "Avaliação de Tecnologias em Saúde para Doenças Raras",
    "Gestão de Leitos e Regulação Assistencial",
    "Prevenção de Infecções Relacionadas à Assistência",
    "Cuidado Integral à Pessoa com Diabetes",
    "Saúde Mental na Atenção Primária",
    "Apoio às Centrais Estaduais de Transplantes de Órgãos",
    "Segurança do Paciente em Unidades de Terapia Intensiva",
    "Reabilitação Pós-AVC na Rede de Cuidados à Pessoa com Deficiência",
    "Genômica Aplicada ao Diagnóstico de Câncer Hereditário",
    "Formação de Preceptores em Medicina de Família e Comunidade",
]
PLACES = ["na Região Norte", "no Semiárido Nordestino", "nas Capitais do Centro-Oeste",
          "em Municípios de Pequeno Porte"]
LONG_TAIL = (": implantação, monitoramento e avaliação de resultados em hospitais públicos "
             "de média e alta complexidade")


def titles() -> list[str]:
    """56 distinct titles (after normalisation too); every fourth one about 120 characters."""
    out = []
    for i in range(56):
        title = f"{THEMES[i % len(THEMES)]} {PLACES[(i // len(THEMES)) % len(PLACES)]}"
        if i % 4 == 3:
            title = (title + LONG_TAIL)[:124].rstrip(" ,:")
        out.append(title)
    assert len({re.sub(r"\W+", " ", t.lower()) for t in out}) == len(out)
    return out


# -- specs -----------------------------------------------------------------------------------
def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _per_year(values: list, years: int, factor: float) -> list[Decimal]:
    """The base's 3 yearly values stretched to ``years`` (repeating) and scaled."""
    return [_cents(float(values[y % len(values)]) * factor) for y in range(years)]


def _semesters(semesters: list[int], years: int, shift: bool) -> list[int]:
    out = {s for s in semesters if s <= 2 * years}
    if shift:  # projects longer than the base also act in their later years
        out |= {s + 6 for s in semesters if s + 6 <= 2 * years}
    return sorted(out)


def _trim_indicators(element, years: int):
    return element.model_copy(update={"indicators": [
        ind.model_copy(update={"targets": ind.targets[:2 * years]}) for ind in element.indicators]})


def make_spec(base: tcxl.Project, *, title: str, entity: tuple[str, str], start: dt.date, years: int,
              date: dt.date | None, protocol: str = "", results: int = 3, activities: int = 4,
              factor: float = 1.0) -> tcxl.Project:
    """The sample project changed with ``model_copy(update=...)``, then validated again
    (``model_copy`` does not validate: the CNPJ's check digits and the codes are checked by
    ``Project.model_validate``)."""
    shift = years > 3
    new_results = []
    for result in base.results[:results]:
        acts = []
        for act in result.activities[:activities]:
            acts.append(_trim_indicators(act, years).model_copy(update={
                "semesters": _semesters(act.semesters, years, shift),
                "planned": _per_year(act.planned, years, factor),
                "subactivities": [sub.model_copy(update={"semesters": _semesters(sub.semesters, years, shift)})
                                  for sub in act.subactivities]}))
        new_results.append(_trim_indicators(result, years).model_copy(update={
            "activities": acts, "products": [_trim_indicators(p, years) for p in result.products]}))
    monitoring = [act.model_copy(update={"semesters": _semesters(act.semesters, years, shift),
                                         "planned": _per_year(act.planned, years, factor)})
                  for act in base.monitoring]
    financial = {code: _per_year(values, years, factor) for code, values in base.financial.items()}
    total = sum((v for values in financial.values() for v in values), Decimal(0))
    changed = base.model_copy(update={
        "title": title, "protocol": protocol, "years": years, "start": start,
        "end": dt.date(start.year + years - 1, 12, 31), "total_value": total,
        "entity": base.entity.model_copy(update={"name": entity[0], "cnpj": entity[1]}),
        "responsible": base.responsible.model_copy(update={"date": date}),
        "objectives": [_trim_indicators(o, years) for o in base.objectives],
        "results": new_results, "monitoring": monitoring, "financial": financial,
        "indirect_costs": list(financial["3"])})
    return tcxl.Project.model_validate(changed.model_dump())


def current_index(start_year: int) -> int:
    """The project semester index of 2026-1 (calendar years)."""
    return (SEMESTER_YEAR - start_year) * 2 + SEMESTER_HALF


def fill_values(spec: tcxl.Project, seed: int) -> dict[str, list[dict]]:
    """Executed amounts up to the semester's year (the current year about half done) and
    Realizado marks up to the semester, for ``tcxl.fill``."""
    rng = random.Random(seed)
    now = current_index(spec.start.year)
    last_year = (now + 1) // 2
    dis, fin, sch = [], [], []

    def executed(planned: Decimal, year: int) -> Decimal | None:
        if planned == 0 or year > last_year:
            return None
        share = rng.uniform(0.35, 1.12) * (0.5 if year == last_year else 1.0)
        return _cents(float(planned) * share)

    activities = [a for r in spec.results for a in r.activities] + list(spec.monitoring)
    for act in activities:
        for year, planned in enumerate(act.planned, start=1):
            value = executed(planned, year)
            if value is not None:
                dis.append({"activity": act.code, "year": year, "executed": float(value)})
        for s in range(1, min(now, 2 * spec.years) + 1):
            if s in act.semesters:
                mark = rng.choice(["X", "X", "X", "P", "A", "C", None])
            else:
                mark = "X" if rng.random() < 0.04 else None  # now and then, an action nobody programmed
            if mark:
                sch.append({"activity": act.code, "year": (s + 1) // 2, "semester": 2 - s % 2, "status": mark})
    for year, planned in enumerate(spec.indirect_costs, start=1):
        value = executed(planned, year)
        if value is not None:
            dis.append({"activity": "CI", "year": year, "executed": float(value)})
    for code, values in spec.financial.items():
        for year, planned in enumerate(values, start=1):
            value = executed(planned, year)
            if value is not None:
                fin.append({"account": code, "year": year, "executed": float(value)})
    return {"disbursement": dis, "financial": fin, "schedule": sch}


def _make(job: tuple) -> str:
    """Build (and fill) one workbook: runs in a worker process."""
    spec_data, out, seed, filled = job
    spec = tcxl.Project.model_validate(spec_data)
    if not filled:
        return str(tcxl.build_workbook(spec, out))
    blank = Path(out).with_suffix(".vazio.xlsx")
    tcxl.build_workbook(spec, blank)
    tcxl.fill(blank, fill_values(spec, seed), out)
    blank.unlink()
    return out


# -- hand-made, broken and foreign files ---------------------------------------------------
def retitle(src: Path, dst: Path, title: str) -> None:
    """A model-form workbook copied with another title: the cell right of '2.1. Título do Projeto'."""
    import openpyxl

    book = openpyxl.load_workbook(src)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().rstrip(":").strip() == "2.1. Título do Projeto":
                    ws.cell(cell.row, cell.column + 1).value = title
                    book.save(dst)
                    return
    raise AssertionError(f"{src}: célula '2.1. Título do Projeto' não encontrada")


def overwrite(path: Path, key: tuple, value: float) -> str:
    """Replace the formula of the total cell ``key`` with a typed number (openpyxl)."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    sheet, row, col = tcxl.read_workbook(path).reading.where[key]
    book = openpyxl.load_workbook(path)
    cell = book[sheet].cell(row + 1, col + 1)
    assert isinstance(cell.value, str) and cell.value.startswith("="), (key, cell.value)
    cell.value = value
    book.save(path)
    return f"{sheet}!{get_column_letter(col + 1)}{row + 1}"


def shopping_list(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Compras"
    ws.append(["Item", "Quantidade", "Preço (R$)"])
    for item in (("Arroz 5 kg", 2, 27.9), ("Feijão carioca", 3, 8.49), ("Café", 1, 18.5), ("Pão de queijo", 1, 22)):
        ws.append(list(item))
    ws.append(["Total", None, "=SUM(C2:C5)"])
    book.save(path)


# -- the folder ------------------------------------------------------------------------------
def build_portfolio(folder: str | Path, jobs: int = 2) -> dict:
    """Write the folder (see the module's docstring) and return what each file must give."""
    from tcxl import libreoffice

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / (folder.name + "-montagem")
    staging.mkdir(exist_ok=True)
    base = tcxl.Project.from_file(SAMPLE)
    rng = random.Random(2026)
    names = titles()
    files: dict[str, dict] = {}
    jobs_to_run: list[tuple] = []

    def project(name: str, *, title: str, entity: int, start: dt.date, years: int, date: dt.date | None,
                protocol: str = "", filled: bool = True, results: int | None = None, status: str = INCLUDED,
                kind: str = "tcxl", target: Path | None = None, seed: int | None = None) -> None:
        spec = make_spec(base, title=title, entity=ENTITIES[entity], start=start, years=years, date=date,
                         protocol=protocol, results=results or rng.randint(1, 3), activities=rng.randint(2, 4),
                         factor=round(rng.uniform(0.15, 3.5), 3))
        out = (target or folder) / name
        jobs_to_run.append((spec.model_dump(mode="json"), str(out), seed if seed is not None else len(jobs_to_run),
                            filled))
        files[name] = {"kind": kind, "status": status, "counts": status in (INCLUDED, WITH_ERRORS), "title": title,
                       "cnpj": digits(ENTITIES[entity][1]), "protocol": protocol,
                       "date": date.isoformat() if date else "", "start": start.year, "years": years,
                       "filled": filled}

    # 50 projects; the ones with a protocol carry a NUP of their own
    years_cycle = [3, 2, 4, 5, 3, 3, 2, 4]
    for i in range(50):
        years = years_cycle[i % len(years_cycle)]
        first = SEMESTER_YEAR - rng.randint(0, years - 1)  # the semester's year falls inside the project
        start = dt.date(first, 3 if i == 7 else 1, 1)
        date = dt.date(2026, rng.choice([6, 7]), rng.randint(1, 28))
        protocol = f"25000.{100000 + 7919 * i:06d}/{first - 1}-{i % 90 + 10:02d}" if i % 3 == 0 else ""
        project(f"projeto_{i + 1:02d}.xlsx", title=names[i], entity=i % len(ENTITIES), start=start, years=years,
                date=date, protocol=protocol, filled=i % 7 != 3)
    # a finished project and a future one: outside 2026-1 (and 2025-2)
    files_outside = {"projeto_04.xlsx": (dt.date(2022, 1, 1), 3, dt.date(2024, 12, 20)),
                     "projeto_09.xlsx": (dt.date(2027, 1, 1), 2, dt.date(2026, 5, 15))}
    # a project that starts in 2026: inside 2026-1, outside 2025-2
    files_2026 = {"projeto_10.xlsx": (dt.date(2026, 1, 1), 3, dt.date(2026, 7, 3))}
    for name, (start, years, date) in {**files_outside, **files_2026}.items():
        index = int(name[8:10]) - 1
        files.pop(name)
        jobs_to_run[:] = [j for j in jobs_to_run if Path(j[1]).name != name]
        project(name, title=names[index], entity=index % len(ENTITIES), start=start, years=years, date=date,
                filled=start.year <= SEMESTER_YEAR, status=OUTSIDE if name in files_outside else INCLUDED,
                seed=1000 + index)
    # two homonyms: same entity, same title, different protocols (two projects)
    for name, protocol in (("homonimo_fase1.xlsx", "25000.041122/2023-17"),
                           ("homonimo_fase2.xlsx", "25000.088301/2025-40")):
        project(name, title="Linha de Cuidado do Sobrepeso e da Obesidade na Infância", entity=3,
                start=dt.date(2025, 1, 1) if name.endswith("1.xlsx") else dt.date(2026, 1, 1), years=3,
                date=dt.date(2026, 7, 9), protocol=protocol)
    for name in ("projeto_49.xlsx", "projeto_50.xlsx"):  # the 50 stay 50 (homonyms take two places)
        files.pop(name)
        jobs_to_run[:] = [j for j in jobs_to_run if Path(j[1]).name != name]

    # projects sent twice
    pairs = []
    # (A) same protocol, the title renamed in the new version; the older Data has the newer mtime
    project("renomeado_versao_final.xlsx", title=names[50], entity=5, start=dt.date(2025, 1, 1), years=3,
            date=dt.date(2026, 7, 20), protocol="25000.009153/2018-81")
    project("renomeado_versao_preliminar.xlsx", title=names[50] + " (versão preliminar)", entity=5,
            start=dt.date(2025, 1, 1), years=3, date=dt.date(2026, 7, 5), protocol="25000.009153/2018-81",
            status=f"{REPLACED} renomeado_versao_final.xlsx")
    pairs.append(("renomeado_versao_preliminar.xlsx", "renomeado_versao_final.xlsx", "later"))
    # (B) same CNPJ, the title retyped: case, accents, double space, a final period
    title_b = "Telessaúde em Cardiologia Pediátrica na Região Norte e no Arquipélago do Marajó"
    retyped = "TELESSAUDE EM CARDIOLOGIA  PEDIÁTRICA NA REGIAO NORTE E NO ARQUIPELAGO DO MARAJÓ."
    project("telessaude_marajo.xlsx", title=retyped, entity=8, start=dt.date(2024, 1, 1), years=4,
            date=dt.date(2026, 7, 14))
    project("telessaude_marajo_antigo.xlsx", title=title_b, entity=8, start=dt.date(2024, 1, 1), years=4,
            date=dt.date(2026, 6, 30), status=f"{REPLACED} telessaude_marajo.xlsx")
    pairs.append(("telessaude_marajo_antigo.xlsx", "telessaude_marajo.xlsx", "same"))
    # (C) same CNPJ and title, same Data: the newer modification time wins (not the name's order)
    title_c = "Vigilância Genômica de Arboviroses em Laboratórios Centrais de Saúde Pública"
    project("arboviroses_correcao.xlsx", title=title_c, entity=10, start=dt.date(2025, 1, 1), years=2,
            date=dt.date(2026, 7, 10))
    project("arboviroses_envio2.xlsx", title=title_c, entity=10, start=dt.date(2025, 1, 1), years=2,
            date=dt.date(2026, 7, 10), status=f"{REPLACED} arboviroses_correcao.xlsx")
    pairs.append(("arboviroses_envio2.xlsx", "arboviroses_correcao.xlsx", "older"))
    for old, new, _ in pairs:
        files[old]["replaced_by"] = new

    # two workbooks whose checks find errors (a total typed over): included, and counted
    for name, index in (("erro_total_geral.xlsx", 51), ("erro_total_bloco.xlsx", 52)):
        project(name, title=names[index], entity=index % len(ENTITIES), start=dt.date(2025, 1, 1), years=3,
                date=dt.date(2026, 7, 1), status=WITH_ERRORS, target=staging)
        files[name]["kind"] = "check errors"

    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_make, jobs_to_run))

    # the totals typed over (the file is checked with errors; its inputs still count)
    for name, key, value in (("erro_total_geral.xlsx", ("fin", "TOTAL", 1, "planned"), 1234567.89),
                             ("erro_total_bloco.xlsx", ("dis", "total", 1, 2, "planned"), 98765.43)):
        files[name]["cell"] = overwrite(staging / name, key, value)
        shutil.move(staging / name, folder / name)

    # 5 re-saved by LibreOffice (recalculated, cached values written, LibreOffice's own xlsx)
    resaved = ["projeto_02.xlsx", "projeto_11.xlsx", "projeto_23.xlsx", "projeto_30.xlsx", "projeto_36.xlsx"]
    for name in resaved:
        shutil.move(folder / name, staging / name)
    for name, path in zip(resaved, libreoffice.convert_many([staging / n for n in resaved], staging / "lo")):
        shutil.move(path, folder / name)
        files[name]["kind"] = "tcxl, LibreOffice"

    # 4 typed in the model's form (no Data; same CNPJ: each gets a title of its own)
    for i, src in enumerate(("modelo/dois_resultados.xlsx", "modelo/cinco_anos.xlsx", "habitos/arredonda.xlsx",
                             "habitos/n_por_item.xlsx")):
        title = f"Projeto digitado do modelo nº {i + 1}: {names[53 + i % 3]}"[:120]
        name = f"modelo_{Path(src).stem}.xlsx"
        retitle(DATA / src, folder / name, title)
        wb = tcxl.read_workbook(folder / name)
        start = wb.start_date()
        files[name] = {"kind": "modelo", "status": INCLUDED, "counts": True, "title": title,
                       "cnpj": digits(wb.info.get("entity.cnpj")), "protocol": "", "date": "",
                       "start": start.year, "years": wb.years, "filled": True}

    # 3 unreadable files and a shopping list
    some = (folder / "projeto_01.xlsx").read_bytes()
    (folder / "truncado.xlsx").write_bytes(some[:500])
    (folder / "planilha_antiga.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    (folder / "exportado_csv.xlsx").write_text("código;descrição;previsto\nA1.1;Diagnóstico;185000,00\n",
                                               encoding="utf-8")
    for name in ("truncado.xlsx", "planilha_antiga.xlsx", "exportado_csv.xlsx"):
        files[name] = {"kind": "unreadable", "status": UNREADABLE, "counts": False}
    shopping_list(folder / "lista_de_compras.xlsx")
    files["lista_de_compras.xlsx"] = {"kind": "not PROADI", "status": NOT_PROADI, "counts": False}

    # modification times: all alike, then the pairs' (A: the older Data is the newer file;
    # C: the same Data, the newer file wins)
    t0 = dt.datetime(2026, 7, 31, 12).timestamp()
    for name in files:
        os.utime(folder / name, (t0, t0))
    for old, new, order in pairs:
        if order == "later":
            os.utime(folder / old, (t0 + 3600, t0 + 3600))
        elif order == "older":
            os.utime(folder / old, (t0 - 3600, t0 - 3600))
    shutil.rmtree(staging)
    assert sorted(p.name for p in folder.iterdir()) == sorted(files), "arquivo a mais ou a menos na pasta"
    for name, entry in files.items():
        entry.setdefault("replaced_by", None)
    return {"folder": folder, "semester": SEMESTER, "files": files}


def describe(portfolio: dict) -> str:
    """The folder's composition, one line per kind and status."""
    from collections import Counter

    counts = Counter((f["kind"], f["status"].split(" por ")[0]) for f in portfolio["files"].values())
    return "\n".join(f"{n:3d}  {kind}: {status}" for (kind, status), n in sorted(counts.items()))


if __name__ == "__main__":  # python tests/portfolio.py FOLDER: build it and show what it holds
    import sys
    import time

    t = time.time()
    built = build_portfolio(sys.argv[1])
    print(describe(built))
    print(f"{len(built['files'])} arquivos em {time.time() - t:.1f} s")
