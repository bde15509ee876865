"""按完成比例 (goldens 003 G6–G10; goldens 002 G20–G22)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError


@pytest.mark.parametrize("target, actual, weight, rate, expected", [
    (">=33333人", "30437人", "6", "0.9131", "5.48"),  # goldens 003 G6
    (">=6130人", "4157人", "5", "0.6781", "3.39"),  # goldens 003 G7
    (">=27203人", "26280人", "5", "0.9661", "4.83"),  # goldens 003 G8
    ("≥41万人", "40.28万人", "5", "0.9824", "4.91"),  # goldens 002 G21
    ("≥719.81万人次", "559.55万人次", "5", "0.7774", "3.89"),  # goldens 002 G21
    ("≥95%", "92.13%", "5", "0.9698", "4.85"),  # goldens 002 G21
    ("≥95%", "84.85%", "5", "0.8932", "4.47"),  # goldens 002 G21
])
def test_against_target(score, target, actual, weight, rate, expected):
    res = score("proportional", weight, target=target, actual=actual)
    assert res.completion == D(rate)
    assert res.score == D(expected)


def test_g6_deduction(score):  # goldens 003 G6: 扣 0.52
    res = score("proportional", "6", target=">=33333人", actual="30437人")
    assert [d.points for d in res.deductions] == [D("0.52")]


def test_share_without_target(score):  # goldens 003 G9, G10: questionnaire shares
    res = score("proportional", "8", actual=D(112) / D(122))
    assert (res.completion, res.score) == (D("0.9180"), D("7.34"))
    assert res.deductions[0].points == D("0.66")
    assert score("proportional", "8", actual=D(117) / D(122)).score == D("7.67")


def test_qualitative_target_uses_the_share(score):  # 003 减轻职工医疗经济负担: target 有效
    assert score("proportional", "8", target="有效", actual="91.80%").score == D("7.34")


def test_target_of_100_percent(score):
    assert score("proportional", "8", target="100%", actual="95.90%").score == D("7.67")


def test_002_g20_rate_first_half_up(score):  # goldens 002 G20: 84.85% × 10 = 8.485 → 8.49 (8.48 unrounded)
    res = score("proportional", "10", actual=D(367065) / D(432620))
    assert (res.completion, res.score) == (D("0.8485"), D("8.49"))


def test_002_g35_rate_first(score):  # goldens 002 G35: 90.045% → 90.05% → 9.005 → 9.01
    assert score("proportional", "10", actual=D(90045) / D(100000)).score == D("9.01")


def test_cap(score):  # goldens 002 G22: 409.07/407.62 × 5 → capped 5.00
    res = score("proportional", "5", target="≥407.62万人", actual="409.07万人")
    assert res.score == D("5.00")
    assert res.deductions == []


def test_lower_is_better(score):  # 002 F13: a ≤ target uses 目标/实际
    assert score("proportional", "10", target="≤228462万元", actual="210485万元").score == D("10.00")
    assert score("proportional", "10", target="≤100万元", actual="125万元").score == D("8.00")


def test_zero_and_negative(score):
    assert score("proportional", "5", actual=D(0)).score == D("0.00")
    assert score("proportional", "5", actual=D("-0.1")).score == D("0.00")
    res = score("proportional", "5", target=">=0人", actual="0人")
    assert res.score == D("5.00")


def test_missing_actual(score):
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("proportional", "5", target=">=10人")


def test_check(check):
    assert check("proportional", "") == []
    assert check("proportional", "比例=1") == ["规则“按完成比例”没有参数“比例”"]


def test_lower_is_better_met_is_full(score):  # 002 C#7: ≤228462万元 with 210485万元
    res = score("proportional", "10", target="≤228462万元", actual="210485万元")
    assert res.score == D("10.00")


def test_forward_direction_reproduces_the_unit(score):  # 002 C#7 printed 9.21 = 210485/228462 × 10
    res = score("proportional", "10", "方向=正向", target="≤228462万元", actual="210485万元")
    assert (res.completion, res.score) == (D("0.9213"), D("9.21"))


def test_direction_must_be_known(check):
    assert check("proportional", "方向=向上") == ["参数“方向”应为“自动”、“正向”、“反向”之一，实际为“向上”"]
