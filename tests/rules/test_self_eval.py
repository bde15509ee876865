"""自评折算 (003 附件7 项目单位自评表; goldens 003 G19)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError

OVER = "超额=倒扣"


@pytest.mark.parametrize("target, actual, weight, rate, expected", [
    (">=33333人", "=30437人", "10", "0.9131", "7.83"),  # goldens 003 G19 (91.31, 10)
    (">=6130人", "=4157人", "10", "0.6781", "1.95"),  # goldens 003 G19 (67.81, 10)
    (">=27203人", "=26280人", "5", "0.9661", "4.58"),  # goldens 003 G19 (96.61, 5)
    (">=91%", "=100%", "10", "1.0989", "9.01"),  # goldens 003 G19 (109.89, 10)
    ("100%", "100%", "5", "1", "5.00"),  # 003 自评 资金支付完成时间 完成率 100 → 5
])
def test_g19(score, target, actual, weight, rate, expected):
    res = score("self_eval", weight, OVER, target=target, actual=actual)
    assert res.completion == D(rate)
    assert res.score == D(expected)


def test_g19_total(score):  # goldens 003 G19: total 88.37 with the full-mark rows
    scored = [score("self_eval", w, OVER, target=t, actual=a).score for t, a, w in [
        (">=33333人", "30437人", "10"), (">=6130人", "4157人", "10"), (">=27203人", "26280人", "5"),
        (">=91%", "100%", "10")]]
    # + 预算执行率 10 + 资金支付完成时间 5 + 补助标准 10 + 起付线 10 + 两项效益 20 + 满意度 10
    assert sum(scored) + D(65) == D("88.37")


def test_over_completion_full_by_default(score):
    res = score("self_eval", "10", target=">=91%", actual="100%")
    assert (res.score, res.deductions) == (D("10.00"), [])


def test_far_over_completion_floors_at_zero(score):
    assert score("self_eval", "10", OVER, target=">=40%", actual="100%").score == D("0.00")


def test_floor_edges(score):
    assert score("self_eval", "10", target=">=100%", actual="60%").score == D("0.00")
    assert score("self_eval", "10", target=">=100%", actual="50%").score == D("0.00")
    assert score("self_eval", "10", target=">=100%", actual="100%").score == D("10.00")


def test_lower_is_better_inverts(score):
    res = score("self_eval", "10", target="<=12万元", actual="15万元")  # 12/15 = 80%
    assert (res.completion, res.score) == (D("0.8"), D("5.00"))


def test_errors(score):
    with pytest.raises(RuleConfigError, match="目标值“减轻”不是数值，不能计算完成率"):
        score("self_eval", "10", target="减轻", actual="达到预期指标")


def test_check(check):
    assert check("self_eval", "超额=扣分") == ["参数“超额”应为“满分”、“倒扣”之一，实际为“扣分”"]
    assert check("self_eval", "起点=1") == ["参数“起点”应不小于 0% 且小于 100%"]
    assert check("self_eval", "floor=60%；over=倒扣") == []


def test_zero_target(score):
    res = score("self_eval", "5", OVER, target=">=0项", actual="3项")
    assert res.score == D("5.00")
    assert res.notes == ["完成率分母为 0，视为完成"]
