"""The command line speaks Chinese: typer/click's own usage, help and argument errors, placeholders, the
`-o` option, indicator codes in messages and archive times."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlkit.cli import app
from xlkit.cli.text import issue_text, shown_time
from xlkit.spec.issues import Issue

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
runner = CliRunner()
# What typer/click print in English when left alone
ENGLISH = ("Usage:", "Options", "Arguments", "Commands", "Show this message", "Missing", "Invalid value",
           "No such", "Error", "Try '", "[default", "[required]", "<bool>", "<str>", "<path>", "<int>", "list[")


def _run(*args: str):
    return runner.invoke(app, list(args), terminal_width=80, env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})


@pytest.mark.parametrize("args", [
    ["--help"], ["new", "--help"], ["check", "--help"], ["score", "--help"], ["batch", "--help"], ["audit", "--help"],
    ["survey", "--help"], ["survey", "import", "--help"], ["archive", "--help"], ["archive", "list", "--help"],
])
def test_help_is_chinese_and_not_cut_at_80_columns(args: list[str]) -> None:
    res = _run(*args)
    assert res.exit_code == 0, res.output
    assert "用法：" in res.output and "显示本帮助并退出。" in res.output
    assert [w for w in ENGLISH if w in res.output] == []
    assert "…" not in res.output  # rich cut CJK runs at the terminal's width


@pytest.mark.parametrize(("args", "message"), [
    (["scroe"], "没有命令 scroe。是不是要用 score？"),
    (["new", "x", "--year", "abc"], "--year 的值无效：应为整数"),
    (["batch", "x"], "缺少选项 -o / --output。"),
    (["score"], "缺少参数 文件夹。"),
    (["new", "x", "--forse"], "没有选项 --forse。是不是要用 --force / --from？"),
    (["batch", "x", "-o", "y.xlsx", "-j", "0"], "的值无效：应不小于 1"),
    (["batch", "x", "-o", "y.xlsx", "-j", "abc"], "--jobs / -j 的值无效：应为整数"),
    (["survey", "import", "x", "--min-seconds", "abc"], "--min-seconds 的值无效：应为数字"),
    (["survey", "improt"], "没有命令 improt。是不是要用 import？"),
])
def test_argument_errors_are_chinese(args: list[str], message: str) -> None:
    res = _run(*args)
    assert res.exit_code == 2
    flat = re.sub(r"[\s│╭╮╰╯─]+", "", res.output)
    assert re.sub(r"\s+", "", message) in flat, res.output
    assert "用法：" in res.output and "错误" in res.output
    assert [w for w in ENGLISH if w in res.output] == []


def test_type_error_lists_every_type(tmp_path: Path) -> None:
    res = _run("new", str(tmp_path / "p"), "--type", "自评表", "--unit", "某单位", "--year", "2024")
    assert res.exit_code == 1
    assert "--type 应为 部门整体 / 项目支出 / 自评 / 基金收支 之一，实际为“自评表”" in res.output


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("o") / "kashi"
    shutil.copytree(SAMPLES / "kashi-medical-security-2024", folder)
    return folder


def test_output_folder_gets_the_default_name(sample: Path, tmp_path: Path) -> None:
    res = _run("score", str(sample), "-o", str(tmp_path / "sub"))
    assert res.exit_code == 0, res.output
    assert (tmp_path / "sub" / "综合评分表.xlsx").is_file()
    # an existing folder, again with --force: no 内部错误 (IsADirectoryError)
    res = _run("score", str(sample), "-o", str(tmp_path / "sub"), "--force")
    assert res.exit_code == 0 and "内部错误" not in res.output


@pytest.mark.parametrize("name", ["out.xls", "out.csv", "out.docx"])
def test_output_refuses_other_extensions(sample: Path, tmp_path: Path, name: str) -> None:
    res = _run("score", str(sample), "-o", str(tmp_path / name))
    assert res.exit_code == 1
    assert "只能写出 .xlsx 文件" in res.output and not (tmp_path / name).exists()


def test_indicator_codes_read_as_indicators() -> None:
    issue = Issue("measure-not-applicable", "B21：绑定测算项“预算执行率”无法计算", file="指标体系.xlsx", sheet="指标体系", cell="A11")
    assert issue_text(issue) == "  指标体系.xlsx › 指标体系 › 指标 B21（单元格 A11）：绑定测算项“预算执行率”无法计算  [measure-not-applicable]"
    plain = Issue("footing", "合计不等于各项之和", file="预决算.xlsx", sheet="支出", cell="B12")
    assert issue_text(plain) == "  预决算.xlsx › 支出 › B12: 合计不等于各项之和  [footing]"


def test_archive_times_are_local_with_zone() -> None:
    shown = shown_time("2024-06-05T06:30:00+00:00")
    assert re.fullmatch(r"2024-06-0[45] \d\d:30（UTC[+-]\d\d:\d\d）", shown)
    assert not re.search(r"\dT\d", shown)  # no ISO "T" between date and time
