"""Fill a freshly generated template from Python, the way a clerk fills it in Excel.

Values go into input cells only (located through the spec, as the writer placed them);
formulas, headers and protection stay as generated. Used to build the bundled samples
and by analysts who hold their data in Python or pandas. The template is written to a
new file; the original is left untouched.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from xlkit.errors import XlkitError
from xlkit.spec.templates import WorkbookSpec
from xlkit.write.files import atomic_output
from xlkit.write.writer import FIRST_DATA_ROW, print_area

__all__ = ["fill_workbook"]


def _put(cell: Any, v: Any) -> None:
    # Decimals are written as numbers; openpyxl stores them exactly as their text. Text that
    # starts with "=" (a 自评表's "=30437 人") is what the clerk typed into a text-formatted
    # cell, so it stays text instead of becoming a formula.
    cell.value = v
    if isinstance(v, str) and v.startswith("="):
        cell.data_type = "s"


def fill_workbook(
    template: Path,
    spec: WorkbookSpec,
    out: Path,
    *,
    forms: Mapping[str, Mapping[str, Any]] | None = None,
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    fixed: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
    force: bool = False,
) -> Path:
    """Write ``template`` filled with values (by sheet, column/field and row keys of ``spec``) to ``out``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(template)
    for sheet in spec.sheets:
        area = print_area(sheet)
        if area is not None and sheet.name in wb.sheetnames:
            # a template re-saved by Excel or LibreOffice holds $A:$L, which openpyxl drops on load
            wb[sheet.name].print_area = area
    for sheet_key, values in (forms or {}).items():
        sheet = spec.sheet(sheet_key)
        ws = wb[sheet.name]
        keys = [f.key for f in sheet.fields]
        for key, v in values.items():
            if key not in keys:
                raise XlkitError(f"{sheet.name} 没有字段 {key}")
            _put(ws.cell(FIRST_DATA_ROW + 1 + keys.index(key), 2), v)
    for sheet_key, rows in (tables or {}).items():
        sheet = spec.sheet(sheet_key)
        ws = wb[sheet.name]
        keys = [c.key for c in sheet.columns]
        capacity = sheet.rows
        if len(rows) > capacity:
            raise XlkitError(f"{sheet.name} 最多 {capacity} 行，实际 {len(rows)} 行")
        for i, row in enumerate(rows):
            for key, v in row.items():
                if key not in keys:
                    raise XlkitError(f"{sheet.name} 没有栏目 {key}")
                if sheet.column(key).formula:
                    raise XlkitError(f"{sheet.name} 的 {key} 是公式列，不能填写")
                cell = ws.cell(FIRST_DATA_ROW + 1 + i, keys.index(key) + 1)
                if type(cell).__name__ == "MergedCell":
                    continue
                _put(cell, v)
    for sheet_key, by_row in (fixed or {}).items():
        sheet = spec.sheet(sheet_key)
        ws = wb[sheet.name]
        row_keys = [r.key for r in sheet.fixed_rows]
        col_keys = [c.key for c in sheet.columns]
        for row_key, values in by_row.items():
            if row_key not in row_keys:
                raise XlkitError(f"{sheet.name} 没有行 {row_key}")
            for key, v in values.items():
                if key not in col_keys:
                    raise XlkitError(f"{sheet.name} 没有栏目 {key}")
                if sheet.column(key).formula:
                    raise XlkitError(f"{sheet.name} 的 {key} 是公式列，不能填写")
                _put(ws.cell(FIRST_DATA_ROW + 1 + row_keys.index(row_key), col_keys.index(key) + 2), v)
    with atomic_output(out, force=force) as tmp:
        wb.save(tmp)
    return out
