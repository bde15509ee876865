"""The two standard indicator systems shipped in templates/systems, checked against the seeds."""

from decimal import Decimal

import pytest

from xlkit.read.records import parse_grades
from xlkit.rules import rule_by_name
from xlkit.rules.base import parse_params
from xlkit.spec.templates import indicator_system, indicator_systems, measures

# (一级 count, 二级 count, 三级 count, 一级 weights) as printed in the seeds:
# 000 "3 一级 / 11 二级 / 24 三级", 15/25/60; 003 表3-1 决策/过程/产出/效益 10/25/35/30.
EXPECTED = {
    "部门整体": (3, 11, 24, {"A": "15", "B": "25", "C": "60"}),
    "项目支出": (4, 11, 20, {"A": "10", "B": "25", "C": "35", "D": "30"}),
}


def test_both_systems_ship():
    assert set(indicator_systems()) == set(EXPECTED)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_counts_and_weights(kind):
    system = indicator_system(kind)
    n1, n2, n3, weights1 = EXPECTED[kind]
    level1 = [lv for lv in system.levels if not lv.get("parent")]
    level2 = [lv for lv in system.levels if lv.get("parent")]
    assert (len(level1), len(level2), len(system.indicators)) == (n1, n2, n3)
    assert {lv["code"]: Decimal(lv["weight"]) for lv in level1} == {k: Decimal(v) for k, v in weights1.items()}
    for lv in level2:
        below = [Decimal(i["weight"]) for i in system.indicators if i["level2"] == lv["code"]]
        assert below and sum(below) == Decimal(lv["weight"]), lv["code"]
    for lv in level1:
        below = [Decimal(x["weight"]) for x in level2 if x["parent"] == lv["code"]]
        assert sum(below) == Decimal(lv["weight"]), lv["code"]
    assert sum(Decimal(i["weight"]) for i in system.indicators) == 100


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_rules_and_measures_are_known(kind):
    known_measures = {m.name for m in measures()}
    codes = [i["code"] for i in indicator_system(kind).indicators]
    assert len(codes) == len(set(codes))
    for ind in indicator_system(kind).indicators:
        rule = rule_by_name(ind["rule"])
        assert rule.check(parse_params(ind.get("params", ""))) == [], ind["code"]
        if ind.get("measure"):
            assert ind["measure"] in known_measures, ind["code"]


def test_department_system_matches_seed_000():
    system = indicator_system("部门整体")
    by_code = {i["code"]: i for i in system.indicators}
    # 000 附件1 分值 column, in order.
    weights = ["2", "4", "2", "2", "2", "3", "3", "2", "1", "4", "2", "3", "2", "2", "3", "1", "2", "10", "10", "7", "8", "8", "7", "10"]
    assert [Decimal(i["weight"]) for i in system.indicators] == [Decimal(w) for w in weights]
    assert by_code["B21"]["measure"] == "预算执行率"
    assert by_code["B52"]["target"] == "±10.00%以内"
    assert by_code["C21"]["rule"] == "问卷折算"
    assert by_code["A12"]["standard"].endswith("缺失一项扣 0.50分；无计划，不得分。")


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_grades_parse(kind):
    grades = parse_grades(indicator_system(kind).grades)
    assert [g.name for g in grades] == ["优", "良", "中", "差"]
