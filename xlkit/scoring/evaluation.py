"""Score a filled project folder: validate, compute measures, apply each indicator's rule.

``score(folder)`` is the library's main job. It runs the same checks as ``xlkit check``; any
error stops scoring (``ScoreError`` carries the report) because a score built on a misread cell
would look right and be wrong. Rounding follows the reports: rates to 4 places before a
rule sees them, each indicator's score once to 2 places, subtotals and the total as exact sums
of the rounded scores (the reports add the printed figures: 13.50 + 19.40 + 60.00 = 92.90).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlkit.checking.folder import check_workbooks
from xlkit.checking.result import CheckResult
from xlkit.compute.measures import SURVEY_METHODS, Measures, MeasureValue, compute_measures, survey_model
from xlkit.compute.named_values import book_values
from xlkit.errors import RuleConfigError, XlkitError
from xlkit.read.numbers import (
    PERCENT_POINTS_ABOVE,
    D,
    NumberParseError,
    fmt2,
    fmt_amount,
    fmt_pct,
    parse_rate,
    q2,
    ratio,
)
from xlkit.read.records import (
    Grade,
    IndicatorBook,
    IndicatorRow,
    Level,
    LevelPlacer,
    default_grades,
    grade_for,
    norm_text,
    parse_deduction,
    parse_grades,
)
from xlkit.rules import rule_by_name
from xlkit.rules.base import Deduction, Finding, RuleInput, RuleResult, parse_params
from xlkit.scoring.selfeval import SelfEvalResult, copy_checks, score_selfeval
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.spec.templates import measures as measure_specs
from xlkit.spec.templates import sheet_name, workbook_specs

if TYPE_CHECKING:  # compare and fund build on scoring's types: named here for the annotations only
    from xlkit.compute.fund import FundResult
    from xlkit.scoring.compare import Comparison

__all__ = ["check", "score", "score_checked", "evaluate", "grade_for", "Result", "Evaluation", "IndicatorScore", "LevelScore",
           "ScoreError"]

DEFAULT_GRADES = default_grades()  # from the 指标体系 spec; kept as a name for callers


class ScoreError(XlkitError):
    """Scoring refused: the folder has errors. ``report`` lists them all."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


@dataclass
class IndicatorScore:
    code: str
    name: str
    level1: str  # codes
    level2: str
    weight: Decimal
    target: str | None
    actual: str  # as shown in 实际完成值
    score: Decimal
    rate: Decimal | None  # 得分率 = 得分 ÷ 分值, 4 places
    rule: str
    params: str
    measure: str | None
    explanation: str | None
    standard: str | None
    deductions: list[Deduction] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reason_typed: str | None = None  # what the evaluator wrote in 扣分原因
    cell: str | None = None
    rule_score: Decimal | None = None  # 按规则得分, kept when an adopted score (采用得分) replaced it
    adopted_reason: str | None = None

    @property
    def departs(self) -> bool:
        """The adopted score differs from the written rule's (a departure the 校验 sheet lists)."""
        return self.rule_score is not None and self.rule_score != self.score

    @property
    def full(self) -> bool:
        return self.score == self.weight

    @property
    def reason(self) -> str:
        """扣分原因 as the reports print it: each deduction with its points, or the typed text."""
        lost = [d for d in self.deductions if d.points]
        if lost:
            parts = []
            for i, d in enumerate(lost, 1):
                mark = f"{_circled(i)}" if len(lost) > 1 else ""
                ev = f"（{d.evidence}）" if d.evidence and d.evidence not in d.reason else ""
                parts.append(f"{mark}{d.reason}{ev}，扣 {fmt2(d.points)} 分")
            return "；".join(parts) + "。"
        # A manual score's 理由 is printed at full marks too (a manual score is shown with its reason).
        manual = [n for n in self.notes if n.startswith("酌情评分理由：")]
        if manual and not self.reason_typed:
            return manual[0] + ("。" if not manual[0].endswith("。") else "")
        return self.reason_typed or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "level1": self.level1, "level2": self.level2,
            "weight": fmt2(self.weight), "target": self.target, "actual": self.actual,
            "score": fmt2(self.score), "rate": fmt_pct(self.rate), "rule": self.rule, "params": self.params,
            "measure": self.measure, "reason": self.reason,
            "deductions": [{"reason": d.reason, "points": fmt2(d.points), "evidence": d.evidence}
                           for d in self.deductions],
            "notes": list(self.notes),
            "rule_score": fmt2(self.rule_score) if self.rule_score is not None else None,
            "adopted_reason": self.adopted_reason,
        }


@dataclass
class LevelScore:
    code: str
    name: str
    level: str  # 一级 / 二级
    parent: str | None
    weight: Decimal  # Σ of the 三级 weights below it
    score: Decimal
    stated_weight: Decimal | None = None  # what 指标层级 says, for the check

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.score, self.weight)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level, "parent": self.parent,
                "weight": fmt2(self.weight), "score": fmt2(self.score), "rate": fmt_pct(self.rate)}


@dataclass
class Evaluation:
    """The 指标体系 score of a folder: every 三级 indicator, the 一级/二级 subtotals, total and grade.
    Decimal figures; ``to_dict`` gives the printed strings."""

    indicators: list[IndicatorScore]
    levels: list[LevelScore]  # 一级 then its 二级, in sheet order
    total_weight: Decimal
    total: Decimal
    grade: str
    grades: list[Grade]
    measures: Measures
    veto_all: bool = False

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.total, self.total_weight)

    @property
    def level1(self) -> list[LevelScore]:
        return [lv for lv in self.levels if lv.level == "一级"]

    def children(self, code: str) -> list[LevelScore]:
        return [lv for lv in self.levels if lv.parent == code]

    def indicators_of(self, level2: str) -> list[IndicatorScore]:
        return [i for i in self.indicators if i.level2 == level2]

    @property
    def full_marks(self) -> int:
        """"实现目标" count: indicators at full score (000: 18 of 24)."""
        return sum(1 for i in self.indicators if i.full)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total_weight": fmt2(self.total_weight), "total": fmt2(self.total), "rate": fmt_pct(self.rate),
            "grade": self.grade, "veto_all": self.veto_all,
            "full_marks": self.full_marks, "indicator_count": len(self.indicators),
            "levels": [lv.to_dict() for lv in self.levels],
            "indicators": [i.to_dict() for i in self.indicators],
            "measures": {name: m.to_dict() for name, m in self.measures.values.items()},
        }

    def to_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """One row per 三级 indicator, indexed by code (see ``Result.to_frame``)."""
        import pandas as pd  # only analysts who ask for a frame pay for importing pandas

        conv = _converter(numeric)
        names = {lv.code: lv.name for lv in self.levels}
        rows = [
            {"code": i.code, "level1": names.get(i.level1, i.level1), "level2": names.get(i.level2, i.level2),
             "name": i.name, "weight": conv(i.weight), "target": i.target, "actual": i.actual,
             "score": conv(i.score), "rate": conv(i.rate), "rule": i.rule, "reason": i.reason}
            for i in self.indicators
        ]
        return pd.DataFrame(rows, columns=list(_EVALUATION_COLUMNS)).set_index("code")


_EVALUATION_COLUMNS = ("code", "level1", "level2", "name", "weight", "target", "actual", "score", "rate", "rule",
                       "reason")
_SELF_EVAL_COLUMNS = ("file", "project", "level1", "level2", "name", "weight", "target", "actual", "completion",
                      "score", "printed", "rule")


def _converter(numeric: bool):
    """Decimal kept, or float for plotting and comparison across units (never for printed figures)."""
    return (lambda v: None if v is None else float(v)) if numeric else (lambda v: v)


@dataclass
class Result:
    """What ``score(folder)`` gives for every folder: its parts are present as the folder has them.

    ``evaluation`` is the 指标体系 score (None for a folder of 自评表 alone, 004/kashgar);
    ``self_evals`` the folder's 自评表, each scored; ``comparisons`` one 评价 vs 自评 comparison
    per 自评表 when both are present; ``fund`` the 基金收支 table when the folder has one.
    ``checks`` are the warnings (scoring refuses on any error).
    """

    folder: Path
    info: dict[str, Any]  # 基本信息 of the 指标体系, or of the first 自评表 when there is none
    checks: list[Issue] = field(default_factory=list)
    check_result: CheckResult | None = None
    evaluation: Evaluation | None = None
    self_evals: list[SelfEvalResult] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    fund: FundResult | None = None

    def to_dict(self) -> dict[str, Any]:
        # The key order is the published ``xlkit score --json`` shape of each kind of folder.
        fund = {"fund": self.fund.to_dict()} if self.fund is not None else {}
        selfs = [s.to_dict() for s in self.self_evals]
        checks = [c.to_dict() for c in self.checks]
        if self.evaluation is None:
            return {"self_evaluations": selfs, "checks": checks, **fund}
        return {
            "unit": self.info.get("unit"), "year": self.info.get("year"), "type": self.info.get("type"),
            "project": self.info.get("project"), **self.evaluation.to_dict(), "checks": checks,
            "self_evaluations": selfs, "comparisons": [c.to_dict() for c in self.comparisons], **fund,
        }

    def to_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """One row per indicator: the 三级 indicators of the evaluation (indexed by code, with the
        unit and year), or for a folder of 自评表 alone ``self_eval_frame()``. Decimal columns stay
        Decimal unless ``numeric`` (floats, for plotting and comparison across units — never for
        printed figures)."""
        if self.evaluation is None:
            return self.self_eval_frame(numeric)
        frame = self.evaluation.to_frame(numeric)
        frame.insert(0, "unit", self.info.get("unit"))
        frame.insert(1, "year", self.info.get("year"))
        return frame

    def self_eval_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """One row per 自评表 indicator, with the 自评表 it belongs to (empty when there is none)."""
        import pandas as pd

        conv = _converter(numeric)
        rows = [{"file": s.file, "project": s.title, "level1": i.level1, "level2": i.level2, "name": i.name,
                 "weight": conv(i.weight), "target": i.target, "actual": i.actual, "completion": conv(i.completion),
                 "score": conv(i.score), "printed": conv(i.printed), "rule": i.rule}
                for s in self.self_evals for i in s.indicators]
        return pd.DataFrame(rows, columns=list(_SELF_EVAL_COLUMNS))


# --------------------------------------------------------------------------------------------


def _circled(i: int) -> str:
    return chr(0x2460 + i - 1) if 1 <= i <= 20 else f"({i})"


def _findings(cr: CheckResult, code: str, report: Report, file: str) -> list[Finding]:
    out: list[Finding] = []
    book = cr.indicators
    assert book is not None
    for f in book.findings:
        if f.code != code:
            continue
        try:
            points, share = parse_deduction(f.points_text)
        except ValueError:
            continue  # reported by check as deduction-invalid
        out.append(Finding(f.reason, points, share, f.element, f.evidence, f"扣分事项!{f.row.cells.get('points', '')}",
                           f.veto))
    if cr.vouchers is not None:
        vfile = cr.vouchers.data.path.name
        for v in cr.vouchers.vouchers:
            if (v.indicator or "").strip().upper() != code.upper() or not v.problem:
                continue
            try:
                points, share = parse_deduction(v.points_text)
            except ValueError:
                continue
            amount = f"，{fmt_amount(v.amount)}元" if v.amount is not None else ""
            reason = f"抽查 {v.ident}记账凭证（{v.summary}{amount}）：{v.problem.rstrip('。')}"
            out.append(Finding(reason, points, share, None, v.ident, f"{vfile} › {sheet_name('vouchers', 'ledger')} › {v.row.cells.get('problem', '')}"))
    return out


def _same_rate(typed: str, value: Decimal | None) -> bool:
    """"100%" typed for a measure of 100.00%: the same figure, written another way."""
    if value is None or "%" not in typed:
        return False
    try:
        return parse_rate(typed) == value
    except (NumberParseError, ValueError):
        return False


def _from_faulty(m: MeasureValue, faulty: set[str]) -> bool:
    return m.source.split("›")[0].strip() in faulty


def _actual_for(ind: IndicatorRow, measures: Measures, report: Report, file: str,
                faulty: set[str] = frozenset()) -> tuple[object, str]:  # type: ignore[assignment]
    if ind.measure:
        m: MeasureValue | None = measures.get(ind.measure)
        if m is None:
            spec = next((s for s in measure_specs() if s.name == ind.measure), None)
            exc = RuleConfigError(f"绑定测算项“{ind.measure}”无法计算：{spec.source if spec else '相关工作簿'} 未填写",
                                  "measure-not-applicable" if spec else "measure-unavailable")
            exc.source = spec.source if spec else ""  # type: ignore[attr-defined]
            raise exc
        if (ind.actual and norm_text(ind.actual) not in (norm_text(m.display), "") and not _same_rate(ind.actual, m.value)
                and not _from_faulty(m, faulty)):
            report.add(Issue("actual-differs", f"{ind.code}：实际完成值填写为“{ind.actual}”，按绑定测算项"
                             f"“{ind.measure}”计算为 {m.display}，以计算值为准", Severity.WARNING, file, sheet_name("indicators", "indicators"),
                             ind.row.cells.get("actual"), value=ind.actual, expected=m.display))
        if m.value is None:
            # "不适用（- ÷ -）" left a clerk guessing: say which figures are missing and where
            exc = RuleConfigError(f"绑定测算项“{ind.measure}”无法计算：{m.source} 中所需的数字未填写或为 0"
                                  f"（算式 {m.formula}）；确实不适用时请改用不依赖该测算项的评分规则",
                                  "measure-not-applicable")
            exc.source = m.source  # type: ignore[attr-defined]
            raise exc
        return m.value, m.display
    return ind.actual, ind.actual or ""


def _score_selfevals(cr: CheckResult, report: Report) -> list[SelfEvalResult]:
    """Every 自评表 of the folder scored; their issues (and the copy checks) go to ``report``."""
    out: list[SelfEvalResult] = []
    for path, book in cr.selfevals:
        res, rep = score_selfeval(book, path)
        report.extend(rep.issues)
        if res is not None:
            out.append(res)
    report.extend(copy_checks(out))
    return out


# Where a scoring problem is typed: the 指标体系 column each code points the clerk to.
_CODE_COLUMN = {
    "actual-missing": "actual", "actual-invalid": "actual", "actual-incomparable": "actual",
    "target-missing": "target", "target-invalid": "target", "rule-params": "params", "unknown-rule": "rule",
    "rule-missing": "rule", "weight-missing": "weight", "condition-unknown": "params",
    "manual-out-of-range": "params", "measure-unavailable": "measure", "measure-not-applicable": "measure",
}


def _faulty_files(cr: CheckResult) -> set[str]:
    """Workbooks a measure cannot be trusted from: not read, or with an error check reported (a
    blank one, ``workbook-empty``, is not faulty: its to-do list is what the clerk needs)."""
    read = {p.name for p in cr.files.values()}
    every = {s.file for s in workbook_specs().values()}
    bad = {i.file for i in cr.report.errors if i.file and i.code != "workbook-empty"}
    return (every - read) | bad


def _already(cr: CheckResult) -> set[tuple[str | None, str | None, str | None]]:
    """(file, sheet, cell) of every error check found: scoring does not say the same cell twice."""
    return {(i.file, i.sheet, i.cell) for i in cr.report.errors}


def evaluate(cr: CheckResult, *, adjustment_mode: str = "net") -> tuple[Result | None, Report]:
    """Run the whole scoring pipeline on what ``check`` read, writing nothing and raising nothing
    for bad data: the outcome (None when errors leave nothing to score) and every issue scoring
    found beyond ``cr.report``. ``check`` calls this, so that it lists everything ``score`` would
    refuse; an error whose cell check already reported is not said again.
    """
    report = Report()
    if cr.self_only:
        evals = _score_selfevals(cr, report)
        if report.errors or not cr.valid:
            return None, report
        info = dict(evals[0].info) if evals else {}
        return Result(folder=cr.folder, info=info, check_result=cr, self_evals=evals, fund=cr.fund), report
    book: IndicatorBook | None = cr.indicators
    if book is None:
        _score_selfevals(cr, report)
        return None, report
    file = workbook_specs()["indicators"].file
    seen = _already(cr)
    faulty = _faulty_files(cr)
    info = book.info
    method = SURVEY_METHODS.get(info.get("survey_method"), "mean")
    measures = compute_measures(cr.budget, cr.survey, cr.vouchers, survey_method=method,
                                adjustment_mode=adjustment_mode)
    for p in measures.problems:
        source = p.split("：", 1)[0]
        if source not in faulty:  # a measure of a workbook in error only repeats that error
            report.add(Issue("measure-problem", p, Severity.WARNING, source if source.endswith(".xlsx") else None))
    # conditions also name 其他数据 rows and other indicators' 实际完成值 (xlkit.compute.named_values)
    rates = {**book_values(book, measures.rates()), **measures.rates()}
    placer = LevelPlacer(book.levels)
    scored: list[IndicatorScore] = []
    veto_all = False
    failed = False
    for ind in book.indicators:
        l1, l2 = placer.place(ind)
        cell = ind.row.cells.get("code")
        try:
            if not ind.rule:
                raise RuleConfigError("未选择评分规则", "rule-missing")
            if ind.weight is None:
                raise RuleConfigError("缺少分值", "weight-missing")
            rule = rule_by_name(ind.rule)
            params = parse_params(ind.params)
            actual, shown = _actual_for(ind, measures, report, file, faulty)
            findings = tuple(_findings(cr, ind.code, report, file))
            inp = RuleInput(weight=D(ind.weight), params=params, target=ind.target, actual=actual,
                            findings=findings, measures=rates, code=ind.code)
            res = rule.score(inp)
        except RuleConfigError as exc:
            failed = True
            _scoring_error(exc, ind, cr, report, file, seen)
            continue
        ambiguous = None if ind.measure else _ambiguous_rate(ind.actual, ind.target)
        if ambiguous:
            report.add(Issue("ambiguous-rate", f"{ind.code}：{ambiguous}", Severity.WARNING, file, sheet_name("indicators", "indicators"),
                             ind.row.cells.get("actual"), value=ind.actual))
        ignored = rule.ignored_findings(params, findings)
        if ignored:
            report.add(Issue("deductions-ignored", f"{ind.code}：有 {len(ignored)} 条扣分事项（{ignored[0].reason}…）针对本指标，"
                             f"但评分规则“{rule.name}”不按扣分事项计分，未计入得分（如应计入，请改用扣分制等规则）",
                             Severity.WARNING, file, sheet_name("indicators", "indicators"), ind.row.cells.get("rule"), value=rule.name))
        veto_all = veto_all or res.veto_all
        # an adopted score outside 0..分值 is already a check error (adopted-out-of-range): not applied
        valid_adopted = ind.adopted is not None and 0 <= D(ind.adopted) <= D(ind.weight)
        rule_score = adopt(res, ind, report, file) if valid_adopted else None
        scored.append(IndicatorScore(
            code=ind.code, name=ind.name, level1=l1.code if l1 else norm_text(ind.level1),
            level2=l2.code if l2 else norm_text(ind.level2), weight=D(ind.weight), target=ind.target,
            actual=shown if shown else (fmt_pct(res.completion) if res.completion is not None else ""),
            score=res.score, rate=ratio(res.score, D(ind.weight)), rule=rule.name, params=ind.params or "",
            measure=ind.measure, explanation=ind.explanation, standard=ind.standard, deductions=res.deductions,
            notes=res.notes, reason_typed=ind.reason, cell=cell, rule_score=rule_score,
            adopted_reason=ind.adopted_reason if rule_score is not None else None))
    evals = _score_selfevals(cr, report)
    if failed or report.errors or not cr.valid:
        return None, report

    levels = _level_scores(book.levels, scored, report, file)
    total_weight = sum((i.weight for i in scored), Decimal(0))
    total = sum((i.score for i in scored), Decimal(0))
    # An unreadable 等级标准 is check's error (grades-invalid): no result is given with it.
    grades = parse_grades(info.get("grades") or DEFAULT_GRADES)
    grade = grade_for(total, grades)
    if veto_all:
        grade = grades[-1].name
        report.add(Issue("veto-all", f"存在一票否决整体评价的情形，等级定为“{grade}”", Severity.WARNING, file, sheet_name("indicators", "findings")))
    evaluation = Evaluation(indicators=scored, levels=levels, total_weight=total_weight, total=total, grade=grade,
                            grades=grades, measures=measures, veto_all=veto_all)
    result = Result(folder=cr.folder, info=dict(info), check_result=cr, evaluation=evaluation, self_evals=evals,
                    fund=cr.fund)
    if evals:
        from xlkit.scoring.compare import compare

        result.comparisons = [compare(evaluation, s) for s in evals]
        for c in result.comparisons:
            report.extend(c.issues)
    return result, report


_BARE_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _ambiguous_rate(actual: str | None, target: str | None) -> str | None:
    """A typed 实际完成值 that reads two ways, said with both readings (never a silent guess):
    a bare number between 1 and 2 (1.5: 1.5 % or 150 %), or a bare number against a target in %
    (90.18 against ≥90%: 90.18 % or the number 90.18)."""
    text = unicodedata.normalize("NFKC", str(actual or "")).strip()
    if not _BARE_NUMBER.fullmatch(text):
        return None
    value = Decimal(text)
    target_pct = "%" in unicodedata.normalize("NFKC", str(target or ""))
    if 1 < value <= PERCENT_POINTS_ABOVE and (target_pct or not str(target or "").strip()):
        return (f"实际完成值“{text}”未写 %，可读作 {text}%，也可读作小数 {text}（即 {fmt_pct(value)}）；"
                f"xlkit 按小数读取，请写明 %（如 {text}%）")
    if value > PERCENT_POINTS_ABOVE and target_pct:
        return (f"实际完成值“{text}”未写 %，目标值“{target}”是百分数：可读作 {text}%，也可读作数值 {text}；"
                f"两种读法得分可能不同，请写明 %（如 {text}%）")
    return None


def _scoring_error(exc: RuleConfigError, ind: IndicatorRow, cr: CheckResult, report: Report, file: str,
                   seen: set[tuple[str | None, str | None, str | None]]) -> None:
    """One indicator that cannot be scored, as an issue at the cell to fix (unless check said it)."""
    cells = ind.row.cells
    code = exc.code
    where: tuple[str | None, str | None, str | None] = (file, sheet_name("indicators", "indicators"), cells.get(_CODE_COLUMN.get(code, "code"))
                                                        or cells.get("code"))
    if code == "measure-not-applicable" and cr.indicators is not None and ind.measure:
        # A bound measure that is "- ÷ -" is a to-do in the workbook it is computed from.
        source = [p.strip() for p in str(getattr(exc, "source", "") or "").split("›")]
        if len(source) >= 2 and source[0]:
            at = "/".join(c for c in " › ".join(source[2:]).split("/") if c.strip())
            where = (source[0], source[1], at or None)
    if any(w in seen for w in ((where[0], where[1], where[2]), (file, sheet_name("indicators", "indicators"), cells.get("code")))):
        return
    if code.startswith("measure-") and where[0] != file and where[0] in _faulty_files(cr):
        return  # the workbook is missing, unreadable or wrong: check said so where it is wrong
    if code in ("unknown-rule", "rule-params") and (file, sheet_name("indicators", "indicators"), cells.get("params")) in seen:
        return
    report.add(Issue(code, f"{ind.code or '第 ' + str(ind.row.excel_row) + ' 行'}：{exc}", Severity.ERROR, *where,
                     value=ind.code))


def check(folder: str | Path) -> CheckResult:
    """``xlkit.check``: read and validate every workbook of ``folder``, then run the scoring pipeline
    without writing, so every error ``score`` could raise is listed here first, at its cell.

    Never raises for bad data or bad files; raises XlkitError only when ``folder`` itself is not a
    folder. Nothing is ever written.
    """
    result = check_workbooks(folder)
    result.outcome, found = evaluate(result)
    result.report.extend(found.issues)
    result.evaluated = True
    return result


def score_checked(cr: CheckResult, *, adjustment_mode: str = "net") -> Result:
    """Score an already validated folder (``check``).

    ``check`` has already run the scoring pipeline (``evaluate``) and listed its issues; here any
    error refuses. The ``Result`` has an ``evaluation`` when the folder has a 指标体系 (None for a
    folder of 自评表 alone), and each 自评表 of the folder scored (and compared with the evaluation).
    """
    if cr.evaluated and adjustment_mode == "net":
        outcome = cr.outcome
    else:  # a CheckResult made without evaluating, or the other 调整率 口径: run the pipeline now
        outcome, rep = evaluate(cr, adjustment_mode=adjustment_mode)
        known = {(i.code, i.file, i.sheet, i.cell, i.message) for i in cr.report.issues}
        cr.report.extend([i for i in rep.issues if (i.code, i.file, i.sheet, i.cell, i.message) not in known])
    if not cr.valid or outcome is None:
        n = len(cr.report.errors)
        raise ScoreError(f"{n} 个错误，未评分" if n else "没有可评分的工作簿，未评分", cr.report)
    outcome.checks = list(cr.report.warnings)
    return outcome


def adopt(res: RuleResult, ind: IndicatorRow, report: Report, file: str) -> Decimal:
    """Replace ``res``'s score by the evaluator's 采用得分, keeping the rule's: returns 按规则得分.

    The 扣分明细 still add up to 分值 − 得分: one more line carries the difference with its reason.
    Each departure is a warning (score-adopted) so the 校验 sheet lists every one.
    """
    by_rule, adopted = res.score, q2(D(ind.adopted))
    reason = ind.adopted_reason or ""
    if adopted != by_rule:
        diff = adopted - by_rule
        res.deductions.append(Deduction(f"采用得分 {fmt2(adopted)} 与按规则得分 {fmt2(by_rule)} 不同：{reason}", -diff))
        res.notes.append(f"按规则得分 {fmt2(by_rule)}，采用得分 {fmt2(adopted)}，差异 {diff:+.2f}；理由：{reason}")
        report.add(Issue("score-adopted", f"{ind.code}：按规则得分 {fmt2(by_rule)}，采用得分 {fmt2(adopted)}，差异 "
                         f"{diff:+.2f}；理由：{reason}", Severity.WARNING, file, sheet_name("indicators", "indicators"),
                         ind.row.cells.get("adopted"), value=fmt2(adopted), expected=fmt2(by_rule)))
    res.score = adopted
    return by_rule


def _level_scores(levels: list[Level], scored: list[IndicatorScore], report: Report, file: str) -> list[LevelScore]:
    known = {lv.code: lv for lv in levels if lv.code}
    order1: list[str] = []
    order2: dict[str, list[str]] = {}
    for i in scored:
        if i.level1 not in order1:
            order1.append(i.level1)
        kids = order2.setdefault(i.level1, [])
        if i.level2 not in kids:
            kids.append(i.level2)
    out: list[LevelScore] = []
    for c1 in order1:
        mine = [i for i in scored if i.level1 == c1]
        lv1 = known.get(c1)
        out.append(LevelScore(c1, lv1.name if lv1 else c1, "一级", None, sum((i.weight for i in mine), Decimal(0)),
                              sum((i.score for i in mine), Decimal(0)), lv1.weight if lv1 else None))
        for c2 in order2[c1]:
            sub = [i for i in mine if i.level2 == c2]
            lv2 = known.get(c2)
            out.append(LevelScore(c2, lv2.name if lv2 else c2, "二级", c1, sum((i.weight for i in sub), Decimal(0)),
                                  sum((i.score for i in sub), Decimal(0)), lv2.weight if lv2 else None))
    return out


def score(folder: str | Path, *, adjustment_mode: str = "net") -> Result:
    """Validate and score ``folder``; raises ``ScoreError`` (with every issue) when it has errors.

    ``adjustment_mode`` chooses the 项目支出预算调整率 口径: ``net`` (000, default) or ``gross``.
    """
    return score_checked(check(folder), adjustment_mode=adjustment_mode)


def questionnaire(result: Result):
    """The folder's questionnaire as ``xlkit.compute.survey.Survey`` (None when not filled)."""
    cr = result.check_result
    if cr is None or cr.survey is None or not cr.survey.questions:
        return None
    return survey_model(cr.survey)
