"""自评对比 on seed 003: the evaluator's 93.5 优 beside the unit's 88.37 良 (003 概要, 附件7)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from helpers import load_sample_builder

import xlkit


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    folder = load_sample_builder().build_fukang(tmp_path_factory.mktemp("cmp") / "阜康大额2024")
    return xlkit.score(folder)


def test_both_scores_and_the_difference(result) -> None:
    (cmp,) = result.comparisons
    # 003 概要: the third party 93.5, the unit 88.37 (goldens 003 G16, G19): 5.13 apart
    assert (cmp.eval_total, cmp.eval_grade, cmp.self_total, cmp.self_grade) == (D("93.50"), "优", D("88.37"), "良")
    assert cmp.difference == D("5.13")
    assert cmp.causes[0] == "评价总分 93.50（优）− 自评总分 88.37（良） = 5.13：自评共扣 11.63 分，评价共扣 6.50 分"


def test_mapping_kept_replaced_renamed_and_new(result) -> None:
    (cmp,) = result.comparisons
    by_self = {r.self_name: r for r in cmp.rows if r.self_name}
    # the evaluator's mapping of 附件7 onto 附件1: the three 参保人数 rows kept with weights 10/10/5 → 6/5/5
    kept = [by_self[n] for n in ("城镇职工大额医疗保险参保人数", "单建统筹基金参保人数", "实施统账结合参保人数")]
    assert [(r.kind, r.self_weight, r.eval_weight) for r in kept] == [
        ("保留", D("10"), D("6.00")), ("保留", D("10"), D("5.00")), ("保留", D("5"), D("5.00"))]
    assert [(r.self_score, r.eval_score) for r in kept] == [
        (D("7.83"), D("5.48")), (D("1.95"), D("3.39")), (D("4.58"), D("4.83"))]
    # 住院报销比例 → 发放准确率; 财政补助标准 → 统筹基金最高支付限额; 满意度 kept (10 → 6), 91.31% instead of 95%
    assert [e.name for e in by_self["住院报销比例"].evals] == ["职工大额医疗补助发放准确率"]
    assert by_self["职工大额医疗保险财政补助标准"].kind == "替换"
    sat = by_self["城镇职工大额医疗保险参保群众满意度"]
    assert (sat.self_score, sat.eval_score, sat.eval_rate) == (D("10.00"), D("4.89"), D("0.8150"))
    assert "实际完成值 自评“=95%”，评价“91.31%”" in sat.cause
    # the evaluator's new indicators: 决策 (10) and 过程 (25 less 预算执行率's 3) and 政策知晓率
    new = [r.evals[0].code for r in cmp.rows if r.kind == "新增"]
    assert new == ["A11", "A12", "A21", "A22", "A31", "A32", "B11", "B13", "B21", "B22", "B23", "B24", "D13"]
    assert sum(r.eval_weight for r in cmp.rows if r.kind == "新增") == D("40.00")


def test_the_difference_is_split_exactly(result) -> None:
    (cmp,) = result.comparisons
    new_lost = sum(r.eval_weight - r.eval_score for r in cmp.rows if r.kind == "新增")
    mapped = {i.code: i for r in cmp.rows if r.kind != "新增" for i in r.evals}
    mapped_lost = sum(i.weight - i.score for i in mapped.values())
    self_lost = sum((r.self_weight - r.self_score) for r in cmp.rows if r.self_weight is not None)
    # 评价 lost 6.50 = 新增 2.10 (B22 1.25 + D13 0.85) + 对应 4.40; 自评 lost 11.63; 11.63 − 6.50 = 5.13
    assert (new_lost, mapped_lost, self_lost) == (D("2.10"), D("4.40"), D("11.63"))
    assert self_lost - new_lost - mapped_lost == cmp.difference


def test_the_result_workbook_has_the_self_evaluation_and_the_comparison(result, tmp_path: Path) -> None:
    out = xlkit.write_result(result, tmp_path / "综合评分表.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-3:] == ["自评表", "自评对比", "校验"]
    rows = [[c.value for c in r] for r in wb["自评对比"].iter_rows(min_row=4)]
    total = next(r for r in rows if r[0] == "总分")
    assert (total[2], total[3], total[7], total[8], total[9]) == (88.37, "良", 93.5, "优", pytest.approx(5.13))
    dropped = next(r for r in rows if r[0] == "住院报销比例")
    assert dropped[4:8] == ["替换", "C21 职工大额医疗补助发放准确率", 5, 5]


def test_a_code_that_is_not_in_the_system_is_reported(tmp_path: Path) -> None:
    builder = load_sample_builder()
    import fukang_selfeval

    rows = [list(r) for r in fukang_selfeval.ROWS]
    rows[0][16] = "C99"
    original = fukang_selfeval.ROWS
    fukang_selfeval.ROWS = [tuple(r) for r in rows]
    try:
        folder = builder.build_fukang(tmp_path / "f")
    finally:
        fukang_selfeval.ROWS = original
    res = xlkit.score(folder)
    issue = next(i for i in res.checks if i.code == "compare-unknown-code")
    assert (issue.file, issue.sheet, issue.cell, issue.value) == ("绩效自评表.xlsx", "绩效指标", "Q4", "C99")
    row = next(r for r in res.comparisons[0].rows if r.self_name == "城镇职工大额医疗保险参保人数")
    assert row.evals == [] and row.kind == "未对应"
