"""Conditions and gates naming typed values: the 其他数据 table and other indicators' 实际完成值."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from check_helpers import copy_folder

import xlkit
from xlkit.scoring.evaluation import check

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"
IND = "指标体系.xlsx"
B62, A22 = 20, 7  # rows of the sample's 指标体系


def _set(folder: Path, rows: dict[int, tuple[str, str]], other: list[tuple]) -> None:
    """Give indicators (by row) a rule and parameters; fill 其他数据 as a clerk would."""
    wb = openpyxl.load_workbook(folder / IND)
    ws = wb["指标体系"]
    for r, (rule, params) in rows.items():
        ws.cell(r, 13).value, ws.cell(r, 14).value = rule, params
    wo = wb["其他数据"]
    for i, values in enumerate(other):
        for c, v in enumerate(values, start=1):
            wo.cell(4 + i, c).value = v
    wb.save(folder / IND)


OTHER = [("三公经费预算数", "12.50", "13.00", "万元", "三公经费预算表"),
         ("投诉处理率", "96%（24/25）", None, None, None),
         ("建立投诉通道", "是", None, None, None),
         ("重大违规问题数", "0", None, "个", None)]
CONDITIONS = "条件=三公经费预算数<=上年三公经费预算数 且 投诉处理率>=95% 且 建立投诉通道 且 C11>=99%"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_folder(SAMPLE, tmp_path / "喀什医保2024")


def _score(folder: Path, code: str):
    result = xlkit.score(folder)
    return next(i for i in result.evaluation.indicators if i.code == code)


def test_conditions_over_other_data_and_an_indicator_actual(folder: Path) -> None:
    _set(folder, {B62: ("条件全满足", CONDITIONS)}, OTHER)
    assert check(folder).report.errors == []
    b62 = _score(folder, "B62")
    assert b62.score == D("2.00")  # 12.50 ≤ 13.00, 96% ≥ 95%, 是, C11 99.49% ≥ 99%


def test_a_failed_condition_is_named(folder: Path) -> None:
    other = [("三公经费预算数", "13.50", "13.00", "万元", None), *OTHER[1:]]
    _set(folder, {B62: ("条件全满足", CONDITIONS + "；计分=按条")}, other)
    b62 = _score(folder, "B62")
    assert b62.score == D("1.50")  # 3 of 4 conditions: 2 × 3/4
    assert [d.reason for d in b62.deductions] == ["条件“三公经费预算数<=上年三公经费预算数”不满足"]


def test_gate_condition_vetoes(folder: Path) -> None:
    gate = "内层规则=扣分制；每项扣分=0.20；否决条件=重大违规问题数>0"
    _set(folder, {A22: ("一票否决", gate)}, OTHER)
    assert _score(folder, "A22").score == D("2.00")
    other = [*OTHER[:3], ("重大违规问题数", "1", None, "个", None)]
    _set(folder, {A22: ("一票否决", gate)}, other)
    a22 = _score(folder, "A22")
    assert a22.score == D("0.00")
    assert a22.deductions[0].reason == "一票否决（本指标）：否决条件“重大违规问题数>0”成立"


def test_unknown_name_is_a_check_error_listing_the_names(folder: Path) -> None:
    _set(folder, {B62: ("条件全满足", "条件=三公经费预算<=上年三公经费预算数 且 C99>=1")}, OTHER)
    errors = check(folder).report.errors
    assert [(e.code, e.sheet, e.cell) for e in errors] == [("condition-unknown", "指标体系", "N20")]
    msg = errors[0].message
    assert msg.startswith("B62：条件中的“三公经费预算”、“C99”不是测算项、其他数据的名称或指标编码；可用的名称——"
                          "其他数据：三公经费预算数、上年三公经费预算数、投诉处理率、上年投诉处理率")
    assert "指标编码：A11、A12" in msg and "测算项：预算执行率" in msg
    with pytest.raises(xlkit.XlkitError):
        xlkit.score(folder)


def test_other_data_names_must_be_distinct(folder: Path) -> None:
    _set(folder, {}, [*OTHER, ("投诉处理率", "1", None, None, None), ("预算执行率", "1", None, None, None)])
    found = {(e.code, e.cell) for e in check(folder).report.errors}
    assert found == {("duplicate-name", "A8"), ("duplicate-name", "A9")}


def test_a_workbook_without_the_sheet_reads_as_before(folder: Path) -> None:
    # 指标体系.xlsx written before 其他数据 existed (same template version): no issue, no values
    wb = openpyxl.load_workbook(folder / IND)
    del wb["其他数据"]
    wb.save(folder / IND)
    before = xlkit.score(SAMPLE)
    after = xlkit.score(folder)
    assert after.evaluation.total == before.evaluation.total
    assert [i for i in check(folder).report.issues if i.code == "sheet-missing"] == []
