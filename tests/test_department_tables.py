"""人员, 支付进度, 绩效管理覆盖, 上年数据 and the department-wide 支出预算调整率 (预决算.xlsx).

Figures worked by hand from seed 000's 支出 table (年初 523.64, 全年 498.46, 决算 498.46; 人员经费
457.85 → 451.32, 公用经费 6.72 → -, 项目支出 59.08 → 47.14) and the values typed below.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from check_helpers import copy_folder

import xlkit
from xlkit.scoring.evaluation import check

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"
BUD = "预决算.xlsx"


def _fill(folder: Path, sheets: dict[str, dict[str, object]]) -> None:
    wb = openpyxl.load_workbook(folder / BUD)
    for name, cells in sheets.items():
        for ref, value in cells.items():
            wb[name][ref].value = value
    wb.save(folder / BUD)


TABLES = {
    "人员": {"B4": 20, "C4": 18, "B5": 10, "C5": 9},
    "支付进度": {"B4": D("100.00"), "C5": D("0.52"), "B6": D("380.00")},
    "绩效管理覆盖": {"B4": 10, "C4": 10, "D4": D("250.00"), "E4": D("200.00"), "B6": 10, "C6": 3},
    "上年数据": {"B7": D("520.00")},
}


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_folder(SAMPLE, tmp_path_factory.mktemp("dept") / "喀什医保2024")
    _fill(folder, TABLES)
    return folder


def _m(result, name: str):
    return result.evaluation.measures.values[name]


def test_measures_show_their_working(filled: Path) -> None:
    assert check(filled).report.errors == []
    r = xlkit.score(filled)
    staff = _m(r, "在职人员控制率")
    assert (staff.value, staff.formula) == (D("0.9000"), "27 ÷ 30")  # (18 + 9) ÷ (20 + 10)
    assert staff.note == "年末在职人数 ÷ 编制数（行政 18/20，事业 9/10）"
    q1, q2, q3 = (_m(r, f"{q}季度末支付进度") for q in "一二三")
    assert (q1.value, q1.formula) == (D("0.2006"), "100.00 ÷ 498.46")  # 0.200618…
    assert (q2.value, q2.formula) == (D("0.52"), "填写的支付率 52.00%")
    assert (q3.value, q3.formula) == (D("0.7623"), "380.00 ÷ 498.46")  # 0.762348…
    assert "四季度末支付进度" not in r.evaluation.measures.values
    on_time = _m(r, "支付进度达标率")
    assert (on_time.value, on_time.formula) == (D("0.6667"), "2 ÷ 3")
    assert on_time.note.endswith("（一季度末 20.06%<25.00%；二季度末 52.00%≥50.00%；三季度末 76.23%≥75.00%）")
    assert _m(r, "绩效目标申报覆盖率（项目数）").value == D("1.0000")
    funds = _m(r, "绩效目标申报覆盖率（资金）")
    assert (funds.value, funds.formula) == (D("0.8000"), "200.00 ÷ 250.00")
    assert _m(r, "绩效评价覆盖率（项目数）").value == D("0.3000")
    assert "绩效运行监控覆盖率（项目数）" not in r.evaluation.measures.values  # row left blank
    change = _m(r, "支出决算变动率")
    assert (change.value, change.formula) == (D("-0.0414"), "(498.46 − 520.00) ÷ 520.00")  # −21.54 ÷ 520
    assert "三公经费预算变动率" not in r.evaluation.measures.values  # 000: 未安排三公经费预算


def test_department_adjustment_net_and_gross(filled: Path) -> None:
    net = _m(xlkit.score(filled), "支出预算调整率")
    assert (net.value, net.formula) == (D("0.0481"), "|498.46 − 523.64| ÷ 523.64")  # 25.18 ÷ 523.64
    gross = _m(xlkit.score(filled, adjustment_mode="gross"), "支出预算调整率")
    # 人员经费 6.53 + 公用经费 6.72 (全年 "-" is zero) + 项目支出 11.94 = 25.19 ÷ 523.64 = 4.8105 %
    assert (gross.value, gross.formula) == (D("0.0481"), "6.53 + 6.72 + 11.94 ÷ 523.64")


def test_a_measure_binds_like_the_others(tmp_path: Path) -> None:
    folder = copy_folder(SAMPLE, tmp_path / "p")
    _fill(folder, TABLES)
    wb = openpyxl.load_workbook(folder / "指标体系.xlsx")
    ws = wb["指标体系"]
    # B62 (2 points): 在职人员控制率 ≤ 100% full, as a 达标得满分 bound to the new measure
    ws["I20"], ws["J20"], ws["M20"], ws["N20"], ws["O20"] = "≤100%", None, "达标得满分", None, "在职人员控制率"
    wb.save(folder / "指标体系.xlsx")
    b62 = next(i for i in xlkit.score(folder).evaluation.indicators if i.code == "B62")
    assert (b62.score, b62.actual) == (D("2.00"), "90.00%")


def test_checks(tmp_path: Path) -> None:
    folder = copy_folder(SAMPLE, tmp_path / "p")
    _fill(folder, {"绩效管理覆盖": {"B4": 10, "C4": 12}, "支付进度": {"B4": D("200.00"), "B5": D("150.00")},
                   "人员": {"C4": 18}})
    baseline = {(i.code, i.sheet, i.cell, i.severity) for i in check(SAMPLE).report.issues}  # 000's own footing slip
    found = {(i.code, i.sheet, i.cell, i.severity) for i in check(folder).report.issues} - baseline
    assert found == {("coverage-exceeds", "绩效管理覆盖", "C4", "error"), ("payment-decreasing", "支付进度", "B5", "warning"),
                     ("required-missing", "人员", "B4", "error")}


def test_a_budget_workbook_without_the_tables_reads_as_before(tmp_path: Path) -> None:
    folder = copy_folder(SAMPLE, tmp_path / "p")
    wb = openpyxl.load_workbook(folder / BUD)
    for name in ("人员", "支付进度", "绩效管理覆盖", "上年数据"):
        del wb[name]
    wb.save(folder / BUD)
    assert [i.to_dict() for i in check(folder).report.issues] == [i.to_dict() for i in check(SAMPLE).report.issues]
    assert xlkit.score(folder).evaluation.total == xlkit.score(SAMPLE).evaluation.total
