"""定性判断 (003 附件7 "及时" met by "达到预期指标"; 004 部门整体 自评表 wording that differs but is met)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError


@pytest.mark.parametrize("target, actual", [
    ("及时", "达到预期指标"),  # 003 附件7 参保群众及时享受医疗待遇
    ("持续推进", "持续推进中"),  # 004 部门整体 自评表 DRG 支付方式改革
    ("低", "无投诉"),  # 004 部门整体 自评表 人民群众投诉率
    ("长期有效", "不断提升"),  # 004 部门整体 自评表: "不断" is not a word of failure
])
def test_met_in_other_words(score, target, actual):
    res = score("qualitative", "3", target=target, actual=actual)
    assert res.score == D("3.00")
    assert res.deductions == []


@pytest.mark.parametrize("actual", ["未完成", "资金拨付不及时", "进度滞后"])
def test_words_of_failure_score_zero(score, actual):
    res = score("qualitative", "10", target="及时", actual=actual)
    assert res.score == D("0.00")
    assert "未达成" in res.deductions[0].reason


def test_own_failure_words(score):
    assert score("qualitative", "5", "未达标词=部分", target="完成", actual="部分完成").score == D("0.00")
    assert score("qualitative", "5", "未达标词=部分", target="完成", actual="未完成").score == D("5.00")


def test_missing_actual(score):
    with pytest.raises(RuleConfigError, match="缺少实际完成值"):
        score("qualitative", "5", target="及时", actual="  ")
