"""门槛 (catalogue type 12; 000 附件1 C11 "完成率小于 60.00%为不及格，不得分")."""

from __future__ import annotations

from decimal import Decimal as D

import pytest


@pytest.mark.parametrize("side, rate, expected", [
    ("低于", "0.5999", "0.00"), ("低于", "0.60", "5.00"), ("低于", "0.61", "5.00"),
    ("不低于", "0.5999", "5.00"), ("不低于", "0.60", "0.00"), ("不低于", "0.61", "0.00"),
    ("高于", "0.5999", "5.00"), ("高于", "0.60", "5.00"), ("高于", "0.6001", "0.00"),
    ("不高于", "0.60", "0.00"), ("不高于", "0.6001", "5.00"),
])
def test_sides_and_edges(score, side, rate, expected):
    assert score("cliff", "5", f"阈值=60%；零分侧={side}", actual=D(rate)).score == D(expected)


def test_default_side_is_below(score):
    assert score("cliff", "5", "阈值=60%", actual=D("0.5999")).score == D("0.00")
    assert score("cliff", "5", "阈值=60%", actual=D("0.60")).score == D("5.00")


def test_counts_and_reason(score):
    res = score("cliff", "3", "阈值=12万元", actual="11万元")
    assert res.score == D("0.00")
    assert res.deductions[0].reason == "实际值 11.00 低于阈值 12.00，不得分"


def test_check(check):
    assert check("cliff", "") == ["规则“门槛”缺少参数“阈值”"]
    assert check("cliff", "阈值=60%；零分侧=左边") == [
        "参数“零分侧”应为“低于”、“不低于”、“高于”、“不高于”之一，实际为“左边”"]
    assert check("cliff", "threshold=60%；zero_side=高于") == []


def test_rate_is_rounded_before_the_cliff(score):
    assert score("cliff", "5", "阈值=60%", actual=D("0.59996")).score == D("5.00")
    assert score("cliff", "5", "阈值=60%", actual=D("0.59994")).score == D("0.00")
