"""Year over year in typed budget tables (`xlkit audit`): a year's figures printed twice must agree.

A 财政局 gets multi-year tables (2020 | 2021 side by side) and this year's table with a 上年决算数
column; last year's figures repeated there must be last year's table's figures. The cross-table
footing (表1-1 二、项目支出 = 表1-2 合计) pairs the tables of the same year.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xlkit.audit import audit


def _years_book(path: Path, second_2021_basic_final: float) -> Path:
    """A 2020/2021 table and, below it, a 2021/2022 table repeating 2021."""
    wb = openpyxl.Workbook()
    ws = wb.active
    rows = [["项目", "2020年", None, None, "2021年", None, None],
            [None, "年初预算数", "调整后预算数", "执行数", "年初预算数", "调整后预算数", "执行数"],
            ["基本支出", 10, 10, 9, 12, 12, 12],
            ["项目支出", 5, 6, 6, 4, 4, 3],
            ["合计", 15, 16, 15, 16, 16, 15],
            [],
            ["项目", "2021年", None, None, "2022年", None, None],
            [None, "年初预算数", "调整后预算数", "执行数", "年初预算数", "调整后预算数", "执行数"],
            ["基本支出", 12, 12, second_2021_basic_final, 13, 13, 13],
            ["项目支出", 4, 4, 3, 2, 2, 2],
            ["合计", 16, 16, second_2021_basic_final + 3, 15, 15, 15]]
    for row in rows:
        ws.append(row)
    for rng in ("B1:D1", "E1:G1", "B7:D7", "E7:G7"):
        ws.merge_cells(rng)
    wb.save(path)
    return path


def test_a_year_in_two_multi_year_tables(tmp_path: Path) -> None:
    clean = audit(_years_book(tmp_path / "一致.xlsx", 12))
    assert clean.findings == [] and len([a for a in clean.audited if "支出预决算表" in a]) == 4
    result = audit(_years_book(tmp_path / "不一致.xlsx", 11))
    got = [(f.code, f.cell, f.printed, f.expected) for f in result.findings]
    # 2021 基本支出 执行数 (and so its 合计) differ from the first table's 2021 columns
    assert got == [("year-repeat", "D9", "11.00", "12.00"), ("year-repeat", "D11", "14.00", "15.00")], got
    f = result.findings[0]
    assert f.severity.value == "error" and "2021年" in f.message and "Sheet › G3" in f.message


def _prior_book(path: Path, prior_basic: float, prior_total: float) -> Path:
    """Sheet 2023: last year's table (year in its title); sheet 2024: this year's with 上年决算数."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "上年"
    for row in (["2023年部门支出预决算情况表"], ["单位：万元"],
                ["项目", "年初预算数", "全年预算数", "决算数"],
                ["一、基本支出", 440.10, 430.00, 429.50],
                ["二、项目支出", 60.00, 50.00, 49.00],
                ["本年支出合计", 500.10, 480.00, 478.50]):
        ws.append(row)
    ws = wb.create_sheet("本年")
    for row in (["2024年部门支出预决算情况表"], ["单位：万元"],
                ["项目", "上年决算数", "年初预算数", "全年预算数", "决算数"],
                ["一、基本支出", prior_basic, 464.57, 451.32, 451.32],
                ["二、项目支出", 49.00, 59.08, 47.14, 47.14],
                ["本年支出合计", prior_total, 523.65, 498.46, 498.46]):
        ws.append(row)
    wb.save(path)
    return path


def test_last_years_figures_repeated_in_this_years_table(tmp_path: Path) -> None:
    assert audit(_prior_book(tmp_path / "一致.xlsx", 429.50, 478.50)).findings == []
    result = audit(_prior_book(tmp_path / "不一致.xlsx", 429.05, 478.05))
    got = [(f.code, f.sheet, f.cell, f.printed, f.expected) for f in result.findings]
    assert got == [("year-repeat", "本年", "B4", "429.05", "429.50"),
                   ("year-repeat", "本年", "B6", "478.05", "478.50")], got
    assert "上年 › D4" in result.findings[0].message and "上年决算数" in result.findings[0].message


def test_the_prior_year_column_foots(tmp_path: Path) -> None:
    """A 上年 column is a column of the table: its 合计 must be its rows' sum (here with no 2023 table)."""
    path = _prior_book(tmp_path / "合计.xlsx", 429.50, 478.60)
    wb = openpyxl.load_workbook(path)
    del wb["上年"]
    wb.save(path)
    got = [(f.code, f.cell, f.printed, f.expected) for f in audit(path).findings]
    assert got == [("footing", "B6", "478.60", "478.50")], got


def test_project_table_against_the_expense_table_of_its_year(tmp_path: Path) -> None:
    """The 项目支出 line of each year's 支出 table against that year's 项目表 合计, not another year's."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for year, project_line, items in (("2023", (60.00, 50.00, 49.00), [("甲项目", 60.00, 50.00, 49.00)]),
                                      ("2024", (59.08, 47.14, 47.14), [("乙项目", 43.97, 10.27, 10.27),
                                                                       ("丙项目", 15.11, 36.87, 36.77)])):
        ws = wb.create_sheet(f"{year}年支出")
        for row in ([f"{year}年部门支出预决算情况表"], ["项目", "年初预算数", "全年预算数", "决算数"],
                    ["一、基本支出", 400.00, 400.00, 400.00], ["二、项目支出", *project_line],
                    ["本年支出合计", 400.00 + project_line[0], 400.00 + project_line[1], 400.00 + project_line[2]]):
            ws.append(row)
        ws = wb.create_sheet(f"{year}年项目")
        ws.append([f"{year}年项目预算执行情况表"])
        ws.append(["序号", "项目名称", "年初预算数", "调整后预算数", "实际支出数"])
        for n, (name, *amounts) in enumerate(items, start=1):
            ws.append([n, name, *amounts])
        ws.append(["合计", None, *(round(sum(x[i] for x in items), 2) for i in (1, 2, 3))])
    wb.save(tmp_path / "两年.xlsx")
    got = [(f.code, f.sheet, f.cell, f.printed, f.expected) for f in audit(tmp_path / "两年.xlsx").findings]
    # 2024: 项目表 实际支出 10.27 + 36.77 = 47.04 ≠ 项目支出 决算数 47.14; 2023 agrees with its own 项目表
    assert got == [("footing", "2024年支出", "D4", "47.14", "47.04")], got
