"""Tables typed without a heading row (`xlkit audit`): read where the layout is unambiguous.

000's 表1-1 (L376–L404) typed as its rows only: the label column holds 本年支出合计, the amount
columns are told apart by footing (the 全年预算数 and 决算数 columns foot), the percent column is a
rate and is not summed; the 年初 column's own slip (goldens 000 S3: 523.64 ≠ 464.57 + 59.08) is
found. A block whose 合计 foots in no column cannot be read and says why.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from audit_tables import EXPENSE_000
from report_seeds import build_docx

from xlkit.audit import audit


def _book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


TITLE = [["表 1-1：喀什市医疗保障局 2024年部门支出预决算情况表"], ["单位：万元"]]


def test_000_expense_table_without_its_heading_row(tmp_path: Path) -> None:
    result = audit(_book(tmp_path / "无表头.xlsx", [*TITLE, *[list(r) for r in EXPENSE_000]]))
    got = [(f.code, f.cell, f.printed, f.expected) for f in result.findings]
    assert got == [("footing", "B11", "523.64", "523.65")], got
    assert "无表头的表格" in result.findings[0].message and "B列" in result.findings[0].message
    assert result.audited == ["无表头.xlsx › Sheet：无表头的表格（第 3–11 行）"]


def test_numbers_typed_as_numbers_and_rates_as_percents(tmp_path: Path) -> None:
    rows = [["甲项目", 43.97, 10.27, 10.27, "100.00%"], ["乙项目", 15.11, 36.87, 36.87, "100.00%"],
            ["合计", 59.08, 47.14, 47.14, "100.00%"]]
    result = audit(_book(tmp_path / "项目.xlsx", rows))
    assert result.findings == [] and len(result.audited) == 1


def test_a_total_that_foots_in_no_column_is_unreadable(tmp_path: Path) -> None:
    rows = [*TITLE, ["基本支出", 464.57, 451.32], ["项目支出", 59.08, 47.14], ["合计", 498.46, 523.64]]
    result = audit(_book(tmp_path / "错位.xlsx", rows))
    got = [(f.code, f.cell) for f in result.findings]
    assert got == [("table-unreadable", "A3")], got
    assert "无表头的表格" in result.findings[0].message and "B列、C列" in result.findings[0].message
    assert "无法确定各列的含义" in result.findings[0].message


def test_a_heading_row_audit_does_not_know_is_not_guessed_at(tmp_path: Path) -> None:
    rows = [["科目", "甲", "乙"], ["基本支出", 464.57, 451.32], ["项目支出", 59.08, 47.14], ["合计", 523.64, 498.46]]
    result = audit(_book(tmp_path / "未知表头.xlsx", rows))
    assert result.findings == [] and result.audited == []


def test_a_headerless_table_in_a_word_report(tmp_path: Path) -> None:
    text = [(376, 376, "表 1-1：喀什市医疗保障局 2024年部门支出预决算情况表"), ("table", "t")]
    result = audit(build_docx(tmp_path / "报告.docx", text, {"t": [list(r) for r in EXPENSE_000]}))
    got = [(f.code, f.sheet, f.cell, f.printed, f.expected) for f in result.findings]
    assert got == [("footing", "表1-1", "B9", "523.64", "523.65")], got
