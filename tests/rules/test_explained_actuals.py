"""实际完成值 with an explanation after the value, and text targets matched by keyword."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.read.targets import parse_actual


@pytest.mark.parametrize(("typed", "value", "unit", "explanation"), [
    ("100%（信访9件，全部按期办结）", D(1), "%", "信访9件，全部按期办结"),
    ("9/9（100%）", D(1), "%", "100%"),
    ("9/9", D(1), "%", None),
    ("45/50", D("0.9"), "%", None),
    ("30437人(截至12月底)", D(30437), "人", "截至12月底"),
    ("99.49%", D("0.9949"), "%", None),
])
def test_value_is_parsed_and_the_explanation_kept(typed, value, unit, explanation):
    a = parse_actual(typed)
    assert (a.value, a.unit, a.explanation, a.raw) == (value, unit, explanation, typed)


def test_words_with_an_explanation():
    a = parse_actual("合理（见附件3）")
    assert a.words == ("合理",) and a.explanation == "见附件3"


def test_a_fraction_with_different_units_is_not_a_rate():
    assert parse_actual("5元/人/月").value == D(5)  # a unit, not 5 ÷ 人


def test_rate_rules_read_the_value_before_the_explanation(score):
    # 8 × 100% with 满分线 95%: full marks; the explanation does not disturb the rate
    assert score("linear", "8", "满分线=95%；零分线=60%", actual="100%（信访9件，全部按期办结）").score == D("8.00")
    assert score("linear", "8", "满分线=95%；零分线=60%", actual="9/9（100%）").score == D("8.00")
    res = score("linear", "6", "满分线=100%；零分线=60%", actual="8/10（2件逾期）")  # 80%: (0.8−0.6)/0.4 × 6
    assert res.score == D("3.00")


def test_target_met_with_an_explained_number(score):
    assert score("target_met", "2", target="≥95%", actual="100%（信访9件，全部按期办结）").score == D("2.00")
    assert score("target_met", "2", target="≥95%", actual="17/20（3件未结）").score == D("0.00")  # 85%


def test_exact_text_match_is_the_default(score):
    # the case of the issue: the default compares the whole text, so a longer actual misses
    assert score("target_met", "2", target="开展常态化培训", actual="开展常态化培训，全年共6次").score == D("0.00")


def test_contains_names_the_keyword_that_matched(score):
    res = score("target_met", "2", "匹配=包含", target="开展常态化培训", actual="开展常态化培训，全年共6次")
    assert res.score == D("2.00")
    assert res.notes == ["实际完成值含关键词“开展常态化培训”，达标"]
    res = score("target_met", "2", "匹配=包含；达标词=已建立,已开通", target="建立投诉通道",
                actual="已开通12393投诉热线（全年受理21件）")
    assert res.score == D("2.00") and res.notes == ["实际完成值含关键词“已开通”，达标"]


def test_contains_miss_lists_the_keywords(score):
    res = score("target_met", "2", "匹配=包含；达标词=已建立,已开通", target="建立投诉通道", actual="尚在筹建")
    assert res.score == D("0.00")
    assert res.deductions[0].reason == "实际完成值不含“已建立”、“已开通”中任何一个（目标“建立投诉通道”，按包含比对），不得分"


def test_all_keywords(score):
    params = "匹配=全部关键词；达标词=培训,考核"
    assert score("target_met", "3", params, target="培训考核", actual="全年培训6次，年末考核合格").score == D("3.00")
    res = score("target_met", "3", params, target="培训考核", actual="全年培训6次")
    assert res.score == D("0.00") and res.notes == ["实际完成值缺少关键词“考核”"]


def test_unknown_match_mode_is_a_check_error(check):
    assert check("target_met", "匹配=模糊") == ["参数“匹配”应为“相同”、“包含”、“全部关键词”之一，实际为“模糊”"]


def test_a_number_target_ignores_the_match_mode(score):
    assert score("target_met", "2", "匹配=包含", target="≥95%", actual="96%").score == D("2.00")
    with pytest.raises(RuleConfigError):
        score("target_met", "2", "匹配=包含", target="≥95%", actual="较好")
