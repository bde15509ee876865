"""Issues found in the data: values, not exceptions, collected into a Report."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


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
