"""要素均分 (goldens 003 G14, G26)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError
from xlkit.rules import Finding


def test_g14_one_of_four_fails(score):  # goldens 003 G14: 扣 1.25, 3.75
    res = score("elements", "5", "要素数=4", findings=(Finding("缺失大额医疗补助人员名单", element="③"),))
    assert res.score == D("3.75")
    assert res.deductions[0].points == D("1.25")
    assert res.deductions[0].reason.startswith("第3项评价要点不符合")


def test_g26_one_of_three_on_two(score):  # goldens 003 G26: 2 − 2/3 = 1.33
    assert score("elements", "2", "要素数=3", findings=(Finding("x", element="1"),)).score == D("1.33")


def test_two_of_three_unrounded_element_value(score):
    # 2 − 4/3 = 0.666… → 0.67; rounding each element to 0.67 first would give 0.66
    res = score("elements", "2", "要素数=3", findings=(Finding("a", element="①"), Finding("b", element="第2项")))
    assert res.score == D("0.67")
    assert [d.points for d in res.deductions] == [D("0.67"), D("0.66")]


def test_same_element_counts_once(score):
    findings = (Finding("a", element="②"), Finding("b", element="2"), Finding("c", element="第2项"))
    assert score("elements", "1.5", "要素数=3", findings=findings).score == D("1.00")


def test_all_fail(score):
    findings = tuple(Finding(str(i), element=str(i)) for i in (1, 2, 3))
    assert score("elements", "1.5", "要素数=3", findings=findings).score == D("0.00")


def test_no_findings(score):
    assert score("elements", "1.5", "要素数=3").score == D("1.50")


def test_element_out_of_range(score):
    with pytest.raises(RuleConfigError, match="评价要点“⑤”超出要素数 4"):
        score("elements", "5", "要素数=4", findings=(Finding("x", element="⑤"),))


def test_too_many_failures(score):
    with pytest.raises(RuleConfigError, match="不符合的评价要点有 3 个，超过要素数 2"):
        score("elements", "2", "要素数=2", findings=(Finding("a"), Finding("b"), Finding("c")))


def test_unreadable_element(score):
    with pytest.raises(RuleConfigError, match="评价要点“甲”无法识别"):
        score("elements", "2", "要素数=2", findings=(Finding("a", element="甲"),))


def test_check(check):
    assert check("elements", "") == ["规则“要素均分”缺少参数“要素数”"]
    assert check("elements", "要素数=0") == ["参数“要素数”应为正整数，实际为“0”"]
    assert check("elements", "要素数=2.5") == ["参数“要素数”应为正整数，实际为“2.5”"]
    assert check("elements", "n=3") == []
