"""Sums and shares stated in a report's prose (`xlkit audit 评价报告.docx`): ``text-sum`` and shares.

The reports are the seeds' own passages (tests/report_seeds.py); two more passages of seed 000 are
typed here with their line numbers. The slip expected is goldens 000 S3 as the text shows it:
部门支出年初预算数 523.64 (L368–370) while the text's parts are 基本支出 464.57 (L408–410) and
项目资金 59.08 (L428) = 523.65. The text's other sums foot: 498.46 = 451.32 + 47.14 (L370–372),
59.08 = 1.00 + 2.80 + 43.97 + 11.31 (A32, L1425–1430, 表1-2's 年初预算项目), 21.76 = 15.00 + 0.04 +
6.72 (B52, L1710–1712, 表1-2's 年中追加项目).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_tables import build_000_annex
from report_seeds import TABLES_003, TEXT_000, TEXT_003, build_docx, tables_000

from xlkit.audit import audit
from xlkit.audit.text_sums import named_rows_total, of_which, shares
from xlkit.read.numbers import D

# 000 L1425–1430 (A32): the four 年初预算项目 of 表1-2, "共计申请预算 59.08万元"
A32_000 = (1425, 1430, "喀什市医疗保障局年初预算项目为 2024年自治区财政全民参保及医疗服务经费补助、单位运转项目、破产企业退休及"
                       "工伤人员医疗补助项目、离休干部及革命伤残军人医疗补助项目，共计申请预算 59.08万元，项目资金用于日常运转经费"
                       "及医疗补助支出，项目支出的申请与部门单位年度重点工作相匹配，重点工作重点保障遵循轻重缓急、按序保障。")
# 003 L392: a share with one amount only (nothing to recompute it from in the sentence)
SAMPLE_003 = (392, 392, "2024年职工大额医疗补助项目属于补贴类项目,该项目 2024年度下达资金 182.62 万元,均为阜康市本级财政资金,"
                        "本次针对 2024年度项目资金开展绩效评价工作,抽样占比为 100%。")


def _replace(text: list, first_line: int, old: str, new: str) -> list:
    out = []
    for entry in text:
        if entry[0] == first_line:
            assert old in entry[2]
            entry = (entry[0], entry[1], entry[2].replace(old, new))
        out.append(entry)
    return out


@pytest.fixture(scope="module")
def annex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_000_annex(tmp_path_factory.mktemp("annex") / "000附件1.xlsx")


def _sums(path: Path, annex: Path) -> list:
    return [f for f in audit(path, annex).findings if f.code == "text-sum"]


def test_000_total_stated_in_one_paragraph_and_its_parts_in_others(tmp_path: Path, annex: Path) -> None:
    """goldens 000 S3 as the text shows it: the paragraph stating 523.64 is the finding, quoted, with the
    paragraphs the parts come from; the 全年 and 决算 figures of the same paragraphs foot."""
    found = _sums(build_docx(tmp_path / "000.docx", [*TEXT_000, A32_000], tables_000()), annex)
    assert len(found) == 1
    f = found[0]
    assert (f.sheet, f.cell, f.printed, f.expected, f.difference) == ("正文", "第 3 段", "523.64", "523.65", "-0.01")
    assert f.severity.value == "error" and f.item == "本年支出合计 › 年初预算数"
    assert "基本支出 464.57（第 5 段）" in f.message and "项目支出 59.08（第 6 段）" in f.message
    assert "原文：“根据 2024年度单位决算报表数据，喀什市医疗保障局 2024年度部门支出年初预算数为 523.64万元" in f.message


def test_named_rows_total_against_the_project_table(tmp_path: Path, annex: Path) -> None:
    """A32's "共计申请预算" typed 59.18 instead of 59.08: the four projects named are 表1-2's 年初 rows."""
    text = _replace([*TEXT_000, A32_000], 1425, "共计申请预算 59.08万元", "共计申请预算 59.18万元")
    found = [f for f in _sums(build_docx(tmp_path / "a32.docx", text, tables_000()), annex) if f.cell != "第 3 段"]
    assert [(f.printed, f.expected, f.item) for f in found] == [("59.18", "59.08", "共计 › 年初预算数")]
    assert "所列 4 项" in found[0].message and "表1-2" in found[0].message
    assert "原文：“喀什市医疗保障局年初预算项目为" in found[0].message


def test_named_rows_total_of_the_added_projects(tmp_path: Path, annex: Path) -> None:
    """B52's 年中追加 total typed 21.67: the three 年中追加项目 of 表1-2 give 21.76 in 调整后预算数."""
    text = _replace(TEXT_000, 1702, "共计 21.76万元", "共计 21.67万元")
    found = [f for f in _sums(build_docx(tmp_path / "b52.docx", text, tables_000()), annex) if f.cell != "第 3 段"]
    assert [(f.printed, f.expected, f.item) for f in found] == [("21.67", "21.76", "共计 › 全年（调整后）预算数")]
    assert "公用经费" in found[0].message and "部门单位年中追加" in found[0].message


def test_total_and_its_parts_after_of_which(tmp_path: Path, annex: Path) -> None:
    text = _replace(TEXT_000, 368, "项目支出 47.14万元", "项目支出 47.41万元")
    found = [f for f in _sums(build_docx(tmp_path / "ofwhich.docx", text, tables_000()), annex)
             if f.item == "其中各项之和"]
    assert [(f.cell, f.printed, f.expected, f.difference) for f in found] == [("第 3 段", "498.46", "498.73", "-0.27")]
    assert "基本支出 451.32 ＋ 项目支出 47.41" in found[0].message


def test_share_from_the_two_amounts_the_sentence_gives(tmp_path: Path, annex: Path) -> None:
    wrong = (1, 1, "本次抽查资金 150.00万元，占全年预算 182.62万元的 80.14%。")
    right = (2, 2, "本次抽查资金 150.00万元，占全年预算 182.62万元的 82.14%。")
    path = build_docx(tmp_path / "share.docx", [*TEXT_003, SAMPLE_003, wrong, right], TABLES_003)
    found = [f for f in audit(path).findings if f.code == "text-rate" and f.item == "占比"]
    assert [(f.printed, f.expected) for f in found] == [("80.14%", "82.14%")]
    assert "150.00 ÷ 182.62" in found[0].message and "原文：“本次抽查资金 150.00万元" in found[0].message


def test_seed_003_text_has_no_sum_or_share_finding(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "003.docx", [*TEXT_003, SAMPLE_003], TABLES_003)
    assert not [f for f in audit(path).findings if f.code == "text-sum" or f.item == "占比"]


# --------------------------------------------------------------------------------------------
# what is not a breakdown, not a pair, not a list of rows


@pytest.mark.parametrize("sentence", [
    "全年支出 100.00万元，其中：人员经费年初预算数为 60.00万元，全年预算数为 50.00万元。",  # kinds, not items
    "全年支出 100.00万元，其中：办公费 20.00万元、差旅费 30.00万元等。",  # a partial list
    "抽查 1.79万元，其中文件柜、档案柜 1.00万元，未见采购资料。",  # one part only
    "其中：基本支出 40.00万元，项目支出 50.00万元。",  # no total before 其中
])
def test_of_which_reads_only_a_breakdown(sentence: str) -> None:
    assert of_which(sentence) is None


def test_of_which_finds_a_breakdown_that_does_not_add_up() -> None:
    slip = of_which("全年支出 100.00万元，其中：人员经费 60.00万元，公用经费 30.00万元，执行率 100.00%。")
    assert slip is not None and (slip.printed, slip.expected, slip.difference) == ("100.00", "90.00", "10.00")


def test_shares_need_exactly_two_amounts() -> None:
    assert shares("抽查金额 40.38 万元，占决算数的 8.10%。") == []
    assert shares("甲 10.00万元，乙 20.00万元，丙 40.00万元，占比 50.00%。") == []
    assert shares("抽查 40.38万元，占决算数 498.46万元的 8.10%。") == []
    got = shares("抽查 40.38万元，占决算数 498.46万元的 8.01%。")
    assert [(s.printed, s.expected) for s in got] == [("8.01%", "8.10%")]


def test_named_rows_need_two_rows_of_one_table() -> None:
    rows = [("表1-2", "单位运转项目", {"initial": D("1.00"), "annual": D("1.00"), "spent": D("1.00")}),
            ("表1-2", "公用经费", {"initial": None, "annual": D("6.72"), "spent": D("6.72")}),
            ("表1-1", "公用经费", {"initial": D("6.72"), "annual": None, "spent": None})]
    assert named_rows_total("公用经费项目共计 6.72万元。", rows) == []  # one row named
    assert named_rows_total("单位运转项目及公用经费项目，共计 7.72万元。", rows) == []  # 调整后 1.00 + 6.72
    got = named_rows_total("单位运转项目及公用经费项目，共计 8.72万元。", rows)
    assert [(s.printed, s.expected) for s in got] == [("8.72", "7.72")] and "表1-2" in got[0].message


def test_share_of_a_table_column(tmp_path: Path, annex: Path) -> None:
    """One amount and a column named after 占: the share is of 表1-1's 本年支出合计 (000: 决算数 498.46;
    the voucher sample 40.38 万元 is 8.10% of it, as xlkit's own draft prints)."""
    right = (1, 1, "评价组抽查会计凭证 9 笔，抽查金额 403,778.41 元（40.38 万元），占决算数的 8.10%。")
    wrong = (2, 2, "评价组抽查会计凭证 9 笔，抽查金额 40.38 万元，占决算数的 8.01%。")
    project = (3, 3, "基本支出决算 451.32万元，项目支出决算 47.14万元。其中项目支出 47.14万元，占项目支出全年预算数的 100.00%。")
    path = build_docx(tmp_path / "share000.docx", [*TEXT_000, right, wrong, project], tables_000())
    found = [f for f in audit(path, annex).findings if f.item == "占比"]
    assert [(f.printed, f.expected) for f in found] == [("8.01%", "8.10%")]
    assert "40.38 ÷ 表1-1“本年支出合计”的决算数（实际支出） 498.46" in found[0].message


def test_share_of_a_named_row() -> None:
    rows = [("表1-1", "一、基本支出", {"initial": D("464.57"), "annual": D("451.32"), "spent": D("451.32")}),
            ("表1-1", "二、项目支出", {"initial": D("59.08"), "annual": D("47.14"), "spent": D("47.14")}),
            ("表1-1", "本年支出合计", {"initial": D("523.64"), "annual": D("498.46"), "spent": D("498.46")})]
    assert shares("追加 11.94万元，占项目支出年初预算的 20.21%。", rows) == []
    got = shares("追加 11.94万元，占项目支出年初预算的 2.21%。", rows)
    assert [(s.printed, s.expected) for s in got] == [("2.21%", "20.21%")] and "二、项目支出" in got[0].message
    assert shares("追加 11.94万元，占比 2.21%。", rows) == []  # no column named: not a guess
