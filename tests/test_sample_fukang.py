"""Sample 003 (阜康市医疗保障局 2024年职工大额医疗补助项目), the third party's evaluation: rebuilt from
samples/fukang_data.py, checked, scored, written and read back.

Expected figures are the report's printed ones (附件1 scores, sums and 得分率, 附件7 项目资金 budget, 附件4
questionnaire, the golden cases of tests/goldens/003.toml), never xlkit's output.
"""

from __future__ import annotations

import importlib.util
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from goldens import figure, golden

from xlkit.compute import finance
from xlkit.compute.survey import option_shares, question_n, yes_share
from xlkit.read.numbers import fmt_amount
from xlkit.read.reader import read_workbook
from xlkit.rules import rule_by_name
from xlkit.rules.base import Finding, RuleInput
from xlkit.scoring.evaluation import Result, check, questionnaire, score
from xlkit.spec.templates import workbook_specs
from xlkit.write.result_writer import write_result

D = Decimal
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHIPPED = SAMPLES / "fukang-major-medical-2024"
FOUR = ["凭证抽查台账.xlsx", "指标体系.xlsx", "问卷统计.xlsx", "预决算.xlsx"]

# 003 附件1: 分值, 扣分, 得分, 得分率 (the 扣分 column is truncated in the OCR; the body's 四 gives the full values).
PRINTED = {
    "A11": ("1.5", "0", "1.5", "100"), "A12": ("1.5", "0", "1.5", "100"), "A21": ("2", "0", "2", "100"),
    "A22": ("1.5", "0", "1.5", "100"), "A31": ("2", "0", "2", "100"), "A32": ("1.5", "0", "1.5", "100"),
    "B11": ("3", "0", "3", "100"), "B12": ("3", "0", "3", "100"), "B13": ("3", "0", "3", "100"),
    "B21": ("4", "0", "4", "100"), "B22": ("5", "1.25", "3.75", "75"), "B23": ("3", "0", "3", "100"),
    "B24": ("4", "0", "4", "100"),
    "C11": ("6", "0.52", "5.48", "91.33"), "C12": ("5", "1.61", "3.39", "67.80"), "C13": ("5", "0.17", "4.83", "96.60"),
    "C21": ("5", "0", "5", "100"), "C31": ("5", "0", "5", "100"), "C41": ("5", "0", "5", "100"),
    "C42": ("4", "0", "4", "100"),
    "D11": ("8", "0.66", "7.34", "91.75"), "D12": ("8", "0.33", "7.67", "95.88"), "D13": ("8", "0.85", "7.15", "89.38"),
    "D21": ("6", "1.11", "4.89", "81.50"),
}


def _load_data_module():
    spec = importlib.util.spec_from_file_location("fukang_data", SAMPLES / "fukang_data.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _load_data_module().build_fukang_evaluation(tmp_path_factory.mktemp("fukang") / "fukang-major-medical-2024")


@pytest.fixture(scope="module")
def result(built: Path) -> Result:
    res = score(built)
    assert res.evaluation is not None
    return res


@pytest.fixture(scope="module")
def book(result: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_result(result, tmp_path_factory.mktemp("fukang-result") / "综合评分表.xlsx")


# --- totals, levels, every indicator (003 附件1, 003 附件1 sums, 表3-1, G15–G18) ----------------------------------


def test_total_and_grade(result: Result) -> None:
    # goldens 003 G16: 附件1 合计 93.5, 优
    assert (result.evaluation.total, result.evaluation.grade, str(result.evaluation.rate)) == (figure("003", "G16", "total"), golden("003", "G16")["grade"], "0.9350")
    assert result.evaluation.total_weight == 100


def test_level1_scores_and_rates_match_table_3_1(result: Result) -> None:
    got = {lv.code: (lv.weight, str(lv.score), str(lv.rate)) for lv in result.evaluation.level1}
    assert got == {"A": (D(10), "10.00", "1.0000"), "B": (D(25), "23.75", "0.9500"),
                   "C": (D(35), "32.70", "0.9343"), "D": (D(30), "27.05", "0.9017")}
    assert [lv.name for lv in result.evaluation.level1] == ["项目决策", "项目管理", "项目产出", "项目效益"]


def test_level2_subtotals(result: Result) -> None:
    # 003 附件1 sums / G15
    got = {lv.code: (lv.weight, lv.score) for lv in result.evaluation.levels if lv.level == "二级"}
    assert got == {"A1": (D(3), D(3)), "A2": (D("3.5"), D("3.5")), "A3": (D("3.5"), D("3.5")),
                   "B1": (D(9), D(9)), "B2": (D(16), D("14.75")),
                   "C1": (D(16), D("13.70")), "C2": (D(5), D(5)), "C3": (D(5), D(5)), "C4": (D(9), D(9)),
                   "D1": (D(24), D("22.16")), "D2": (D(6), D("4.89"))}


def test_every_indicator_weight_deduction_score_and_rate(result: Result) -> None:
    got = {i.code: (i.weight, i.weight - i.score, i.score, i.rate * 100) for i in result.evaluation.indicators}
    assert got == {code: tuple(D(v) for v in row) for code, row in PRINTED.items()}


def test_deductions_add_up_to_6_50(result: Result) -> None:
    assert sum((i.weight - i.score for i in result.evaluation.indicators), D(0)) == D("6.50")
    lines = [d for i in result.evaluation.indicators for d in i.deductions]
    assert sum((d.points for d in lines), D(0)) == D("6.50")


def test_indicators_at_full_marks(result: Result) -> None:
    # 003 附件1: eight rows carry a 扣分 (制度执行有效性, three 参保人数, three 社会效益, 满意度); 24 − 8 = 16
    assert result.evaluation.full_marks == 16
    assert {i.code for i in result.evaluation.indicators if not i.full} == {"B22", "C11", "C12", "C13", "D11", "D12", "D13", "D21"}


def test_deduction_reasons_state_the_reports_basis(result: Result) -> None:
    by = {i.code: i for i in result.evaluation.indicators}
    assert "第3项评价要点不符合" in by["B22"].reason and "大额医疗补助人员名单" in by["B22"].reason
    assert "扣 1.25 分" in by["B22"].reason
    assert "完成率 91.31%" in by["C11"].reason  # G6: 30437/33333
    assert "完成率 67.81%" in by["C12"].reason and "完成率 96.61%" in by["C13"].reason  # G7, G8
    assert "77.87%" in by["D13"].reason and "2.13 个百分点" in by["D13"].reason  # G11
    assert "91.31%" in by["D21"].reason and "3.69 个百分点" in by["D21"].reason  # G12
    assert [by[c].actual for c in ("D11", "D12", "D13", "D21")] == ["91.80%", "95.90%", "77.87%", "91.31%"]


# --- questionnaire (003 附件4, G9–G13, G20, G24) -----------------------------------------------------------

WJX_SHARES = {  # G20: 问卷星 style, trailing zeros dropped
    "Q3": ["41.8%", "58.2%"], "Q4": ["77.87%", "22.13%"], "Q5": ["68.85%", "31.15%"], "Q6": ["96.43%", "3.57%"],
    "Q7": ["91.8%", "8.2%"], "Q8": ["95.9%", "4.1%"], "Q9": ["95.9%", "4.1%"], "Q10": ["96.72%", "3.28%"],
    "Q11": ["75.41%", "9.02%", "12.3%", "3.28%", "0%"],
}


def test_questionnaire_shares_as_printed(result: Result) -> None:
    survey = questionnaire(result)
    assert survey is not None
    got = {q.qid: [s.text for _, _, s in option_shares(q, "wjx", valid=survey.valid)] for q in survey.questions
           if q.options}
    assert got == WJX_SHARES


def test_q6_is_asked_only_of_the_84_who_had_the_subsidy(result: Result) -> None:
    survey = questionnaire(result)
    q5, q6 = survey.question("Q5"), survey.question("Q6")
    assert question_n(q6, survey.valid) == 84 == next(o.count for o in q5.options if o.label == "是")
    assert yes_share(q6, valid=survey.valid) == D("0.9643")


def test_question_rates_bound_to_indicators(result: Result) -> None:
    rates = {name: m.display for name, m in result.evaluation.measures.values.items()}
    assert rates["问卷:Q4"] == "77.87%"  # G11
    assert rates["问卷:Q7"] == "91.80%" and rates["问卷:Q8"] == "95.90%"  # G9, G10
    assert rates["问卷:Q11"] == "91.31%"  # G12: (92×100 + 11×80 + 15×60 + 4×40 + 0×0)/122
    assert rates["问卷覆盖率"] == "0.40%"  # G24: 122/30437
    assert rates["问卷回收率"] == rates["有效回收率"] == "100.00%"


def test_q11_under_top_three_boxes_would_be_96_72(result: Result) -> None:
    """G13: the option→score map decides the indicator; A+B+C would clear the 95% target."""
    q11 = questionnaire(result).question("Q11")
    assert yes_share(q11, ("非常满意", "比较满意", "满意"), valid=122) == D("0.9672")


# --- budget and voucher (附件7 项目资金, 附件2, goldens 003 G1–G5, G21, G22) ---------------------------------------------------


def test_funds_in_place_execution_and_voucher_coverage(result: Result) -> None:
    shown = {name: m.display for name, m in result.evaluation.measures.values.items()}
    assert shown["资金到位率"] == "100.00%"  # G1: 182.62/182.62
    assert shown["项目资金执行率"] == "100.00%"  # G2: 支出/到位
    assert shown["预算执行率"] == shown["项目支出执行率"] == "100.00%"
    assert shown["凭证抽查覆盖率"] == shown["凭证抽查占项目支出比例"] == "100.00%"  # 概要: 抽查 182.62/182.62


def test_voucher_is_the_budget_from_the_headcount(result: Result) -> None:
    # G3: 30437 人 × 5 元 × 12 月 = 1,826,220.00 元 = 182.62 万元
    vouchers = result.check_result.vouchers.vouchers
    assert [(v.number, v.amount) for v in vouchers] == [("YESJ00038331", D("1826220.00"))]
    assert vouchers[0].amount == 30437 * 5 * 12
    assert fmt_amount(finance.to_wan(vouchers[0].amount)) == "182.62"


def test_budget_adjustment_rate(result: Result) -> None:
    """G5: 年初 200 → 全年 182.62, 调整额 −17.38, 调整率 −8.69%.

    xlkit's 项目支出预算调整率 measure is the net change's magnitude (000 prints it unsigned) and
    names the direction in its note; the signed rate is the table's.
    """
    m = result.evaluation.measures.values["项目支出预算调整率"]
    assert m.value == D("0.0869") and "净调减 17.38" in m.note
    line = finance.ProjectLine("2024年职工大额医疗补助项目", finance.INITIAL_PROJECT, D(200), D("182.62"), D("182.62"),
                               D("182.62"))
    signed = finance.project_adjustment([line], signed=True)
    assert (signed.rate, signed.adjusted_total - signed.initial_total) == (D("-0.0869"), D("-17.38"))


@pytest.mark.parametrize(("actual", "expected"), [
    (D("0.9131"), "1.70"),  # G21: 到位率 against 年初 200 (182.62/200)
    (D("0.95"), "2.25"),  # G22
    (D("0.80"), "0.00"),  # G22: 20 points below is 扣完
])
def test_funds_in_place_rule_under_the_reports_hypotheticals(result: Result, actual: Decimal, expected: str) -> None:
    b11 = next(i for i in result.evaluation.indicators if i.code == "B11")
    res = rule_by_name(b11.rule).score(RuleInput(weight=b11.weight, params={"每点扣比例": "5%"}, target="100%",
                                                 actual=actual))
    assert str(res.score) == expected


def test_elements_rule_rounds_only_the_score() -> None:
    # G26: 要素法 with N=3 on 分值 2, one element fails → 2 − 2/3 = 1.33
    rule = rule_by_name("要素均分")
    res = rule.score(RuleInput(weight=D(2), params={"要素数": "3"}, findings=(Finding("未设定绩效目标", element="①"),)))
    assert str(res.score) == "1.33"


# --- the report's own slips (S<n>) -------------------------------------------------------------------


def test_check_flags_the_element_points_that_do_not_add_up(built: Path) -> None:
    """goldens 003 S11 / G27: 自评及整改 ①2 + ②0.5 + ③0.5 = 3 ≠ 分值 4, awarded 4. The only issue of the folder."""
    issues = check(built).report.issues
    assert [(i.file, i.sheet, i.cell, i.code, i.severity.value) for i in issues] == [
        ("指标体系.xlsx", "指标体系", "H16", "points-sum", "warning")]
    assert "3.00" in issues[0].message and "4.00" in issues[0].message


def test_score_keeps_the_awarded_4_and_says_why(result: Result) -> None:
    b24 = next(i for i in result.evaluation.indicators if i.code == "B24")
    assert b24.score == D(4)
    assert any("要素分值合计 3.00 与分值 4.00 不符" in n for n in b24.notes)
    assert [c.code for c in result.checks] == ["points-sum"]


# --- the result workbook, read back -------------------------------------------------------------------


def _rows(ws) -> dict[str, tuple]:
    rows = {}
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row, values_only=True):
        label = str(row[2] or row[0] or "")
        rows[label[:3] if row[2] else label] = row[:11]
    return rows


def test_result_workbook_read_back(book: Path) -> None:
    wb = openpyxl.load_workbook(book, data_only=True)
    rows = _rows(wb["综合评分表"])
    assert {c: (D(str(rows[c][7])), D(str(rows[c][8]))) for c in PRINTED} == {
        c: (D(w), D(s)) for c, (w, _, s, _) in PRINTED.items()}
    total = rows["合计"]
    assert (D(str(total[7])), D(str(total[8])), D(str(total[9])), total[10]) == (D(100), D("93.5"), D("0.935"), "等级：优")
    summary = [r for r in wb["得分汇总"].iter_rows(values_only=True) if r and r[0] in ("得分", "得分率")]
    assert [D(str(v)) for v in summary[0][1:6]] == [D(10), D("23.75"), D("32.7"), D("27.05"), D("93.5")]
    assert [D(str(v)) for v in summary[1][1:6]] == [D(1), D("0.95"), D("0.9343"), D("0.9017"), D("0.935")]
    project = next(r for r in wb["预决算分析"].iter_rows(values_only=True) if r[0] == "1. 2024年职工大额医疗补助项目")
    assert D(str(project[4])) == D("-0.0869")  # 表1-2 signs a cut


def test_result_subtotals_are_formulas(book: Path) -> None:
    rows = _rows(openpyxl.load_workbook(book)["综合评分表"])
    assert str(rows["合计"][8]).startswith("=") and str(rows["项目管理 小计"][8]).startswith("=SUM(")


# --- the builder and the shipped folder ---------------------------------------------------------------


def _records(folder: Path) -> dict[str, object]:
    """Every value the reader takes from the four workbooks, by file and sheet."""
    out: dict[str, object] = {}
    for spec in workbook_specs().values():
        data = read_workbook(folder / spec.file, spec)
        for name, sheet in data.sheets.items():
            out[f"{spec.file}/{name}"] = {
                "fields": sheet.fields.values if sheet.fields else None,
                "rows": [r.values for r in sheet.rows],
                "fixed": {k: r.values for k, r in sheet.fixed.items()},
            }
    return out


def test_shipped_folder_equals_a_fresh_rebuild(built: Path) -> None:
    assert _records(SHIPPED) == _records(built)


def test_builder_writes_the_four_evaluation_workbooks_only(tmp_path: Path) -> None:
    folder = tmp_path / "阜康"
    folder.mkdir()
    (folder / "绩效自评表.xlsx").write_bytes(b"the unit's own")
    _load_data_module().build_fukang_evaluation(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FOUR, "绩效自评表.xlsx"])
    assert (folder / "绩效自评表.xlsx").read_bytes() == b"the unit's own"


def test_the_built_folder_scores_like_the_shipped_one(result: Result, tmp_path: Path) -> None:
    # Only the four evaluation workbooks: the unit's 自评表 may share the shipped folder.
    copy = tmp_path / "shipped"
    copy.mkdir()
    for name in FOUR:
        shutil.copyfile(SHIPPED / name, copy / name)
    shipped = score(copy)
    assert [i.to_dict() for i in shipped.evaluation.indicators] == [i.to_dict() for i in result.evaluation.indicators]
    assert (shipped.evaluation.total, shipped.evaluation.grade) == (result.evaluation.total, result.evaluation.grade)
