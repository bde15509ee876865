"""A corpus of broken and hostile workbooks and folders, built from xlkit's own templates.

Every case starts from a good folder — seed 000 filled into ``xlkit.new_project`` templates by the
bundled sample builder, seed 003 (evaluation plus the unit's 自评表), that 自评表 alone, or a blank
``xlkit.new_selfeval`` — and damages it the way workbooks arrive in practice: wrong types in every
column kind, sheets and headers deleted, renamed or moved, merges, inserted and deleted rows, stray
formatting to row 1,048,576, numbers as text, dates as text and serials, formulas and error values
in input cells, external links, macros, passwords, zip and XML-entity bombs, truncated and renamed
files, empty parts, huge strings and formula-injection text.

``CASES`` lists every case (category, name, what it damages) without building anything; ``Corpus``
builds a case on first use into its own folder and reuses it. Building is deterministic: no clock,
no randomness, the same bytes each time apart from the timestamps openpyxl stamps into docProps.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

__all__ = ["Case", "CASES", "Corpus", "PAYLOADS", "PAYLOAD_SLUGS", "HEAVY", "FILE_LEVEL", "NONSTANDARD", "case_ids"]

IND, BUD, VOU, SUR, SELF = "指标体系.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx", "绩效自评表.xlsx"
# A workbook name of no template: batch discovery must open it to look for the stamp.
NONSTANDARD = "x.xlsx"
FIRST_ROW = 4  # first data row (1-based) of every table, form and fixed sheet of the templates

# Formula-injection strings: what a spreadsheet would run if an output wrote them as formulas.
PAYLOADS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(1)")
PAYLOAD_SLUGS = ("hyperlink", "dde-cmd", "minus", "at-sum")

# Categories whose damage is to the container, not to a cell: run through both read backends.
FILE_LEVEL = frozenset({"macro", "encrypted", "zip-bomb", "entity-bomb", "truncated", "not-xlsx", "empty",
                        "zero-part", "external-link", "stray-format"})


@dataclass(frozen=True)
class Case:
    """One broken folder: ``base`` folder, the ``target`` file damaged, and how.

    ``cell`` is (file, sheet, cell) for a damage at one cell: ``xlkit check`` must name that place
    when it reports anything about the file. ``heavy`` cases (bombs, huge sheets) run in a
    subprocess with a memory cap.
    """

    category: str
    name: str
    base: str
    target: str | None
    make: Callable[[Path], None]
    cell: tuple[str, str, str] | None = None
    heavy: bool = False

    @property
    def id(self) -> str:
        return f"{self.category}/{self.name}"

    @property
    def file_level(self) -> bool:
        return self.category in FILE_LEVEL


# ---- layout of the templates -----------------------------------------------------------------

def _spec(file: str):
    from xlkit.spec.templates import all_workbook_specs

    return next(s for s in all_workbook_specs().values() if s.file == file)


def _sheet_named(spec: Any, name: str) -> Any:
    """The sheet a clerk sees as ``name`` (the corpus edits workbooks by what Excel shows)."""
    return next(s for s in spec.sheets if s.name == name)


def ref(file: str, sheet: str, key: str, row: int | str = 0) -> str:
    """The address of field/column ``key`` (table row index or fixed-row key) as the writer placed it."""
    s = _sheet_named(_spec(file), sheet)
    if s.layout == "form":
        return f"B{FIRST_ROW + [f.key for f in s.fields].index(key)}"
    col = [c.key for c in s.columns].index(key) + 1
    if s.layout == "fixed":
        assert isinstance(row, str)
        return f"{get_column_letter(col + 1)}{FIRST_ROW + [r.key for r in s.fixed_rows].index(row)}"
    assert isinstance(row, int)
    return f"{get_column_letter(col)}{FIRST_ROW + row}"


def text_fields(file: str, *, kinds: tuple[str, ...] = ("text", "longtext")) -> list[tuple[str, str, str | None]]:
    """(sheet, key, None) of every form field and (sheet, key, 'col') of every table column of these kinds."""
    out = []
    for s in _spec(file).sheets:
        if s.layout == "form":
            out += [(s.name, f.key, None) for f in s.fields if f.type in kinds]
        elif s.layout == "table":
            out += [(s.name, c.key, "col") for c in s.columns if c.type in kinds and c.is_input]
    return out


# ---- editing helpers --------------------------------------------------------------------------

def _load(path: Path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path)


def edit(file: str, fn: Callable[[Any], None]) -> Callable[[Path], None]:
    """A maker that opens ``file`` in openpyxl (as a clerk's Excel would), applies ``fn(wb)`` and saves."""
    def make(folder: Path) -> None:
        wb = _load(folder / file)
        fn(wb)
        wb.save(folder / file)
    return make


def put(file: str, sheet: str, cells: dict[str, Any]) -> Callable[[Path], None]:
    def fn(wb: Any) -> None:
        ws = wb[sheet]
        for r, v in cells.items():
            ws[r].value = v
    return edit(file, fn)


def text_in(file: str, sheet: str, cells: dict[str, str]) -> Callable[[Path], None]:
    """Type strings that openpyxl would otherwise take for formulas, as text (a text-formatted cell)."""
    def fn(wb: Any) -> None:
        ws = wb[sheet]
        for r, v in cells.items():
            ws[r].value = v
            ws[r].data_type = "s"
    return edit(file, fn)


def zip_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def write_zip(path: Path, parts: dict[str, bytes], level: int = 6) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    path.write_bytes(buf.getvalue())


def sheet_part(parts: dict[str, bytes], title: str) -> str:
    """The zip part name of the sheet called ``title``."""
    wb = parts["xl/workbook.xml"].decode()
    m = re.search(rf'<sheet\b[^>]*name="{re.escape(title)}"[^>]*r:id="(rId\d+)"', wb) or \
        re.search(rf'<sheet\b[^>]*r:id="(rId\d+)"[^>]*name="{re.escape(title)}"', wb)
    assert m, title
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    t = re.search(rf'<Relationship\b[^>]*Id="{m.group(1)}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship\b[^>]*Target="([^"]+)"[^>]*Id="{m.group(1)}"', rels)
    assert t
    target = t.group(1).lstrip("/")
    return target if target.startswith("xl/") else "xl/" + target


def zedit(file: str, fn: Callable[[dict[str, bytes]], None]) -> Callable[[Path], None]:
    """A maker that rewrites parts of the zip container directly (what no spreadsheet program would save)."""
    def make(folder: Path) -> None:
        parts = zip_parts(folder / file)
        fn(parts)
        write_zip(folder / file, parts)
    return make


def raw_cell(file: str, sheet: str, cell: str, xml: str) -> Callable[[Path], None]:
    """Replace cell ``cell`` of ``sheet`` by the raw ``<c>`` element ``xml`` (``{r}`` and ``{s}`` filled in)."""
    def fn(parts: dict[str, bytes]) -> None:
        name = sheet_part(parts, sheet)
        text = parts[name].decode()
        pat = re.compile(rf'<c r="{cell}"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)', re.S)
        m = pat.search(text)
        assert m, (sheet, cell)
        s = f' s="{m.group(1)}"' if m.group(1) else ""
        text = text[:m.start()] + xml.format(r=f'r="{cell}"', s=s) + text[m.end():]
        parts[name] = text.encode()
    return zedit(file, fn)


def chain(*makers: Callable[[Path], None]) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for m in makers:
            m(folder)
    return make


def replace_file(file: str, data: bytes | Callable[[bytes], bytes], *, new_name: str | None = None) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        old = folder / file
        content = data(old.read_bytes()) if callable(data) else data
        old.unlink()
        (folder / (new_name or file)).write_bytes(content)
    return make


# ---- the cases ----------------------------------------------------------------------------------

CASES: list[Case] = []


def case(category: str, name: str, make: Callable[[Path], None], *, base: str = "kashi", target: str | None = None,
         cell: tuple[str, str, str] | None = None, heavy: bool = False) -> None:
    CASES.append(Case(category, name, base, target, make, cell, heavy))


def _wrong_types() -> None:
    date = dt.datetime(2024, 3, 5, 10, 30)
    numeric_bad = (("text", "一百二十"), ("bool", True), ("date", date), ("error", "#N/A"))
    text_bad = (("number", 12345), ("bool", False), ("date", date), ("tiny-float", 3.14159e-10))
    # (column kind, file, sheet, cell, wrong values); rate and share are formula columns a clerk overwrote.
    targets = [
        ("text", IND, "基本信息", ref(IND, "基本信息", "unit"), text_bad),
        ("longtext", IND, "扣分事项", ref(IND, "扣分事项", "reason", 0), text_bad),
        ("code", IND, "指标体系", ref(IND, "指标体系", "code", 0), text_bad + (("float", 11.5),)),
        ("int", SUR, "题目", ref(SUR, "题目", "answered", 0), numeric_bad + (("fraction", 3.7), ("negative", -5))),
        ("decimal", SUR, "选项", ref(SUR, "选项", "score", 0), numeric_bad),
        ("score", IND, "指标体系", ref(IND, "指标体系", "weight", 0), numeric_bad + (("negative", -5), ("huge", 1e308))),
        ("amount", BUD, "支出", ref(BUD, "支出", "initial", "personnel"),
         numeric_bad + (("huge", 1e300), ("denormal", -5e-324))),
        ("yuan", VOU, "台账", ref(VOU, "台账", "amount", 0), numeric_bad),
        ("rate", BUD, "支出", ref(BUD, "支出", "execution_rate", "basic"), (("text", "百分百"), ("number", 2.5))),
        ("share", SUR, "选项", ref(SUR, "选项", "share", 0), (("text", "很多"), ("number", 7))),
        ("date", VOU, "台账", ref(VOU, "台账", "date", 0),
         (("text", "不是日期"), ("bool", True), ("huge-serial", 1e10), ("negative-serial", -1), ("error", "#VALUE!"))),
        ("choice", IND, "指标体系", ref(IND, "指标体系", "rule", 0), (("unknown", "不存在的规则"), ("number", 3), ("bool", True))),
        ("choice-survey", SUR, "题目", ref(SUR, "题目", "kind", 0), (("unknown", "问答题"), ("number", 1))),
    ]
    for kind, file, sheet, cell, values in targets:
        for label, value in values:
            case("wrong-type", f"{kind}-{label}", put(file, sheet, {cell: value}), target=file, cell=(file, sheet, cell))
    se = [("score", "绩效指标", ref(SELF, "绩效指标", "weight", 0)), ("amount", "项目资金", ref(SELF, "项目资金", "annual", "total")),
          ("int", "基本信息", ref(SELF, "基本信息", "year")), ("choice", "绩效指标", ref(SELF, "绩效指标", "nature", 0))]
    for kind, sheet, cell in se:
        for label, value in (("text", "十"), ("date", date), ("error", "#REF!")):
            case("wrong-type", f"selfeval-{kind}-{label}", put(SELF, sheet, {cell: value}), base="selfeval", target=SELF,
                 cell=(SELF, sheet, cell))


def _text_numbers() -> None:
    amount = ref(BUD, "支出", "initial", "personnel")
    for label, value in [("fullwidth", "４６４．５７"), ("thousands", "1,234.50"), ("spaces", " 464.57 "),
                         ("with-unit", "464.57万元"), ("currency", "¥1,000"), ("fullwidth-comma", "1，234.5"),
                         ("percent", "12%"), ("two-points", "1.2.3"), ("exponent", "1e3"), ("accounting-negative", "(100)"),
                         ("unicode-minus", "−5"), ("arabic-indic", "٤٦٤"), ("underscore", "1_000"), ("nan", "NaN"),
                         ("infinity", "Infinity"), ("snan", "sNaN"), ("negative-zero", "-0")]:
        case("text-number", f"amount-{label}", text_in(BUD, "支出", {amount: value}), target=BUD, cell=(BUD, "支出", amount))
    cases = [("int-fullwidth", SUR, "题目", ref(SUR, "题目", "answered", 0), "１０２"),
             ("int-decimal-text", SUR, "题目", ref(SUR, "题目", "answered", 0), "102.0"),
             ("score-fullwidth", IND, "指标体系", ref(IND, "指标体系", "weight", 0), "２"),
             ("actual-fullwidth-percent", IND, "指标体系", ref(IND, "指标体系", "actual", 7), "９９．４９％"),
             ("yuan-text", VOU, "台账", ref(VOU, "台账", "amount", 0), "12,345.67元")]
    for label, file, sheet, cell, value in cases:
        case("text-number", label, text_in(file, sheet, {cell: value}), target=file, cell=(file, sheet, cell))


def _dates() -> None:
    cell = ref(VOU, "台账", "date", 0)
    values = [("chinese", "2024年3月5日"), ("slashes", "2024/3/5"), ("dots", "2024.3.5"), ("compact", "20240305"),
              ("us-order", "3/5/2024"), ("serial-int", 45356), ("serial-float", 45356.75), ("serial-text", "45356"),
              ("serial-zero", 0), ("serial-beyond-9999", 2958466), ("chinese-numerals", "二〇二四年三月五日"),
              ("february-30", "2024-02-30"), ("iso-datetime", "2024-03-05T10:30:00")]
    for label, value in values:
        maker = text_in(VOU, "台账", {cell: value}) if isinstance(value, str) else put(VOU, "台账", {cell: value})
        case("date", label, maker, target=VOU, cell=(VOU, "台账", cell))
    # A date-formatted number in the 1904 date system (old Mac Excel).
    case("date", "epoch-1904", chain(put(VOU, "台账", {cell: 43894}),
                                     zedit(VOU, lambda p: p.__setitem__("xl/workbook.xml", p["xl/workbook.xml"].replace(
                                         b"<workbookPr", b'<workbookPr date1904="1"', 1)))),
         target=VOU, cell=(VOU, "台账", cell))


def _formulas() -> None:
    amount = ref(BUD, "支出", "initial", "personnel")
    unit = ref(IND, "基本信息", "unit")
    case("formula", "div0-uncached", put(BUD, "支出", {amount: "=1/0"}), target=BUD, cell=(BUD, "支出", amount))
    case("formula", "div0-cached", raw_cell(BUD, "支出", amount, '<c {r}{s} t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
         target=BUD, cell=(BUD, "支出", amount))
    case("formula", "sum-cached", raw_cell(BUD, "支出", amount, '<c {r}{s}><f>SUM(B5:B6)</f><v>418.3</v></c>'),
         target=BUD, cell=(BUD, "支出", amount))
    case("formula", "string-result-cached", raw_cell(BUD, "支出", amount, '<c {r}{s} t="str"><f>"12"&amp;"3"</f><v>123</v></c>'),
         target=BUD, cell=(BUD, "支出", amount))
    for err in ("#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"):
        slug = re.sub(r"\W", "", err).lower()
        case("formula", f"error-{slug}", raw_cell(BUD, "支出", amount, f'<c {{r}}{{s}} t="e"><v>{err}</v></c>'),
             target=BUD, cell=(BUD, "支出", amount))
    case("formula", "spill-as-text", text_in(BUD, "支出", {amount: "#SPILL!"}), target=BUD, cell=(BUD, "支出", amount))
    case("formula", "text-field-formula", put(IND, "基本信息", {unit: "=B5"}), target=IND, cell=(IND, "基本信息", unit))
    code = ref(IND, "指标体系", "code", 0)
    case("formula", "code-formula", put(IND, "指标体系", {code: '="A"&"11"'}), target=IND, cell=(IND, "指标体系", code))
    case("formula", "array-formula", raw_cell(BUD, "支出", amount, '<c {r}{s}><f t="array" ref="{cell}">SUM(B5:B6*1)</f><v>1</v></c>'
                                              .replace("{cell}", amount)), target=BUD, cell=(BUD, "支出", amount))
    case("formula", "long-formula", put(BUD, "支出", {amount: "=" + "+".join(["1"] * 4000)}), target=BUD,
         cell=(BUD, "支出", amount))
    date = ref(VOU, "台账", "date", 0)
    case("formula", "date-error", raw_cell(VOU, "台账", date, '<c {r}{s} t="e"><v>#VALUE!</v></c>'), target=VOU,
         cell=(VOU, "台账", date))
    case("formula", "selfeval-actual-error", raw_cell(SELF, "绩效指标", ref(SELF, "绩效指标", "actual", 0),
                                                      '<c {r}{s} t="e"><f>1/0</f><v>#DIV/0!</v></c>'),
         base="selfeval", target=SELF, cell=(SELF, "绩效指标", ref(SELF, "绩效指标", "actual", 0)))


def _external_links() -> None:
    amount = ref(BUD, "支出", "initial", "personnel")
    case("external-link", "formula-to-other-workbook", put(BUD, "支出", {amount: "='[外部.xlsx]收入'!B4"}), target=BUD,
         cell=(BUD, "支出", amount))

    def link_part(parts: dict[str, bytes]) -> None:
        parts["xl/externalLinks/externalLink1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            b'<sheetDataSet><sheetData sheetId="0"><row r="4"><cell r="B4"><v>418.3</v></cell></row></sheetData>'
            b'</sheetDataSet></externalBook></externalLink>')
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" '
            b'Target="file:///C:/secret/%E5%A4%96%E9%83%A8.xlsx" TargetMode="External"/></Relationships>')
        rels = parts["xl/_rels/workbook.xml.rels"]
        parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", (
            b'<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>'))
        wb = parts["xl/workbook.xml"]
        wb = wb.replace(b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rId999"/></externalReferences>', 1)
        # Excel declares r: on the root; openpyxl declares it on each <sheet>, which leaves the added
        # r:id unbound, and a namespace-checking parser (lxml, present with python-docx) refuses the file.
        root = re.search(rb"<workbook\b[^>]*>", wb)
        assert root
        if b"xmlns:r=" not in root.group(0):
            wb = wb.replace(b"<workbook", b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                                          b'relationships"', 1)
        parts["xl/workbook.xml"] = wb
        ct = parts["[Content_Types].xml"]
        parts["[Content_Types].xml"] = ct.replace(b"</Types>", (
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>'))
        name = sheet_part(parts, "支出")
        text = parts[name].decode()
        m = re.search(rf'<c r="{amount}"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)', text, re.S)
        assert m
        s = f' s="{m.group(1)}"' if m.group(1) else ""
        parts[name] = (text[:m.start()] + f'<c r="{amount}"{s}><f>[1]Sheet1!B4</f><v>418.3</v></c>' + text[m.end():]).encode()

    case("external-link", "external-link-part", zedit(BUD, link_part), target=BUD, cell=(BUD, "支出", amount))
    unit = ref(IND, "基本信息", "unit")
    case("external-link", "hyperlink-to-local-file", put(IND, "基本信息", {unit: '=HYPERLINK("file:///etc/passwd","单位")'}),
         target=IND, cell=(IND, "基本信息", unit))


MAIN_SHEETS = {IND: "指标体系", BUD: "支出", VOU: "台账", SUR: "选项"}


def _sheets() -> None:
    for file, main in MAIN_SHEETS.items():
        stem = Path(file).stem
        case("sheets", f"{stem}-deleted-{main}", edit(file, lambda wb, m=main: wb.remove(wb[m])), target=file)
        case("sheets", f"{stem}-renamed-{main}", edit(file, lambda wb, m=main: setattr(wb[m], "title", m + "（修改）")),
             target=file)
        case("sheets", f"{stem}-trailing-space", edit(file, lambda wb, m=main: setattr(wb[m], "title", m + " ")), target=file)
        case("sheets", f"{stem}-reversed-order", edit(file, lambda wb: wb._sheets.reverse()), target=file)
        case("sheets", f"{stem}-stamp-deleted", edit(file, lambda wb: wb.remove(wb["_xlkit"])), target=file)
    case("sheets", "预决算-lists-deleted", edit(BUD, lambda wb: wb.remove(wb["清单"])), target=BUD)
    case("sheets", "指标体系-extra-first-sheet", edit(IND, lambda wb: wb.create_sheet("Sheet1", 0).append(["随便", 1, 2])),
         target=IND)
    case("sheets", "预决算-main-hidden", edit(BUD, lambda wb: setattr(wb["支出"], "sheet_state", "hidden")), target=BUD)
    case("sheets", "指标体系-swapped-names", edit(IND, _swap_titles("指标体系", "指标层级")), target=IND)
    case("sheets", "selfeval-deleted-绩效指标", edit(SELF, lambda wb: wb.remove(wb["绩效指标"])), base="selfeval", target=SELF)
    case("sheets", "selfeval-renamed-项目资金", edit(SELF, lambda wb: setattr(wb["项目资金"], "title", "资金")), base="selfeval",
         target=SELF)
    case("sheets", "selfeval-only-stamp-left", edit(SELF, _only("_xlkit")), base="selfeval", target=SELF)


def _only(title: str) -> Callable[[Any], None]:
    def fn(wb: Any) -> None:
        for ws in list(wb.worksheets):
            if ws.title != title:
                wb.remove(ws)
        wb[title].sheet_state = "visible"
    return fn


def _swap_titles(a: str, b: str) -> Callable[[Any], None]:
    def fn(wb: Any) -> None:
        wa, wb_ = wb[a], wb[b]
        wa.title = "__tmp__"
        wb_.title = a
        wa.title = b
    return fn


def _cols(file: str, sheet: str, *keys: str) -> list[int]:
    s = _sheet_named(_spec(file), sheet)
    off = 2 if s.layout == "fixed" else 1
    return [[c.key for c in s.columns].index(k) + off for k in keys]


def _swap_columns(sheet: str, a: int, b: int) -> Callable[[Any], None]:
    def fn(wb: Any) -> None:
        ws = wb[sheet]
        for row in range(3, ws.max_row + 1):
            ca, cb = ws.cell(row, a), ws.cell(row, b)
            ca.value, cb.value = cb.value, ca.value
    return fn


def _headers() -> None:
    d, e = _cols(BUD, "项目", "initial", "adjusted")
    case("headers", "项目-header-blank", put(BUD, "项目", {f"{get_column_letter(d)}3": None}), target=BUD)
    case("headers", "项目-header-renamed", put(BUD, "项目", {f"{get_column_letter(d)}3": "年初预算"}), target=BUD)
    case("headers", "项目-columns-swapped", edit(BUD, _swap_columns("项目", d, e)), target=BUD)
    case("headers", "项目-column-inserted", edit(BUD, lambda wb: wb["项目"].insert_cols(2)), target=BUD)
    case("headers", "项目-column-deleted", edit(BUD, lambda wb: wb["项目"].delete_cols(d)), target=BUD)
    case("headers", "项目-english-headers", edit(BUD, lambda wb: [setattr(c, "value", f"col{c.column}")
                                                                for c in wb["项目"][3] if c.value]), target=BUD)
    case("headers", "项目-header-ideographic-space", put(BUD, "项目", {f"{get_column_letter(d)}3": "年初预算数\u3000"}), target=BUD)
    w, a = _cols(IND, "指标体系", "weight", "actual")
    case("headers", "指标体系-columns-swapped", edit(IND, _swap_columns("指标体系", w, a)), target=IND)
    case("headers", "指标体系-column-inserted", edit(IND, _unmerged(lambda ws: ws.insert_cols(1), "指标体系")), target=IND)
    case("headers", "指标体系-header-row-moved-down", edit(IND, _unmerged(lambda ws: ws.insert_rows(1), "指标体系")), target=IND)
    case("headers", "台账-header-row-deleted", edit(VOU, lambda wb: wb["台账"].delete_rows(3)), target=VOU)
    case("headers", "支出-row-labels-renamed", put(BUD, "支出", {"A4": "基本支出合计", "A7": "项目"}), target=BUD)
    case("headers", "支出-row-labels-swapped", edit(BUD, _swap_rows("支出", 5, 6)), target=BUD)
    case("headers", "基本信息-labels-shuffled", edit(IND, _swap_rows("基本信息", 4, 8)), target=IND)
    nw = _cols(SELF, "绩效指标", "nature", "weight")
    case("headers", "selfeval-columns-swapped", edit(SELF, _unmerged(lambda ws: _swap_columns("绩效指标", *nw)(ws.parent),
                                                                     "绩效指标")), base="selfeval", target=SELF)


def _swap_rows(sheet: str, a: int, b: int) -> Callable[[Any], None]:
    def fn(wb: Any) -> None:
        ws = wb[sheet]
        for col in range(1, ws.max_column + 1):
            ca, cb = ws.cell(a, col), ws.cell(b, col)
            ca.value, cb.value = cb.value, ca.value
    return fn


def _unmerged(fn: Callable[[Any], None], sheet: str) -> Callable[[Any], None]:
    """Apply ``fn(ws)`` after lifting the merges (openpyxl moves cells, not merges)."""
    def run(wb: Any) -> None:
        ws = wb[sheet]
        for r in list(ws.merged_cells.ranges):
            ws.unmerge_cells(str(r))
        fn(ws)
    return run


def _merges() -> None:
    def merge(sheet: str, rng: str) -> Callable[[Any], None]:
        return lambda wb: wb[sheet].merge_cells(rng)

    d = get_column_letter(_cols(BUD, "项目", "initial")[0])
    e = get_column_letter(_cols(BUD, "项目", "adjusted")[0])
    case("merged", "项目-input-across", edit(BUD, merge("项目", f"{d}4:{e}4")), target=BUD, cell=(BUD, "项目", f"{d}4"))
    actual = get_column_letter(_cols(IND, "指标体系", "actual")[0])
    case("merged", "指标体系-actual-down", edit(IND, merge("指标体系", f"{actual}4:{actual}6")), target=IND,
         cell=(IND, "指标体系", f"{actual}4"))
    case("merged", "基本信息-fields", edit(IND, merge("基本信息", "B4:B6")), target=IND, cell=(IND, "基本信息", "B4"))
    case("merged", "支出-fixed-row", edit(BUD, merge("支出", "B4:D4")), target=BUD, cell=(BUD, "支出", "B4"))
    case("merged", "项目-header", edit(BUD, merge("项目", f"{d}3:{e}3")), target=BUD)
    case("merged", "指标体系-split-levels", edit(IND, _unmerged(lambda ws: None, "指标体系")), target=IND)
    case("merged", "指标体系-split-and-filled", edit(IND, _split_fill("指标体系")), target=IND)
    case("merged", "台账-huge-range", edit(VOU, merge("台账", "A300:Z3000")), target=VOU)
    case("merged", "selfeval-split-levels", edit(SELF, _unmerged(lambda ws: None, "绩效指标")), base="selfeval", target=SELF)
    case("merged", "selfeval-weight-down", edit(SELF, merge("绩效指标", f"{get_column_letter(_cols(SELF, '绩效指标', 'weight')[0])}4:"
                                                                     f"{get_column_letter(_cols(SELF, '绩效指标', 'weight')[0])}5")),
         base="selfeval", target=SELF)


def _split_fill(sheet: str) -> Callable[[Any], None]:
    """WPS's 取消合并并填充: every cell of a former merge carries the value."""
    def fn(wb: Any) -> None:
        ws = wb[sheet]
        for r in list(ws.merged_cells.ranges):
            value = ws.cell(r.min_row, r.min_col).value
            ws.unmerge_cells(str(r))
            for row in range(r.min_row, r.max_row + 1):
                for col in range(r.min_col, r.max_col + 1):
                    ws.cell(row, col).value = value
    return fn


def _rows() -> None:
    case("rows", "项目-blank-row-inserted", edit(BUD, lambda wb: wb["项目"].insert_rows(6)), target=BUD)
    case("rows", "项目-row-inserted-with-data", edit(BUD, lambda wb: (wb["项目"].insert_rows(6),
                                                                     [wb["项目"].cell(6, c + 1, v) for c, v in
                                                                      enumerate([99, "新增项目", "年中追加项目", None, 5, None, 5])])),
         target=BUD)
    case("rows", "项目-row-deleted", edit(BUD, lambda wb: wb["项目"].delete_rows(5)), target=BUD)
    case("rows", "支出-fixed-row-inserted", edit(BUD, lambda wb: wb["支出"].insert_rows(6)), target=BUD)
    case("rows", "收入-fixed-row-deleted", edit(BUD, lambda wb: wb["收入"].delete_rows(5)), target=BUD)
    case("rows", "项目-beyond-capacity", put(BUD, "项目", {"A50": 50, "B50": "表外项目", "D50": 1, "E50": 1, "G50": 1}),
         target=BUD, cell=(BUD, "项目", "B50"))
    case("rows", "台账-data-far-below", put(VOU, "台账", {"A1000": 99, "D1000": "远处的凭证", "E1000": 100}), target=VOU)
    case("rows", "指标体系-blank-rows-between", edit(IND, _unmerged(lambda ws: ws.insert_rows(10, 3), "指标体系")), target=IND)
    case("rows", "指标体系-row-deleted", edit(IND, _unmerged(lambda ws: ws.delete_rows(8), "指标体系")), target=IND)
    case("rows", "指标体系-duplicate-code", put(IND, "指标体系", {"A5": "A11"}), target=IND, cell=(IND, "指标体系", "A5"))
    case("rows", "选项-rows-deleted", edit(SUR, lambda wb: wb["选项"].delete_rows(5, 3)), target=SUR)
    case("rows", "selfeval-row-inserted", edit(SELF, _unmerged(lambda ws: ws.insert_rows(6), "绩效指标")), base="selfeval",
         target=SELF)


def _stray() -> None:
    from openpyxl.styles import Font, PatternFill

    def styled(sheet: str, cells: tuple[str, ...], value: Any = None) -> Callable[[Any], None]:
        def fn(wb: Any) -> None:
            for c in cells:
                wb[sheet][c].fill = PatternFill("solid", fgColor="FFFF00")
                if value is not None:
                    wb[sheet][c].value = value
        return fn

    case("stray-format", "last-row-styled", edit(BUD, styled("项目", ("A1048576",))), target=BUD)
    case("stray-format", "last-column-styled", edit(BUD, styled("支出", ("XFD1",))), target=BUD)
    case("stray-format", "last-cell-value", edit(IND, styled("指标体系", ("XFD1048576",), "x")), target=IND)

    def whole_columns(wb: Any) -> None:
        ws = wb["台账"]
        for col in "ABCDEFGHIJ":
            ws.column_dimensions[col].font = Font(bold=True)
    case("stray-format", "whole-columns-styled", edit(VOU, whole_columns), target=VOU)

    def dimension(value: str) -> Callable[[dict[str, bytes]], None]:
        def fn(parts: dict[str, bytes]) -> None:
            name = sheet_part(parts, "支出")
            parts[name] = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{value}"/>'.encode(), parts[name], count=1)
        return fn
    case("stray-format", "dimension-claims-everything", zedit(BUD, dimension("A1:XFD1048576")), target=BUD)
    case("stray-format", "dimension-claims-a1", zedit(BUD, dimension("A1:A1")), target=BUD)

    def million_rows(parts: dict[str, bytes]) -> None:
        # Excel writes a <row> for every formatted row: a whole-sheet fill gives 1,048,576 of them.
        name = sheet_part(parts, "台账")
        text = parts[name]
        last = max(int(r) for r in re.findall(rb'<row r="(\d+)"', text))
        extra = b"".join(b'<row r="%d" s="1" customFormat="1"/>' % r for r in range(last + 1, 1048577))
        parts[name] = text.replace(b"</sheetData>", extra + b"</sheetData>", 1)
    case("stray-format", "million-formatted-rows", zedit(VOU, million_rows), target=VOU, heavy=True)


def _macro() -> None:
    vba = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nShell \"calc\"\nEnd Sub\n"

    def add_vba(parts: dict[str, bytes]) -> None:
        parts["xl/vbaProject.bin"] = vba
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(
            b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')

    def as_xlsm(folder: Path) -> None:
        zedit(IND, add_vba)(folder)
        (folder / IND).rename(folder / "指标体系.xlsm")
    case("macro", "xlsm-instead-of-xlsx", as_xlsm, target="指标体系.xlsm")

    def xlsm_beside(folder: Path) -> None:
        shutil.copyfile(folder / IND, folder / "指标体系.xlsm")
        zedit("指标体系.xlsm", add_vba)(folder)
    case("macro", "xlsm-beside-xlsx", xlsm_beside, target="指标体系.xlsm")
    case("macro", "vba-inside-xlsx", zedit(BUD, add_vba), target=BUD)
    case("macro", "macro-content-type-only", zedit(BUD, lambda p: p.__setitem__("[Content_Types].xml", p["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))), target=BUD)
    case("macro", "selfeval-vba", zedit(SELF, add_vba), base="selfeval", target=SELF)


def _encrypt(password: str) -> Callable[[bytes], bytes]:
    def fn(data: bytes) -> bytes:
        from msoffcrypto.format.ooxml import OOXMLFile

        out = io.BytesIO()
        OOXMLFile(io.BytesIO(data)).encrypt(password, out)
        return out.getvalue()
    return fn


def _encrypted() -> None:
    case("encrypted", "password-123456", replace_file(BUD, _encrypt("123456")), target=BUD)
    # Excel's "read-only recommended" files are encrypted with this well-known password.
    case("encrypted", "velvet-sweatshop", replace_file(IND, _encrypt("VelvetSweatshop")), target=IND)
    case("encrypted", "selfeval", replace_file(SELF, _encrypt("abc")), base="selfeval", target=SELF)


def _deflate_raw(data: bytes, level: int = 9) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _zero_stream(size: int) -> bytes:
    """Raw deflate of ``size`` zero bytes, built in chunks (never holds ``size`` bytes)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * (1 << 20)
    out = []
    left = size
    while left:
        n = min(left, len(chunk))
        out.append(c.compress(chunk[:n]))
        left -= n
    out.append(c.flush())
    return b"".join(out)


def _forged_zip(parts: dict[str, bytes], name: str, stream: bytes, size: int, crc: int) -> bytes:
    """A zip whose entry ``name`` is the raw deflate ``stream`` but whose headers declare ``size``/``crc``."""
    buf = io.BytesIO()
    central = []
    entries = [(n, _deflate_raw(d), len(d), zlib.crc32(d)) for n, d in parts.items() if n != name]
    entries.append((name, stream, size, crc))
    for n, comp, usize, c in entries:
        off = buf.tell()
        nb = n.encode()
        buf.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x5821, c, len(comp), usize, len(nb), 0))
        buf.write(nb)
        buf.write(comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x5821, c, len(comp), usize,
                                   len(nb), 0, 0, 0, 0, 0, off) + nb)
    cd_off = buf.tell()
    for c in central:
        buf.write(c)
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), buf.tell() - cd_off, cd_off, 0))
    return buf.getvalue()


def _zip_bombs() -> None:
    def ratio_bomb(folder: Path) -> None:
        # 200 MB of zeros as the 支出 sheet: about 200 KB on disk.
        parts = zip_parts(folder / BUD)
        name = sheet_part(parts, "支出")
        size = 200 * 1024 * 1024
        (folder / BUD).write_bytes(_forged_zip(parts, name, _zero_stream(size), size, _crc_zeros(size)))
    case("zip-bomb", "200MB-of-zeros", ratio_bomb, target=BUD, heavy=True)

    def lying_header(folder: Path) -> None:
        # 1 GB of zeros declared as a 2 KB part with the CRC of its first 2 KB: size checks and
        # CRC pass for a reader that trusts the header; one that inflates to the end gets 1 GB.
        parts = zip_parts(folder / BUD)
        name = sheet_part(parts, "支出")
        (folder / BUD).write_bytes(_forged_zip(parts, name, _zero_stream(1 << 30), 2048, zlib.crc32(b"\0" * 2048)))
    case("zip-bomb", "lying-header-1GB", lying_header, target=BUD, heavy=True)

    def nonstandard_name(folder: Path) -> None:
        # A workbook under a name no template has (so batch discovery looks inside it for the stamp)
        # whose workbook.xml inflates to 400 MB from about 400 KB on disk. Sorted first in its folder.
        parts = zip_parts(folder / IND)
        size = 400 * 1024 * 1024
        (folder / NONSTANDARD).write_bytes(_forged_zip(parts, "xl/workbook.xml", _zero_stream(size), size,
                                                       _crc_zeros(size)))
    case("zip-bomb", "nonstandard-name-workbook-400MB", nonstandard_name, target=NONSTANDARD, heavy=True)

    def many_entries(parts: dict[str, bytes]) -> None:
        for i in range(6000):
            parts[f"xl/media/pad{i}.bin"] = b""
    case("zip-bomb", "6000-entries", zedit(BUD, many_entries), target=BUD, heavy=True)

    def shared_strings_bomb(folder: Path) -> None:
        parts = zip_parts(folder / IND)
        size = 150 * 1024 * 1024
        (folder / IND).write_bytes(_forged_zip(parts, "xl/sharedStrings.xml", _zero_stream(size), size,
                                               _crc_zeros(size)))
    case("zip-bomb", "shared-strings-150MB", shared_strings_bomb, base="blank", target=IND, heavy=True)


def _crc_zeros(size: int) -> int:
    crc, chunk = 0, b"\0" * (1 << 20)
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(b"\0" * (size & ((1 << 20) - 1)), crc)


LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
          + b"]>")


def _entity_bombs() -> None:
    def doctype(part: str, ref_text: bytes, dtd: bytes = LAUGHS) -> Callable[[dict[str, bytes]], None]:
        def fn(parts: dict[str, bytes]) -> None:
            name = part if part.startswith(("xl/", "[")) else sheet_part(parts, part)
            data = parts[name]
            if data.startswith(b"<?xml"):
                end = data.index(b"?>") + 2
                data = data[:end] + dtd + data[end:]
            else:
                data = dtd + data
            if ref_text:
                if name == "xl/sharedStrings.xml":
                    data = re.sub(rb"<t>[^<]*</t>", b"<t>" + ref_text + b"</t>", data, count=1)
                else:
                    data = re.sub(rb'(<c r="B4"[^>]*?)(/>|>.*?</c>)', rb'\1 t="inlineStr"><is><t>' + ref_text + rb"</t></is></c>",
                                  data, count=1, flags=re.S)
            parts[name] = data
        return fn

    case("entity-bomb", "billion-laughs-sheet", zedit(BUD, doctype("支出", b"&lol9;")), target=BUD, heavy=True)
    # xlsxwriter's templates (the blank base) keep their text in sharedStrings.xml.
    case("entity-bomb", "billion-laughs-shared-strings", zedit(IND, doctype("xl/sharedStrings.xml", b"&lol9;")), base="blank",
         target=IND, heavy=True)
    big = b"x" * 50_000
    quadratic = b'<!DOCTYPE q [<!ENTITY a "' + big + b'">]>'
    case("entity-bomb", "quadratic-blowup", zedit(IND, doctype("xl/sharedStrings.xml", b"&a;" * 20_000, quadratic)),
         base="blank", target=IND, heavy=True)
    xxe = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    case("entity-bomb", "external-entity-passwd", zedit(IND, doctype("xl/sharedStrings.xml", b"&xxe;", xxe)), base="blank",
         target=IND, heavy=True)
    case("entity-bomb", "external-entity-workbook", zedit(BUD, doctype("xl/workbook.xml", b"", xxe)), target=BUD, heavy=True)
    remote = b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">'
    case("entity-bomb", "external-dtd", zedit(BUD, doctype("支出", b"", remote)), target=BUD, heavy=True)


def _truncated() -> None:
    case("truncated", "half", replace_file(BUD, lambda d: d[: len(d) // 2]), target=BUD)
    case("truncated", "no-central-directory", replace_file(BUD, lambda d: d[: d.rfind(b"PK\x01\x02")]), target=BUD)
    case("truncated", "signature-only", replace_file(IND, b"PK\x03\x04"), target=IND)
    case("truncated", "end-record-only", replace_file(IND, b"PK\x05\x06" + b"\0" * 18), target=IND)

    def flip(d: bytes) -> bytes:
        b = bytearray(d)
        b[len(b) // 3] ^= 0xFF
        return bytes(b)
    case("truncated", "corrupt-byte", replace_file(BUD, flip), target=BUD)
    case("truncated", "selfeval-half", replace_file(SELF, lambda d: d[: len(d) // 2]), base="selfeval", target=SELF)


def _not_xlsx() -> None:
    case("not-xlsx", "csv-renamed", replace_file(BUD, "项目,年初预算数\n基本支出,464.57\n".encode("gb18030")), target=BUD)
    case("not-xlsx", "html-renamed", replace_file(BUD, "<html><body><table><tr><td>收入</td></tr></table></body></html>"
                                                  .encode()), target=BUD)
    case("not-xlsx", "pdf-renamed", replace_file(IND, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), target=IND)

    def ods(_: bytes) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            zf.writestr("content.xml", "<office:document-content/>")
        return buf.getvalue()
    case("not-xlsx", "ods-renamed", replace_file(BUD, ods), target=BUD)

    def xls(_: bytes) -> bytes:
        import xlwt

        book = xlwt.Workbook()
        book.add_sheet("支出").write(0, 0, "年初预算数")
        buf = io.BytesIO()
        book.save(buf)
        return buf.getvalue()
    case("not-xlsx", "xls-renamed", replace_file(BUD, xls), target=BUD)
    case("not-xlsx", "xls-instead", replace_file(BUD, xls, new_name="预决算.xls"), target="预决算.xls")
    case("not-xlsx", "folder-named-xlsx", lambda f: ((f / BUD).unlink(), (f / BUD).mkdir()), target=BUD)
    if hasattr(os, "mkfifo"):
        # Opening a named pipe blocks until someone writes: a reader must not open it.
        case("not-xlsx", "named-pipe", lambda f: ((f / BUD).unlink(), os.mkfifo(f / BUD)), target=BUD)
        case("not-xlsx", "named-pipe-extra", lambda f: os.mkfifo(f / "其他材料.xlsx"), target="其他材料.xlsx")
    case("not-xlsx", "symlink-outside", lambda f: ((f / BUD).unlink(), (f / BUD).symlink_to("/etc/passwd")), target=BUD)


def _empty() -> None:
    case("empty", "指标体系-0-bytes", replace_file(IND, b""), target=IND)
    case("empty", "预决算-0-bytes", replace_file(BUD, b""), target=BUD)
    case("empty", "whitespace-only", replace_file(VOU, b" \r\n\t" * 10), target=VOU)
    case("empty", "selfeval-0-bytes", replace_file(SELF, b""), base="selfeval", target=SELF)
    case("empty", "empty-zip", replace_file(SUR, lambda _: _empty_zip()), target=SUR)


def _empty_zip() -> bytes:
    buf = io.BytesIO()
    zipfile.ZipFile(buf, "w").close()
    return buf.getvalue()


def _zero_parts() -> None:
    def blank(name: str | Callable[[dict[str, bytes]], str]) -> Callable[[dict[str, bytes]], None]:
        def fn(parts: dict[str, bytes]) -> None:
            parts[name(parts) if callable(name) else name] = b""
        return fn

    case("zero-part", "sheet-0-bytes", zedit(BUD, blank(lambda p: sheet_part(p, "支出"))), target=BUD)
    case("zero-part", "shared-strings-0-bytes", zedit(IND, blank("xl/sharedStrings.xml")), base="blank", target=IND)
    case("zero-part", "styles-0-bytes", zedit(BUD, blank("xl/styles.xml")), target=BUD)
    case("zero-part", "workbook-0-bytes", zedit(BUD, blank("xl/workbook.xml")), target=BUD)
    case("zero-part", "content-types-0-bytes", zedit(BUD, blank("[Content_Types].xml")), target=BUD)
    case("zero-part", "workbook-rels-0-bytes", zedit(BUD, blank("xl/_rels/workbook.xml.rels")), target=BUD)
    case("zero-part", "sheet-part-missing", zedit(BUD, lambda p: p.pop(sheet_part(p, "支出"))), target=BUD)
    case("zero-part", "selfeval-sheet-0-bytes", zedit(SELF, blank(lambda p: sheet_part(p, "绩效指标"))), base="selfeval",
         target=SELF)
    case("zero-part", "sheet-not-xml", zedit(VOU, lambda p: p.__setitem__(sheet_part(p, "台账"), b"\xff\xfe\x00garbage<<<")),
         target=VOU)


def _huge_strings() -> None:
    unit = ref(IND, "基本信息", "unit")
    case("huge-string", "unit-32767", text_in(IND, "基本信息", {unit: "单" * 32767}), target=IND, cell=(IND, "基本信息", unit))
    reason = ref(IND, "扣分事项", "reason", 0)
    case("huge-string", "reason-40000", text_in(IND, "扣分事项", {reason: "扣" * 40000}), target=IND,
         cell=(IND, "扣分事项", reason))
    code = ref(IND, "指标体系", "code", 0)
    case("huge-string", "code-100000", text_in(IND, "指标体系", {code: "A" * 100000}), target=IND, cell=(IND, "指标体系", code))
    params = ref(IND, "指标体系", "params", 0)
    case("huge-string", "rule-params-100000", text_in(IND, "指标体系", {params: "每项扣分=" + "0" * 100000 + "1"}), target=IND,
         cell=(IND, "指标体系", params))
    actual = ref(IND, "指标体系", "actual", 7)
    case("huge-string", "actual-digits-100000", text_in(IND, "指标体系", {actual: "9" * 100000 + "%"}), target=IND,
         cell=(IND, "指标体系", actual))
    value = ref(SELF, "绩效指标", "value", 0)
    case("huge-string", "selfeval-target-100000", text_in(SELF, "绩效指标", {value: ">=" + "3" * 50000 + "." + "3" * 50000 + " 人"}),
         base="selfeval", target=SELF, cell=(SELF, "绩效指标", value))
    summary = ref(VOU, "台账", "summary", 0)
    case("huge-string", "summary-1000000", text_in(VOU, "台账", {summary: "摘" * 1_000_000}), target=VOU,
         cell=(VOU, "台账", summary), heavy=True)


# Descriptive text a clerk types that flows into outputs without being parsed as a rule or figure.
FREE_TEXT = {
    IND: [("基本信息", k, None) for k in ("unit", "department", "commissioner", "evaluator", "period", "report_no")]
    + [("指标体系", k, "col") for k in ("name", "explanation", "source", "method", "reason")]
    + [("扣分事项", k, "col") for k in ("reason", "evidence")],
    BUD: [("项目", "name", "col"), ("资产", "unit_word", "fixed")],
    VOU: [("抽查范围", k, None) for k in ("period", "method", "inspector", "reviewer", "scope_note")]
    + [("台账", k, "col") for k in ("summary", "documents", "problem")],
    SUR: [("问卷信息", k, None) for k in ("title", "respondents", "dates")] + [("开放回答", "answer", "col")],
    SELF: [("基本信息", k, None) for k in ("project", "department", "unit", "contact", "filed")]
    + [("总体目标", k, "col") for k in ("goal", "done")]
    + [("绩效指标", k, "col") for k in ("name", "evidence", "deviation", "last_year")],
}


def _inject(files: dict[str, list[tuple[str, str, str | None]]], payload: str, *, only_filled: bool) -> Callable[[Path], None]:
    """Type ``payload`` as text into the given fields of every file present (table columns: every filled row)."""
    def make(folder: Path) -> None:
        for file, fields in files.items():
            if not (folder / file).exists():
                continue
            wb = _load(folder / file)
            spec = _spec(file)
            for sheet, key, kind in fields:
                s = _sheet_named(spec, sheet)
                ws = wb[sheet]
                if kind is None:
                    cells = [ref(file, sheet, key)]
                elif kind == "fixed":
                    cells = [ref(file, sheet, key, r.key) for r in s.fixed_rows]
                else:
                    col = [c.key for c in s.columns].index(key) + 1
                    rows = range(FIRST_ROW, FIRST_ROW + s.rows)
                    anchor = [c.key for c in s.columns].index(s.columns[0].key) + 1
                    cells = [f"{get_column_letter(col)}{r}" for r in rows
                             if not only_filled or ws.cell(r, anchor).value not in (None, "")]
                for c in cells:
                    if type(ws[c]).__name__ == "MergedCell":
                        continue
                    ws[c].value = payload
                    ws[c].data_type = "s"
            wb.save(folder / file)
    return make


def _injection() -> None:
    every = {f: text_fields(f, kinds=("text", "longtext", "code")) for f in (IND, BUD, VOU, SUR)}
    for i, payload in enumerate(PAYLOADS):
        slug = PAYLOAD_SLUGS[i]
        case("injection", f"{slug}-kashi-free-text", _inject({f: v for f, v in FREE_TEXT.items() if f != SELF}, payload,
                                                              only_filled=True), target=None)
        case("injection", f"{slug}-fukang-free-text", _inject(FREE_TEXT, payload, only_filled=True), base="fukang", target=None)
        case("injection", f"{slug}-selfeval-free-text", _inject({SELF: FREE_TEXT[SELF]}, payload, only_filled=True),
             base="selfeval", target=None)
        case("injection", f"{slug}-every-text-field", _inject(every, payload, only_filled=False), target=None)


def _blank() -> None:
    # The untouched templates themselves, and one clerk's half-done 自评表.
    case("blank", "new-project-untouched", lambda f: None, base="blank")
    case("blank", "new-selfeval-untouched", lambda f: None, base="blank-selfeval")
    case("blank", "selfeval-indicators-cleared", edit(SELF, lambda wb: [setattr(c, "value", None) for row in
                                                                        wb["绩效指标"].iter_rows(min_row=4, max_row=20)
                                                                        for c in row if type(c).__name__ != "MergedCell"]),
         base="selfeval", target=SELF)


for _group in (_wrong_types, _text_numbers, _dates, _formulas, _external_links, _sheets, _headers, _merges, _rows, _stray,
               _macro, _encrypted, _zip_bombs, _entity_bombs, _truncated, _not_xlsx, _empty, _zero_parts, _huge_strings,
               _injection, _blank):
    _group()

HEAVY = [c for c in CASES if c.heavy]
assert len({c.id for c in CASES}) == len(CASES), "case names must be unique"


def case_ids(cases: list[Case]) -> list[str]:
    return [c.id for c in cases]


# ---- building -----------------------------------------------------------------------------------

BASE_FOLDERS = {"kashi": "喀什医保2024", "fukang": "阜康大额2024", "selfeval": "阜康大额2024自评",
                "blank": "空白项目2024", "blank-selfeval": "空白自评2024"}


def _build_base(name: str, folder: Path) -> Path:
    from helpers import load_sample_builder

    import xlkit

    builder = load_sample_builder()
    if name == "kashi":
        return builder.build_kashi(folder)
    if name == "fukang":
        return builder.build_fukang(folder)
    if name == "selfeval":
        # The unit's 自评表 of seed 003 alone: a folder of 自评表 is scored on its own.
        from fukang_selfeval import build_fukang_selfeval

        folder.mkdir(parents=True)
        build_fukang_selfeval(folder)
        for p in folder.iterdir():
            if p.name != SELF:
                p.unlink()
        return folder
    if name == "blank":
        xlkit.new_project(folder, eval_type="项目支出", unit="某某局", project="某某项目", year=2024)
        return folder
    if name == "blank-selfeval":
        xlkit.new_selfeval(folder, unit="某某局", year=2024, project="某某项目")
        return folder
    raise KeyError(name)


class Corpus:
    """Builds cases on demand under ``root``; each case is ``root/<n>/<base folder name>/``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._bases: dict[str, Path] = {}
        self._built: dict[str, Path] = {}

    def base(self, name: str) -> Path:
        if name not in self._bases:
            shutil.rmtree(self.root / "_bases" / name, ignore_errors=True)
            self._bases[name] = _build_base(name, self.root / "_bases" / name / BASE_FOLDERS[name])
        return self._bases[name]

    def folder(self, c: Case) -> Path:
        """The case's project folder (built on first call)."""
        if c.id not in self._built:
            slot = self.root / f"{CASES.index(c):03d}"
            folder = slot / BASE_FOLDERS[c.base]
            if folder.exists():
                shutil.rmtree(slot)
            shutil.copytree(self.base(c.base), folder)
            c.make(folder)
            self._built[c.id] = folder
        return self._built[c.id]


def _ensure_samples_on_path() -> None:
    import sys

    samples = Path(__file__).resolve().parent.parent / "samples"
    if str(samples) not in sys.path:
        sys.path.insert(0, str(samples))


_ensure_samples_on_path()
