"""How an import reports problems: the error it raises and the Issue records it collects.

Every problem is an Issue with file, sheet and cell (codes in templates/issue_codes.toml); a file that
cannot be imported raises ``SurveyImportError`` carrying all of them.
"""

from __future__ import annotations

from typing import Any

from xlkit.errors import XlkitError
from xlkit.spec.issues import Issue, Report, Severity

__all__ = ["SurveyImportError", "add_issue", "one_issue"]


class SurveyImportError(XlkitError):
    """The export cannot be imported; ``report`` lists every problem with file, sheet and cell."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


def add_issue(report: Report, code: str, message: str, file: str, sheet: str | None = None, cell: str | None = None,
           severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
    report.add(Issue(code, message, severity, file, sheet, cell, None if value is None else str(value)[:200],
                     expected))


def one_issue(code: str, message: str, file: str, sheet: str | None = None, cell: str | None = None) -> Report:
    return Report([Issue(code, message, Severity.ERROR, file, sheet, cell)])
