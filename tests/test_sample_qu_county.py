"""Seed 004 (渠县医疗保障局 2023): the 部门整体 and ten project 自评表, scored by the unit's own rules.

Golden figures are report 004's (tests/goldens/004.toml): the printed totals and what the tables imply, the
weights by 一级, the 数量指标 count, golden cases goldens 004 G12, G26, G29, G31, G32; the slips (S<n>) the
校验 sheet must show.
The unit printed 97 and ten times 100; where the rules give another figure the 校验 sheet says why.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from goldens import figure
from helpers import dump_workbook, indicator, load_sample_builder, score_selfevals

import xlkit
from xlkit.scoring.evaluation import Result

SHIPPED = Path(__file__).resolve().parent.parent / "samples" / "qu-county-medical-security-2023"

P1 = "城乡居民基本医疗保险筹资工作专项经费"
P2 = "2023年基金监管工作经费"
P3 = "2023年医保大厅运行经费"
P4 = "2023年医保网点检查机房维护费"
P5 = "2023年医保网点网络及软件服务费"
P6 = "2023年医疗保险参保政策宣传费"
P7 = "非税收入工作经费"
P8 = "2023年伙食补助"
P9 = "2023年医疗服务与保障能力提升补助资金"
P10 = "渠县医保智能监管系统建设项目"
DEPT = "渠县医疗保障局部门整体支出"
PROJECTS = [P1, P2, P3, P4, P5, P6, P7, P8, P9, P10]


def file_of(title: str) -> str:
    return "绩效自评表（部门整体）.xlsx" if title == DEPT else f"绩效自评表（{title}）.xlsx"


# 004 printed vs table scores (H): 执行率 10 + the table under 按完成比例; printed 97 / 100, all 优.
TOTALS = {
    DEPT: ("100.00", "优", "97.00"),
    P1: ("99.49", "优", "100.00"),  # 80 + 9.49 + 10
    P7: ("80.00", "良", "100.00"),  # weights 70 + 10
    P9: ("80.00", "良", "100.00"),
    **{p: ("100.00", "优", "100.00") for p in (P2, P3, P4, P5, P6, P8, P10)},
}

# 004 weights by 一级: Σ权重 by 一级 (产出, 效益, 满意度, 成本); every project adds 预算执行 10.
LEVELS = {
    P1: (50, 20, 10, 10), P2: (50, 20, 10, 10), P3: (40, 20, 10, 20), P4: (40, 20, 10, 20), P5: (40, 20, 10, 20),
    P6: (40, 20, 10, 20), P7: (36, 14, 10, 10), P8: (50, 20, 10, 10), P9: (36, 14, 10, 10), P10: (50, 20, 10, 10),
    DEPT: (61, 24, 6, 9),
}

# Every warning: (code, 自评表, cell). 004 printed vs table scores differences, goldens 004 G31 strict ＜, goldens 004 S15–S18, S23, S24, S35.
WARNINGS = {
    ("selfeval-printed-total", DEPT, "B16"),  # 97 printed, 100 by the table (goldens 004 S9, untraceable)
    ("selfeval-at-threshold", DEPT, "H34"),  # 满意度 90 / 90 (goldens 004 S35)
    ("selfeval-printed-total", P1, "B16"),  # 参保人数 91.8 / 96.7 → 9.49 (goldens 004 G29)
    ("selfeval-level-name", P1, "C10"),  # 三级 "服务对象满意度指标"
    ("selfeval-level-name", P1, "C11"),  # 三级 "经济成本指标" (goldens 004 S18)
    ("selfeval-level-mismatch", P2, "C10"),  # 检查人员被投诉次数 as 满意度 (goldens 004 S24)
    ("selfeval-duplicate-name", P3, "C8"),  # 群众对医保工作得认可率 twice (goldens 004 S17)
    ("selfeval-at-threshold", P3, "H9"),
    ("selfeval-strict-boundary", P4, "H6"),  # ＜24 小时 with 24 (goldens 004 G31)
    ("selfeval-at-threshold", P4, "H7"),
    ("selfeval-strict-boundary", P5, "H6"),
    ("selfeval-at-threshold", P6, "H9"),
    ("selfeval-qualitative-numeric", P8, "D7"),  # 定性 "1 年" (goldens 004 S23)
    *((code, p, cell) for p in (P7, P9) for code, cell in (
        ("weight-total", None),  # Σ 70 + 10 (goldens 004 S11)
        ("selfeval-printed-total", "B16"),
        ("selfeval-level-mismatch", "C12"),  # 跨省异地就医直接结算率 as 满意度 (goldens 004 S16, S24)
        ("selfeval-level-mismatch", "C13"),  # 医保重要政策知晓率 as 成本
    )),
    ("selfeval-copy", P7, "C4"),  # P7's table is P9's (goldens 004 S15)
}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load_sample_builder().build_qu_county(tmp_path_factory.mktemp("qu") / SHIPPED.name)


@pytest.fixture(scope="module")
def report(fresh: Path) -> Result:
    return score_selfevals(fresh)


@pytest.fixture(scope="module")
def by_title(report: Result) -> dict:
    return {se.title: se for se in report.self_evals}


def test_eleven_self_evaluations(report: Result) -> None:
    assert sorted(se.file for se in report.self_evals) == sorted(file_of(t) for t in [*PROJECTS, DEPT])
    assert [p.name for p in sorted(SHIPPED.glob("*.xlsx"))] == sorted(file_of(t) for t in [*PROJECTS, DEPT])


@pytest.mark.parametrize("title", list(TOTALS))
def test_total_and_grade(by_title: dict, title: str) -> None:
    se = by_title[title]
    total, grade, printed = TOTALS[title]
    assert (se.total, se.grade, se.printed_total, se.info.get("printed_grade")) == (D(total), grade, D(printed), "优")


@pytest.mark.parametrize("title", list(LEVELS))
def test_weights_by_level(by_title: dict, title: str) -> None:
    se = by_title[title]
    expected = dict(zip(("产出指标", "效益指标", "满意度指标", "成本指标"), map(D, LEVELS[title])))
    if title != DEPT:
        expected = {"预算执行": D(10), **expected}
    assert {lv.name: lv.weight for lv in se.levels} == expected


def test_department_has_no_execution_block(by_title: dict) -> None:
    se = by_title[DEPT]
    assert (se.exec_weight, se.exec_score, se.total_weight, len(se.indicators)) == (D(0), None, D(100), 35)
    assert se.annual == D("1406.77")  # 资金总额 = 财政拨款 1,406.77 (004 部门整体 自评表)
    # goldens 004 G26: 918226 ≥ 917320, 完成率 100.10 %
    assert (indicator(se, "参保人数").completion, indicator(se, "参保人数").met) == (D("1.0010"), True)


def test_p1_enrolment_is_the_one_shortfall(by_title: dict) -> None:
    se = by_title[P1]
    item = indicator(se, "参保人数")
    # goldens 004 G29: 91.8 / 96.7 = 94.93 %, 10 × 94.93 % = 9.49
    assert (item.completion, item.met, item.score) == (D("0.9493"), False, D("9.49"))
    assert (se.exec_rate, se.exec_score) == (D("1.0000"), D("10.00"))
    assert [i.name for i in se.indicators if i.score != i.weight] == ["参保人数"]


@pytest.mark.parametrize("title", [P4, P5])
def test_strict_less_than_at_24_hours_is_not_met_but_full(by_title: dict, title: str) -> None:
    (item,) = [i for i in by_title[title].indicators if "故障处理时限" in i.name]
    # goldens 004 G31: 24 < 24 is false; 目标/实际 = 24/24 gives full marks all the same
    assert (item.target, item.met, item.completion, item.score) == ("＜24小时", False, D("1.0000"), D("10.00"))


def test_boundaries_that_pass(by_title: dict) -> None:
    # goldens 004 G32: ≥ and ≤ with equality are met
    assert indicator(by_title[DEPT], "群众对医保工作的认可率").met is True
    assert indicator(by_title[DEPT], "宣传手册印制发放数量").met is True
    assert indicator(by_title[P9], "医保信息系统重大安全时间响应时间").met is True
    assert indicator(by_title[P2], "检查人员被投诉次数").met is True


def test_portfolio_figures(by_title: dict) -> None:
    projects = [by_title[p] for p in PROJECTS]
    # goldens 004 G12: Σ 年度资金总额 of the ten projects
    assert sum(se.annual for se in projects) == figure("004", "G12")
    # 004 数量指标 count: 15 数量指标, 14 met (the text's "实际完成 15 个" is the slip, goldens 004 S7)
    quantity = [i for se in projects for i in se.indicators if i.level2 == "数量指标"]
    assert (len(quantity), sum(1 for i in quantity if i.met)) == (15, 14)


def test_every_warning_code_file_and_cell(report: Result) -> None:
    got = [(c.code, c.file, c.cell) for c in report.checks]
    assert len(got) == len(set(got))
    assert set(got) == {(code, file_of(title), cell) for code, title, cell in WARNINGS}
    assert all(c.severity.value == "warning" for c in report.checks)


def test_each_result_carries_its_own_warnings(report: Result) -> None:
    for se in report.self_evals:
        assert {(c.code, c.cell) for c in se.checks} == {(c.code, c.cell) for c in report.checks if c.file == se.file}


def test_department_difference_is_called_untraceable(report: Result) -> None:
    (issue,) = [c for c in report.checks if c.code == "selfeval-printed-total" and c.file == file_of(DEPT)]
    assert (issue.value, issue.expected) == ("97.00", "100.00")
    assert "差异无法从表中追溯" in issue.message


def test_result_workbook(report: Result, tmp_path: Path) -> None:
    path = xlkit.write_result(report, tmp_path / "自评结果.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[0] == "自评汇总" and wb.sheetnames[-1] == "校验"
    assert sorted(wb.sheetnames[1:-1]) == sorted(f"自评-{t}" for t in [*PROJECTS, DEPT])

    summary = wb["自评汇总"]
    header = [c.value for c in summary[3]]
    rows = {r[1]: dict(zip(header, r)) for r in summary.iter_rows(min_row=4, max_row=14, values_only=True)}
    assert set(rows) == set(TOTALS)
    for title, (total, grade, printed) in TOTALS.items():
        row = rows[title]
        assert (D(str(row["总分"])), row["等级"], D(str(row["填报总分"])), row["填报等级"]) == (D(total), grade, D(printed), "优")
        assert D(str(row["差异"])) == D(printed) - D(total)
        assert row["工作表"] == f"自评-{title}"

    checks = wb["校验"]
    where = [(r[3], r[1]) for r in checks.iter_rows(min_row=4, max_row=checks.max_row, values_only=True) if r[3]]
    expected = {(code, f"{file_of(t)} › {'基本信息' if cell == 'B16' else '绩效指标'}" + (f" › {cell}" if cell else ""))
                for code, t, cell in WARNINGS}
    assert len(where) == len(WARNINGS) and set(where) == expected

    p1 = wb[f"自评-{P1}"]
    values = list(p1.iter_rows(values_only=True))
    (enrol,) = [r for r in values if r[2] == "参保人数"]
    assert (enrol[6], enrol[7], enrol[8]) == (0.9493, "否", 9.49)  # 完成率, 达成, 得分
    (total,) = [r for r in values if r[0] == "总分"]
    assert (total[8], total[9]) == (99.49, 100)


def test_shipped_folder_is_a_fresh_rebuild(fresh: Path, report: Result) -> None:
    names = sorted(p.name for p in fresh.glob("*.xlsx"))
    assert names == sorted(p.name for p in SHIPPED.glob("*.xlsx"))
    for name in names:
        assert dump_workbook(SHIPPED / name) == dump_workbook(fresh / name), name
    assert xlkit.score(SHIPPED).to_dict() == report.to_dict()
