"""`xlkit new`: the standard workbooks, compared with committed golden dumps."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from helpers import dump_workbook, dumps

import xlkit
from xlkit.spec.templates import workbook_specs

GOLDEN = Path(__file__).parent / "golden"
FILES = ["指标体系.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"]


def _check_golden(path: Path, name: str, update: bool) -> None:
    golden = GOLDEN / f"{name}.json"
    text = dumps(dump_workbook(path))
    if update or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not update:
            pytest.fail(f"golden {golden.name} was missing and has been written; review and commit it")
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs from its golden dump"


@pytest.mark.parametrize("file", FILES)
def test_department_set_matches_golden(kashi_folder: Path, file: str, update_golden: bool) -> None:
    _check_golden(kashi_folder / file, f"部门整体-{Path(file).stem}", update_golden)


def test_project_indicator_workbook_matches_golden(fukang_folder: Path, update_golden: bool) -> None:
    _check_golden(fukang_folder / "指标体系.xlsx", "项目支出-指标体系", update_golden)


def test_generating_twice_gives_identical_dumps(tmp_path: Path, kashi_folder: Path) -> None:
    again = tmp_path / "again"
    xlkit.new_project(again, eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
    for file in FILES:
        assert dump_workbook(again / file) == dump_workbook(kashi_folder / file), file


def test_every_workbook_has_stamp_lists_and_help(kashi_folder: Path) -> None:
    for spec in workbook_specs().values():
        wb = openpyxl.load_workbook(kashi_folder / spec.file)
        names = wb.sheetnames
        assert [s.name for s in spec.sheets] == names[: len(spec.sheets)]
        assert "填表说明" in names
        stamp = wb["_xlkit"]
        assert stamp.sheet_state == "veryHidden"
        assert (stamp["A1"].value, stamp["B1"].value) == ("kind", spec.kind)
        assert (stamp["A2"].value, stamp["B2"].value) == ("version", spec.version)
        assert wb["清单"].sheet_state == "hidden"


def test_department_indicators_prefilled_from_seed_000(kashi_folder: Path) -> None:
    ws = openpyxl.load_workbook(kashi_folder / "指标体系.xlsx")["指标体系"]
    header = [c.value for c in ws[3]]
    assert header[:5] == ["指标编码", "一级指标", "二级指标", "三级指标", "分值"]
    codes = [ws.cell(r, 1).value for r in range(4, 28)]
    weights = [ws.cell(r, 5).value for r in range(4, 28)]
    # 000 附件1: 24 三级 indicators A11…C21 weighing 100.00 in all
    assert codes[0] == "A11" and codes[-1] == "C21" and len(set(codes)) == 24
    assert sum(weights) == pytest.approx(100.0)
    assert ws.cell(28, 1).value is None
    # An input sheet merges nothing below its title: 一级/二级 names repeat on every row (a user can
    # insert or delete an indicator without unprotecting the sheet) and a border opens each 一级 group.
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:L1"}  # the title, over the printed columns
    assert [ws.cell(r, 2).value for r in range(4, 10)] == ["部门决策"] * 6  # A11–A32
    assert ws["B10"].value == "部门管理"
    assert ws["B10"].border.top.style == "medium" and ws["B9"].border.top.style == "thin"
    assert ws["C10"].border.top.style == "medium"  # the whole row, not only the 一级 cell


def test_input_cells_unlocked_headers_and_formulas_locked(kashi_folder: Path) -> None:
    wb = openpyxl.load_workbook(kashi_folder / "预决算.xlsx")
    ws = wb["支出"]
    assert ws.protection.sheet and not ws.protection.password
    assert ws["A3"].value == "项目（按支出性质和经济分类）" and ws["A3"].protection.locked
    assert ws["B4"].protection.locked is False  # 一、基本支出 年初预算数
    assert ws["E4"].value.startswith("=IF(") and ws["E4"].protection.locked  # 预算执行率
    assert ws["A1"].value == "喀什市医疗保障局2024年部门支出预决算情况表"
    assert ws["F2"].value == "单位：万元"
    assert ws.freeze_panes == "B4"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$3:$3"


def test_dropdowns_come_from_hidden_list_sheet(kashi_folder: Path) -> None:
    wb = openpyxl.load_workbook(kashi_folder / "指标体系.xlsx")
    lists = wb["清单"]
    header = {lists.cell(1, c).value: c for c in range(1, lists.max_column + 1)}
    rule_col = header["评分规则"]
    rule_names = [lists.cell(r, rule_col).value for r in range(2, 21)]
    # the whole catalogue of 19 rule types, by Chinese name
    assert len(rule_names) == 19 and None not in rule_names
    assert {"扣分制", "区间线性", "容差区间", "分档计分", "问卷折算", "一票否决"} <= set(rule_names)
    dvs = {str(dv.sqref): dv for dv in wb["指标体系"].data_validations.dataValidation}
    rule_dv = next(dv for ref, dv in dvs.items() if ref.startswith("M"))
    assert rule_dv.type == "list" and re.fullmatch(r"'清单'!\$[A-Z]+\$2:\$[A-Z]+\$\d+", rule_dv.formula1)
    assert rule_dv.errorStyle in (None, "stop") and "下拉列表" in rule_dv.error


def test_numeric_validation_messages_are_chinese(kashi_folder: Path) -> None:
    ws = openpyxl.load_workbook(kashi_folder / "预决算.xlsx")["支出"]
    dv = next(dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("B"))
    assert dv.type == "decimal" and dv.errorStyle == "warning"
    assert dv.error == "“年初预算数”应为数字；不适用可填“-”。"


def test_project_type_requires_project_name(tmp_path: Path) -> None:
    with pytest.raises(xlkit.XlkitError, match="项目名称"):
        xlkit.new_project(tmp_path / "x", eval_type="项目支出", unit="阜康市医疗保障局", year=2024)


def test_unknown_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(xlkit.XlkitError, match="评价类型应为 部门整体、项目支出"):
        xlkit.new_project(tmp_path / "x", eval_type="整体", unit="某单位", year=2024)


def test_existing_files_are_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    xlkit.new_project(folder, eval_type="部门整体", unit="某单位", year=2024)
    (folder / "预决算.xlsx").write_bytes(b"typed by a clerk")
    with pytest.raises(xlkit.OutputExistsError, match=r"预决算\.xlsx"):
        xlkit.new_project(folder, eval_type="部门整体", unit="某单位", year=2024)
    assert (folder / "预决算.xlsx").read_bytes() == b"typed by a clerk"
    xlkit.new_project(folder, eval_type="部门整体", unit="某单位", year=2024, force=True)
    assert (folder / "预决算.xlsx").read_bytes()[:2] == b"PK"
