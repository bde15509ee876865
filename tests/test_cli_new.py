"""The `xlkit new` and `xlkit templates` commands: exit codes and exact messages."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from xlkit.cli import app

runner = CliRunner()


def test_new_writes_four_workbooks(tmp_path: Path) -> None:
    folder = tmp_path / "阜康大额2024"
    result = runner.invoke(
        app,
        ["new", str(folder), "--type", "项目支出", "--unit", "阜康市医疗保障局",
         "--project", "2024年职工大额医疗补助项目", "--year", "2024"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["指标体系.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"]
    )
    assert "已生成 4 个工作簿" in result.output


def test_new_refuses_to_overwrite_and_force_overwrites(tmp_path: Path) -> None:
    args = ["new", str(tmp_path / "p"), "--type", "部门整体", "--unit", "喀什市医疗保障局", "--year", "2024"]
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert "错误：" in again.output and "未覆盖（如需覆盖请加 --force）" in again.output
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_new_without_required_options_names_them(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "p"), "--unit", "某单位"])
    assert result.exit_code == 1
    assert "错误：缺少 --type、--year（或使用 --blank 生成空白模板）" in result.output


def test_new_blank_writes_one_indicator_workbook_per_system(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "--blank", str(tmp_path / "归档")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "归档").iterdir())
    assert names == sorted(
        ["指标体系（部门整体）.xlsx", "指标体系（项目支出）.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"]
    )


def test_templates_lists_kinds_and_versions() -> None:
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert "工作簿\t指标体系.xlsx\tv1.0\t绩效评价基本信息及指标体系" in lines  # no internal key (indicators)
    assert any(line.startswith("指标体系\t部门整体\tv1.0") for line in lines)
    assert any(line.startswith("指标体系\t项目支出\tv1.1") for line in lines)
