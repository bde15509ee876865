"""开区间达标 (catalogue type 11: 50% < x < 100%)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

P = "下限=50%；上限=100%"


@pytest.mark.parametrize("rate, expected", [
    ("0.5", "0.00"), ("0.5001", "4.00"), ("0.75", "4.00"), ("0.9999", "4.00"), ("1", "0.00"),
    ("1.2", "0.00"), ("-0.1", "0.00")])
def test_edges_are_excluded(score, rate, expected):
    assert score("open_band", "4", P, actual=D(rate)).score == D(expected)


def test_one_sided(score):
    assert score("open_band", "4", "下限=50%", actual=D("3")).score == D("4.00")
    assert score("open_band", "4", "上限=24小时", actual="24小时").score == D("0.00")
    assert score("open_band", "4", "上限=24小时", actual="23小时").score == D("4.00")


def test_reason(score):
    res = score("open_band", "4", P, actual=D("1"))
    assert res.deductions[0].reason == "实际值 100.00% 不在开区间（50.00%，100.00%）内，不得分"


def test_check(check):
    assert check("open_band", "") == ["参数“下限”与“上限”至少填一个"]
    assert check("open_band", "下限=100%；上限=50%") == ["参数“下限”应小于“上限”"]
    assert check("open_band", "下限=50%；上限=50%") == ["参数“下限”应小于“上限”"]
    assert check("open_band", "下限=一半") == ["参数“下限”应为数值，实际为“一半”"]
    assert check("open_band", "lower=50%") == []
