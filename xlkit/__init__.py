"""xlkit — 预算绩效评价电子表格工具包.

Generate the standard workbooks of a budget performance evaluation, read them back,
validate and score them. The command line (``xlkit``) is a thin layer over this API.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

# python-docx (reading Word indicator tables) brings lxml, and openpyxl switches to lxml whenever
# it can import it: its parser then bypasses defusedxml and fails differently on hostile parts.
# Workbooks are read the same way whether or not lxml is installed (set before openpyxl is imported).
os.environ.setdefault("OPENPYXL_LXML", "False")

from .errors import OutputExistsError, RuleConfigError, SpecError, WorkbookError, XlkitError
from .issues import Issue, Report, Severity
from .project import (
    EVALUATION_TYPES,
    NewProject,
    new_fund_table,
    new_project,
    new_selfeval,
    template_catalogue,
)

__all__ = [
    "__version__",
    "new_project",
    "new_selfeval",
    "new_fund_table",
    "NewProject",
    "template_catalogue",
    "EVALUATION_TYPES",
    "Issue",
    "Report",
    "Severity",
    "XlkitError",
    "SpecError",
    "WorkbookError",
    "OutputExistsError",
    "RuleConfigError",
    "check",
    "score",
    "Result",
    "ScoreError",
    "write_result",
    "audit",
    "new_from_table",
    "read_rule",
]

# Reading and scoring pull in openpyxl; loaded on first use so `xlkit new` stays quick.
_LAZY = {
    "check": ("validate", "check"),
    "score": ("scoring", "score"),
    "Result": ("scoring", "Result"),
    "ScoreError": ("scoring", "ScoreError"),
    "write_result": ("result_writer", "write_result"),
    "audit": ("audit", "audit"),
    "new_from_table": ("system_import", "new_from_table"),
    "read_rule": ("rule_text", "read_rule"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'xlkit' has no attribute {name!r}")
