"""`xlkit new --system`: start from an empty system, a standard one, or an existing 指标体系.xlsx."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import xlkit
from xlkit.cli import app
from xlkit.errors import XlkitError
from xlkit.read.records import read_book

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KASHI = SAMPLES / "kashi-medical-security-2024" / "指标体系.xlsx"
runner = CliRunner()


def test_blank_system_has_no_indicators_and_default_grades(tmp_path: Path) -> None:
    xlkit.new_project(tmp_path / "p", eval_type="部门整体", unit="某医疗保障局", year=2025, system="空白")
    book = read_book(tmp_path / "p" / "指标体系.xlsx", "indicators")
    assert book.indicators == [] and book.levels == [] and book.findings == []
    assert book.info["grades"] == "优>=90；良>=80；中>=60；差<60"
    assert book.info["type"] == "部门整体"
    ws = openpyxl.load_workbook(tmp_path / "p" / "指标体系.xlsx")["指标体系"]
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:L1"}  # nothing to unmerge before typing


def test_existing_workbook_is_carried_over_with_filled_values_cleared(tmp_path: Path) -> None:
    source = read_book(KASHI, "indicators")
    assert any(i.actual for i in source.indicators) and source.findings  # the sample is filled in
    xlkit.new_project(tmp_path / "p", eval_type="", unit="另一医疗保障局", year=2025, system=KASHI)
    book = read_book(tmp_path / "p" / "指标体系.xlsx", "indicators")
    assert not [i for i in book.data.issues if i.severity == "error"]
    assert book.info["type"] == "部门整体"  # taken from the workbook when --type is not given
    assert book.info["unit"] == "另一医疗保障局" and book.info["year"] == 2025
    assert book.info["grades"] == source.info["grades"]
    assert [(lv.code, lv.level, lv.name, lv.parent, lv.weight) for lv in book.levels] == \
        [(lv.code, lv.level, lv.name, lv.parent, lv.weight) for lv in source.levels]
    carried = ("code", "level1", "level2", "name", "weight", "explanation", "points", "standard", "target",
               "source", "method", "rule", "params", "measure")
    assert len(book.indicators) == len(source.indicators) == 24
    for new, old in zip(book.indicators, source.indicators, strict=True):
        assert {k: new.row.get(k) for k in carried} == {k: old.row.get(k) for k in carried}, old.code
        assert new.actual is None and new.reason is None
    assert book.findings == []  # 扣分事项 belong to last year's evaluation


def test_carried_over_folder_passes_check_once_values_are_entered(tmp_path: Path) -> None:
    # Same system, same values typed again → the same verdict as the sample: nothing was lost.
    folder = tmp_path / "p"
    xlkit.new_project(folder, eval_type="部门整体", unit="喀什市医疗保障局", year=2024, system=KASHI)
    for name in ("预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"):
        shutil.copy(KASHI.parent / name, folder / name)
    source = read_book(KASHI, "indicators")
    wb = openpyxl.load_workbook(folder / "指标体系.xlsx")
    ws = wb["指标体系"]
    for r, ind in zip(range(4, 28), source.indicators, strict=True):
        assert ws.cell(r, 1).value == ind.code
        ws.cell(r, 10).value = ind.row.raw.get("actual")
        ws.cell(r, 16).value = ind.reason
    wf = wb["扣分事项"]
    for r, f in enumerate(source.findings, start=4):
        for c, v in enumerate((f.code, f.reason, f.points_text, f.element, f.evidence, "是" if f.veto else None), 1):
            wf.cell(r, c).value = v
    wb.save(folder / "指标体系.xlsx")
    ours = xlkit.score(folder)
    theirs = xlkit.score(KASHI.parent)
    assert ours.evaluation.total == theirs.evaluation.total
    assert [i.score for i in ours.evaluation.indicators] == [i.score for i in theirs.evaluation.indicators]


def test_standard_system_by_name_and_cli_type_from_system(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "p"), "--system", "项目支出", "--unit", "某局",
                                 "--project", "某项目", "--year", "2025"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    book = read_book(tmp_path / "p" / "指标体系.xlsx", "indicators")
    assert book.info["type"] == "项目支出" and book.indicators


def test_cli_system_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "p"), "--system", str(KASHI), "--unit", "某局",
                                 "--year", "2025"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(read_book(tmp_path / "p" / "指标体系.xlsx", "indicators").indicators) == 24


def test_cli_blank_system_needs_type(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "p"), "--system", "空白", "--unit", "某局", "--year", "2025"])
    assert result.exit_code == 1
    assert "错误：缺少 --type（或使用 --blank 生成空白模板）" in result.output


def test_unknown_system_is_refused_with_the_choices(tmp_path: Path) -> None:
    with pytest.raises(XlkitError, match=r"--system 应为 空白、部门整体、项目支出 之一，或已有的指标体系 \.xlsx 文件路径"):
        xlkit.new_project(tmp_path / "p", eval_type="部门整体", unit="某局", year=2025, system="自定义")
    with pytest.raises(XlkitError, match="（文件不存在）"):
        xlkit.new_project(tmp_path / "p", eval_type="部门整体", unit="某局", year=2025, system=tmp_path / "无.xlsx")


def test_a_workbook_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(XlkitError):
        xlkit.new_project(tmp_path / "p", eval_type="部门整体", unit="某局", year=2025,
                          system=KASHI.parent / "预决算.xlsx")
    assert not (tmp_path / "p" / "指标体系.xlsx").exists()


def test_a_system_without_indicators_is_refused(tmp_path: Path) -> None:
    xlkit.new_project(tmp_path / "empty", eval_type="部门整体", unit="某局", year=2025, system="空白")
    with pytest.raises(XlkitError, match="没有指标，未生成（从空白开始请用 --system 空白）"):
        xlkit.new_project(tmp_path / "p", eval_type="部门整体", unit="某局", year=2025,
                          system=tmp_path / "empty" / "指标体系.xlsx")
