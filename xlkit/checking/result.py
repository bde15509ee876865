"""What ``check_workbooks`` returns (``CheckResult``) and the issue factory each workbook's checks write through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.read.records import BudgetBook, IndicatorBook, SurveyBook, VoucherBook
from xlkit.spec.issues import Issue, Report, Severity

__all__ = ["CheckResult", "FileIssues"]


@dataclass
class CheckResult:
    folder: Path
    report: Report
    indicators: IndicatorBook | None = None
    budget: BudgetBook | None = None
    vouchers: VoucherBook | None = None
    survey: SurveyBook | None = None
    files: dict[str, Path] = field(default_factory=dict)
    # The unit's 绩效自评表 files (xlkit.read.selfevals), in file-name order.
    selfevals: list[tuple[Path, Any]] = field(default_factory=list)
    # 基金收支.xlsx analysed (xlkit.compute.fund.FundResult), when the folder holds one; never required.
    fund: Any = None
    # xlkit.check runs the scoring pipeline (xlkit.scoring.evaluation.evaluate) on this without writing:
    # its outcome (an xlkit.scoring.evaluation.Result), or None when errors leave nothing to score. Typed
    # Any because checking sits under scoring and does not import it; scoring reads it back as a Result.
    outcome: Any = None
    evaluated: bool = False

    @property
    def self_only(self) -> bool:
        """A folder of 自评表 alone: nothing of the evaluator's set is there."""
        return bool(self.selfevals) and self.indicators is None and self.budget is None

    @property
    def valid(self) -> bool:
        return self.report.valid

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), **self.report.to_dict()}


class FileIssues:
    """Issue factory bound to one workbook file."""

    def __init__(self, report: Report, file: str):
        self.report, self.file = report, file

    def __call__(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
                 severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
        self.report.add(Issue(code=code, message=message, severity=severity, file=self.file, sheet=sheet,
                              cell=cell, value=None if value is None else str(value), expected=expected))
