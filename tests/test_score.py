"""Scoring seed 000 end to end, and every golden case of tests/goldens/000.toml.

Expected figures are the report's printed ones (000 附件1, 表1-1/表1-2, 附件3, 表3-1, goldens 000),
never xlkit output.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from goldens import golden
from seed000 import SEED_SCORES
from typer.testing import CliRunner

from xlkit.cli import app
from xlkit.compute import finance
from xlkit.read.records import parse_grades
from xlkit.rules import rule_by_name
from xlkit.rules.base import Finding, RuleInput, parse_params
from xlkit.scoring.evaluation import Result, ScoreError, grade_for, score
from xlkit.spec.templates import indicator_system

D = Decimal



@pytest.fixture(scope="module")
def result(kashi_sample: Path) -> Result:
    return score(kashi_sample)


def _rate(result: Result, name: str) -> str:
    return result.evaluation.measures.values[name].display


# --- the report's totals (000 表3-1, G32–G34) ------------------------------------------------------


def test_total_and_grade(result: Result) -> None:
    total = golden("000", "G32")  # 表3-1: 92.90 优
    assert str(result.evaluation.total) == total["printed"]
    assert result.evaluation.grade == total["grade"]
    assert str(result.evaluation.rate) == "0.9290"


def test_level_scores_match_table_3_1(result: Result) -> None:
    got = {(lv.code, lv.name): (lv.weight, str(lv.score), str(lv.rate)) for lv in result.evaluation.level1}
    assert got == {
        ("A", "部门决策"): (D("15.00"), "13.50", "0.9000"),
        ("B", "部门管理"): (D("25.00"), "19.40", "0.7760"),
        ("C", "部门绩效"): (D("60.00"), "60.00", "1.0000"),
    }


def test_level2_subtotals(result: Result) -> None:
    # 000 附件1: A1/A2/A3 4.50/4.00/5.00; B1..B6 1.50/3.00/4.40/3.50/4.00/3.00; C1/C2 50.00/10.00
    got = {lv.code: str(lv.score) for lv in result.evaluation.levels if lv.level == "二级"}
    assert got == {"A1": "4.50", "A2": "4.00", "A3": "5.00", "B1": "1.50", "B2": "3.00", "B3": "4.40",
                   "B4": "3.50", "B5": "4.00", "B6": "3.00", "C1": "50.00", "C2": "10.00"}


@pytest.mark.parametrize("code", sorted(SEED_SCORES))
def test_every_indicator_matches_the_report(result: Result, code: str) -> None:
    ind = next(i for i in result.evaluation.indicators if i.code == code)
    assert str(ind.score) == SEED_SCORES[code]
    # the deductions explain 分值 − 得分 exactly
    assert sum((d.points for d in ind.deductions), D(0)) == ind.weight - ind.score


def test_full_marks_count(result: Result) -> None:
    # goldens 000 G33: "共设置绩效目标 24个，实现目标 18个"
    assert (len(result.evaluation.indicators), result.evaluation.full_marks) == (24, int(golden("000", "G33")["printed"]))
    assert {i.code for i in result.evaluation.indicators if not i.full} == {"A12", "B11", "B31", "B32", "B41", "B52"}


@pytest.mark.parametrize("total, grade", [("90.00", "优"), ("89.99", "良"), ("80.00", "良"), ("79.99", "中"),
                                          ("60.00", "中"), ("59.99", "差"), ("100.00", "优")])
def test_grade_boundaries(total: str, grade: str) -> None:
    # G34, bands verbatim from 000 grade bands
    assert grade_for(D(total), parse_grades("优>=90；良>=80；中>=60；差<60")) == grade


def test_grade_bands_are_data() -> None:
    assert grade_for(D("75.00"), parse_grades("优>=90；良>=80；中>=70；差<70")) == "中"
    assert grade_for(D("65.00"), parse_grades("优>=90；良>=80；中>=70；差<70")) == "差"


# --- 得分率 (G16, G18, G21): the report misprints two of them -------------------------------


@pytest.mark.parametrize("code, rate", [("A12", "0.6250"), ("B31", "0.7500"), ("B52", "0.6667"),
                                        ("B32", "0.7000"), ("B11", "0.5000"), ("B41", "0.5000")])
def test_score_rates(result: Result, code: str, rate: str) -> None:
    assert str(next(i for i in result.evaluation.indicators if i.code == code).rate) == rate


# --- deductions from the findings sheet and the voucher ledger (000 B31/B41 扣分原因, G16–G20) ---------------


def test_voucher_findings_become_deductions_with_evidence(result: Result) -> None:
    b32 = next(i for i in result.evaluation.indicators if i.code == "B32")
    assert [(d.evidence, str(d.points)) for d in b32.deductions] == [
        ("2024-6-2号", "0.20"), ("2024-6-3号", "0.20"), ("2024-8-2号", "0.20")]
    b31 = next(i for i in result.evaluation.indicators if i.code == "B31")
    assert sorted(d.evidence for d in b31.deductions) == ["2024-8-3号", "基础表1"]
    assert "2024-8-3号" in b31.reason and "扣 0.50 分" in b31.reason


def test_b11_finding_with_its_own_points(result: Result) -> None:
    b11 = next(i for i in result.evaluation.indicators if i.code == "B11")
    assert [str(d.points) for d in b11.deductions] == ["1.00", "0.50"]


def test_b52_reason_states_the_truncation(result: Result) -> None:
    b52 = next(i for i in result.evaluation.indicators if i.code == "B52")
    assert b52.actual == "20.21%"
    assert [str(d.points) for d in b52.deductions] == ["1.00"]


# --- finance measures (G1–G8, G11, G14) ----------------------------------------------------


@pytest.mark.parametrize("name, printed", [
    ("预算执行率", "100.00%"),  # G1: 498.46/498.46
    ("基本支出执行率", "100.00%"),  # G3
    ("项目支出执行率", "100.00%"),  # G4: the table prints "-", the text 100.00%
    ("收入预算调整率", "4.81%"),  # G5: 25.18/523.64
    ("项目支出预算调整率", "20.21%"),  # G8: 11.94/59.08
    ("固定资产利用率", "100.00%"),  # G14: 41.81/41.81
])
def test_finance_measures(result: Result, name: str, printed: str) -> None:
    assert _rate(result, name) == printed


def test_budget_execution_uses_annual_not_initial_budget() -> None:
    # G2: dividing by 年初 523.64 would print 95.19%
    assert finance.execution_rate(D("498.46"), D("523.64")) == D("0.9519")


def test_project_rates_from_the_filled_table(result: Result) -> None:
    # G6, G7, G11: 表1-2 per project, read back from the sample workbook
    book = result.check_result.budget
    lines = [finance.ProjectLine(r.get("name"), r.get("kind"), r.get("initial"), r.get("adjusted"), r.get("spent"))
             for r in book.projects]
    rates = [(ln.adjustment_rate(signed=False), ln.execution_rate()) for ln in lines]
    assert [None if a is None else str(a) for a, _ in rates] == ["0.0000", "0.0000", "0.7664", "0.0000",
                                                                  None, None, None]
    assert {str(e) for _, e in rates} == {"1.0000"}
    pa = finance.project_adjustment(lines, signed=False)
    assert (str(pa.initial_total), str(pa.adjusted_total), str(pa.spent_total), str(pa.additions)) == (
        "59.08", "47.14", "47.14", "21.76")


def test_no_three_public_budget_is_not_a_rate(result: Result) -> None:
    # 000 三公 text "未安排“三公”经费预算": not applicable, not 0.00%
    assert result.evaluation.measures.values["三公经费执行率"].value is None


def test_footing_break_of_the_report_is_flagged(result: Result) -> None:
    # G12: 464.57 + 59.08 = 523.65 ≠ 523.64
    footing = [c for c in result.checks if c.code == "footing"]
    assert [(c.file, c.sheet, c.cell) for c in footing] == [("预决算.xlsx", "支出", "B12")]
    assert "523.65" in footing[0].message


# --- questionnaire (G27–G29) and vouchers (G35) ---------------------------------------------


@pytest.mark.parametrize("name, printed", [
    ("问卷:Q3", "94.51%"), ("问卷:Q5", "96.63%"), ("问卷:Q6", "89.61%"), ("问卷:Q7", "95.49%"),
    ("问卷综合满意度", "94.06%"), ("问卷覆盖率", "29.48%"), ("问卷回收率", "100.00%"), ("有效回收率", "100.00%"),
])
def test_survey_measures(result: Result, name: str, printed: str) -> None:
    assert _rate(result, name) == printed


def test_q5_uses_its_own_answer_count(result: Result) -> None:
    assert result.evaluation.measures.values["问卷:Q5"].formula == "97.6 ÷ 101"


def test_voucher_total_and_coverage(result: Result) -> None:
    cov = result.evaluation.measures.values["凭证抽查覆盖率"]
    assert "403,778.41 元" in cov.note  # G35
    assert cov.formula == "40.38 ÷ 498.46" and cov.display == "8.10%"  # 000 基础表1: 8.10% of 决算
    assert result.evaluation.measures.values["凭证抽查占项目支出比例"].display == "85.66%"


# --- the shipped 部门整体 rules under the report's hypotheticals (G9, G10, G13, G15, G26, G30) --


def _score_with_system_rule(code: str, actual: object, findings: tuple[Finding, ...] = ()) -> str:
    ind = next(i for i in indicator_system("部门整体").indicators if i["code"] == code)
    rule = rule_by_name(ind["rule"])
    inp = RuleInput(weight=D(ind["weight"]), params=parse_params(ind.get("params")), target=ind["target"],
                    actual=actual, findings=findings, code=code)
    return str(rule.score(inp).score)


@pytest.mark.parametrize("rate, expected", [
    ("0.2021", "2.00"),  # G9: floor(10.21) × 0.10 = 1.00 off
    ("-0.0800", "3.00"), ("0.1500", "2.50"), ("0.5000", "0.00"),  # G10
])
def test_b52_tolerance_band(rate: str, expected: str) -> None:
    assert _score_with_system_rule("B52", D(rate)) == expected


@pytest.mark.parametrize("rate, expected", [("0.9000", "1.00"), ("0.8500", "0.00"), ("0.9500", "2.00")])
def test_b21_linear(rate: str, expected: str) -> None:
    assert _score_with_system_rule("B21", D(rate)) == expected  # G13


@pytest.mark.parametrize("actual, expected", [("99.92%", "2.00"), ("85.00%", "1.00"), ("70.00%", "0.50"),
                                              ("59.99%", "0.00")])
def test_b51_tiers(actual: str, expected: str) -> None:
    assert _score_with_system_rule("B51", actual) == expected  # G15


def test_b51_untrue_self_evaluation_scores_zero() -> None:
    veto = (Finding("自评不真实，无法印证自评结果", veto=True),)
    assert _score_with_system_rule("B51", "99.92%", veto) == "0.00"  # G15


def test_c11_completion_floor_hypothetical() -> None:
    # G26: 90.00% against ≥95.00% → 完成率 94.74% → (0.9474 − 0.60)/0.40 × 10 = 8.685 → 8.69
    assert _score_with_system_rule("C11", "90.00%") == "8.69"


@pytest.mark.parametrize("rate, expected", [("0.8000", "6.67"), ("0.6000", "0.00"), ("0.9000", "10.00"),
                                            ("0.9406", "10.00")])
def test_c21_survey_linear(rate: str, expected: str) -> None:
    ind = next(i for i in indicator_system("部门整体").indicators if i["code"] == "C21")
    rule = rule_by_name(ind["rule"])
    inp = RuleInput(weight=D(ind["weight"]), params=parse_params(ind["params"]), target=ind["target"],
                    measures={"问卷综合满意度": D(rate)}, code="C21")
    assert str(rule.score(inp).score) == expected  # G29, G30


def test_a12_deductions_per_item() -> None:
    items = tuple(Finding(r) for r in ("缺少总体目标", "未明确责任主体", "未经集体决策"))
    assert _score_with_system_rule("A12", "较科学完整", items) == "2.50"  # G16


# --- library API, frames and the CLI ---------------------------------------------------------


def test_to_dict_prints_two_decimal_strings(result: Result) -> None:
    d = result.to_dict()
    assert (d["total"], d["grade"], d["rate"]) == ("92.90", "优", "92.90%")
    assert [(lv["code"], lv["score"], lv["rate"]) for lv in d["levels"] if lv["level"] == "一级"] == [
        ("A", "13.50", "90.00%"), ("B", "19.40", "77.60%"), ("C", "60.00", "100.00%")]
    b32 = next(i for i in d["indicators"] if i["code"] == "B32")
    assert (b32["weight"], b32["score"], b32["rate"]) == ("2.00", "1.40", "70.00%")
    json.dumps(d, ensure_ascii=False)  # serialisable as is


def test_to_frame(result: Result) -> None:
    frame = result.to_frame()
    assert len(frame) == 24 and frame.loc["B52", "score"] == D("2.00")
    assert frame["score"].sum() == D("92.90")
    numeric = result.to_frame(numeric=True)
    assert numeric.loc["C21", "weight"] == 10.0


def _break_weight(folder: Path, out: Path) -> Path:
    """Copy the folder, typing a weight in words as a clerk might."""
    import shutil

    shutil.copytree(folder, out)
    wb = openpyxl.load_workbook(out / "指标体系.xlsx")
    ws = wb["指标体系"]
    ws["E4"] = "两分"
    wb.save(out / "指标体系.xlsx")
    return out


def test_errors_stop_scoring(kashi_sample: Path, tmp_path: Path) -> None:
    bad = _break_weight(kashi_sample, tmp_path / "bad")
    with pytest.raises(ScoreError) as info:
        score(bad)
    assert [(i.sheet, i.cell) for i in info.value.report.errors] == [("指标体系", "E4")]


def test_cli_score_refuses_on_errors_and_writes_nothing(kashi_sample: Path, tmp_path: Path) -> None:
    bad = _break_weight(kashi_sample, tmp_path / "bad")
    res = CliRunner().invoke(app, ["score", str(bad)])
    assert res.exit_code == 1
    assert "E4" in res.output and "Traceback" not in res.output
    assert not (bad / "综合评分表.xlsx").exists()


def test_cli_score_json_equals_library(kashi_sample: Path, result: Result, tmp_path: Path) -> None:
    out = tmp_path / "result.xlsx"
    res = CliRunner().invoke(app, ["score", str(kashi_sample), "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data.pop("output") == str(out)
    assert data == json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert out.exists()


def test_cli_score_prints_the_summary(kashi_sample: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["score", str(kashi_sample), "-o", str(tmp_path / "r.xlsx")])
    assert res.exit_code == 0, res.output
    assert "总分 92.90，等级：优" in res.output
    assert "实现目标 18 个" in res.output


def test_cli_score_refuses_to_overwrite(kashi_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"evaluator's notes")
    res = CliRunner().invoke(app, ["score", str(kashi_sample), "-o", str(out)])
    assert res.exit_code == 1
    assert out.read_bytes() == b"evaluator's notes"
    assert CliRunner().invoke(app, ["score", str(kashi_sample), "-o", str(out), "--force"]).exit_code == 0


def test_bundled_sample_is_the_seed(result: Result) -> None:
    """The committed sample scores like the freshly built one (samples/ is not stale)."""
    shipped = Path(__file__).resolve().parent.parent / "samples" / "kashi-medical-security-2024"
    fresh, committed = result.to_dict(), score(shipped).to_dict()
    assert committed == fresh


def test_the_only_warning_is_the_reports_own_slip(result: Result) -> None:
    # 涉及金额 11.31 万元 of 113,099.82 元 is not "more than the voucher" (万元 to 2 places)
    assert [c.code for c in result.checks] == ["footing"]
