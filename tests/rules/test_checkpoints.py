"""节点进度 (catalogue type 13: cumulative 25/50/75 %)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError

NODES = "节点=3月31日:25%, 6月30日:50%, 9月30日:75%"


def test_one_miss_of_three(score):
    res = score("checkpoints", "3", NODES + "；实际=20%, 50%, 80%")
    assert res.score == D("2.00")
    assert res.deductions[0].reason == "节点 3月31日 目标 25.00%，实际 20.00%，未达到"
    assert res.completion == D("0.6667")


def test_all_met_at_the_edges(score):
    assert score("checkpoints", "3", NODES + "；实际=25%，50%，75%").score == D("3.00")


def test_two_misses_of_three_unrounded_share(score):  # 2 − 2 × 2/3 = 0.666… → 0.67
    res = score("checkpoints", "2", NODES + "；实际=24.99%, 49%, 75%")
    assert res.score == D("0.67")
    assert [d.points for d in res.deductions] == [D("0.67"), D("0.66")]


def test_share_per_miss(score):
    res = score("checkpoints", "4", NODES + "；实际=20%, 40%, 70%；每项扣比例=25%")
    assert res.score == D("1.00")


def test_actuals_from_the_actual_cell(score):
    assert score("checkpoints", "3", NODES, actual="20%、50%、70%").score == D("1.00")


def test_count_mismatch(score):
    with pytest.raises(RuleConfigError, match="实际完成值有 2 个，节点有 3 个"):
        score("checkpoints", "3", NODES, actual="20%, 50%")
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("checkpoints", "3", NODES)


def test_check(check):
    assert check("checkpoints", NODES + "；实际=20%") == ["参数“实际”有 1 个值，节点有 3 个"]
    assert check("checkpoints", "节点=3月31日 25%") == ["节点“3月31日25%”应写成“3月31日:25%”"]
    assert check("checkpoints", NODES + "；每项扣比例=150%") == ["参数“每项扣比例”应在 0% 到 100% 之间"]
    assert check("checkpoints", "checkpoints=一季度:25%；actuals=30%") == []
