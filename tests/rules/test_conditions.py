"""条件全满足 (catalogue type 14: 支出 ≤ 预算 且 预算 ≤ 上年预算)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules.conditions import parse_conditions

P = "条件=决算数<=全年预算数 且 全年预算数<=上年预算数"
# 000 表1-1: 决算 498.46 = 全年 498.46; 上年预算 is hypothetical
MEASURES = {"决算数": D("498.46"), "全年预算数": D("498.46"), "上年预算数": D("500.00")}


def test_all_met_with_equal_edges(score):
    assert score("conditions", "2", P, measures=MEASURES).score == D("2.00")


def test_one_fails_all_or_nothing(score):
    res = score("conditions", "2", P, measures={**MEASURES, "上年预算数": D("498.45")})
    assert res.score == D("0.00")
    assert res.deductions[0].reason == "条件不满足：“全年预算数<=上年预算数”"
    assert res.completion == D("0.5")


def test_per_condition_mode(score):
    p = P + " 且 已公开=是；计分=按条"
    res = score("conditions", "3", p, measures={**MEASURES, "上年预算数": D(1), "已公开": "是"})
    assert res.score == D("2.00")
    res = score("conditions", "2", p, measures={**MEASURES, "上年预算数": D(1), "已公开": False})
    assert res.score == D("0.67")  # 2 − 2 × 2/3


def test_literals_flags_and_text_measures(score):
    m = {"执行率": "96.5%", "按时公开": "是", "违规": "否"}
    p = "条件=执行率>=95% & 按时公开 & 违规=否"
    assert score("conditions", "1", p, measures=m).score == D("1.00")
    assert score("conditions", "1", p, measures={**m, "按时公开": "否"}).score == D("0.00")
    assert score("conditions", "1", "条件=执行率>95%和按时公开=是", measures=m).score == D("1.00")


def test_and_inside_a_name_is_not_a_separator():
    conds = parse_conditions("预决算和公开=是 且 支出<=预算")
    assert [c.left for c in conds] == ["预决算和公开", "支出"]


def test_strict_and_inequality(score):
    m = {"甲": D(5), "乙": D(5)}
    assert score("conditions", "1", "条件=甲<乙", measures=m).score == D("0.00")
    assert score("conditions", "1", "条件=甲≠乙", measures=m).score == D("0.00")
    assert score("conditions", "1", "条件=甲>=乙", measures=m).score == D("1.00")


def test_missing_measure_is_a_config_error(score):
    with pytest.raises(RuleConfigError, match="条件中的“上年预算数”不是测算项、其他数据的名称或指标编码"):
        score("conditions", "2", P, measures={"决算数": D(1), "全年预算数": D(2)})


def test_flag_against_number(score):
    with pytest.raises(RuleConfigError, match="不能把是/否与数值比较"):
        score("conditions", "2", "条件=公开=5", measures={"公开": "是"})
    with pytest.raises(RuleConfigError, match="是/否只能用 = 或 != 比较"):
        score("conditions", "2", "条件=公开<=是", measures={"公开": "是"})


def test_check(check):
    assert check("conditions", "") == ["规则“条件全满足”缺少参数“条件”"]
    assert check("conditions", P + "；计分=部分") == ["参数“计分”应为“全部”、“按条”之一，实际为“部分”"]
    assert check("conditions", "条件=甲<=乙<=丙") == ["条件“甲<=乙<=丙”应写成“甲<=乙”"]
    assert check("conditions", "conditions=甲<=乙；mode=按条") == []
