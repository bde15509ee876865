"""A fast, read-only workbook for the reader: python-calamine values behind openpyxl's cell interface.

openpyxl builds a styled object for every cell, which is most of the time ``xlkit score`` spends.
The reader needs far less: each cell's value as openpyxl would give it (formula text for a formula,
int or float for a number, a datetime for a date-formatted number), its data type, its number format
(a number shown as a percent means a fraction) and the merged ranges. python-calamine gives the
strings (shared, inline, rich) and the merged ranges; one pass of regular expressions over the
``<sheetData>`` of each sheet that is actually read gives what calamine leaves out: formula text,
style index and the number's own text. Number formats come from ``styles.xml``.

Anything this does not understand — a prefixed namespace, a cell without its address, an ISO date
cell, a data-table formula, CDATA — raises ``Unsupported``; ``xlkit.safety.load`` then opens the file
with openpyxl instead, so a rare workbook costs time, never a different reading. ``tests/test_backends.py``
reads the samples and the test cases through both and compares records and issues.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

__all__ = ["CalamineBook", "Unsupported", "open_book"]


class Unsupported(Exception):
    """The file holds something this fast path does not read exactly like openpyxl; use openpyxl."""


_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED[name]

    return _ENTITY.sub(one, text)


_ATTR = re.compile(r'([\w:]+)\s*=\s*"([^"]*)"|([\w:]+)\s*=\s*\'([^\']*)\'')


def _attrs(text: str) -> dict[str, str]:
    out = {}
    for m in _ATTR.finditer(text):
        if m.group(1):
            out[m.group(1)] = _unescape(m.group(2))
        else:
            out[m.group(3)] = _unescape(m.group(4))
    return out


# Cells with content; an empty cell (``<c r="B7" s="3"/>``) reads as None and only counts for max_row.
_CELL = re.compile(r"<c\b([^>]*)(?<!/)>(.*?)</c>", re.S)
_ANY_CELL = re.compile(r"<c\b")
_CELL_COL = re.compile(r'<c\s+r="([A-Z]{1,3})[0-9]+"')
_ROW_WITH_CELLS = re.compile(r'<row\b[^>]*?\sr="([0-9]+)"[^>]*(?<!/)>\s*<c\b')
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(r"<v\b[^>]*?(?:/>|>(.*?)</v>)", re.S)
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
# The attributes every common writer emits, in its order; anything else goes through _attrs.
_PLAIN_ATTRS = re.compile(r'\s+r="([A-Z]{1,3})([0-9]+)"(?:\s+s="([0-9]+)")?(?:\s+t="(\w+)")?\s*')
_SHEET_DATA = re.compile(r"<sheetData\b[^>]*?(?:/>|>(.*?)</sheetData>)", re.S)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _Cell:
    """What the reader asks of an openpyxl cell."""

    __slots__ = ("row", "column", "value", "data_type", "number_format")

    def __init__(self, row: int, column: int, value: Any = None, data_type: str = "n",
                 number_format: str = "General"):
        self.row, self.column = row, column
        self.value, self.data_type, self.number_format = value, data_type, number_format

    @property
    def coordinate(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


class _Range:
    __slots__ = ("min_row", "min_col", "max_row", "max_col")

    def __init__(self, min_row: int, min_col: int, max_row: int, max_col: int):
        self.min_row, self.min_col, self.max_row, self.max_col = min_row, min_col, max_row, max_col


class _Merged:
    def __init__(self, ranges: list[_Range]):
        self.ranges = ranges


class _Styles:
    """Number format of each cell style index, and which of them openpyxl reads as dates."""

    def __init__(self, xml: str):
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom = {int(a["numFmtId"]): a.get("formatCode", "")
                  for a in (_attrs(m.group(1)) for m in re.finditer(r"<numFmt\b([^>]*?)/?>", xml))
                  if "numFmtId" in a}
        xfs = re.search(r"<cellXfs\b[^>]*?(?:/>|>(.*?)</cellXfs>)", xml, re.S)
        self.formats: list[str] = []
        for m in re.finditer(r"<xf\b([^>]*?)/?>", (xfs.group(1) or "") if xfs else ""):
            fid = int(_attrs(m.group(1)).get("numFmtId", "0"))
            self.formats.append(custom.get(fid) or BUILTIN_FORMATS.get(fid) or "General")
        self.dates = {i for i, f in enumerate(self.formats) if is_date_format(f)}
        self.timedeltas = {i for i, f in enumerate(self.formats) if is_timedelta_format(f)}

    def format(self, index: int) -> str:
        if 0 <= index < len(self.formats):
            return self.formats[index]
        return "General"


# calamine holds a sheet as a dense grid from A1 to its last cell: one value typed at XFD1048576
# asks for 17 billion cells, and a failed allocation in Rust aborts the whole process — no
# exception to catch. A sheet whose cells span more than this (no template comes near) is read by
# openpyxl, which stores cells sparsely.
MAX_GRID_CELLS = 2_000_000
_CELL_ADDRESS = re.compile(r'<c\b[^>]*?\br="([A-Z]{1,3})([0-9]+)"')


def _check_grid_size(xml: str) -> None:
    rows = max(map(int, _ROW_WITH_CELLS.findall(xml)), default=1)
    cols = 1
    for letters, row in _CELL_ADDRESS.findall(xml):
        rows = max(rows, int(row))
        cols = max(cols, _col_index(letters))
    if rows * cols > MAX_GRID_CELLS:
        raise Unsupported(f"cells span {rows} rows x {cols} columns")


class CalamineSheet:
    """One worksheet: ``title``, ``max_row``, ``max_column``, ``merged_cells.ranges``, ``cell(r, c)``."""

    def __init__(self, book: "CalamineBook", title: str, part: str):
        self.parent = book
        self.title = title
        xml = book._read(part)
        _check_grid_size(xml)
        grid_sheet = book._calamine.get_sheet_by_name(title)
        grid = grid_sheet.to_python(skip_empty_area=False)
        merged = grid_sheet.merged_cell_ranges or []
        self.merged_cells = _Merged([_Range(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1) for a, b in merged])
        self._cells: dict[tuple[int, int], _Cell] = {}
        self.max_row, self.max_column = self._parse(xml, grid)

    def _parse(self, xml: str, grid: list[list[Any]]) -> None:
        m = _SHEET_DATA.search(xml)
        if m is None:
            raise Unsupported("no plain <sheetData>")
        body = m.group(1) or ""
        if "<![CDATA[" in body or re.search(r"</?\w+:c\b", body):
            raise Unsupported("CDATA or prefixed cells")
        # openpyxl's max_row/max_column count every cell element, empty ones and merges included.
        letters_seen = _CELL_COL.findall(body)
        if len(letters_seen) != len(_ANY_CELL.findall(body)):
            raise Unsupported("cells without a plain r= address")
        max_row = max(map(int, _ROW_WITH_CELLS.findall(body)), default=1)
        max_col = max(map(_col_index, set(letters_seen)), default=1)
        for m in self.merged_cells.ranges:
            max_row, max_col = max(max_row, m.max_row), max(max_col, m.max_col)
        styles, epoch = self.parent._styles, self.parent._epoch
        shared: dict[str, Any] = {}
        cols: dict[str, int] = {}
        for cm in _CELL.finditer(body):
            raw_attrs, inner = cm.groups()
            pm = _PLAIN_ATTRS.fullmatch(raw_attrs)
            if pm is not None:
                letters, row_text, s_text, kind = pm.groups()
            else:
                attrs = _attrs(raw_attrs)
                rm = _REF.match(attrs.get("r") or "")
                if rm is None:
                    raise Unsupported(f"cell without address: {attrs.get('r')!r}")
                letters, row_text, s_text, kind = rm.group(1), rm.group(2), attrs.get("s"), attrs.get("t")
            c = cols.get(letters)
            if c is None:
                c = cols[letters] = _col_index(letters)
            r = int(row_text)
            s = int(s_text) if s_text else 0
            kind = kind or "n"
            if not inner:
                continue
            ref = letters + row_text
            fmt = styles.format(s)
            fm = _FORMULA.match(inner) if inner.startswith("<f") else (
                _FORMULA.search(inner) if "<f" in inner else None)
            if fm is not None:
                self._cells[(r, c)] = _Cell(r, c, self._formula(fm, ref, shared), "f", fmt)
                continue
            if inner.startswith("<v>") and inner.endswith("</v>") and inner.count("<") == 2:
                text = _unescape(inner[3:-4]) or None
            else:
                vm = _VALUE.search(inner) if "<v" in inner else None
                text = _unescape(vm.group(1)) if vm is not None and vm.group(1) else None
            value: Any = None
            data_type = kind
            if kind == "n":
                if text:
                    value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                    if s in styles.dates:
                        from openpyxl.utils.datetime import from_excel

                        data_type = "d"
                        try:
                            value = from_excel(value, epoch, timedelta=s in styles.timedeltas)
                        except (OverflowError, ValueError):
                            data_type, value = "e", "#VALUE!"
            elif kind in ("s", "inlineStr", "str"):
                if (kind == "inlineStr" and "<is" in inner) or (kind != "inlineStr" and text is not None):
                    data_type = "s"
                    value = self._grid(grid, r, c)
                    if not isinstance(value, str):
                        raise Unsupported(f"string cell {ref} read as {type(value).__name__}")
            elif kind == "b":
                value = bool(int(text)) if text else None
            elif kind == "e":
                value = text
            else:  # "d" (ISO 8601 dates) and anything newer
                raise Unsupported(f"cell type {kind!r}")
            self._cells[(r, c)] = _Cell(r, c, value, data_type, fmt)
        return max_row, max_col

    @staticmethod
    def _grid(grid: list[list[Any]], r: int, c: int) -> Any:
        if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
            return grid[r - 1][c - 1]
        return None

    @staticmethod
    def _formula(fm: re.Match[str], ref: str, shared: dict[str, Any]) -> str:
        attrs = _attrs(fm.group(1)) if fm.group(1).strip() else {}
        value = "=" + _unescape(fm.group(2) or "")
        kind = attrs.get("t")
        if kind == "shared":
            si = attrs.get("si", "")
            if si in shared:
                return shared[si].translate_formula(ref)
            if value != "=":
                from openpyxl.formula.translate import Translator

                shared[si] = Translator(value, ref)
        elif kind not in (None, "normal", "array"):
            raise Unsupported(f"formula type {kind!r}")
        return value

    def filled_rows(self) -> set[int]:
        """Rows holding at least one cell with a value: a table read skips the template's blank rows."""
        return {r for (r, _), cell in self._cells.items() if cell.value is not None}

    def cell(self, row: int, column: int) -> _Cell:
        found = self._cells.get((row, column))
        return found if found is not None else _Cell(row, column)

    def iter_rows(self, min_row: int | None = None, max_row: int | None = None, min_col: int | None = None,
                  max_col: int | None = None, values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        for r in range(min_row or 1, (max_row or self.max_row) + 1):
            cells = tuple(self.cell(r, c) for c in range(min_col or 1, (max_col or self.max_column) + 1))
            yield tuple(x.value for x in cells) if values_only else cells


class CalamineBook:
    """``sheetnames``, ``book[name]`` and ``close()`` — the part of openpyxl's Workbook the reader uses."""

    def __init__(self, path: Path, fallback: Any):
        from python_calamine import CalamineWorkbook

        self._fallback_loader, self._fallback = fallback, None
        self._zip = zipfile.ZipFile(path)
        try:
            self._calamine = CalamineWorkbook.from_path(str(path))
            self._parts = self._sheet_parts()
            self.sheetnames = list(self._parts)
            if self.sheetnames != list(self._calamine.sheet_names):
                raise Unsupported("sheet lists differ")
            self._styles = _Styles(self._read("xl/styles.xml") if "xl/styles.xml" in self._names else "")
            wb_pr = re.search(r"<workbookPr\b([^>]*?)/?>", self._read("xl/workbook.xml"))
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

            date1904 = _attrs(wb_pr.group(1)).get("date1904", "") if wb_pr else ""
            self._epoch = CALENDAR_MAC_1904 if date1904.lower() in ("1", "true") else CALENDAR_WINDOWS_1900
            self._sheets: dict[str, CalamineSheet] = {}
        except BaseException:
            self.close()
            raise

    @property
    def _names(self) -> set[str]:
        return set(self._zip.namelist())

    def _read(self, part: str) -> str:
        return self._zip.read(part).decode("utf-8")

    def _sheet_parts(self) -> dict[str, str]:
        workbook = self._read("xl/workbook.xml")
        if re.search(r"<\w+:sheets\b", workbook):
            raise Unsupported("prefixed workbook.xml")
        rels_xml = self._read("xl/_rels/workbook.xml.rels")
        rels = {}
        for m in re.finditer(r"<Relationship\b([^>]*?)/?>", rels_xml):
            a = _attrs(m.group(1))
            target = a.get("Target", "")
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = str(PurePosixPath("xl") / target)
            rels[a.get("Id", "")] = part
        parts: dict[str, str] = {}
        for m in re.finditer(r"<sheet\b([^>]*?)/?>", workbook):
            a = _attrs(m.group(1))
            rid = a.get("r:id") or next((v for k, v in a.items() if k.endswith(":id")), None)
            if rid not in rels or not rels[rid].endswith(".xml"):
                raise Unsupported("sheet without worksheet part")
            parts[a["name"]] = rels[rid]
        return parts

    def __getitem__(self, name: str) -> Any:
        """The sheet read fast; a sheet the fast path cannot read exactly comes from openpyxl."""
        if name not in self._sheets:
            if name not in self._parts:
                raise KeyError(f"Worksheet {name} does not exist.")
            try:
                self._sheets[name] = CalamineSheet(self, name, self._parts[name])
            except Exception:  # Unsupported, or calamine refusing a part openpyxl may accept
                self._sheets[name] = self._openpyxl()[name]
        return self._sheets[name]

    def _openpyxl(self) -> Any:
        if self._fallback is None:
            self._fallback = self._fallback_loader()
        return self._fallback

    def close(self) -> None:
        cal = getattr(self, "_calamine", None)
        if cal is not None:
            try:
                cal.close()
            except Exception:  # already closed
                pass
        self._zip.close()
        if getattr(self, "_fallback", None) is not None:
            self._fallback.close()


def open_book(path: Path, fallback: Any) -> CalamineBook:
    """Open ``path`` (already pre-flighted) with calamine; ``fallback()`` opens it with openpyxl for
    any sheet the fast path cannot read. Raises Unsupported or calamine's errors for the whole file."""
    return CalamineBook(path, fallback)
