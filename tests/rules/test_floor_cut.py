"""低分归零 (catalogue type 15)."""

from __future__ import annotations

from decimal import Decimal as D

from xlkit.rules import Finding

P = "内层规则=区间线性；归零比例=60%；满分线=90%；零分线=60%"


def test_cut_below_the_line(score):
    res = score("floor_cut", "10", P, actual=D("0.70"))  # inner 3.33 < 6.00
    assert res.score == D("0.00")
    assert res.deductions[-1].reason == "得分 3.33 低于分值的 60.00%（6.00 分），归零"
    assert res.completion == D("0.7")


def test_exactly_at_the_line_stands(score):
    assert score("floor_cut", "10", P, actual=D("0.78")).score == D("6.00")


def test_above_the_line_is_the_inner_score(score):
    assert score("floor_cut", "10", P, actual=D("0.80")).score == D("6.67")  # goldens 000 G30 inside


def test_wraps_by_id_and_passes_findings(score):
    findings = tuple(Finding(str(i)) for i in range(3))
    p = "inner=deduct；cut=50%；每项扣分=0.5"
    assert score("floor_cut", "2", p, findings=findings).score == D("0.00")  # 0.50 < 1.00
    assert score("floor_cut", "2", p, findings=findings[:2]).score == D("1.00")


def test_check(check):
    assert check("floor_cut", "归零比例=60%") == ["规则“低分归零”缺少参数“内层规则”"]
    assert check("floor_cut", "内层规则=打分；归零比例=60%") == ["未知的评分规则“打分”"]
    assert check("floor_cut", "内层规则=区间线性；归零比例=60%；满分线=90%") == ["规则“区间线性”缺少参数“零分线”"]
    assert check("floor_cut", "内层规则=区间线性；归零比例=160%；满分线=90%；零分线=60%") == [
        "参数“归零比例”应在 0% 到 100% 之间"]
    assert check("floor_cut", "内层规则=低分归零；归零比例=60%") == ["规则“低分归零”不能包裹自身"]
    assert check("floor_cut", P) == []
