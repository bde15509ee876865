"""一票否决 (000 B31 "有重大违规违纪行为的一票否决"; B51 "自评不真实…该指标不得分")."""

from __future__ import annotations

from decimal import Decimal as D

from xlkit.rules import Finding

B31 = "内层规则=扣分制；每项扣分=0.50"


def test_no_veto_is_the_inner_score(score):  # goldens 000 G18
    res = score("gate", "4.00", B31, findings=(Finding("a"), Finding("b")))
    assert (res.score, res.veto_all) == (D("3.00"), False)


def test_veto_finding_zeroes_the_indicator(score):
    res = score("gate", "4.00", B31, findings=(Finding("a"), Finding("挪用专项资金", veto=True)))
    assert res.score == D("0.00")
    assert res.veto_all is False
    assert [(d.reason, d.points) for d in res.deductions] == [("一票否决（本指标）：挪用专项资金", D("4.00"))]


def test_veto_parameter(score):  # 000 B51: 自评不真实 → 0.00 (goldens 000 G15)
    p = "内层规则=分档计分；档位=>=90%:满分, >=80%:1.00, >=60%:0.50；否决=是"
    res = score("gate", "2", p, actual=D("0.9992"))
    assert res.score == D("0.00")
    assert res.deductions[0].reason == "一票否决（本指标）：参数“否决”为“是”"


def test_whole_evaluation(score):
    res = score("gate", "4", B31 + "；范围=整体", findings=(Finding("重大违纪", veto=True),))
    assert res.veto_all is True
    assert res.notes == ["一票否决整体评价"]


def test_check(check):
    assert check("gate", "否决=是") == ["规则“一票否决”缺少参数“内层规则”"]
    assert check("gate", B31 + "；范围=全部") == ["参数“范围”应为“指标”、“整体”之一，实际为“全部”"]
    assert check("gate", B31 + "；否决=大概") == ["参数“否决”应为“是”或“否”，实际为“大概”"]
    assert check("gate", B31 + "；满分线=1") == ["规则“扣分制”没有参数“满分线”"]
    assert check("gate", B31) == []
