"""The result workbook (综合评分表.xlsx): read back with openpyxl and recalculated by LibreOffice.

Golden figures are seed 000's printed ones (000 附件1, 000 表1-1/表1-2, 000 附件3, 000 表3-1).
"""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from helpers import convert_with_soffice
from seed000 import SEED_SCORES

from xlkit.errors import OutputExistsError
from xlkit.scoring.evaluation import Result, score
from xlkit.write.result_writer import SHEETS, write_result


@pytest.fixture(scope="module")
def result(kashi_sample: Path) -> Result:
    return score(kashi_sample)


@pytest.fixture(scope="module")
def book(result: Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_result(result, tmp_path_factory.mktemp("result") / "综合评分表.xlsx")


def _d(value: object) -> str:
    return f"{Decimal(str(value)):.2f}"


def _score_rows(ws) -> dict[str, tuple]:
    """三级 rows by code (column C starts with the code), subtotal and total rows by label."""
    rows = {}
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        label = str(row[2].value or row[0].value or "")
        key = label[:3] if row[2].value else label
        rows[key] = tuple(c.value for c in row[:11])
    return rows


def test_sheets(book: Path) -> None:
    assert openpyxl.load_workbook(book).sheetnames == list(SHEETS)


def test_every_indicator_score_and_rate(book: Path) -> None:
    ws = openpyxl.load_workbook(book, data_only=True)["综合评分表"]
    rows = _score_rows(ws)
    assert {code: _d(rows[code][8]) for code in SEED_SCORES} == SEED_SCORES
    # the report misprints these two 得分率 in one of its tables (goldens 000 S1–S2)
    assert f"{rows['A12'][9]:.4f}" == "0.6250" and f"{rows['B31'][9]:.4f}" == "0.7500"


def test_subtotals_and_total_are_formulas_with_xlkit_cached_values(book: Path) -> None:
    formulas = _score_rows(openpyxl.load_workbook(book)["综合评分表"])
    values = _score_rows(openpyxl.load_workbook(book, data_only=True)["综合评分表"])
    subtotal = {k: v for k, v in values.items() if k.endswith("小计")}
    assert {k: (_d(v[7]), _d(v[8])) for k, v in subtotal.items()} == {
        "部门决策 小计": ("15.00", "13.50"), "部门管理 小计": ("25.00", "19.40"), "部门绩效 小计": ("60.00", "60.00")}
    assert (_d(values["合计"][7]), _d(values["合计"][8]), f"{values['合计'][9]:.4f}") == ("100.00", "92.90", "0.9290")
    assert values["合计"][10] == "等级：优"
    for key in [*subtotal, "合计"]:
        assert str(formulas[key][8]).startswith("="), key
    assert str(formulas["部门决策 小计"][8]).startswith("=SUM(")
    assert str(formulas["A12"][9]).startswith("=IF(")


def test_merged_level_cells(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["综合评分表"]
    merged = {str(r): ws[str(r).split(":")[0]].value for r in ws.merged_cells.ranges}
    # the weight on a line of its own: "A部门决策（15.00分" wrapped its "）" onto a line alone
    assert "A部门决策\n（15.00分）" in merged.values()
    assert "A1部门战略计划" in merged.values() and "C1部门履职情况" in merged.values()


def test_workbook_equals_json(book: Path, result: Result) -> None:
    data = result.to_dict()
    values = _score_rows(openpyxl.load_workbook(book, data_only=True)["综合评分表"])
    assert {i["code"]: i["score"] for i in data["indicators"]} == {c: _d(values[c][8]) for c in SEED_SCORES}
    assert data["total"] == _d(values["合计"][8])
    summary = openpyxl.load_workbook(book, data_only=True)["得分汇总"]
    header = [c.value for c in summary[3]]
    scores = [c.value for c in summary[5]]
    level1 = [lv for lv in data["levels"] if lv["level"] == "一级"]
    assert header == ["指标", *[lv["name"] for lv in level1], "合计分值"]
    assert [_d(v) for v in scores[1:]] == [*[lv["score"] for lv in level1], data["total"]]
    grade_row = next(r for r in summary.iter_rows(values_only=True) if r[0] == "等级")
    assert grade_row[1] == data["grade"] == "优"


def test_summary_references_the_score_sheet_and_has_a_chart(book: Path) -> None:
    ws = openpyxl.load_workbook(book)["得分汇总"]
    assert str(ws["B5"].value).startswith("='综合评分表'!")
    with zipfile.ZipFile(book) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


def test_deduction_sheet(book: Path) -> None:
    ws = openpyxl.load_workbook(book, data_only=True)["扣分明细"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]]
    evidence = [r[5] for r in rows if r[0] == "B32"]
    assert evidence == ["2024-6-2号", "2024-6-3号", "2024-8-2号"]
    total = next(r for r in rows if r[0] == "扣分合计")
    assert _d(total[3]) == "7.10"  # 100.00 − 92.90


def _find(ws, text: str) -> tuple:
    return next(r for r in ws.iter_rows(values_only=True) if r[0] is not None and str(r[0]).strip().endswith(text))


def test_budget_analysis(book: Path) -> None:
    ws = openpyxl.load_workbook(book, data_only=True)["预决算分析"]
    assert f"{_find(ws, '本年支出合计')[4]:.4f}" == "1.0000"
    assert f"{_find(ws, '离休干部及革命伤残军人医疗补助项目')[4]:.4f}" == "-0.7664"  # G6: a cut, signed
    assert _find(ws, "2024年驻村工作队为民办实事经费")[4] == "-"  # G7
    project_total = next(r for r in ws.iter_rows(values_only=True) if r[0] == "合计")
    assert f"{project_total[4]:.4f}" == "-0.2021"  # G8
    assert f"{_find(ws, '收入合计')[4]:.4f}" == "0.0481"  # G5


def test_survey_results(book: Path) -> None:
    ws = openpyxl.load_workbook(book, data_only=True)["问卷结果"]
    rates = {r[0]: f"{r[5]:.4f}" for r in ws.iter_rows(values_only=True) if r[0] in ("Q3", "Q5", "Q6", "Q7", "综合")}
    assert rates == {"Q3": "0.9451", "Q5": "0.9663", "Q6": "0.8961", "Q7": "0.9549", "综合": "0.9406"}
    shares = [(r[1], r[3]) for r in ws.iter_rows(values_only=True) if r[2] is not None]
    assert ("非常满意", "76.5%") in shares and ("非常满意", "86.1%") in shares  # Q3; Q5 on N = 101
    coverage = next(r for r in ws.iter_rows(values_only=True) if r[0] == "问卷覆盖率")
    assert f"{coverage[2]:.4f}" == "0.2948"


def test_check_sheet_lists_the_warnings(book: Path, result: Result) -> None:
    ws = openpyxl.load_workbook(book)["校验"]
    codes = [r[3] for r in ws.iter_rows(min_row=4, values_only=True) if r[3]]
    assert codes == [c.code for c in result.checks] and "footing" in codes
    # the English code stays on screen, off the paper: the print area ends at 说明
    assert [c.value for c in ws[3]] == ["序号", "位置", "说明", "代码"]
    assert ws.print_area.split("!")[-1] == f"$A$1:$C${3 + len(codes)}"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:C1"}


def test_refuses_to_overwrite(result: Result, tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError):
        write_result(result, out)
    assert out.read_bytes() == b"keep me"
    write_result(result, out, force=True)
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left behind


@pytest.mark.soffice
def test_libreoffice_recalculates_the_same_totals(book: Path, tmp_path: Path) -> None:
    # Drop every cached value first (openpyxl saves formulas without them), so the totals read
    # back can only come from LibreOffice evaluating xlkit's formulas.
    wb = openpyxl.load_workbook(book)
    stripped = tmp_path / "stripped.xlsx"
    wb.save(stripped)
    assert _score_rows(openpyxl.load_workbook(stripped, data_only=True)["综合评分表"])["合计"][8] is None
    recalculated = convert_with_soffice(stripped, tmp_path / "lo")
    rows = _score_rows(openpyxl.load_workbook(recalculated, data_only=True)["综合评分表"])
    assert {k: _d(v[8]) for k, v in rows.items() if k.endswith("小计")} == {
        "部门决策 小计": "13.50", "部门管理 小计": "19.40", "部门绩效 小计": "60.00"}
    assert _d(rows["合计"][8]) == "92.90"
    assert f"{rows['B52'][9]:.4f}" == "0.6667"
    summary = openpyxl.load_workbook(recalculated, data_only=True)["得分汇总"]
    assert _d(summary["E5"].value) == "92.90"
