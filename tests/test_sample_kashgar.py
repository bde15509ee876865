"""Sample 002: 喀什地区 2022 社会保险基金 — the fund 收支 table and four 自评表 reproduce the printed figures.

Golden figures are report 002's (表(一) the 亿元 table, the C-tab / E-tab 自评表, the level sums at L387 /
L694, the B1/B2 万元 rates, the cases of tests/goldens/002.toml), never xlkit's output. The sample (samples/kashgar_social_insurance.py)
types the tables as printed; the folder is 自评 only, so ``xlkit.score`` gives a Result without evaluation.

Which of report 002's slips (goldens 002 S<n>) the data shows, and how xlkit flags them:

* visible, flagged in 校验: #6 targets missed in the unscored B tables (selfeval-target-missed: 170886 <
  ≥171230人, 43975 < ≥44604人, 183.59万 < ≥183.78万人, 105.30% and 105.18% above 95%≤x≤105%); #8 C 享受
  待遇人次 3 of 5 where every rule gives 5 (selfeval-rule-override); #9 C's ≤ cost scored as ≥ (selfeval-
  direction and selfeval-rule-override, 9.21 for 10.00); #15 actuals as thresholds ("≥95%", "≤0.1%":
  selfeval-threshold-actual) and bare numbers ("100" for =100%, "43975" for ≥44604人: selfeval-actual-
  unit); #18 E 资金拨付及时率's 偏差原因 on a full score (selfeval-deviation-full); #27 实际完成情况 copied
  from 预期目标 in both 医保 tables (selfeval-goal-copied).
* visible, and checked to be *not* a slip: the 002 表(一) footing (原表合计 = Σ 险种, no warning) and the
  printed 得分 / 9.21 / 8.49 / 96.18 / 96.85 / 优 (no selfeval-printed-* warning).
* visible only across documents, not flagged: #5 the two precisions of one execution rate (97.86% in B1
  from 万元 vs 97.87% in the 亿元 table; B2 98.19% vs 98.17%): both are reproduced here, each from its
  own table, and tests/test_fund.py shows the 万元 → 亿元 rounding note.
* not visible from the workbooks (narrative, OCR or metadata only): #1–#4 (fund composition items, not
  in the table), #7, #10–#14, #16, #17, #19–#26, #28–#33.
"""

from __future__ import annotations

import shutil
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from goldens import figure, golden
from helpers import dump_workbook, indicator, load_sample_builder, score_selfevals, selfeval_file
from typer.testing import CliRunner

import xlkit
from xlkit.cli import app
from xlkit.scoring.evaluation import Result

SHIPPED = Path(__file__).resolve().parent.parent / "samples" / "kashgar-social-insurance-2022"
STAFF = "喀什地区城镇职工基本医疗保险项目"
RESIDENT = "喀什地区城乡居民基本医疗保险项目"
ORGAN = "喀什地区机关事业单位养老保险（改革）基金预算支出"
RURAL = "喀什地区城乡居民养老保险基金支出"
F1, F2, T = "机关事业单位养老（改革）", "城乡居民", "合计"

# 002 表(一), every printed cell (亿元; rates 2-decimal percents, 2 dp where the report drops zeros).
TABLE = [
    ("预算", "基金收入小计", ("39.15", "11.66", "50.81")),
    ("预算", "基金支出小计", ("36.08", "6.57", "42.65")),
    ("2022年", "基金收入小计", ("41.45", "10.78", "52.23")),
    ("2022年", "基金支出小计", ("35.31", "6.45", "41.76")),
    ("2021年", "基金收入小计", ("43.23", "11.73", "54.96")),
    ("2021年", "基金支出小计", ("32.89", "6.45", "39.34")),
    ("收入对比分析", "增长", ("-1.78", "-0.95", "-2.73")),
    ("收入对比分析", "增幅%", ("-4.12%", "-8.10%", "-4.97%")),
    ("收入对比分析", "执行预算%", ("105.87%", "92.45%", "102.79%")),
    ("支出对比分析", "增长", ("2.42", "0.00", "2.42")),
    ("支出对比分析", "增幅%", ("7.36%", "0.00%", "6.15%")),
    ("支出对比分析", "执行预算%", ("97.87%", "98.17%", "97.91%")),
    ("基金当期结余", "", ("6.14", "4.33", "10.47")),  # text: 6.14, 4.33, 10.47
    ("滚存结余", "", ("51.18", "38.41", "89.59")),  # text: 51.18 + 38.41 = 89.59
]

# (code, 自评表, cell) of every warning: the slips listed in the module docstring.
WARNINGS = {
    ("selfeval-target-missed", RURAL, "H4"), ("selfeval-target-missed", RURAL, "H6"),
    ("selfeval-threshold-actual", RURAL, "H8"), ("selfeval-threshold-actual", RURAL, "H9"),
    ("selfeval-threshold-actual", RURAL, "H14"),
    ("selfeval-actual-unit", RESIDENT, "H8"), ("selfeval-deviation-full", RESIDENT, "N8"),
    ("selfeval-goal-copied", RESIDENT, "B4"),
    ("selfeval-rule-override", STAFF, "O5"), ("selfeval-direction", STAFF, "H10"),
    ("selfeval-rule-override", STAFF, "O10"), ("selfeval-goal-copied", STAFF, "B4"),
    ("selfeval-target-missed", ORGAN, "H4"), ("selfeval-target-missed", ORGAN, "H5"),
    ("selfeval-actual-unit", ORGAN, "H5"), ("selfeval-target-missed", ORGAN, "H6"),
    ("selfeval-threshold-actual", ORGAN, "H8"), ("selfeval-threshold-actual", ORGAN, "H9"),
    ("selfeval-threshold-actual", ORGAN, "H13"), ("selfeval-threshold-actual", ORGAN, "H14"),
}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_sample_builder().build_kashgar(tmp_path_factory.mktemp("kg") / SHIPPED.name)


@pytest.fixture(scope="module")
def report(fresh: Path) -> Result:
    return score_selfevals(fresh)


@pytest.fixture(scope="module")
def by_title(report: Result) -> dict:
    return {se.title: se for se in report.self_evals}


# ---- the fund table (002 表(一)) -------------------------------------------------------------------------

def test_every_cell_of_the_fund_table(report: Result) -> None:
    fund = report.fund
    assert fund is not None and (fund.columns, fund.unit) == ([F1, F2, T], "亿元")
    got = [(r.block, r.label, tuple(r.shown(i) for i in range(3))) for r in fund.rows]
    assert got == TABLE
    assert (fund.issues, fund.notes) == ([], [])  # the printed 合计 foots; nothing to say


def test_the_22_derived_cells(report: Result) -> None:
    """增长 / 增幅% / 执行预算% × 收入 / 支出 × 3 columns, 当期结余 × 3 and the 滚存 合计: 22 figures."""
    fund = report.fund
    cells = [fund.value(b, line, c) for b, line, _ in TABLE[6:13] for c in (F1, F2, T)] + [fund.value("滚存结余", "", T)]
    assert len(cells) == 22
    assert cells == [D(x) for x in (
        "-1.78", "-0.95", "-2.73", "-0.0412", "-0.0810", "-0.0497", "1.0587", "0.9245", "1.0279",
        "2.42", "0.00", "2.42", "0.0736", "0.0000", "0.0615", "0.9787", "0.9817", "0.9791",
        "6.14", "4.33", "10.47", "89.59")]


def test_traps_of_the_fund_table(report: Result) -> None:
    fund = report.fund
    # goldens 002 G3: ÷ 当年 would print −4.29% and 6.85%
    assert fund.shown("收入对比分析", "增幅%", F1) != "-4.29%"
    assert fund.shown("支出对比分析", "增幅%", F1) != "6.85%"
    # goldens 002 G5: the mean of the fund rates would print 99.16% / 98.02% / −6.11%
    mean = (fund.value("收入对比分析", "执行预算%", F1) + fund.value("收入对比分析", "执行预算%", F2)) / 2
    assert mean.quantize(D("0.0001"), ROUND_HALF_UP) == D("0.9916") != fund.value("收入对比分析", "执行预算%", T)


# ---- the scored 医保 自评表 (002 C-tab, E-tab and their level sums at L387, L694) -----------------------------

def test_totals_and_grades(by_title: dict) -> None:
    staff, resident = by_title[STAFF], by_title[RESIDENT]
    staff_total, resident_total = figure("002", "G26"), figure("002", "G27")  # C-tab 96.18, E-tab 96.85
    assert (staff.total, staff.grade, staff.printed_total) == (staff_total, golden("002", "G26")["grade"], staff_total)
    assert (resident.total, resident.grade, resident.printed_total) == (
        resident_total, golden("002", "G27")["grade"], resident_total)


def test_execution_rate_first_rounding_pins_8_49(by_title: dict) -> None:
    resident = by_title[RESIDENT]
    assert (resident.exec_rate * 100, resident.exec_score) == (figure("002", "G20", "rate"), figure("002", "G20"))
    # goldens 002 G20: from the unrounded ratio 10 × 367065/432620 = 8.4847… → 8.48
    raw = (D(10) * D(367065) / D(432620)).quantize(D("0.01"), ROUND_HALF_UP)
    assert raw == D("8.48") != resident.exec_score
    staff = by_title[STAFF]
    assert (staff.exec_rate, staff.exec_score) == (D("0.9213"), D("9.21"))


def test_rows_that_lose_points(by_title: dict) -> None:
    staff, resident = by_title[STAFF], by_title[RESIDENT]
    assert [indicator(staff, n).score for n in ("参保人数", "享受待遇人次", "预算执行率", "基本医疗保险预算支出金额")] == \
        [D("4.91"), D("3.00"), D("4.85"), D("9.21")]
    assert [indicator(resident, n).score for n in ("享受待遇人次", "预算执行率")] == [D("3.89"), D("4.47")]
    assert indicator(resident, "参保人数").score == D("5.00")  # 100.36% capped (goldens 002 G22)
    # What the unit's rule words give where the row names another rule (goldens 002 G22, G24)
    assert indicator(staff, "享受待遇人次").by_text == D("5.00")
    assert indicator(staff, "基本医疗保险预算支出金额").by_text == D("10.00")
    for se in (staff, resident):
        assert all(i.score == i.printed for i in se.indicators)


def test_level_sums(by_title: dict) -> None:
    """002 level sums (L387, L694; goldens 002 G26, G27): 决策 (= 执行率) 9.21 / 8.49, 产出 46.97 / 48.36 of 50, 效益 30, 满意度 10 (效益 + 满意度 = 40)."""
    expected = {
        STAFF: [("预算执行", "10", "9.21"), ("产出指标", "50", "46.97"), ("效益指标", "30", "30"), ("满意度指标", "10", "10")],
        RESIDENT: [("预算执行", "10", "8.49"), ("产出指标", "50", "48.36"), ("效益指标", "30", "30"),
                   ("满意度指标", "10", "10")],
    }
    for title, levels in expected.items():
        se = by_title[title]
        assert [(lv.name, lv.weight, lv.score) for lv in se.levels] == [(n, D(w), D(s)) for n, w, s in levels]
        assert se.levels[2].score + se.levels[3].score == D(40)
    assert by_title[STAFF].levels[1].rate == D("0.9394") and by_title[RESIDENT].levels[1].rate == D("0.9672")
    assert by_title[STAFF].levels[0].rate == D("0.9210")  # printed "9.21%" (goldens 002 S11, narrative only)


# ---- the unscored pension 自评表 (002 B1 自评表, 002 B2 自评表, 002 B1/B2 (万元)) ---------------------------------------------------

def test_unscored_tables(by_title: dict) -> None:
    organ, rural = by_title[ORGAN], by_title[RURAL]
    assert (organ.scored, organ.total, organ.exec_rate) == (False, None, D("0.9786"))  # 353055/360780
    assert (rural.scored, rural.total, rural.exec_rate) == (False, None, D("0.9819"))  # 64542/65733
    assert [i.met for i in organ.indicators[:4]] == [False, False, False, True]
    assert [i.met for i in rural.indicators[:4]] == [False, True, False, True]


# ---- 校验 ---------------------------------------------------------------------------------------------

def test_every_warning_is_a_slip_of_the_report(report: Result) -> None:
    got = {(c.code, c.file, c.cell) for c in report.checks}
    assert got == {(code, selfeval_file(title), cell) for code, title, cell in WARNINGS}
    assert len(report.checks) == len(WARNINGS)
    assert all(c.severity.value == "warning" for c in report.checks)


# ---- the result workbook, read back ----------------------------------------------------------------

def test_result_workbook(report: Result, tmp_path: Path) -> None:
    out = xlkit.write_result(report, tmp_path / "结果.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "自评汇总" and wb.sheetnames[-2:] == ["基金收支分析", "校验"]
    summary = {r[1]: r for r in wb["自评汇总"].iter_rows(min_row=4, values_only=True) if r[1]}
    assert (summary[STAFF][8], summary[STAFF][9], summary[STAFF][10]) == (96.18, "优", 96.18)
    assert (summary[RESIDENT][5], summary[RESIDENT][6], summary[RESIDENT][8]) == (0.8485, 8.49, 96.85)
    ws = wb["基金收支分析"]
    assert [c.value for c in ws[3]] == ["险种", None, F1, F2, T]
    body = [r for r in ws.iter_rows(min_row=4, max_row=17, values_only=True)]
    assert [r[1] or "" for r in body] == [label for _, label, _ in TABLE]
    assert [r[0] for r in body if r[0]] == ["预算", "2022年", "2021年", "收入对比分析", "支出对比分析", "基金当期结余", "滚存结余"]
    for row, (_, _, shown) in zip(body, TABLE):
        for value, text in zip(row[2:], shown):
            assert D(str(value)) == (D(text[:-1]) / 100 if text.endswith("%") else D(text))
    assert ws["A19"].value.startswith("增长 = 当年 − 上年") and ws["A20"].value.startswith("收入、支出小计不含上下级往来")
    checks = wb["校验"]
    codes = [r[3] for r in checks.iter_rows(min_row=4, values_only=True) if r[3]]
    assert len(codes) == len(WARNINGS)


def test_cli_score(fresh: Path, tmp_path: Path) -> None:
    folder = tmp_path / "k"
    shutil.copytree(fresh, folder)
    result = CliRunner().invoke(app, ["score", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"{STAFF}：自评总分 96.18，等级：优（填报 96.18）" in result.output
    assert f"{RESIDENT}：自评总分 96.85，等级：优（填报 96.85）" in result.output
    assert f"{ORGAN}：自评总分 不评分" in result.output
    assert (folder / "综合评分表.xlsx").exists()


# ---- the shipped folder ----------------------------------------------------------------------------

def test_shipped_folder_is_a_fresh_rebuild(fresh: Path, report: Result) -> None:
    names = sorted(p.name for p in fresh.glob("*.xlsx"))
    assert names == sorted(p.name for p in SHIPPED.glob("*.xlsx"))
    assert len(names) == 5 and "基金收支.xlsx" in names
    for name in names:
        assert dump_workbook(SHIPPED / name) == dump_workbook(fresh / name), name
    shipped = xlkit.score(SHIPPED).to_dict()
    assert shipped == report.to_dict()
