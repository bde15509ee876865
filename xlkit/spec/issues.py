"""Issues found in the data: values, not exceptions, collected into a Report.

Every code is registered in ``templates/issue_codes.toml`` (``registry()``): its severity, category,
Chinese meaning and English name, and, where the severity depends on the context the fact is
found in, the other severity and the rule. check, score, 自评, survey import and audit all report
under these codes; tests fail on a code emitted anywhere that is not registered.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum
from functools import cache


class Severity(str, Enum):  # noqa: UP042 - StrEnum would change str(Severity.ERROR) and f-strings
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class CodeInfo:
    """One registered issue code."""

    code: str
    severity: Severity
    category: str
    meaning: str  # Chinese
    name: str  # English
    also: Severity | None = None  # the other severity the context rule allows
    context: str = ""  # when ``also`` applies, in Chinese

    def allows(self, severity: Severity) -> bool:
        return severity is self.severity or severity is self.also


@cache
def registry() -> dict[str, CodeInfo]:
    """code → CodeInfo, in the order of ``templates/issue_codes.toml``."""
    from xlkit.spec.templates import template_data

    data = template_data("issue_codes.toml")
    out: dict[str, CodeInfo] = {}
    for code, d in data["codes"].items():
        also = d.get("also")
        out[code] = CodeInfo(code, Severity(d["severity"]), d["category"], d["meaning"], d["name"],
                             Severity(also) if also else None, d.get("context", ""))
    return out


@cache
def categories() -> tuple[str, ...]:
    from xlkit.spec.templates import template_data

    return tuple(template_data("issue_codes.toml")["categories"]["order"])


SEVERITY_NAMES = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


def registry_markdown() -> str:
    """The registry as the Markdown table printed in docs/issue-codes.md (kept equal by a test)."""
    lines = ["# 问题代码表（issue codes）", "",
             "由 `templates/issue_codes.toml` 生成，勿手改：`python -m xlkit.spec.issues > docs/issue-codes.md`。",
             "check、score、自评、问卷导入和 audit 报告的每个问题都用下表中的代码；同一事实在各命令中代码和严重程度相同。",
             "严重程度随情形不同的代码，规则写在“情形”一列，消息中也会说明。", ""]
    by_cat: dict[str, list[CodeInfo]] = {}
    for info in registry().values():
        by_cat.setdefault(info.category, []).append(info)
    for cat in categories():
        if cat not in by_cat:
            continue
        lines += [f"## {cat}", "", "| 代码 | 严重程度 | 含义 | English | 情形 |", "|---|---|---|---|---|"]
        for i in by_cat[cat]:
            sev = SEVERITY_NAMES[i.severity] + (f"／{SEVERITY_NAMES[i.also]}" if i.also else "")
            lines.append(f"| `{i.code}` | {sev} | {i.meaning} | {i.name} | {i.context} |")
        lines.append("")
    return "\n".join(lines)


def code_info(code: str) -> CodeInfo:
    """The registered entry of ``code``; KeyError names an unregistered one."""
    try:
        return registry()[code]
    except KeyError:
        raise KeyError(f"问题代码 {code!r} 未登记（templates/issue_codes.toml）") from None


@dataclass(frozen=True)
class Issue:
    """One problem at one place: stable ``code``, Chinese ``message``, where it is."""

    code: str
    message: str
    severity: Severity = Severity.ERROR
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    expected: str | None = None

    @property
    def where(self) -> str:
        """``预决算.xlsx › 支出 › D7`` (whatever parts are known)."""
        return " › ".join(p for p in (self.file, self.sheet, self.cell) if p)

    def render(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, str | None]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Report:
    """All issues of one run, in the order found (files, sheets, rows, columns)."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: list[Issue]) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    @staticmethod
    def grouped(issues: list[Issue]) -> list[tuple[str, list[Issue]]]:
        """``issues`` grouped by workbook and sheet ("预决算.xlsx › 支出"), workbooks and sheets in
        the order first met, issues in their own order: a to-do list a clerk can tick off."""
        groups: dict[str, dict[str, list[Issue]]] = {}
        for i in issues:
            groups.setdefault(i.file or "", {}).setdefault(i.sheet or "", []).append(i)
        return [(" › ".join(p for p in (f, s) if p) or "（文件夹）", items)
                for f, sheets in groups.items() for s, items in sheets.items()]

    def to_dict(self) -> dict[str, object]:
        return {
            "valid": self.valid,
            "errors": [i.to_dict() for i in self.errors],
            "warnings": [i.to_dict() for i in self.warnings],
        }


if __name__ == "__main__":  # python -m xlkit.spec.issues > docs/issue-codes.md
    print(registry_markdown(), end="")
