"""自评对比: the unit's 自评表 beside the evaluator's scores, indicator by indicator.

The two systems are not one-to-one (003 附件7 项目单位自评表: three 参保人数 rows kept with weights 10/10/5 →
6/5/5, 住院报销比例 replaced by 发放准确率, two qualitative rows split into three, 决策 and 过程 added
by the evaluator), so the mapping is data: the evaluator fills 对应评价指标 (codes) and 对应关系
(保留, 更名, 替换, 拆分, 合并, 取消) on each 自评 row; indicators of the evaluation that no 自评 row
names are 新增. Weights differ between the systems, so rows are compared by 得分率 and the
difference of the totals is split into what the new, the dropped and the mapped indicators add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlkit.read.numbers import fmt2, fmt_pct
from xlkit.read.records import norm_text
from xlkit.scoring.selfeval import SelfEvalResult
from xlkit.spec.issues import Issue, Severity
from xlkit.spec.templates import sheet_name

if TYPE_CHECKING:  # types only: evaluation imports this module to compare, never the other way round
    from xlkit.scoring.evaluation import Evaluation, IndicatorScore

__all__ = ["CompareRow", "Comparison", "compare", "NEW"]

NEW = "新增"
EXEC_ROW = "预算执行率"
EXEC_NAMES = ("预算执行率",)


@dataclass
class CompareRow:
    self_name: str
    self_weight: Decimal | None
    self_score: Decimal | None
    self_actual: str
    kind: str  # 保留 / 更名 / 替换 / 拆分 / 合并 / 取消 / 新增 / 未对应
    evals: list[IndicatorScore] = field(default_factory=list)
    cause: str = ""

    @property
    def self_rate(self) -> Decimal | None:
        if self.self_weight in (None, 0) or self.self_score is None:
            return None
        return (self.self_score / self.self_weight).quantize(Decimal("0.0001"))

    @property
    def eval_weight(self) -> Decimal | None:
        return sum((i.weight for i in self.evals), Decimal(0)) if self.evals else None

    @property
    def eval_score(self) -> Decimal | None:
        return sum((i.score for i in self.evals), Decimal(0)) if self.evals else None

    @property
    def eval_rate(self) -> Decimal | None:
        w, s = self.eval_weight, self.eval_score
        return None if not w or s is None else (s / w).quantize(Decimal("0.0001"))

    @property
    def rate_difference(self) -> Decimal | None:
        a, b = self.self_rate, self.eval_rate
        return None if a is None or b is None else b - a

    def to_dict(self) -> dict[str, Any]:
        return {
            "自评指标": self.self_name, "自评权重": fmt2(self.self_weight) if self.self_weight is not None else "",
            "自评得分": fmt2(self.self_score) if self.self_score is not None else "",
            "自评得分率": fmt_pct(self.self_rate) if self.self_rate is not None else "",
            "对应关系": self.kind, "评价指标": "、".join(f"{i.code}{i.name}" for i in self.evals),
            "评价分值": fmt2(self.eval_weight) if self.eval_weight is not None else "",
            "评价得分": fmt2(self.eval_score) if self.eval_score is not None else "",
            "评价得分率": fmt_pct(self.eval_rate) if self.eval_rate is not None else "",
            "得分率差异": fmt_pct(self.rate_difference) if self.rate_difference is not None else "",
            "差异原因": self.cause,
        }


@dataclass
class Comparison:
    selfeval: SelfEvalResult
    rows: list[CompareRow]
    self_total: Decimal | None
    self_grade: str | None
    eval_total: Decimal
    eval_grade: str
    causes: list[str]
    issues: list[Issue]

    @property
    def difference(self) -> Decimal | None:
        return None if self.self_total is None else self.eval_total - self.self_total

    def to_dict(self) -> dict[str, Any]:
        return {
            "自评表": self.selfeval.file,
            "自评总分": fmt2(self.self_total) if self.self_total is not None else "", "自评等级": self.self_grade or "",
            "评价总分": fmt2(self.eval_total), "评价等级": self.eval_grade,
            "差异": fmt2(self.difference) if self.difference is not None else "",
            "差异原因": self.causes, "rows": [r.to_dict() for r in self.rows],
        }


def _codes(text: str | None) -> list[str]:
    return [c for c in re.split(r"[、,，;；/\s]+", norm_text(text).upper()) if c]


def _row_cause(row: CompareRow, self_rule: str | None, self_target: str | None) -> str:
    if row.kind == "取消":
        return "评价指标体系未保留此指标"
    if row.kind == "未对应":
        return "未填写对应评价指标，或所填编码不在指标体系中"
    if row.kind == NEW:
        lost = row.eval_weight - row.eval_score if row.eval_weight is not None and row.eval_score is not None else None
        return "评价新增指标" + (f"，扣 {fmt2(lost)} 分" if lost else "，得满分")
    parts = []
    if row.kind in ("替换", "更名", "拆分", "合并"):
        parts.append(f"{row.kind}为“{'、'.join(i.name for i in row.evals)}”")
    if row.self_weight is not None and row.eval_weight is not None and row.self_weight != row.eval_weight:
        parts.append(f"分值 {fmt2(row.self_weight)} → {fmt2(row.eval_weight)}")
    actuals = {norm_text(i.actual) for i in row.evals if i.actual}
    mine = norm_text(row.self_actual).lstrip("=")
    if actuals and mine and mine not in actuals and len(row.evals) == 1:
        parts.append(f"实际完成值 自评“{row.self_actual}”，评价“{row.evals[0].actual}”")
    rules = {i.rule for i in row.evals}
    if self_rule and rules and self_rule not in rules:
        parts.append(f"评分方法 自评“{self_rule}”，评价“{'、'.join(sorted(rules))}”")
    diff = row.rate_difference
    if diff is not None and diff != 0:
        parts.append(f"得分率{'高' if diff > 0 else '低'} {fmt_pct(abs(diff))}")
    return "；".join(parts) or "一致"


def compare(result: Evaluation, se: SelfEvalResult) -> Comparison:
    """Map ``se`` onto the evaluation ``result`` by the 对应评价指标 column and explain the difference."""
    by_code = {i.code.upper(): i for i in result.indicators}
    used: set[str] = set()
    issues: list[Issue] = []
    rows: list[CompareRow] = []
    if se.exec_weight:
        evals = [i for i in result.indicators if any(n in i.name for n in EXEC_NAMES)]
        row = CompareRow(EXEC_ROW, se.exec_weight, se.exec_score, fmt_pct(se.exec_rate) if se.exec_rate is not None else "",
                         "保留" if evals else "取消", evals)
        used.update(i.code.upper() for i in evals)
        row.cause = _row_cause(row, None, None)
        rows.append(row)
    for ind in se.indicators:
        codes = _codes(ind.row.map_code)
        evals = []
        for code in codes:
            if code in by_code:
                evals.append(by_code[code])
                used.add(code)
            else:
                issues.append(Issue("compare-unknown-code", f"{ind.name}：对应评价指标“{code}”不在指标体系中",
                                    Severity.WARNING, se.file, sheet_name("selfeval", "indicators"), ind.row.row.cells.get("map_code"), value=code))
        kind = ind.row.map_kind or ("保留" if evals else "未对应")
        if kind == "取消":
            evals = []
        elif not evals:  # no code, or none that the system knows: the mapping does not hold
            kind = "未对应"
        row = CompareRow(ind.name, ind.weight, ind.score, ind.actual, kind, evals)
        row.cause = _row_cause(row, ind.rule, ind.target)
        rows.append(row)
    for ev in result.indicators:
        if ev.code.upper() not in used:
            row = CompareRow("", None, None, "", NEW, [ev])
            row.cause = _row_cause(row, None, None)
            rows.append(row)
    causes = _causes(rows, se, result)
    return Comparison(selfeval=se, rows=rows, self_total=se.total, self_grade=se.grade, eval_total=result.total,
                      eval_grade=result.grade, causes=causes, issues=issues)


def _causes(rows: list[CompareRow], se: SelfEvalResult, result: Evaluation) -> list[str]:
    """The difference of the totals in three parts: new, dropped and mapped indicators."""
    out = []
    new = [r for r in rows if r.kind == NEW]
    dropped = [r for r in rows if r.kind in ("取消", "未对应")]
    mapped = [r for r in rows if r.evals and r.kind != NEW]
    if new:
        w = sum((r.eval_weight or Decimal(0) for r in new), Decimal(0))
        s = sum((r.eval_score or Decimal(0) for r in new), Decimal(0))
        names = {result_level_name(result, r.evals[0]) for r in new}
        out.append(f"评价新增 {len(new)} 个指标（{'、'.join(sorted(names))}），分值 {fmt2(w)}，得分 {fmt2(s)}，"
                   f"扣 {fmt2(w - s)} 分")
    if dropped:
        w = sum((r.self_weight or Decimal(0) for r in dropped), Decimal(0))
        s = sum((r.self_score or Decimal(0) for r in dropped), Decimal(0))
        out.append(f"自评有 {len(dropped)} 个指标在评价中无对应，权重 {fmt2(w)}，自评得分 {fmt2(s)}")
    if mapped:
        sw = sum((r.self_weight or Decimal(0) for r in mapped), Decimal(0))
        ss = sum((r.self_score or Decimal(0) for r in mapped), Decimal(0))
        # an evaluation indicator two 自评 rows map to (合并) counts once
        evals = {i.code: i for r in mapped for i in r.evals}.values()
        ew = sum((i.weight for i in evals), Decimal(0))
        es = sum((i.score for i in evals), Decimal(0))
        out.append(f"对应的 {len(mapped)} 个自评指标：自评权重 {fmt2(sw)} 扣 {fmt2(sw - ss)} 分，"
                   f"对应评价指标分值 {fmt2(ew)} 扣 {fmt2(ew - es)} 分")
        lower = [(d, r) for r in mapped if (d := r.rate_difference) is not None and d < 0]
        for d, r in sorted(lower, key=lambda p: p[0])[:5]:
            out.append(f"“{r.self_name}”评价得分率低于自评 {fmt_pct(-d)}：{r.cause}")
    if se.total is not None:
        lost_self = se.total_weight - se.total
        lost_eval = result.total_weight - result.total
        out.insert(0, f"评价总分 {fmt2(result.total)}（{result.grade}）− 自评总分 {fmt2(se.total)}（{se.grade}）"
                      f" = {fmt2(result.total - se.total)}：自评共扣 {fmt2(lost_self)} 分，评价共扣 {fmt2(lost_eval)} 分")
    return out


def result_level_name(result: Evaluation, ind: IndicatorScore) -> str:
    return next((lv.name for lv in result.levels if lv.code == ind.level1), ind.level1)
