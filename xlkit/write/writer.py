"""Render a workbook spec into a blank (or pre-filled) .xlsx with xlsxwriter.

What a clerk gets: Chinese titles and headers, ``单位：万元`` captions, dropdowns fed from a
hidden 清单 sheet, numeric validation with Chinese messages, input cells unlocked and the rest
protected (no password), frozen headers, A4 landscape with repeated header rows, a 填表说明
sheet, and a hidden ``_xlkit`` sheet stamping the template kind and version.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from xlkit import __version__
from xlkit.spec.sheet_names import HELP_SHEET, LIST_SHEET, STAMP_SHEET
from xlkit.spec.templates import Column, FormField, SheetSpec, WorkbookSpec, lists
from xlkit.write.files import atomic_output

__all__ = ["render_workbook", "STAMP_SHEET", "LIST_SHEET", "HELP_SHEET", "TITLE_ROW", "HEADER_ROW"]

TITLE_ROW, CAPTION_ROW, HEADER_ROW = 0, 1, 2
FIRST_DATA_ROW = HEADER_ROW + 1
FONT = "宋体"
# A fixed creation time keeps two renders of the same spec identical (tests compare dumps).
CREATED = dt.datetime(2024, 1, 1)

NUM_FORMATS = {
    "text": "@",
    "longtext": "@",
    "code": "@",
    "int": "0",
    "decimal": "0.00",
    "score": "0.00",
    "amount": "#,##0.00",
    "yuan": "#,##0.00",
    "rate": "0.00%",
    "share": "0.0%",
    "date": "yyyy-mm-dd",
    "choice": "@",
}
NUMERIC_TYPES = frozenset({"int", "decimal", "score", "amount", "yuan"})
TYPE_WORDS = {
    "text": "文字",
    "longtext": "文字（可换行）",
    "code": "编码（文字）",
    "int": "整数",
    "decimal": "数字",
    "score": "分值，两位小数",
    "amount": "金额（万元），两位小数",
    "yuan": "金额（元），两位小数",
    "rate": "百分数，两位小数",
    "share": "百分数，一位小数",
    "date": "日期，如 2024-06-05",
    "choice": "下拉选择",
}


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Width in Excel character units: CJK characters take two."""
    # Cached: row heights measure the same indicator texts in every result of a batch.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class Fill:
    """Values a new workbook is pre-filled with: form fields and table rows by sheet key."""

    fields: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    title_values: Mapping[str, Any] = field(default_factory=dict)


class _Formats:
    """Every cell format of one workbook, created once (xlsxwriter formats are per workbook)."""

    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
        border = {**base, "border": 1}
        self._wb: Any = wb
        self._group_top: dict[tuple[str, bool], Any] = {}
        self._input_props: dict[str, dict[str, Any]] = {}
        self._computed_props: dict[str, dict[str, Any]] = {}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.caption = wb.add_format({**base, "align": "left"})
        self.caption_right = wb.add_format({**base, "align": "right"})
        self.header = wb.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"}
        )
        self.label = wb.add_format({**border, "text_wrap": True, "bg_color": "#F2F2F2"})
        self.label_bold = wb.add_format(
            {**border, "bold": True, "text_wrap": True, "bg_color": "#F2F2F2"}
        )
        self.help = wb.add_format({**base, "italic": True, "font_color": "#595959", "text_wrap": True})
        self.para = wb.add_format({**base, "text_wrap": True, "valign": "top"})
        self.plain = wb.add_format({**base})
        self.input: dict[str, Any] = {}
        self.open_input: dict[str, Any] = {}
        self.row_border = wb.add_format({"border": 1})  # drawn by a conditional format on a typed row
        self.computed: dict[str, Any] = {}
        self.total: dict[str, Any] = {}
        for kind, fmt in NUM_FORMATS.items():
            wrap = kind in ("longtext", "text", "choice")
            self._input_props[kind] = {**border, "locked": False, "num_format": fmt, "text_wrap": wrap,
                                       "valign": "top" if kind == "longtext" else "vcenter"}
            self.input[kind] = wb.add_format(self._input_props[kind])
            # The rows of a table below the bordered ones: still unlocked and formatted for typing, but
            # nothing on them prints until a clerk types there (a border or fill would print the grid).
            self.open_input[kind] = wb.add_format({k: v for k, v in self._input_props[kind].items() if k != "border"})
            self._computed_props[kind] = {**border, "num_format": fmt, "bg_color": "#F2F2F2", "align": "right"}
            self.computed[kind] = wb.add_format(self._computed_props[kind])
            self.total[kind] = wb.add_format(
                {**border, "num_format": fmt, "bg_color": "#F2F2F2", "bold": True}
            )
        self.input_bold = {
            k: wb.add_format({**border, "locked": False, "num_format": f, "bold": True})
            for k, f in NUM_FORMATS.items()
        }

    def group_top(self, kind: str, computed: bool) -> Any:
        """The input (or computed) format of ``kind`` with a medium top border: the first row of a new
        一级 group in an input table, which shows the grouping without merging cells a user may change."""
        key = (kind, computed)
        if key not in self._group_top:
            props = self._computed_props[kind] if computed else self._input_props[kind]
            self._group_top[key] = self._wb.add_format({**props, "top": 2})
        return self._group_top[key]


class _Lists:
    """The hidden 清单 sheet: one column per dropdown list, referenced by absolute range."""

    def __init__(self, extra: Mapping[str, Sequence[str]]):
        self.lists: dict[str, tuple[str, ...]] = {**lists(), **{k: tuple(v) for k, v in extra.items()}}
        self.columns = {name: i for i, name in enumerate(self.lists)}

    def source(self, name: str) -> str:
        col = self.columns[name]
        letter = xl_col_to_name(col)
        last = len(self.lists[name]) + 1
        # Always quoted: some clients misread unquoted CJK sheet names.
        return f"='{LIST_SHEET}'!${letter}$2:${letter}${last}"

    def write(self, wb: xlsxwriter.Workbook, fmt: _Formats) -> None:
        ws = wb.add_worksheet(LIST_SHEET)
        for name, col in self.columns.items():
            ws.write_string(0, col, name, fmt.header)
            for i, item in enumerate(self.lists[name], start=1):
                ws.write_string(i, col, item, fmt.plain)
            ws.set_column(col, col, max(10, display_width(max(self.lists[name] or [""], key=display_width)) + 2))
        ws.protect()
        ws.hide()


def _title(template: str, values: Mapping[str, Any]) -> str:
    # "{project}项目资金" with a project named "…补助项目" read "…补助项目项目资金": say it once.
    text = re.sub(r"项目(?=项目)", "", template.format_map(_Blank(values)))
    # A blank archive template has no unit or year: drop the dangling "年度" that remains.
    return re.sub(r"^(年度|年末|年)", "", text) if not values.get("year") else text


class _Blank(dict):
    def __init__(self, values: Mapping[str, Any]):
        super().__init__({k: ("" if v is None else v) for k, v in values.items()})

    def __missing__(self, key: str) -> str:
        return ""


def row_height(texts: Iterable[tuple[str, float]]) -> float | None:
    """Height that shows wrapped long text fully (14 pt a line), or None for the default.

    CJK glyphs of the fonts clients substitute (Noto/Source Han, 等线) run about 10 % wider than two
    Excel character units, so a line holds fewer characters than the column width suggests.
    """
    lines = 1
    for text, width in texts:
        if not text:
            continue
        per_line = max(1, int((width - 1) / 1.1))
        n = sum(max(1, math.ceil(display_width(part) / per_line)) for part in str(text).split("\n"))
        lines = max(lines, n)
    return None if lines <= 1 else min(409, 14 * lines + 4)


def _validation(item: Column | FormField, lst: _Lists) -> dict[str, Any] | None:
    """Data validation for one input column or field, with Chinese prompts and messages."""
    label = item.header if isinstance(item, Column) else item.label
    title = label[:32]
    dv: dict[str, Any]
    if item.type == "choice":
        inline = getattr(item, "inline", ())
        source: Any = list(inline) if inline else lst.source(item.list or "")
        free = getattr(item, "free", False)
        dv = {
            "validate": "list",
            "source": source,
            "error_type": "information" if free else "stop",
            "error_title": title,
            "error_message": f"“{label}”请从下拉列表中选择。" if not free
            else f"“{label}”不在下拉列表中，xlkit 会在校验时提示。",
        }
    elif item.type in NUMERIC_TYPES:
        lo = item.min if item.min is not None else -1e12
        hi = item.max if item.max is not None else 1e12
        whole = item.type == "int"
        dv = {
            "validate": "integer" if whole else "decimal",
            "criteria": "between",
            "minimum": int(lo) if whole else lo,
            "maximum": int(hi) if whole else hi,
            # Warning, not stop: "-" for not applicable must stay typeable.
            "error_type": "warning",
            "error_title": title,
            "error_message": (f"“{label}”应为整数" if whole else f"“{label}”应为数字")
            + (f"（{item.min:g} 至 {item.max:g}）" if item.min is not None and item.max is not None else "")
            + "；不适用可填“-”。",
        }
    elif item.type == "date":
        dv = {
            "validate": "date",
            "criteria": "between",
            "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2100, 12, 31),
            "error_type": "warning",
            "error_title": title,
            "error_message": f"“{label}”应为日期，如 2024-06-05。",
        }
    else:
        dv = {"validate": "any"}
    if item.help:
        dv["input_title"] = title
        dv["input_message"] = item.help[:255]
    if dv["validate"] == "any" and not item.help:
        return None
    return dv


def _write_value(ws: Any, row: int, col: int, value: Any, kind: str, fmt: Any) -> None:
    """Write a pre-fill value with an explicit type; user text never becomes a formula."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    elif kind in NUMERIC_TYPES and _is_number(value):
        ws.write_number(row, col, float(str(value)), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _is_number(value: Any) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True


PAPER = {"A4": 9, "A3": 8}
# Empty bordered rows a table sheet has below what is filled (the input grid itself is longer): enough to
# fill in by hand, few enough that a blank form prints on a page or two.
PRINT_BLANK_ROWS = 15
PRINT_NOTE = (f"打印：表格类工作表只打印有内容的行。已填写的行下面带框线的 {PRINT_BLANK_ROWS} 个空行也会打印，供手工填写；"
              "在其下继续填写的行自动加上框线，全部打印，不必设置打印区域。")
# Formulas would print the empty grid too, so the computed columns stop with the bordered rows.
PRINT_FORMULA_NOTE = "灰色计算栏的公式只到带框线的行为止；以下各行的计算结果不在表中显示，由 xlkit 校验和评分时计算。"


def print_area(sheet: SheetSpec) -> str | None:
    """The print area of a sheet with screen-only columns (None when every column prints): whole columns,
    the first through the last printed one. Excel, WPS and LibreOffice print such an area only as far
    down as the sheet has something to print, so rows a clerk adds print.

    Written as rows 1–1048576 (the same range as $A:$L): xlsxwriter would store $A:$L, which openpyxl
    can neither read nor keep. Excel and LibreOffice re-save it as $A:$L all the same, so fill_workbook
    (openpyxl) sets it again from here.
    """
    if len(sheet.printed_columns) == len(sheet.columns):
        return None
    return f"$A$1:${xl_col_to_name(len(sheet.printed_columns) - 1)}$1048576"


def _print_columns(wb: xlsxwriter.Workbook, sheet: SheetSpec) -> None:
    area = print_area(sheet)
    if area is not None:
        wb.define_name(f"'{sheet.name}'!_xlnm.Print_Area", f"='{sheet.name}'!{area}")


def print_setup(ws: Any, repeat_to: int | None, last_col: int, paper: str = "A4", scale: int | None = None) -> None:
    """Landscape, numbered pages, headings repeated; fitted to the paper's width, or printed at
    ``scale`` percent when the caller chose its own page breaks (fit-to-page would override them)."""
    ws.set_paper(PAPER[paper])
    ws.set_landscape()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.center_horizontally()
    if scale is None:
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(scale)
    ws.set_footer("&C第 &P 页，共 &N 页")
    if repeat_to is not None:
        ws.repeat_rows(HEADER_ROW, repeat_to)


def _protect(ws: Any, allow_insert: bool) -> None:
    ws.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "insert_rows": allow_insert,
            "delete_rows": allow_insert,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
        },
    )


def _title_rows(ws: Any, fmt: _Formats, title: str, last_col: int, caption_left: str, caption_right: str) -> None:
    ws.merge_range(TITLE_ROW, 0, TITLE_ROW, max(last_col, 1), title, fmt.title)
    ws.set_row(TITLE_ROW, 28)
    if caption_left:
        ws.write_string(CAPTION_ROW, 0, caption_left, fmt.caption)
    if caption_right:
        ws.write_string(CAPTION_ROW, max(last_col, 1), caption_right, fmt.caption_right)


def _form_sheet(ws: Any, sheet: SheetSpec, fmt: _Formats, lst: _Lists, fill: Fill, title: str) -> None:
    _title_rows(ws, fmt, title, 2, "", "")
    ws.write_string(HEADER_ROW, 0, "项目", fmt.header)
    ws.write_string(HEADER_ROW, 1, "填写内容", fmt.header)
    ws.write_string(HEADER_ROW, 2, "说明", fmt.header)
    ws.set_column(0, 0, max(16, max(display_width(f.label) for f in sheet.fields) + 4))
    ws.set_column(1, 1, 44)
    ws.set_column(2, 2, 48)
    for i, f in enumerate(sheet.fields):
        row = FIRST_DATA_ROW + i
        label = f"{f.label}（必填）" if f.required else f.label
        ws.write_string(row, 0, label, fmt.label_bold if f.required else fmt.label)
        value = fill.fields.get(f.key, f.default)
        _write_value(ws, row, 1, value, f.type, fmt.input[f.type])
        ws.write_string(row, 2, f.help, fmt.help)
        dv = _validation(f, lst)
        if dv:
            ws.data_validation(row, 1, row, 1, dv)
        height = row_height([(str(value or ""), 44), (f.help, 48)])
        ws.set_row(row, height if height else 20)
    ws.freeze_panes(FIRST_DATA_ROW, 0)
    print_setup(ws, HEADER_ROW, 2)
    ws.set_portrait()
    _protect(ws, False)


def _formula(template: str, cells: Mapping[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: cells[m.group(1)], template)


def _table_sheet(ws: Any, sheet: SheetSpec, fmt: _Formats, lst: _Lists, fill: Fill, title: str, caption: str) -> None:
    cols = sheet.columns
    last = len(cols) - 1
    # Screen-only columns (the last ones) are left off the page: the title and caption sit over the
    # printed columns, so they are centred and right-aligned on paper, not over columns that do not print.
    last_printed = len(sheet.printed_columns) - 1
    _title_rows(ws, fmt, title, last_printed, _unit_line(fill), caption)
    for c, col in enumerate(cols):
        ws.write_string(HEADER_ROW, c, col.header, fmt.header)
        ws.set_column(c, c, max(col.width, display_width(col.header) / 2 + 2))
    ws.set_row(HEADER_ROW, 30)
    data = list(fill.tables.get(sheet.key, ()))
    n_rows = max(sheet.rows, len(data) + 10)
    first, last_row = FIRST_DATA_ROW, FIRST_DATA_ROW + n_rows - 1
    # An input sheet merges nothing a user may change (merged cells block editing): the 一级/二级 names repeat on
    # every row, and a medium border opens each new 一级 group; outputs merge them as the reports do.
    group = sheet.merge[0] if sheet.merge else None
    # Only what is filled plus PRINT_BLANK_ROWS carries borders and formulas. A fixed print area that stopped
    # there left rows a clerk typed further down off the paper; instead nothing below prints until a clerk
    # types there (a border, a fill or a formula would print the whole grid: a blank 选项 sheet printed 7
    # pages of empty rows), and a conditional format borders each row that gets content.
    bordered = min(n_rows, len(data) + PRINT_BLANK_ROWS)
    for r in range(bordered, n_rows):
        for c, col in enumerate(cols):
            if not col.formula:
                ws.write_blank(first + r, c, None, fmt.open_input[col.type])
    for r in range(bordered):
        row = first + r
        values = data[r] if r < len(data) else {}
        opens = group is not None and 0 < r < len(data) and values.get(group) != data[r - 1].get(group)
        cells = {col.key: xl_rowcol_to_cell(row, c) for c, col in enumerate(cols)}
        for c, col in enumerate(cols):
            if col.formula:
                cf = fmt.group_top(col.type, True) if opens else fmt.computed[col.type]
                ws.write_formula(row, c, _formula(col.formula, cells), cf, "")
            else:
                f = fmt.group_top(col.type, False) if opens else fmt.input[col.type]
                _write_value(ws, row, c, values.get(col.key), col.type, f)
        height = row_height((str(values.get(col.key) or ""), col.width) for col in cols)
        if height:
            ws.set_row(row, height)
    for c, col in enumerate(cols):
        if col.is_input:
            dv = _validation(col, lst)
            if dv:
                ws.data_validation(first, c, last_row, c, dv)
    if sheet.total_row:
        _total_row(ws, sheet, fmt, last_row + 1, first, last_row)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, last_row, last)
    if bordered < n_rows:
        # The open rows hold no formulas, so any content in the row is something a clerk typed.
        row_cells = f"{xl_rowcol_to_cell(first + bordered, 0, col_abs=True)}:{xl_rowcol_to_cell(first + bordered, last, col_abs=True)}"
        ws.conditional_format(first + bordered, 0, last_row, last,
                              {"type": "formula", "criteria": f"=COUNTA({row_cells})>0", "format": fmt.row_border})
    print_setup(ws, HEADER_ROW, last_printed, sheet.paper)
    _protect(ws, sheet.allow_insert)
    # No row bound: the clients print down to the last row with content. Screen-only columns are kept off
    # the page by a print area over whole columns (_print_columns); a sheet that prints every column needs none.


def _total_row(ws: Any, sheet: SheetSpec, fmt: _Formats, row: int, first: int, last_row: int) -> None:
    cells = {col.key: xl_rowcol_to_cell(row, c) for c, col in enumerate(sheet.columns)}
    for c, col in enumerate(sheet.columns):
        if c == 0:
            ws.write_string(row, c, sheet.total_row, fmt.total["text"])
        elif col.sum:
            rng = f"{xl_rowcol_to_cell(first, c)}:{xl_rowcol_to_cell(last_row, c)}"
            ws.write_formula(row, c, f"=SUM({rng})", fmt.total[col.type], "")
        elif col.formula:
            ws.write_formula(row, c, _formula(col.formula, cells), fmt.total[col.type], "")
        else:
            ws.write_blank(row, c, None, fmt.total["text"])


def _fixed_sheet(ws: Any, sheet: SheetSpec, fmt: _Formats, lst: _Lists, fill: Fill, title: str, caption: str) -> None:
    cols = sheet.columns
    last = len(cols)
    _title_rows(ws, fmt, title, last, _unit_line(fill), caption)
    ws.write_string(HEADER_ROW, 0, sheet.label_header, fmt.header)
    ws.set_column(0, 0, sheet.label_width)
    for c, col in enumerate(cols, start=1):
        ws.write_string(HEADER_ROW, c, col.header, fmt.header)
        ws.set_column(c, c, max(col.width, display_width(col.header) / 2 + 2))
    ws.set_row(HEADER_ROW, 30)
    rows: object = fill.tables.get(sheet.key, {})  # for a fixed-row sheet: row key → {column key: value}
    values_by_key = rows if isinstance(rows, Mapping) else {}
    for i, fr in enumerate(sheet.fixed_rows):
        row = FIRST_DATA_ROW + i
        label_fmt = fmt.label_bold if (fr.children or fr.total) else fmt.label
        ws.write_string(row, 0, ("    " * fr.indent) + fr.label, label_fmt)
        cells = {col.key: xl_rowcol_to_cell(row, c) for c, col in enumerate(cols, start=1)}
        values = values_by_key.get(fr.key, {})
        for c, col in enumerate(cols, start=1):
            if col.formula:
                ws.write_formula(row, c, _formula(col.formula, cells), fmt.computed[col.type], "")
            else:
                f = fmt.input_bold[col.type] if (fr.children or fr.total) else fmt.input[col.type]
                _write_value(ws, row, c, values.get(col.key), col.type, f)
        ws.set_row(row, 20)
    last_row = FIRST_DATA_ROW + len(sheet.fixed_rows) - 1
    for c, col in enumerate(cols, start=1):
        if col.is_input:
            dv = _validation(col, lst)
            if dv:
                ws.data_validation(FIRST_DATA_ROW, c, last_row, c, dv)
    ws.freeze_panes(FIRST_DATA_ROW, 1)
    print_setup(ws, HEADER_ROW, last, sheet.paper)
    _protect(ws, False)
    ws.print_area(0, 0, last_row, last)


def _screen_only_note(sheet: SheetSpec) -> str:
    first, last = sheet.columns[len(sheet.printed_columns)], sheet.columns[-1]
    return (f"打印：“{sheet.name}”只打印“{sheet.columns[0].header}”至“{sheet.printed_columns[-1].header}”各栏，"
            f"“{first.header}”至“{last.header}”各栏供屏幕填写和 xlkit 计算使用，不打印（列太多会使打印字号过小）。")


def _unit_line(fill: Fill) -> str:
    unit = fill.title_values.get("unit")
    return f"填报单位：{unit}" if unit else "填报单位："


def _help_sheet(ws: Any, spec: WorkbookSpec, fmt: _Formats, extra: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]]) -> None:
    widths = [16, 18, 22, 10, 70]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.merge_range(0, 0, 0, 4, f"{spec.title} 填表说明", fmt.title)
    ws.set_row(0, 28)
    row = 2
    paras = list(spec.help)
    tables = [sheet for sheet in spec.sheets if sheet.layout == "table"]
    if tables:
        formulas = any(col.formula for sheet in tables for col in sheet.columns)
        paras.append(PRINT_NOTE + (PRINT_FORMULA_NOTE if formulas else ""))
    paras.extend(_screen_only_note(sheet) for sheet in spec.sheets if len(sheet.printed_columns) < len(sheet.columns))
    for i, para in enumerate(paras, start=1):
        ws.merge_range(row, 0, row, 4, f"{i}. {para}", fmt.para)
        ws.set_row(row, row_height([(para, sum(widths) - 4)]) or 18)
        row += 1
    row += 1
    ws.merge_range(row, 0, row, 4, "各工作表栏目说明", fmt.label_bold)
    row += 1
    for c, head in enumerate(("工作表", "栏目", "格式", "必填", "说明")):
        ws.write_string(row, c, head, fmt.header)
    ws.repeat_rows(row, row)
    row += 1
    for sheet in spec.sheets:
        items: list[Column | FormField] = [*sheet.fields, *sheet.columns]
        for item in items:
            label = item.header if isinstance(item, Column) else item.label
            kind = TYPE_WORDS[item.type]
            if isinstance(item, Column) and item.formula:
                kind = "公式（自动计算）"
            note = item.help
            if item.type == "choice" and item.list:
                note = (note + " " if note else "") + f"可选：{_list_text(item)}"
            for c, text in enumerate((sheet.name, label, kind, "是" if item.required else "", note)):
                ws.write_string(row, c, text, fmt.label if c < 4 else fmt.para)
            ws.set_row(row, row_height([(note, widths[4])]) or 18)
            row += 1
        if sheet.layout == "fixed":
            ws.write_string(row, 0, sheet.name, fmt.label)
            ws.write_string(row, 1, sheet.label_header, fmt.label)
            ws.write_string(row, 2, "固定行", fmt.label)
            ws.write_string(row, 3, "", fmt.label)
            text = "、".join(r.label for r in sheet.fixed_rows)
            ws.write_string(row, 4, text, fmt.para)
            ws.set_row(row, row_height([(text, widths[4])]) or 18)
            row += 1
    for heading, headers, body in extra:
        row += 1
        ws.merge_range(row, 0, row, 4, heading, fmt.label_bold)
        row += 1
        for c, head in enumerate(headers):
            ws.write_string(row, c, head, fmt.header)
        row += 1
        for line in body:
            for c, text in enumerate(line):
                ws.write_string(row, c, text, fmt.para if c == len(line) - 1 else fmt.label)
            ws.set_row(row, row_height([(line[-1], widths[len(line) - 1])]) or 18)
            row += 1
    ws.fit_to_pages(1, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.protect()


_LIST_CACHE: dict[str, tuple[str, ...]] = {}


def _list_text(item: Column | FormField) -> str:
    inline = getattr(item, "inline", ())
    if inline:
        return "、".join(inline)
    values = _LIST_CACHE.get(item.list or "", ())
    if len(values) > 8:
        return "见下方清单"
    return "、".join(values)


def _stamp(wb: xlsxwriter.Workbook, spec: WorkbookSpec, extra: Mapping[str, str]) -> None:
    ws = wb.add_worksheet(STAMP_SHEET)
    rows = {"kind": spec.kind, "version": spec.version, "generator": f"xlkit {__version__}", **extra}
    for r, (k, v) in enumerate(rows.items()):
        ws.write_string(r, 0, k)
        ws.write_string(r, 1, str(v))
    ws.protect()
    ws.very_hidden()


def render_workbook(
    spec: WorkbookSpec,
    path: Path,
    *,
    fill: Fill | None = None,
    extra_lists: Mapping[str, Sequence[str]] | None = None,
    help_tables: Sequence[tuple[str, Sequence[str], Sequence[Sequence[str]]]] = (),
    stamp: Mapping[str, str] | None = None,
    force: bool = False,
) -> Path:
    """Write ``spec`` to ``path`` atomically; refuse to overwrite unless ``force``."""
    fill = fill or Fill()
    lst = _Lists(extra_lists or {})
    _LIST_CACHE.clear()
    _LIST_CACHE.update(lst.lists)
    values = {**fill.fields, **fill.title_values}
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True},
        )
        wb.set_properties(
            {
                "title": spec.title,
                "subject": f"xlkit {spec.kind} {spec.version}",
                "author": "xlkit",
                "comments": "由 xlkit 生成的标准模板",
                "created": CREATED,
            }
        )
        wb.set_custom_property("xlkit_kind", spec.kind)
        wb.set_custom_property("xlkit_version", spec.version)
        fmt = _Formats(wb)
        for sheet in spec.sheets:
            ws = wb.add_worksheet(sheet.name)
            title = _title(sheet.title or spec.title, values)
            caption = spec.unit_caption
            if sheet.layout == "form":
                _form_sheet(ws, sheet, fmt, lst, fill, title)
            elif sheet.layout == "table":
                has_amounts = any(c.type == "amount" for c in sheet.columns)
                _table_sheet(ws, sheet, fmt, lst, fill, title, caption if has_amounts else "")
                _print_columns(wb, sheet)
            else:
                _fixed_sheet(ws, sheet, fmt, lst, fill, title, caption)
        _help_sheet(wb.add_worksheet(HELP_SHEET), spec, fmt, help_tables)
        lst.write(wb, fmt)
        _stamp(wb, spec, stamp or {})
        wb.worksheets()[0].activate()
        wb.close()
    return path
