"""`xlkit check`: read every workbook of a project folder and report every problem at once.

Cell-level problems (types, ranges, required, dropdowns) come from the reader; this module
adds what needs more than one cell: unique codes, rule names and parameters, weights that
roll up, footings of the 预决算 tables, voucher and questionnaire consistency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import RuleConfigError, WorkbookError, XlkitError
from .finance import to_wan
from .issues import Issue, Report, Severity
from .numbers import fmt2
from .reader import WorkbookData, read_workbook
from .records import (
    BudgetBook,
    IndicatorBook,
    SurveyBook,
    VoucherBook,
    budget_book,
    indicator_book,
    parse_deduction,
    parse_grades,
    survey_book,
    voucher_book,
)
from .spec import measures, workbook_specs

__all__ = ["CheckResult", "check", "FOOTING_TOLERANCE"]

FOOTING_TOLERANCE = Decimal("0.01")
HUNDRED = Decimal(100)
# A missing indicator or budget workbook stops scoring; vouchers and surveys are optional.
REQUIRED_KINDS = ("indicators", "budget")


@dataclass
class CheckResult:
    folder: Path
    report: Report
    indicators: IndicatorBook | None = None
    budget: BudgetBook | None = None
    vouchers: VoucherBook | None = None
    survey: SurveyBook | None = None
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.report.valid

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), **self.report.to_dict()}


class _Out:
    """Issue factory bound to one workbook file."""

    def __init__(self, report: Report, file: str):
        self.report, self.file = report, file

    def __call__(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
                 severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
        self.report.add(Issue(code=code, message=message, severity=severity, file=self.file, sheet=sheet,
                              cell=cell, value=None if value is None else str(value), expected=expected))


def _rule_registry() -> Any:
    from . import rules  # noqa: F401  - importing fills the registry
    from .rules.base import parse_params, rule_by_name

    return rule_by_name, parse_params


def _check_indicators(book: IndicatorBook, out: _Out, survey: SurveyBook | None) -> None:
    info = book.info
    grades_text = info.get("grades")
    if grades_text:
        try:
            parse_grades(grades_text)
        except ValueError as exc:
            out("grades-invalid", str(exc), "基本信息", book.info_cells.get("grades"), value=grades_text)
    # 指标层级: unique codes, parents exist
    level_codes: dict[str, Any] = {}
    for lv in book.levels:
        if lv.code in level_codes:
            out("duplicate-code", f"编码 {lv.code} 重复（另见 {level_codes[lv.code].row.cells.get('code')}）",
                "指标层级", lv.row.cells.get("code"), value=lv.code)
        level_codes.setdefault(lv.code, lv)
    for lv in book.levels:
        if lv.level == "二级" and lv.parent and lv.parent not in level_codes:
            out("unknown-parent", f"上级编码 {lv.parent} 不存在", "指标层级", lv.row.cells.get("parent"), value=lv.parent)
    names = {(lv.level, lv.name): lv for lv in book.levels}
    # 指标体系: unique codes, rules, measures
    seen: dict[str, Any] = {}
    rule_by_name, parse_params = _rule_registry()
    measure_names = {m.name for m in measures()}
    qids = {q.qid for q in survey.questions} if survey else set()
    for ind in book.indicators:
        cells = ind.row.cells
        if ind.code and ind.code in seen:
            out("duplicate-code", f"指标编码 {ind.code} 重复（另见 {seen[ind.code].row.cells.get('code')}）",
                "指标体系", cells.get("code"), value=ind.code)
        seen.setdefault(ind.code, ind)
        if ind.rule:
            try:
                rule = rule_by_name(ind.rule)
                params = parse_params(ind.params)
                for problem in rule.check(params):
                    out("rule-params", f"{ind.code}：{problem}", "指标体系", cells.get("params"), value=ind.params)
            except RuleConfigError as exc:
                code = "unknown-rule" if "未知的评分规则" in str(exc) else "rule-params"
                ref = cells.get("rule") if code == "unknown-rule" else cells.get("params")
                out(code, f"{ind.code}：{exc}", "指标体系", ref, value=ind.rule if code == "unknown-rule" else ind.params)
        if ind.measure:
            m = re.fullmatch(r"问卷[:：]\s*(Q\d+)", ind.measure, flags=re.I)
            if m:
                if survey is not None and m.group(1).upper() not in qids:
                    out("unknown-question", f"{ind.code}：绑定的问卷题 {m.group(1).upper()} 在问卷统计中不存在",
                        "指标体系", cells.get("measure"), value=ind.measure)
            elif ind.measure not in measure_names:
                out("unknown-measure", f"{ind.code}：未知的测算项“{ind.measure}”", "指标体系", cells.get("measure"),
                    value=ind.measure)
        if ind.level2 and ("二级", ind.level2) not in names and book.levels:
            out("unknown-level", f"{ind.code}：二级指标“{ind.level2}”不在指标层级表中", "指标体系",
                cells.get("level2"), Severity.WARNING, value=ind.level2)
    _check_weights(book, out)
    for f in book.findings:
        if f.code and f.code not in seen:
            out("unknown-indicator", f"扣分事项引用的指标编码 {f.code} 不在指标体系中", "扣分事项",
                f.row.cells.get("code"), value=f.code)
        try:
            parse_deduction(f.points_text)
        except ValueError as exc:
            out("deduction-invalid", str(exc), "扣分事项", f.row.cells.get("points"), value=f.points_text)


def _check_weights(book: IndicatorBook, out: _Out) -> None:
    """Σ 三级 = stated 二级/一级 totals, Σ 一级 = 100 (warnings: the evaluator decides)."""
    inds = [i for i in book.indicators if i.weight is not None]
    if not inds:
        return
    total = sum((i.weight for i in inds), Decimal(0))
    if total != HUNDRED:
        out("weight-total", f"三级指标分值合计为 {fmt2(total)}，应为 100.00", "指标体系", None, Severity.WARNING,
            value=fmt2(total), expected="100.00")
    by_name = {(lv.level, lv.name): lv for lv in book.levels}
    for level, key in (("一级", "level1"), ("二级", "level2")):
        sums: dict[str, Decimal] = {}
        for i in inds:
            sums[getattr(i, key)] = sums.get(getattr(i, key), Decimal(0)) + i.weight  # type: ignore[operator]
        for name, s in sums.items():
            lv = by_name.get((level, name))
            if lv is not None and lv.weight is not None and lv.weight != s:
                out("level-weight", f"{level}指标“{name}”所属三级指标分值合计 {fmt2(s)}，与其分值 {fmt2(lv.weight)} 不符",
                    "指标层级", lv.row.cells.get("weight"), Severity.WARNING, value=fmt2(lv.weight), expected=fmt2(s))
    stated = [lv.weight for lv in book.levels if lv.level == "一级" and lv.weight is not None]
    if stated and sum(stated, Decimal(0)) != HUNDRED:
        out("level-weight", f"一级指标分值合计为 {fmt2(sum(stated, Decimal(0)))}，应为 100.00", "指标层级", None,
            Severity.WARNING)


def _foot(out: _Out, sheet: str, rows: dict[str, Any], spec_rows: Any, columns: list[str], labels: dict[str, str]) -> None:
    for fr in spec_rows:
        if not fr.children or fr.key not in rows:
            continue
        parent = rows[fr.key]
        for col in columns:
            children = [rows[k].get(col) for k in fr.children if k in rows]
            have = [c for c in children if c is not None]
            total = parent.get(col)
            if not have and total is None:
                continue
            s = sum(have, Decimal(0))
            t = total if total is not None else Decimal(0)
            if abs(s - t) >= FOOTING_TOLERANCE:
                names = "＋".join(labels[k] for k in fr.children if k in rows and rows[k].get(col) is not None)
                out("footing", f"{fr.label}的{_header(sheet, col)} {fmt2(t)} 与 {names or '各分项'} 之和 {fmt2(s)} 相差 {fmt2(s - t)}",
                    sheet, parent.cells.get(col), Severity.WARNING, value=fmt2(t), expected=fmt2(s))


def _header(sheet: str, key: str) -> str:
    return workbook_specs()["budget"].sheet(sheet).column(key).header


def _check_budget(book: BudgetBook, out: _Out) -> None:
    spec = workbook_specs()["budget"]
    for sheet_name, rows, cols in (
        ("收入", book.income, ["initial", "annual", "adjustment"]),
        ("支出", book.expense, ["initial", "annual", "final"]),
        ("资产", book.assets, ["quantity", "original", "depreciation", "net", "in_use_net"]),
        ("三公经费", book.three_public, ["initial", "annual", "final"]),
    ):
        sheet = spec.sheet(sheet_name)
        labels = {r.key: r.label.removeprefix("其中：") for r in sheet.fixed_rows}
        _foot(out, sheet_name, rows, sheet.fixed_rows, cols, labels)
    for key, row in book.income.items():
        ini, ann, adj = row.get("initial"), row.get("annual"), row.get("adjustment")
        if ini is not None and ann is not None and adj is not None and abs((ini - ann) - adj) >= FOOTING_TOLERANCE:
            out("adjustment-mismatch", f"年初收入数 − 全年预算数 = {fmt2(ini - ann)}，与调整数 {fmt2(adj)} 不符",
                "收入", row.cells.get("adjustment"), Severity.WARNING, value=fmt2(adj), expected=fmt2(ini - ann))
    for key, row in book.assets.items():
        o, d, n = row.get("original"), row.get("depreciation"), row.get("net")
        if o is not None and d is not None and n is not None and abs((o - d) - n) >= FOOTING_TOLERANCE:
            out("footing", f"期末账面净值 {fmt2(n)} 与 原值 − 累计折旧 = {fmt2(o - d)} 不符", "资产",
                row.cells.get("net"), Severity.WARNING, value=fmt2(n), expected=fmt2(o - d))
        if n is not None and row.get("in_use_net") is not None and row.get("in_use_net") > n:
            out("in-use-exceeds", f"在用资产净值 {fmt2(row.get('in_use_net'))} 大于期末账面净值 {fmt2(n)}", "资产",
                row.cells.get("in_use_net"), Severity.WARNING)
    for row in book.projects:
        kind, ini = row.get("kind"), row.get("initial")
        if kind == "年中追加项目" and ini not in (None, Decimal(0)):
            out("project-kind", f"年中追加项目不应有年初预算数（{fmt2(ini)}）", "项目", row.cells.get("initial"),
                Severity.WARNING)
        if kind == "年初预算项目" and ini is None:
            out("project-kind", "年初预算项目缺少年初预算数", "项目", row.cells.get("initial"), Severity.WARNING)
        for col in ("initial", "adjusted", "spent", "received"):
            v = row.get(col)
            if v is not None and v < 0:
                out("negative-amount", f"{_header('项目', col)}不应为负数", "项目", row.cells.get(col), value=fmt2(v))


def _check_vouchers(book: VoucherBook, out: _Out, codes: set[str], year: int | None) -> None:
    for v in book.vouchers:
        cells = v.row.cells
        if v.amount is not None and v.amount <= 0:
            out("voucher-amount", "凭证金额应大于 0", "台账", cells.get("amount"), value=v.amount)
        if v.date is not None and year and v.date.year != year:
            out("voucher-date", f"凭证日期 {v.date.isoformat()} 不在评价年度 {year} 年内", "台账", cells.get("date"),
                Severity.WARNING, value=v.date.isoformat())
        if v.indicator and codes and v.indicator not in codes:
            out("unknown-indicator", f"关联指标 {v.indicator} 不在指标体系中", "台账", cells.get("indicator"),
                value=v.indicator)
        if v.points_text and not v.indicator:
            out("deduction-without-indicator", "填写了扣分但没有关联指标", "台账", cells.get("indicator"))
        try:
            parse_deduction(v.points_text)
        except ValueError as exc:
            out("deduction-invalid", str(exc), "台账", cells.get("points"), value=v.points_text)
        # 涉及金额 is typed in 万元 to 2 places (000: 11.31 for 113,099.82 元), so compare at that precision.
        if v.involved is not None and v.amount is not None and v.involved > to_wan(v.amount):
            out("voucher-involved", f"涉及金额 {fmt2(v.involved)} 万元大于凭证金额 {fmt2(v.amount / 10000)} 万元",
                "台账", cells.get("involved"), Severity.WARNING)


def _check_survey(book: SurveyBook, out: _Out) -> None:
    info, cells = book.info, book.info_cells
    valid, returned, distributed, population = (info.get(k) for k in ("valid", "returned", "distributed", "population"))
    for small, big, a, b in ((valid, returned, "有效份数", "回收份数"), (returned, distributed, "回收份数", "发放份数"),
                             (valid, population, "有效份数", "调查对象总体数")):
        if small is not None and big is not None and small > big:
            out("survey-counts", f"{a} {small} 大于{b} {big}", "问卷信息", cells.get("valid" if a == "有效份数" else "returned"))
    seen: dict[str, Any] = {}
    for q in book.questions:
        if q.qid in seen:
            out("duplicate-code", f"题号 {q.qid} 重复", "题目", q.row.cells.get("qid"), value=q.qid)
        seen.setdefault(q.qid, q)
        if q.answered is not None and valid is not None and q.answered > valid:
            out("survey-n", f"{q.qid} 答题人数 {q.answered} 大于有效份数 {valid}", "题目", q.row.cells.get("answered"))
    by_q: dict[str, list[Any]] = {}
    for o in book.options:
        if o.qid not in seen:
            out("unknown-question", f"选项所属题号 {o.qid} 不在题目表中", "选项", o.row.cells.get("qid"), value=o.qid)
            continue
        by_q.setdefault(o.qid, []).append(o)
    for qid, opts in by_q.items():
        q = seen[qid]
        n = q.answered if q.answered is not None else valid
        if n is None:
            continue
        for o in opts:
            if o.count is not None and o.count > n:
                out("survey-count-exceeds", f"{qid}“{o.label}”人数 {o.count} 大于答题人数 {n}", "选项", o.row.cells.get("count"))
            if q.scored and o.score is None:
                out("survey-score-missing", f"{qid} 计入满意度，但选项“{o.label}”没有分值", "选项", o.row.cells.get("score"))
        if q.kind in ("单选", "是否"):
            total = sum(o.count or 0 for o in opts)
            if total != n:
                out("survey-sum", f"{qid} 各选项人数之和 {total} 不等于答题人数 {n}", "题目",
                    q.row.cells.get("answered"), value=total, expected=str(n))
    for qid, _ in book.open_answers:
        if qid and qid not in seen:
            out("unknown-question", f"开放回答的题号 {qid} 不在题目表中", "开放回答", None, Severity.WARNING, value=qid)


def _read(folder: Path, kind: str, report: Report, extra_lists: dict[str, tuple[str, ...]]) -> WorkbookData | None:
    spec = workbook_specs()[kind]
    path = folder / spec.file
    if not path.exists():
        severity = Severity.ERROR if kind in REQUIRED_KINDS else Severity.WARNING
        report.add(Issue(code="file-missing", message=f"缺少工作簿 {spec.file}（{spec.title}）", severity=severity,
                         file=spec.file))
        return None
    try:
        data = read_workbook(path, spec, extra_lists=extra_lists)
    except WorkbookError as exc:
        report.add(Issue(code="workbook-unreadable", message=str(exc), file=spec.file))
        return None
    if kind not in REQUIRED_KINDS and _unfilled(data):
        # An optional workbook left as generated (no survey, no spot check) is not an error.
        report.add(Issue(code="workbook-empty", message="工作簿未填写，相关测算项不可用", severity=Severity.WARNING,
                         file=spec.file))
        return None
    report.extend(data.issues)
    return data


def _unfilled(data: WorkbookData) -> bool:
    for sheet in data.sheets.values():
        if sheet.rows or any(v is not None for r in sheet.fixed.values() for v in r.values.values()):
            return False
        if sheet.fields and any(v not in (None, "") for k, v in sheet.fields.raw.items() if v is not None and str(v).strip()):
            return False
    return True


def check(folder: str | Path) -> CheckResult:
    """Read and validate every workbook of ``folder``; never raises for bad data."""
    folder = Path(folder)
    if not folder.is_dir():
        raise XlkitError(f"找不到项目文件夹：{folder}")
    report = Report()
    result = CheckResult(folder=folder, report=report)
    # 评分规则 and 测算项 are checked here with better messages than a list lookup gives,
    # so the reader gets no list for them.
    data = {kind: _read(folder, kind, report, {}) for kind in workbook_specs()}
    specs = workbook_specs()
    if data["survey"] is not None:
        result.survey = survey_book(data["survey"])
    if data["indicators"] is not None:
        result.indicators = indicator_book(data["indicators"])
        _check_indicators(result.indicators, _Out(report, specs["indicators"].file), result.survey)
    if data["budget"] is not None:
        result.budget = budget_book(data["budget"])
        _check_budget(result.budget, _Out(report, specs["budget"].file))
    if data["vouchers"] is not None:
        result.vouchers = voucher_book(data["vouchers"])
        codes = {i.code for i in result.indicators.indicators} if result.indicators else set()
        year = result.indicators.info.get("year") if result.indicators else None
        _check_vouchers(result.vouchers, _Out(report, specs["vouchers"].file), codes, year)
    if result.survey is not None:
        _check_survey(result.survey, _Out(report, specs["survey"].file))
    result.files = {k: folder / specs[k].file for k, v in data.items() if v is not None}
    return result

