"""The diff as a workbook (``tcxl diff -o diff.xlsx``): one sheet per view of the changes
:func:`tcxl.changes.diff` found, the changed values highlighted, and a chart of Previsto old
and new by block."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .changes import COLUMNS, ERROR_KINDS
from .vocabulary import headers, shown_value

VIEWS = (  # sheet, kinds shown on it
    ("Erros", ERROR_KINDS),
    ("Atividades", ("atividade_incluida", "atividade_excluida", "atividade_recodificada", "descricao_alterada")),
    ("Previsto por atividade", ("previsto_atividade",)),
    ("Previsto por conta", ("previsto_conta",)),
    ("Executado", ("executado_alterado",)),
    ("Semestres", ("semestre_incluido", "semestre_excluido")),
    ("Metas", ("meta_alterada",)),
    ("Cadastro", ("cadastro_alterado",)),
)
WIDTHS = {
    "kind": 22,
    "severity": 10,
    "item": 12,
    "description": 36,
    "year": 6,
    "semester": 9,
    "field": 12,
    "old": 18,
    "new": 18,
    "difference": 17,
    "difference_pct": 11,
    "message": 70,
}


def blocks(old: str | Path, new: str | Path):
    """Previsto per block (all years), old and new: the data of the diff workbook's chart."""
    import pandas as pd

    from .read import read_workbook

    totals = [
        read_workbook(p).disbursement.groupby("block", sort=True, observed=True).planned.sum(min_count=0)
        for p in (old, new)
    ]
    frame = pd.concat(totals, axis=1, keys=["old", "new"]).fillna(0.0).reset_index()
    frame["block"] = [
        f"Resultado {b}" if str(b).isdigit() else {"M": "Monitoramento", "CI": "Custos indiretos"}.get(b, str(b))
        for b in frame["block"]
    ]
    return frame


def write_diff(changes, block_totals, path: str | Path, title: str) -> Path:
    """The diff as a workbook: a sheet per view, the changed values highlighted, and a chart
    of Previsto old × new by block."""
    import xlsxwriter

    from .atomic import atomic_write
    from .build import FIXED_CREATED, print_setup

    path = Path(path)
    with atomic_write(path, ".xlsx") as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {
                "strings_to_urls": False,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "nan_inf_to_errors": True,
            },
        )
        wb.set_properties({"title": title, "author": "tcxl", "created": FIXED_CREATED})
        head = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        plain = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        money = wb.add_format({"border": 1, "num_format": '"R$" #,##0.00', "valign": "top"})
        pct = wb.add_format({"border": 1, "num_format": "0.0%", "valign": "top"})
        changed = wb.add_format({"border": 1, "bg_color": "#FFE699", "num_format": '"R$" #,##0.00', "valign": "top"})
        changed_text = wb.add_format({"border": 1, "bg_color": "#FFE699", "text_wrap": True, "valign": "top"})
        error = wb.add_format({"border": 1, "bg_color": "#FFC7CE", "text_wrap": True, "valign": "top"})
        columns = [c for c in COLUMNS if not c.endswith("_amount")]  # amounts shown in Antes/Depois
        _blocks_sheet(wb, block_totals, head, money)
        for name, kinds in VIEWS:
            rows = changes[changes.kind.isin(kinds)]
            ws = wb.add_worksheet(name)
            ws.write_string(0, 0, f"{name} — {title}", wb.add_format({"bold": True, "font_size": 12}))
            for c, (col, header) in enumerate(zip(columns, headers(columns))):
                ws.write_string(1, c, header, head)
                ws.set_column(c, c, WIDTHS[col])
            for r, row in enumerate(rows.to_dict("records"), start=2):
                money_row = not math.isnan(row["old_amount"])
                for c, col in enumerate(columns):
                    value = row[f"{col}_amount"] if money_row and col in ("old", "new") else shown_value(col, row[col])
                    fmt = pct if col == "difference_pct" else money if col == "difference" else plain
                    if col in ("old", "new"):
                        fmt = changed if money_row else changed_text
                    if col == "severity" and row[col] == "error":
                        fmt = error
                    _write(ws, r, c, value, fmt)
            ws.freeze_panes(2, 0)
            ws.autofilter(1, 0, max(1, len(rows) + 1), len(columns) - 1)
            print_setup(ws, [WIDTHS[c] for c in columns], (1, 1), 1)
        wb.close()
    return path


def _blocks_sheet(wb, frame, head, money) -> None:
    from .build import print_setup

    ws = wb.add_worksheet("Blocos")
    for c, text in enumerate(("Bloco", "Previsto antes (R$)", "Previsto depois (R$)", "Diferença (R$)")):
        ws.write_string(0, c, text, head)
        ws.set_column(c, c, 22 if c == 0 else 18)
    for r, row in enumerate(frame.itertuples(), start=1):
        ws.write_string(r, 0, str(row.block))
        ws.write_number(r, 1, row.old, money)
        ws.write_number(r, 2, row.new, money)
        ws.write_number(r, 3, row.new - row.old, money)
    if len(frame):
        chart = wb.add_chart({"type": "column"})
        for col, name in ((1, "Antes"), (2, "Depois")):
            chart.add_series(
                {
                    "name": name,
                    "categories": ["Blocos", 1, 0, len(frame), 0],
                    "values": ["Blocos", 1, col, len(frame), col],
                }
            )
        chart.set_title({"name": "Previsto por bloco: antes × depois"})
        chart.set_y_axis({"num_format": '"R$" #,##0', "min": 0})
        chart.set_size({"width": 640, "height": 340})
        ws.insert_chart(len(frame) + 3, 0, chart)
    print_setup(ws, [22, 18, 18, 18], (0, 0), 1)


def _write(ws, r: int, c: int, value: Any, fmt) -> None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, "sim" if value else "não", fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)
