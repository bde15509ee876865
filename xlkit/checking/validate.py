"""`xlkit check`: read every workbook of a project folder and report every problem at once.

Cell-level problems (types, ranges, required, dropdowns) come from the reader; this module
adds what needs more than one cell: unique codes, rule names and parameters, weights that
roll up, footings of the 预决算 tables, voucher and questionnaire consistency. A file that is
not a readable workbook of the expected kind is one issue with its own code, never a traceback.
Files are only ever opened for reading.

Issue codes, severities and their context rules: templates/issue_codes.toml (printed in
docs/issue-codes.md). ``check_workbooks`` is the first half of ``xlkit.check``: the public ``check``
(``xlkit.scoring.evaluation.check``) then runs the scoring pipeline on its result without writing, so
every error ``score`` could raise is listed first, at its cell. This module never imports scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute.finance import execution_rate, to_wan
from xlkit.errors import RuleConfigError, XlkitError
from xlkit.read.cells import NA_MARKS, is_blank
from xlkit.read.numbers import fmt2
from xlkit.read.reader import WorkbookData, read_workbook
from xlkit.read.records import (
    BudgetBook,
    IndicatorBook,
    IndicatorRow,
    Level,
    LevelPlacer,
    SurveyBook,
    VoucherBook,
    budget_book,
    default_grades,
    indicator_book,
    parse_deduction,
    parse_grades,
    survey_book,
    voucher_book,
)
from xlkit.read.safety import FileProblem
from xlkit.read.selfevals import read_selfevals, selfeval_paths
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.spec.templates import measures, sheet_name, workbook_specs

__all__ = ["CheckResult", "check_workbooks", "FOOTING_TOLERANCE"]

FOOTING_TOLERANCE = Decimal("0.01")
HUNDRED = Decimal(100)
# A missing indicator or budget workbook stops scoring; vouchers and surveys are optional.
REQUIRED_KINDS = ("indicators", "budget")
# What a clerk may have saved instead of the .xlsx the folder should hold.
OTHER_SUFFIXES = (".xlsm", ".xls", ".et", ".ods", ".csv", ".numbers", ".xltx", ".xlsb")
SINGLE_KINDS = ("单选", "是否")


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


class _Out:
    """Issue factory bound to one workbook file."""

    def __init__(self, report: Report, file: str):
        self.report, self.file = report, file

    def __call__(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
                 severity: Severity = Severity.ERROR, value: Any = None, expected: str | None = None) -> None:
        self.report.add(Issue(code=code, message=message, severity=severity, file=self.file, sheet=sheet,
                              cell=cell, value=None if value is None else str(value), expected=expected))


def _rule_registry() -> Any:
    from xlkit import rules  # noqa: F401  - importing fills the registry
    from xlkit.rules.base import parse_params, rule_by_name

    return rule_by_name, parse_params


def _measure_files() -> dict[str, str]:
    """Each bindable measure and the workbook file it is computed from."""
    return {m.name: m.source.split("›")[0].strip() for m in measures()}


def _check_indicators(book: IndicatorBook, out: _Out, survey: SurveyBook | None, skipped: set[str]) -> None:
    """``skipped``: workbook files that are absent or empty with only a warning (an optional one);
    a measure bound to one of them cannot be computed. A file already in error is not repeated."""
    info = book.info
    sheet_levels, sheet_inds, sheet_findings = (book.data.sheet(n) for n in ("levels", "indicators", "findings"))
    grades_text = info.get("grades")
    if grades_text:
        try:
            parse_grades(grades_text)
        except ValueError as exc:
            out("grades-invalid", f"等级标准无法识别：{exc}", sheet_name("indicators", "info"), book.info_cells.get("grades"),
                value=grades_text, expected=default_grades())
    # 指标层级: unique codes, parents exist
    level_codes: dict[str, Level] = {}
    lv: Level | None  # a Level here; below, where an indicator places, or None
    for lv in book.levels:
        if lv.code and lv.code in level_codes:
            out("duplicate-code", f"编码 {lv.code} 重复（另见 {level_codes[lv.code].row.cells.get('code')}）",
                sheet_name("indicators", "levels"), lv.row.cells.get("code"), value=lv.code)
        level_codes.setdefault(lv.code, lv)
    for lv in book.levels:
        if lv.level == "二级" and lv.parent and lv.parent not in level_codes:
            out("unknown-parent", f"上级编码 {lv.parent} 不在指标层级表中", sheet_name("indicators", "levels"), lv.row.cells.get("parent"),
                value=lv.parent)
        elif lv.level == "二级" and lv.parent and level_codes[lv.parent].level != "一级":
            out("unknown-parent", f"上级编码 {lv.parent} 不是一级指标", sheet_name("indicators", "levels"), lv.row.cells.get("parent"),
                value=lv.parent)
    # 指标体系: unique codes, rules, measures
    seen: dict[str, IndicatorRow] = {}
    rule_by_name, parse_params = _rule_registry()
    measure_files = _measure_files()
    survey_file = workbook_specs()["survey"].file
    qids = {q.qid for q in survey.questions} if survey else set()
    placer = LevelPlacer(book.levels)
    check_levels = bool(placer.levels) and sheet_levels.has("code") and sheet_levels.has("level")
    level_cells: set[str | None] = set()
    for ind in book.indicators:
        cells = ind.row.cells
        if ind.code and ind.code in seen:
            out("duplicate-code", f"指标编码 {ind.code} 重复（另见 {seen[ind.code].row.cells.get('code')}）",
                sheet_name("indicators", "indicators"), cells.get("code"), value=ind.code)
        seen.setdefault(ind.code, ind)
        label = ind.code or f"第 {ind.row.excel_row} 行"
        status = (ind.row.get("import_status") or "").strip()
        if status.startswith(("存疑", "未识别")):  # written by `new --from`: the evaluator still decides
            out("import-todo", f"{label}：导入的评分标准{status[:3] if status.startswith('未识别') else '存疑'}，"
                f"请核对评分规则和规则参数后删去该标记（{status}）", sheet_name("indicators", "indicators"), cells.get("import_status"),
                Severity.WARNING, value=status)
        if ind.rule:
            try:
                rule = rule_by_name(ind.rule)
            except RuleConfigError as exc:
                out("unknown-rule", f"{label}：{exc}（请从下拉列表中选择）", sheet_name("indicators", "indicators"), cells.get("rule"), value=ind.rule)
            else:
                try:
                    problems = rule.check(parse_params(ind.params))
                except RuleConfigError as exc:
                    problems = [str(exc)]
                for problem in problems:
                    out("rule-params", f"{label}：{problem}", sheet_name("indicators", "indicators"), cells.get("params"), value=ind.params)
        if ind.measure:
            m = re.fullmatch(r"问卷[:：]\s*(Q\d+(?:\.\d+)?)", ind.measure.strip(), flags=re.I)
            if m:
                if survey is not None and m.group(1).upper() not in qids:
                    out("unknown-question", f"{label}：绑定的问卷题 {m.group(1).upper()} 在问卷统计中不存在",
                        sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
                elif survey_file in skipped:
                    out("measure-unavailable", f"{label}：绑定的“{ind.measure}”需要 {survey_file}，但该工作簿缺失或未填写",
                        sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
            elif ind.measure not in measure_files:
                out("unknown-measure", f"{label}：未知的测算项“{ind.measure}”（请从下拉列表中选择，或写 问卷:Q3）",
                    sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
            elif measure_files[ind.measure] in skipped:
                out("measure-unavailable", f"{label}：绑定测算项“{ind.measure}”需要 {measure_files[ind.measure]}，"
                    "但该工作簿缺失或未填写", sheet_name("indicators", "indicators"), cells.get("measure"), value=ind.measure)
        if check_levels:
            for kind, key, lv in zip(("一级", "二级"), ("level1", "level2"), placer.place(ind)):
                typed = getattr(ind, key)
                ref = cells.get(key)
                if not typed or ref in level_cells:
                    continue  # a merged 一级/二级 cell is reported once
                if lv is None:
                    level_cells.add(ref)
                    out("unknown-level", f"{label}：{kind}指标“{typed}”不在指标层级表中", sheet_name("indicators", "indicators"), ref,
                        Severity.WARNING, value=typed)
                elif not placer.names(lv, typed):
                    level_cells.add(ref)
                    out("unknown-level", f"{label}：{kind}指标写作“{typed}”，指标层级表中 {lv.code} 为“{lv.name}”"
                        f"（按编码归入 {lv.code}）", sheet_name("indicators", "indicators"), ref, Severity.WARNING, value=typed, expected=lv.name)
    if sheet_inds.has("weight"):
        _check_weights(book, out, placer if check_levels else None)
        for ind in book.indicators:
            _check_stated_points(ind, out)
    codes_known = sheet_inds.has("code")
    for f in book.findings:
        if codes_known and f.code and f.code not in seen:
            out("unknown-indicator", f"扣分事项引用的指标编码 {f.code} 不在指标体系中", sheet_name("indicators", "findings"),
                f.row.cells.get("code"), value=f.code)
        if sheet_findings.has("points"):
            try:
                parse_deduction(f.points_text)
            except ValueError as exc:
                out("deduction-invalid", str(exc), sheet_name("indicators", "findings"), f.row.cells.get("points"), value=f.points_text)
    _check_named_values(book, out)
    _check_adopted(book, out)


def _check_adopted(book: IndicatorBook, out: _Out) -> None:
    """采用得分 needs its 采用理由 and stays within [0, 分值]; a reason alone is a warning."""
    for ind in book.indicators:
        cells = ind.row.cells
        if ind.adopted is not None:
            if not (ind.adopted_reason or "").strip():
                out("adopted-without-reason", f"{ind.code}：填写了采用得分 {fmt2(ind.adopted)}，但没有采用理由",
                    sheet_name("indicators", "indicators"), cells.get("adopted_reason"), value=fmt2(ind.adopted), expected="不按评分标准计分的理由")
            if ind.weight is not None and not 0 <= ind.adopted <= ind.weight:
                out("adopted-out-of-range", f"{ind.code}：采用得分 {fmt2(ind.adopted)} 超出 0 至分值 {fmt2(ind.weight)}",
                    sheet_name("indicators", "indicators"), cells.get("adopted"), value=fmt2(ind.adopted), expected=f"0.00–{fmt2(ind.weight)}")
        elif (ind.adopted_reason or "").strip():
            out("adopted-without-score", f"{ind.code}：填写了采用理由，但没有采用得分（按规则得分计）", sheet_name("indicators", "indicators"),
                cells.get("adopted"), Severity.WARNING, value=ind.adopted_reason)


# Parameters holding conditions whose names are looked up (条件全满足, 一票否决, and wrappers passing them on).
_CONDITION_KEYS = ("条件", "conditions", "否决条件", "veto_if")


def _check_named_values(book: IndicatorBook, out: _Out) -> None:
    """其他数据 names are unique and distinct from measures and codes; every name a condition uses exists."""
    from xlkit.compute.named_values import available_names, describe_available
    from xlkit.read.targets import normalise
    from xlkit.rules.base import parse_params
    from xlkit.rules.conditions import names_in, parse_conditions

    reserved = {normalise(m.name) for m in measures()} | {normalise(i.code) for i in book.indicators if i.code}
    seen_names: dict[str, str | None] = {}
    for o in book.other:
        key, cell = normalise(o.name), o.row.cells.get("name")
        if not key:
            continue
        if key in seen_names:
            out("duplicate-name", f"其他数据的名称“{o.name}”重复（另见 {seen_names[key]}）", sheet_name("indicators", "others"), cell, value=o.name)
        elif key in reserved:
            out("duplicate-name", f"其他数据的名称“{o.name}”与测算项或指标编码相同，条件中无法区分；请改名", sheet_name("indicators", "others"), cell,
                value=o.name)
        seen_names.setdefault(key, cell)
    names = available_names(book)
    for ind in book.indicators:
        try:
            params = parse_params(ind.params)
        except RuleConfigError:
            continue  # already reported as rule-params
        for key in _CONDITION_KEYS:
            if not params.get(key):
                continue
            try:
                used = names_in(parse_conditions(params[key], key))
            except RuleConfigError:
                continue  # reported by the rule's own check
            unknown = [n for n in used if n not in names]
            if unknown:
                listed = "、".join(f"“{n}”" for n in unknown)
                out("condition-unknown", f"{ind.code}：条件中的{listed}不是测算项、其他数据的名称或指标编码；可用的名称——"
                    f"{describe_available(names)}", sheet_name("indicators", "indicators"), ind.row.cells.get("params"), value=ind.params)


# "①自评按时完成得(2分)": points in brackets right after a circled 评价要点 number's text.
_ELEMENT_MARK = re.compile(r"[\u2460-\u2473]")
_BRACKET_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def _stated_points(text: str | None) -> dict[int, Decimal] | None:
    """{element: points} when every 评价要点 of ``text`` states its points; None otherwise.

    An element that deducts ("每条问题扣(1分)") is not part of the sum. Text where some element
    carries no points, or one carries several, is not read: a guess would warn about nothing.
    """
    if not text:
        return None
    marks = list(_ELEMENT_MARK.finditer(text))
    if not marks:
        return None
    found: dict[int, Decimal] = {}
    for i, m in enumerate(marks):
        segment = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        hits = list(_BRACKET_POINTS.finditer(segment))
        if "扣" in segment[: hits[0].start() if hits else len(segment)]:
            continue
        if len(hits) != 1:
            return None
        found.setdefault(ord(m.group()) - 0x2460 + 1, Decimal(hits[0].group(1)))
    return found or None


def _check_stated_points(ind: IndicatorRow, out: _Out) -> None:
    """The points written in 评价要点 / 评分标准 add up to 分值 (goldens 003 S11: 2 + 0.5 + 0.5 = 3 ≠ 4)."""
    if ind.weight is None:
        return
    points: dict[int, Decimal] = {}
    cell = None
    for key in ("points", "standard"):
        got = _stated_points(ind.row.get(key))
        if got:
            cell = cell or ind.row.cells.get(key)
            for k, v in got.items():
                points.setdefault(k, v)
    if not points:
        return
    total = sum(points.values(), Decimal(0))
    if total != ind.weight:
        parts = " + ".join(f"{chr(0x2460 + k - 1)}{v.normalize():f}" for k, v in sorted(points.items()))
        label = ind.code or f"第 {ind.row.excel_row} 行"
        out("points-sum", f"{label}：各评价要点所列分值 {parts} = {fmt2(total)}，与分值 {fmt2(ind.weight)} 不符",
            sheet_name("indicators", "indicators"), cell, Severity.WARNING, value=fmt2(total), expected=fmt2(ind.weight))


def _check_weights(book: IndicatorBook, out: _Out, placer: LevelPlacer | None) -> None:
    """Σ 三级 = 100, else an error (a score out of 118 graded on bands out of 100 would look right
    and be wrong) — unless 指标层级 declares that other total: a 分值 for every 一级 指标 adding up
    to the same Σ. Σ 三级 under each 一级/二级 = its stated 分值, and Σ stated 一级 = 100 are
    warnings (level-weight)."""
    inds = [i for i in book.indicators if i.weight is not None]
    if not inds:
        return
    total = sum((i.weight for i in inds if i.weight is not None), Decimal(0))
    tops = [lv for lv in (placer.levels if placer else []) if lv.level == "一级"]
    stated = [lv.weight for lv in tops if lv.weight is not None]
    declared = sum(stated, Decimal(0)) if tops and len(stated) == len(tops) else None
    # A 分值 left blank or unreadable is already an error at its cell; the sum would only repeat it.
    complete = len(inds) == len(book.indicators)
    if complete and total != HUNDRED and total != declared:
        out("weight-total", f"三级指标分值合计为 {fmt2(total)}，应为 100.00；未评分，请核对各三级指标分值"
            "（总分不是 100 的指标体系，请在指标层级表中写明各一级指标分值）", sheet_name("indicators", "indicators"), None, Severity.ERROR,
            value=fmt2(total), expected="100.00")
    if placer is None:
        return
    sums: dict[str, Decimal] = {}
    for ind in inds:
        for lv in placer.place(ind):
            if lv is not None:
                sums[lv.code] = sums.get(lv.code, Decimal(0)) + ind.weight  # type: ignore[operator]
    for lv in placer.levels:
        if lv.weight is None or lv.level not in ("一级", "二级"):
            continue
        s = sums.get(lv.code, Decimal(0))
        if s != lv.weight:
            out("level-weight", f"{lv.level}指标 {lv.code}“{lv.name}”的分值为 {fmt2(lv.weight)}，所属三级指标分值合计为 {fmt2(s)}",
                sheet_name("indicators", "levels"), lv.row.cells.get("weight"), Severity.WARNING, value=fmt2(lv.weight), expected=fmt2(s))
    stated = [lv.weight for lv in placer.levels if lv.level == "一级" and lv.weight is not None]
    top = sum(stated, Decimal(0))
    if stated and top != HUNDRED:
        out("level-weight", f"一级指标分值合计为 {fmt2(top)}，应为 100.00", sheet_name("indicators", "levels"), None, Severity.WARNING,
            value=fmt2(top), expected="100.00")


# ---- 预决算 ----------------------------------------------------------------------------------

def _header(sheet_key: str, key: str) -> str:
    return workbook_specs()["budget"].sheet(sheet_key).column(key).header


def _num(value: Any, col: str) -> str:
    """Amounts with 2 decimals; counts (资产 › 数量) as whole numbers."""
    return str(int(value)) if col == "quantity" else fmt2(value)


def _unreadable(row: Any, col: str) -> bool:
    """The cell holds something (not blank, not "-") that could not be read as a value."""
    raw = row.raw.get(col)
    return row.get(col) is None and not is_blank(raw) and not (isinstance(raw, str) and raw.strip() in NA_MARKS)


def _foot(out: _Out, sheet_key: str, rows: dict[str, Any], spec_rows: Any, columns: list[str], labels: dict[str, str]) -> None:
    for fr in spec_rows:
        if not fr.children or fr.key not in rows:
            continue
        parent = rows[fr.key]
        for col in columns:
            if col not in parent.cells:
                continue
            if any(k not in rows for k in fr.children):
                break  # a row is missing (row-missing): its sum cannot be checked
            kids = [rows[k] for k in fr.children]
            if any(_unreadable(r, col) for r in (parent, *kids)):
                continue  # already reported as a cell error; a footing warning would only repeat it
            have = [r.get(col) for r in kids if r.get(col) is not None]
            total = parent.get(col)
            if not have and total is None:
                continue
            s = sum(have, Decimal(0))
            t = total if total is not None else Decimal(0)
            if abs(s - t) >= FOOTING_TOLERANCE:
                names = "＋".join(labels[k] for k in fr.children if k in rows and rows[k].get(col) is not None)
                out("footing", f"{fr.label}的{_header(sheet_key, col)} {_num(t, col)} 与 {names or '各分项'} 之和 {_num(s, col)} "
                    f"相差 {_num(s - t, col)}", sheet_name("budget", sheet_key), parent.cells.get(col), Severity.WARNING, value=_num(t, col),
                    expected=_num(s, col))


NON_NEGATIVE = {
    "income": ("initial", "annual"),
    "expense": ("initial", "annual", "final"),
    "assets": ("quantity", "original", "depreciation", "net", "in_use_net"),
    "three_public": ("initial", "annual", "final"),
}


def _check_budget(book: BudgetBook, out: _Out, eval_type: str | None) -> None:
    spec = workbook_specs()["budget"]
    tables = {"income": book.income, "expense": book.expense, "assets": book.assets, "three_public": book.three_public}
    for sheet_key, cols in (
        ("income", ["initial", "annual", "adjustment"]),
        ("expense", ["initial", "annual", "final"]),
        ("assets", ["quantity", "original", "depreciation", "net", "in_use_net"]),
        ("three_public", ["initial", "annual", "final"]),
    ):
        sheet = spec.sheet(sheet_key)
        rows = tables[sheet_key]
        labels = {r.key: r.label.removeprefix("其中：") for r in sheet.fixed_rows}
        for fr in sheet.fixed_rows:
            row = rows.get(fr.key)
            for col in NON_NEGATIVE[sheet_key]:
                v = row.get(col) if row else None
                if v is not None and v < 0:
                    out("negative-amount", f"{fr.label}的{_header(sheet_key, col)}不应为负数（实际为 {fmt2(v)}）",
                        sheet.name, row.cells.get(col), value=fmt2(v))  # type: ignore[union-attr]
        _foot(out, sheet_key, rows, sheet.fixed_rows, cols, labels)
    for key, row in book.income.items():
        ini, ann, adj = row.get("initial"), row.get("annual"), row.get("adjustment")
        if ini is not None and ann is not None and adj is not None and abs((ini - ann) - adj) >= FOOTING_TOLERANCE:
            label = spec.sheet("income").fixed_rows[[r.key for r in spec.sheet("income").fixed_rows].index(key)].label
            out("adjustment-mismatch", f"{label}：年初收入数 {fmt2(ini)} − 全年预算数 {fmt2(ann)} = {fmt2(ini - ann)}，"
                f"与调整数 {fmt2(adj)} 不符", sheet_name("budget", "income"), row.cells.get("adjustment"), Severity.WARNING, value=fmt2(adj),
                expected=fmt2(ini - ann))
    for key, row in book.assets.items():
        o, d, n = row.get("original"), row.get("depreciation"), row.get("net")
        label = next(r.label for r in spec.sheet("assets").fixed_rows if r.key == key)
        if o is not None and d is not None and n is not None and abs((o - d) - n) >= FOOTING_TOLERANCE:
            out("footing", f"{label}的期末账面净值 {fmt2(n)} 与 原值 − 累计折旧 = {fmt2(o - d)} 不符", sheet_name("budget", "assets"),
                row.cells.get("net"), Severity.WARNING, value=fmt2(n), expected=fmt2(o - d))
        used = row.get("in_use_net")
        if n is not None and used is not None and used > n:
            out("in-use-exceeds", f"{label}的在用资产净值 {fmt2(used)} 大于期末账面净值 {fmt2(n)}", sheet_name("budget", "assets"),
                row.cells.get("in_use_net"), Severity.WARNING, value=fmt2(used), expected=f"≤ {fmt2(n)}")
    for row in book.projects:
        kind, ini = row.get("kind"), row.get("initial")
        if kind == "年中追加项目" and ini not in (None, Decimal(0)):
            out("project-kind", f"年中追加项目不应有年初预算数（{fmt2(ini)}）；若是年初预算项目，请改项目类型", sheet_name("budget", "projects"),
                row.cells.get("initial"), Severity.WARNING, value=fmt2(ini))
        if kind == "年初预算项目" and ini is None and "initial" in row.cells:
            out("project-kind", "年初预算项目缺少年初预算数；若是年中追加项目，请改项目类型", sheet_name("budget", "projects"), row.cells.get("initial"),
                Severity.WARNING)
        for col in ("initial", "adjusted", "spent", "received"):
            v = row.get(col)
            if v is not None and v < 0:
                out("negative-amount", f"{_header('projects', col)}不应为负数（实际为 {fmt2(v)}）", sheet_name("budget", "projects"), row.cells.get(col),
                    value=fmt2(v))
    if eval_type == "部门整体":
        _foot_projects(book, out)


def _foot_projects(book: BudgetBook, out: _Out) -> None:
    """部门整体: the 项目 list adds up to 支出 › 二、项目支出 (000: 59.08 / 47.14 / 47.14)."""
    sheet = book.data.sheet("projects")
    target = book.expense.get("project")
    if target is None or not book.projects:
        return
    for col, exp_col in (("initial", "initial"), ("adjusted", "annual"), ("spent", "final")):
        if not sheet.has(col):
            continue
        values = [r.get(col) for r in book.projects if r.get(col) is not None]
        t = target.get(exp_col)
        if not values or t is None:
            continue
        s = sum(values, Decimal(0))
        if abs(s - t) >= FOOTING_TOLERANCE:
            out("footing", f"二、项目支出的{_header('expense', exp_col)} {fmt2(t)} 与“项目”表{_header('projects', col)}合计 {fmt2(s)} "
                f"相差 {fmt2(s - t)}", sheet_name("budget", "expense"), target.cells.get(exp_col), Severity.WARNING, value=fmt2(t), expected=fmt2(s))


# ---- 凭证抽查台账 ----------------------------------------------------------------------------

def _check_department_tables(book: BudgetBook, out: _Out) -> None:
    """人员, 支付进度, 绩效管理覆盖: what a measure would silently get wrong."""
    for cov in book.coverage.values():
        for part, whole, unit in (("projects_covered", "projects_total", "项目数"), ("funds_covered", "funds_total", "资金")):
            covered, total = cov.get(part), cov.get(whole)
            if covered is not None and total is not None and covered > total:
                out("coverage-exceeds", f"绩效管理覆盖：覆盖的{unit} {covered} 大于总数 {total}", sheet_name("budget", "coverage"),
                    cov.cells.get(part), value=covered, expected=f"≤ {total}")
    # cumulative progress never falls: compared as rates (a typed 支付率, else 累计支出数 ÷ 全年预算数)
    annual = book.expense["total"].get("annual") if "total" in book.expense else None
    previous: tuple[str, Decimal] | None = None
    for key, label in (("q1", "一季度末"), ("q2", "二季度末"), ("q3", "三季度末"), ("q4", "四季度末")):
        row = book.payments.get(key)
        if row is None:
            continue
        col = "rate" if row.get("rate") is not None else "spent"
        if row.get(col) is None:
            continue
        value = row.get(col) if col == "rate" else execution_rate(row.get(col), annual)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            out("payment-decreasing", f"支付进度应为季度末累计数，{label}小于{previous[0]}", sheet_name("budget", "payments"), row.cells.get(col),
                Severity.WARNING, value=row.get(col))
        previous = (label, value)
    for row in book.staff.values():
        if row.get("staff") is not None and row.get("quota") is None:
            out("required-missing", "人员：填写了年末在职人数时须填写编制数", sheet_name("budget", "staff"), row.cells.get("quota"))


def _check_vouchers(book: VoucherBook, out: _Out, codes: set[str] | None, year: int | None) -> None:
    firsts: dict[tuple[int, int, str], Any] = {}
    for v in book.vouchers:
        cells = v.row.cells
        if v.amount is not None and v.amount <= 0:
            out("voucher-amount", f"凭证金额应大于 0（实际为 {fmt2(v.amount)}）", sheet_name("vouchers", "ledger"), cells.get("amount"),
                value=fmt2(v.amount), expected="> 0")
        if v.date is not None and year and v.date.year != year:
            out("voucher-date", f"凭证日期 {v.date.isoformat()} 不在评价年度 {year} 年内", sheet_name("vouchers", "ledger"), cells.get("date"),
                Severity.WARNING, value=v.date.isoformat(), expected=f"{year} 年")
        # Scoring matches a ledger row to its indicator whatever the letter case (b32 = B32).
        if v.indicator and codes is not None and v.indicator.upper() not in {c.upper() for c in codes}:
            out("unknown-indicator", f"关联指标 {v.indicator} 不在指标体系中", sheet_name("vouchers", "ledger"), cells.get("indicator"),
                value=v.indicator)
        if v.points_text and not v.indicator and "indicator" in cells:
            out("deduction-without-indicator", "填写了扣分但没有关联指标（指标编码，如 B31）", sheet_name("vouchers", "ledger"), cells.get("indicator"))
        if (v.indicator or v.points_text) and not v.problem and "problem" in cells:
            out("deduction-without-problem", "填写了关联指标或扣分，但“问题”为空：该行不会计入扣分；请写明问题", sheet_name("vouchers", "ledger"),
                cells.get("problem"), Severity.WARNING)
        try:
            parse_deduction(v.points_text)
        except ValueError as exc:
            out("deduction-invalid", str(exc), sheet_name("vouchers", "ledger"), cells.get("points"), value=v.points_text)
        # 涉及金额 is typed in 万元 to 2 places (000: 11.31 for 113,099.82 元), so compare at that precision.
        if v.involved is not None and v.amount is not None and v.amount > 0 and (wan := to_wan(v.amount)) is not None and v.involved > wan:
            out("voucher-involved", f"涉及金额 {fmt2(v.involved)} 万元大于凭证金额 {fmt2(to_wan(v.amount))} 万元",
                sheet_name("vouchers", "ledger"), cells.get("involved"), Severity.WARNING, value=fmt2(v.involved), expected=f"≤ {fmt2(to_wan(v.amount))}")
        if v.date is not None and v.number and v.amount is not None:
            key = (v.date.year, v.date.month, re.sub(r"\s+", "", v.number))
            if key in firsts:
                out("duplicate-voucher", f"凭证 {v.ident} 已登记于 {firsts[key].row.cells.get('voucher')}，金额重复计入抽查合计；"
                    "同一凭证的后续行金额请留空", sheet_name("vouchers", "ledger"), cells.get("voucher"), Severity.WARNING, value=v.number)
            else:
                firsts[key] = v


# ---- 问卷统计 --------------------------------------------------------------------------------

def _check_survey(book: SurveyBook, out: _Out) -> None:
    info, cells = book.info, book.info_cells
    valid, returned, distributed, population = (info.get(k) for k in ("valid", "returned", "distributed", "population"))
    for small, big, a, b, at in ((returned, distributed, "回收份数", "发放份数", "returned"),
                                 (valid, returned, "有效份数", "回收份数", "valid"),
                                 (valid, population, "有效份数", "调查对象总体数", "valid")):
        if small is not None and big is not None and small > big:
            out("survey-counts", f"{a} {small} 大于{b} {big}", sheet_name("survey", "info"), cells.get(at), value=small, expected=f"≤ {big}")
    questions_read = book.data.sheet("questions").has("qid")
    seen: dict[str, Any] = {}
    for q in book.questions:
        if q.qid and q.qid in seen:
            out("duplicate-code", f"题号 {q.qid} 重复（另见 {seen[q.qid].row.cells.get('qid')}）", sheet_name("survey", "questions"),
                q.row.cells.get("qid"), value=q.qid)
        seen.setdefault(q.qid, q)
        if q.answered is not None and valid is not None and q.answered > valid:
            out("survey-n", f"{q.qid} 答题人数 {q.answered} 大于有效份数 {valid}", sheet_name("survey", "questions"), q.row.cells.get("answered"),
                value=q.answered, expected=f"≤ {valid}")
    by_q: dict[str, list[Any]] = {}
    for o in book.options:
        if o.qid not in seen:
            if questions_read and o.qid:
                out("unknown-question", f"选项所属题号 {o.qid} 不在题目表中", sheet_name("survey", "options"), o.row.cells.get("qid"), value=o.qid)
            continue
        by_q.setdefault(o.qid, []).append(o)
    for qid, q in seen.items():
        if not qid:
            continue
        opts = by_q.get(qid, [])
        n = q.answered if q.answered is not None else valid
        if q.scored and not opts:
            out("survey-no-options", f"{qid} 计入满意度，但选项表中没有它的选项", sheet_name("survey", "questions"), q.row.cells.get("qid"), value=qid)
        if n is None:
            if q.kind not in (None, "填空") and opts:
                out("survey-n-missing", f"{qid} 未填答题人数，且问卷信息中没有有效份数", sheet_name("survey", "questions"), q.row.cells.get("answered"))
            continue
        if n == 0 and opts:
            out("survey-n-zero", f"{qid} 答题人数为 0，无法计算占比和满意率", sheet_name("survey", "questions"), q.row.cells.get("answered"),
                Severity.WARNING)
        for o in opts:
            if o.count is not None and o.count > n:
                out("survey-count-exceeds", f"{qid}“{o.label}”人数 {o.count} 大于答题人数 {n}", sheet_name("survey", "options"),
                    o.row.cells.get("count"), value=o.count, expected=f"≤ {n}")
            if q.scored and o.score is None and "score" in o.row.cells:
                out("survey-score-missing", f"{qid} 计入满意度，但选项“{o.label}”没有分值", sheet_name("survey", "options"), o.row.cells.get("score"))
        if q.kind in SINGLE_KINDS and opts and all(o.count is not None for o in opts):
            total = sum(o.count for o in opts)
            if total != n:
                where = "答题人数" if q.answered is not None else "有效份数（答题人数留空）"
                out("survey-sum", f"{qid}（{q.kind}题）各选项人数之和 {total} 不等于{where} {n}", sheet_name("survey", "questions"),
                    q.row.cells.get("answered"), value=total, expected=str(n))
    rows = book.data.sheet("answers").rows
    for (qid, _), row in zip(book.open_answers, rows):
        if qid and qid not in seen and questions_read:
            out("unknown-question", f"开放回答的题号 {qid} 不在题目表中", sheet_name("survey", "answers"), row.cells.get("qid"), Severity.WARNING,
                value=qid)


# ---- the folder ------------------------------------------------------------------------------

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
        _check_indicators(book, _Out(report, data["indicators"].path.name), result.survey, skipped)
        eval_type, year = book.info.get("type"), book.info.get("year")
        if book.data.sheet("indicators").has("code"):
            codes = {i.code for i in book.indicators}
    if result.budget is not None:
        _check_budget(result.budget, _Out(report, result.budget.data.path.name), eval_type)
        _check_department_tables(result.budget, _Out(report, result.budget.data.path.name))
    if result.vouchers is not None:
        _check_vouchers(result.vouchers, _Out(report, result.vouchers.data.path.name), codes, year)
    if result.survey is not None:
        _check_survey(result.survey, _Out(report, result.survey.data.path.name))
    result.selfevals = read_selfevals(folder, report)
    from xlkit.compute.fund import check_fund

    result.fund = check_fund(folder, report)
    result.files = {k: v.path for k, v in data.items() if v is not None}
    return result
