"""What an audit returns: findings with a stable code, the result of one audit, and the code catalogue.

Every finding takes its severity and category from ``CODES``, so the writer's summary, the docs
and the checks agree on what each code means."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.spec.issues import Issue, Severity, code_info

AUDIT_FILE = "审核意见.xlsx"
CATEGORIES = ("评分", "预决算", "问卷", "对照", "正文", "校验", "读取")
ERROR, WARNING = Severity.ERROR, Severity.WARNING

# The codes an audit reports of the tables it reads. Severity, category and meaning come from the
# one registry (templates/issue_codes.toml); a code whose severity depends on the context takes its
# audit severity by the registry's rule: a footing break in a table under audit is an error.
AUDIT_CODES = (
    "rate-mismatch", "score-range", "subtotal-mismatch", "total-mismatch", "level-weight", "deduct-column",
    "deduction-sum", "deduction-size", "standard-points", "rule-result", "rule-rounding", "rate-over-100",
    "grade-mismatch", "full-marks-count", "summary-mismatch", "footing", "adjustment-mismatch", "rate-recompute",
    "rate-sign", "rate-dash", "year-repeat", "rate-undefined", "zero-zero-inconsistent", "disclosure-before-approval",
    "disclosure-late", "survey-sum", "survey-count-exceeds", "share-mismatch", "survey-rate-mismatch",
    "composite-mismatch", "composite-label", "coverage-mismatch", "score-differs", "grade-differs",
    "folder-unscorable", "voucher-not-in-ledger", "table-unreadable", "rule-unreachable",
    "text-figure", "text-rate", "text-count", "text-sum", "text-list-count",
)
# Facts that are warnings in the unit's own input (xlkit recomputes from the parts) and errors in a
# table under audit (the reported figure itself is wrong): the registry's context rule.
AUDIT_STRICT = frozenset({"footing", "adjustment-mismatch", "level-weight"})
AUDIT_CONTEXT = "审核的报送表格中为错误"


def _audit_entry(code: str) -> tuple[Severity, str, str]:
    info = code_info(code)
    severity = info.also if code in AUDIT_STRICT and info.also is not None else info.severity
    return severity, info.category, info.meaning


# code → (severity in an audit, category, what it means): what the writer's summary and the docs use.
CODES: dict[str, tuple[Severity, str, str]] = {c: _audit_entry(c) for c in AUDIT_CODES}


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


class Out:
    """Collects findings for one file; severity and category come from the catalogue."""

    def __init__(self, result: AuditResult, file: str | None):
        self.result, self.file = result, file

    def __call__(self, code: str, message: str, *, sheet: str | None = None, cell: str | None = None,
                 item: str = "", printed: str | None = None, expected: str | None = None,
                 difference: str | None = None, basis: str = "", severity: Severity | None = None) -> None:
        sev, cat, _ = CODES[code]
        if code in AUDIT_STRICT and (severity or sev) is not code_info(code).severity:
            message = f"{message}（{AUDIT_CONTEXT}）"  # the message says which context rule applied
        self.result.findings.append(Finding(code, severity or sev, cat, message, self.file, sheet, cell, item,
                                            printed, expected, difference, basis))
