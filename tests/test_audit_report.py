"""`xlkit audit 评价报告.docx [综合评分表.xlsx]`: the report's text against its tables and annex.

The reports are built from the seeds' own passages (tests/report_seeds.py, with line numbers);
the slips expected are the ones the reports' texts make visible, listed there."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_tables import build_000_annex, build_003_annex
from report_seeds import build_000_report, build_003_report, build_docx
from typer.testing import CliRunner

from xlkit.audit import audit
from xlkit.cli import app
from xlkit.errors import XlkitError
from xlkit.read.numbers import D

runner = CliRunner()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("reports")
    return {"000": build_000_report(d / "000报告.docx"), "000annex": build_000_annex(d / "000附件1.xlsx"),
            "003": build_003_report(d / "003报告.docx"), "003annex": build_003_annex(d / "003附件1.xlsx")}


def _in_report(result, name: str) -> list:
    return [f for f in result.findings if f.file == name]


def test_000_slips_visible_in_the_report_are_found(seeds: dict[str, Path]) -> None:
    result = audit(seeds["000"], seeds["000annex"])
    found = {(f.code, f.sheet, f.cell) for f in _in_report(result, "000报告.docx")}
    # goldens 000 S1: 表4-1 prints A12's 得分率 as 75.00%; 2.50 / 4.00 = 62.50%
    a12 = next(f for f in result.findings if f.code == "rate-mismatch" and f.sheet == "表4-1")
    assert a12.item.startswith("A12") and a12.printed == "75.00%" and a12.expected == "62.50%"
    # goldens 000 S3: 表1-1 本年支出合计 年初 523.64 ≠ 464.57 + 59.08
    foot = next(f for f in result.findings if f.code == "footing" and f.file == "000报告.docx")
    assert foot.sheet == "表1-1" and (foot.printed, foot.expected) == ("523.64", "523.65")
    # goldens 000 S4: 表1-1 二、项目支出 预算执行率 "-" though 47.14 / 47.14 = 100.00%
    assert ("rate-dash", "表1-1", "E5") in found
    # goldens 000 S5: the method text's B52 standard awards 2.00 points; B52's 分值 is 3.00
    b52 = next(f for f in result.findings if f.code == "standard-points" and f.sheet == "正文")
    assert b52.cell == "第 10 段" and "B52" in b52.message and (b52.printed, b52.expected) == ("2.00", "3.00")
    assert "原文：“项目支出预算调整率：比较法" in b52.message and "得 2.00分" in b52.message
    # goldens 000 S13: "共计实施项目 3个" against 表1-2's 7 projects
    projects = next(f for f in result.findings if f.code == "text-count")
    assert (projects.printed, projects.expected) == ("3", "7") and "共计实施项目 3个" in projects.message
    # goldens 000 S14: 表1-2 adjustment rates printed unsigned
    assert ("rate-sign", "表1-2", "F4") in found and ("rate-sign", "表1-2", "F9") in found
    # goldens 000 S26: "包括…等 11个三级指标" names only 10
    listed = next(f for f in result.findings if f.code == "text-list-count")
    assert (listed.printed, listed.expected) == ("11", "10") and listed.cell == "第 9 段"


def test_000_text_has_no_other_findings(seeds: dict[str, Path]) -> None:
    """Every other figure the passages state agrees with the tables: 92.90/优, 24/18 goals, the level
    sentences, 执行率 and 调整率 recomputed from the amounts each paragraph gives (including B52's
    passage, whose second "调整率为 20.21%" follows one project's own figures)."""
    result = audit(seeds["000"], seeds["000annex"])
    text = {(f.code, f.cell) for f in result.findings if f.sheet == "正文"}
    # text-sum: goldens 000 S3 as the text repeats it (部门支出年初 523.64 vs 464.57 + 59.08), tests/test_audit_text_sums.py
    assert text == {("standard-points", "第 10 段"), ("text-count", "第 18 段"), ("text-list-count", "第 9 段"),
                    ("text-sum", "第 3 段")}
    assert not [f for f in result.findings if f.code == "text-figure"]  # the body tables agree with 附件1


def test_003_summary_slip(seeds: dict[str, Path]) -> None:
    """goldens 003 S1: the 概要 says 产出 得分 32.1, 得分率 95.43%; the body and 附件1 say 32.7 / 93.43%,
    and 32.1 / 35 = 91.71%."""
    result = audit(seeds["003"], seeds["003annex"])
    mine = _in_report(result, "003报告.docx")
    assert sorted((f.code, f.printed, f.expected) for f in mine) == [
        ("text-figure", "32.10", "32.70"), ("text-rate", "95.43%", "91.71%")]
    assert all(f.cell == "B2" and "原文：“项目产出类指标权重为 35 分,得分为 32.1分,得分率为 95.43%。”" in f.message
               for f in mine)
    # the unit's own 自评 (88.37, 良) is not the evaluation's total
    assert not [f for f in result.findings if f.code == "grade-mismatch"]


def test_report_without_annex_uses_its_own_tables(tmp_path: Path) -> None:
    text = [(1, 1, "表 3-1：得分表"), ("table", "s"), (2, 2, "本项目最终评价得分 91.50分，评价等级为“良”。"),
            (3, 3, "全年预算数 100.00万元，实际支出 90.00万元，预算执行率为 95.00%。"),
            (4, 4, "资金到位率=(50/100)×100%=60%。")]
    tables = {"s": [["指标", "决策", "合计"], ["权重", "100", "100"], ["得分", "91.50", "91.50"],
                    ["得分率", "91.50%", "91.50%"]]}
    path = build_docx(tmp_path / "报告.docx", text, tables)
    result = audit(path)
    got = {(f.code, f.printed, f.expected) for f in result.findings}
    assert ("grade-mismatch", "良", "优") in got  # 91.50 is 优 under the default bands
    assert ("text-rate", "95.00%", "90.00%") in got
    assert ("text-rate", "60%", "50.00%") in got


def test_cli_report_exit_codes_and_default_name(seeds: dict[str, Path], tmp_path: Path) -> None:
    res = runner.invoke(app, ["audit", str(seeds["003"]), str(seeds["003annex"])])
    assert res.exit_code == 1, res.output
    assert (seeds["003"].parent / "审核意见（003报告）.xlsx").exists()
    # the summary states the counts once
    assert res.output.count("处错误") == 1 and "审核结论：发现 2 处错误" in res.output
    empty = build_docx(tmp_path / "空白.docx", [(1, 1, "会议纪要")], {})
    res = runner.invoke(app, ["audit", str(empty)])
    assert res.exit_code == 2 and "未找到可审核的表格" in res.output and "三级指标" in res.output
    assert not (tmp_path / "审核意见（空白）.xlsx").exists()
    bad = tmp_path / "坏.docx"
    bad.write_text("not a document", encoding="utf-8")
    with pytest.raises(XlkitError):
        audit(bad)
    res = runner.invoke(app, ["audit", str(bad)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    res = runner.invoke(app, ["audit", str(seeds["003annex"]), str(seeds["000annex"])])
    assert res.exit_code == 1 and "只在审核 Word 报告" in res.output


# --------------------------------------------------------------------------------------------
# headings as evaluators write them (templates/audit_headings.toml)


def _book(path: Path, rows: list[list]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_score_heading_fenshu_and_budget_heading_zhixingshu(tmp_path: Path) -> None:
    """The issue's annex as printed: 分数 | 权重 (no 得分 column), and a budget table whose spent column
    is headed 执行数 — read, not skipped, and no false rate-recompute."""
    path = _book(tmp_path / "部门整体.xlsx", [
        ["一级指标", "二级指标", "三级指标", "指标解释", "评价标准", "分数", "权重"],
        ["决策", "规划", "中长期规划", "…", "缺失一项扣 0.50分", 1.5, 2],
        ["决策", "规划", "年度计划", "…", "", 2, 2],
        ["合计", None, None, None, None, 3.5, 4],
        [],
        ["项目", "年初预算数", "调整数", "调整后预算数", "执行数", "执行率"],
        ["基本支出", 100, 10, 90, 90, 1.0],
        ["项目支出", 50, 0, 50, 40, 0.8],
        ["合计", 150, 10, 140, 130, 0.9286],
    ])
    result = audit(path)
    assert any("2 个三级指标" in a for a in result.audited) and any("支出预决算表" in a for a in result.audited)
    assert not [f for f in result.findings if f.code == "rate-recompute"], [f.message for f in result.findings]


def test_unknown_score_heading_is_a_finding(tmp_path: Path) -> None:
    path = _book(tmp_path / "评分.xlsx", [["三级指标", "分值", "考核分"], ["规划", 2, 1.5]])
    result = audit(path)
    f = next(f for f in result.findings if f.code == "table-unreadable")
    assert "考核分" in f.message and "分数" in f.message and f.cell == "A1"
    res = runner.invoke(app, ["audit", str(path)])
    assert res.exit_code == 2 and "考核分" in res.output


def test_rule_reachability(tmp_path: Path) -> None:
    """The issue's slip: 1.33 of 2 under "有一项不符合，则扣权重分10%" — the rule gives 2.00, 1.80 … 0.00."""
    path = _book(tmp_path / "评分.xlsx", [
        ["三级指标", "评价标准", "分值", "得分"],
        ["制度健全性", "制度健全得满分，有一项不符合，则扣权重分10%，扣完为止。", 2, 1.33],
        ["资产管理", "制度执行不到位每项扣 0.50分，扣完为止。", 3, 1.5],
        ["预算调整率", "预算调整率在±10%以内得满分，每增减 1%扣 0.10分。", 3, 1.98],
    ])
    result = audit(path)
    found = [f for f in result.findings if f.code == "rule-unreachable"]
    assert [f.cell for f in found] == ["D2"]
    assert found[0].printed == "1.33" and found[0].expected.startswith("2.00、1.80、1.60、1.40、1.20")
    from xlkit.audit.reachability import reachable_scores

    # the same check from a rule column's name and parameters (any rule source)
    assert reachable_scores("扣分制", {"每项扣分": "0.5"}, D("2")) == [D("2.00"), D("1.50"), D("1.00"), D("0.50"), D("0.00")]
    assert reachable_scores("线性", {}, D("2")) is None


def test_seed_annexes_have_no_unreachable_scores(seeds: dict[str, Path]) -> None:
    for key in ("000annex", "003annex"):
        assert not [f for f in audit(seeds[key]).findings if f.code == "rule-unreachable"]


# --------------------------------------------------------------------------------------------
# footing by the outline the labels show


def test_outline_footing_finds_a_parent_line_that_is_not_its_items(tmp_path: Path) -> None:
    """公用支出 ≠ 办公费 + 差旅费 + 会议费 (the issue's slip); a lone "其中" row is a part, not a sum."""
    path = _book(tmp_path / "支出.xlsx", [
        ["项目", "年初预算数", "全年预算数", "决算数"],
        ["一、基本支出", 80, 80, 80],
        ["（一）人员支出", 60, 60, 60],
        ["（二）公用支出", 20, 20, 20],
        ["1.办公费", 8, 8, 8],
        ["2.差旅费", 7, 7, 7],
        ["3.会议费", 4, 5, 5],
        ["二、项目支出", 20, 20, 20],
        ["其中：基本建设类项目", 5, 5, 5],
        ["支出合计", 100, 100, 100],
    ])
    result = audit(path)
    foot = [(f.cell, f.printed, f.expected) for f in result.findings if f.code == "footing"]
    assert foot == [("B4", "20.00", "19.00")], [f.message for f in result.findings]


def test_seven_rows_and_a_total_off_by_one_cent(tmp_path: Path) -> None:
    rows = [["项目", "年初预算数", "全年预算数", "决算数"]]
    rows += [[f"经费{i}", 1.11, 1.11, 1.11] for i in range(1, 8)]
    rows += [["合计", 7.78, 7.77, 7.77]]
    result = audit(_book(tmp_path / "七行.xlsx", rows))
    foot = [(f.cell, f.printed, f.expected) for f in result.findings if f.code == "footing"]
    assert foot == [("B9", "7.78", "7.77")]


def test_outline_of_labels() -> None:
    from xlkit.audit.hierarchy import Line, outline

    lines = [Line("合计"), Line("一、基本支出"), Line("人员经费"), Line("公用经费"), Line("二、项目支出"),
             Line("其中：基本建设类项目", empty=True), Line("三、上缴上级支出", empty=True)]
    assert outline(lines) == [(0, [1, 4, 6]), (1, [2, 3])]
    assert outline([Line("甲"), Line("乙"), Line("合计")]) is None  # no outline: the caller's own rule
    indented = [Line("基本支出"), Line("人员", 1), Line("公用", 1), Line("办公费", 2), Line("差旅费", 2)]
    assert outline(indented) == [(0, [1, 2]), (2, [3, 4])]


# --------------------------------------------------------------------------------------------
# layouts: a level summary by rows, multi-year tables


def test_level_summary_by_rows(tmp_path: Path) -> None:
    """表12 as printed: 指标类型 | 分值 | 评价得分 | 得分率, one row per 一级, then 合计."""
    path = _book(tmp_path / "表12.xlsx", [
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["决策", "规划", "中长期规划", 10, 9],
        ["绩效", "产出", "完成率", 90, 85],
        [],
        [],
        [],
        ["指标类型", "分值", "评价得分", "得分率"],
        ["决策类", 10, 9, "90.00%"],
        ["绩效类", 90, 84, "93.33%"],
        ["合计", 100, 93, "93.00%"],
    ])
    result = audit(path)
    assert any("得分汇总（按行）" in a for a in result.audited)
    got = sorted((f.code, f.cell, f.printed, f.expected) for f in result.findings)
    # 绩效类 84 ≠ 85 in the score table; 84/90 = 93.33% is consistent with itself; the 合计 93 = 9 + 84
    assert got == [("summary-mismatch", "C9", "84.00", "85.00")], got


def test_multi_year_budget_table(tmp_path: Path) -> None:
    """2020 | 2021 side by side, one column group per year; a footing slip in 2021 only."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["项目", "2020年", None, None, "2021年", None, None],
                [None, "年初预算数", "调整后预算数", "执行数", "年初预算数", "调整后预算数", "执行数"],
                ["基本支出", 10, 10, 9, 12, 12, 12],
                ["项目支出", 5, 6, 6, 4, 4, 3],
                ["合计", 15, 16, 15, 16, 16, 16]):
        ws.append(row)
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:D1")
    ws.merge_cells("E1:G1")
    wb.save(tmp_path / "三年.xlsx")
    result = audit(tmp_path / "三年.xlsx")
    assert [a.split("：")[1] for a in result.audited] == ["2020年 支出预决算表", "2021年 支出预决算表"]
    foot = [(f.cell, f.printed, f.expected) for f in result.findings if f.code == "footing"]
    assert foot == [("G5", "16.00", "15.00")] and "2021年" in next(f.message for f in result.findings
                                                                    if f.code == "footing")


@pytest.mark.parametrize("repeat_heading", [True, False])
def test_a_table_continued_on_the_next_page(tmp_path: Path, repeat_heading: bool) -> None:
    """000 表1-1 is printed on two pages with its heading row repeated (L398–L404); typed without the
    repeated heading it is a headerless table whose layout is the previous one's. Either way it is one
    table: the 合计 on page two foots over the rows of page one."""
    from audit_tables import EXPENSE_000

    head = ["项目（按支出性质和经济分类）", "年初预算数", "全年预算数", "决算数", "预算执行率"]
    rows = [list(r) for r in EXPENSE_000]
    tables = {"a": [head, *rows[:7]], "b": ([head] if repeat_heading else []) + rows[7:]}
    text = [(376, 376, "表 1-1：喀什市医疗保障局 2024年部门支出预决算情况表"), ("table", "a"), ("table", "b")]
    result = audit(build_docx(tmp_path / "续表.docx", text, tables))
    foot = [(f.sheet, f.printed, f.expected) for f in result.findings if f.code == "footing"]
    assert foot == [("表1-1", "523.64", "523.65")]
    assert [a for a in result.audited if "支出预决算表" in a] == ["续表.docx › 表1-1：支出预决算表"]


def test_reachable_scores_of_elements_rule() -> None:
    from xlkit.audit.reachability import reachable_scores, rule_from_standard

    # 003 绩效目标合理性: "以上每条要素占权重分的1/3,每有一条不符合,扣除对应权重分" on 2 points
    rule = rule_from_standard("以上每条要素占权重分的1/3,每有一条不符合,扣除对应权重分,扣完为止。", D("2"))
    assert rule == ("要素均分", {"要素数": "3"})
    assert reachable_scores(*rule, D("2")) == [D("2.00"), D("1.33"), D("0.67"), D("0.00")]


def test_amounts_in_prose_against_the_report_tables(tmp_path: Path) -> None:
    """000's 人员经费 sentence (L414) with its 年初 figure mistyped (457.58 for 457.85 in 表1-1)."""
    from report_seeds import tables_000

    text = [(376, 376, "表 1-1：喀什市医疗保障局 2024年部门支出预决算情况表"), ("table", "1-1"),
            (414, 416, "人员经费年初预算数为 457.58万元，全年预算数为 451.32万元，全年实际支出 451.32万元。"),
            (422, 422, "公用经费年初预算数为 6.72万元，全年预算数为 0.00万元，主要原因为将公用经费预算及支出调整至项目经费中。")]
    result = audit(build_docx(tmp_path / "金额.docx", text, tables_000()))
    got = [(f.code, f.printed, f.expected) for f in result.findings if f.sheet == "正文"]
    # 公用经费 全年 "-" in the table is the text's 0.00: no finding
    assert got == [("text-figure", "457.58", "457.85")]


# --------------------------------------------------------------------------------------------
# no false alarms on what xlkit itself writes


def test_no_findings_on_what_xlkit_writes_for_the_samples(tmp_path: Path) -> None:
    """Every workbook of the four bundled samples, and xlkit's 自评 output, audits clean; the one
    finding is seed 000's own 年初 footing break, which the kashi sample keeps (523.64 vs 523.65).
    (Before: 自评表 were skipped — their 填报得分 heading was unknown — and xlkit's 自评 output had
    "不评分" read as an unreadable figure, a 收入预算执行率 of 105.18% flagged as a share over 100%,
    and blank 其中 rows footed against their total.)"""
    from helpers import load_sample_builder

    from xlkit.scoring.evaluation import score
    from xlkit.write.selfeval_writer import write_selfeval_report

    builder = load_sample_builder()
    found = []
    for name in ("kashi", "qu_county", "fukang", "kashgar"):
        folder = getattr(builder, f"build_{name}")(tmp_path / name)
        books = sorted(folder.glob("*.xlsx"))
        scored = score(folder)
        if scored.evaluation is None:
            books.append(write_selfeval_report(scored, tmp_path / f"{name}自评结果.xlsx"))
        for book in books:
            found += [(name, f.file, f.code, f.cell) for f in audit(book).findings]
    assert found == [("kashi", "预决算.xlsx", "footing", "B12")], found
