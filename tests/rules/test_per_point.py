"""每降一点扣分 (goldens 003 G11, G12, G21, G22)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError

P = "每点扣比例=5%"


def test_g11_policy_awareness(score):  # goldens 003 G11: 95/122 = 77.87% vs ≥80%, 分值 8 → 扣 0.85, 7.15
    res = score("per_point", "8", P, target="≥80%", actual=D(95) / D(122))
    assert res.completion == D("0.7787")
    assert res.score == D("7.15")
    assert [d.points for d in res.deductions] == [D("0.85")]
    assert "共 2.13 个百分点" in res.deductions[0].reason


def test_g12_satisfaction(score):  # goldens 003 G12: 11140/12200 = 91.31% vs ≥95%, 分值 6 → 4.89
    res = score("per_point", "6", P, target=">=95%", actual=D(11140) / D(12200))
    assert (res.completion, res.score) == (D("0.9131"), D("4.89"))
    assert res.deductions[0].points == D("1.11")


def test_g21_against_100(score):  # goldens 003 G21: 182.62/200 vs 100%, 分值 3 → 1.70
    assert score("per_point", "3", P, target="100%", actual=D("182.62") / D(200)).score == D("1.70")


@pytest.mark.parametrize("rate, expected", [("0.95", "2.25"), ("0.80", "0.00"), ("1.00", "3.00"),
                                            ("0.7999", "0.00"), ("1.05", "3.00")])
def test_g22(score, rate, expected):  # goldens 003 G22 (what-if 95% / 80%) and the edges around them
    assert score("per_point", "3", P, target="100%", actual=D(rate)).score == D(expected)


def test_g1_g2_full(score):  # goldens 003 G1, G2: 到位率/执行率 100% → 3.00
    assert score("per_point", "3", P, target="100%", actual=D("182.62") / D("182.62")).score == D("3.00")


def test_fractional_points_are_continuous(score):
    # 0.5 point below → 0.5 × 5% × 10 = 0.25
    assert score("per_point", "10", P, target="≥90%", actual="89.5%").score == D("9.75")


def test_fixed_points_per_point(score):
    assert score("per_point", "5", "每点扣分=0.2", target="≥90%", actual="87%").score == D("4.40")


def test_reference_parameter_overrides_target(score):
    assert score("per_point", "8", P + "；基准=100%", target="≥80%", actual="90%").score == D("4.00")
    assert score("per_point", "8", P + "；基准=100%", actual="90%").score == D("4.00")


def test_zero_line_is_strict(score):
    p = P + "；零分线=85%"
    assert score("per_point", "10", p, target="≥90%", actual="84.99%").score == D("0.00")
    assert score("per_point", "10", p, target="≥90%", actual="85%").score == D("7.50")


def test_lower_is_better_target(score):
    assert score("per_point", "10", P, target="≤5%", actual="7%").score == D("9.00")
    assert score("per_point", "10", P, target="≤5%", actual="4%").score == D("10.00")


def test_needs_a_percent_reference(score):
    with pytest.raises(RuleConfigError, match="缺少基准：目标值不是百分数时请填写参数“基准”"):
        score("per_point", "5", P, target=">=33333人", actual="30437人")


def test_check(check):
    assert check("per_point", "") == ["参数“每点扣比例”与“每点扣分”应填且只填一个"]
    assert check("per_point", "每点扣比例=5%；每点扣分=0.1") == ["参数“每点扣比例”与“每点扣分”应填且只填一个"]
    assert check("per_point", "每点扣分=-0.1") == ["每点扣分不能为负数"]
    assert check("per_point", "share_per_point=5%；zero_at=60%") == []


def test_negative_actual_floors_at_zero(score):
    res = score("per_point", "8", P, target="≥80%", actual="-5%")
    assert res.score == D("0.00")
    assert res.deductions[-1].reason.startswith("扣完为止")


def test_g13_top_three_box_alternative(score):  # goldens 003 G13: A+B+C 118/122 = 96.72% ≥ 95% → 6.00
    assert score("per_point", "6", P, target=">=95%", actual=D(118) / D(122)).score == D("6.00")
