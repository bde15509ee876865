"""A fast, read-only workbook for the reader: the sheet XML read directly, behind openpyxl's cell interface.

openpyxl builds a styled object for every cell, which is most of the time ``xlkit score`` spends.
The reader needs far less: each cell's value as openpyxl would give it (formula text for a formula,
int or float for a number, a datetime for a date-formatted number, the text of a shared, inline or
rich string), its data type, its number format (a number shown as a percent means a fraction) and
the merged ranges. One pass of regular expressions over the ``<sheetData>`` of each sheet that is
actually read gives all of that; strings come from ``sharedStrings.xml`` and number formats from
``styles.xml``. The parts are the bytes ``xlkit.safety.preflight`` already inflated (bounded, CRC
checked), so a workbook is inflated once. Cells are held sparsely: a sheet formatted down to row
1,048,576 costs its XML, not a grid.

This replaced python-calamine here: calamine's dense grid of every sheet cost more than the rest of
the reading, and every value but the strings came from the XML pass anyway (see
``benchmarks/bench_batch.py``).

Anything this does not understand — a prefixed namespace, a cell without its address, an ISO date
cell, a data-table formula, CDATA, a string index out of range — raises ``Unsupported``;
``xlkit.safety.load`` then opens the file (or that sheet) with openpyxl instead, so a rare workbook
costs time, never a different reading. ``tests/test_backends.py`` reads the samples and the test
cases through both and compares them cell for cell, records and issues.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

__all__ = ["XmlBook", "XmlSheet", "Unsupported", "open_book"]


class Unsupported(Exception):
    """The file holds something this fast path does not read exactly like openpyxl; use openpyxl."""


_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    # An XML parser hands openpyxl line ends normalised to LF; a CR survives only as &#13;.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
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
# Every cell element: its column letters when ``r`` comes first, else "".
_CELL_COL = re.compile(r'<c\b(?:\s+r="([A-Z]{1,3})[0-9]+")?')
_ROW_WITH_CELLS = re.compile(r'<row\b[^>]*?\sr="([0-9]+)"[^>]*(?<!/)>\s*<c\b')
_FORMULA = re.compile(r"<f\b([^>]*?)(?:/>|>(.*?)</f>)", re.S)
_VALUE = re.compile(r"<v\b[^>]*?(?:/>|>(.*?)</v>)", re.S)
_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
# The form every common writer (Excel, WPS, LibreOffice, openpyxl, xlsxwriter) uses for a cell with
# content; when it does not account for every "</c>", the sheet takes the general pattern.
_PLAIN_CELL = re.compile(r'<c r="([A-Z]{1,3})([0-9]+)"(?: s="([0-9]+)")?(?: t="(\w+)")?\s*>(.*?)</c>', re.S)
_KINDS = frozenset({"", "n", "s", "str", "inlineStr", "b", "e"})


def _sheet_data(xml: str) -> str:
    """The inside of ``<sheetData>`` (str.find: a lazy regex over the whole part costs more than the rest)."""
    start = xml.find("<sheetData")
    if start < 0 or xml[start + 10:start + 11] not in (">", " ", "/", "\t", "\n", "\r"):
        raise Unsupported("no plain <sheetData>")
    open_end = xml.find(">", start)
    if open_end < 0:
        raise Unsupported("unterminated <sheetData>")
    if xml[open_end - 1] == "/":
        return ""
    end = xml.find("</sheetData>", open_end)
    if end < 0:
        raise Unsupported("no </sheetData>")
    return xml[open_end + 1:end]


_MERGE = re.compile(r'<mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]+)(?::([A-Z]{1,3})([0-9]+))?"')
_SI = re.compile(r"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_INLINE = re.compile(r"<is\b[^>]*?(?:/>|>(.*?)</is>)", re.S)
_PHONETIC = re.compile(r"<rPh\b.*?</rPh>", re.S)
_T = re.compile(r"<t\b[^>]*?(?:/>|>(.*?)</t>)", re.S)


def _text_of(inner: str) -> str:
    """openpyxl's ``Text.content``: the plain ``<t>`` and every rich run's ``<t>``, phonetic runs left out."""
    if inner.startswith("<t>") and inner.endswith("</t>") and inner.count("<") == 2:
        return _unescape(inner[3:-4])
    if "<rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    return "".join(_unescape(t) for t in _T.findall(inner) if t)


def _shared_strings(xml: str) -> list[str]:
    if "<![CDATA[" in xml or re.search(r"<\w+:si\b", xml):
        raise Unsupported("CDATA or prefixed shared strings")
    # openpyxl drops Excel's escape of a literal "_x" (written as "_x005F_x") in shared strings only.
    return [_text_of(m.group(1) or "").replace("x005F_", "") for m in _SI.finditer(xml)]


def _merges(xml: str) -> list[_Range]:
    # <mergeCells> follows <sheetData> (CT_Worksheet's order): only the tail is searched.
    end = xml.rfind("</sheetData>")
    xml = xml[end:] if end >= 0 else xml
    if "<mergeCell" not in xml:
        if re.search(r"<\w+:mergeCell\b", xml):
            raise Unsupported("prefixed merged cells")
        return []
    ranges = []
    for a, r1, b, r2 in _MERGE.findall(xml):
        c1, c2 = _col_index(a), _col_index(b or a)
        ranges.append(_Range(int(r1), c1, int(r2 or r1), c2))
    if len(ranges) != len(re.findall(r"<mergeCell\b", xml)):
        raise Unsupported("merged range not in the plain ref=\"A1:B2\" form")
    return ranges


def _ref(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class _Cell:
    """What the reader asks of an openpyxl cell."""

    __slots__ = ("column", "data_type", "number_format", "row", "value")

    def __init__(self, row: int, column: int, value: Any = None, data_type: str = "n",
                 number_format: str = "General"):
        self.row, self.column = row, column
        self.value, self.data_type, self.number_format = value, data_type, number_format

    @property
    def coordinate(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


class _Range:
    __slots__ = ("max_col", "max_row", "min_col", "min_row")

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


class XmlSheet:
    """One worksheet: ``title``, ``max_row``, ``max_column``, ``merged_cells.ranges``, ``cell(r, c)``."""

    def __init__(self, book: XmlBook, title: str, part: str):
        self.parent = book
        self.title = title
        xml = book._read(part, "worksheet")
        self.merged_cells = _Merged(_merges(xml))
        self._cells: dict[tuple[int, int], _Cell] = {}
        # Cells not yet asked for, as (style, type, inner XML): the reader looks at about a third
        # of a sheet's cells, so the rest are never converted.
        self._raw: dict[tuple[int, int], tuple[str, str, str]] = {}
        self._delegate: Any = None
        self.max_row, self.max_column = self._parse(xml)

    def _parse(self, xml: str) -> tuple[int, int]:
        body = _sheet_data(xml)
        if "<![CDATA[" in body or (":c" in body and re.search(r"</?\w+:c\b", body)):
            raise Unsupported("CDATA or prefixed cells")
        # openpyxl's max_row/max_column count every cell element, empty ones and merges included.
        letters_seen = set(_CELL_COL.findall(body))
        if "" in letters_seen:
            raise Unsupported("cells without a plain r= address")
        max_row = max(map(int, _ROW_WITH_CELLS.findall(body)), default=1)
        max_col = max(map(_col_index, letters_seen), default=1)
        for m in self.merged_cells.ranges:
            max_row, max_col = max(max_row, m.max_row), max(max_col, m.max_col)
        cols: dict[str, int] = {}
        shared: dict[str, Any] = {}
        plain = _PLAIN_CELL.findall(body)
        if len(plain) == body.count("</c>"):
            cells: Iterable[tuple[str, str, str, str, str]] = plain
        else:  # attributes in another order or form: every content cell through the general pattern
            cells = (self._general(raw_attrs) + (inner,) for raw_attrs, inner in _CELL.findall(body))
        strings = len(self.parent._strings)
        for letters, row_text, s_text, kind, inner in cells:
            if not inner:
                continue
            c = cols.get(letters)
            if c is None:
                c = cols[letters] = _col_index(letters)
            key = (int(row_text), c)
            if "<f" in inner:  # converted in document order: a shared formula's copies need its master
                self._cells[key] = self._convert(key, s_text, kind, inner, shared)
                continue
            if kind not in _KINDS:  # "d" (ISO 8601 dates) and anything newer
                raise Unsupported(f"cell type {kind!r}")
            if kind == "s":  # checked now: a bad index must send the sheet to openpyxl, not fail later
                if inner.startswith("<v>") and inner.endswith("</v>"):
                    index = inner[3:-4]
                else:
                    vm = _VALUE.search(inner)
                    index = vm.group(1) or "" if vm is not None else ""
                if index and not (index.isdigit() and int(index) < strings):
                    raise Unsupported(f"string cell {letters}{row_text} points at shared string {index!r}")
            self._raw[key] = (s_text, kind, inner)
        return max_row, max_col

    @staticmethod
    def _general(raw_attrs: str) -> tuple[str, str, str, str]:
        attrs = _attrs(raw_attrs)
        rm = _REF.match(attrs.get("r") or "")
        if rm is None:
            raise Unsupported(f"cell without address: {attrs.get('r')!r}")
        return rm.group(1), rm.group(2), attrs.get("s") or "", attrs.get("t") or ""

    def _convert(self, key: tuple[int, int], s_text: str, kind: str, inner: str,
                 shared: dict[str, Any] | None = None) -> _Cell:
        r, c = key
        styles = self.parent._styles
        s = int(s_text) if s_text else 0
        kind = kind or "n"
        fmt = styles.format(s)
        fm = _FORMULA.match(inner) if inner.startswith("<f") else (
            _FORMULA.search(inner) if "<f" in inner else None)
        if fm is not None:
            return _Cell(r, c, self._formula(fm, _ref(r, c), {} if shared is None else shared), "f", fmt)
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
                        value = from_excel(value, self.parent._epoch, timedelta=s in styles.timedeltas)
                    except (OverflowError, ValueError):
                        data_type, value = "e", "#VALUE!"
        elif kind == "s":
            if text is not None:
                data_type = "s"
                value = self.parent._shared(text, _ref(r, c))
        elif kind == "str":
            if text is not None:
                data_type, value = "s", text
        elif kind == "inlineStr":
            im = _INLINE.search(inner)
            if im is not None:
                data_type, value = "s", _text_of(im.group(1) or "")
        elif kind == "b":
            value = bool(int(text)) if text else None
        elif kind == "e":
            value = text
        else:
            raise Unsupported(f"cell type {kind!r}")
        return _Cell(r, c, value, data_type, fmt)

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

    def positions(self) -> set[tuple[int, int]]:
        """Every (row, column) with content in the XML, converted or not."""
        return set(self._raw) | set(self._cells)

    def cell(self, row: int, column: int) -> Any:
        key = (row, column)
        found = self._cells.get(key)
        if found is not None:
            return found
        raw = self._raw.pop(key, None)
        if raw is None:
            return self._delegate.cell(row, column) if self._delegate is not None else _Cell(row, column)
        try:
            found = self._cells[key] = self._convert(key, *raw)
        except Exception:
            # A value openpyxl may read differently (or refuse): it decides for the rest of the sheet.
            self._delegate = self.parent._openpyxl()[self.title]
            return self._delegate.cell(row, column)
        return found

    def iter_rows(self, min_row: int | None = None, max_row: int | None = None, min_col: int | None = None,
                  max_col: int | None = None, values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        for r in range(min_row or 1, (max_row or self.max_row) + 1):
            cells = tuple(self.cell(r, c) for c in range(min_col or 1, (max_col or self.max_column) + 1))
            yield tuple(x.value for x in cells) if values_only else cells


class XmlBook:
    """``sheetnames``, ``book[name]`` and ``close()`` — the part of openpyxl's Workbook the reader uses.

    ``parts``: every part name of the zip → its inflated bytes where ``xlkit.safety.preflight`` kept
    them, else None (read from the zip when asked for).
    """

    def __init__(self, path: Path, fallback: Any, parts: dict[str, bytes | None] | None = None):
        self._fallback_loader, self._fallback = fallback, None
        self._path, self._kept = path, dict(parts or {})
        self._kept_names: set[str] | None = set(self._kept) if parts else None
        self._zip: zipfile.ZipFile | None = None
        try:
            workbook = self._read("xl/workbook.xml", "workbook")
            self._parts, extra = self._sheet_parts(workbook)
            self.sheetnames = list(self._parts)
            strings, styles = extra.get("sharedStrings"), extra.get("styles")
            self._strings = _shared_strings(self._read(strings, "sst")) if strings in self._names else []
            self._styles = _Styles(self._read(styles, "styleSheet") if styles in self._names else "")
            wb_pr = re.search(r"<workbookPr\b([^>]*?)/?>", workbook)
            from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

            date1904 = _attrs(wb_pr.group(1)).get("date1904", "") if wb_pr else ""
            self._epoch = CALENDAR_MAC_1904 if date1904.lower() in ("1", "true") else CALENDAR_WINDOWS_1900
            self._sheets: dict[str, Any] = {}
        except BaseException:
            self.close()
            raise

    @property
    def _names(self) -> set[str]:
        if self._kept_names is None:
            self._kept_names = set(self._open_zip().namelist())
        return self._kept_names

    def _open_zip(self) -> zipfile.ZipFile:
        if self._zip is None:
            self._zip = zipfile.ZipFile(self._path)
        return self._zip

    def _read(self, part: str, root: str) -> str:
        data = self._kept.pop(part, None)  # each part is parsed once; its bytes need not stay
        if data is None:
            data = self._open_zip().read(part)
        text = data.decode("utf-8")
        # Regular expressions do not prove XML well formed; a part cut short (a writer stopped
        # mid-way, the zip still consistent) is the likely fault, and openpyxl explains it.
        tail = text[-200:].rstrip()
        if not tail.endswith(f"</{root}>") and not re.search(rf"<{root}\b[^<]*/>$", tail):
            raise Unsupported(f"{part} does not end with </{root}>")
        return text

    def _shared(self, index: str, ref: str) -> str:
        try:
            return self._strings[int(index)]
        except (ValueError, IndexError):
            raise Unsupported(f"string cell {ref} points at shared string {index!r}") from None

    def _sheet_parts(self, workbook: str) -> tuple[dict[str, str], dict[str, str]]:
        """Sheet name → its part, and the shared strings and styles parts, as the workbook's rels say."""
        if re.search(r"<\w+:sheets\b", workbook):
            raise Unsupported("prefixed workbook.xml")
        rels_xml = self._read("xl/_rels/workbook.xml.rels", "Relationships")
        rels, extra = {}, {}
        for m in re.finditer(r"<Relationship\b([^>]*?)/?>", rels_xml):
            a = _attrs(m.group(1))
            target = a.get("Target", "")
            if target.startswith("/"):
                part = target.lstrip("/")
            else:
                part = str(PurePosixPath("xl") / target)
            rels[a.get("Id", "")] = part
            kind = a.get("Type", "").rsplit("/", 1)[-1]
            if kind in ("sharedStrings", "styles"):
                extra[kind] = part
        parts: dict[str, str] = {}
        for m in re.finditer(r"<sheet\b([^>]*?)/?>", workbook):
            a = _attrs(m.group(1))
            rid = a.get("r:id") or next((v for k, v in a.items() if k.endswith(":id")), None)
            if rid not in rels or not rels[rid].endswith(".xml"):
                raise Unsupported("sheet without worksheet part")
            parts[a["name"]] = rels[rid]
        return parts, extra

    def __getitem__(self, name: str) -> Any:
        """The sheet read fast; a sheet the fast path cannot read exactly comes from openpyxl."""
        if name not in self._sheets:
            if name not in self._parts:
                raise KeyError(f"Worksheet {name} does not exist.")
            try:
                self._sheets[name] = XmlSheet(self, name, self._parts[name])
            except Exception:  # Unsupported, or a part that is not UTF-8 XML as Excel writes it
                self._sheets[name] = self._openpyxl()[name]
        return self._sheets[name]

    def _openpyxl(self) -> Any:
        if self._fallback is None:
            self._fallback = self._fallback_loader()
        return self._fallback

    def close(self) -> None:
        if (zf := getattr(self, "_zip", None)) is not None:  # getattr: __init__ may have stopped early
            zf.close()
        self._kept = {}
        if (fallback := getattr(self, "_fallback", None)) is not None:
            fallback.close()


def open_book(path: Path, fallback: Any, parts: dict[str, bytes | None] | None = None) -> XmlBook:
    """Open ``path`` (already pre-flighted; ``parts`` are the bytes it kept); ``fallback()`` opens it
    with openpyxl for any sheet the fast path cannot read. Raises Unsupported (or a parse error) for
    a whole file the fast path cannot read."""
    return XmlBook(path, fallback, parts)
