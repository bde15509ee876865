"""区间线性 (goldens 000 G13, G30; 000 B21/B42/C21)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError

B21 = "满分线=95%；零分线=85%"
C21 = "满分线=90%；零分线=60%"


@pytest.mark.parametrize("rate, expected", [
    ("0.90", "1.00"),  # goldens 000 G13
    ("0.85", "0.00"),  # goldens 000 G13: at the zero line
    ("0.95", "2.00"),  # goldens 000 G13: at the full line
    ("1.00", "2.00"),  # goldens 000 G1 (B21 100.00%) and G14 (B42 100.00%, same rule)
    ("0.8499", "0.00"),
    ("0.8501", "0.00"),  # 0.0001/0.10 × 2 = 0.002
    ("0.9499", "2.00"),  # 1.998
    ("0.9251", "1.50"),  # 1.502
    ("1.1804", "2.00"),
])
def test_b21(score, rate, expected):
    assert score("linear", "2.00", B21, actual=D(rate)).score == D(expected)


@pytest.mark.parametrize("rate, expected", [
    ("0.80", "6.67"),  # goldens 000 G30
    ("0.60", "0.00"),  # goldens 000 G30
    ("0.90", "10.00"),  # goldens 000 G30
    ("0.9406", "10.00"),  # goldens 000 G29
])
def test_c21(score, rate, expected):
    assert score("linear", "10", C21, actual=D(rate)).score == D(expected)


def test_deduction_line_and_completion(score):
    res = score("linear", "10", C21, actual="80.00%")
    assert res.completion == D("0.8")
    assert [d.points for d in res.deductions] == [D("3.33")]
    assert "介于零分线 60.00% 与满分线 90.00% 之间" in res.deductions[0].reason


def test_rate_is_rounded_first(score):
    # 90.016% → 90.02% → (90.02 − 85)/10 × 3 = 1.506 → 1.51; the unrounded rate gives 1.5048 → 1.50
    res = score("linear", "3", B21, actual=D("0.90016"))
    assert res.completion == D("0.9002")
    assert res.score == D("1.51")


def test_rate_places_override(score):
    res = score("linear", "2", B21 + "；率小数位=2", actual=D("0.8749"))
    assert res.completion == D("0.87")
    assert res.score == D("0.40")


def test_score_places_override(score):
    assert score("linear", "10", C21 + "；得分小数位=1", actual=D("0.8")).score == D("6.7")


def test_lower_is_better(score):  # 满分线 below 零分线
    p = "满分线=5%；零分线=15%"
    assert score("linear", "4", p, actual=D("0.05")).score == D("4.00")
    assert score("linear", "4", p, actual=D("0.10")).score == D("2.00")
    assert score("linear", "4", p, actual=D("0.15")).score == D("0.00")
    assert score("linear", "4", p, actual=D("0.02")).score == D("4.00")


def test_negative_actual(score):
    assert score("linear", "2", B21, actual=D("-0.10")).score == D("0.00")


def test_text_actual(score):
    assert score("linear", "2", B21, actual="90%").score == D("1.00")
    assert score("linear", "2", B21, actual="90").score == D("1.00")  # bare points, as typed


def test_missing_actual(score):
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("linear", "2", B21)


def test_unparsable_actual(score):
    with pytest.raises(RuleConfigError, match="实际完成值“较好”不是百分数"):
        score("linear", "2", B21, actual="较好")


def test_check(check):
    assert check("linear", "满分线=95%；零分线=95%") == ["参数“满分线”与“零分线”不能相同"]
    assert check("linear", "满分线=95%") == ["规则“区间线性”缺少参数“零分线”"]
    assert check("linear", "满分线=高；零分线=85%") == ["参数“满分线”应为百分数（如 10%、33.33%）或分数（如 1/3），实际为“高”"]
    assert check("linear", "full_at=95%；zero_at=85%") == []
