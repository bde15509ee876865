"""分档计分 (000 B51; goldens 000 G15)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules.tiers import parse_tiers

B51 = "档位=>=90%:满分, >=80%:1.00, >=60%:0.50, 其他:0"


@pytest.mark.parametrize("rate, expected", [
    ("0.9992", "2.00"),  # goldens 000 G15
    ("0.85", "1.00"),  # goldens 000 G15
    ("0.70", "0.50"),  # goldens 000 G15
    ("0.5999", "0.00"),  # goldens 000 G15
    ("0.90", "2.00"),  # inclusive edges
    ("0.8999", "1.00"),
    ("0.80", "1.00"),
    ("0.60", "0.50"),
    ("-0.1", "0.00"),
])
def test_b51(score, rate, expected):
    assert score("tiers", "2.00", B51, actual=D(rate)).score == D(expected)


def test_full_width_and_share_payouts(score):
    p = "档位=≥95%：100%，≥80%：90%｜＞60%：50%"
    assert score("tiers", "10", p, actual="95%").score == D("10.00")
    assert score("tiers", "10", p, actual="80%").score == D("9.00")
    assert score("tiers", "10", p, actual="60.01%").score == D("5.00")
    assert score("tiers", "10", p, actual="60%").score == D("0.00")  # strict >, no 其他 → 0


def test_deduction_names_the_tier(score):
    res = score("tiers", "2", B51, actual="85%")
    assert res.deductions[0].reason == "实际值 85.00% 落在档位“>=80%:1.00”"
    assert res.deductions[0].points == D("1.00")


def test_payout_above_weight_is_capped_with_a_note(score):
    res = score("tiers", "2", "档位=>=90%:3", actual="95%")
    assert res.score == D("2.00")
    assert res.notes == ["档位得分 3.00 超过分值，按分值计"]


def test_counts(score):
    assert score("tiers", "5", "档位=>=10:满分, >=5:2", actual="7项").score == D("2.00")


def test_parse():
    tiers = parse_tiers(">90%:满分, >=90%:1, 其他:0.5")
    assert [(t.op, t.threshold, t.points, t.share) for t in tiers] == [
        (">", D("0.9"), None, D(1)), (">=", D("0.9"), D(1), None), (None, None, D("0.5"), None)]


def test_check(check):
    assert check("tiers", "档位=>=60%:0.5, >=90%:满分") == ["档位门槛应从高到低排列：“>=60%:0.5”之后是“>=90%:满分”"]
    assert check("tiers", "档位=>=90%:满分, >=90%:1") == ["档位门槛应从高到低排列：“>=90%:满分”之后是“>=90%:1”"]
    assert check("tiers", "档位=90%:满分") == ["档位“90%:满分”缺少比较符（>= 或 >）"]
    assert check("tiers", "档位=其他:0, >=90%:满分") == ["“其他”档应放在最后"]
    assert check("tiers", "档位=>=90%满分") == ["档位“>=90%满分”应写成“>=90%:满分”或“其他:0”"]
    assert check("tiers", "档位=>=90%:-1") == ["档位“>=90%:-1”的得分不能为负数"]
    assert check("tiers", "") == ["规则“分档计分”缺少参数“档位”"]
    assert check("tiers", B51) == []


def test_missing_actual(score):
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("tiers", "2", B51)


def test_rate_is_rounded_before_the_tiers(score):
    # 89.996% is shown and scored as 90.00%; 89.994% as 89.99%
    assert score("tiers", "2", B51, actual=D("0.89996")).score == D("2.00")
    assert score("tiers", "2", B51, actual=D("0.89994")).score == D("1.00")
