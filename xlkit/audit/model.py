"""What an audit returns: findings with a stable code, the result of one audit, and the code catalogue.

Every finding takes its severity and category from ``CODES``, so the writer's summary, the docs
and the checks agree on what each code means."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..issues import Issue, Severity

AUDIT_FILE = "审核意见.xlsx"
CATEGORIES = ("评分", "预决算", "问卷", "对照", "正文", "校验", "读取")
ERROR, WARNING = Severity.ERROR, Severity.WARNING

# code → (severity, category, what it means). The catalogue the writer's summary and the docs use.
CODES: dict[str, tuple[Severity, str, str]] = {
    "rate-mismatch": (ERROR, "评分", "得分率 ≠ 得分 ÷ 分值"),
    "score-range": (ERROR, "评分", "得分高于分值或低于 0"),
    "subtotal-mismatch": (ERROR, "评分", "小计 ≠ 所属三级指标之和"),
    "total-mismatch": (ERROR, "评分", "合计 ≠ 各指标之和"),
    "level-weight": (ERROR, "评分", "一级指标标注的分值 ≠ 所属三级指标分值之和"),
    "deduct-column": (ERROR, "评分", "扣分 ≠ 分值 − 得分"),
    "deduction-sum": (ERROR, "评分", "扣分原因所列扣分之和 ≠ 分值 − 得分"),
    "deduction-size": (WARNING, "评分", "单项扣分与评分标准规定的每项扣分不符"),
    "standard-points": (WARNING, "评分", "评分标准所写的得分与分值不符"),
    "rule-result": (ERROR, "评分", "按评分规则由目标值和实际完成值计算的得分 ≠ 填报得分"),
    "rule-unreachable": (ERROR, "评分", "填报得分不是评价标准（评分规则）所能给出的分数"),
    "rule-rounding": (WARNING, "评分", "评分标准未写明计扣口径，填报得分只符合其中一种"),
    "rate-over-100": (WARNING, "评分", "占比类指标的比率超过 100%"),
    "grade-mismatch": (ERROR, "评分", "等级与总分所在的等级区间不符"),
    "full-marks-count": (ERROR, "评分", "实现目标（满分指标）个数不符"),
    "summary-mismatch": (ERROR, "评分", "得分汇总表与综合评分表不一致"),
    "footing": (ERROR, "预决算", "合计（小计）≠ 各分项之和"),
    "adjustment-mismatch": (ERROR, "预决算", "调整数 ≠ 年初 − 全年"),
    "rate-recompute": (ERROR, "预决算", "比率与按标题所写口径重算的结果不符"),
    "rate-sign": (WARNING, "预决算", "调减的调整率未标负号"),
    "rate-dash": (WARNING, "预决算", "可以计算的比率显示为“-”"),
    "rate-undefined": (WARNING, "预决算", "分母为 0 或“-”的比率显示为数值"),
    "zero-zero-inconsistent": (WARNING, "预决算", "0/0 的比率在同一表中显示方式不一致"),
    "disclosure-before-approval": (ERROR, "预决算", "公开日期早于批复日期"),
    "disclosure-late": (WARNING, "预决算", "公开日期超过批复后规定的天数"),
    "survey-sum": (ERROR, "问卷", "单选题各选项人数之和 ≠ 答题人数"),
    "survey-count-exceeds": (ERROR, "问卷", "选项人数大于答题人数"),
    "share-mismatch": (ERROR, "问卷", "占比 ≠ 人数 ÷ 答题人数"),
    "survey-rate-mismatch": (ERROR, "问卷", "满意率 ≠ Σ(人数 × 分值) ÷ 答题人数"),
    "composite-mismatch": (ERROR, "问卷", "综合满意度与各题满意率不符"),
    "composite-label": (WARNING, "问卷", "综合满意度的名称与计算方式不符"),
    "coverage-mismatch": (ERROR, "问卷", "覆盖率、回收率或有效回收率计算有误"),
    "score-differs": (ERROR, "对照", "填报得分与 xlkit 按指标体系计算的得分不同"),
    "grade-differs": (ERROR, "对照", "填报等级与 xlkit 计算的等级不同"),
    "folder-unscorable": (ERROR, "对照", "文件夹有错误，xlkit 无法评分，未能对照"),
    "voucher-not-in-ledger": (WARNING, "对照", "扣分原因引用的凭证不在凭证抽查台账中"),
    "text-figure": (ERROR, "正文", "报告正文（或正文表格）所写的分值、得分或总分与评分表不一致"),
    "text-rate": (ERROR, "正文", "报告正文所写的比率与同段给出的数字重算不符"),
    "text-count": (ERROR, "正文", "报告正文所写的个数与评分表或项目表不符"),
    "text-list-count": (WARNING, "正文", "报告正文列举的项数与所写个数不符"),
    "table-unreadable": (WARNING, "读取", "单元格内容无法识别为数字，或文件夹中的表格文件无法读取"),
}


@dataclass(frozen=True)
class Finding:
    """One audit finding: where, what is printed, what it should be, and why."""

    code: str
    severity: Severity
    category: str
    message: str
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    item: str = ""  # 项目: "B31 资金使用合规性 › 得分率"
    printed: str | None = None  # 填报值
    expected: str | None = None  # 应为
    difference: str | None = None  # 差异
    basis: str = ""  # 依据/公式

    @property
    def where(self) -> str:
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def render(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_issue(self) -> Issue:
        return Issue(self.code, self.message, self.severity, self.file, self.sheet, self.cell, self.printed,
                     self.expected)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity.value, "category": self.category,
                "file": self.file, "sheet": self.sheet, "cell": self.cell, "item": self.item,
                "printed": self.printed, "expected": self.expected, "difference": self.difference,
                "basis": self.basis, "message": self.message}


@dataclass
class AuditResult:
    """All findings of one audit, in the order found, and what was read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    audited: list[str] = field(default_factory=list)  # "综合评分表.xlsx › 综合评分表：24 个三级指标"

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_category(self) -> dict[str, tuple[int, int]]:
        """category → (errors, warnings), categories in catalogue order."""
        out = {}
        for cat in CATEGORIES:
            mine = [f for f in self.findings if f.category == cat]
            if mine:
                out[cat] = (sum(f.severity is ERROR for f in mine), sum(f.severity is WARNING for f in mine))
        return out

    @property
    def conclusion(self) -> str:
        if not self.audited:
            return ("未找到可审核的表格：已按列标题查找综合评分表（“三级指标”及分值/权重、得分/分数列）、得分汇总"
                    "（“指标”行下的权重/分值行）、预决算表（年初预算与全年预算/调整后预算列）、项目表（“项目名称”列）、"
                    "收入表、预决算公开表（批复日期/公开日期）和问卷统计表（题号/人数列），均未找到。")
        if not self.findings:
            return "经复核，所审表格的得分、小计、合计、比率和计数均与重算结果一致，未发现问题。"
        e, w = len(self.errors), len(self.warnings)
        if e:
            return (f"发现 {e} 处错误、{w} 处需关注的问题。错误指填报数字与据表内其他数字或评分规则重算的结果不符，"
                    "应由填报单位核实更正后重新报送；需关注的问题请结合评价底稿说明理由。")
        return f"未发现计算错误；有 {w} 处需关注的问题，请填报单位结合评价底稿说明理由。"

    def to_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "ok": self.ok, "errors": len(self.errors), "warnings": len(self.warnings),
                "audited": list(self.audited), "conclusion": self.conclusion,
                "findings": [f.to_dict() for f in self.findings]}

    def to_frame(self):  # -> pandas.DataFrame
        import pandas as pd

        return pd.DataFrame([f.to_dict() for f in self.findings])


class _Out:
    """Collects findings for one file; severity and category come from the catalogue."""

    def __init__(self, result: AuditResult, file: str | None):
        self.result, self.file = result, file

    def __call__(self, code: str, message: str, *, sheet: str | None = None, cell: str | None = None,
                 item: str = "", printed: str | None = None, expected: str | None = None,
                 difference: str | None = None, basis: str = "", severity: Severity | None = None) -> None:
        sev, cat, _ = CODES[code]
        self.result.findings.append(Finding(code, severity or sev, cat, message, self.file, sheet, cell, item,
                                            printed, expected, difference, basis))
