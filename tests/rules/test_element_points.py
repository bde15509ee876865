"""要素分项计分 (003 附件1 评分规则 items 12–13, goldens 003 G27)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules import Finding


def test_quality_control_all_met(score):  # 003 项目质量可控性: ①1分 ②2分, 3 of 3
    res = score("element_points", "3", "要素分值=1,2")
    assert (res.score, res.notes) == (D("3.00"), [])


def test_failed_element_costs_its_points(score):
    res = score("element_points", "3", "要素分值=1，2", findings=(Finding("档案不齐全", element="②"),))
    assert res.score == D("1.00")
    assert res.deductions[0].points == D("2.00")


def test_g27_points_do_not_add_up_to_weight(score):  # goldens 003 G27: 2 + 0.5 + 0.5 = 3 ≠ 4, awarded 4
    res = score("element_points", "4", "要素分值=2,0.5,0.5；每项扣分=1")
    assert res.score == D("4.00")
    assert res.notes == ["要素分值合计 3.00 与分值 4.00 不符，按分值扣减不符合要素的分数"]


def test_per_problem_deductions(score):  # 003 自评及整改 ④: 每条问题扣 1 分
    findings = (Finding("整改不及时一"), Finding("整改不及时二"), Finding("自评质量差", element="②"))
    res = score("element_points", "4", "要素分值=2,0.5,0.5；每项扣分=1", findings=findings)
    assert res.score == D("1.50")


def test_floor(score):
    findings = (Finding("a", element="1"), Finding("b", element="2"), Finding("c", points=D(3)))
    assert score("element_points", "3", "要素分值=1,2", findings=findings).score == D("0.00")


def test_element_beyond_list(score):
    with pytest.raises(RuleConfigError, match="评价要点“3”超出要素个数 2"):
        score("element_points", "3", "要素分值=1,2", findings=(Finding("x", element="3"),))


def test_problem_without_points_needs_per_item(score):
    with pytest.raises(RuleConfigError, match="也未设参数“每项扣分”"):
        score("element_points", "3", "要素分值=1,2", findings=(Finding("x"),))


def test_check(check):
    assert check("element_points", "") == ["规则“要素分项计分”缺少参数“要素分值”"]
    assert check("element_points", "要素分值=1,二") == ["参数“要素分值”应为数字，实际为“二”"]
    assert check("element_points", "要素分值=1,-2") == ["参数“要素分值”中的分数不能为负数"]
    assert check("element_points", "element_points=1分,2分") == []
