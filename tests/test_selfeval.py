"""xlkit/scoring/selfeval.py: each check code on the smallest 自评表 that shows it, typed as a clerk would.

Every case starts from one clean 自评表 (执行率 10 + five rows of 90, all met, no check at all) and
changes one thing; the expected (code, cell, severity) are what that one change must give. A code
grepped from the module with no case here fails ``test_every_code_has_a_case``.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

import xlkit
from xlkit.read.selfevals import read_selfevals
from xlkit.scoring.selfeval import copy_checks, score_selfeval
from xlkit.spec.issues import Report, Severity

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "samples"))
from selfeval_fill import build_selfeval

W, E = Severity.WARNING, Severity.ERROR
INFO = {"project": "某项目", "unit": "某局", "year": 2023, "kind": "项目支出", "style": "四川", "exec_weight": 10}
FUNDS = {"total": {"annual": "10", "spent": "10"}, "fiscal": {"annual": "10", "spent": "10"}}
GOALS = [("完成培训，提升合格率", "")]


def row(level1: str, level2: str, name: str, nature: str | None, value: str | None, unit: str | None, weight: Any,
        actual: str | None, **more: Any) -> dict[str, Any]:
    out = {"level1": level1, "level2": level2, "name": name, "nature": nature, "value": value, "unit": unit,
           "weight": D(weight) if weight is not None else None, "actual": actual, **more}
    return {k: v for k, v in out.items() if v is not None}


# Rows 4–8 of 绩效指标 (A 一级 … H 实际完成值, I 填报得分, O 评分规则, P 规则参数); 基本信息 fields from B4.
BASE = [
    row("产出指标", "数量指标", "培训次数", "≥", "2", "次", 30, "3"),
    row("产出指标", "质量指标", "培训合格率", "≥", "90", "%", 20, "95"),
    row("效益指标", "社会效益指标", "政策知晓程度", "定性", "提高", None, 20, "有所提高"),
    row("满意度指标", "服务对象满意度指标", "参训人员满意度", "≥", "90", "%", 10, "93"),
    row("成本指标", "经济成本指标", "培训经费", "≤", "10", "万元", 10, "10"),
]


def with_row(i: int, **change: Any) -> list[dict[str, Any]]:
    rows = [dict(r) for r in BASE]
    rows[i].update({k: (D(v) if k in ("weight", "printed_score") and v is not None else v) for k, v in change.items()})
    rows[i] = {k: v for k, v in rows[i].items() if v is not None}
    return rows


def build(folder: Path, *, info: dict | None = None, funds: dict | None = None, goals=None, rows=None,
          name: str | None = None) -> Path:
    return build_selfeval(folder, info={**INFO, **(info or {})}, funds=FUNDS if funds is None else funds,
                          goals=GOALS if goals is None else goals, rows=BASE if rows is None else rows, file_name=name)


def scored(folder: Path):
    """(results, issues) of every 自评表 in ``folder``, scored one by one like ``xlkit.score`` does."""
    report = Report()
    books = read_selfevals(folder, report)
    results = []
    for path, book in books:
        res, rep = score_selfeval(book, path)
        report.extend(rep.issues)
        if res is not None:
            results.append(res)
    report.extend(copy_checks(results))
    return results, report.issues


def found(folder: Path) -> set[tuple[str, str | None, Severity]]:
    return {(i.code, i.cell, i.severity) for i in scored(folder)[1]}


# (id, build arguments, expected {(code, cell, severity)})
CASES: list[tuple[str, dict[str, Any], set[tuple[str, str | None, Severity]]]] = [
    ("clean", {}, set()),
    ("grades-invalid", {"info": {"grades": "优≥很高"}}, {("grades-invalid", "B14", E)}),
    ("funds-missing", {"funds": {}}, {("selfeval-funds-missing", "C4", E)}),
    ("footing", {"funds": {"total": {"annual": "10", "spent": "10"}, "fiscal": {"annual": "6", "spent": "10"},
                           "other": {"annual": "3"}}},
     {("footing", "C4", W)}),
    # A row left out of scoring leaves the weights short as well.
    ("weight-missing", {"rows": with_row(0, weight=None)},
     {("selfeval-weight-missing", "G4", E), ("weight-total", None, W)}),
    ("weight-total", {"rows": with_row(0, weight=20)}, {("weight-total", None, W)}),
    # No indicator rows: once 9.00 差 from 执行率 alone; now nothing is scored.
    ("no-indicators", {"rows": []}, {("selfeval-no-indicators", None, E), ("weight-total", None, W)}),
    ("score-error", {"rows": with_row(2, actual=None)},
     {("actual-missing", "H6", E), ("weight-total", None, W)}),
    # ＜24小时 with 24: not met, yet 目标/实际 = 1 gives full marks (004 P4/P5).
    ("strict-boundary", {"rows": with_row(1, nature="＜", value="24", unit="小时", actual="24")},
     {("selfeval-strict-boundary", "H5", W)}),
    # 002 C #7: a ≤ cost scored as 实际/目标 by the unit's own choice.
    ("direction", {"rows": with_row(4, actual="9", rule="按完成比例", params="方向=正向")},
     {("selfeval-direction", "H8", W), ("selfeval-rule-override", "O8", W)}),
    ("over-penalty", {"info": {"ratio_basis": "60%起算", "over": "倒扣"}}, {("selfeval-over-penalty", "H4", W),
                                                                       ("selfeval-over-penalty", "H5", W),
                                                                       ("selfeval-over-penalty", "H7", W)}),
    ("rule-override", {"rows": with_row(0, rule="酌情评分", params="得分=25；理由=培训资料不全")},
     {("selfeval-rule-override", "O4", W)}),
    ("printed-score", {"rows": with_row(1, printed_score="19")}, {("selfeval-printed-score", "I5", W)}),
    ("printed-exec-score", {"info": {"printed_exec_score": "9"}}, {("selfeval-printed-score", "B15", W)}),
    ("printed-total", {"info": {"printed_total": "98", "printed_grade": "优"}}, {("selfeval-printed-total", "B16", W)}),
    ("grade", {"info": {"printed_total": "100", "printed_grade": "良"}}, {("grade-mismatch", "B17", W)}),
    # 002 B1/B2 (unscored) write the actual as "≥95%".
    ("threshold-actual", {"info": {"scored": "否"}, "rows": with_row(1, actual="≥90%")},
     {("selfeval-threshold-actual", "H5", W)}),
    ("goal-copied", {"goals": [("完成培训，提升合格率", "完成培训，提升合格率")]}, {("selfeval-goal-copied", "B4", W)}),
    ("duplicate-name", {"rows": with_row(1, name="培训次数")}, {("selfeval-duplicate-name", "C5", W)}),
    # 004 P1: 二级 "社会成本指标", 三级 "经济成本指标".
    ("level-name", {"rows": with_row(4, name="经济成本指标")}, {("selfeval-level-name", "C8", W)}),
    # 004 P8: 定性 with 1 年.
    ("qualitative-numeric", {"rows": with_row(2, value="1", unit="年", actual="1")},
     {("selfeval-qualitative-numeric", "D6", W)}),
    # 004 P7/P9: a 知晓率 (%) under 成本指标; 004 P2: 被投诉次数 under 满意度指标.
    ("level-mismatch-cost", {"rows": with_row(4, name="政策知晓率", nature="≥", value="90", unit="%", actual="90")},
     {("selfeval-level-mismatch", "C8", W)}),
    ("level-mismatch-satisfaction", {"rows": with_row(3, name="被投诉次数", nature="≤", value="0", unit="次", actual="0")},
     {("selfeval-level-mismatch", "C7", W)}),
    # goldens 004 S35: every one of several 满意度 exactly at its threshold (one such row alone says nothing).
    ("at-threshold", {"rows": [*with_row(3, weight=5, actual="90")[:4],
                               row("满意度指标", "服务对象满意度指标", "相关部门满意度", "≥", "90", "%", 5, "90%"),
                               BASE[4]]},
     {("selfeval-at-threshold", "H7", W)}),
    ("qualitative-words-with-unit", {"rows": with_row(2, unit="次")}, set()),
    ("social-cost-not-money", {"rows": with_row(4, level2="社会成本指标", value="5", unit="%", actual="3")}, set()),
    ("one-at-threshold", {"rows": with_row(3, actual="90")}, set()),
    ("threshold-not-all", {"rows": [*with_row(3, weight=5, actual="90")[:4],
                                    row("满意度指标", "服务对象满意度指标", "相关部门满意度", "≥", "90", "%", 5, "91"),
                                    BASE[4]]},
     set()),
    # goldens 002 S6 / S15 / S18 (added with sample 002): a missed target in an unscored table, a bare "100"
    # against =100%, 偏差原因 on a full-score row.
    ("target-missed", {"info": {"scored": "否"}, "rows": with_row(0, actual="1")},
     {("selfeval-target-missed", "H4", W)}),
    ("actual-unit", {"rows": with_row(1, nature=None, value="≥90%", unit=None, actual="95")},
     {("selfeval-actual-unit", "H5", W)}),
    ("deviation-full", {"rows": with_row(0, deviation="受疫情影响")}, {("selfeval-deviation-full", "N4", W)}),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_check_on_its_smallest_case(case, tmp_path: Path) -> None:
    _, kwargs, expected = case
    build(tmp_path, **kwargs)
    assert found(tmp_path) == expected


def test_copy_is_flagged_once_on_the_later_file(tmp_path: Path) -> None:
    # 004 P7 = P9 (goldens 004 S15): the same table under two projects; the third differs in one actual.
    build(tmp_path, info={"project": "甲项目"}, name="绩效自评表（甲）.xlsx")
    build(tmp_path, info={"project": "乙项目"}, name="绩效自评表（乙）.xlsx")
    build(tmp_path, info={"project": "丙项目"}, rows=with_row(0, actual="4"), name="绩效自评表（丙）.xlsx")
    results, issues = scored(tmp_path)
    assert [(i.code, i.file, i.cell) for i in issues] == [("selfeval-copy", "绩效自评表（甲）.xlsx", "C4")]
    assert "绩效自评表（乙）.xlsx" in issues[0].message and "年度总体目标也逐字相同" in issues[0].message
    assert [len(r.checks) for r in results] == [0, 0, 1]  # 丙, 乙, 甲: file names in code-point order


def test_copy_check_runs_in_folder_scoring(tmp_path: Path) -> None:
    build(tmp_path, info={"project": "甲项目"}, name="绩效自评表（甲）.xlsx")
    build(tmp_path, info={"project": "乙项目"}, name="绩效自评表（乙）.xlsx")
    report = xlkit.score(tmp_path)
    assert [(c.code, c.file) for c in report.checks] == [("selfeval-copy", "绩效自评表（甲）.xlsx")]


def test_bare_actual_is_read_in_the_rows_unit(tmp_path: Path) -> None:
    """四川 tables print 度量单位 % and a bare 实际 (004): 88 against ≥90% is 88 %, not 88."""
    build(tmp_path, rows=with_row(1, actual="88"))
    (res,), _ = scored(tmp_path)
    item = res.indicators[1]
    # 20 × 88/90 = 19.555… → 19.56; read bare it would be 88 ≥ 0.90, met, 20.00
    assert (item.completion, item.met, item.score) == (D("0.9778"), False, D("19.56"))
    assert res.indicators[0].completion == D("1.5000")  # 3次 / 2次, unit 次 added alike


def test_clean_case_scores_full_marks(tmp_path: Path) -> None:
    build(tmp_path)
    (res,), issues = scored(tmp_path)
    assert (res.total, res.grade, res.total_weight, issues) == (D("100.00"), "优", D("100"), [])


def test_every_code_has_a_case() -> None:
    text = (Path(xlkit.__file__).resolve().parent / "scoring" / "selfeval.py").read_text(encoding="utf-8")
    in_module = set(re.findall(r'"((?:selfeval|grades)-[a-z-]+)"', text))
    # The facts 自评 shares with evaluation scoring have the registry's one code (footing, weight-total,
    # grade-mismatch, actual-missing …): the cases name them too.
    shared = {"footing", "weight-total", "grade-mismatch", "actual-missing"}
    covered = {code for _, _, expected in CASES for code, _, _ in expected} | {"selfeval-copy"}
    assert in_module | shared == covered
