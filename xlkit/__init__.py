"""xlkit — 预算绩效评价电子表格工具包.

Generate the standard workbooks of a budget performance evaluation, read them back,
validate and score them. The command line (``xlkit``) is a thin layer over this API.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~10 ms); type checkers read it alike

# python-docx (Word reports) installs lxml, and openpyxl switches from defusedxml's parser to lxml's
# when lxml is importable, reading some damaged workbooks differently. xlkit reads workbooks one way
# whatever else is installed: openpyxl with defusedxml (set before any openpyxl import).
os.environ.setdefault("OPENPYXL_LXML", "False")

__version__ = "0.1.0"

if TYPE_CHECKING:  # for type checkers; at run time these load on first use, like everything below
    from xlkit.errors import OutputExistsError, RuleConfigError, SpecError, WorkbookError, XlkitError
    from xlkit.spec.issues import Issue, Report, Severity

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
    "Evaluation",
    "ScoreError",
    "write_result",
    "audit",
    "report",
    "new_from_table",
    "read_rule",
]

# Every public name is loaded on first use: importing xlkit (as each command does) costs only the
# version; generating pulls in xlsxwriter, and `xlkit --help` or `xlkit check` need none of it.
_LAZY = {
    "Issue": ("xlkit.spec.issues", "Issue"),
    "Report": ("xlkit.spec.issues", "Report"),
    "Severity": ("xlkit.spec.issues", "Severity"),
    "XlkitError": ("xlkit.errors", "XlkitError"),
    "SpecError": ("xlkit.errors", "SpecError"),
    "WorkbookError": ("xlkit.errors", "WorkbookError"),
    "OutputExistsError": ("xlkit.errors", "OutputExistsError"),
    "RuleConfigError": ("xlkit.errors", "RuleConfigError"),
    "new_project": ("xlkit.write.project", "new_project"),
    "new_selfeval": ("xlkit.write.project", "new_selfeval"),
    "new_fund_table": ("xlkit.write.project", "new_fund_table"),
    "NewProject": ("xlkit.write.project", "NewProject"),
    "template_catalogue": ("xlkit.write.project", "template_catalogue"),
    "EVALUATION_TYPES": ("xlkit.write.project", "EVALUATION_TYPES"),
    "check": ("xlkit.scoring.evaluation", "check"),
    "score": ("xlkit.scoring.evaluation", "score"),
    "Result": ("xlkit.scoring.evaluation", "Result"),
    "Evaluation": ("xlkit.scoring.evaluation", "Evaluation"),
    "ScoreError": ("xlkit.scoring.evaluation", "ScoreError"),
    "write_result": ("xlkit.write.result_writer", "write_result"),
    "audit": ("xlkit.audit", None),  # the subpackage itself: xlkit.audit.audit(path), as the README says
    "report": ("xlkit.write.report_docx", "write_report"),
    "new_from_table": ("xlkit.write.system_import", "new_from_table"),
    "read_rule": ("xlkit.rules.text", "read_rule"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        mod = importlib.import_module(module)
        return mod if attr is None else getattr(mod, attr)
    raise AttributeError(f"module 'xlkit' has no attribute {name!r}")
