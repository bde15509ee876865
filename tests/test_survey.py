"""Questionnaire tallies and measures against the seeds' printed figures.

Every expected figure is the report's own (000 附件3 and goldens 000 G27–G31; 003 附件4 and goldens 003 G9–G13,
G20, G24), never produced by the code under test. Counts are the reports' own tallies.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from goldens import figure

from xlkit.compute.survey import (
    SCHEMES,
    Option,
    Question,
    Survey,
    apply_scheme,
    check_question,
    check_survey,
    composite,
    coverage_rates,
    label_key,
    option_shares,
    question_rate,
    sensitivity,
    share,
    tally,
    tally_multi,
    yes_share,
)
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import fmt_pct
from xlkit.spec.issues import Severity

FIVE = ("非常满意", "比较满意", "一般", "不太满意", "不满意")
EFFECT = ("显著", "较大", "一般", "较差", "无")


def _q(qid: str, kind: str, labels: tuple[str, ...], counts: tuple[int, ...], *, answered: int | None = None,
       scored: bool = False, scores: tuple[object, ...] | None = None, weight: object = None) -> Question:
    opts = tuple(
        Option(lab, c, None if s is None else Decimal(str(s)))
        for lab, c, s in zip(labels, counts, scores or (None,) * len(labels))
    )
    return Question(qid, f"{qid} 题干", kind, opts, answered=answered, scored=scored,
                    weight=None if weight is None else Decimal(str(weight)))


def _pct(rate: Decimal | None) -> str:
    return fmt_pct(rate)


# ---- seed 000 (喀什市医疗保障局), 附件3 --------------------------------------------------------

def survey_000() -> Survey:
    # Option scores are not typed in: each scored question gets them from the 五级 scheme by label,
    # which is how the report describes them ("非常满意×1.00 + 比较满意×0.80 + …").
    raw = [
        _q("Q1", "单选", ("公立医院、卫生院", "私营医院", "诊所", "药店", "其他接受监管的机构"), (21, 23, 8, 50, 0)),
        _q("Q2", "是否", ("是", "否"), (102, 0)),
        _q("Q3", "单选", FIVE, (78, 20, 4, 0, 0), scored=True),
        _q("Q4", "是否", ("是", "否"), (101, 1)),
        # goldens 000 S18: the one unit not inspected (Q4 否) skipped Q5, so its N is 101.
        _q("Q5", "单选", FIVE, (87, 11, 3, 0, 0), answered=101, scored=True),
        _q("Q6", "单选", EFFECT, (64, 26, 11, 0, 1), scored=True),
        _q("Q7", "单选", FIVE, (82, 17, 3, 0, 0), scored=True),
        Question("Q8", "意见或者建议", "填空"),
    ]
    questions = tuple(apply_scheme(q, "五级1/0.8/0.6/0.3/0").question if q.scored else q for q in raw)
    return Survey(
        title="关于喀什市医疗保障局 2024年度部门整体履职满意度调查问卷",
        population=346, distributed=102, returned=102, valid=102, mode="线下发放",
        questions=questions,
        open_answers={"Q8": ["多组织培训，下发培训资料", "医保申报费用时间，麻烦提前通知",
                             "加强药店医保政策专业知识培训", "信息化技术支持和解答"]},
    )


def test_000_scheme_maps_every_label() -> None:
    s = survey_000()
    for qid in ("Q3", "Q5", "Q6", "Q7"):
        assert apply_scheme(s.question(qid), "五级1/0.8/0.6/0.3/0").unmapped == ()
    assert [o.score for o in s.question("Q6").options] == [Decimal(x) for x in ("1.00", "0.80", "0.60", "0.30", "0.00")]
    assert check_survey(s) == []


def test_000_question_rates() -> None:
    # goldens 000 G28
    s = survey_000()
    assert question_rate(s.question("Q3")) == Decimal("0.9451")  # 96.4/102
    assert question_rate(s.question("Q5")) == Decimal("0.9663")  # 97.6/101, not /102
    assert question_rate(s.question("Q6")) == Decimal("0.8961")  # 91.4/102, 显著…无
    assert question_rate(s.question("Q7")) == Decimal("0.9549")  # 97.4/102
    assert [_pct(question_rate(q)) for q in s.scored] == ["94.51%", "96.63%", "89.61%", "95.49%"]


def test_000_rate_uses_valid_when_n_blank() -> None:
    s = survey_000()
    q3 = next(q for q in s.questions if q.qid == "Q3")
    assert q3.answered is None
    assert question_rate(q3) is None  # N unknown without the survey
    assert question_rate(q3, valid=102) == Decimal("0.9451")


def test_000_composite() -> None:
    # goldens 000 G29: the equal-weight mean is what the report printed (94.06%); pooled is 94.05%.
    s = survey_000()
    assert composite(s) * 100 == figure("000", "G29")
    assert composite(s.questions, valid=102) == Decimal("0.9406")
    assert composite(s.scored, "mean", round_first=False) == Decimal("0.9406")  # unrounded 94.0604%
    assert composite(s.scored, "pooled") * 100 == figure("000", "G29", "pooled")  # 382.8/407
    assert composite(s.scored, places=None) == Decimal("0.9406")  # (94.51+96.63+89.61+95.49)/4 exactly


def test_000_composite_weights() -> None:
    s = survey_000()
    equal = {q.qid: 1 for q in s.scored}
    assert composite(s.scored, weights=equal) == Decimal("0.9406")
    # Hand-worked from the printed rates: (2×94.51 + 96.63 + 89.61 + 95.49)/5 = 470.75/5 = 94.15.
    assert composite(s.scored, weights={**equal, "Q3": 2}) == Decimal("0.9415")
    mixed = (replace(s.question("Q3"), weight=Decimal(2)),) + s.scored[1:]
    with pytest.raises(RuleConfigError, match="未设"):
        composite(mixed)
    with pytest.raises(RuleConfigError, match="mean"):
        composite(s.scored, "median")


def test_000_coverage() -> None:
    # goldens 000 G27
    c = coverage_rates(survey_000())
    assert [_pct(x) for x in c] == ["29.48%", "100.00%", "100.00%"]
    assert c.coverage == Decimal("0.2948")


OPTION_SHARES_000 = {
    # 000 附件3 as printed (1 decimal); goldens 000 G31
    "Q1": ["20.6%", "22.5%", "7.8%", "49.0%", "0.0%"],
    "Q2": ["100.0%", "0.0%"],
    "Q3": ["76.5%", "19.6%", "3.9%", "0.0%", "0.0%"],
    "Q4": ["99.0%", "1.0%"],
    "Q5": ["86.1%", "10.9%", "3.0%", "0.0%", "0.0%"],
    "Q6": ["62.7%", "25.5%", "10.8%", "0.0%", "1.0%"],
    "Q7": ["80.4%", "16.7%", "2.9%", "0.0%", "0.0%"],
}


@pytest.mark.parametrize("qid", sorted(OPTION_SHARES_000))
def test_000_option_shares(qid: str) -> None:
    q = survey_000().question(qid)
    assert [sh.text for _, _, sh in option_shares(q)] == OPTION_SHARES_000[qid]


def test_000_share_values() -> None:
    # goldens 000 G31
    assert share(21, 102) == ("20.6%", Decimal("0.206"))
    assert share(87, 101).text == "86.1%"
    assert share(1, 102) == ("1.0%", Decimal("0.010"))


# ---- seed 003 (阜康市 职工大额医疗补助), 附件4 ------------------------------------------------

Q11_LABELS = ("A 非常满意", "B 比较满意", "C 满意", "D 一般", "E 不满意")
Q11_COUNTS = (92, 11, 15, 4, 0)


def survey_003() -> Survey:
    yn = ("是", "否")
    questions = (
        _q("Q1", "单选", ("我已知悉",), (122,)),
        _q("Q3", "单选", ("单建统筹基金参保", "实施统账结合参保"), (51, 71)),
        _q("Q4", "是否", yn, (95, 27)),
        _q("Q5", "是否", yn, (84, 38)),
        # 003 附件4 tallies: Q6 shown only to Q5 = 是, "有效填写人次 84".
        _q("Q6", "是否", yn, (81, 3), answered=84),
        _q("Q7", "是否", yn, (112, 10)),
        _q("Q8", "是否", yn, (117, 5)),
        _q("Q9", "单选", ("满意", "一般"), (117, 5)),
        _q("Q10", "单选", ("满意", "一般"), (118, 4)),
        # Scores typed 百分制 as the report used them (inferred, goldens 003 G12): normalised to fractions.
        _q("Q11", "单选", Q11_LABELS, Q11_COUNTS, scored=True, scores=(100, 80, 60, 40, 0)),
        Question("Q12", "是否有需要改进的地方", "填空"),
        Question("Q13", "意见或建议", "填空"),
    )
    return Survey(title="2024年职工大额医疗补助项目满意度调查", population=30437, distributed=122,
                  returned=122, valid=122, mode="线上（问卷星）", questions=questions)


def test_003_q11_scores_normalised() -> None:
    q11 = survey_003().question("Q11")
    assert [o.score for o in q11.options] == [Decimal(x) for x in ("1", "0.8", "0.6", "0.4", "0")]


def test_003_q11_rate() -> None:
    # goldens 003 G12: (92×100 + 11×80 + 15×60 + 4×40)/122 = 11140/122 = 91.3115% → 91.31%
    q11 = survey_003().question("Q11")
    assert question_rate(q11) == Decimal("0.9131")
    assert fmt_pct(question_rate(q11, places=6)) == "91.31%"
    assert composite(survey_003()) == Decimal("0.9131")


def test_003_q11_by_label_scheme() -> None:
    # 003's 一般 is 40 (rung 4 of its ladder), not 000's 60: the scheme is per question, by label.
    bare = _q("Q11", "单选", Q11_LABELS, Q11_COUNTS, answered=122, scored=True)
    applied = apply_scheme(bare, "百分制100/80/60/40/0")
    assert applied.unmapped == ()
    assert applied.question.option("一般").score == Decimal("0.4")
    assert question_rate(applied.question) == Decimal("0.9131")  # G12
    explicit = apply_scheme(bare, {"非常满意": 100, "比较满意": 80, "满意": 60, "一般": 40, "不满意": 0})
    assert question_rate(explicit.question) == Decimal("0.9131")  # G12
    # order of options must not matter: scores follow the text
    shuffled = Question("Q11", "", "单选", tuple(reversed(bare.options)), answered=122, scored=True)
    assert question_rate(apply_scheme(shuffled, "百分制100/80/60/40/0").question) == Decimal("0.9131")


def test_003_q11_sensitivity() -> None:
    # goldens 003 G12/G13 and 附件4: 100/80/60/40/0 → 91.31%; A+B+C → 96.72%; A+B → 84.43%;
    # 1/0.8/0.6/0.3/0 over 003's own ladder → 90.98% (✗ against the report).
    bare = _q("Q11", "单选", Q11_LABELS, Q11_COUNTS, answered=122, scored=True)
    rows = {r.scheme: r for r in sensitivity(bare)}
    assert _pct(rows["百分制100/80/60/40/0"].rate) == "91.31%"
    assert _pct(rows["前三项"].rate) == "96.72%"
    assert _pct(rows["前二项"].rate) == "84.43%"
    assert _pct(rows["五级1/0.8/0.6/0.3/0"].rate) == "90.98%"
    assert all(r.unmapped == () for r in rows.values())
    only = sensitivity(bare, ["前三项"])
    assert len(only) == 1 and only[0].rate == Decimal("0.9672")


def test_sensitivity_unmappable_scheme_gives_no_rate() -> None:
    bare = _q("Q11", "单选", Q11_LABELS, Q11_COUNTS, answered=122, scored=True)
    (row,) = sensitivity(bare, ["是否"])
    assert row.rate is None
    assert [lab for _, lab in row.unmapped] == list(Q11_LABELS)


def test_000_sensitivity_composite() -> None:
    # goldens 000 G29 under the report's scheme; several questions → composite per scheme.
    rows = {r.scheme: r.rate for r in sensitivity(survey_000().scored)}
    assert rows["五级1/0.8/0.6/0.3/0"] == Decimal("0.9406")


def test_003_yes_shares() -> None:
    s = survey_003()
    assert yes_share(s.question("Q7")) == Decimal("0.9180")  # G9: 112/122
    assert yes_share(s.question("Q8")) == Decimal("0.9590")  # G10: 117/122
    assert yes_share(s.question("Q4")) == Decimal("0.7787")  # G11: 95/122
    assert _pct(yes_share(s.question("Q6"))) == "96.43%"  # 81/84 (goldens 003 G20)
    assert _pct(yes_share(s.question("Q10"), ("满意",))) == "96.72%"  # 003 附件4 服务及时性 满意 (goldens 003 G20)


def test_003_coverage() -> None:
    # goldens 003 G24: 122/30437 = 0.40%; 实际发放/回收/有效 122 → 100%.
    c = coverage_rates(survey_003())
    assert [_pct(x) for x in c] == ["0.40%", "100.00%", "100.00%"]


OPTION_SHARES_003 = {
    # 003 附件4 tallies / goldens 003 G20 as printed (问卷星 style, trailing zeros dropped)
    "Q1": ["100%"],
    "Q3": ["41.8%", "58.2%"],
    "Q4": ["77.87%", "22.13%"],
    "Q5": ["68.85%", "31.15%"],
    "Q6": ["96.43%", "3.57%"],
    "Q7": ["91.8%", "8.2%"],
    "Q8": ["95.9%", "4.1%"],
    "Q9": ["95.9%", "4.1%"],
    "Q10": ["96.72%", "3.28%"],
    "Q11": ["75.41%", "9.02%", "12.3%", "3.28%", "0%"],
}


@pytest.mark.parametrize("qid", sorted(OPTION_SHARES_003))
def test_003_option_shares(qid: str) -> None:
    q = survey_003().question(qid)
    assert [sh.text for _, _, sh in option_shares(q, "wjx")] == OPTION_SHARES_003[qid]


def test_003_share_values() -> None:
    # goldens 003 G20
    assert share(112, 122, "wjx") == ("91.8%", Decimal("0.9180"))
    assert share(95, 122, "wjx") == ("77.87%", Decimal("0.7787"))
    assert share(81, 84, "wjx") == ("96.43%", Decimal("0.9643"))
    assert share(0, 122, "wjx") == ("0%", Decimal("0.0000"))
    with pytest.raises(RuleConfigError):
        share(1, 2, "2dp")


def test_003_is_consistent() -> None:
    assert check_survey(survey_003(), {"Q11": "百分制100/80/60/40/0"}) == []


# ---- labels and schemes -------------------------------------------------------------------

def test_label_key() -> None:
    assert label_key("A 非常满意") == label_key("A.非常满意") == label_key(" 非常满意 ") == "非常满意"
    assert label_key("其他【请注明】〖柜台〗") == "其他【请注明】"
    assert label_key("B超") == "B超"  # a letter without a separator is part of the word


def test_scheme_reports_unmapped_labels() -> None:
    q = _q("Q9", "单选", ("很满意", "比较满意", "一般", "不太满意", "不满意"), (1, 1, 1, 0, 0), scored=True)
    applied = apply_scheme(q, "五级1/0.8/0.6/0.3/0")
    assert applied.unmapped == ("很满意",)
    assert applied.question.option("很满意").score is None
    assert applied.question.option("一般").score == Decimal("0.60")


def test_scheme_ambiguous_subset_left_unmapped() -> None:
    # "非常满意/比较满意/一般/不满意" fits both 000's and 003's ladder; 一般 differs (60 vs 40).
    q = _q("Q1", "单选", ("非常满意", "比较满意", "一般", "不满意"), (1, 1, 1, 1), scored=True)
    assert apply_scheme(q, "百分制100/80/60/40/0").unmapped == ("一般",)
    partial = _q("Q2", "单选", ("非常满意", "比较满意", "一般", "很差"), (1, 1, 1, 1), scored=True)
    assert apply_scheme(partial, "五级1/0.8/0.6/0.3/0").unmapped == ("一般", "很差")
    with pytest.raises(RuleConfigError, match="混用"):
        apply_scheme(q, {"非常满意": 100, "一般": 0.6})


def test_yes_no_scheme_and_unknown_name() -> None:
    q = _q("Q2", "是否", ("是", "否"), (102, 0), answered=102, scored=True)
    assert question_rate(apply_scheme(q, "是否").question) == Decimal("1.0000")
    assert set(SCHEMES) >= {"五级1/0.8/0.6/0.3/0", "百分制100/80/60/40/0", "前三项", "前二项", "是否"}
    with pytest.raises(RuleConfigError, match="未知的选项分值方案"):
        apply_scheme(q, "七级")


def test_mixed_score_scales_refused() -> None:
    with pytest.raises(ValueError, match="混用"):
        _q("Q3", "单选", FIVE[:3], (1, 1, 1), scores=(100, 0.8, 60))
    with pytest.raises(ValueError, match="题型"):
        Question("Q1", "", "矩阵")


# ---- consistency checks and zero N ----------------------------------------------------------

def _codes(problems: list) -> list[str]:
    return [p.code for p in problems]


def test_check_sum_mismatch() -> None:
    q = _q("Q3", "单选", FIVE, (78, 20, 4, 0, 0), answered=101)
    problems = check_question(q, valid=102)
    assert _codes(problems) == ["survey-sum"]
    assert problems[0].qid == "Q3"
    assert problems[0].message == "Q3 各选项人数之和 102 不等于答题人数 101"


def test_check_multi_choice_sum_may_exceed_n() -> None:
    q = _q("Q9", "多选", ("培训", "资料", "信息化"), (50, 40, 30), answered=100)
    assert check_question(q, valid=102) == []


def test_check_count_over_n_and_n_over_valid() -> None:
    q = _q("Q5", "单选", FIVE, (110, 0, 0, 0, 0), answered=105)
    codes = _codes(check_question(q, valid=102))
    assert "survey-n" in codes
    assert "survey-count-exceeds" in codes
    assert "survey-sum" in codes


def test_check_scored_option_without_score() -> None:
    q = _q("Q7", "单选", ("非常满意", "不满意"), (100, 2), scored=True, scores=(1, None))  # type: ignore[arg-type]
    problems = check_question(q, valid=102)
    assert _codes(problems) == ["survey-score-missing"]
    assert "不满意" in problems[0].message
    with pytest.raises(RuleConfigError, match="没有分值"):
        question_rate(q, valid=102)


def test_check_unmapped_label_in_survey() -> None:
    s = Survey("t", valid=10, questions=(_q("Q1", "单选", ("很好", "还行"), (9, 1), scored=True,
                                             scores=(1, 0)),))
    problems = check_survey(s, {"Q1": "五级1/0.8/0.6/0.3/0"})
    assert _codes(problems) == ["survey-label-unmapped", "survey-label-unmapped"]
    assert "“还行”" in problems[1].message
    issue = problems[0].to_issue(file="问卷.xlsx", sheet="选项")
    assert issue.code == "survey-label-unmapped" and issue.value == "Q1"


def test_check_survey_counts() -> None:
    s = Survey("t", population=100, distributed=50, returned=60, valid=61)
    codes = _codes(check_survey(s))
    assert codes == ["survey-counts", "survey-counts"]


def test_zero_n() -> None:
    q = _q("Q5", "单选", FIVE, (0, 0, 0, 0, 0), answered=0, scored=True, scores=(1, 0.8, 0.6, 0.3, 0))
    assert question_rate(q) is None
    assert yes_share(q, ("非常满意",)) is None
    assert share(0, 0) == ("-", None)
    assert share(0, 0, "wjx") == ("-", None)
    assert [sh.text for _, _, sh in option_shares(q)] == ["-"] * 5
    assert composite([q]) is None
    assert composite([q], "pooled") is None
    problems = check_question(q, valid=102)
    assert _codes(problems) == ["survey-n-zero"]
    assert problems[0].severity is Severity.WARNING


def test_zero_and_missing_denominators_in_coverage() -> None:
    c = coverage_rates(Survey("t", population=None, distributed=0, returned=0, valid=0))
    assert c == (None, None, None)


def test_composite_without_scored_questions() -> None:
    assert composite(survey_000().questions[:2], valid=102) is None


def test_n_missing_flagged() -> None:
    q = _q("Q3", "单选", FIVE, (1, 0, 0, 0, 0))
    assert _codes(check_question(q)) == ["survey-n-missing"]


# ---- tallies from raw answers ----------------------------------------------------------------

def test_tally_single_with_skips() -> None:
    # 003 Q6 rebuilt from raw answers: 81 是, 3 否, 38 skipped (Q5 = 否) → N 84, 96.43% / 3.57%.
    responses = ["是"] * 81 + ["否"] * 3 + ["(跳过)"] * 30 + [None] * 4 + ["-3", "(空)", "-2", ""]
    t = tally(responses, ("是", "否"))
    assert t.counts == (81, 3)
    assert t.answered == 84 and t.skipped == 38 and t.unknown == ()
    q = Question("Q6", "住院报销比例是否达到91%", "是否", t.to_options(), answered=t.answered)
    assert [sh.text for _, _, sh in option_shares(q, "wjx")] == ["96.43%", "3.57%"]
    assert check_question(q, valid=122) == []


def test_tally_by_text_not_position() -> None:
    # 腾讯问卷 letters its options; the report prints "A 非常满意": all are the same option.
    responses = ["A.非常满意", "非常满意", "A 非常满意", "D 一般", "C 满意", "（跳过）"]
    t = tally(responses, Q11_LABELS)
    assert t.counts == (3, 0, 1, 1, 0)
    assert t.answered == 5 and t.skipped == 1
    opts = t.to_options("百分制100/80/60/40/0")
    assert [o.score for o in opts] == [Decimal(x) for x in ("1", "0.8", "0.6", "0.4", "0")]


def test_tally_unknown_answer_stays_in_n() -> None:
    t = tally(["是", "是", "不知道"], ("是", "否"))
    assert t.counts == (2, 0) and t.answered == 3 and t.unknown == (("不知道", 1),)
    q = Question("Q4", "", "是否", t.to_options(), answered=t.answered)
    assert _codes(check_question(q, valid=3)) == ["survey-sum"]


def test_tally_multi() -> None:
    opts = ("多组织培训", "下发培训资料", "信息化支持", "其他【请注明】")
    responses = ["多组织培训┋下发培训资料", "信息化支持", "(跳过)", "多组织培训┋其他【请注明】〖提前通知〗",
                 "多组织培训┋多组织培训", None]
    t = tally_multi(responses, opts)
    assert t.counts == (3, 1, 1, 1)
    assert t.answered == 4 and t.skipped == 2
    q = Question("Q9", "", "多选", t.to_options(), answered=t.answered)
    assert check_question(q, valid=4) == []


def test_tally_duplicate_option_refused() -> None:
    with pytest.raises(ValueError, match="重复"):
        tally([], ("A 是", "是"))
