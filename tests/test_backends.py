"""The fast XML reading path gives exactly what the openpyxl path gives.

``xlkit.read.safety.load`` reads the sheet XML directly behind openpyxl's cell interface
(``xlkit.read.xml_book``) and falls back to openpyxl for whatever it cannot read exactly. These tests
read the bundled sample, its LibreOffice re-save, freshly generated templates and the reader tests'
edited cases (numbers typed as text, percents, formulas typed into input cells, text starting with
"=", merged cells, inserted rows, dates, errors) through both and compare every cell, then every
record and issue of ``xlkit check``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import warnings
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from check_helpers import BUD, IND, SUR, VOU, build_clean, copy_folder, edit, insert_row
from helpers import convert_all_with_soffice, load_sample_builder

from xlkit.checking.result import CheckResult
from xlkit.read import safety, xml_book
from xlkit.read.xml_book import Unsupported, XmlBook, XmlSheet
from xlkit.scoring.evaluation import check

D = Decimal
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"


def _cells(ws: Any) -> dict[tuple[int, int], tuple[Any, str, str, str]]:
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            if type(cell).__name__ == "MergedCell" or cell.value is None:
                continue
            value = cell.value
            if hasattr(value, "text"):  # openpyxl's ArrayFormula: the reader uses its text
                value = value.text
            out[(cell.row, cell.column)] = (value, type(value).__name__, cell.data_type, cell.number_format)
    return out


def _fast_cells(ws: XmlSheet, keys: Any) -> dict[tuple[int, int], tuple[Any, str, str, str]]:
    out = {}
    for r, c in keys:
        cell = ws.cell(r, c)
        out[(r, c)] = (cell.value, type(cell.value).__name__, cell.data_type, cell.number_format)
    return out


@contextlib.contextmanager
def sheet_reading(how: str) -> Iterator[None]:
    """Read sheets the given way: "scan" (the C scan of the plain shape, where it was built) or "tree"
    (the element tree, as where it was not built)."""
    saved = xml_book._scan
    if how == "tree":
        xml_book._scan = None
    try:
        yield
    finally:
        xml_book._scan = saved


def assert_same_cells(path: Path) -> None:
    """Both fast readings (the C scan, the element tree) read ``path`` as openpyxl does, cell for cell."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        slow = openpyxl.load_workbook(path, keep_links=False)
    for how in ("scan", "tree"):
        with sheet_reading(how):
            fast = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
            try:
                assert fast.sheetnames == slow.sheetnames
                for name in slow.sheetnames:
                    ws, fs = slow[name], fast[name]
                    assert isinstance(fs, XmlSheet), name
                    expected = _cells(ws)
                    where = (path.name, name, how)
                    # Every non-empty cell openpyxl sees, and no other one.
                    assert _fast_cells(fs, expected) == expected, where
                    assert {k for k in fs.positions() if fs.cell(*k).value is not None} == set(expected), where
                    assert (fs.max_row, fs.max_column) == (ws.max_row, ws.max_column), where
                    assert sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in fs.merged_cells.ranges) \
                        == sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges), where
            finally:
                fast.close()


def _books(result: CheckResult) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("indicators", "budget", "vouchers", "survey"):
        book = getattr(result, kind)
        if book is None:
            out[kind] = None
            continue
        sheets = {}
        for name, sheet in book.data.sheets.items():
            if sheet.fields is not None:
                sheets[name] = {k: (v, sheet.fields.cells.get(k), sheet.fields.raw.get(k))
                                for k, v in sheet.fields.values.items()}
            elif sheet.fixed:
                sheets[name] = {key: {k: (v, row.cells.get(k), row.raw.get(k)) for k, v in row.values.items()}
                                for key, row in sheet.fixed.items()}
            else:
                sheets[name] = [(row.excel_row, {k: (v, row.cells.get(k), row.raw.get(k)) for k, v in row.values.items()})
                                for row in sheet.rows]
            sheets[name + " columns"] = sorted(sheet.columns)
        out[kind] = (sheets, book.data.stamp)
    return out


def check_both(folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[CheckResult, CheckResult]:
    monkeypatch.setenv("XLKIT_READER", "openpyxl")
    slow = check(folder)
    monkeypatch.setenv("XLKIT_READER", "auto")
    fast = check(folder)
    assert [i.to_dict() for i in fast.report.issues] == [i.to_dict() for i in slow.report.issues]
    assert _books(fast) == _books(slow)
    return slow, fast


# ---- cell level -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLE.glob("*.xlsx")))
def test_sample_workbooks_cell_for_cell(name: str) -> None:
    assert_same_cells(SAMPLE / name)


def test_generated_templates_cell_for_cell(tmp_path: Path) -> None:
    import xlkit

    xlkit.new_project(tmp_path / "p", eval_type="项目支出", unit="阜康市医疗保障局", project="大额医疗补助", year=2024)
    for path in sorted((tmp_path / "p").glob("*.xlsx")):
        assert_same_cells(path)


def test_libreoffice_resave_cell_for_cell(tmp_path: Path) -> None:
    for path in convert_all_with_soffice([(path, tmp_path) for path in sorted(SAMPLE.glob("*.xlsx"))]):
        assert_same_cells(path)


def test_the_sample_is_read_by_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLKIT_READER", "auto")
    wb = safety.load(SAMPLE / "指标体系.xlsx")
    try:
        assert isinstance(wb, XmlBook)
        assert isinstance(wb["指标体系"], XmlSheet)
    finally:
        wb.close()
    monkeypatch.setenv("XLKIT_READER", "openpyxl")
    wb = safety.load(SAMPLE / "指标体系.xlsx")
    assert isinstance(wb, openpyxl.Workbook)


# ---- records and issues -------------------------------------------------------------------------

def test_sample_records_and_issues(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    slow, _ = check_both(SAMPLE, monkeypatch)
    assert slow.indicators is not None and len(slow.indicators.indicators) == 24


def test_libreoffice_resaved_sample_records_and_issues(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "lo"
    convert_all_with_soffice([(path, folder) for path in SAMPLE.glob("*.xlsx")])
    check_both(folder, monkeypatch)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(tmp_path_factory.mktemp("backends") / "喀什医保2024")


def _percent_formats(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / IND)
    ws = wb["指标体系"]
    ws["J25"].value, ws["J25"].number_format = 1.1365, "0.00%"
    ws["J11"].value, ws["J11"].number_format = 2.5, "0.00%"
    wb.save(folder / IND)
    wb = openpyxl.load_workbook(folder / BUD)
    wb["支出"]["C7"].number_format = "0.00%"
    wb.save(folder / BUD)


def _text_starting_with_equals(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / VOU)
    cell = wb["台账"]["D4"]
    cell.value, cell.data_type = "=举报奖励金", "s"
    wb.save(folder / VOU)


def _merged(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / BUD)
    wb["项目"].merge_cells("I4:I10")
    wb.save(folder / BUD)


def _errors_and_booleans(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / BUD)
    ws = wb["支出"]
    ws["B5"].value, ws["B5"].data_type = "#DIV/0!", "e"
    ws["C5"].value = True
    wb.save(folder / BUD)


CASES: dict[str, Callable[[Path], None]] = {
    "numbers typed as text": lambda f: (
        edit(f / VOU, "台账", {"E4": "1,946.95", "E5": "113,099.82 ", "E9": "¥102,678.65"}),
        edit(f / BUD, "支出", {"B4": "４６４.５７", "C4": " 451.32", "D12": "498.46万元"}),
        edit(f / SUR, "选项", {"D11": "１.００", "D12": "0.80", "C11": "78"})),
    "percent formats": _percent_formats,
    "not applicable marks": lambda f: (edit(f / BUD, "支出", {"C6": "—", "D6": "／"}),
                                       edit(f / BUD, "项目", {"D8": "－", "D9": None, "D10": " - "})),
    "dates as text and serials": lambda f: edit(
        f / VOU, "台账", {"B4": "2024年3月28日", "B5": "2024/6/5", "B6": 45470, "B7": "2024.8.12"}),
    "formulas typed into input cells": lambda f: (
        edit(f / BUD, "支出", {"B4": "=B5+B6", "C12": "=SUM(C4,C7:C11)", "D12": "=D4+D7", "B12": "=(B4+B7)*1"}),
        edit(f / BUD, "资产", {"F6": "=D6-E6", "B10": "=SUM(B4:B9)"}),
        edit(f / VOU, "台账", {"E5": "=113000+99.82"})),
    "formula xlkit cannot compute": lambda f: edit(f / BUD, "支出", {"D12": "='收入'!C11", "C12": "=C12+1"}),
    "text starting with =": _text_starting_with_equals,
    "merged cells": _merged,
    "inserted rows": lambda f: (
        insert_row(f / IND, "扣分事项", 6, {"A": "A12", "B": "年度工作计划未覆盖全部职能", "C": "0.50"}),
        insert_row(f / VOU, "台账", 6, {"A": 3, "B": dt.date(2024, 6, 18), "C": "记账-18", "D": "购置文件柜",
                                       "E": D("17900")})),
    "type errors": lambda f: (edit(f / IND, "指标体系", {"E4": "两分"}),
                              edit(f / BUD, "支出", {"D4": "四百五十一", "C3": "全年预算"})),
    "error values and booleans": _errors_and_booleans,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_edited_cases_records_and_issues(case: str, clean: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_folder(clean, tmp_path / "喀什医保2024")
    CASES[case](folder)
    slow, _fast = check_both(folder, monkeypatch)
    if case in ("type errors", "formula xlkit cannot compute"):
        assert slow.report.errors  # the case is what it claims to be
    for path in sorted(folder.glob("*.xlsx")):
        assert_same_cells(path)


def test_clean_and_unchanged_cases_have_no_issue(clean: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow, _ = check_both(clean, monkeypatch)
    assert slow.report.issues == []


# ---- what the fast path leaves to openpyxl --------------------------------------------------------

def _rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    shutil.move(tmp, path)


def _sheet_part(path: Path, name: str) -> str:
    wb = XmlBook(path, lambda: None)
    try:
        return wb._parts[name]
    finally:
        wb.close()


def test_a_sheet_the_fast_path_cannot_read_comes_from_openpyxl(clean: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_folder(clean, tmp_path / "喀什医保2024")
    part = _sheet_part(folder / BUD, "支出")
    # A data-table formula (Excel's What-If table) is beyond the fast path.
    _rewrite_part(folder / BUD, part, lambda xml: xml.replace(
        "</sheetData>", '<row r="60"><c r="H60"><f t="dataTable" ref="H60" dt2D="0" dtr="0" r1="A1"/></c></row></sheetData>'))
    monkeypatch.setenv("XLKIT_READER", "auto")
    wb = safety.load(folder / BUD)
    try:
        assert isinstance(wb, XmlBook)
        assert not isinstance(wb["支出"], XmlSheet)  # openpyxl's worksheet
        assert isinstance(wb["收入"], XmlSheet)
    finally:
        wb.close()
    slow, _ = check_both(folder, monkeypatch)
    assert slow.budget is not None
    assert slow.budget.data.sheet("expense").fixed["basic"].values["initial"] == D("464.57")


def test_shared_formulas_are_translated_like_openpyxl(clean: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Excel stores a filled-down formula once (``t="shared"``); the copies are translated per cell."""
    folder = copy_folder(clean, tmp_path / "喀什医保2024")
    edit(folder / BUD, "资产", {"F4": "=D4-E4", "F5": "=D5-E5"})
    part = _sheet_part(folder / BUD, "资产")

    def share(xml: str) -> str:
        assert "<f>D4-E4</f>" in xml and "<f>D5-E5</f>" in xml
        xml = xml.replace("<f>D4-E4</f>", '<f t="shared" ref="F4:F5" si="0">D4-E4</f>', 1)
        return xml.replace("<f>D5-E5</f>", '<f t="shared" si="0"/>', 1)

    _rewrite_part(folder / BUD, part, share)
    assert_same_cells(folder / BUD)
    wb = XmlBook(folder / BUD, lambda: None)
    try:
        assert wb["资产"].cell(5, 6).value == "=D5-E5"
    finally:
        wb.close()
    check_both(folder, monkeypatch)


def test_a_file_the_fast_path_cannot_open_gives_the_same_issue(clean: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = copy_folder(clean, tmp_path / "喀什医保2024")
    _rewrite_part(folder / SUR, "xl/workbook.xml", lambda xml: xml[: len(xml) // 2])
    slow, _ = check_both(folder, monkeypatch)
    assert any(i.file == SUR and i.code == "workbook-unreadable" for i in slow.report.errors)


def test_sample_builder_output_matches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = load_sample_builder().build_kashi(tmp_path / "kashi")
    check_both(folder, monkeypatch)


# ---- strings, cell forms and parts the fast path reads itself ----------------------------------------

def _strings_book(path: Path) -> Path:
    """A small workbook as xlsxwriter writes it: shared strings, a rich string, numbers, a merge."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("表")
    bold = wb.add_format({"bold": True})
    ws.write_string("A1", "第一行")
    ws.write_rich_string("A2", "前", bold, "加粗", "后")
    ws.write_string("A3", "回车在此")
    ws.write_string("A4", "下划线x")
    ws.write_number("B1", 95.31)
    ws.write_number("B2", 7)
    ws.merge_range("C1:D2", "合并", bold)
    ws.write_string("A5", "假名")
    wb.close()
    return path


def test_shared_and_rich_strings_read_like_openpyxl(tmp_path: Path) -> None:
    """Rich runs joined, phonetic runs left out, CR LF as LF, _x005F_ unescaped, entities decoded."""
    path = _strings_book(tmp_path / "strings.xlsx")

    def change(xml: str) -> str:
        assert "<t>回车在此</t>" in xml and "<t>假名</t>" in xml and "<t>下划线x</t>" in xml
        xml = xml.replace("<t>回车在此</t>", "<t>回车\r\n在此 &amp; &#x41;&#13;</t>")
        xml = xml.replace("<t>假名</t>", '<t>假名</t><rPh sb="0" eb="2"><t>かな</t></rPh><phoneticPr fontId="1"/>')
        return xml.replace("<t>下划线x</t>", "<t>下划线_x005F_x000D_</t>")

    _rewrite_part(path, "xl/sharedStrings.xml", change)
    assert_same_cells(path)
    wb = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        ws = wb["表"]
        assert [ws.cell(r, 1).value for r in range(1, 6)] == ["第一行", "前加粗后", "回车\n在此 & A\r", "下划线_x000D_", "假名"]
    finally:
        wb.close()


def test_inline_strings_and_other_attribute_orders(tmp_path: Path) -> None:
    """Inline rich strings, and cells whose attributes are not in the common order (general pattern)."""
    path = _strings_book(tmp_path / "inline.xlsx")
    part = _sheet_part(path, "表")

    def change(xml: str) -> str:
        m = re.search(r'<c r="A1"( s="\d+")? t="s"><v>\d+</v></c>', xml)
        assert m is not None
        inline = ('<c r="A1" t="inlineStr"><is><r><t>行</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 内 </t></r>'
                  '<rPh sb="0" eb="1"><t>ぎょう</t></rPh></is></c>')
        xml = xml.replace(m.group(0), inline)
        return re.sub(r'<c r="B1"( s="\d+")?>', r'<c r="B1" t="n" s="0">', xml)

    _rewrite_part(path, part, change)
    assert_same_cells(path)
    wb = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        assert wb["表"].cell(1, 1).value == "行 内 "
        assert wb["表"].cell(1, 2).value == 95.31
    finally:
        wb.close()


def test_repeated_addresses_and_rows_out_of_order_read_like_openpyxl(tmp_path: Path) -> None:
    """A later cell element with an address already read replaces it (an empty one empties it), as in
    openpyxl; rows and cells out of address order are read by their addresses."""
    path = _strings_book(tmp_path / "repeated.xlsx")
    part = _sheet_part(path, "表")

    def change(xml: str) -> str:
        row4 = re.search(r'<row r="4"[^>]*>.*?</row>', xml)
        row5 = re.search(r'<row r="5"[^>]*>.*?</row>', xml)
        assert row4 is not None and row5 is not None and '<c r="D1" s="1"/>' in xml
        xml = xml.replace(row4.group(0) + row5.group(0), row5.group(0) + row4.group(0))
        # A3 and E1 inside row 1, before row 3 repeats A3; B2 repeated, empty, in row 3.
        xml = xml.replace('<c r="D1" s="1"/>', '<c r="D1" s="1"/><c r="A3"><v>5</v></c><c r="E1"><v>1</v></c>')
        return re.sub(r'(<row r="3"[^>]*>.*?)</row>', r'\1<c r="B2"/></row>', xml, count=1)

    _rewrite_part(path, part, change)
    assert_same_cells(path)
    wb = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        ws = wb["表"]
        assert [ws.cell(r, 1).value for r in range(3, 6)] == ["回车在此", "下划线x", "假名"]
        assert (ws.cell(2, 2).value, ws.cell(1, 5).value, ws.max_row, ws.max_column) == (None, 1, 5, 5)
    finally:
        wb.close()


# Edits of the small workbook's sheet XML around its empty cells (``<c r="D1" s="1"/>`` is one), read
# like openpyxl by both readings (the C scan and the tree): (max_row, max_column), or None where
# openpyxl refuses or misreads the sheet and the fast path must not read it either.
_EMPTY_CASES: dict[str, tuple[Callable[[str], str], tuple[int, int] | None]] = {
    # empty cells beyond every value still count in max_row/max_column
    "trailing empties": (lambda x: x.replace("</sheetData>", '<row r="9"><c r="A9" s="1"/>'
                                             '<c r="H9" s="1" t="n"></c></row></sheetData>'), (9, 8)),
    # rows without cells move nothing (openpyxl's max_row counts cells, not rows), whatever their form
    "rows of empty cells": (lambda x: x.replace("</sheetData>", '<row r="7" spans="1:6" ht="20" customHeight="1">'
                                                '<c r="A7" s="1"/><c r="F7" s="1"/></row><row r="8"/>'
                                                '<row r="9" s="1" customFormat="1"></row></sheetData>'), (7, 6)),
    # an element inside a cell is no cell, even one written like an empty cell (openpyxl reads a row's
    # children only)
    "an empty cell inside a cell": (lambda x: x.replace('<c r="B2"><v>7</v></c>', '<c r="B2"><v>7</v><c r="H9" s="1"/></c>'),
                                    (5, 4)),
    # a comment, a processing instruction or CDATA may hold text that looks like an empty cell
    "comment": (lambda x: x.replace("</sheetData>", '<!-- <c r="Z99" s="1"/> --></sheetData>'), (5, 4)),
    "instruction": (lambda x: x.replace("</sheetData>", '<?pi <c r="Z99" s="1"/> ?></sheetData>'), (5, 4)),
    "cdata": (lambda x: re.sub(r'<c r="A5"( s="\d+")? t="s"><v>\d+</v></c>',
                               '<c r="A5" t="inlineStr"><is><t><![CDATA[<c r="Z99" s="1"/>]]></t></is></c>', x), (5, 4)),
    # a cell without an address is placed after the cell before it, which may be an empty one
    "cell without address": (lambda x: x.replace('<c r="D1" s="1"/>', '<c r="D1" s="1"/><c><v>3</v></c>'), (5, 5)),
    # the same address twice: the later element wins, empty or not
    "empty after a value": (lambda x: re.sub(r'(<row r="2"[^>]*>.*?)</row>', r'\1<c r="B2" s="1"/></row>', x, count=1),
                            (5, 4)),
    "value after an empty": (lambda x: re.sub(r'(<row r="3"[^>]*>.*?)</row>',
                                              r'\1<c r="F3" s="1"/><c r="F3"><v>4</v></c></row>', x, count=1), (5, 6)),
    # another default namespace: an unprefixed <c> is then no cell (openpyxl reads none of that row)
    "other namespace": (lambda x: x.replace("</sheetData>", '<row r="9" xmlns="urn:other"><c r="A9" s="1"/>'
                                            '</row></sheetData>'), None),
}


@pytest.mark.parametrize("case", sorted(_EMPTY_CASES))
def test_empty_cells_are_read_like_openpyxl(case: str, tmp_path: Path) -> None:
    path = _strings_book(tmp_path / "empty.xlsx")
    change, size = _EMPTY_CASES[case]
    _rewrite_part(path, _sheet_part(path, "表"), change)
    if size is None:
        for how in ("scan", "tree"):
            with sheet_reading(how):
                wb = XmlBook(path, lambda: pytest.skip("unreachable"))
                with pytest.raises(pytest.skip.Exception):
                    wb["表"]
                wb.close()
        return
    assert_same_cells(path)
    for how in ("scan", "tree"):
        with sheet_reading(how):
            wb = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
            try:
                ws = wb["表"]
                assert (ws.max_row, ws.max_column) == size, how
                if case == "empty after a value":
                    assert ws.cell(2, 2).value is None
                if case == "value after an empty":
                    assert ws.cell(3, 6).value == 4
            finally:
                wb.close()


def _require_scan() -> None:
    """Where it can be compiled (a C compiler and expat's header), the install builds the sheet scan; CI
    must test it, so there a missing scan fails instead of leaving the tree reading alone tested."""
    if xml_book._scan is None:
        if os.environ.get("CI") == "true":
            pytest.fail("xlkit/read/_sheetscan.c was not built (hatch_build.py): the C scan is untested")
        pytest.skip("the C sheet scan is not built here")


def test_the_c_sheet_scan_is_built() -> None:
    _require_scan()


# Edits of the small workbook's sheet XML: which the C scan reads itself (True) and which it leaves to
# the element tree (False, anything outside the plain shape). Both ways read as openpyxl does.
_SCAN_CASES: dict[str, tuple[bool, Callable[[str], str]]] = {
    "as written": (True, lambda x: x),
    "cells and rows without addresses": (True, lambda x: x.replace('<row r="5" spans="1:4"><c r="A5"', '<row><c')),
    "formula with its cached value": (True, lambda x: x.replace('<c r="B2"><v>7</v>', '<c r="B2"><f>1+6</f><v>7</v>')),
    "comment and CDATA inside a value": (True, lambda x: x.replace("<v>95.31</v>", "<v>9<!-- x -->5.<![CDATA[31]]></v>")),
    "empty cells of a declared type": (True, lambda x: x.replace('<c r="C2" s="1"/>', '<c r="C2" s="1" t="s"/>')
                                       .replace('<c r="D2" s="1"/>', '<c r="D2" s="1" t="str"></c>')),
    "inline string with a phonetic run": (True, lambda x: x.replace(
        '<c r="A3" t="s"><v>2</v></c>',
        '<c r="A3" t="inlineStr"><is><t>假</t><rPh sb="0" eb="1"><t>か</t></rPh><t xml:space="preserve"> 名</t></is></c>')),
    "inline rich string": (False, lambda x: x.replace(
        '<c r="A3" t="s"><v>2</v></c>',
        '<c r="A3" t="inlineStr"><is><r><t>前</t></r><r><rPr><b/></rPr><t>后</t></r></is></c>')),
    "element inside a value": (False, lambda x: x.replace("<v>7</v>", '<v>7<x:n xmlns:x="urn:x"/></v>')),
    "addresses out of order": (False, lambda x: x.replace('<c r="A1" t="s"><v>0</v></c><c r="B1"><v>95.31</v></c>',
                                                          '<c r="B1"><v>95.31</v></c><c r="A1" t="s"><v>0</v></c>')),
    "an address twice": (False, lambda x: x.replace('<c r="B2"><v>7</v></c>', '<c r="B2"><v>7</v></c><c r="B2"><v>8</v></c>')),
}


@pytest.mark.parametrize("case", sorted(_SCAN_CASES))
def test_the_c_scan_reads_the_plain_shape_and_leaves_the_rest(case: str, tmp_path: Path) -> None:
    _require_scan()
    path = _strings_book(tmp_path / "scan.xlsx")
    part = _sheet_part(path, "表")
    expected, change = _SCAN_CASES[case]
    _rewrite_part(path, part, change)
    with zipfile.ZipFile(path) as zf:
        data = zf.read(part)
    assert xml_book._scan is not None
    assert (xml_book._scan(data) is not None) == expected, case
    assert_same_cells(path)


def test_a_bad_shared_string_index_sends_the_sheet_to_openpyxl(tmp_path: Path) -> None:
    path = _strings_book(tmp_path / "index.xlsx")
    part = _sheet_part(path, "表")
    _rewrite_part(path, part, lambda xml: re.sub(r'(<c r="A3"(?: s="\d+")? t="s"><v>)\d+(</v>)', r"\g<1>999\2", xml))
    fell_back = []
    wb = XmlBook(path, lambda: fell_back.append(1) or pytest.skip("unreachable"))
    try:
        with pytest.raises(pytest.skip.Exception):
            wb["表"]
    finally:
        wb.close()
    assert fell_back == [1]
    # openpyxl itself refuses the file, so check reports it as unreadable rather than misreading it.
    with pytest.raises(safety.FileProblem):
        safety._load_openpyxl(path, False)


def test_a_value_found_bad_late_hands_the_sheet_to_openpyxl(tmp_path: Path) -> None:
    """Cells are converted when first asked for; one that will not convert lets openpyxl decide."""
    path = _strings_book(tmp_path / "late.xlsx")
    part = _sheet_part(path, "表")
    _rewrite_part(path, part, lambda xml: xml.replace("<v>7</v>", "<v>seven</v>", 1))
    loaded = []

    def fallback() -> Any:
        loaded.append(1)
        raise safety.FileProblem("openpyxl refuses it too")

    wb = XmlBook(path, fallback)
    try:
        ws = wb["表"]
        assert ws.cell(1, 2).value == 95.31  # read before the bad cell is met
        with pytest.raises(safety.FileProblem):
            ws.cell(2, 2)
    finally:
        wb.close()
    assert loaded == [1]


def test_parts_are_inflated_once(clean: Path) -> None:
    """The reader parses the bytes the pre-flight inflated and checked; it never reopens the zip."""
    wb = safety.load(clean / IND, backend="auto")
    try:
        assert isinstance(wb, XmlBook)
        for name in wb.sheetnames:
            assert isinstance(wb[name], XmlSheet)
        assert wb._zip is None
    finally:
        wb.close()


def test_truncated_parts_are_left_to_openpyxl(tmp_path: Path) -> None:
    """A part cut short is not well-formed XML: it goes to openpyxl, which explains it."""
    path = _strings_book(tmp_path / "cut.xlsx")
    part = _sheet_part(path, "表")
    _rewrite_part(path, part, lambda xml: xml[: xml.index("</worksheet>")])
    wb = XmlBook(path, lambda: pytest.skip("unreachable"))
    try:
        with pytest.raises(pytest.skip.Exception):
            wb["表"]
    finally:
        wb.close()
    _rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml[: xml.index("</sst>")])
    with pytest.raises(Unsupported):  # the reader's cue to fall back to openpyxl
        XmlBook(path, lambda: None)


def test_a_sheet_formatted_to_the_last_row_is_read_sparsely(tmp_path: Path) -> None:
    path = _strings_book(tmp_path / "stray.xlsx")
    part = _sheet_part(path, "表")
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="1"/></row>' for r in range(10, 200_000, 997))
    _rewrite_part(path, part, lambda xml: xml.replace("</sheetData>",
                                                      rows + '<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'))
    wb = XmlBook(path, lambda: pytest.fail("fell back to openpyxl"))
    try:
        ws = wb["表"]
        assert (ws.max_row, ws.max_column) == (1_048_576, 16_384)
        assert len(ws.positions()) == 8  # the cells with content; formatted empty cells cost nothing
        assert ws.cell(1, 1).value == "第一行"
    finally:
        wb.close()
