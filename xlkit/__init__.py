"""xlkit — 预算绩效评价电子表格工具包.

Generate the standard workbooks of a budget performance evaluation, read them back,
validate and score them. The command line (``xlkit``) is a thin layer over this API.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import OutputExistsError, RuleConfigError, SpecError, WorkbookError, XlkitError  # noqa: E402
from .issues import Issue, Report, Severity  # noqa: E402
from .project import EVALUATION_TYPES, NewProject, new_project, template_catalogue  # noqa: E402

__all__ = [
    "__version__",
    "new_project",
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
]
