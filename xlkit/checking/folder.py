"""`xlkit check`: read every workbook of a project folder and report every problem at once.

Cell-level problems (types, ranges, required, dropdowns) come from the reader; each workbook
kind's checks add what needs more than one cell (``indicators`` with ``weights``, ``budget``,
``vouchers``, ``survey``: unique codes, rule names and parameters, weights that roll up, footings of
the 预决算 tables, voucher and questionnaire consistency). This module finds and reads the folder's
files and runs them. A file that is not a readable workbook of the expected kind is one issue with
its own code, never a traceback. Files are only ever opened for reading.

Issue codes, severities and their context rules: templates/issue_codes.toml (printed in
docs/issue-codes.md). ``check_workbooks`` is the first half of ``xlkit.check``: the public ``check``
(``xlkit.scoring.evaluation.check``) then runs the scoring pipeline on its result without writing, so
every error ``score`` could raise is listed first, at its cell. Checking never imports scoring.
"""

from __future__ import annotations

from pathlib import Path

from xlkit.checking.budget import check_budget, check_department_tables
from xlkit.checking.indicators import check_indicators
from xlkit.checking.result import CheckResult, FileIssues
from xlkit.checking.survey import check_survey
from xlkit.checking.vouchers import check_vouchers
from xlkit.errors import XlkitError
from xlkit.read.reader import WorkbookData, read_workbook
from xlkit.read.records import budget_book, indicator_book, survey_book, voucher_book
from xlkit.read.safety import FileProblem
from xlkit.read.selfevals import read_selfevals, selfeval_paths
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.spec.templates import workbook_specs

__all__ = ["check_workbooks"]


# A missing indicator or budget workbook stops scoring; vouchers and surveys are optional.
REQUIRED_KINDS = ("indicators", "budget")
# What a clerk may have saved instead of the .xlsx the folder should hold.
OTHER_SUFFIXES = (".xlsm", ".xls", ".et", ".ods", ".csv", ".numbers", ".xltx", ".xlsb")


def _locate(folder: Path, name: str) -> tuple[Path | None, str]:
    """The file for ``name`` (or what a clerk saved instead: 预决算.xlsm, 预决算.XLSX), and a hint."""
    path = folder / name
    if path.exists():
        return path, ""
    stem = Path(name).stem
    try:
        entries = sorted(p for p in folder.iterdir() if not p.name.startswith(("~$", ".~lock", ".")))
    except OSError:
        entries = []
    for p in entries:
        if p.stem == stem and (p.suffix.lower() in (".xlsx", *OTHER_SUFFIXES)):
            return p, ""
    similar = [p.name for p in entries if stem in p.stem and p.suffix.lower() in (".xlsx", *OTHER_SUFFIXES)]
    hint = f"；文件夹中有 {'、'.join(similar[:3])}，如是该工作簿请改名为 {name}" if similar else ""
    return None, hint


def _read(folder: Path, kind: str, report: Report, extra_lists: dict[str, tuple[str, ...]]) -> WorkbookData | None:
    spec = workbook_specs()[kind]
    path, hint = _locate(folder, spec.file)
    if path is None:
        severity = Severity.ERROR if kind in REQUIRED_KINDS else Severity.WARNING
        note = "" if kind in REQUIRED_KINDS else "（可选：相关测算项不可用）"
        report.add(Issue(code="file-missing", message=f"缺少此工作簿（{spec.title}）{note}{hint}",
                         severity=severity, file=spec.file))
        return None
    try:
        data = read_workbook(path, spec, extra_lists=extra_lists)
    except FileProblem as exc:
        # The issue names the file; its message need not start with the name again.
        message = str(exc).removeprefix(path.name).lstrip(" ：:")
        report.add(Issue(code=exc.code, message=message, file=path.name))
        return None
    if kind not in REQUIRED_KINDS and _unfilled(data):
        # An optional workbook left as generated (no survey, no spot check) is not an error.
        report.add(Issue(code="workbook-empty", message=f"未填写（{spec.title}），相关测算项不可用",
                         severity=Severity.WARNING, file=path.name))
        return None
    if kind in REQUIRED_KINDS and _unfilled(data):
        # A required workbook left blank: said once at the top, then every input scoring needs from
        # it is listed where it is typed (measure-not-applicable), so the clerk can tick them off.
        report.add(Issue(code="workbook-empty", message=f"未填写（{spec.title}），评分需要的数据见下列各项",
                         severity=Severity.ERROR, file=path.name))
    report.extend(data.issues)
    return data


def _unfilled(data: WorkbookData) -> bool:
    for sheet in data.sheets.values():
        if sheet.rows or any(v is not None for r in sheet.fixed.values() for v in r.raw.values()
                             if not (isinstance(v, str) and not v.strip())):
            return False
        if sheet.fields and any(v is not None and str(v).strip() for v in sheet.fields.raw.values()):
            return False
    return True


def check_workbooks(folder: str | Path) -> CheckResult:
    """Read and validate every workbook of ``folder``; never raises for bad data or bad files.

    The workbook half of ``xlkit.check`` (which then evaluates the result); ``evaluated`` stays False.
    Raises XlkitError only when ``folder`` itself is not a folder. Nothing is ever written.
    """
    folder = Path(folder)
    if not folder.exists():
        raise XlkitError(f"找不到项目文件夹：{folder}")
    if not folder.is_dir():
        raise XlkitError(f"{folder} 不是文件夹：xlkit check 需要项目文件夹（xlkit new 生成）")
    report = Report()
    result = CheckResult(folder=folder, report=report)
    specs = workbook_specs()
    # 评分规则 and 测算项 are checked here with better messages than a list lookup gives,
    # so the reader gets no list for them.
    data: dict[str, WorkbookData | None] = {k: None for k in specs}
    skipped: set[str] = set()
    # A folder holding only 自评表 is a self-evaluation: the evaluator's workbooks are not missing.
    own = [folder / spec.file for spec in specs.values()]
    kinds = list(specs) if not selfeval_paths(folder) or any(p.exists() for p in own) else []
    for kind in kinds:
        n_errors = len(report.errors)
        data[kind] = _read(folder, kind, report, {})
        if data[kind] is None and len(report.errors) == n_errors:
            skipped.add(specs[kind].file)
    if data["survey"] is not None:
        result.survey = survey_book(data["survey"])
    if data["vouchers"] is not None:
        result.vouchers = voucher_book(data["vouchers"])
    if data["budget"] is not None:
        result.budget = budget_book(data["budget"])
    eval_type, year, codes = None, None, None
    if data["indicators"] is not None:
        book = indicator_book(data["indicators"])
        result.indicators = book
        check_indicators(book, FileIssues(report, data["indicators"].path.name), result.survey, skipped)
        eval_type, year = book.info.get("type"), book.info.get("year")
        if book.data.sheet("indicators").has("code"):
            codes = {i.code for i in book.indicators}
    if result.budget is not None:
        check_budget(result.budget, FileIssues(report, result.budget.data.path.name), eval_type)
        check_department_tables(result.budget, FileIssues(report, result.budget.data.path.name))
    if result.vouchers is not None:
        check_vouchers(result.vouchers, FileIssues(report, result.vouchers.data.path.name), codes, year)
    if result.survey is not None:
        check_survey(result.survey, FileIssues(report, result.survey.data.path.name))
    result.selfevals = read_selfevals(folder, report)
    from xlkit.compute.fund import check_fund

    result.fund = check_fund(folder, report)
    result.files = {k: v.path for k, v in data.items() if v is not None}
    return result
