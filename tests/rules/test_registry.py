"""The catalogue: the 19 rule types of the catalogue and 定性判断 (自评表), by id and Chinese name."""

from __future__ import annotations

import importlib

import pytest

import xlkit.rules as rules
from xlkit.errors import RuleConfigError
from xlkit.rules import RULES, Rule, get_rule, rule_by_name

EXPECTED = {
    "deduct": "扣分制",
    "elements": "要素均分",
    "element_points": "要素分项计分",
    "linear": "区间线性",
    "completion_floor": "完成率折算",
    "proportional": "按完成比例",
    "per_point": "每降一点扣分",
    "band": "容差区间",
    "tiers": "分档计分",
    "target_met": "达标得满分",
    "open_band": "开区间达标",
    "cliff": "门槛",
    "checkpoints": "节点进度",
    "conditions": "条件全满足",
    "floor_cut": "低分归零",
    "self_eval": "自评折算",
    "survey": "问卷折算",
    "gate": "一票否决",
    "manual": "酌情评分",
    "qualitative": "定性判断",
}


def test_registry_holds_exactly_the_catalogue():
    assert {k: r.name for k, r in RULES.items()} == EXPECTED


def test_dropdown_order_follows_the_catalogue():
    assert list(RULES) == list(EXPECTED)


@pytest.mark.parametrize("rule_id, name", EXPECTED.items())
def test_lookup_by_chinese_name_and_id(rule_id, name):
    assert rule_by_name(name) is RULES[rule_id]
    assert rule_by_name(f" {name} ") is RULES[rule_id]
    assert get_rule(rule_id).name == name


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_each_rule_is_documented(rule: Rule):
    assert rule.summary
    assert type(rule).__module__.startswith("xlkit.rules.")
    assert importlib.import_module(type(rule).__module__).__doc__  # quotes the report wording
    for p in rule.params:
        assert p.key and p.alias and p.meaning


def test_unknown_rule():
    with pytest.raises(RuleConfigError, match="未知的评分规则“打分”"):
        rule_by_name("打分")


def test_package_reexports_base_names():
    for name in ("Param", "Finding", "Deduction", "RuleInput", "RuleResult", "Rule", "RULES", "register",
                 "get_rule", "rule_by_name", "parse_params", "places", "clamp", "finish"):
        assert hasattr(rules, name)


def test_unknown_parameter_is_reported():
    assert get_rule("linear").check({"满分线": "95%", "零分线": "85%", "起点": "60%"}) == [
        "规则“区间线性”没有参数“起点”"
    ]


def test_rounding_places_are_validated():
    assert get_rule("linear").check({"满分线": "95%", "零分线": "85%", "得分小数位": "9"}) == [
        "参数“得分小数位”应在 0–6 之间"
    ]
