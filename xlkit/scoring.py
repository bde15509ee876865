"""Score a filled project folder: validate, compute measures, apply each indicator's rule.

``score(folder)`` is the library's main job. It runs the same checks as ``xlkit check``; any
error stops scoring (``ScoreError`` carries the report) because a score built on a misread cell
would look right and be wrong. Rounding follows conventions.md §2: rates to 4 places before a
rule sees them, each indicator's score once to 2 places, subtotals and the total as exact sums
of the rounded scores (the reports add the printed figures: 13.50 + 19.40 + 60.00 = 92.90).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import RuleConfigError, XlkitError
from .issues import Issue, Report, Severity
from .measures import SURVEY_METHODS, Measures, MeasureValue, compute_measures, survey_model
from .numbers import D, fmt2, fmt_amount, fmt_pct, ratio
from .records import (
    Grade,
    IndicatorBook,
    IndicatorRow,
    Level,
    LevelPlacer,
    norm_text,
    parse_deduction,
    parse_grades,
)
from .rules import rule_by_name
from .rules.base import Deduction, Finding, RuleInput, parse_params
from .selfeval import SelfEvalResult, copy_checks, score_selfeval
from .spec import workbook_specs
from .validate import CheckResult, check

__all__ = ["score", "score_checked", "grade_for", "Result", "SelfEvalReport", "IndicatorScore", "LevelScore",
           "ScoreError"]

DEFAULT_GRADES = "优>=90；良>=80；中>=60；差<60"


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
class Result:
    """A scored evaluation. Decimal figures; ``to_dict`` gives the printed strings."""

    folder: Path
    info: dict[str, Any]
    indicators: list[IndicatorScore]
    levels: list[LevelScore]  # 一级 then its 二级, in sheet order
    total_weight: Decimal
    total: Decimal
    grade: str
    grades: list[Grade]
    measures: Measures
    checks: list[Issue]
    veto_all: bool = False
    check_result: CheckResult | None = None
    self_evals: list[SelfEvalResult] = field(default_factory=list)  # the unit's 自评表, scored
    comparisons: list[Any] = field(default_factory=list)  # xlkit.compare.Comparison per 自评表
    fund: Any = None  # xlkit.fund.FundResult: the folder's 基金收支 table, when it has one

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
            "unit": self.info.get("unit"), "year": self.info.get("year"), "type": self.info.get("type"),
            "project": self.info.get("project"),
            "total_weight": fmt2(self.total_weight), "total": fmt2(self.total), "rate": fmt_pct(self.rate),
            "grade": self.grade, "veto_all": self.veto_all,
            "full_marks": self.full_marks, "indicator_count": len(self.indicators),
            "levels": [lv.to_dict() for lv in self.levels],
            "indicators": [i.to_dict() for i in self.indicators],
            "measures": {name: m.to_dict() for name, m in self.measures.values.items()},
            "checks": [c.to_dict() for c in self.checks],
            "self_evaluations": [s.to_dict() for s in self.self_evals],
            "comparisons": [c.to_dict() for c in self.comparisons],
            **({"fund": self.fund.to_dict()} if self.fund is not None else {}),
        }

    def to_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """One row per 三级 indicator. Decimal columns stay Decimal unless ``numeric`` (floats,
        for plotting and comparison across units — never for printed figures)."""
        import pandas as pd  # only analysts who ask for a frame pay for importing pandas

        conv = (lambda v: None if v is None else float(v)) if numeric else (lambda v: v)
        names = {lv.code: lv.name for lv in self.levels}
        rows = [
            {"unit": self.info.get("unit"), "year": self.info.get("year"), "code": i.code,
             "level1": names.get(i.level1, i.level1), "level2": names.get(i.level2, i.level2), "name": i.name,
             "weight": conv(i.weight), "target": i.target, "actual": i.actual, "score": conv(i.score),
             "rate": conv(i.rate), "rule": i.rule, "reason": i.reason}
            for i in self.indicators
        ]
        return pd.DataFrame(rows).set_index("code")


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
            out.append(Finding(reason, points, share, None, v.ident, f"{vfile} › 台账 › {v.row.cells.get('problem', '')}"))
    return out


def _actual_for(ind: IndicatorRow, measures: Measures, report: Report, file: str) -> tuple[object, str]:
    if ind.measure:
        m: MeasureValue | None = measures.get(ind.measure)
        if m is None:
            raise RuleConfigError(f"绑定测算项“{ind.measure}”无法计算（相关工作簿未填写）")
        if ind.actual and norm_text(ind.actual) not in (norm_text(m.display), ""):
            report.add(Issue("actual-differs", f"{ind.code}：实际完成值填写为“{ind.actual}”，按绑定测算项"
                             f"“{ind.measure}”计算为 {m.display}，以计算值为准", Severity.WARNING, file, "指标体系",
                             ind.row.cells.get("actual"), value=ind.actual, expected=m.display))
        if m.value is None:
            # "不适用（- ÷ -）" left a clerk guessing: say which figures are missing and where
            raise RuleConfigError(f"绑定测算项“{ind.measure}”无法计算：{m.source} 中所需的数字未填写或为 0"
                                  f"（算式 {m.formula}）")
        return m.value, m.display
    return ind.actual, ind.actual or ""


@dataclass
class SelfEvalReport:
    """A folder of 自评表 alone (004: the 部门整体 and ten project 自评表), each scored."""

    folder: Path
    evals: list[SelfEvalResult]
    checks: list[Issue]
    check_result: CheckResult | None = None
    fund: Any = None  # xlkit.fund.FundResult: the folder's 基金收支 table, when it has one

    @property
    def info(self) -> dict[str, Any]:
        return dict(self.evals[0].info) if self.evals else {}

    def to_dict(self) -> dict[str, Any]:
        return {"self_evaluations": [s.to_dict() for s in self.evals], "checks": [c.to_dict() for c in self.checks],
                **({"fund": self.fund.to_dict()} if self.fund is not None else {})}

    def to_frame(self, numeric: bool = False):  # -> pandas.DataFrame
        """One row per 自评表 indicator, with the 自评表 it belongs to."""
        import pandas as pd

        conv = (lambda v: None if v is None else float(v)) if numeric else (lambda v: v)
        rows = [{"file": s.file, "project": s.title, "level1": i.level1, "level2": i.level2, "name": i.name,
                 "weight": conv(i.weight), "target": i.target, "actual": i.actual, "completion": conv(i.completion),
                 "score": conv(i.score), "printed": conv(i.printed), "rule": i.rule}
                for s in self.evals for i in s.indicators]
        return pd.DataFrame(rows)


def _score_selfevals(cr: CheckResult) -> tuple[list[SelfEvalResult], list[Issue]]:
    out: list[SelfEvalResult] = []
    report = Report()
    for path, book in cr.selfevals:
        res, rep = score_selfeval(book, path)
        report.extend(rep.issues)
        if res is not None:
            out.append(res)
    if report.errors:
        raise ScoreError(f"{len(report.errors)} 个自评指标无法评分", Report([*cr.report.issues, *report.issues]))
    report.extend(copy_checks(out))
    return out, report.warnings


def score_checked(cr: CheckResult, *, adjustment_mode: str = "net") -> Result | SelfEvalReport:
    """Score an already validated folder (``xlkit.validate.check``).

    A folder that holds only 自评表 gives a ``SelfEvalReport``; otherwise a ``Result``, with each
    自评表 of the folder scored and compared (``Result.self_evals`` / ``Result.comparisons``).
    """
    if not cr.valid:
        raise ScoreError(f"{len(cr.report.errors)} 个错误，未评分", cr.report)
    if cr.self_only:
        evals, warnings = _score_selfevals(cr)
        return SelfEvalReport(folder=cr.folder, evals=evals, checks=[*cr.report.warnings, *warnings], check_result=cr,
                              fund=cr.fund)
    book: IndicatorBook | None = cr.indicators
    if book is None:
        raise ScoreError("缺少指标体系工作簿，未评分", cr.report)
    file = workbook_specs()["indicators"].file
    report = Report()
    info = book.info
    method = SURVEY_METHODS.get(info.get("survey_method"), "mean")
    measures = compute_measures(cr.budget, cr.survey, cr.vouchers, survey_method=method,
                                adjustment_mode=adjustment_mode)
    for p in measures.problems:
        report.add(Issue("measure-problem", p, Severity.WARNING))
    rates = measures.rates()
    placer = LevelPlacer(book.levels)
    scored: list[IndicatorScore] = []
    veto_all = False
    for ind in book.indicators:
        l1, l2 = placer.place(ind)
        cell = ind.row.cells.get("code")
        try:
            if not ind.rule:
                raise RuleConfigError("未选择评分规则")
            if ind.weight is None:
                raise RuleConfigError("缺少分值")
            rule = rule_by_name(ind.rule)
            params = parse_params(ind.params)
            actual, shown = _actual_for(ind, measures, report, file)
            inp = RuleInput(weight=D(ind.weight), params=params, target=ind.target, actual=actual,
                            findings=tuple(_findings(cr, ind.code, report, file)), measures=rates, code=ind.code)
            res = rule.score(inp)
        except RuleConfigError as exc:
            report.add(Issue("score-error", f"{ind.code}：{exc}", Severity.ERROR, file, "指标体系", cell,
                             value=ind.code))
            continue
        veto_all = veto_all or res.veto_all
        scored.append(IndicatorScore(
            code=ind.code, name=ind.name, level1=l1.code if l1 else norm_text(ind.level1),
            level2=l2.code if l2 else norm_text(ind.level2), weight=D(ind.weight), target=ind.target,
            actual=shown if shown else (fmt_pct(res.completion) if res.completion is not None else ""),
            score=res.score, rate=ratio(res.score, D(ind.weight)), rule=rule.name, params=ind.params or "",
            measure=ind.measure, explanation=ind.explanation, standard=ind.standard, deductions=res.deductions,
            notes=res.notes, reason_typed=ind.reason, cell=cell))
    if report.errors:
        merged = Report([*cr.report.issues, *report.issues])
        raise ScoreError(f"{len(report.errors)} 个指标无法评分", merged)

    levels = _level_scores(book.levels, scored, report, file)
    total_weight = sum((i.weight for i in scored), Decimal(0))
    total = sum((i.score for i in scored), Decimal(0))
    try:
        grades = parse_grades(info.get("grades") or DEFAULT_GRADES)
    except ValueError as exc:
        report.add(Issue("grades-invalid", f"等级标准无法识别（{exc}），按 {DEFAULT_GRADES} 定级", Severity.WARNING,
                         file, "基本信息", book.info_cells.get("grades")))
        grades = parse_grades(DEFAULT_GRADES)
    grade = grade_for(total, grades)
    if veto_all:
        grade = grades[-1].name
        report.add(Issue("veto-all", f"存在一票否决整体评价的情形，等级定为“{grade}”", Severity.WARNING, file, "扣分事项"))
    if total_weight != 100:
        report.add(Issue("total-weight", f"三级指标分值合计为 {fmt2(total_weight)}，不是 100.00", Severity.WARNING, file,
                         "指标体系"))
    evals, se_warnings = _score_selfevals(cr)
    result = Result(folder=cr.folder, info=dict(info), indicators=scored, levels=levels, total_weight=total_weight,
                    total=total, grade=grade, grades=grades, measures=measures, checks=[], veto_all=veto_all,
                    check_result=cr, self_evals=evals, fund=cr.fund)
    if evals:
        from .compare import compare

        result.comparisons = [compare(result, s) for s in evals]
    result.checks = [*cr.report.warnings, *report.warnings, *se_warnings,
                     *(i for c in result.comparisons for i in c.issues)]
    return result


def grade_for(total: Decimal, grades: list[Grade]) -> str:
    """The band whose inclusive lower bound the total reaches (000 §7: 90.00 → 优, 89.99 → 良)."""
    return next(g.name for g in grades if total >= g.lower)


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


def score(folder: str | Path, *, adjustment_mode: str = "net") -> Result | SelfEvalReport:
    """Validate and score ``folder``; raises ``ScoreError`` (with every issue) when it has errors.

    ``adjustment_mode`` chooses the 项目支出预算调整率 口径: ``net`` (000, default) or ``gross``.
    """
    return score_checked(check(folder), adjustment_mode=adjustment_mode)


def questionnaire(result: Result):
    """The folder's questionnaire as ``xlkit.survey.Survey`` (None when not filled)."""
    cr = result.check_result
    if cr is None or cr.survey is None or not cr.survey.questions:
        return None
    return survey_model(cr.survey)
