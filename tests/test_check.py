"""`xlkit check` on a filled 部门整体 folder: every issue code, from one thing a clerk got wrong.

The folder is generated with xlkit.new_project and filled like a clerk (check_helpers). Each case
breaks one thing with openpyxl (or replaces a file) and asserts the exact (file, sheet, cell, code)
of every issue; the cell addresses are where a person sees them in Excel, written out by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from check_helpers import (
    BUD,
    FILES,
    IND,
    SUR,
    TEN,
    VOU,
    build_clean,
    copy_folder,
    edit,
    insert_row,
    snapshot,
    where,
)
from typer.testing import CliRunner

from xlkit.cli import app
from xlkit.errors import XlkitError
from xlkit.read.safety import OLE_MAGIC
from xlkit.scoring.evaluation import check
from xlkit.spec.issues import Severity

D = Decimal
E, W = Severity.ERROR, Severity.WARNING


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(tmp_path_factory.mktemp("check") / "喀什医保2024")


@pytest.fixture
def folder(clean: Path, tmp_path: Path) -> Path:
    return copy_folder(clean, tmp_path / "喀什医保2024")


def test_clean_folder_has_no_issue(clean: Path) -> None:
    result = check(clean)
    assert result.report.issues == []
    assert result.valid
    assert set(result.files) == {"indicators", "budget", "vouchers", "survey"}


def test_records_are_typed(clean: Path) -> None:
    r = check(clean)
    assert r.budget is not None and r.vouchers is not None and r.survey is not None and r.indicators is not None
    assert r.budget.expense["total"].get("annual") == D("498.46")
    assert r.budget.expense["public"].get("annual") is None  # typed "-"
    assert r.budget.expense["project"].cells["final"] == "D7"
    assert [p.get("initial") for p in r.budget.projects] == [D("1.00"), D("2.80"), D("43.97"), D("11.31"), None, None, None]
    first = r.vouchers.vouchers[0]
    assert (first.date, first.number, first.amount) == (dt.date(2024, 3, 28), "记账-5", D("1946.95"))
    assert r.vouchers.vouchers[4].ident == "2024-8-3号"
    assert r.survey.questions[4].answered == 101 and r.survey.questions[2].scored is True
    assert [i.code for i in r.indicators.indicators][:3] == ["A11", "A12", "A21"]
    assert r.indicators.indicators[7].weight == D("2.00")
    assert r.indicators.info["year"] == 2024


def test_the_reports_own_footing_slip_is_one_warning(folder: Path) -> None:
    """goldens 000 S3: 464.57 + 59.08 = 523.65, the report's 本年支出合计 says 523.64."""
    edit(folder / BUD, "支出", {"B12": D("523.64")})
    issues = check(folder).report.issues
    assert where(issues) == {(BUD, "支出", "B12", "footing")}
    assert issues[0].severity is W
    assert "523.64" in issues[0].message and "523.65" in issues[0].message


# ---- one mistake → exactly these issues --------------------------------------------------------

Break = Callable[[Path], None]


def _e(file: str, sheet: str, cells: dict) -> Break:
    return lambda folder: edit(folder / file, sheet, cells)


def _merge(file: str, sheet: str, span: str) -> Break:
    def go(folder: Path) -> None:
        wb = openpyxl.load_workbook(folder / file)
        wb[sheet].merge_cells(span)
        wb.save(folder / file)
    return go


def _write(file: str, data: bytes) -> Break:
    return lambda folder: (folder / file).write_bytes(data)


def _zip(entries: dict[str, bytes]) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _rename(old: str, new: str) -> Break:
    return lambda folder: (folder / old).rename(folder / new)


def _truncate(file: str) -> Break:
    def go(folder: Path) -> None:
        data = (folder / file).read_bytes()
        (folder / file).write_bytes(data[: len(data) // 2])
    return go


def _huge(file: str) -> Break:
    def go(folder: Path) -> None:
        with (folder / file).open("r+b") as fh:
            fh.truncate(51 * 1024 * 1024)  # sparse: no 51 MB written
    return go


def _as_dir(file: str) -> Break:
    def go(folder: Path) -> None:
        (folder / file).unlink()
        (folder / file).mkdir()
    return go


def _copy(src: str, dst: str) -> Break:
    return lambda folder: shutil.copyfile(folder / src, folder / dst)


def _delete_sheet(file: str, sheet: str) -> Break:
    def go(folder: Path) -> None:
        wb = openpyxl.load_workbook(folder / file)
        del wb[sheet]
        wb.save(folder / file)
    return go


def _strange_workbook(file: str) -> Break:
    def go(folder: Path) -> None:
        wb = openpyxl.Workbook()
        wb.active.title = "Sheet1"
        wb.active["A1"] = "项目"
        wb.save(folder / file)
    return go


def _blank(file: str) -> Break:
    def go(folder: Path) -> None:
        import xlkit

        xlkit.new_project(folder.parent / "blank", eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
        shutil.copyfile(folder.parent / "blank" / file, folder / file)
    return go


def _many(*steps: Break) -> Break:
    def go(folder: Path) -> None:
        for step in steps:
            step(folder)
    return go


def _long_findings(folder: Path) -> None:
    wb = openpyxl.load_workbook(folder / IND)
    ws = wb["扣分事项"]
    for r in range(13, 5005):  # rows 4–12 hold the nine findings; 5,001 data rows in all from row 4
        ws.cell(r, 1).value = "A12"
        ws.cell(r, 2).value = f"第 {r} 条"
        ws.cell(r, 3).value = "0"
    wb.save(folder / IND)


def _insert(file: str, sheet: str, before: int, values: dict) -> Break:
    return lambda folder: insert_row(folder / file, sheet, before, values)


ENCRYPTED = OLE_MAGIC + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
BOMB = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
             "xl/worksheets/sheet1.xml": b"\0" * (40 * 1024 * 1024)})
BROKEN_PARTS = _zip({"[Content_Types].xml": b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
                     "_rels/.rels": b"not xml at all <<<", "xl/workbook.xml": b"<workbook>"})

# (id, break, {(file, sheet, cell, code, severity)})
CASES: list[tuple[str, Break, set[tuple]]] = [
    # --- files that are not our workbooks: one clear issue each
    ("file-missing", lambda f: (f / BUD).unlink(), {(BUD, None, None, "file-missing", E)}),
    ("file-missing-optional", lambda f: (f / VOU).unlink(), {(VOU, None, None, "file-missing", W)}),
    ("not-a-file", _as_dir(BUD), {(BUD, None, None, "not-a-file", E)}),
    ("file-empty", _write(BUD, b""), {(BUD, None, None, "file-empty", E)}),
    ("file-too-large", _huge(BUD), {(BUD, None, None, "file-too-large", E)}),
    ("macro-workbook-xlsm", _rename(BUD, "预决算.xlsm"), {("预决算.xlsm", None, None, "macro-workbook", E)}),
    ("macro-workbook-vba", _write(BUD, _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                                            "xl/vbaProject.bin": b"\0"})), {(BUD, None, None, "macro-workbook", E)}),
    ("encrypted", _write(BUD, ENCRYPTED), {(BUD, None, None, "encrypted", E)}),
    ("xls-legacy", _write(BUD, OLE_MAGIC + b"\0" * 2048), {(BUD, None, None, "xls-legacy", E)}),
    ("not-xlsx-csv", _write(BUD, "项目,年初预算数\n基本支出,464.57\n".encode()), {(BUD, None, None, "not-xlsx", E)}),
    ("not-xlsx-ods", _many(lambda f: (f / BUD).unlink(),
                           _write("预决算.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                     "content.xml": b"<x/>"}))),
     {("预决算.ods", None, None, "not-xlsx", E)}),
    ("corrupt", _truncate(BUD), {(BUD, None, None, "corrupt", E)}),
    ("unsafe-file", _write(BUD, BOMB), {(BUD, None, None, "unsafe-file", E)}),
    ("workbook-unreadable", _write(BUD, BROKEN_PARTS), {(BUD, None, None, "workbook-unreadable", E)}),
    ("wrong-workbook", _copy(SUR, BUD), {(BUD, None, None, "wrong-workbook", E)}),
    ("wrong-workbook-unstamped", _strange_workbook(BUD), {(BUD, None, None, "wrong-workbook", E)}),
    ("version-mismatch", _e(BUD, "_xlkit", {"B2": "0.9"}), {(BUD, None, None, "version-mismatch", E)}),
    ("stamp-missing", _delete_sheet(BUD, "_xlkit"), {(BUD, None, None, "stamp-missing", W)}),
    ("workbook-empty", _blank(VOU), {(VOU, None, None, "workbook-empty", W)}),
    # --- cells
    ("type-error", _e(BUD, "支出", {"D7": "四百五十一"}), {(BUD, "支出", "D7", "type-error", E)}),
    ("type-error-date", _e(VOU, "台账", {"B7": "2024-8-32"}), {(VOU, "台账", "B7", "type-error", E)}),
    ("required-missing", _e(IND, "基本信息", {"B4": None}), {(IND, "基本信息", "B4", "required-missing", E)}),
    ("required-missing-dash", _e(BUD, "项目", {"E5": "-"}),
     # 调整后预算数 is required; the 项目 list then no longer adds up to 二、项目支出 (47.14)
     {(BUD, "项目", "E5", "required-missing", E), (BUD, "支出", "C7", "footing", W)}),
    ("not-in-list", _e(BUD, "项目", {"C5": "年初项目"}), {(BUD, "项目", "C5", "not-in-list", E)}),
    ("not-in-list-free", _e(BUD, "项目", {"I4": "财政拨款"}), {(BUD, "项目", "I4", "not-in-list-free", W)}),
    ("out-of-range", _e(IND, "基本信息", {"B9": 1999}), {(IND, "基本信息", "B9", "out-of-range", E)}),
    ("out-of-range-date", _e(VOU, "台账", {"B4": dt.date(1999, 3, 28)}), {(VOU, "台账", "B4", "out-of-range", E)}),
    ("formula-in-input", _e(BUD, "支出", {"D12": "=VLOOKUP(A12,'收入'!A:D,4,0)"}),
     {(BUD, "支出", "D12", "formula-in-input", E)}),
    ("formula-in-text-input", _e(IND, "指标体系", {"M4": '=IF(E4>1,"扣分制","")'}),
     {(IND, "指标体系", "M4", "formula-in-input", E)}),
    ("header-missing", _e(BUD, "支出", {"C3": "全年预算"}), {(BUD, "支出", "C3", "header-missing", E)}),
    ("sheet-missing", _delete_sheet(BUD, "资产"), {(BUD, "资产", None, "sheet-missing", E)}),
    ("header-missing-table", _e(BUD, "项目", {"G3": "支出数"}), {(BUD, "项目", "G3", "header-missing", E)}),
    ("header-row-gone", _e(VOU, "台账", {c + "3": None for c in "ABCDEFGHIJ"}), {(VOU, "台账", None, "header-missing", E)}),
    ("row-missing", _e(BUD, "支出", {"A5": "人员支出"}), {(BUD, "支出", "A5", "row-missing", E)}),
    ("row-missing-form", _e(SUR, "问卷信息", {"A9": "有效问卷数"}), {(SUR, "问卷信息", "A9", "row-missing", E)}),
    ("row-unknown", _insert(BUD, "支出", 7, {"A": "其他经费", "B": D("0.50")}), {(BUD, "支出", "A7", "row-unknown", W)}),
    ("too-many-rows", _long_findings, {(IND, "扣分事项", "A5004", "too-many-rows", E)}),
    # Merges over input cells: the cells under a merge read its top-left value (pitfall R5).
    ("merged-input-across", _merge(BUD, "项目", "D4:E4"), {(BUD, "项目", "D4", "merged-input", E)}),
    ("merged-input-fixed-rows", _merge(BUD, "支出", "B5:B6"),
     # 公用经费's 年初 reads 人员经费's 457.85, so 一、基本支出 no longer foots either
     {(BUD, "支出", "B5", "merged-input", E), (BUD, "支出", "B4", "footing", W)}),
    ("merged-input-fields", _merge(IND, "基本信息", "B4:B6"), {(IND, "基本信息", "B4", "merged-input", E)}),
    ("merged-rows", _merge(IND, "指标体系", "J4:J6"), {(IND, "指标体系", "J4", "merged-rows", W)}),
    # --- 指标体系
    ("grades-invalid", _e(IND, "基本信息", {"B13": "优秀90分以上"}), {(IND, "基本信息", "B13", "grades-invalid", E)}),
    ("duplicate-code", _e(IND, "指标体系", {"A20": "B61"}), {(IND, "指标体系", "A20", "duplicate-code", E)}),
    ("duplicate-code-level", _e(IND, "指标层级", {"A18": "B6", "B18": "二级", "C18": "基金管理", "D18": "B"}),
     {(IND, "指标层级", "A18", "duplicate-code", E)}),
    ("duplicate-code-question", _e(SUR, "题目", {"A12": "Q3", "B12": "对培训和业务指导的满意度如何？", "C12": "单选"}),
     {(SUR, "题目", "A12", "duplicate-code", E)}),
    ("unknown-parent", _e(IND, "指标层级", {"D17": "D"}), {(IND, "指标层级", "D17", "unknown-parent", E)}),
    ("unknown-rule", _e(IND, "指标体系", {"M4": "扣分"}), {(IND, "指标体系", "M4", "unknown-rule", E)}),
    ("rule-params-missing", _e(IND, "指标体系", {"N11": "满分线=95%"}), {(IND, "指标体系", "N11", "rule-params", E)}),
    ("rule-params-insane", _e(IND, "指标体系", {"N11": "满分线=95%；零分线=95%"}),
     {(IND, "指标体系", "N11", "rule-params", E)}),
    ("rule-params-unparsable", _e(IND, "指标体系", {"N18": "容差=10%；每点扣分"}),
     {(IND, "指标体系", "N18", "rule-params", E)}),
    ("unknown-measure", _e(IND, "指标体系", {"O11": "执行率"}), {(IND, "指标体系", "O11", "unknown-measure", E)}),
    ("unknown-question", _e(IND, "指标体系", {"O27": "问卷:Q9"}), {(IND, "指标体系", "O27", "unknown-question", E)}),
    ("condition-unknown-typed", _e(IND, "指标体系", {"M20": "条件全满足", "N20": "条件=上年三公经费<=12"}),
     {(IND, "指标体系", "N20", "condition-unknown", E)}),
    ("duplicate-name", _e(IND, "其他数据", {"A4": "预算执行率", "B4": "95%"}), {(IND, "其他数据", "A4", "duplicate-name", E)}),
    # check runs scoring too, so the departure itself is also listed (the warning every adopted score gets)
    ("adopted-without-reason", _e(IND, "指标体系", {"Q7": D("1.00")}),
     {(IND, "指标体系", "R7", "adopted-without-reason", E), (IND, "指标体系", "Q7", "score-adopted", W)}),
    ("adopted-out-of-range", _e(IND, "指标体系", {"Q7": D("3.00"), "R7": "报告口径"}),
     {(IND, "指标体系", "Q7", "adopted-out-of-range", E)}),
    ("adopted-without-score", _e(IND, "指标体系", {"R7": "报告口径"}), {(IND, "指标体系", "Q7", "adopted-without-score", W)}),
    ("coverage-exceeds", _e(BUD, "绩效管理覆盖", {"B4": 10, "C4": 12}), {(BUD, "绩效管理覆盖", "C4", "coverage-exceeds", E)}),
    ("payment-decreasing", _e(BUD, "支付进度", {"C4": D("0.30"), "C5": D("0.25")}),
     {(BUD, "支付进度", "C5", "payment-decreasing", W)}),
    ("unknown-question-option", _e(SUR, "选项", {"A33": "Q9", "B33": "是", "C33": 3}),
     {(SUR, "选项", "A33", "unknown-question", E)}),
    ("unknown-question-open", _e(SUR, "开放回答", {"A4": "Q9"}), {(SUR, "开放回答", "A4", "unknown-question", W)}),
    ("measure-unavailable", lambda f: (f / SUR).unlink(),
     {(SUR, None, None, "file-missing", W), (IND, "指标体系", "O27", "measure-unavailable", E)}),
    ("unknown-level", _e(IND, "指标体系", {"C13": "资金监管"}), {(IND, "指标体系", "C13", "unknown-level", W)}),
    ("weight-total", _e(IND, "指标体系", {"E4": D("3.00")}),
     # A11 2.00 → 3.00: Σ = 101, 一级 A = 16 ≠ 15, 二级 A1 = 7 ≠ 6
     {(IND, "指标体系", None, "weight-total", E), (IND, "指标层级", "E4", "level-weight", W),
      (IND, "指标层级", "E7", "level-weight", W)}),
    ("level-weight-2", _e(IND, "指标层级", {"E7": D("5.00")}), {(IND, "指标层级", "E7", "level-weight", W)}),
    ("level-weight-1", _e(IND, "指标层级", {"E4": D("16.00")}),
     {(IND, "指标层级", "E4", "level-weight", W), (IND, "指标层级", None, "level-weight", W)}),
    # goldens 003 S11: 自评及整改's element points add up to 3, its 分值 is 4; here 1 + 0.5 ≠ 2.00
    ("points-sum", _e(IND, "指标体系", {"G4": "①规划是否合理(1分);②规划是否经集体决策(0.5分);③未经批准的，每项扣(1分)"}),
     {(IND, "指标体系", "G4", "points-sum", W)}),
    # `new --from` marks a rule read from 评分标准 with a doubt; the evaluator has not yet cleared it
    ("import-todo", _e(IND, "指标体系", {"S4": "存疑；依据：“缺失一项扣0.50分”；假设：按分值起扣"}),
     {(IND, "指标体系", "S4", "import-todo", W)}),
    ("unknown-indicator", _e(IND, "扣分事项", {"A13": "B33", "B13": "采购资料不全"}),
     {(IND, "扣分事项", "A13", "unknown-indicator", E)}),
    ("unknown-indicator-voucher", _e(VOU, "台账", {"I5": "B23"}), {(VOU, "台账", "I5", "unknown-indicator", E)}),
    ("deduction-invalid", _e(IND, "扣分事项", {"C7": "一分"}), {(IND, "扣分事项", "C7", "deduction-invalid", E)}),
    ("deduction-invalid-voucher", _e(VOU, "台账", {"J5": "0.2分/项"}), {(VOU, "台账", "J5", "deduction-invalid", E)}),
    # --- 预决算
    ("negative-amount", _e(BUD, "三公经费", {"E8": D("-0.50")}),
     {(BUD, "三公经费", "E8", "negative-amount", E), (BUD, "三公经费", "E6", "footing", W)}),
    ("negative-amount-project", _e(BUD, "项目", {"J4": D("-1.00")}), {(BUD, "项目", "J4", "negative-amount", E)}),
    # check runs the scoring pipeline: 项目支出预算调整率 recomputed from the changed list no longer
    # matches the 实际完成值 typed for B52 (actual-differs, the same warning score gives).
    ("footing-project-list", _e(BUD, "项目", {"E6": D("10.28")}),
     {(BUD, "支出", "C7", "footing", W), (IND, "指标体系", "J18", "actual-differs", W)}),
    ("footing-assets", _e(BUD, "资产", {"D10": D("82.90")}),
     # 原值 合计 82.90 ≠ 69.26 + 13.54, and 82.90 − 40.99 ≠ 净值 41.81
     {(BUD, "资产", "D10", "footing", W), (BUD, "资产", "F10", "footing", W)}),
    ("footing-quantity", _e(BUD, "资产", {"B10": 356}), {(BUD, "资产", "B10", "footing", W)}),
    ("adjustment-mismatch", _e(BUD, "收入", {"D4": D("25.81")}),
     {(BUD, "收入", "D4", "adjustment-mismatch", W), (BUD, "收入", "D11", "footing", W)}),
    ("in-use-exceeds", _e(BUD, "资产", {"G6": D("39.10")}),
     {(BUD, "资产", "G6", "in-use-exceeds", W), (BUD, "资产", "G10", "footing", W)}),
    ("project-kind", _e(BUD, "项目", {"C8": "年初预算项目"}), {(BUD, "项目", "D8", "project-kind", W)}),
    # --- 凭证抽查台账
    ("voucher-amount", _e(VOU, "台账", {"E7": 0}), {(VOU, "台账", "E7", "voucher-amount", E)}),
    ("voucher-date", _e(VOU, "台账", {"B4": dt.date(2023, 3, 28)}), {(VOU, "台账", "B4", "voucher-date", W)}),
    ("voucher-involved", _e(VOU, "台账", {"H5": D("113.10")}), {(VOU, "台账", "H5", "voucher-involved", W)}),
    ("deduction-without-indicator", _e(VOU, "台账", {"I6": None}), {(VOU, "台账", "I6", "deduction-without-indicator", E)}),
    ("deduction-without-problem", _e(VOU, "台账", {"G7": None}), {(VOU, "台账", "G7", "deduction-without-problem", W)}),
    ("duplicate-voucher", _e(VOU, "台账", {"A13": 10, "B13": dt.date(2024, 6, 5), "C13": "记账-2", "D13": "采购复印纸",
                                          "E13": D("113099.82")}),
     {(VOU, "台账", "C13", "duplicate-voucher", W)}),
    # --- 问卷统计
    ("survey-counts", _e(SUR, "问卷信息", {"B9": 120}), {(SUR, "问卷信息", "B9", "survey-counts", E)}),
    ("survey-n", _e(SUR, "题目", {"D4": 120}),
     {(SUR, "题目", "D4", "survey-n", E), (SUR, "题目", "D4", "survey-sum", E)}),
    ("survey-n-missing", _many(_e(SUR, "题目", {"D4": None}), _e(SUR, "问卷信息", {"B9": None})),
     {(SUR, "题目", "D4", "survey-n-missing", E), (SUR, "问卷信息", "B9", "required-missing", E)}),
    ("survey-n-zero", _many(_e(SUR, "题目", {"D5": 0}), _e(SUR, "选项", {"C9": 0})),
     {(SUR, "题目", "D5", "survey-n-zero", W)}),
    ("survey-count-exceeds", _e(SUR, "选项", {"C11": 178}),
     {(SUR, "选项", "C11", "survey-count-exceeds", E), (SUR, "题目", "D6", "survey-sum", E)}),
    ("survey-sum", _e(SUR, "选项", {"C12": 21}), {(SUR, "题目", "D6", "survey-sum", E)}),
    ("survey-score-missing", _e(SUR, "选项", {"D11": None}), {(SUR, "选项", "D11", "survey-score-missing", E)}),
    ("survey-no-options", _e(SUR, "题目", {"E11": "是"}), {(SUR, "题目", "A11", "survey-no-options", E)}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_one_mistake(folder: Path, case: tuple[str, Break, set[tuple]]) -> None:
    _, mistake, expected = case
    mistake(folder)
    issues = check(folder).report.issues
    got = {(i.file, i.sheet, i.cell, i.code, i.severity) for i in issues}
    assert got == expected, "\n".join(i.render() + f"  [{i.code}]" for i in issues)
    assert len(issues) == len(expected)
    for i in issues:
        assert i.message and "Traceback" not in i.message


# Every code xlkit documents is exercised above.
DOCUMENTED = {
    "file-missing", "not-a-file", "file-empty", "file-too-large", "macro-workbook", "encrypted", "xls-legacy", "not-xlsx",
    "corrupt", "unsafe-file", "workbook-unreadable", "wrong-workbook", "version-mismatch", "workbook-empty",
    "stamp-missing", "type-error", "required-missing", "not-in-list", "out-of-range", "formula-in-input",
    "header-missing", "sheet-missing", "row-missing", "too-many-rows", "not-in-list-free", "row-unknown",
    "merged-input", "merged-rows",
    "grades-invalid", "duplicate-code", "unknown-parent", "unknown-rule", "rule-params", "unknown-measure",
    "unknown-question", "measure-unavailable", "unknown-indicator", "deduction-invalid", "unknown-level",
    "weight-total", "level-weight", "points-sum", "import-todo", "negative-amount", "footing", "adjustment-mismatch", "in-use-exceeds",
    "project-kind", "voucher-amount", "deduction-without-indicator", "voucher-date", "voucher-involved",
    "deduction-without-problem", "duplicate-voucher", "survey-counts", "survey-n", "survey-n-missing",
    "survey-count-exceeds", "survey-sum", "survey-score-missing", "survey-no-options", "survey-n-zero",
    "condition-unknown", "duplicate-name", "adopted-without-reason", "adopted-out-of-range", "adopted-without-score",
    "coverage-exceeds", "payment-decreasing",
}


def test_every_code_is_covered() -> None:
    covered = {t[3] for _, _, expected in CASES for t in expected}
    assert covered >= DOCUMENTED  # check now also runs scoring: its codes (actual-differs …) show up too


def test_every_code_in_the_library_is_documented() -> None:
    """Grep the reading and checking modules for hyphenated code literals: none may be untested.

    The one-word codes (encrypted, corrupt, footing) cannot be told from other words by a grep;
    they are in DOCUMENTED and covered above.
    """
    import re

    root = Path(__file__).resolve().parent.parent / "xlkit"
    files = [root / f for f in ("read/reader.py", "read/safety.py", "read/cells.py")] + sorted((root / "checking").glob("*.py"))
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    found = set(re.findall(r'"([a-z]+(?:-[a-z0-9]+)+)"', text)) - {"utf-16-le"}
    assert found | {"encrypted", "corrupt", "footing"} == DOCUMENTED


# ---- messages: what a person reads ----------------------------------------------------------

def test_type_error_message_names_workbook_sheet_cell_and_what_was_expected(folder: Path) -> None:
    edit(folder / BUD, "支出", {"D7": "四百五十一"})
    (issue,) = check(folder).report.issues
    assert issue.render() == "预决算.xlsx › 支出 › D7: 二、项目支出的决算数应为金额（万元），实际为“四百五十一”"
    assert issue.value == "四百五十一"


@pytest.mark.parametrize("mistake,fragment", [
    (_write(BUD, ENCRYPTED), "预决算.xlsx: 已加密（设置了打开密码），请取消密码后重新提交"),
    (_rename(BUD, "预决算.xlsm"), "预决算.xlsm: 是启用宏的工作簿（.xlsm），请另存为 Excel 工作簿（*.xlsx）"),
    (_copy(SUR, BUD), "预决算.xlsx: 实际是“问卷统计.xlsx”（满意度调查问卷统计），不是“预决算.xlsx”；请检查文件是否放错"),
    (_e(BUD, "_xlkit", {"B2": "0.9"}), "预决算.xlsx: 是 0.9 版“预决算情况表”模板，当前 xlkit 读取 1.0 版；这是旧版模板"),
    (_e(BUD, "_xlkit", {"B2": "2.0"}), "这是较新版本的模板，请升级 xlkit"),
    (_e(BUD, "支出", {"C3": "全年预算"}), "表头应为“全年预算数”，实际为“全年预算”"),
    (_delete_sheet(BUD, "资产"), "缺少工作表“资产”（被删除或改名）"),
    (_strange_workbook(BUD), "预决算.xlsx: 不是 xlkit 的“预决算情况表”模板"),
])
def test_file_problems_are_one_clear_chinese_message(folder: Path, mistake: Break, fragment: str) -> None:
    mistake(folder)
    (issue,) = check(folder).report.errors
    assert fragment in issue.render()


def test_footing_message_shows_the_figures(folder: Path) -> None:
    edit(folder / BUD, "资产", {"B10": 356})
    (issue,) = check(folder).report.issues
    assert issue.message == "固定资产合计的数量 356 与 设备＋家具和用具 之和 357 相差 1"
    edit(folder / BUD, "资产", {"B10": 357})
    edit(folder / BUD, "项目", {"E6": D("10.28")})
    (issue,) = (i for i in check(folder).report.issues if i.code == "footing")
    assert issue.message == "二、项目支出的全年预算数 47.14 与“项目”表调整后预算数合计 47.15 相差 0.01"


def test_missing_file_suggests_a_similar_name(folder: Path) -> None:
    (folder / BUD).rename(folder / "预决算（已填）.xlsx")
    (issue,) = check(folder).report.issues
    assert issue.code == "file-missing"
    assert "文件夹中有 预决算（已填）.xlsx，如是该工作簿请改名为 预决算.xlsx" in issue.message


def test_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(XlkitError, match="找不到项目文件夹"):
        check(tmp_path / "nowhere")


# ---- ten planted mistakes (check_helpers.TEN) -----------------------------------------------

@pytest.fixture(scope="module")
def ten(clean: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_folder(clean, tmp_path_factory.mktemp("ten") / "喀什医保2024")
    for file, sheet, cells, _ in TEN:
        edit(folder / file, sheet, cells)
    return folder


def test_ten_planted_mistakes_yield_exactly_ten_issues(ten: Path) -> None:
    issues = check(ten).report.issues
    assert where(issues) == {t[3] for t in TEN}
    assert len(issues) == 10
    assert [i.code for i in check(ten).report.warnings] == ["footing"]


def test_cli_reports_them_all_and_exits_1(ten: Path) -> None:
    res = CliRunner().invoke(app, ["check", str(ten)])
    assert res.exit_code == 1
    out = res.stdout
    assert "预决算.xlsx › 支出 › D7: 二、项目支出的决算数应为金额（万元），实际为“四百五十一”" in out
    assert "校验未通过：9 个错误，1 个警告。" in out
    assert out.index("错误（9）") < out.index("警告（1）") < out.index("预决算.xlsx › 支出 › B12")
    assert "Traceback" not in res.output


def test_cli_json_equals_the_library(ten: Path) -> None:
    res = CliRunner().invoke(app, ["check", str(ten), "--json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert data == check(ten).to_dict()
    assert {(i["file"], i["sheet"], i["cell"], i["code"]) for i in data["errors"] + data["warnings"]} == {t[3] for t in TEN}


def test_cli_clean_folder_exits_0(clean: Path) -> None:
    res = CliRunner().invoke(app, ["check", str(clean)])
    assert res.exit_code == 0
    assert "校验通过：0 个错误，0 个警告。" in res.stdout
    res = CliRunner().invoke(app, ["check", str(clean), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == {"folder": str(clean), "valid": True, "errors": [],
                                                             "warnings": []}


@pytest.mark.parametrize("mistake,fragment", [
    (_write(BUD, ENCRYPTED), "已加密"),
    (_write(BUD, "项目,年初预算数\n".encode()), "不是 Excel 工作簿"),
    (_rename(BUD, "预决算.xlsm"), "启用宏的工作簿"),
    (_delete_sheet(BUD, "支出"), "缺少工作表“支出”"),
    (_e(BUD, "支出", {"C3": "全年预算"}), "表头应为“全年预算数”"),
    (_copy(SUR, BUD), "请检查文件是否放错"),
    (lambda f: (f / BUD).unlink(), "预决算.xlsx: 缺少此工作簿（预决算情况表）"),
])
def test_cli_bad_files_exit_1_without_traceback(folder: Path, mistake: Break, fragment: str) -> None:
    mistake(folder)
    res = CliRunner().invoke(app, ["check", str(folder)])
    assert res.exit_code == 1
    assert fragment in res.stdout
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_cli_missing_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["check", str(tmp_path / "nowhere")])
    assert res.exit_code == 1
    assert "错误：找不到项目文件夹" in res.stderr
    res = CliRunner().invoke(app, ["check", str(tmp_path / "nowhere"), "--json"])
    assert res.exit_code == 1 and "找不到项目文件夹" in json.loads(res.stdout)["error"]


def test_cli_subprocess_encrypted(folder: Path) -> None:
    import subprocess
    import sys

    (folder / BUD).write_bytes(ENCRYPTED)
    proc = subprocess.run([sys.executable, "-m", "xlkit", "check", str(folder)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 1
    assert "预决算.xlsx: 已加密（设置了打开密码），请取消密码后重新提交  [encrypted]" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


# ---- input files are never written -----------------------------------------------------------

def test_check_never_writes_the_inputs(ten: Path) -> None:
    before = snapshot(ten)
    check(ten)
    CliRunner().invoke(app, ["check", str(ten)])
    CliRunner().invoke(app, ["check", str(ten), "--json"])
    assert snapshot(ten) == before
    assert sorted(p.name for p in ten.iterdir()) == sorted(FILES)


def test_check_never_writes_broken_inputs(folder: Path) -> None:
    (folder / SUR).write_bytes(ENCRYPTED)
    _rename(BUD, "预决算.xlsm")(folder)
    before = snapshot(folder)
    check(folder)
    CliRunner().invoke(app, ["check", str(folder)])
    assert snapshot(folder) == before
