"""扣分制 (goldens 000 G16–G20)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules import Finding


def test_a12_three_defects_of_half_a_point(score):  # goldens 000 G16
    res = score("deduct", "4.00", "每项扣分=0.50",
                findings=(Finding("缺少总体目标"), Finding("未明确责任主体"), Finding("未经集体决策")))
    assert res.score == D("2.50")
    assert [d.points for d in res.deductions] == [D("0.50")] * 3
    assert res.deductions[0].reason == "缺少总体目标"


def test_b11_points_per_finding(score):  # goldens 000 G17: ① 1.00, ② 0.50
    res = score("deduct", "3.00", findings=(Finding("收支管理办法不完整", points=D("1.00")),
                                           Finding("采购管理办法不完整", points=D("0.50"))))
    assert res.score == D("1.50")


def test_b31_evidence_is_kept(score):  # goldens 000 G18
    res = score("deduct", "4.00", "每项扣分=0.50",
                findings=(Finding("未见人员明细", evidence="2024-8-3号"), Finding("大额支出未见审批")))
    assert res.score == D("3.00")
    assert res.deductions[0].evidence == "2024-8-3号"


def test_b32_base_defaults_to_weight(score):  # goldens 000 G19: 2.00 − 3 × 0.20 = 1.40
    findings = tuple(Finding(v) for v in ("2024-6-2号", "2024-6-3号", "2024-8-2号"))
    assert score("deduct", "2.00", "每项扣分=0.20", findings=findings).score == D("1.40")


def test_b32_with_the_texts_base_of_one(score):  # goldens 000 G19: base 1.00 would give 0.40
    findings = tuple(Finding(v) for v in ("a", "b", "c"))
    res = score("deduct", "2.00", "每项扣分=0.20；基数=1.00", findings=findings)
    assert res.score == D("0.40")
    assert res.deductions[0].reason == "起点分 1.00 与分值 2.00 不同"
    assert res.deductions[0].points == D("1.00")


def test_b41(score):  # goldens 000 G20
    findings = tuple(Finding(v) for v in ("未盘点", "位置不符", "未见采购资料"))
    assert score("deduct", "3.00", "每项扣分=0.50", findings=findings).score == D("1.50")


def test_share_of_weight(score):
    res = score("deduct", "3", findings=(Finding("a", share=D(1) / D(3)), Finding("b", share=D("0.25"))))
    assert res.score == D("1.25")  # 3 − 1 − 0.75


def test_floor_at_zero_with_explicit_line(score):
    res = score("deduct", "1.00", "每项扣分=0.50", findings=tuple(Finding(str(i)) for i in range(3)))
    assert res.score == D("0.00")
    assert res.deductions[-1].reason.startswith("扣完为止")
    assert res.deductions[-1].points == D("-0.50")


def test_exactly_used_up(score):
    res = score("deduct", "1.00", "每项扣分=0.50", findings=(Finding("a"), Finding("b")))
    assert res.score == D("0.00")
    assert len(res.deductions) == 2


def test_no_findings_full(score):
    res = score("deduct", "2.00", "每项扣分=0.20")
    assert (res.score, res.deductions) == (D("2.00"), [])


def test_base_above_weight_is_capped(score):
    res = score("deduct", "2.00", "基数=3", findings=(Finding("a", points=D("0.5")),))
    assert res.score == D("2.00")


def test_finding_without_amount_needs_per_item(score):
    with pytest.raises(RuleConfigError, match="扣分事项“无签字”未写扣分，规则“扣分制”也未设参数“每项扣分”"):
        score("deduct", "2", findings=(Finding("无签字"),))


def test_negative_finding_refused(score):
    with pytest.raises(RuleConfigError, match="扣分为负数"):
        score("deduct", "2", findings=(Finding("a", points=D("-0.5")),))


def test_check(check):
    assert check("deduct", "每项扣分=-0.5") == ["参数“每项扣分”不能为负数"]
    assert check("deduct", "每项扣分=半分") == ["参数“每项扣分”应为分数（如 0.20）或分值的比例（如 10%、1/3），实际为“半分”"]
    assert check("deduct", "per_item=0.5；base=2") == []
