"""达标得满分 (goldens 000 G22–G25; goldens 002 G23–G24, G34; goldens 004 G31–G32; 003 表3-2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError


@pytest.mark.parametrize("target, actual, weight, expected", [
    ("≥95.00%", "99.49%", "10", "10.00"),  # goldens 000 G22 C11
    ("100.00%", "100.00%", "10", "10.00"),  # goldens 000 G25 C12
    ("28项", "超 28项", "7", "7.00"),  # goldens 000 G25 C13
    ("≥80.00%", "118.04%", "8", "8.00"),  # goldens 000 G23 C14
    ("≥60.00%", "113.65%", "8", "8.00"),  # goldens 000 G24 C15
    ("100.00%", D(346) / D(346), "7", "7.00"),  # goldens 000 G25 C16
    ("≥85%", "85%", "5", "5.00"),  # goldens 002 G23: inclusive
    ("≥95%", "95%", "10", "10.00"),  # goldens 002 G23
    ("=640元/人", "640元/人", "10", "10.00"),  # goldens 002 G23
    ("≤228462万元", "210485万元", "10", "10.00"),  # goldens 002 G24: direction-aware
    ("≥90%", "90%", "5", "5.00"),  # goldens 004 G32
    ("<=60分钟", "60分钟", "5", "5.00"),  # goldens 004 G32
    ("≤0次", "0次", "5", "5.00"),  # goldens 004 G32 被投诉 0 ≤ 0
    ("＜ 24 小时", "24小时", "5", "0.00"),  # goldens 004 G31: strict
    ("≥95%", "94.99%", "10", "0.00"),
    ("≤18万元", "18.01万元", "5", "0.00"),
    (">=33333人", "30437人", "6", "0.00"),
])
def test_numeric(score, target, actual, weight, expected):
    assert score("target_met", weight, target=target, actual=actual).score == D(expected)


@pytest.mark.parametrize("actual, expected", [
    ("94.99%", "0.00"), ("95.00%", "5.00"), ("105.00%", "5.00"), ("105.01%", "0.00")])
def test_range_002_g34(score, actual, expected):  # goldens 002 G34
    assert score("target_met", "5", target="95%≤x≤105%", actual=actual).score == D(expected)


def test_strict_range(score):
    assert score("target_met", "5", target="50%<x<100%", actual="100%").score == D("0.00")


def test_dates(score):  # 003 资金支付完成时间 =12月25日
    assert score("target_met", "5", target="=12月25日", actual="12月25日").score == D("5.00")
    assert score("target_met", "5", target="=12月25日", actual=dt.date(2024, 9, 23)).score == D("0.00")


def test_qualitative(score):  # 000 A11 合理/合理; A12 科学完整/较科学完整
    assert score("target_met", "2", target="合理", actual="合理").score == D("2.00")
    res = score("target_met", "4", target="科学完整", actual="较科学完整")
    assert res.score == D("0.00")
    assert res.deductions[0].reason == "实际完成值“较科学完整”未达到目标值“科学完整”，不得分"


def test_met_words(score):  # 003 自评: 及时 met by 达到预期指标 when listed
    assert score("target_met", "10", target="及时", actual="达到预期指标").score == D("0.00")
    p = "达标词=及时，达到预期指标"
    assert score("target_met", "10", p, target="及时", actual="达到预期指标").score == D("10.00")
    assert score("target_met", "10", p, target="及时", actual="及时").score == D("10.00")
    assert score("target_met", "10", p, target="及时", actual="基本及时").score == D("0.00")


def test_not_comparable(score):
    with pytest.raises(RuleConfigError, match="实际完成值“较好”无法与目标值“≥95%”比较"):
        score("target_met", "5", target="≥95%", actual="较好")


def test_unit_mismatch(score):
    with pytest.raises(RuleConfigError, match="单位不一致：目标值单位为“人”，实际值单位为“万元”"):
        score("target_met", "5", target=">=33333人", actual="3万元")


def test_missing(score):
    with pytest.raises(RuleConfigError, match="缺少目标值"):
        score("target_met", "5", actual="1")
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("target_met", "5", target="≥1")


def test_check(check):
    assert check("target_met", "met_words=及时") == []
    assert check("target_met", "达标=及时") == ["规则“达标得满分”没有参数“达标”"]


def test_rate_is_rounded_before_judging(score):
    assert score("target_met", "5", target="≥95%", actual=D("0.94996")).score == D("5.00")
    assert score("target_met", "5", target="≥95%", actual=D("0.94994")).score == D("0.00")
    assert score("target_met", "5", target=">=33333人", actual=D("33332.99996")).score == D("0.00")
