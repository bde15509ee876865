"""完成率折算 (000 附件1 C11–C16; goldens 000 G22–G26)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError


def test_g26_c11_rate_rounded_first(score):  # goldens 000 G26: 90/95 = 94.74% → 8.685 → 8.69
    res = score("completion_floor", "10", target="≥95.00%", actual="90.00%")
    assert res.completion == D("0.9474")
    assert res.score == D("8.69")
    assert res.deductions[0].points == D("1.31")


def test_g26_c14(score):  # goldens 000 G26: 68.40% vs 80% → 85.5% → 5.10
    assert score("completion_floor", "8", target="≥80.00%", actual="68.40%").score == D("5.10")


def test_met_targets_full(score):  # goldens 000 G22–G25
    assert score("completion_floor", "10", target="≥95.00%", actual="99.49%").score == D("10.00")
    assert score("completion_floor", "8", target="≥80.00%", actual="118.04%").score == D("8.00")
    assert score("completion_floor", "10", target="100.00%", actual="100.00%").score == D("10.00")
    res = score("completion_floor", "7", target="100.00%", actual=D(346) / D(346))
    assert (res.score, res.deductions) == (D("7.00"), [])


def test_count_target(score):
    res = score("completion_floor", "10", target=">=33333人", actual="30437人")
    assert res.completion == D("0.9131")
    assert res.score == D("7.83")  # (0.9131 − 0.6)/0.4 × 10 = 7.8275


def test_at_and_below_the_floor(score):
    assert score("completion_floor", "10", target="≥100%", actual="60%").score == D("0.00")
    assert score("completion_floor", "10", target="≥100%", actual="59.99%").score == D("0.00")
    assert score("completion_floor", "10", target="≥100%", actual="60.04%").score == D("0.01")


def test_custom_floor(score):
    assert score("completion_floor", "10", "起点=50%", target="≥100%", actual="75%").score == D("5.00")


def test_lower_is_better_inverts(score):
    res = score("completion_floor", "10", target="≤18万元", actual="20万元")
    assert res.completion == D("0.9")
    assert res.score == D("7.50")
    assert score("completion_floor", "10", target="≤18万元", actual="17万元").score == D("10.00")


def test_unit_conversion(score):
    assert score("completion_floor", "10", target="≤18万元", actual="200000元").score == D("7.50")


def test_zero_target_counts_as_met(score):
    res = score("completion_floor", "5", target=">=0项", actual="0项")
    assert res.score == D("5.00")
    assert res.notes == ["完成率分母为 0，视为完成"]


def test_zero_actual_on_lower_is_better(score):
    assert score("completion_floor", "5", target="<=3次", actual="0次").score == D("5.00")


def test_errors(score):
    with pytest.raises(RuleConfigError, match="目标值“合理”不是数值，不能计算完成率"):
        score("completion_floor", "2", target="合理", actual="合理")
    with pytest.raises(RuleConfigError, match="缺少目标值"):
        score("completion_floor", "2", actual="90%")
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("completion_floor", "2", target="≥95%")
    with pytest.raises(RuleConfigError, match="单位不一致"):
        score("completion_floor", "2", target=">=33333人", actual="3万元")


def test_check(check):
    assert check("completion_floor", "起点=100%") == ["参数“起点”应不小于 0% 且小于 100%"]
    assert check("completion_floor", "起点=-5%") == ["参数“起点”应不小于 0% 且小于 100%"]
    assert check("completion_floor", "floor=50%") == []
