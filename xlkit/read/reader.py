"""Read a filled workbook back through the same spec that wrote it.

Tolerant of what real clients save: sheets reordered or extra sheets added, rows inserted
inside a table, columns moved (headers are matched by text), merged 一级/二级 cells,
trailing spaces, numbers typed as text, numbers shown as percents. Never trusts cached
formula values: computed columns are not read at all, and a formula a clerk typed into an
input cell (``=B5+B6`` in a 合计 row) is evaluated by xlkit from the cells it references.
Never iterates to ``max_row`` beyond a fixed cap. Every problem becomes an Issue with file,
sheet and cell; reading goes on after it. A file that is not the expected workbook at all
(wrong kind, other template version, not a workbook) raises ``FileProblem`` with one message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.cells import TYPE_EXPECT, CellError, CellRangeError, compact, is_blank, parse_cell, text_of
from xlkit.read.numbers import D, NumberParseError, parse_decimal
from xlkit.read.ooxml import column_index as column_index_from_string
from xlkit.read.ooxml import column_letter as get_column_letter
from xlkit.read.safety import FileProblem, load
from xlkit.read.stamp import STAMP_SHEET, stamp_of
from xlkit.spec.issues import Issue, Severity
from xlkit.spec.sheet_names import HELP_SHEET, LIST_SHEET
from xlkit.spec.templates import Column, SheetSpec, WorkbookSpec, all_workbook_specs, lists

__all__ = ["Row", "SheetData", "WorkbookData", "read_workbook", "MAX_TABLE_ROWS", "norm", "STAMP_SHEET"]

MAX_TABLE_ROWS = 5_000
HEADER_SCAN_ROWS = 15
FORM_SCAN_ROWS = 200
FIXED_SCAN_ROWS = 200
HELP_SHEETS = frozenset({HELP_SHEET, LIST_SHEET, STAMP_SHEET})
# Columns a clerk pre-numbers down the whole table: a row holding only these is still blank.
NUMBERING_KEYS = frozenset({"no"})
NUMERIC_KINDS = frozenset({"int", "decimal", "score", "amount", "yuan", "rate", "share"})
# Where the writer puts things (1-based): title, caption, header, then the first data row.
_FIRST_DATA_ROW = 4


def norm(text: Any) -> str:
    """Header/label text for matching: NFKC, no spaces, no 必填 mark."""
    if text is None:  # most cells a header scan looks at
        return ""
    return compact(text_of(text)).replace("(必填)", "")


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
    columns: set[str] = field(default_factory=set)  # input column/field keys found in the sheet

    def has(self, key: str) -> bool:
        """The sheet was read and its column (or form field) ``key`` was found."""
        return self.present and key in self.columns


@dataclass
class WorkbookData:
    path: Path
    spec: WorkbookSpec
    sheets: dict[str, SheetData]  # by sheet key
    issues: list[Issue]
    stamp: dict[str, str] = field(default_factory=dict)

    def sheet(self, key: str) -> SheetData:
        """The sheet declared under ``key`` in the spec (absent and empty if the file lacks it);
        a key the spec does not declare raises UnknownSheetKey rather than reading as empty."""
        spec = self.spec.sheet(key)
        return self.sheets.get(key) or SheetData(name=spec.name, present=False)


class _Ctx:
    def __init__(self, path: Path, spec: WorkbookSpec, extra_lists: dict[str, tuple[str, ...]]):
        self.file = path.name
        self.spec = spec
        self.issues: list[Issue] = []
        self.seen: set[tuple[str, str | None, str | None, str]] = set()
        self.lists = {**lists(), **extra_lists}

    def issue(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
              severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
        key = (code, sheet, cell, message)
        if key in self.seen:
            return  # a merged cell read on several rows is reported once
        self.seen.add(key)
        self.issues.append(
            Issue(code=code, message=message, severity=severity, file=self.file, sheet=sheet, cell=cell,
                  value=None if value is None else text_of(value)[:200], expected=expected)
        )


class _Sheet:
    """One worksheet with merged cells resolved: every covered cell reads as its merge's top-left."""

    def __init__(self, ws: Any):
        self.ws = ws
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != top:
                        self.origin[(r, c)] = top
        self.max_row = ws.max_row
        self.max_column = ws.max_column
        # Which columns of each row may hold a value (merge-covered cells included): known only to
        # the fast XML reader; None means every cell must be looked at.
        self._by_row: dict[int, list[int]] | None = None
        positions = getattr(ws, "positions", None)
        if positions is not None:
            occupied = positions()
            by_row: dict[int, set[int]] = {}
            for r, c in occupied:
                by_row.setdefault(r, set()).add(c)
            for (r, c), top in self.origin.items():
                if top in occupied:
                    by_row.setdefault(r, set()).add(c)
            self._by_row = {r: sorted(cs) for r, cs in by_row.items()}

    def columns_in(self, r: int, width: int) -> Iterable[int]:
        """The columns up to ``width`` of row ``r`` that may hold a value; every other one is empty."""
        if self._by_row is None:
            return range(1, width + 1)
        return [c for c in self._by_row.get(r, ()) if c <= width]

    def rows_touching(self, columns: Iterable[int], first: int, last: int) -> Iterable[int]:
        """Rows ``first``..``last`` in which any of ``columns`` may hold a value, in order: a table
        read skips the template's spare rows (their computed columns aside) without looking."""
        if self._by_row is None:
            return range(first, last + 1)
        wanted = set(columns)
        return sorted(r for r, cs in self._by_row.items() if first <= r <= last and not wanted.isdisjoint(cs))

    def cell(self, r: int, c: int) -> Any:
        r, c = self.origin.get((r, c), (r, c))
        return self.ws.cell(r, c)

    def value(self, r: int, c: int) -> Any:
        return self.cell(r, c).value

    def inherited(self, r: int, c: int) -> bool:
        """(r, c) is covered by a merge that starts on an earlier row."""
        origin = self.origin.get((r, c))
        return origin is not None and origin[0] != r

    def ref(self, r: int, c: int) -> str:
        """Where a person edits the value at (r, c): the top-left cell of its merge, if any."""
        r, c = self.origin.get((r, c), (r, c))
        return f"{get_column_letter(c)}{r}"


# ---- formulas typed into input cells ------------------------------------------------------

class _FormulaError(Exception):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)"
    r"|(?P<range>\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+)"
    r"|(?P<ref>\$?[A-Za-z]{1,3}\$?\d+)"
    r"|(?P<func>[A-Za-z]+)\s*\("
    r"|(?P<op>[-+*/(),]))"
)
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
MAX_FORMULA_CELLS = 10_000
MAX_FORMULA_DEPTH = 12


class _Formula:
    """A small, safe evaluator for what clerks type into amount cells: numbers, same-sheet cell
    references, + − × ÷, parentheses and SUM. Anything else (other sheets, other functions,
    text) is refused, and the cell is reported instead of guessed."""

    def __init__(self, sheet: _Sheet, depth: int = 0, seen: frozenset[tuple[int, int]] = frozenset()):
        self.sheet, self.depth, self.seen = sheet, depth, seen
        self.tokens: list[tuple[str, str]] = []
        self.pos = 0

    def evaluate(self, text: str) -> Decimal:
        body = text[1:] if text.startswith("=") else text
        pos, tokens = 0, []
        while pos < len(body):
            if body[pos:].strip() == "":
                break
            m = _TOKEN.match(body, pos)
            if not m or m.end() == pos:
                raise _FormulaError(body[pos:pos + 12])
            kind = m.lastgroup or ""
            tokens.append((kind, m.group(kind)))
            pos = m.end()
        self.tokens, self.pos = tokens, 0
        value = self._expr()
        if self.pos != len(self.tokens):
            raise _FormulaError("trailing")
        return value

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        tok = self._peek()
        if tok is None:
            raise _FormulaError("end")
        self.pos += 1
        return tok

    def _expr(self) -> Decimal:
        value = self._term()
        while (tok := self._peek()) and tok[0] == "op" and tok[1] in "+-":
            self.pos += 1
            rhs = self._term()
            value = value + rhs if tok[1] == "+" else value - rhs
        return value

    def _term(self) -> Decimal:
        value = self._factor()
        while (tok := self._peek()) and tok[0] == "op" and tok[1] in "*/":
            self.pos += 1
            rhs = self._factor()
            if tok[1] == "*":
                value = value * rhs
            else:
                if rhs == 0:
                    raise _FormulaError("#DIV/0!")
                value = value / rhs
        return value

    def _factor(self) -> Decimal:
        kind, text = self._take()
        if kind == "op" and text in "+-":
            value = self._factor()
            return -value if text == "-" else value
        if kind == "op" and text == "(":
            value = self._expr()
            if self._take() != ("op", ")"):
                raise _FormulaError(")")
            return value
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            return self._ref(text)
        if kind == "func" and text.upper() == "SUM":
            total = Decimal(0)
            while True:
                tok = self._peek()
                if tok and tok[0] == "range":
                    self.pos += 1
                    total += sum((self._ref(ref) for ref in _expand(tok[1])), Decimal(0))
                else:
                    total += self._expr()
                sep = self._take()
                if sep == ("op", ")"):
                    return total
                if sep != ("op", ","):
                    raise _FormulaError(",")
        raise _FormulaError(text)

    def _ref(self, ref: str) -> Decimal:
        m = _REF.match(ref)
        if not m:
            raise _FormulaError(ref)
        key = (int(m.group(2)), column_index_from_string(m.group(1).upper()))
        if key in self.seen or self.depth >= MAX_FORMULA_DEPTH:
            raise _FormulaError("circular")
        value = self.sheet.value(*key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return Decimal(0)
        if isinstance(value, bool):
            raise _FormulaError("bool")
        if isinstance(value, (int, float, Decimal)):
            return D(value)
        if _formula_text(value, self.sheet.cell(*key).data_type) is not None:
            return _Formula(self.sheet, self.depth + 1, self.seen | {key}).evaluate(value)
        if isinstance(value, str):
            try:
                return parse_decimal(value)
            except NumberParseError:
                raise _FormulaError(value) from None
        raise _FormulaError(type(value).__name__)


def _expand(rng: str) -> list[str]:
    a, b = rng.split(":")
    ma, mb = _REF.match(a), _REF.match(b)
    if not ma or not mb:
        raise _FormulaError(rng)
    c1, c2 = sorted((column_index_from_string(ma.group(1).upper()), column_index_from_string(mb.group(1).upper())))
    r1, r2 = sorted((int(ma.group(2)), int(mb.group(2))))
    if (c2 - c1 + 1) * (r2 - r1 + 1) > MAX_FORMULA_CELLS:
        raise _FormulaError("range too large")
    return [f"{get_column_letter(c)}{r}" for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _formula_text(raw: Any, data_type: str = "f") -> str | None:
    """The formula of a cell value (text or openpyxl's array/data-table formula objects), else None.

    A string that merely starts with "=" in a cell stored as text (data type ``s``) is text.
    """
    if isinstance(raw, str):
        return raw if data_type == "f" and raw.startswith("=") and len(raw) > 1 else None
    text = getattr(raw, "text", None)
    if isinstance(text, str):
        return text if text.startswith("=") else f"={text}"
    return None


# ---- cells ---------------------------------------------------------------------------------

def _parse(ctx: _Ctx, sh: _Sheet, ref: str, r: int, c: int, item: Any, label: str) -> tuple[Any, Any]:
    """(typed value or None, raw value) of the input cell at (r, c); problems become issues."""
    cell = sh.cell(r, c)
    raw = cell.value
    number_format = cell.number_format
    sheet = sh.ws.title
    formula = _formula_text(raw, cell.data_type)
    if formula is not None:
        if item.type in NUMERIC_KINDS:
            try:
                raw = _Formula(sh, seen=frozenset({(cell.row, cell.column)})).evaluate(formula)
            except (_FormulaError, InvalidOperation, ArithmeticError, ValueError):
                ctx.issue("formula-in-input",
                          f"“{label}”含 xlkit 无法计算的公式 {formula[:60]}（只支持本表单元格、四则运算和 SUM），"
                          "请改为数值（xlkit 不使用公式的缓存结果）", sheet, ref, value=formula, expected="数值")
                return None, formula
        else:
            ctx.issue("formula-in-input", f"“{label}”含公式 {formula[:60]}，请改为直接填写内容（xlkit 不使用公式的缓存结果）",
                      sheet, ref, value=formula, expected=TYPE_EXPECT.get(item.type, "文字"))
            return None, formula
    try:
        value = parse_cell(raw, item.type, number_format=number_format)
    except CellRangeError as exc:
        ctx.issue("out-of-range", f"“{label}”{exc}", sheet, ref, value=raw)
        return None, raw
    except CellError as exc:
        ctx.issue("type-error", f"{label}{exc}", sheet, ref, value=raw, expected=TYPE_EXPECT.get(item.type, item.type))
        return None, raw
    if value is None:
        if item.required:
            ctx.issue("required-missing", f"“{label}”为必填项，不能为空" + ("或“-”" if not is_blank(raw) else ""),
                      sheet, ref, value=raw)
        return None, raw
    if item.type == "choice" and item.list:
        allowed = tuple(getattr(item, "inline", ())) or ctx.lists.get(item.list, ())
        if allowed and value not in allowed:
            free = getattr(item, "free", False)
            listed = "、".join(f"“{a}”" for a in allowed[:12]) + ("…" if len(allowed) > 12 else "")
            ctx.issue("not-in-list" if not free else "not-in-list-free",
                      f"“{label}”应从下拉列表中选择（{listed}），实际为“{value}”",
                      sheet, ref, Severity.WARNING if free else Severity.ERROR, value=raw, expected="、".join(allowed))
            if not free:
                return None, raw
    lo, hi = getattr(item, "min", None), getattr(item, "max", None)
    if isinstance(value, (int, Decimal)) and (lo is not None or hi is not None):
        number = Decimal(value)
        if (lo is not None and number < Decimal(str(lo))) or (hi is not None and number > Decimal(str(hi))):
            if lo is not None and hi is not None:
                rng = f"应在 {lo:g} 至 {hi:g} 之间"
            else:
                rng = f"应不小于 {lo:g}" if lo is not None else f"应不大于 {hi:g}"
            ctx.issue("out-of-range", f"“{label}”{rng}，实际为 {text_of(raw)}", sheet, ref, value=raw, expected=rng)
            return None, raw
    return value, raw


# ---- layouts -------------------------------------------------------------------------------

def _read_form(ctx: _Ctx, sh: _Sheet, sheet: SheetSpec) -> SheetData:
    labels: dict[str, int] = {}
    r: int | None  # a row here; below, a field's row or None
    for r in sh.rows_touching((1,), 1, min(sh.max_row, FORM_SCAN_ROWS)):
        text = norm(sh.value(r, 1))
        if text and text not in labels:
            labels[text] = r
    values, cells, raw, found = {}, {}, {}, set()
    for i, f in enumerate(sheet.fields):
        r = labels.get(norm(f.label))
        if r is None:
            where = _FIRST_DATA_ROW + i
            typed = text_of(sh.value(where, 1))
            ctx.issue("row-missing", f"找不到“{f.label}”一行（项目名称被改动或删除"
                      + (f"；该处现为“{typed}”" if typed else "") + "）", sheet.name, f"A{where}", expected=f.label)
            continue
        ref = f"B{r}"
        cells[f.key] = ref
        found.add(f.key)
        values[f.key], raw[f.key] = _parse(ctx, sh, ref, r, 2, f, f.label)
    _check_merges(ctx, sh, sheet.name, {(labels[norm(f.label)], 2): f.label for f in sheet.fields if f.key in found})
    return SheetData(name=sheet.name, fields=Row(values=values, cells=cells, excel_row=0, raw=raw), columns=found)


def _check_merges(ctx: _Ctx, sh: _Sheet, sheet: str, inputs: dict[tuple[int, int], str],
                  down_ok: frozenset[int] = frozenset(), down_warn: frozenset[int] = frozenset()) -> None:
    """Merges over input cells: Excel and WPS keep only the top-left value when cells are merged, so
    every other cell of the merge reads that value, whatever was typed there before (pitfall R5).

    ``inputs``: (row, column) → label of every input cell read. A merge down a table column in
    ``down_ok`` (一级/二级, 序号) is the template's own layout; down a column in ``down_warn`` (other
    table columns) it means "the same for these rows" and is read so, with a warning; any other merge
    over an input cell (across columns, or over fields and fixed rows) is an error.
    """
    for rng in sh.ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        area = (rng.max_row - rng.min_row + 1) * (rng.max_col - rng.min_col + 1)
        if area <= len(inputs):  # the usual 2-6 cell merge: look up its cells, not every input
            covered = [(r, c) for r in range(rng.min_row, rng.max_row + 1)
                       for c in range(rng.min_col, rng.max_col + 1) if (r, c) != top and (r, c) in inputs]
        else:
            covered = [(r, c) for (r, c) in inputs if (r, c) != top
                       and rng.min_row <= r <= rng.max_row and rng.min_col <= c <= rng.max_col]
        if not covered:
            continue
        span = f"{get_column_letter(rng.min_col)}{rng.min_row}:{get_column_letter(rng.max_col)}{rng.max_row}"
        where = sh.ref(*top)
        shown = text_of(sh.value(*top))
        down_only = all(c == top[1] for _, c in covered)
        if down_only and top[1] in down_ok:
            continue
        if down_only and top[1] in down_warn:
            rows = sorted(r for r, _ in covered)
            listed = "、".join(str(r) for r in rows[:8]) + ("…" if len(rows) > 8 else "")
            ctx.issue("merged-rows", f"{span} 是合并单元格：第 {listed} 行的“{inputs[covered[0]]}”都按 {where} 的"
                      f"“{shown}”读取；若各行不同，请取消合并后逐行填写", sheet, where, Severity.WARNING,
                      value=shown or None)
            continue
        names = "、".join(f"“{n}”" for n in dict.fromkeys(inputs[k] for k in covered))
        ctx.issue("merged-input", f"{span} 是合并单元格，合并后只保留左上角 {where} 的值（“{shown}”），"
                  f"{names}也按它读取；请取消合并，分别填写", sheet, where, value=shown or None,
                  expected="每个填写单元格单独一格（不合并）")


def _find_header(sh: _Sheet, wanted: list[str]) -> tuple[int, dict[str, int]]:
    """The row (within the first rows) whose cells match most of ``wanted``, and where each is."""
    best_row, best_map = 0, dict[str, int]()
    width = min(sh.max_column, 60)
    every = "" in wanted  # an empty header would match an empty cell: look at all of them
    for r in range(1, min(sh.max_row, HEADER_SCAN_ROWS) + 1):
        found: dict[str, int] = {}
        for c in range(1, width + 1) if every else sh.columns_in(r, width):
            text = norm(sh.value(r, c))
            if text in wanted and text not in found:
                found[text] = c
        if len(found) > len(best_map):
            best_row, best_map = r, found
            if len(found) == len(set(wanted)):  # no later row can match more
                break
    return best_row, best_map


def _positions(ctx: _Ctx, sh: _Sheet, sheet: SheetSpec, inputs: list[Column], found: dict[str, int],
               header_row: int, first_col: int) -> dict[str, int]:
    """Column number of each input column found by its header; a missing header is an issue."""
    positions: dict[str, int] = {}
    known = set(found.values())
    for col in inputs:
        c = found.get(norm(col.header))
        if c is not None:
            positions[col.key] = c
            continue
        if col.optional:
            continue
        # Where the writer put it: name that cell when it now holds something else (a renamed header).
        at = first_col + [x.key for x in sheet.columns].index(col.key)
        typed = text_of(sh.value(header_row, at))
        if at not in known:
            ref = f"{get_column_letter(at)}{header_row}"
            msg = f"表头应为“{col.header}”，实际为“{typed}”" if typed else f"缺少栏目“{col.header}”（表头被删除）"
        else:
            ref = f"{header_row}:{header_row}"
            msg = f"缺少栏目“{col.header}”（表头被改名或删除）"
        ctx.issue("header-missing", msg + "；请恢复模板原有表头", sheet.name, ref, value=typed or None,
                  expected=col.header)
    return positions


def _read_table(ctx: _Ctx, sh: _Sheet, sheet: SheetSpec) -> SheetData:
    inputs = [c for c in sheet.columns if c.is_input]
    wanted = [norm(c.header) for c in sheet.columns]
    header_row, found = _find_header(sh, wanted)
    data = SheetData(name=sheet.name)
    if len(found) < max(1, len(inputs) // 2):
        ctx.issue("header-missing", f"找不到表头行（应含 {'、'.join(c.header for c in inputs[:6])} 等栏目）",
                  sheet.name, None)
        return data
    positions = _positions(ctx, sh, sheet, inputs, found, header_row, 1)
    data.columns = set(positions)
    total = norm(sheet.total_row) if sheet.total_row else None
    last = min(sh.max_row, header_row + MAX_TABLE_ROWS)
    # Column A too: a 合计 row ends the table even with its inputs blank.
    for r in sh.rows_touching([1, *positions.values()], header_row + 1, last):
        raw = {k: sh.value(r, c) for k, c in positions.items()}
        if total and norm(sh.value(r, 1)) == total:
            break
        # A value a merge carries down from an earlier row does not make this row a record.
        own = [v for k, v in raw.items()
               if k not in sheet.merge and k not in NUMBERING_KEYS and not sh.inherited(r, positions[k])]
        if all(is_blank(v) for v in own):
            continue
        cells = {k: sh.ref(r, c) for k, c in positions.items()}
        values = {}
        for col in inputs:
            if col.key in positions:
                values[col.key], raw[col.key] = _parse(ctx, sh, cells[col.key], r, positions[col.key], col, col.header)
        data.rows.append(Row(values=values, cells=cells, excel_row=r, raw=raw))
    else:
        if sh.max_row > last and any(not is_blank(sh.value(last + 1, c)) for c in positions.values()):
            ctx.issue("too-many-rows", f"表格超过 {MAX_TABLE_ROWS} 行，第 {last + 1} 行起未读取；请拆分或删除多余行",
                      sheet.name, f"A{last + 1}")
    headers = {col.key: col.header for col in inputs}
    down_ok = frozenset(c for k, c in positions.items() if k in sheet.merge or k in NUMBERING_KEYS)
    _check_merges(ctx, sh, sheet.name,
                  {(row.excel_row, c): headers[k] for row in data.rows for k, c in positions.items()},
                  down_ok, frozenset(positions.values()) - down_ok)
    return data


def _read_fixed(ctx: _Ctx, sh: _Sheet, sheet: SheetSpec) -> SheetData:
    inputs = [c for c in sheet.columns if c.is_input]
    wanted = [norm(sheet.label_header)] + [norm(c.header) for c in sheet.columns]
    header_row, found = _find_header(sh, wanted)
    data = SheetData(name=sheet.name)
    if not found:
        ctx.issue("header-missing", f"找不到表头行（应含 {sheet.label_header}）", sheet.name, None)
        return data
    label_col = found.get(norm(sheet.label_header), 1)
    positions = _positions(ctx, sh, sheet, inputs, found, header_row, 2)
    data.columns = set(positions)
    rows_by_label: dict[str, int] = {}
    extra: list[int] = []
    r: int | None  # a row here; below, a fixed row's row or None
    # A row with neither a label nor an input value cannot be a fixed row or an added one.
    for r in sh.rows_touching([label_col, *positions.values()], header_row + 1,
                              min(sh.max_row, header_row + FIXED_SCAN_ROWS)):
        text = norm(sh.value(r, label_col))
        if text and text not in rows_by_label:
            rows_by_label[text] = r
        else:
            extra.append(r)
    known = {norm(fr.label) for fr in sheet.fixed_rows}
    reported: set[int] = set()
    for i, fr in enumerate(sheet.fixed_rows):
        r = rows_by_label.get(norm(fr.label))
        if r is None:
            where = header_row + 1 + i
            reported.add(where)
            typed = text_of(sh.value(where, label_col))
            ctx.issue("row-missing", f"找不到“{fr.label}”一行（行名称被改动或删除"
                      + (f"；该处现为“{typed}”" if typed else "") + "）", sheet.name,
                      f"{get_column_letter(label_col)}{where}", expected=fr.label)
            continue
        cells = {k: sh.ref(r, c) for k, c in positions.items()}
        values, raw = {}, {}
        for col in inputs:
            if col.key in positions:
                values[col.key], raw[col.key] = _parse(ctx, sh, cells[col.key], r, positions[col.key], col,
                                                       f"{fr.label}的{col.header}")
        data.fixed[fr.key] = Row(values=values, cells=cells, excel_row=r, raw=raw)
    # A row the clerk added (or a fixed row typed twice): its figures would be silently left out.
    for text, r in rows_by_label.items():
        if text not in known:
            extra.append(r)
    for r in sorted(set(extra) - reported):
        if any(not is_blank(sh.value(r, c)) and _formula_text(sh.value(r, c), sh.cell(r, c).data_type) is None
               for k, c in positions.items()):
            label = text_of(sh.value(r, label_col))
            ctx.issue("row-unknown", f"第 {r} 行“{label or '（无名称）'}”不是本表的固定行，其中的数据不会被读取；"
                      "请把数据填入对应的固定行", sheet.name, f"{get_column_letter(label_col)}{r}",
                      Severity.WARNING, value=label or None)
    headers = {col.key: col.header for col in inputs}
    _check_merges(ctx, sh, sheet.name, {(row.excel_row, c): f"{fr.label}的{headers[k]}"
                                        for fr in sheet.fixed_rows if (row := data.fixed.get(fr.key)) is not None
                                        for k, c in positions.items()})
    return data


# ---- the stamp -----------------------------------------------------------------------------

def _guess_kind(sheetnames: list[str]) -> tuple[str | None, int]:
    """The workbook kind whose sheets this workbook has most of (help sheets aside)."""
    names = set(sheetnames) - HELP_SHEETS
    best, count = None, 0
    for kind, spec in all_workbook_specs().items():
        n = len(names & {s.name for s in spec.sheets})
        if n > count:
            best, count = kind, n
    return best, count


def _stamp(ctx: _Ctx, wb: Any) -> dict[str, str]:
    spec, specs = ctx.spec, all_workbook_specs()
    if STAMP_SHEET not in wb.sheetnames:
        ours = len(set(wb.sheetnames) & {s.name for s in spec.sheets})
        if ours == 0:
            kind, _ = _guess_kind(wb.sheetnames)
            if kind is not None and kind != spec.kind:
                raise FileProblem(f"{ctx.file} 的内容是“{specs[kind].file}”（{specs[kind].title}），不是“{spec.file}”；"
                                  "请检查文件是否放错", "wrong-workbook")
            raise FileProblem(f"{ctx.file} 不是 xlkit 的“{spec.title}”模板（没有 {'、'.join(s.name for s in spec.sheets)} "
                              "工作表）；请用 xlkit new 生成的模板填写", "wrong-workbook")
        ctx.issue("stamp-missing", f"缺少模板标记（隐藏表 {STAMP_SHEET}），无法确认是 xlkit 的“{spec.title}”模板及其版本；"
                  "请用 xlkit new 生成的模板填写", None, None, Severity.WARNING)
        return {}
    stamp = stamp_of(wb) or {}
    kind, version = stamp.get("kind", ""), stamp.get("version", "")
    if kind != spec.kind:
        if kind in specs:
            raise FileProblem(f"{ctx.file} 实际是“{specs[kind].file}”（{specs[kind].title}），不是“{spec.file}”；"
                              "请检查文件是否放错", "wrong-workbook")
        raise FileProblem(f"{ctx.file} 的模板标记为未知类型“{kind or '无'}”，不是“{spec.file}”（{spec.title}）；"
                          "请用 xlkit new 生成的模板填写", "wrong-workbook")
    if _version_tuple(version) != _version_tuple(spec.version):
        older = _version_tuple(version) < _version_tuple(spec.version)
        advice = ("这是旧版模板，栏目可能不同，为免读错未读取；请用 xlkit new 生成新模板并把数据转录过去" if older
                  else "这是较新版本的模板，请升级 xlkit 后再校验")
        raise FileProblem(f"{ctx.file} 是 {version or '未知'} 版“{spec.title}”模板，当前 xlkit 读取 {spec.version} 版；{advice}",
                          "version-mismatch")
    return stamp


def _version_tuple(text: str) -> tuple[int, ...]:
    try:
        parts = [int(p) for p in text.strip().split(".")]
    except ValueError:
        return (-1,)
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def read_workbook(path: Path, spec: WorkbookSpec, *, extra_lists: dict[str, tuple[str, ...]] | None = None) -> WorkbookData:
    """Read ``path`` as a workbook of ``spec``.

    Problems in the data are issues of the returned WorkbookData; a file that cannot be read as
    this workbook raises ``FileProblem`` (a WorkbookError with an issue ``code``). The file is only
    ever opened for reading.
    """
    path = Path(path)
    ctx = _Ctx(path, spec, extra_lists or {})
    wb = load(path)
    try:
        stamp = _stamp(ctx, wb)
        sheets: dict[str, SheetData] = {}
        for sheet in spec.sheets:
            if sheet.name not in wb.sheetnames and sheet.optional:
                sheets[sheet.key] = SheetData(name=sheet.name, present=False)
                continue
            if sheet.name not in wb.sheetnames:
                ctx.issue("sheet-missing", f"缺少工作表“{sheet.name}”（被删除或改名）", sheet.name, None,
                          expected=sheet.name)
                sheets[sheet.key] = SheetData(name=sheet.name, present=False)
                continue
            sh = _Sheet(wb[sheet.name])
            reader = {"form": _read_form, "table": _read_table, "fixed": _read_fixed}[sheet.layout]
            sheets[sheet.key] = reader(ctx, sh, sheet)
    except XlkitError:
        raise
    except Exception as exc:  # a part openpyxl accepted but that holds something unexpected
        raise FileProblem(f"{path.name} 读取时出错（{type(exc).__name__}: {exc}），请在 Excel 中另存后重试",
                          "workbook-unreadable") from exc
    finally:
        wb.close()
    return WorkbookData(path=path, spec=spec, sheets=sheets, issues=ctx.issues, stamp=stamp)
