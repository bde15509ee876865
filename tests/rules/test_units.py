"""Parameter unit forms: one reading for every points parameter and every ratio parameter.

Points parameters (每项扣分, 每点扣分, 基数, 得分): a bare number is points; ``10%`` and ``1/3`` are
that share of the indicator's 分值 ("扣权重分的10%", "扣 1/3" as reports write it). Ratio parameters
(每项扣比例, 每点扣比例, 满分线 …) take ``33.33%``, ``0.3333`` or the exact fraction ``1/3``.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules import Finding, parse_params

THREE = (Finding("a"), Finding("b"), Finding("c"))


@pytest.mark.parametrize(("per_item", "expected"), [
    ("0.20", "2.40"),   # 3 × 0.20 = 0.60 off 3.00
    ("0.20分", "2.40"),
    ("10%", "2.10"),    # 3 × 10% × 3.00 = 0.90
    ("1/3", "0.00"),    # 3 × 1/3 × 3.00 = 3.00: 扣完为止
    ("1/6", "1.50"),    # 3 × 0.50
])
def test_deduct_per_item_points_share_and_fraction(score, per_item, expected):
    assert score("deduct", "3.00", f"每项扣分={per_item}", findings=THREE).score == D(expected)


def test_a_finding_and_the_parameter_read_alike(score):
    # 扣分事项 "10%" and 每项扣分=10% are the same deduction (one reading, numbers.parse_points)
    by_param = score("deduct", "4.00", "每项扣分=10%", findings=(Finding("a"),))
    by_row = score("deduct", "4.00", findings=(Finding("a", share=D("0.10")),))
    assert by_param.score == by_row.score == D("3.60")


def test_deduct_base_as_share(score):
    assert score("deduct", "5.00", "基数=80%；每项扣分=0.50", findings=(Finding("a"),)).score == D("3.50")


def test_element_points_per_item_share(score):
    res = score("element_points", "3", "要素分值=1,2；每项扣分=1/3", findings=(Finding("未注明要点的问题"),))
    assert res.score == D("2.00")


def test_band_points_per_point_as_share(score):
    # 超出 ±10% 共 5 个点，每点扣分值 5% × 4.00 = 0.20 → 1.00 off
    assert score("band", "4.00", "容差=10%；每点扣分=5%", actual="15%").score == D("3.00")
    assert score("band", "4.00", "容差=10%；每点扣分=0.20", actual="15%").score == D("3.00")


def test_per_point_points_as_share_equals_share_per_point(score):
    a = score("per_point", "8", "每点扣分=5%", target="≥80%", actual="77.87%")
    b = score("per_point", "8", "每点扣比例=5%", target="≥80%", actual="77.87%")
    assert a.score == b.score == D("7.15")  # goldens 003 G11: 2.13 × 5% × 8 = 0.852


def test_manual_score_as_share(score):
    res = score("manual", "3.00", "得分=2/3；理由=材料不全")
    assert res.score == D("2.00")


@pytest.mark.parametrize("share", ["1/3", "33.33%", "0.3333"])
def test_checkpoint_share_accepts_fraction_and_percent(score, share):
    nodes = "节点=一季度:25%，二季度:50%，三季度:75%；实际=20%, 50%, 75%"
    res = score("checkpoints", "3", f"{nodes}；每项扣比例={share}")
    assert res.score == D("2.00")  # 3 − 1/3 × 3 (33.33% × 3 = 0.9999 → 2.00 too)


def test_linear_threshold_fraction(score):
    # 满分线 2/3 (66.67%) 与零分线 1/3: 50% 在正中 → 半分
    assert score("linear", "2", "满分线=2/3；零分线=1/3", actual="50%").score == D("1.00")


def test_bad_points_parameter_names_the_forms(check):
    assert check("deduct", "每项扣分=1/0") == ["参数“每项扣分”应为分数（如 0.20）或分值的比例（如 10%、1/3），实际为“1/0”"]
    assert check("deduct", "每项扣分=-10%") == ["参数“每项扣分”不能为负数"]


# ---- 理由 with any punctuation -----------------------------------------------------------

def test_reason_may_hold_semicolons_without_quotes(score):
    res = score("manual", "3.00", "得分=1.50；理由=制度不健全；未按期整改；见访谈记录")
    assert res.notes == ["酌情评分理由：制度不健全；未按期整改；见访谈记录"]


def test_quoted_value_keeps_everything():
    assert parse_params("理由=“依据：第3条；另见 a=b”；得分=1") == {"理由": "依据：第3条；另见 a=b", "得分": "1"}
    assert parse_params('理由="x;y"') == {"理由": "x;y"}


def test_a_part_without_key_elsewhere_is_still_an_error():
    with pytest.raises(RuleConfigError, match="参数“abc”应写成“名称=值”（值中含“；”时请用引号括起"):
        parse_params("满分线=95%；abc")
    with pytest.raises(RuleConfigError, match="没有闭合"):
        parse_params("理由=“未闭合；得分=1")
