"""采用得分: a score departing from the written rule, kept beside the rule's own with its reason."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from check_helpers import copy_folder, edit

import xlkit
from xlkit.write.result_writer import write_result

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"
IND = "指标体系.xlsx"
REASON = "报告按每项扣分值的 1/3 扣减（评分标准写每处 0.20 分），从报告"


@pytest.fixture(scope="module")
def before():
    return xlkit.score(SAMPLE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return copy_folder(SAMPLE, tmp_path / "喀什医保2024")


def test_adopted_score_replaces_the_rule_in_totals_and_keeps_both(folder: Path, before) -> None:
    a22_before = next(i for i in before.evaluation.indicators if i.code == "A22")
    assert a22_before.score == D("2.00")  # 000 附件1: A22 绩效目标合理性, no finding
    edit(folder / IND, "指标体系", {"Q7": D("1.33"), "R7": REASON})
    result = xlkit.score(folder)
    a22 = next(i for i in result.evaluation.indicators if i.code == "A22")
    assert (a22.score, a22.rule_score, a22.adopted_reason) == (D("1.33"), D("2.00"), REASON)
    assert a22.departs
    assert a22.notes[-1] == f"按规则得分 2.00，采用得分 1.33，差异 -0.67；理由：{REASON}"
    # 扣分明细 still explain 分值 − 得分
    assert sum((d.points for d in a22.deductions), D(0)) == a22.weight - a22.score
    # totals use the adopted score: 一级 A and the total each lose 0.67
    assert result.evaluation.total == before.evaluation.total - D("0.67")
    level_a = next(lv for lv in result.evaluation.level1 if lv.code == "A")
    assert level_a.score == next(lv for lv in before.evaluation.level1 if lv.code == "A").score - D("0.67")
    warned = [i for i in result.checks if i.code == "score-adopted"]
    assert [(i.sheet, i.cell, i.message) for i in warned] == [
        ("指标体系", "Q7", f"A22：按规则得分 2.00，采用得分 1.33，差异 -0.67；理由：{REASON}")]
    assert result.to_dict()["indicators"][3]["rule_score"] == "2.00"


def test_the_check_sheet_lists_every_departure(folder: Path, tmp_path: Path) -> None:
    edit(folder / IND, "指标体系", {"Q7": D("1.33"), "R7": REASON, "Q8": D("1.50"), "R8": "现场核实补充材料后调整"})
    out = write_result(xlkit.score(folder), tmp_path / "综合评分表.xlsx")
    ws = openpyxl.load_workbook(out)["校验"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "A22：按规则得分 2.00，采用得分 1.33，差异 -0.67" in text
    assert "A31：按规则得分 2.00，采用得分 1.50，差异 -0.50；理由：现场核实补充材料后调整" in text


def test_an_adopted_score_equal_to_the_rule_is_no_departure(folder: Path, before) -> None:
    edit(folder / IND, "指标体系", {"Q7": D("2.00"), "R7": "与规则一致"})
    result = xlkit.score(folder)
    a22 = next(i for i in result.evaluation.indicators if i.code == "A22")
    assert not a22.departs and a22.score == D("2.00")
    assert not [i for i in result.checks if i.code == "score-adopted"]
    assert result.evaluation.total == before.evaluation.total


def test_a_workbook_without_the_columns_reads_as_before(folder: Path, before) -> None:
    # 指标体系.xlsx written before 采用得分/采用理由 existed (same template version): no issue
    wb = openpyxl.load_workbook(folder / IND)
    wb["指标体系"].delete_cols(17, 2)
    wb.save(folder / IND)
    from xlkit.scoring.evaluation import check

    assert [i.to_dict() for i in check(folder).report.issues] == [i.to_dict() for i in check(SAMPLE).report.issues]
    assert xlkit.score(folder).evaluation.total == before.evaluation.total


def test_audit_of_the_folder_lists_every_departure(folder: Path) -> None:
    """The issue's must-have: the 校验 sheet *and* `audit` list every departure from the written rule."""
    from xlkit.audit import audit

    edit(folder / IND, "指标体系", {"Q7": D("1.33"), "R7": REASON})
    found = [f for f in audit(folder).findings if f.code == "score-adopted"]
    assert [(f.file, f.cell) for f in found] == [(IND, "Q7")]
    assert "按规则得分 2.00，采用得分 1.33，差异 -0.67" in found[0].message
