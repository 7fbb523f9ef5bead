"""Type into a workbook through LibreOffice's UNO bridge, as an analyst would (SPEC §7).

Run by the *system* interpreter (``/usr/bin/python3``: only it can import ``uno``); it
imports nothing from tcxl. Usage::

    /usr/bin/python3 uno_typist.py IN.xlsx OUT.xlsx REPORT.json

It opens IN (the blank template), finds cells by their labels, types the title, CNPJ and
activity descriptions, inserts a row just above result 1's ``Total (R$)`` in the
disbursement schedule and types ``A1.4`` with a description and amounts (no formulas),
marks A1.4's semesters in a spare row of the activity schedule, inserts two rows under A2.3
there and types A2.4 with a mark, saves OUT as xlsx and
writes REPORT: what it typed where, whether each sheet is protected and each typed cell
unlocked, every formula cell's lock, and the totals LibreOffice computed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

DIS, SCH, INFO = "Cronograma de Desembolso", "Cronograma de Atividades", "Identificação"
AMOUNTS = (1500.25, 2750.0, 1000.0)  # A1.4, Ano I..III Previsto


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(port: int, profile: str):
    proc = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": profile})
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(240):
        try:
            ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            return proc, desktop
        except NoConnectException:
            if proc.poll() is not None:
                raise SystemExit("soffice exited before accepting connections")
            time.sleep(0.25)
    proc.kill()
    raise SystemExit("could not connect to soffice")


def used_rows(sheet) -> int:
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.getRangeAddress().EndRow + 1


def find(sheet, text: str, col: int | None = None, start: int = 0) -> tuple[int, int]:
    """(row, col) of the first cell whose text is ``text`` (0-based), scanning rows."""
    for row in range(start, used_rows(sheet)):
        for c in ([col] if col is not None else range(0, 20)):
            if sheet.getCellByPosition(c, row).getString().strip() == text:
                return row, c
    raise SystemExit(f"{text!r} not found on {sheet.getName()}")


def name(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def main(src: str, out: str, report_path: str) -> None:
    profile = tempfile.mkdtemp(prefix="tcxl-uno-")
    port = 20000 + os.getpid() % 20000
    proc, desktop = connect(port, profile)
    typed: list[tuple[str, str]] = []  # (sheet, cell) of every cell typed into
    try:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0,
                                           (prop("Hidden", True),))
        sheets = doc.getSheets()

        def type_text(sheet, row, col, text):
            sheet.getCellByPosition(col, row).setString(text)
            typed.append((sheet.getName(), name(col, row)))

        def type_number(sheet, row, col, value):
            sheet.getCellByPosition(col, row).setValue(value)
            typed.append((sheet.getName(), name(col, row)))

        info = sheets.getByName(INFO)
        row, col = find(info, "2.1. Título do Projeto", 0)
        type_text(info, row, 1, "Projeto digitado no LibreOffice")
        row, _ = find(info, "CNPJ:", 0)
        type_text(info, row, 1, "11.222.333/0001-81")

        dis = sheets.getByName(DIS)
        for code in ("A1.1", "A1.2", "A1.3"):
            row, _ = find(dis, code, 0)
            type_text(dis, row, 1, f"Atividade {code} digitada")
            type_number(dis, row, 2, 100.0)
        total_row, _ = find(dis, "Total (R$)", 0)
        dis.getRows().insertByIndex(total_row, 1)  # just above result 1's Total (R$)
        new = total_row
        type_text(dis, new, 0, "A1.4")
        type_text(dis, new, 1, "Atividade inserida acima do total")
        head, _ = find(dis, "Previsto", None)
        year_cols = [c for c in range(2, 20) if dis.getCellByPosition(c, head).getString() == "Previsto"][:3]
        for c, value in zip(year_cols, AMOUNTS):
            type_number(dis, new, c, value)

        sch = sheets.getByName(SCH)
        last, _ = find(sch, "A1.3", 0)
        spare = last + 2  # the first spare pair of result 1: Previsto row, then Realizado
        type_text(sch, spare, 0, "A1.4")
        type_text(sch, spare, 1, "Atividade inserida acima do total")
        sem_row, _ = find(sch, "1º Sem", None)
        sems = [c for c in range(4, 30) if sch.getCellByPosition(c, sem_row).getString().endswith("Sem")]
        for c in sems[:2]:
            type_text(sch, spare, c, "X")
        below, _ = find(sch, "A2.3", 0)
        sch.getRows().insertByIndex(below + 2, 2)  # a pair of rows under A2.3's Realizado row
        type_text(sch, below + 2, 0, "A2.4")
        type_text(sch, below + 2, 1, "Atividade em linhas inseridas")
        type_text(sch, below + 2, sems[2], "X")

        doc.calculateAll()
        total_row += 1  # moved down by the insertion
        computed = {f"Ano {i + 1}": dis.getCellByPosition(c, total_row).getValue() for i, c in enumerate(year_cols)}
        formulas_text = [dis.getCellByPosition(c, total_row).getFormula() for c in year_cols]

        protected = {sheets.getByIndex(i).getName(): bool(sheets.getByIndex(i).isProtected())
                     for i in range(sheets.getCount())}
        locked_typed = {f"{s}!{c}": bool(sheets.getByName(s).getCellRangeByName(c).CellProtection.IsLocked)
                        for s, c in typed}
        formula_locks = {}
        for i in range(sheets.getCount()):
            sheet = sheets.getByIndex(i)
            if sheet.getName().startswith("_"):
                continue
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            end = cursor.getRangeAddress()
            for r in range(end.EndRow + 1):
                for c in range(end.EndColumn + 1):
                    cell = sheet.getCellByPosition(c, r)
                    if cell.getFormula().startswith("="):
                        formula_locks[f"{sheet.getName()}!{name(c, r)}"] = bool(cell.CellProtection.IsLocked)

        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(out)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        report = {"typed": [f"{s}!{c}" for s, c in typed], "protected": protected, "typed_locked": locked_typed,
                  "formula_locked": formula_locks, "total_row": total_row + 1, "inserted_row": new + 1,
                  "computed_totals": computed, "total_formulas": formulas_text, "amounts": list(AMOUNTS)}
        with open(report_path, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the office may already be gone
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
