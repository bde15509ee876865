"""`xlkit new --type 自评`: the 绩效自评表 workbook, and seed 003's 自评表 typed into it (88.37 良)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from goldens import figure
from helpers import convert_with_soffice, dump_workbook
from test_new import _check_golden

import xlkit
from xlkit.cli import app


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("se")
    return xlkit.new_selfeval(folder, unit="阜康市医疗保障局", year=2024, project="2024年职工大额医疗补助项目").files[0]


@pytest.fixture(scope="module")
def fukang_self(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
    from fukang_selfeval import build_fukang_selfeval

    return build_fukang_selfeval(tmp_path_factory.mktemp("fk") / "阜康自评")


def test_selfeval_workbook_matches_golden(blank: Path, update_golden: bool) -> None:
    _check_golden(blank, "自评-绩效自评表", update_golden)


def test_layout_follows_the_filed_form(blank: Path) -> None:
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames[:4] == ["基本信息", "项目资金", "总体目标", "绩效指标"]
    ws = wb["绩效指标"]
    header = [c.value for c in ws[3]][:9]
    # 四川 columns (004 the 四川 自评表 columns) with the 财预〔2020〕10号 columns after them
    assert header == ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重", "实际完成值", "填报得分"]
    funds = wb["项目资金"]
    assert [funds.cell(r, 1).value.strip() for r in range(4, 8)] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert funds["E4"].value.startswith("=IF(") and funds["E4"].protection.locked  # 执行率
    assert funds["B4"].protection.locked is False
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A3  # "8" = A3


def test_generating_twice_is_identical(blank: Path, tmp_path: Path) -> None:
    again = xlkit.new_selfeval(tmp_path, unit="阜康市医疗保障局", year=2024, project="2024年职工大额医疗补助项目").files[0]
    assert dump_workbook(again) == dump_workbook(blank)


def test_cli_new_selfeval_refuses_to_overwrite(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    args = ["new", str(tmp_path), "--type", "自评", "--unit", "某局", "--year", "2024", "--project", "伙食补助"]
    assert runner.invoke(app, args).exit_code == 0
    assert (tmp_path / "绩效自评表.xlsx").exists()
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "未覆盖" in again.output


def test_blank_selfeval_alone_is_a_self_evaluation_folder(blank: Path) -> None:
    result = xlkit.check(blank.parent)
    assert result.self_only
    codes = [i.code for i in result.report.issues]
    assert "file-missing" not in codes  # no 指标体系/预决算 missing
    # check runs the scoring pipeline: the blank 自评表's to-do list, what score would refuse for.
    assert {"selfeval-funds-missing", "selfeval-no-indicators"} <= set(codes)


def test_seed_003_self_evaluation_scores_88_37(fukang_self: Path) -> None:
    report = xlkit.score(fukang_self.parent)
    (se,) = report.self_evals
    # 003 附件7 项目单位自评表 / G19: 10 + 7.83 + 1.95 + 4.58 + 9.01 + 5 + 10 + 10 + 10 + 10 + 10 = 88.37 良
    assert (se.exec_rate, se.exec_score) == (D("1.0000"), D("10.00"))
    assert [i.score for i in se.indicators] == [D(x) for x in (
        "7.83", "1.95", "4.58", "9.01", "5.00", "10.00", "10.00", "10.00", "10.00", "10.00")]
    assert [i.completion for i in se.indicators[:4]] == [D("0.9131"), D("0.6781"), D("0.9661"), D("1.0989")]
    assert (se.total, se.grade, se.total_weight) == (figure("003", "G19", "total"), "良", D("100"))
    # the printed figures agree; the only slip visible from the table is the over-completion penalty (goldens 003 S9)
    assert [(c.code, c.cell) for c in report.checks] == [("selfeval-over-penalty", "H7")]


def test_the_result_workbook_prints_the_scored_self_evaluation(fukang_self: Path, tmp_path: Path) -> None:
    report = xlkit.score(fukang_self.parent)
    out = xlkit.write_result(report, tmp_path / "自评结果.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["自评汇总", "自评表", "校验"]
    summary = wb["自评汇总"]
    assert summary["B4"].value == "2024年职工大额医疗补助项目"
    assert (summary["I4"].value, summary["J4"].value, summary["K4"].value) == (88.37, "良", 88.37)
    sheet = wb["自评表"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(r for r in values if r[0] == "总分")
    assert total[5] == 100 and total[8] == 88.37
    row = next(r for r in values if r[2] == "住院报销比例")
    assert row[3:10] == [">=91%", "=100%", 10, pytest.approx(1.0989), "是", 9.01, 9.01]


def test_json_of_a_self_evaluation_folder(fukang_self: Path, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    res = CliRunner().invoke(app, ["score", str(fukang_self.parent), "-o", str(tmp_path / "r.xlsx"), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    (se,) = data["self_evaluations"]
    assert (se["总分"], se["等级"], se["执行率得分"]) == ("88.37", "良", "10.00")


@pytest.mark.soffice
def test_libreoffice_round_trip_of_the_selfeval_workbook(fukang_self: Path, tmp_path: Path) -> None:
    resaved = convert_with_soffice(fukang_self, tmp_path)
    folder = tmp_path / "resaved"
    folder.mkdir()
    resaved.rename(folder / "绩效自评表.xlsx")
    (se,) = xlkit.score(folder).self_evals
    assert (se.total, se.grade) == (D("88.37"), "良")
