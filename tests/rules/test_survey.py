"""问卷折算 (000 C21; goldens 000 G28–G30)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlkit.errors import RuleConfigError

C21 = "满分线=90%；零分线=60%"


def test_c21_composite(score):  # goldens 000 G29: 综合满意度 94.06% → 10.00
    res = score("survey", "10", "题号=综合；" + C21, measures={"问卷综合满意度": D("0.940604")})
    assert res.score == D("10.00")
    assert res.completion == D("0.9406")


def test_one_question(score):  # goldens 000 G28: Q6 = 91.4/102 = 89.61% → (89.61 − 60)/30 × 10 = 9.87
    res = score("survey", "10", "题号=Q6；" + C21, measures={"问卷:Q6": D("91.4") / D(102)})
    assert (res.completion, res.score) == (D("0.8961"), D("9.87"))


def test_question_key_is_case_and_width_tolerant(score):
    assert score("survey", "10", "题号=q6；" + C21, measures={"问卷：Q6": "80%"}).score == D("6.67")


def test_actual_when_no_question(score):  # goldens 000 G30
    assert score("survey", "10", C21, actual=D("0.80")).score == D("6.67")
    assert score("survey", "10", C21, actual=D("0.60")).score == D("0.00")


def test_other_inner_rule(score):  # goldens 003 G12 through the questionnaire
    p = "内层规则=每降一点扣分；题号=Q11；每点扣比例=5%"
    res = score("survey", "6", p, target=">=95%", measures={"问卷:Q11": D(11140) / D(12200)})
    assert res.score == D("4.89")


def test_missing_measure(score):
    with pytest.raises(RuleConfigError, match="缺少问卷测算项“问卷:Q3”"):
        score("survey", "10", "题号=Q3；" + C21, measures={})


def test_check(check):
    assert check("survey", "题号=第三题；" + C21) == ["参数“题号”应写成 Q3 或 综合，实际为“第三题”"]
    assert check("survey", "满分线=90%") == ["规则“区间线性”缺少参数“零分线”"]
    assert check("survey", "question=综合；" + C21) == []


def test_a_matrix_row_is_a_question(score):  # 问卷星 matrix rows import as Q5.1, Q5.2 (xlkit survey import)
    res = score("survey", "10", "题号=Q5.2；" + C21, measures={"问卷:Q5.2": D("91.4") / D(102)})
    assert (res.completion, res.score) == (D("0.8961"), D("9.87"))
