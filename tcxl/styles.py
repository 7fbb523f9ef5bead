"""Cell styles as data: name -> xlsxwriter format properties.

Input styles are unlocked and shaded; everything else stays locked under sheet
protection. Layout cells refer to styles by name only.
"""

from __future__ import annotations

BRL = '"R$" #,##0.00'
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
INPUT_FILL = "#FFF2CC"
FORMULA_FILL = "#F2F2F2"
HEADER_FILL = "#D9E1F2"

_BOX = {"border": 1, "valign": "vcenter"}
_INPUT = {**_BOX, "locked": False, "bg_color": INPUT_FILL}
_FORMULA = {**_BOX, "bg_color": FORMULA_FILL}

STYLES: dict[str, dict] = {
    "title": {"bold": True, "font_size": 13},
    "section": {"bold": True, "font_color": "#1F3864"},
    "note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "header": {**_BOX, "bold": True, "align": "center", "text_wrap": True, "bg_color": HEADER_FILL},
    "label": {**_BOX, "text_wrap": True},
    "label_bold": {**_BOX, "bold": True, "text_wrap": True},
    "block": {**_BOX, "bold": True, "bg_color": "#E2EFDA"},
    "blank": {**_BOX},
    # unlocked without shading: a row inserted below it (which copies its format) can be typed in
    "open": {**_BOX, "locked": False},
    "disabled": {**_BOX, "bg_color": "#BFBFBF"},
    "input_text": {**_INPUT, "text_wrap": True},
    # a number that is text (the protocol's NUP): typed as digits alone it must not become
    # 2,5E+16 and lose its last digits (Excel keeps 15)
    "input_code": {**_INPUT, "num_format": "@", "align": "left"},
    "input_title": {**_INPUT, "bold": True, "text_wrap": True},
    "input_money": {**_INPUT, "num_format": BRL},
    "input_number": {**_INPUT},
    "input_date": {**_INPUT, "num_format": DATE, "align": "left"},
    "input_mark": {**_INPUT, "align": "center"},
    "money": {**_FORMULA, "num_format": BRL},
    "money_bold": {**_FORMULA, "num_format": BRL, "bold": True},
    "percent": {**_FORMULA, "num_format": PERCENT},
    "percent_bold": {**_FORMULA, "num_format": PERCENT, "bold": True},
    "number": {**_FORMULA},
}
