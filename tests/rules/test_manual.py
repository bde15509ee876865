"""酌情评分 (goldens 002 G22: 享受待遇人次 scored 3 where every rule gives 5)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError


def test_manual_score_with_reason(score):
    res = score("manual", "5", "得分=3；理由=目标值设定偏低，酌情扣分")
    assert res.score == D("3.00")
    assert res.deductions[0].reason == "酌情评分：目标值设定偏低，酌情扣分"
    assert res.notes == ["酌情评分理由：目标值设定偏低，酌情扣分"]


def test_full_and_zero(score):
    assert score("manual", "5", "得分=5；理由=完成").deductions == []
    assert score("manual", "5", "得分=0；理由=未开展").score == D("0.00")


def test_above_weight_refused(score):
    with pytest.raises(RuleConfigError, match=r"酌情得分 6\.00 超出 0 至分值 5\.00 的范围"):
        score("manual", "5", "得分=6；理由=x")


def test_check(check):
    assert check("manual", "得分=3") == ["规则“酌情评分”缺少参数“理由”"]
    assert check("manual", "得分=3；理由=  ") == ["规则“酌情评分”缺少参数“理由”"]
    assert check("manual", "得分=-1；理由=x") == ["参数“得分”不能为负数"]
    assert check("manual", "score=3；reason=x") == []
