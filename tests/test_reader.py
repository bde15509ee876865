"""Reading back what real clients save: the same records however the clerk typed the figures.

Each case changes how a value is written (text numbers, full-width digits, percents, "-", spaces,
merged cells, inserted rows, extra sheets, formulas, a LibreOffice re-save) but not what it means,
and asserts the typed records equal the clean folder's, with no issue.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from check_helpers import BUD, FILES, IND, SUR, VOU, build_clean, copy_folder, edit, insert_row, where
from helpers import convert_all_with_soffice

from xlkit.checking.result import CheckResult
from xlkit.read.cells import CellError, CellRangeError, parse_cell
from xlkit.read.reader import WorkbookData
from xlkit.read.records import BudgetBook, IndicatorBook, read_book
from xlkit.read.safety import FileProblem
from xlkit.scoring.evaluation import check
from xlkit.spec.templates import UnknownSheetKey

D = Decimal


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(tmp_path_factory.mktemp("reader") / "喀什医保2024")


@pytest.fixture(scope="module")
def clean_result(clean: Path) -> CheckResult:
    return check(clean)


@pytest.fixture
def folder(clean: Path, tmp_path: Path) -> Path:
    return copy_folder(clean, tmp_path / "喀什医保2024")


def records(data: WorkbookData) -> dict[str, Any]:
    """Every typed value of a workbook with the cell it came from (never the raw text)."""
    out: dict[str, Any] = {}
    for name, sheet in data.sheets.items():
        if sheet.fields is not None:
            out[name] = {k: (v, sheet.fields.cells.get(k)) for k, v in sheet.fields.values.items()}
        elif sheet.fixed:
            out[name] = {key: {k: (v, row.cells.get(k)) for k, v in row.values.items()} for key, row in sheet.fixed.items()}
        else:
            out[name] = [{k: (v, row.cells.get(k)) for k, v in row.values.items()} for row in sheet.rows]
    return out


def values(data: WorkbookData) -> dict[str, Any]:
    """Typed values only: for cases that move rows (an inserted row changes the addresses below)."""
    out: dict[str, Any] = {}
    for name, sheet in data.sheets.items():
        if sheet.fields is not None:
            out[name] = dict(sheet.fields.values)
        elif sheet.fixed:
            out[name] = {key: dict(row.values) for key, row in sheet.fixed.items()}
        else:
            out[name] = [dict(row.values) for row in sheet.rows]
    return out


def _data(result: CheckResult, kind: str) -> WorkbookData:
    book = {"indicators": result.indicators, "budget": result.budget, "vouchers": result.vouchers,
            "survey": result.survey}[kind]
    assert book is not None
    return book.data


KINDS = ("indicators", "budget", "vouchers", "survey")


def _same_records(folder: Path, clean_result: CheckResult, *, except_cells: bool = False) -> CheckResult:
    result = check(folder)
    assert result.report.issues == [], [i.render() for i in result.report.issues]
    for kind in KINDS:
        dump = values if except_cells else records
        assert dump(_data(result, kind)) == dump(_data(clean_result, kind)), kind
    return result


# ---- how numbers are typed --------------------------------------------------------------------

def test_numbers_typed_as_text(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / VOU, "台账", {"E4": "1,946.95", "E5": "113,099.82 ", "E9": "¥102,678.65"})
    edit(folder / BUD, "支出", {"B4": "４６４.５７", "C4": " 451.32", "D12": "498.46万元"})
    edit(folder / BUD, "资产", {"B6": "167 ", "B10": "３５７"})
    edit(folder / SUR, "选项", {"D11": "１.００", "D12": "0.80", "C11": "78"})
    edit(folder / SUR, "问卷信息", {"B6": "346", "B9": "１０２"})
    _same_records(folder, clean_result)


def test_a_number_shown_as_a_percent_reads_as_the_person_sees_it(folder: Path, clean_result: CheckResult) -> None:
    """实际完成值 118.04% typed into a cell formatted 0.00% is stored as 1.1804."""
    wb = openpyxl.load_workbook(folder / IND)
    ws = wb["指标体系"]
    ws["J25"].value = 1.1804
    ws["J25"].number_format = "0.00%"
    ws["J11"].value = 1
    ws["J11"].number_format = "0.00%"
    wb.save(folder / IND)
    result = check(folder)
    assert result.report.issues == []
    assert result.indicators is not None
    by_code = {i.code: i for i in result.indicators.indicators}
    assert by_code["C14"].actual == "118.04%"
    assert by_code["B21"].actual == "100%"  # the clean folder has the text "100.00%": same figure


def test_a_percent_typed_into_an_amount_cell_is_an_error(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / BUD)
    ws = wb["支出"]
    ws["C7"].value = 0.4714
    ws["C7"].number_format = "0.00%"
    wb.save(folder / BUD)
    (issue,) = check(folder).report.issues
    assert (issue.sheet, issue.cell, issue.code) == ("支出", "C7", "type-error")
    assert "实际为百分数“47.14%”" in issue.message


def test_not_applicable_marks(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / BUD, "支出", {"C6": "—", "D6": "／"})
    edit(folder / BUD, "项目", {"D8": "－", "D9": None, "D10": " - "})
    _same_records(folder, clean_result)


def test_trailing_spaces_and_full_width_codes(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / BUD, "项目", {"C4": "年初预算项目 ", "I5": " 一般公共预算"})
    edit(folder / IND, "基本信息", {"B10": "部门整体 "})
    edit(folder / IND, "指标体系", {"A11": "Ｂ２１ ", "M11": "区间线性　"})
    edit(folder / IND, "扣分事项", {"A4": " A12"})
    edit(folder / SUR, "题目", {"A4": " Q1 "})
    edit(folder / VOU, "台账", {"I5": "b32"})  # scoring matches ledger rows to indicators in any case
    result = check(folder)
    assert result.report.issues == []
    assert values(_data(result, "budget")) == values(_data(clean_result, "budget"))
    assert result.indicators is not None and clean_result.indicators is not None
    assert [i.code for i in result.indicators.indicators] == [i.code for i in clean_result.indicators.indicators]
    assert result.indicators.indicators[7].rule == "区间线性"
    assert result.survey is not None and result.survey.questions[0].qid == "Q1"


def test_dates_as_text_and_serials(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / VOU, "台账", {"B4": "2024年3月28日", "B5": "2024/6/5", "B6": 45470, "B7": "2024.8.12"})
    result = _same_records(folder, clean_result)
    assert result.vouchers is not None
    assert [v.date for v in result.vouchers.vouchers[:4]] == [dt.date(2024, 3, 28), dt.date(2024, 6, 5),
                                                               dt.date(2024, 6, 27), dt.date(2024, 8, 12)]


def test_pre_numbered_empty_rows_are_blank(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / BUD, "项目", {f"A{r}": r - 3 for r in range(11, 44)})
    edit(folder / VOU, "台账", {f"A{r}": r - 3 for r in range(13, 60)})
    _same_records(folder, clean_result)


# ---- how the sheet is shaped ------------------------------------------------------------------

def test_merged_cells(folder: Path, clean_result: CheckResult) -> None:
    """The clerk merges 资金来源 over the seven projects: every project reads the merged value."""
    wb = openpyxl.load_workbook(folder / BUD)
    ws = wb["项目"]
    ws.merge_cells("I4:I15")  # past the last project: the empty rows below stay empty
    wb.save(folder / BUD)
    # 指标体系 as earlier xlkit versions wrote it, 一级/二级 merged down (new ones repeat the names)
    wi = openpyxl.load_workbook(folder / IND)
    wi["指标体系"].merge_cells("B4:B9")
    wi["指标体系"].merge_cells("C6:C7")
    wi.save(folder / IND)
    result = check(folder)
    # read as shown, with a warning: values typed in I5:I10 before the merge are gone (pitfall R5)
    assert where(result.report.issues) == {(BUD, "项目", "I4", "merged-rows")}
    assert "第 5、6、7、8、9、10 行" in result.report.issues[0].message
    assert result.budget is not None
    assert [p.get("funding") for p in result.budget.projects] == ["一般公共预算"] * 7
    assert {p.cells["funding"] for p in result.budget.projects} == {"I4"}
    # and the 一级/二级 merges of 指标体系 read on every row, without a warning
    assert result.indicators is not None
    assert [i.level1 for i in result.indicators.indicators] == ["部门决策"] * 6 + ["部门管理"] * 11 + ["部门绩效"] * 7
    assert result.indicators.indicators[3].row.cells["level2"] == "C6"  # A22 under A2's merge C6:C7


def test_a_mistake_in_a_merged_cell_is_reported_once(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / BUD)
    ws = wb["项目"]
    ws["I4"] = "财政拨款"
    ws.merge_cells("I4:I10")
    wb.save(folder / BUD)
    assert where(check(folder).report.issues) == {(BUD, "项目", "I4", "not-in-list-free"), (BUD, "项目", "I4", "merged-rows")}
    assert len(check(folder).report.issues) == 2


def test_row_inserted_inside_tables(folder: Path, clean_result: CheckResult) -> None:
    """A finding inserted between two others, and an indicator inserted inside a 二级 group."""
    insert_row(folder / IND, "扣分事项", 6, {"A": "A12", "B": "年度工作计划未覆盖全部职能", "C": "0.50"})
    # between B31 (row 13) and B32 (row 14); 一级/二级 are typed on every row (nothing is merged)
    insert_row(folder / IND, "指标体系", 14, {"A": "B33", "B": "部门管理", "C": "资金管理",
                                          "D": "政府采购程序规范性", "E": D("1.00"),
                                          "M": "扣分制", "N": "每项扣分=0.20"})
    edit(folder / IND, "指标体系", {"E15": D("1.00")})  # B32, now on row 15, gives up 1.00 of its 2.00
    insert_row(folder / VOU, "台账", 6, {"A": 3, "B": dt.date(2024, 6, 18), "C": "记账-18", "D": "购置文件柜",
                                       "E": D("17900")})
    result = check(folder)
    assert result.report.issues == [], [i.render() for i in result.report.issues]
    assert result.indicators is not None and clean_result.indicators is not None
    findings = [(f.code, f.reason) for f in result.indicators.findings]
    clean_findings = [(f.code, f.reason) for f in clean_result.indicators.findings]
    assert findings == clean_findings[:2] + [("A12", "年度工作计划未覆盖全部职能")] + clean_findings[2:]
    b33 = next(i for i in result.indicators.indicators if i.code == "B33")
    assert (b33.level1, b33.level2, b33.weight, b33.row.cells["code"]) == ("部门管理", "资金管理", D("1.00"), "A14")
    assert [i.code for i in result.indicators.indicators][-1] == "C21"
    assert result.indicators.indicators[-1].row.cells["code"] == "A28"
    assert result.vouchers is not None
    assert [v.ident for v in result.vouchers.vouchers][1:4] == ["2024-6-2号", "2024-6-18号", "2024-6-3号"]


def test_extra_sheets_are_ignored(folder: Path, clean_result: CheckResult) -> None:
    for file in FILES:
        wb = openpyxl.load_workbook(folder / file)
        ws = wb.create_sheet("备注", 0)
        ws["A1"] = "评价组内部备注"
        ws["B3"] = 12345
        wb.save(folder / file)
    _same_records(folder, clean_result)


def test_formula_columns_have_no_cached_values_and_are_not_needed(clean: Path, clean_result: CheckResult) -> None:
    """The clerk's openpyxl save drops every cached formula result (as a file no client recalculated)."""
    wb = openpyxl.load_workbook(clean / BUD, data_only=True)
    assert wb["支出"]["E4"].value is None  # 预算执行率: a formula, never calculated
    assert wb["项目"]["F6"].value is None
    wb = openpyxl.load_workbook(clean / BUD)
    assert str(wb["支出"]["E4"].value).startswith("=IF(")
    assert clean_result.budget is not None
    assert clean_result.budget.expense["total"].get("final") == D("498.46")


def test_formulas_typed_into_input_cells_are_computed_by_xlkit(folder: Path, clean_result: CheckResult) -> None:
    edit(folder / BUD, "支出", {"B4": "=B5+B6", "C12": "=SUM(C4,C7:C11)", "D12": "=D4+D7", "B12": "=(B4+B7)*1"})
    edit(folder / BUD, "资产", {"F6": "=D6-E6", "B10": "=SUM(B4:B9)"})
    edit(folder / VOU, "台账", {"E5": "=113000+99.82"})
    _same_records(folder, clean_result)


def test_formula_xlkit_cannot_compute_is_an_error_not_a_guess(folder: Path) -> None:
    edit(folder / BUD, "支出", {"D12": "='收入'!C11", "C12": "=C12+1"})
    issues = check(folder).report.issues
    assert where(issues) == {(BUD, "支出", "D12", "formula-in-input"), (BUD, "支出", "C12", "formula-in-input")}
    assert "只支持本表单元格、四则运算和 SUM" in issues[0].message


def test_text_that_starts_with_an_equals_sign_is_text(folder: Path) -> None:
    """A cell stored as text ('=见附件 typed into a text column) is not a formula."""
    wb = openpyxl.load_workbook(folder / IND)
    cell = wb["指标体系"]["P5"]
    cell.value = "=见附件2"
    cell.data_type = "s"
    wb.save(folder / IND)
    result = check(folder)
    assert result.report.issues == []
    assert result.indicators is not None and result.indicators.indicators[1].reason == "=见附件2"


@pytest.mark.soffice
def test_libreoffice_resave_reads_the_same_records(clean: Path, clean_result: CheckResult, tmp_path: Path) -> None:
    """Open every filled workbook in LibreOffice, save as .xlsx, check again: the same records."""
    resaved = tmp_path / "喀什医保2024"
    convert_all_with_soffice([(clean / file, resaved) for file in FILES])
    assert sorted(p.name for p in resaved.iterdir()) == sorted(FILES)
    wb = openpyxl.load_workbook(resaved / BUD, data_only=True)
    assert wb["支出"]["E4"].value == 1  # LibreOffice recalculated and cached 451.32 ÷ 451.32
    result = check(resaved)
    assert result.report.issues == [], [i.render() for i in result.report.issues]
    for kind in KINDS:
        assert records(_data(result, kind)) == records(_data(clean_result, kind)), kind


# ---- the library API ------------------------------------------------------------------------

def test_read_book_returns_typed_records_and_issues(folder: Path) -> None:
    book = read_book(folder / BUD, "budget")
    assert isinstance(book, BudgetBook) and book.data.issues == []
    assert book.income["total"].get("adjustment") == D("25.18")
    edit(folder / IND, "指标体系", {"E4": "两分"})
    ind = read_book(folder / IND, "indicators")
    assert isinstance(ind, IndicatorBook)
    assert [(i.sheet, i.cell, i.code) for i in ind.data.issues] == [("指标体系", "E4", "type-error")]
    assert ind.indicators[0].weight is None and ind.indicators[1].weight == D("4.00")
    with pytest.raises(FileProblem) as info:
        read_book(folder / SUR, "budget")
    assert info.value.code == "wrong-workbook"


def test_sheet_knows_which_columns_it_found(folder: Path) -> None:
    edit(folder / BUD, "支出", {"C3": "全年预算"})
    data = read_book(folder / BUD, "budget").data
    assert data.sheet("expense").has("final") and not data.sheet("expense").has("annual")
    with pytest.raises(UnknownSheetKey):  # a typo is a programming error, not an empty sheet
        data.sheet("expenses")


# ---- single cells --------------------------------------------------------------------------

@pytest.mark.parametrize("raw,kind,fmt,expected", [
    ("1,946.95", "yuan", None, D("1946.95")),
    ("113,099.82", "yuan", None, D("113099.82")),
    ("¥1,000", "yuan", None, D("1000")),
    (" 451.32 ", "amount", None, D("451.32")),
    ("451.32万元", "amount", None, D("451.32")),
    ("０.９５", "decimal", None, D("0.95")),
    ("１２３", "int", None, 123),
    (102.0, "int", None, 102),
    ("95.31%", "rate", None, D("0.9531")),
    ("９５.３１％", "rate", None, D("0.9531")),
    (0.9531, "rate", None, D("0.9531")),
    ("0.9531", "rate", None, D("0.9531")),
    (95.31, "rate", None, D("0.9531")),
    ("95.31", "rate", None, D("0.9531")),
    (1.1804, "rate", None, D("1.1804")),  # 118.04 % stored as a fraction
    (2.5, "rate", "0.00%", D("2.5")),  # 250 % shown as a percent: a fraction, whatever its size
    ("-", "amount", None, None),
    ("—", "amount", None, None),
    ("／", "decimal", None, None),
    ("   ", "amount", None, None),
    (None, "amount", None, None),
    (0.9949, "text", "0.00%", "99.49%"),
    (28.0, "text", "@", "28"),
    ("较科学完整 ", "text", None, "较科学完整"),
    ("Ｂ２１ ", "code", None, "B21"),
    ("2024-06-05", "date", None, dt.date(2024, 6, 5)),
    ("2024年6月5日", "date", None, dt.date(2024, 6, 5)),
    (45448, "date", None, dt.date(2024, 6, 5)),
    (dt.datetime(2024, 6, 5, 0, 0), "date", None, dt.date(2024, 6, 5)),
])
def test_parse_cell(raw: Any, kind: str, fmt: str | None, expected: Any) -> None:
    assert parse_cell(raw, kind, number_format=fmt) == expected


@pytest.mark.parametrize("raw,kind,fmt,message", [
    ("四百五十一", "amount", None, "应为金额（万元），实际为“四百五十一”"),
    ("1.946,95", "yuan", None, "应为金额（元），实际为“1.946,95”"),
    ("1,94", "yuan", None, "应为金额（元）"),
    ("#DIV/0!", "amount", None, "单元格为错误值 #DIV/0!"),
    (True, "amount", None, "实际为“TRUE”"),
    ("3.5", "int", None, "应为整数，实际为“3.5”"),
    ("95.31%", "amount", None, "应为金额（万元）"),
    (0.45, "amount", "0%", "实际为百分数“45%”"),
    ("NaN", "decimal", None, "应为数字"),
    ("2024-02-30", "date", None, "不存在的日期"),
    ("六月五日", "date", None, "应为日期（如 2024-06-05）"),
    ("٤٥١", "amount", None, "应为金额（万元），实际为“٤٥١”"),  # Arabic-Indic digits: not a number here
    ("४५१.३२", "decimal", None, "应为数字"),
])
def test_parse_cell_errors(raw: Any, kind: str, fmt: str | None, message: str) -> None:
    with pytest.raises(CellError) as info:
        parse_cell(raw, kind, number_format=fmt)
    assert message in str(info.value)


def test_dates_outside_2000_2100_are_out_of_range() -> None:
    with pytest.raises(CellRangeError, match="日期应在 2000-01-01 至 2100-12-31 之间"):
        parse_cell(dt.date(1999, 12, 31), "date")
    with pytest.raises(CellRangeError):
        parse_cell(6.05, "date")  # a number typed into a date cell: 1900-01-06
