"""`xlkit audit`: the seeds' own annex tables, typed as printed, audited against their own figures.

Golden findings are the reports' own slips (tests/goldens/000.toml and 003.toml, S<n>), each pinned to its code and
cell; the full finding set is asserted, so a false alarm on a correct row fails the test. Every
other finding code is made to fire by changing one typed figure of an otherwise audited table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from audit_tables import build_000_annex, build_000_body, build_003_annex
from typer.testing import CliRunner

from xlkit.audit import CODES, AuditResult, Finding, audit
from xlkit.cli import app
from xlkit.errors import OutputExistsError, XlkitError
from xlkit.spec.issues import Severity
from xlkit.write.audit_writer import COLUMNS, SHEETS, write_audit

Key = tuple[str, str, str]  # (code, sheet, cell)


def keys(result: AuditResult) -> set[Key]:
    return {(f.code, f.sheet or "", f.cell or "") for f in result.findings}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("typed")
    return {"000": build_000_annex(d / "000附件1.xlsx"), "000body": build_000_body(d / "000表4.xlsx"),
            "003": build_003_annex(d / "003附件1.xlsx")}


# --------------------------------------------------------------------------------------------
# The seeds' slips (goldens 000 / 003 S<n>), one entry per slip id: the finding that reveals it, or why
# typed data cannot reveal it.

SLIPS_000: dict[int, tuple[str, Key] | str] = {
    1: ("000body", ("rate-mismatch", "表4-1", "H5")),  # A12 75.00% for 2.50/4.00
    2: ("000", ("rate-mismatch", "综合评分表", "J14")),  # B31 87.50% for 3.00/4.00
    3: ("000", ("footing", "表1-1", "B12")),  # 464.57 + 59.08 ≠ 523.64 (13.25 + 11.94: not in the table)
    4: ("000", ("rate-dash", "表1-1", "E7")),  # 项目支出 执行率 "-" for 47.14/47.14
    5: "B52's 2.00 appears only in the method prose; 附件1 and 表4-2 both print 3.00 consistently.",
    6: ("000", ("rule-rounding", "综合评分表", "I19")),  # 10.21 pp × 0.10 = 1.021, printed 1.00
    7: ("000", ("standard-points", "综合评分表", "E15")),  # B32 "得 1.00分" with 分值 2.00
    8: ("000", ("deduction-size", "综合评分表", "K11")),  # B11 ① 1.00 against 0.50 per 制度
    9: "The proportional C1x rule is in the method prose; 附件1 prints one rule and every target was met.",
    10: ("000", ("composite-label", "问卷结果", "F46")),  # "加权平均值" = simple mean 94.06% (weighted 94.05%)
    11: ("000", ("rate-over-100", "综合评分表", "G26")),  # C14 118.04% (C15 113.65% at G27)
    12: "B51's formula wording (×100%) is prose; the typed 99.92% agrees with every other figure.",
    13: "The count of self-evaluated projects (3) is in the prose; no table prints it.",
    14: ("000", ("rate-sign", "表1-2", "F6")),  # 76.64% for a cut (合计 20.21% at F11)
    15: "A cross-reference label (表1-3 vs 表1-2) in the prose, not a figure.",
    16: ("000", ("disclosure-before-approval", "预决算公开", "C4")),  # 公开 02-02 before 批复 02-28
    17: "Survey mode (线下 vs 电子问卷) is described twice in prose; no figure differs.",
    18: "Not a slip: Q5's own N = 101 must be (and is) accepted — no finding on Q5.",
    19: "Folder audits only: the typed 附件1 cites 2024-6-18号, absent from the folder's ledger "
        "(voucher-not-in-ledger, tested in test_folder_with_a_typed_score_table).",
    20: "Whether all 9 vouchers lacked approvals is a judgement on documents, not on typed figures.",
    21: "Ledger 摘要 wording against the vouchers' contents needs the vouchers themselves.",
    22: "The sample description is prose.",
    23: "The 科室 list is prose.",
    24: "Team size (5 planned, 6 listed) is prose.",
    25: "A wrong prefecture name in the method text.",
    26: "The prose count of 三级 indicators; the typed table itself has 11 部门管理 indicators.",
    27: "Name drift between tables; the audit keys indicators by code on purpose.",
    28: "The unit's declared-target table (申报表) is not among the typed annex tables.",
    29: "Terminology (三类户 / 三老人员).",
    30: "Data-source period wording.",
    31: "Numbering of a prose list.",
    32: "Indicator wording (编报项目绩效目标).",
    33: "Boundary wording (大于 / 大于等于) in the narrative; 94.06% is not at the boundary.",
    34: "How respondents are named.",
    35: "Empty annexes (photos, feedback form).",
}

SLIPS_003: dict[int, tuple[str, Key] | str] = {
    1: "The 概要 sentence (得分为 32.1分,得分率为 95.43%) is narrative in a form, not a score table, and the "
       "OCR may have garbled it; 表3-1 as typed is consistent (32.7, 93.43%).",
    2: "Year typos in prose dates.",
    3: "Schedule dates in prose.",
    4: "Feedback statement vs the form's content.",
    5: "The 30750 / 5766 / 24984 figures are in narrative and the self-evaluation; 附件1 prints no 实际完成值.",
    6: "表3-2's target text (333333人) is not among the typed tables.",
    7: "The other two satisfaction values are in 表3-2 and the self-evaluation, not in 附件1.",
    8: "Payment date vs target: the voucher date is not in a typed table.",
    9: "The over-completion penalty is in 附件7 自评表, a different indicator system not typed here.",
    10: "Duplicated rule text in a cell is wording, not a figure.",
    11: ("003", ("standard-points", "综合评分表", "G16")),  # 自评及整改: 2 + 0.5 + 0.5 = 3 ≠ 4
    12: "Whether a rule fits its indicator is a judgement.",
    13: "Option scores are not printed, so 91.31% cannot be recomputed from the typed tallies.",
    14: "制单人 = 审批人 is on the voucher printout, not in a typed table.",
    15: "Consistency of two judgements is not arithmetic.",
    16: "The 问题 list is prose.",
    17: "Representativeness needs the population's strata, which no typed table gives.",
    18: "Terminology (过程 / 管理): 表3-1 is matched to 附件1 by position, without a false alarm.",
    19: "Interview record prose.",
    20: "Team table numbering.",
    21: "OCR wording of a threshold.",
    22: "The 200 → 182.62 adjustment is consistent in 附件7; only its explanation is missing.",
    23: "A typo in a question's text; unanswered open questions.",
}

EXPECTED_000 = {
    ("deduction-size", "综合评分表", "K11"), ("rate-mismatch", "综合评分表", "J14"),
    ("standard-points", "综合评分表", "E15"), ("rule-rounding", "综合评分表", "I19"),
    ("rate-over-100", "综合评分表", "G26"), ("rate-over-100", "综合评分表", "G27"),
    ("footing", "表1-1", "B12"), ("rate-dash", "表1-1", "E7"), ("rate-sign", "表1-2", "F6"), ("rate-sign", "表1-2", "F11"),
    ("disclosure-before-approval", "预决算公开", "C4"), ("composite-label", "问卷结果", "F46"),
}
EXPECTED_000_BODY = {("rate-mismatch", "表4-1", "H5"), ("rule-rounding", "表4-2", "G12"),
                     ("rate-over-100", "表4-3", "F7"), ("rate-over-100", "表4-3", "F8")}
EXPECTED_003 = {("standard-points", "综合评分表", "G16")}


def test_slip_lists_cover_every_numbered_item() -> None:
    assert set(SLIPS_000) == set(range(1, 36)) and set(SLIPS_003) == set(range(1, 24))


@pytest.mark.parametrize("slips", [SLIPS_000, SLIPS_003], ids=["000", "003"])
def test_every_detectable_slip_is_found(books: dict[str, Path], slips: dict) -> None:
    results = {name: keys(audit(path)) for name, path in books.items()}
    for number, slip in slips.items():
        if isinstance(slip, tuple):
            book, key = slip
            assert key in results[book], f"S{number}"


def test_seed_000_annex_full_finding_set(books: dict[str, Path]) -> None:
    result = audit(books["000"])
    assert keys(result) == EXPECTED_000
    by = {(f.code, f.cell): f for f in result.findings}
    b31 = by[("rate-mismatch", "J14")]
    assert (b31.printed, b31.expected, b31.severity) == ("87.50%", "75.00%", Severity.ERROR)
    assert b31.basis == "得分率 = 得分 ÷ 分值" and b31.item.startswith("B31")
    footing = by[("footing", "B12")]
    assert (footing.printed, footing.expected, footing.difference) == ("523.64", "523.65", "-0.01")
    assert (by[("rate-dash", "E7")].printed, by[("rate-dash", "E7")].expected) == ("-", "100.00%")
    assert by[("rate-sign", "F6")].expected == "-76.64%" and by[("rate-sign", "F11")].expected == "-20.21%"
    rounding = by[("rule-rounding", "I19")]
    assert "2.00" in rounding.expected and "1.98" in rounding.expected  # goldens 000 G9: truncation vs 1.98
    b11 = by[("deduction-size", "K11")]
    assert (b11.item, b11.printed, b11.expected) == ("B11 内部控制制度健全性 › 扣分原因①", "1.00", "0.50")
    assert by[("standard-points", "E15")].printed == "1.00" and by[("standard-points", "E15")].expected == "2.00"
    assert by[("composite-label", "F46")].expected.startswith("94.05%")  # 382.8/407, 000 附件3 综合满意度
    assert by[("rate-over-100", "G26")].printed == "118.04%"
    assert not result.ok and len(result.errors) == 3
    assert {f.category for f in result.findings} == {"评分", "预决算", "问卷"}


def test_seed_000_body_tables(books: dict[str, Path]) -> None:
    result = audit(books["000body"])
    assert keys(result) == EXPECTED_000_BODY
    a12 = next(f for f in result.findings if f.code == "rate-mismatch")
    assert (a12.printed, a12.expected) == ("75.00%", "62.50%")


def test_seed_003_full_finding_set(books: dict[str, Path]) -> None:
    result = audit(books["003"])
    assert keys(result) == EXPECTED_003
    f = result.findings[0]
    assert (f.printed, f.expected, f.severity) == ("3.00", "4.00", Severity.WARNING)
    assert result.ok  # warnings only
    # all four tables were read (no silent skip makes the empty set above trivially true)
    assert [a.split("：")[1] for a in result.audited] == ["综合评分表 24 个三级指标", "得分汇总", "支出预决算表", "问卷统计表"]


def test_audit_reads_but_never_modifies(books: dict[str, Path]) -> None:
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in books.values()}
    for p in books.values():
        audit(p)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in books.values()} == before


# --------------------------------------------------------------------------------------------
# Each check made to fire by one typed change


def _mutated(src: Path, tmp: Path, changes: dict[tuple[str, str], object]) -> set[Key]:
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in changes.items():
        cell = wb[sheet][ref]
        if isinstance(value, tuple):
            cell.value, cell.number_format = value
        else:
            cell.value = value
    out = tmp / f"m_{src.name}"
    wb.save(out)
    return keys(audit(out))


PCT = "0.00%"
MUTATIONS_000 = [
    # (changes, findings added to EXPECTED_000, findings removed from it)
    ({("综合评分表", "G12"): (0.9, PCT)}, {("rule-result", "综合评分表", "I12")}, set()),  # goldens 000 G13: 90% → 1.00
    ({("综合评分表", "A4"): "A部门决策（16.00分）"}, {("level-weight", "综合评分表", "A4")}, set()),
    ({("综合评分表", "K5"): "…根据评分标准，扣 1.00分。"}, {("deduction-sum", "综合评分表", "K5")}, set()),
    ({("综合评分表", "K14"): "①…扣 0.60分；②…扣 0.40分。"}, {("deduction-size", "综合评分表", "K14")}, set()),
    ({("得分汇总", "B9"): "良"}, {("grade-mismatch", "得分汇总", "B9")}, set()),
    ({("得分汇总", "B10"): "17 个"}, {("full-marks-count", "得分汇总", "B10")}, set()),
    ({("得分汇总", "B5"): (13.4, "0.00")}, {("summary-mismatch", "得分汇总", "B5"), ("total-mismatch", "得分汇总", "E5"),
                                          ("rate-mismatch", "得分汇总", "B6")}, set()),
    ({("综合评分表", "I10"): (13.0, "0.00")}, {("subtotal-mismatch", "综合评分表", "I10"),
                                          ("rate-mismatch", "综合评分表", "J10")}, set()),
    ({("表1-1", "B5"): (457.0, "0.00")}, {("footing", "表1-1", "B4")}, set()),
    ({("表1-1", "E4"): (0.9715, PCT)}, {("rate-recompute", "表1-1", "E4")}, set()),  # 451.32/464.57: 年初 as denominator
    ({("表1-1", "E6"): (0, PCT)}, {("rate-undefined", "表1-1", "E6"), ("zero-zero-inconsistent", "表1-1", "E6")}, set()),
    ({("表1-2", "F6"): (-0.7664, PCT)}, set(), {("rate-sign", "表1-2", "F6")}),  # signed as it should be
    ({("收入", "D4"): (25.0, "0.00")}, {("adjustment-mismatch", "收入", "D4")}, set()),
    ({("收入", "E4"): (0.0505, PCT)}, {("rate-recompute", "收入", "E4")}, set()),  # ÷498.46: goldens 000 G5
    ({("预决算公开", "C5"): dt.date(2024, 10, 30)}, {("disclosure-late", "预决算公开", "C5")}, set()),
    ({("问卷结果", "F17"): (0.945, PCT)}, {("survey-rate-mismatch", "问卷结果", "F17")}, set()),
    ({("问卷结果", "F46"): (0.95, PCT)}, {("composite-mismatch", "问卷结果", "F46")}, {("composite-label", "问卷结果", "F46")}),
    ({("问卷结果", "B6"): (0.99, PCT)}, {("coverage-mismatch", "问卷结果", "B6")}, set()),
    ({("问卷结果", "D9"): (0.216, "0.0%")}, {("share-mismatch", "问卷结果", "D9")}, set()),
    ({("问卷结果", "C9"): 22}, {("survey-sum", "问卷结果", "A8"), ("share-mismatch", "问卷结果", "D9")}, set()),
]


@pytest.mark.parametrize("changes,added,removed", MUTATIONS_000, ids=[sorted(a | r)[0][0] for _, a, r in MUTATIONS_000])
def test_each_check_fires_on_a_changed_figure(books: dict[str, Path], tmp_path: Path, changes, added, removed) -> None:
    assert _mutated(books["000"], tmp_path, changes) == (EXPECTED_000 - removed) | added


def test_score_above_weight(books: dict[str, Path], tmp_path: Path) -> None:
    found = _mutated(books["000"], tmp_path, {("综合评分表", "I12"): (2.5, "0.00")})
    assert {("score-range", "综合评分表", "I12"), ("rate-mismatch", "综合评分表", "J12"),
            ("rule-result", "综合评分表", "I12"), ("subtotal-mismatch", "综合评分表", "I22"),
            ("total-mismatch", "综合评分表", "I31"), ("full-marks-count", "得分汇总", "B10")} <= found


def test_unreadable_figure_is_reported_not_guessed(books: dict[str, Path], tmp_path: Path) -> None:
    found = _mutated(books["000"], tmp_path, {("综合评分表", "I4"): "两分"})
    assert ("table-unreadable", "综合评分表", "I4") in found


def test_option_count_above_n(books: dict[str, Path], tmp_path: Path) -> None:
    assert ("survey-count-exceeds", "问卷结果", "A8") in _mutated(books["000"], tmp_path, {("问卷结果", "C9"): 103})


def test_execution_over_100_percent(books: dict[str, Path], tmp_path: Path) -> None:
    found = _mutated(books["000"], tmp_path, {("表1-2", "G4"): (1.2, "0.00"), ("表1-2", "H4"): (1.2, PCT)})
    assert ("rate-over-100", "表1-2", "H4") in found


def test_003_deduct_column_and_wjx_shares(books: dict[str, Path], tmp_path: Path) -> None:
    found = _mutated(books["003"], tmp_path, {("综合评分表", "J14"): 1.5, ("问卷结果", "D21"): "91.9%"})
    assert found == EXPECTED_003 | {("deduct-column", "综合评分表", "J14"), ("total-mismatch", "综合评分表", "J28"),
                                    ("share-mismatch", "问卷结果", "D21")}


def test_formulas_are_audited_by_their_cached_values(tmp_path: Path) -> None:
    """xlkit's own result workbook (formulas with cached values) audits clean where it is right."""
    from helpers import load_sample_builder

    from xlkit.scoring.evaluation import score
    from xlkit.write.result_writer import write_result

    folder = load_sample_builder().build_kashi(tmp_path / "kashi")
    out = write_result(score(folder), tmp_path / "结果.xlsx")
    result = audit(out)
    # Only what the sample inherits from seed 000: the 年初 footing break (the one error), the rules'
    # own wording and the >100% 网采率. The result writer signs a cut (−76.64%), so no rate-sign either;
    # no 得分率, 小计, 合计 or 等级 finding on xlkit's own figures.
    assert {f.code for f in result.findings} == {"deduction-size", "standard-points", "rule-rounding", "rate-over-100",
                                                 "footing"}
    assert [f.code for f in result.errors] == ["footing"]
    assert [a.split("：")[1] for a in result.audited] == ["综合评分表 24 个三级指标", "得分汇总", "支出预决算表", "收入预算表",
                                                          "项目预算执行表", "问卷统计表"]


# --------------------------------------------------------------------------------------------
# Folders


@pytest.fixture()
def kashi_copy(kashi_sample: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "喀什医保2024"
    shutil.copytree(kashi_sample, folder)
    return folder


def test_folder_without_typed_tables(kashi_copy: Path) -> None:
    result = audit(kashi_copy)
    # xlkit check's footing warning on the sample's own 年初 column (goldens 000 S3) stays a warning: it
    # is in the unit's own input workbook (the registry's context rule), where xlkit scores from the parts.
    assert keys(result) == {("footing", "支出", "B12")}
    assert result.findings[0].severity is Severity.WARNING and result.findings[0].file == "预决算.xlsx"
    assert result.ok
    assert any("92.90 分，优" in a for a in result.audited)


def test_folder_with_a_typed_score_table(kashi_copy: Path) -> None:
    typed = build_000_annex(kashi_copy / "综合评分表.xlsx")
    wb = openpyxl.load_workbook(typed)
    wb["综合评分表"]["I15"] = 1.6  # B32 typed 1.60; xlkit scores 1.40 from the ledger (3 × 0.20)
    wb["综合评分表"]["K31"] = "等级：良"
    wb.save(typed)
    result = audit(kashi_copy)
    found = {(f.file, f.code, f.cell) for f in result.findings}
    assert ("综合评分表.xlsx", "score-differs", "I15") in found
    assert ("综合评分表.xlsx", "grade-differs", "K31") in found
    assert ("综合评分表.xlsx", "grade-mismatch", "K31") in found
    assert ("综合评分表.xlsx", "voucher-not-in-ledger", "K16") in found  # goldens 000 S19: 2024-6-18号
    differs = next(f for f in result.findings if f.code == "score-differs")
    assert (differs.printed, differs.expected) == ("1.60", "1.40")
    assert [f for f in result.findings if f.code == "score-differs"] == [differs]  # the 23 others agree


def test_folder_that_cannot_be_scored(kashi_copy: Path) -> None:
    (kashi_copy / "预决算.xlsx").unlink()
    result = audit(kashi_copy)
    codes = {f.code for f in result.findings}
    assert {"file-missing", "folder-unscorable"} <= codes and not result.ok


def test_missing_path_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(XlkitError, match="找不到"):
        audit(tmp_path / "无此文件.xlsx")


# --------------------------------------------------------------------------------------------
# 审核意见 workbook and the command


def test_writer_findings_and_summary(books: dict[str, Path], tmp_path: Path) -> None:
    result = audit(books["000"])
    path = write_audit(result, tmp_path / "审核意见.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    ws = wb["审核意见"]
    assert [c.value for c in ws[3]] == list(COLUMNS)
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    assert len(rows) == len(result.findings)
    assert [r[7] for r in rows[:3]] == ["错误"] * 3 and rows[3][7] == "关注"  # errors first
    b31 = next(r for r in rows if r[8] == "rate-mismatch")
    assert b31[1] == "000附件1.xlsx › 综合评分表 › J14" and (b31[3], b31[4]) == ("87.50%", "75.00%")
    assert "得分率 = 得分 ÷ 分值" in b31[6]
    assert ws.print_title_rows == "$3:$3" and ws.page_setup.orientation == "landscape"
    summary = [r for r in wb["审核汇总"].iter_rows(values_only=True)]
    total = next(r for r in summary if r[0] == "合计")
    assert total[1:3] == (3, 9)
    assert next(r for r in summary if r[0] == "审核结论")[1] == result.conclusion


def test_writer_keeps_user_text_as_text(tmp_path: Path) -> None:
    nasty = Finding("rate-mismatch", Severity.ERROR, "评分", "=HYPERLINK(\"http://x\")", "a.xlsx", "S", "A1",
                    item="@SUM(1)", printed="=1+1", expected="+2", difference="-0.01", basis="-x")
    path = write_audit(AuditResult(Path("a.xlsx"), [nasty], ["a.xlsx"]), tmp_path / "o.xlsx")
    ws = openpyxl.load_workbook(path)["审核意见"]
    row = ws[4]
    assert [row[i].value for i in (2, 3, 4, 5)] == ["@SUM(1)", "=1+1", "+2", "-0.01"]
    assert all(row[i].data_type == "s" for i in (2, 3, 4, 5, 6))


def test_writer_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "审核意见.xlsx"
    out.write_bytes(b"keep")
    with pytest.raises(OutputExistsError):
        write_audit(AuditResult(tmp_path), out)
    assert out.read_bytes() == b"keep"
    write_audit(AuditResult(tmp_path), out, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["审核意见.xlsx"]


runner = CliRunner()


def test_cli_exit_codes_and_output(books: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "意见.xlsx"
    res = runner.invoke(app, ["audit", str(books["000"]), "-o", str(out)])
    assert res.exit_code == 1, res.output
    assert "000附件1.xlsx › 综合评分表 › J14: B31 资金使用合规性得分率填报为 87.50%，3.00 ÷ 4.00 = 75.00%  [rate-mismatch]" in res.output
    assert "审核结论：发现 3 处错误、9 处需关注的问题" in res.output and res.output.count("处错误") == 1 and out.exists()
    again = runner.invoke(app, ["audit", str(books["000"]), "-o", str(out)])
    assert again.exit_code == 1 and "已存在" in again.output
    ok = runner.invoke(app, ["audit", str(books["003"]), "-o", str(tmp_path / "b.xlsx"), "--json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["ok"] is True and [f["code"] for f in data["findings"]] == ["standard-points"]
    assert data["output"].endswith("b.xlsx")


def test_cli_default_output_beside_the_folder(kashi_copy: Path) -> None:
    res = runner.invoke(app, ["audit", str(kashi_copy)])
    assert res.exit_code == 0  # the sample's 年初 footing break is a warning in its own 预决算.xlsx
    assert (kashi_copy / "审核意见.xlsx").exists()
    assert runner.invoke(app, ["audit", str(kashi_copy), "--force"]).exit_code == 0
    assert [p.name for p in kashi_copy.iterdir() if p.name.startswith("审核")] == ["审核意见.xlsx"]


def test_catalogue_is_complete() -> None:
    """Every code the package can emit is in the catalogue with a Chinese description."""
    import re

    package = Path(__file__).parents[1] / "xlkit" / "audit"
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(package.glob("*.py")))
    emitted = set(re.findall(r'out\(\s*"([a-z0-9-]+)"', source)) | set(re.findall(r'\)\("([a-z0-9-]+)"', source))
    assert emitted <= set(CODES)
    assert all(len(v) == 3 and v[2] for v in CODES.values())


def test_a_workbook_without_any_table_is_not_a_pass(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "会议纪要"
    wb.save(tmp_path / "其他.xlsx")
    result = audit(tmp_path / "其他.xlsx")
    assert result.findings == [] and result.audited == [] and "未找到" in result.conclusion
    res = runner.invoke(app, ["audit", str(tmp_path / "其他.xlsx"), "-o", str(tmp_path / "o.xlsx")])
    # nothing auditable: exit 2, the message says what was looked for, no opinion written
    assert res.exit_code == 2 and "未找到可审核的表格" in res.output and "项目名称" in res.output
    assert not (tmp_path / "o.xlsx").exists()


def test_unreadable_files(tmp_path: Path, kashi_copy: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(XlkitError):
        audit(bad)
    res = runner.invoke(app, ["audit", str(bad), "-o", str(tmp_path / "o.xlsx")])
    assert res.exit_code == 1 and res.output.startswith("错误：") and "Traceback" not in res.output
    shutil.copy(bad, kashi_copy / "外来表.xlsx")  # an extra file in a folder is reported, the rest audited
    result = audit(kashi_copy)
    assert ("table-unreadable", "", "") in keys(result) and any("92.90" in a for a in result.audited)
