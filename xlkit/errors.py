"""Operational failures. Problems *in the data* are Issues (see ``xlkit.spec.issues``), never exceptions."""

from __future__ import annotations


class XlkitError(Exception):
    """Base of every failure xlkit reports to a user; the message is Chinese, ready to print."""


class SpecError(XlkitError):
    """A template spec or indicator system in ``templates/`` is malformed."""


class OutputExistsError(XlkitError):
    """An output file exists and ``force`` was not given."""


class WorkbookError(XlkitError):
    """A file cannot be opened as one of our workbooks (missing, not xlsx, encrypted, …)."""


class RuleConfigError(XlkitError):
    """A scoring rule's name or parameters are not usable, or its inputs cannot be scored.

    ``code`` is the issue code (``templates/issue_codes.toml``) under which check and score report
    it: "actual-missing" for a blank 实际完成值, "element-out-of-range" for ⑤ of 3 要素 …; the
    default "rule-params" is a rule's parameters that cannot be used."""

    def __init__(self, message: str, code: str = "rule-params"):
        super().__init__(message)
        self.code = code
