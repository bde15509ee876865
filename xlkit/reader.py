"""Read a filled workbook back through the same spec that wrote it.

Tolerant of what real clients save: sheets reordered or extra sheets added, rows inserted
inside a table, columns moved (headers are matched by text), merged 一级/二级 cells,
trailing spaces, numbers typed as text. Never trusts cached formula values of computed
columns (they are not read at all) and never iterates to ``max_row`` beyond a fixed cap.
Every problem becomes an Issue with file, sheet and cell; reading goes on after it.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from .cells import CellError, is_blank, parse_cell, text_of
from .errors import WorkbookError
from .issues import Issue, Severity
from .safety import load
from .spec import Column, SheetSpec, WorkbookSpec, lists, workbook_specs

__all__ = ["Row", "SheetData", "WorkbookData", "read_workbook", "MAX_TABLE_ROWS", "norm"]

MAX_TABLE_ROWS = 5_000
HEADER_SCAN_ROWS = 15
STAMP_SHEET = "_xlkit"


def norm(text: Any) -> str:
    """Header/label text for matching: NFKC, no spaces, no 必填 mark."""
    t = unicodedata.normalize("NFKC", text_of(text))
    t = re.sub(r"\s+", "", t)
    return t.replace("(必填)", "")


@dataclass
class Row:
    """One data row: typed values and the cell reference of every value by column key."""

    values: dict[str, Any]
    cells: dict[str, str]
    excel_row: int
    raw: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


@dataclass
class SheetData:
    name: str
    present: bool = True
    fields: Row | None = None  # form layout
    rows: list[Row] = field(default_factory=list)  # table layout
    fixed: dict[str, Row] = field(default_factory=dict)  # fixed layout, by row key


@dataclass
class WorkbookData:
    path: Path
    spec: WorkbookSpec
    sheets: dict[str, SheetData]
    issues: list[Issue]
    stamp: dict[str, str] = field(default_factory=dict)

    def sheet(self, name: str) -> SheetData:
        return self.sheets.get(name) or SheetData(name=name, present=False)


class _Ctx:
    def __init__(self, path: Path, spec: WorkbookSpec, extra_lists: dict[str, tuple[str, ...]]):
        self.file = path.name
        self.spec = spec
        self.issues: list[Issue] = []
        self.lists = {**lists(), **extra_lists}

    def issue(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
              severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
        self.issues.append(
            Issue(code=code, message=message, severity=severity, file=self.file, sheet=sheet, cell=cell,
                  value=None if value is None else text_of(value)[:200], expected=expected)
        )


def _merged_values(ws: Any) -> dict[tuple[int, int], Any]:
    """Value of the top-left cell for every cell covered by a merge (openpyxl leaves them None)."""
    out: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                if (r, c) != (rng.min_row, rng.min_col):
                    out[(r, c)] = value
    return out


def _cell_value(ws: Any, merged: dict[tuple[int, int], Any], r: int, c: int) -> Any:
    cell = ws.cell(r, c)
    if isinstance(cell, MergedCell):
        return merged.get((r, c))
    return cell.value


def _parse(ctx: _Ctx, sheet: str, ref: str, raw: Any, item: Any, label: str) -> Any:
    if isinstance(raw, str) and raw.startswith("="):
        ctx.issue("formula-in-input", f"“{label}”含公式 {raw[:60]}，请改为数值（xlkit 不读取公式结果）",
                  sheet, ref, value=raw, expected="数值")
        return None
    try:
        value = parse_cell(raw, item.type)
    except CellError as exc:
        ctx.issue("type-error", f"{label}{exc}", sheet, ref, value=raw,
                  expected=item.type)
        return None
    if value is None:
        if item.required:
            ctx.issue("required-missing", f"“{label}”为必填项", sheet, ref)
        return None
    if item.type == "choice" and item.list:
        allowed = tuple(getattr(item, "inline", ())) or ctx.lists.get(item.list, ())
        if allowed and value not in allowed:
            free = getattr(item, "free", False)
            ctx.issue("not-in-list" if not free else "not-in-list-free",
                      f"“{label}”应为 {'、'.join(allowed[:12])}{'…' if len(allowed) > 12 else ''} 之一，实际为 \"{value}\"",
                      sheet, ref, Severity.WARNING if free else Severity.ERROR, value=raw)
            if not free:
                return None
    lo, hi = getattr(item, "min", None), getattr(item, "max", None)
    if isinstance(value, (int, Decimal)) and (lo is not None or hi is not None):
        number = Decimal(value)
        if (lo is not None and number < Decimal(str(lo))) or (hi is not None and number > Decimal(str(hi))):
            if lo is not None and hi is not None:
                rng = f"应在 {lo:g} 至 {hi:g} 之间"
            else:
                rng = f"应不小于 {lo:g}" if lo is not None else f"应不大于 {hi:g}"
            ctx.issue("out-of-range", f"“{label}”{rng}，实际为 {text_of(raw)}", sheet, ref, value=raw)
            return None
    return value


def _read_form(ctx: _Ctx, ws: Any, sheet: SheetSpec) -> SheetData:
    merged = _merged_values(ws)
    labels: dict[str, int] = {}
    for r in range(1, min(ws.max_row, 200) + 1):
        text = norm(_cell_value(ws, merged, r, 1))
        if text and text not in labels:
            labels[text] = r
    values, cells, raw = {}, {}, {}
    for f in sheet.fields:
        r = labels.get(norm(f.label))
        if r is None:
            ctx.issue("row-missing", f"找不到“{f.label}”一行（项目名称被改动或删除）", sheet.name, "A")
            continue
        ref = f"B{r}"
        cells[f.key] = ref
        raw[f.key] = ws.cell(r, 2).value
        values[f.key] = _parse(ctx, sheet.name, ref, raw[f.key], f, f.label)
    return SheetData(name=sheet.name, fields=Row(values=values, cells=cells, excel_row=0, raw=raw))


def _find_header(ws: Any, merged: dict[tuple[int, int], Any], wanted: list[str]) -> tuple[int, dict[str, int]]:
    """The row (within the first rows) whose cells match most of ``wanted``, and where each is."""
    best_row, best_map = 0, {}
    width = min(ws.max_column, 60)
    for r in range(1, min(ws.max_row, HEADER_SCAN_ROWS) + 1):
        found: dict[str, int] = {}
        for c in range(1, width + 1):
            text = norm(_cell_value(ws, merged, r, c))
            if text in wanted and text not in found:
                found[text] = c
        if len(found) > len(best_map):
            best_row, best_map = r, found
    return best_row, best_map


def _read_table(ctx: _Ctx, ws: Any, sheet: SheetSpec) -> SheetData:
    merged = _merged_values(ws)
    inputs = [c for c in sheet.columns if c.is_input]
    wanted = [norm(c.header) for c in sheet.columns]
    header_row, found = _find_header(ws, merged, wanted)
    data = SheetData(name=sheet.name)
    if len(found) < max(1, len(inputs) // 2):
        ctx.issue("header-missing", f"找不到表头行（应含 {'、'.join(c.header for c in inputs[:6])} 等栏目）",
                  sheet.name, None)
        return data
    positions = _positions(ctx, sheet, inputs, found, header_row)
    last = min(ws.max_row, header_row + MAX_TABLE_ROWS)
    for r in range(header_row + 1, last + 1):
        raw = {k: _cell_value(ws, merged, r, c) for k, c in positions.items()}
        label = norm(_cell_value(ws, merged, r, 1))
        if sheet.total_row and label == norm(sheet.total_row):
            break
        own = {k: v for k, v in raw.items() if k not in sheet.merge}
        if all(is_blank(v) for v in own.values()):
            continue
        cells = {k: f"{get_column_letter(c)}{r}" for k, c in positions.items()}
        values = {
            col.key: _parse(ctx, sheet.name, cells[col.key], raw[col.key], col, col.header)
            for col in inputs if col.key in positions
        }
        data.rows.append(Row(values=values, cells=cells, excel_row=r, raw=raw))
    return data


def _positions(ctx: _Ctx, sheet: SheetSpec, inputs: list[Column], found: dict[str, int],
               header_row: int) -> dict[str, int]:
    """Column number of each input column found by its header; a missing header is an issue."""
    positions: dict[str, int] = {}
    for col in inputs:
        c = found.get(norm(col.header))
        if c is None:
            ctx.issue("header-missing", f"缺少栏目“{col.header}”（表头被改名或删除）", sheet.name,
                      f"{header_row}:{header_row}", expected=col.header)
        else:
            positions[col.key] = c
    return positions


def _read_fixed(ctx: _Ctx, ws: Any, sheet: SheetSpec) -> SheetData:
    merged = _merged_values(ws)
    inputs = [c for c in sheet.columns if c.is_input]
    wanted = [norm(sheet.label_header)] + [norm(c.header) for c in sheet.columns]
    header_row, found = _find_header(ws, merged, wanted)
    data = SheetData(name=sheet.name)
    if not found:
        ctx.issue("header-missing", f"找不到表头行（应含 {sheet.label_header}）", sheet.name, None)
        return data
    label_col = found.get(norm(sheet.label_header), 1)
    positions = _positions(ctx, sheet, inputs, found, header_row)
    rows_by_label: dict[str, int] = {}
    for r in range(header_row + 1, min(ws.max_row, header_row + 200) + 1):
        text = norm(_cell_value(ws, merged, r, label_col))
        if text and text not in rows_by_label:
            rows_by_label[text] = r
    for fr in sheet.fixed_rows:
        r = rows_by_label.get(norm(fr.label))
        if r is None:
            ctx.issue("row-missing", f"找不到“{fr.label}”一行（行名称被改动或删除）", sheet.name,
                      get_column_letter(label_col))
            continue
        cells = {k: f"{get_column_letter(c)}{r}" for k, c in positions.items()}
        raw = {k: _cell_value(ws, merged, r, c) for k, c in positions.items()}
        values = {
            col.key: _parse(ctx, sheet.name, cells[col.key], raw[col.key], col, f"{fr.label}的{col.header}")
            for col in inputs if col.key in positions
        }
        data.fixed[fr.key] = Row(values=values, cells=cells, excel_row=r, raw=raw)
    return data


def _stamp(ctx: _Ctx, wb: Any) -> dict[str, str]:
    if STAMP_SHEET not in wb.sheetnames:
        ctx.issue("stamp-missing", f"缺少模板标记（隐藏表 {STAMP_SHEET}），无法确认是 xlkit 的“{ctx.spec.title}”模板；"
                  "请用 xlkit new 生成的模板填写", None, None, Severity.WARNING)
        return {}
    ws = wb[STAMP_SHEET]
    stamp = {text_of(ws.cell(r, 1).value): text_of(ws.cell(r, 2).value) for r in range(1, 11)
             if not is_blank(ws.cell(r, 1).value)}
    kind, version = stamp.get("kind", ""), stamp.get("version", "")
    specs = workbook_specs()
    if kind != ctx.spec.kind:
        other = specs[kind].file if kind in specs else "未知工作簿"
        raise WorkbookError(f"{ctx.file} 实际是“{other}”（{kind or '无类型'}），不是“{ctx.spec.file}”；请检查文件是否放错")
    if version != ctx.spec.version:
        older = _version_tuple(version) < _version_tuple(ctx.spec.version)
        ctx.issue("version-mismatch",
                  f"模板版本为 {version or '未知'}，当前 xlkit 使用 {ctx.spec.version}"
                  + ("（旧版模板：请用 xlkit new 生成新模板并转录数据）" if older else "（较新的模板：请升级 xlkit）"),
                  STAMP_SHEET, "B2")
    return stamp


def _version_tuple(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return (0,)


def read_workbook(path: Path, spec: WorkbookSpec, *, extra_lists: dict[str, tuple[str, ...]] | None = None) -> WorkbookData:
    """Read ``path`` as a workbook of ``spec``; operational failures raise WorkbookError."""
    path = Path(path)
    ctx = _Ctx(path, spec, extra_lists or {})
    wb = load(path)
    try:
        stamp = _stamp(ctx, wb)
        sheets: dict[str, SheetData] = {}
        for sheet in spec.sheets:
            if sheet.name not in wb.sheetnames:
                ctx.issue("sheet-missing", f"缺少工作表“{sheet.name}”（被删除或改名）", sheet.name, None)
                sheets[sheet.name] = SheetData(name=sheet.name, present=False)
                continue
            ws = wb[sheet.name]
            reader = {"form": _read_form, "table": _read_table, "fixed": _read_fixed}[sheet.layout]
            sheets[sheet.name] = reader(ctx, ws, sheet)
    finally:
        wb.close()
    return WorkbookData(path=path, spec=spec, sheets=sheets, issues=ctx.issues, stamp=stamp)
