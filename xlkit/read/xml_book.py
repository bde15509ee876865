"""A fast, read-only workbook for the reader: the sheet XML parsed directly, behind openpyxl's cell interface.

openpyxl builds a styled object for every cell, which is most of the time ``xlkit score`` spends.
The reader needs far less: each cell's value as openpyxl would give it (formula text for a formula,
int or float for a number, a datetime for a date-formatted number or an ISO date, the text of a
shared, inline or rich string), its data type, its number format (a number shown as a percent means
a fraction) and the merged ranges.

Every part is read by a real XML parser (the C ElementTree parser, streaming for worksheets and
shared strings), so what this sees is what openpyxl, Excel and LibreOffice see: comments, processing
instructions, CDATA, character and entity references, namespace prefixes (``x:c`` as the .NET SDK
writes), rows and cells without ``r=`` addresses and rich strings with phonetic runs all come out of
the parser, not out of patterns over the text. Element names are compared with their namespace
resolved, as openpyxl does. Where it was built, the C scan (``_sheetscan.c``, the same expat through
pyexpat's C API) reads a sheet first: it takes only the plain shape (rows of cells in address order,
values and plain strings as text) and hands back the cells with content; every other sheet it leaves
to the tree. It decides nothing of its own, so the two readings agree cell for cell
(``tests/test_backends.py`` runs every case through both), and it spares the element tree, most of a
folder's reading time. No part may declare a DTD:
``xlkit.read.safety.preflight`` refuses one in any part and ``_parse`` (or, before the scan,
``_refuse_dtd``) refuses it again, so no entity can be defined (an undefined reference is a parse
error). The parts are the bytes the preflight already inflated (bounded, CRC checked), so a
workbook is inflated once. Worksheet rows are dropped from the tree as soon as they are read, and
cells are held sparsely: a sheet formatted down to row 1,048,576 costs its parse, not a grid.

The parts are located as openpyxl locates them (the workbook and the shared strings through
``[Content_Types].xml``, the sheets through the workbook's relationships normalised as a path,
``xl/styles.xml`` by its fixed name), and each rule of openpyxl's worksheet reader is mirrored
(row and column counters, ``max_row`` over every cell element and merged cell, number formats by
``numFmtId`` from ``<numFmts>`` only). Anything outside that — a data-table formula, a chartsheet,
a style index or string index out of range, an unknown cell type — raises ``Unsupported``;
``xlkit.read.safety.load`` then opens the file (or that sheet) with openpyxl instead, so a rare workbook
costs time, never a different reading. ``tests/test_backends.py`` and ``tests/test_producers.py``
read the samples, as many producers write them, through both and compare them cell for cell,
records, issues and scores.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from xlkit.read.ooxml import (
    BUILTIN_FORMATS,
    MAC_EPOCH,
    WINDOWS_EPOCH,
    column_letter,
    from_excel,
    from_iso8601,
    is_date_format,
    is_timedelta_format,
)

if TYPE_CHECKING:
    from xlkit.read._sheetscan import Cell

    # (last row, greatest column, cells with content, merged ranges, styles used): see _sheetscan.c
    Scanned = tuple[int, int, list[Cell], list[str], set[int]]

_scan: Callable[[bytes], Scanned | None] | None
try:  # the C scan of a sheet's plain shape, where it was built (see _sheetscan.c); else the tree alone
    from xlkit.read._sheetscan import scan as _scan
except ImportError:
    _scan = None

__all__ = ["XmlBook", "XmlSheet", "Unsupported", "open_book"]


class Unsupported(Exception):
    """The file holds something this fast path does not read exactly like openpyxl; use openpyxl."""


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_ROW, _C, _V, _F, _IS, _T, _R = (_MAIN + n for n in ("row", "c", "v", "f", "is", "t", "r"))
_SHEET_DATA, _MERGE_CELL, _SI = _MAIN + "sheetData", _MAIN + "mergeCell", _MAIN + "si"
_WORKBOOK_TYPES = tuple(f"application/vnd.{k}.main+xml" for k in (
    "ms-excel.template.macroEnabled", "openxmlformats-officedocument.spreadsheetml.template",
    "ms-excel.sheet.macroEnabled", "openxmlformats-officedocument.spreadsheetml.sheet"))
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_DOCTYPE = (b"<!DOCTYPE", "<!DOCTYPE".encode("utf_16_le"), "<!DOCTYPE".encode("utf_16_be"))
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")
_KINDS = frozenset({"n", "s", "str", "inlineStr", "b", "e", "d"})
_STEP = 1 << 16


def _refuse_dtd(data: bytes) -> None:
    # Without a DTD no entity can be declared, so the parser cannot expand a bomb or fetch anything.
    if any(d in data for d in _DOCTYPE):
        raise Unsupported("a part declares a DTD")


def _parse(data: bytes) -> ET.Element:
    """A small part (workbook, relationships, styles, content types) as a tree."""
    _refuse_dtd(data)
    parser = ET.XMLParser()
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as exc:  # not well-formed (a part cut short): openpyxl reads it or explains why
        raise Unsupported(f"part is not well-formed XML: {exc}") from exc


def _stream(data: bytes, with_starts: bool = False) -> Iterator[tuple[str, Any]]:
    """The part's parse events (element ends, and starts if asked), fed in steps so that a consumer
    clearing elements bounds the tree."""
    _refuse_dtd(data)
    parser: Any = ET.XMLPullParser(("start", "end") if with_starts else ("end",))
    view = memoryview(data)
    try:
        for start in range(0, len(data), _STEP):
            parser.feed(bytes(view[start:start + _STEP]))
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except ET.ParseError as exc:  # not well-formed (a part cut short): openpyxl reads it or explains why
        raise Unsupported(f"part is not well-formed XML: {exc}") from exc


def _text_of(node: ET.Element) -> str:
    """openpyxl's ``Text.content``: the plain ``<t>`` and every rich run's ``<t>``, phonetic runs left out."""
    plain: str | None = None
    runs: list[str] = []
    for child in node:
        if child.tag == _T:
            plain = child.text  # openpyxl keeps the last plain text of a string
        elif child.tag == _R:
            t = child.find(_T)
            if t is not None and t.text is not None:
                runs.append(t.text)
    return (plain or "") + "".join(runs)


def _shared_strings(data: bytes) -> list[str]:
    out = []
    for _event, node in _stream(data):
        if node.tag == _SI:
            # openpyxl drops Excel's escape of a literal "_x" (written as "_x005F_x") in shared strings only.
            out.append(_text_of(node).replace("x005F_", ""))
            node.clear()
    return out


def _ref(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _coordinate(text: str) -> tuple[int, int]:
    m = _REF.fullmatch(text)
    if m is None:
        raise Unsupported(f"cell address {text!r} not in the plain A1 form")
    return int(m.group(2)), _col_index(m.group(1))


# Cell address → (row, column), shared by every sheet a process reads: the templates repeat the same
# addresses in every folder, so a batch worker converts each once. Bounded: cleared when full.
_REF_KEYS: dict[str, tuple[int, int]] = {}
_REF_KEYS_MAX = 1 << 17


def _address_key(text: str) -> tuple[int, int]:
    """(row, column) of an ``r=`` address; anything but the plain A1 form is Unsupported."""
    letters = text.rstrip("0123456789")
    digits = text[len(letters):]
    if not digits or digits[0] == "0":
        raise Unsupported(f"cell address {text!r} not in the plain A1 form")
    key = _coordinate(text)
    if len(_REF_KEYS) >= _REF_KEYS_MAX:
        _REF_KEYS.clear()
    _REF_KEYS[text] = key
    return key


class _Cell:
    """What the reader asks of an openpyxl cell."""

    __slots__ = ("column", "data_type", "number_format", "row", "value")

    def __init__(self, row: int, column: int, value: Any = None, data_type: str = "n",
                 number_format: str = "General"):
        self.row, self.column = row, column
        self.value, self.data_type, self.number_format = value, data_type, number_format

    @property
    def coordinate(self) -> str:
        return _ref(self.row, self.column)


class _Range:
    __slots__ = ("max_col", "max_row", "min_col", "min_row")

    def __init__(self, min_row: int, min_col: int, max_row: int, max_col: int):
        self.min_row, self.min_col, self.max_row, self.max_col = min_row, min_col, max_row, max_col


class _Merged:
    def __init__(self, ranges: list[_Range]):
        self.ranges = ranges


def _merge_range(ref: str) -> _Range:
    first, _, last = ref.partition(":")
    r1, c1 = _coordinate(first)
    r2, c2 = _coordinate(last) if last else (r1, c1)
    return _Range(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2))


class _Styles:
    """Number format of each cell style index, and which of them openpyxl reads as dates.

    As openpyxl: ``xl/styles.xml`` whatever the relationships say, the formats of ``<numFmts>`` only
    (a ``<dxf>``'s own ``<numFmt>`` belongs to conditional formatting), built-in formats by id.
    """

    def __init__(self, data: bytes | None):
        self.formats: list[str] = []
        if data is not None:
            root = _parse(data)
            if root.tag != _MAIN + "styleSheet":
                raise Unsupported("styles part is not a SpreadsheetML style sheet")
            custom: dict[int, str] = {}
            for fmt in root.iterfind(f"{_MAIN}numFmts/{_MAIN}numFmt"):
                custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
            for xf in root.iterfind(f"{_MAIN}cellXfs/{_MAIN}xf"):
                fid = int(xf.get("numFmtId") or 0)
                if fid in custom:
                    self.formats.append(custom[fid])
                elif fid >= 164:  # openpyxl would take another workbook format's slot
                    raise Unsupported(f"number format {fid} is not defined")
                else:
                    self.formats.append(BUILTIN_FORMATS.get(fid, "General"))
        if not self.formats:  # openpyxl keeps its one default style
            self.formats = ["General"]
        self.dates = {i for i, f in enumerate(self.formats) if is_date_format(f)}
        self.timedeltas = {i for i, f in enumerate(self.formats) if is_timedelta_format(f)}

    def format(self, index: int) -> str:
        if 0 <= index < len(self.formats):
            return self.formats[index]
        raise Unsupported(f"style {index} is not defined")  # openpyxl cannot open such a file


# The styles of the workbooks a process has read, by the bytes of their styles part: every workbook
# made from one template carries the same part, so a batch worker reads it once. Bounded.
_STYLES: dict[bytes | None, _Styles] = {}
_STYLES_MAX = 64


def _styles_of(data: bytes | None) -> _Styles:
    """``_Styles(data)``, shared by workbooks whose styles part is byte for byte the same (it is read only)."""
    found = _STYLES.get(data)
    if found is None:
        found = _Styles(data)
        if len(_STYLES) >= _STYLES_MAX:
            _STYLES.clear()
        _STYLES[data] = found
    return found


# Parts up to this size are parsed as one tree (the C parser alone); larger ones are streamed and
# their rows dropped as soon as they are read, which bounds the memory of a sheet formatted to the end.
_TREE_LIMIT = 8 << 20

def _rows(data: bytes, ranges: list[_Range]) -> Iterator[ET.Element]:
    """The ``<row>`` elements of a worksheet part in document order; its merged ranges go to ``ranges``."""
    if len(data) <= _TREE_LIMIT:
        root = _parse(data)
        if root.tag != _MAIN + "worksheet":
            raise Unsupported("not a SpreadsheetML worksheet")
        for child in root:
            if child.tag == _SHEET_DATA:
                for row in child:
                    if row.tag != _ROW:
                        raise Unsupported(f"sheetData holds a {row.tag}")
                    yield row
        ranges.extend(_merge_range(m.get("ref") or "") for m in root.iter(_MERGE_CELL))
        return
    sheet_data: ET.Element | None = None
    root_checked = False
    for event, node in _stream(data, with_starts=True):
        tag = node.tag
        if event == "start":
            if not root_checked:
                if tag != _MAIN + "worksheet":
                    raise Unsupported("not a SpreadsheetML worksheet")
                root_checked = True
            elif tag == _SHEET_DATA:
                sheet_data = node
        elif tag == _MERGE_CELL:
            ranges.append(_merge_range(node.get("ref") or ""))
        elif tag == _ROW:
            yield node
            if sheet_data is not None:
                sheet_data.clear()  # the rows read so far are not needed again


def _bounds(max_row: int, max_col: int, ranges: list[_Range]) -> tuple[int, int]:
    """``max_row``/``max_column`` as openpyxl counts them: its cells' and each merge's far corner."""
    for m in ranges:
        if (m.min_row, m.min_col) != (m.max_row, m.max_col):  # openpyxl adds a MergedCell at the corner
            max_row, max_col = max(max_row, m.max_row), max(max_col, m.max_col)
    return max_row or 1, max_col or 1


class XmlSheet:
    """One worksheet: ``title``, ``max_row``, ``max_column``, ``merged_cells.ranges``, ``cell(r, c)``."""

    def __init__(self, book: XmlBook, title: str, part: str):
        self.parent = book
        self.title = title
        self._cells: dict[tuple[int, int], _Cell] = {}
        # Cells not yet asked for, as (style, type, value text, inline string): the reader looks at
        # about a third of a sheet's cells, so the rest are never converted.
        self._raw: dict[tuple[int, int], tuple[int, str, str | None, str | None]] = {}
        self._delegate: Any = None
        ranges: list[_Range] = []
        self.max_row, self.max_column = self._read_part(book._read(part), ranges)
        self.merged_cells = _Merged(ranges)

    def _read_part(self, data: bytes, ranges: list[_Range]) -> tuple[int, int]:
        if _scan is not None:
            _refuse_dtd(data)
            scanned = _scan(data)
            if scanned is not None:
                return self._take(scanned, ranges)
        return self._parse(data, ranges)

    def _parse(self, data: bytes, ranges: list[_Range]) -> tuple[int, int]:
        """Read the rows as openpyxl's WorksheetReader does (its counters for missing addresses).

        Names are bound locally: where the C scan is not built, this loop is most of a folder's reading.
        """
        styles = self.parent._styles
        style_format = styles.format
        style_format(0)
        known_styles: set[str | None] = {None, ""}  # style attributes already checked (absent = style 0)
        last = (0, 0)
        max_col = 0
        row_counter = 0
        shared: dict[str, Any] = {}
        strings = len(self.parent._strings)
        cells, raw = self._cells, self._raw
        cells_pop, raw_pop = cells.pop, raw.pop
        ref_key = _REF_KEYS.get
        kinds, tag_c, tag_v, tag_f, tag_is = _KINDS, _C, _V, _F, _IS
        # ``last``: the greatest (row, column) so far: a cell beyond it cannot repeat an earlier one, so
        # only a cell at or before it (a repeated address, or rows out of order) has to replace what was read.
        for node in _rows(data, ranges):
            r_attr = node.get("r")
            row_counter = int(r_attr) if r_attr is not None else row_counter + 1
            col_counter = 0
            for c in node:
                if c.tag != tag_c:
                    raise Unsupported(f"row {row_counter} holds a {c.tag}")
                ref = c.get("r")
                if ref:
                    key = ref_key(ref) or _address_key(ref)
                else:
                    key = (row_counter, col_counter + 1)
                col_counter = key[1]
                if col_counter > max_col:
                    max_col = col_counter
                if key > last:
                    last = key
                else:
                    cells_pop(key, None)
                    raw_pop(key, None)
                s_text = c.get("s")
                if s_text not in known_styles:
                    style_format(int(s_text))  # type: ignore[arg-type]
                    known_styles.add(s_text)
                kind = c.get("t") or "n"
                if kind not in kinds:
                    raise Unsupported(f"cell type {kind!r}")
                if not len(c):  # no <v>, <f> or <is>: an empty cell
                    if kind != "n":  # openpyxl keeps the declared type of an empty cell
                        s = int(s_text) if s_text else 0
                        cells[key] = _Cell(key[0], key[1], None, kind, style_format(s))
                    continue
                s = int(s_text) if s_text else 0
                value: str | None = None
                inline: str | None = None
                formula: ET.Element | None = None
                for part in c:
                    if part.tag == tag_v:
                        if value is None:
                            value = part.text
                    elif part.tag == tag_f:
                        if formula is None:
                            formula = part
                    elif part.tag == tag_is and inline is None and kind == "inlineStr":
                        inline = _text_of(part)
                if formula is not None:  # converted in document order: a shared formula's copies need its master
                    cells[key] = _Cell(key[0], key[1], self._formula(formula, ref, shared), "f", style_format(s))
                    continue
                self._keep(key, s, kind, value, inline, strings)
        # the greatest (row, column) has the greatest row
        return _bounds(last[0], max_col, ranges)

    def _keep(self, key: tuple[int, int], s: int, kind: str, value: str | None, inline: str | None,
              strings: int) -> None:
        """Hold a cell's value (``<v>`` text, inline string) for its conversion when asked for."""
        if kind == "inlineStr" or not value:  # openpyxl: an inline string has no <v>; "" is None
            value = None
        if value is None and inline is None:
            if kind != "n":  # openpyxl keeps the declared type of an empty cell
                self._cells[key] = _Cell(key[0], key[1], None, kind, self.parent._styles.format(s))
            return
        if kind == "s" and not (value is not None and value.isdigit() and int(value) < strings):
            # checked now: a bad index must send the sheet to openpyxl, not fail later
            raise Unsupported(f"string cell {_ref(*key)} points at shared string {value!r}")
        self._raw[key] = (s, kind, value, inline)

    def _take(self, scanned: Scanned, ranges: list[_Range]) -> tuple[int, int]:
        """The cells ``_sheetscan.scan`` read, kept as ``_parse`` keeps them (in order, no address twice)."""
        last_row, max_col, found, merges, used = scanned
        style_format = self.parent._styles.format
        style_format(0)
        for style in used:
            style_format(style)
        ranges.extend(_merge_range(m) for m in merges)
        strings = len(self.parent._strings)
        shared: dict[str, Any] = {}
        for row, col, s, kind, value, inline, has_formula, f_text, f_kind, f_si in found:
            if has_formula:
                self._cells[(row, col)] = _Cell(row, col, self._formula_of(f_text, f_kind, f_si, _ref(row, col), shared),
                                                "f", style_format(s))
            else:
                self._keep((row, col), s, kind, value, inline, strings)
        return _bounds(last_row, max_col, ranges)

    @classmethod
    def _formula(cls, node: ET.Element, ref: str | None, shared: dict[str, Any]) -> str:
        return cls._formula_of(node.text, node.get("t"), node.get("si"), ref, shared)

    @staticmethod
    def _formula_of(text: str | None, kind: str | None, si_text: str | None, ref: str | None,
                    shared: dict[str, Any]) -> str:
        value = "=" + (text or "")
        if kind == "shared":
            if ref is None:
                raise Unsupported("shared formula in a cell without address")
            si = si_text or ""
            if si in shared:
                return str(shared[si].translate_formula(ref))
            if value != "=":
                from openpyxl.formula.translate import Translator

                shared[si] = Translator(value, ref)
        elif kind not in (None, "normal", "array"):
            raise Unsupported(f"formula type {kind!r}")
        return value

    def _convert(self, key: tuple[int, int], s: int, kind: str, text: str | None, inline: str | None) -> _Cell:
        r, c = key
        styles = self.parent._styles
        fmt = styles.format(s)
        value: Any = None
        data_type = kind
        if kind == "n":
            value = float(text) if text and ("." in text or "E" in text or "e" in text) else int(text or "")
            if s in styles.dates:
                data_type = "d"
                try:
                    value = from_excel(value, self.parent._epoch, timedelta=s in styles.timedeltas)
                except (OverflowError, ValueError):
                    data_type, value = "e", "#VALUE!"
        elif kind == "s":
            data_type, value = "s", self.parent._strings[int(text or "")]
        elif kind == "str":
            data_type, value = "s", text
        elif kind == "inlineStr":
            data_type, value = "s", inline
        elif kind == "b":
            value = bool(int(text or ""))
        elif kind == "e":
            value = text
        elif kind == "d":
            value = from_iso8601(text)
        return _Cell(r, c, value, data_type, fmt)

    def positions(self) -> set[tuple[int, int]]:
        """Every (row, column) with content in the XML, converted or not."""
        return set(self._raw) | {k for k, v in self._cells.items() if v.value is not None}

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

    ``parts``: every part name of the zip → its inflated bytes where ``xlkit.read.safety.preflight`` kept
    them, else None (read from the zip when asked for).
    """

    def __init__(self, path: Path, fallback: Any, parts: dict[str, bytes | None] | None = None):
        self._fallback_loader, self._fallback = fallback, None
        self._path = path
        self._kept: dict[str, bytes | None] = dict(parts or {})
        self._kept_names: set[str] | None = set(self._kept) if parts else None
        self._zip: zipfile.ZipFile | None = None
        try:
            workbook_part, strings_part = self._content_types()
            workbook = _parse(self._read(workbook_part))
            if workbook.tag != _MAIN + "workbook":
                raise Unsupported("not a SpreadsheetML workbook")
            self._parts = self._sheet_parts(workbook, workbook_part)
            self.sheetnames = list(self._parts)
            self._strings = _shared_strings(self._read(strings_part)) if strings_part else []
            self._styles = _styles_of(self._read("xl/styles.xml") if "xl/styles.xml" in self._names else None)
            wb_pr = workbook.find(_MAIN + "workbookPr")
            date1904 = (wb_pr.get("date1904") or "") if wb_pr is not None else ""
            self._epoch = MAC_EPOCH if date1904.lower() in ("1", "true") else WINDOWS_EPOCH
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

    def _read(self, part: str) -> bytes:
        data = self._kept.pop(part, None)  # each part is parsed once; its bytes need not stay
        if data is None:
            data = self._open_zip().read(part)
        return data

    def _content_types(self) -> tuple[str, str | None]:
        """The workbook part and the shared strings part, found as openpyxl finds them."""
        root = _parse(self._read("[Content_Types].xml"))
        overrides = [(o.get("ContentType"), (o.get("PartName") or "")[1:]) for o in root.iter(_CT + "Override")]
        workbook = next((p for t in _WORKBOOK_TYPES for ct, p in overrides if ct == t), None)
        if workbook is None:
            defaults = {d.get("ContentType") for d in root.iter(_CT + "Default")}
            if not defaults & set(_WORKBOOK_TYPES):
                raise Unsupported("no workbook part in [Content_Types].xml")
            workbook = "xl/workbook.xml"
        strings = next((p for ct, p in overrides if ct == _SHARED_STRINGS_TYPE), None)
        return workbook, strings

    def _sheet_parts(self, workbook: ET.Element, workbook_part: str) -> dict[str, str]:
        """Sheet name → its part, the relationship targets normalised as openpyxl does."""
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        rels: dict[str | None, tuple[str, str]] = {}
        if rels_part in self._names:
            for rel in _parse(self._read(rels_part)).iter(_PKG_REL + "Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(posixpath.split(posixpath.dirname(rels_part))[0],
                                                               target))
                rels[rel.get("Id")] = (target, rel.get("Type") or "")
        parts: dict[str, str] = {}
        for sheet in workbook.iterfind(f"{_MAIN}sheets/{_MAIN}sheet"):
            rid = sheet.get(_REL + "id")
            if not rid:
                continue  # openpyxl drops such a sheet (with a warning)
            if rid not in rels:
                raise Unsupported("sheet without relationship")
            target, kind = rels[rid]
            if target not in self._names:
                continue  # openpyxl leaves out a sheet whose part is missing
            if "chartsheet" in kind or not kind.endswith("/worksheet"):
                raise Unsupported("a chartsheet or another kind of sheet")
            parts[sheet.get("name") or ""] = target
        return parts

    def __getitem__(self, name: str) -> Any:
        """The sheet read fast; a sheet the fast path cannot read exactly comes from openpyxl."""
        if name not in self._sheets:
            if name not in self._parts:
                raise KeyError(f"Worksheet {name} does not exist.")
            try:
                self._sheets[name] = XmlSheet(self, name, self._parts[name])
            except Exception:  # Unsupported, or a part that is not well-formed XML
                self._sheets[name] = self._openpyxl()[name]
        return self._sheets[name]

    def _openpyxl(self) -> Any:
        if self._fallback is None:
            self._fallback = self._fallback_loader()
        return self._fallback

    def close(self) -> None:
        zf, fallback = getattr(self, "_zip", None), getattr(self, "_fallback", None)
        if zf is not None:
            zf.close()
        self._kept = {}
        # Each sheet refers back to its book: dropped here, the sheets and their cells go at once
        # instead of waiting for the cycle collector.
        self._sheets = {}
        if fallback is not None:
            fallback.close()


def open_book(path: Path, fallback: Any, parts: dict[str, bytes | None] | None = None) -> XmlBook:
    """Open ``path`` (already pre-flighted; ``parts`` are the bytes it kept); ``fallback()`` opens it
    with openpyxl for any sheet the fast path cannot read. Raises Unsupported for a whole file the
    fast path cannot read (a part that is not well-formed XML included)."""
    return XmlBook(path, fallback, parts)
