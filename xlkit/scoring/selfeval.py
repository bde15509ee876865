"""The unit's 绩效自评表: read, score under its own rules, and say where the printed figures differ.

A 自评表 (财预〔2020〕10号 项目支出绩效自评表) gives 预算执行率 a weight (usually 10) and 90 points
to 产出/效益/满意度/成本 indicators. How 赋分规则 words become points is never written down in the
seeds, so each reading that reproduces a seed is a setting of the workbook, not a guess of ours:

* 执行率 score (002 F10): the rate is rounded to a 2-decimal percent first, then × 分值, then half
  up to 2 decimals: 367065/432620 = 84.85 % → 8.485 → 8.49 (the raw ratio would give 8.48).
* 按照完成比例赋分, 比例口径 完成率×权重 (002 F11, 004 H): 分值 × 实际/目标, capped at 分值;
  ≤/＜ targets use 目标/实际. 比例口径 60%起算 (003's unit, G19): (r − 60 %)/40 % × 分值.
  超额完成 倒扣 (003: "≥91%" met at 100 % scores 10 × (2 − 1.0989) = 9.01) or 满分.
* 直接赋分: the target met or not (达标得满分); 定性 targets: 定性判断 (met unless the actual
  says otherwise: 004 accepts "持续推进中" for 持续推进).
* A row may name any catalogue rule itself (评分规则 + 规则参数), e.g. 酌情评分 for 002's
  享受待遇人次 scored 3 where every rule gives 5; the result then says what the rule of its
  赋分规则 would have given.

The total is 执行率 score + Σ indicator scores; its grade uses the workbook's 等级划分. Every
printed figure the clerk typed (填报得分, 填报执行率得分, 填报总分, 填报等级) is compared with
xlkit's and each difference is a warning that names the rows that explain it.

Slips of the table itself are warnings too, never corrections (goldens 004 S15, S17, S18, S23, S24,
S35): the same 三级 name twice (selfeval-duplicate-name, P3), a 二级 name typed in the 三级 slot (selfeval-level-name, P1
"经济成本指标"), a 定性 row holding a number (selfeval-qualitative-numeric, P8 "1 年"), a 成本 row not
in money (经济成本) or a 满意度 row that measures no satisfaction (selfeval-level-mismatch, P2/P7/P9), every one
of several 满意度 rows exactly at its threshold (selfeval-at-threshold, goldens 004 S35, soft: one such row
says little), and two 自评表 of a folder with the same indicator table (selfeval-copy, P7 = P9;
``copy_checks``, run over the folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlkit.compute import finance
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D, fmt2, fmt_pct, ratio
from xlkit.read.reader import Row
from xlkit.read.records import (
    Grade,
    SelfEvalBook,
    SelfEvalRow,
    default_grades,
    grade_for,
    norm_text,
    parse_grades,
)
from xlkit.read.targets import Target, convert, parse_actual, parse_target
from xlkit.spec.issues import Issue, Report, Severity
from xlkit.spec.templates import sheet_name

__all__ = [
    "SelfIndicator",
    "SelfLevel",
    "SelfEvalResult",
    "score_selfeval",
    "rule_for",
    "EXEC_LEVEL",
    "DEFAULT_GRADES",
    "copy_checks",
]

DEFAULT_GRADES = default_grades("selfeval")  # from the 自评表 spec
EXEC_LEVEL = "预算执行"
FOOTING_TOLERANCE = Decimal("0.01")
# 二级 names of the 财预〔2020〕10号 and 四川 systems: in the 三级 slot they name no measure (004 P1).
LEVEL2_NAMES = frozenset({
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标", "经济效益指标",
    "社会效益指标", "生态效益指标", "可持续影响指标", "可持续发展指标", "服务对象满意度指标", "满意度指标"})


@dataclass
class SelfIndicator:
    level1: str
    level2: str
    name: str
    weight: Decimal
    target: str
    actual: str
    completion: Decimal | None
    met: bool | None
    score: Decimal | None  # None when the 自评表 is not scored
    printed: Decimal | None
    rule: str
    params: str
    reason: str
    by_text: Decimal | None  # what the 赋分规则 words give, when the row names another rule
    row: SelfEvalRow
    notes: list[str] = field(default_factory=list)

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.score, self.weight) if self.score is not None else None

    @property
    def cell(self) -> str | None:
        return self.row.row.cells.get("name")

    def to_dict(self) -> dict[str, Any]:
        return {
            "一级指标": self.level1, "二级指标": self.level2, "三级指标": self.name, "权重": fmt2(self.weight),
            "指标值": self.target, "实际完成值": self.actual,
            "完成率": fmt_pct(self.completion) if self.completion is not None else "",
            "达成": {True: "是", False: "否", None: ""}[self.met],
            "得分": fmt2(self.score) if self.score is not None else "",
            "填报得分": fmt2(self.printed) if self.printed is not None else "",
            "评分规则": self.rule, "说明": self.reason,
            "对应评价指标": self.row.map_code or "", "对应关系": self.row.map_kind or "",
        }


@dataclass
class SelfLevel:
    name: str
    weight: Decimal
    score: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.score, self.weight) if self.score is not None else None


@dataclass
class SelfEvalResult:
    path: Path
    info: dict[str, Any]
    scored: bool
    exec_weight: Decimal
    initial: Decimal | None
    annual: Decimal | None
    spent: Decimal | None
    exec_rate: Decimal | None
    exec_score: Decimal | None
    indicators: list[SelfIndicator]
    levels: list[SelfLevel]
    total_weight: Decimal
    total: Decimal | None
    grade: str | None
    grades: list[Grade]
    goals: list[tuple[str, str]]
    checks: list[Issue]

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def title(self) -> str:
        return str(self.info.get("project") or self.path.stem)

    @property
    def printed_total(self) -> Decimal | None:
        v = self.info.get("printed_total")
        return D(v) if v is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "项目名称": self.title, "实施单位": self.info.get("unit") or "",
            "年度": self.info.get("year"), "是否评分": self.scored,
            "预算执行率": fmt_pct(self.exec_rate) if self.exec_rate is not None else "",
            "执行率分值": fmt2(self.exec_weight),
            "执行率得分": fmt2(self.exec_score) if self.exec_score is not None else "",
            "权重合计": fmt2(self.total_weight),
            "总分": fmt2(self.total) if self.total is not None else "",
            "等级": self.grade or "",
            "填报总分": fmt2(self.printed_total) if self.printed_total is not None else "",
            "填报等级": self.info.get("printed_grade") or "",
            "一级指标": [{"名称": lv.name, "权重": fmt2(lv.weight),
                       "得分": fmt2(lv.score) if lv.score is not None else ""} for lv in self.levels],
            "指标": [i.to_dict() for i in self.indicators],
            "checks": [i.to_dict() for i in self.checks],
        }


# ---- which rule a row is scored by ---------------------------------------------------------

def _target(row: SelfEvalRow) -> Target | None:
    text = row.target
    if not text.strip():
        return None
    try:
        return parse_target(text)
    except ValueError:
        return None


def _actual(row: SelfEvalRow) -> str:
    """实际完成值 in the row's 度量单位 when typed bare: the 四川 table prints 度量单位 % and 实际 95, which
    is 95 %, not 95 (read bare, ≥95% would be met by 90 and ＝100% missed by 100)."""
    text = (row.actual or "").strip()
    unit = (row.unit or "").strip()
    if not unit:
        # 002 E: "100" typed against "=100%" is 100 %, as the clerk meant (selfeval-actual-unit says so)
        target = _target(row)
        unit = "%" if target is not None and target.unit == "%" else ""
    if not unit or (row.nature or "").strip() == "定性":
        return row.actual or ""
    try:
        actual = parse_actual(text)
    except ValueError:
        return row.actual or ""
    if actual.value is not None and actual.unit is None and actual.date is None and not actual.exceeds:
        return text + unit
    return row.actual or ""


def rule_for(row: SelfEvalRow, info: dict[str, Any]) -> tuple[str, str]:
    """The catalogue rule (and parameters) the row's 赋分规则 words and 指标性质 stand for."""
    target = _target(row)
    words = norm_text(row.rule_text)
    qualitative = (row.nature or "").strip() == "定性" or target is None or target.op == "qualitative"
    if qualitative:
        return "定性判断", ""
    assert target is not None  # no target is qualitative
    if words == "直接赋分" or target.date is not None or target.value is None:
        return "达标得满分", ""
    basis = info.get("ratio_basis") or "完成率×权重"
    over = info.get("over") or "满分"
    if basis == "60%起算":
        return "自评折算", f"起点=60%；超额={over}"
    if over == "倒扣":
        return "自评折算", "起点=0%；超额=倒扣"
    return "按完成比例", ""


# ---- scoring -------------------------------------------------------------------------------

class _Out:
    def __init__(self, report: Report, file: str):
        self.report, self.file = report, file

    def __call__(self, code: str, message: str, sheet: str | None = None, cell: str | None = None,
                 severity: Severity = Severity.WARNING, **kw: Any) -> None:
        self.report.add(Issue(code, message, severity, self.file, sheet, cell, **kw))


def _apply(name: str, params_text: str, row: SelfEvalRow, weight: Decimal):
    from xlkit import rules  # noqa: F401  - fills the registry
    from xlkit.rules.base import RuleInput, parse_params, rule_by_name

    rule = rule_by_name(name)
    inp = RuleInput(weight=weight, params=parse_params(params_text), target=row.target, actual=_actual(row),
                    code=row.name)
    return rule, rule.score(inp)


def _met(row: SelfEvalRow) -> bool | None:
    from xlkit.read.targets import UnitMismatchError, met

    target = _target(row)
    if target is None or not (row.actual or "").strip():
        return None
    try:
        actual = parse_actual(_actual(row))
    except ValueError:
        return None
    try:
        return met(target, actual, None)
    except UnitMismatchError:
        return None


def _exec_block(book: SelfEvalBook, out: _Out) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(全年预算数, 全年执行数, 执行率 to 4 places) of 年度资金总额; footing slips are warnings."""
    total = book.funds.get("total")
    if total is None:
        return None, None, None
    annual, spent = total.get("annual"), total.get("spent")
    # A footing that breaks is the report's own slip: shown, never corrected.
    for col, label in (("initial", "年初预算数"), ("annual", "全年预算数"), ("spent", "全年执行数")):
        parts = [book.funds[k].get(col) for k in ("fiscal", "carryover", "other") if k in book.funds]
        whole = total.get(col)
        if whole is None or all(p is None for p in parts):
            continue
        s = sum((D(p) for p in parts if p is not None), Decimal(0))
        if abs(D(whole) - s) > FOOTING_TOLERANCE:
            out("footing", f"{label}：年度资金总额 {fmt2(whole)} ≠ 各来源合计 {fmt2(s)}", sheet_name("selfeval", "funds"),
                total.cells.get(col), value=fmt2(whole), expected=fmt2(s))
    if annual is None or spent is None:
        return annual, spent, None
    # 预算执行率 is computed in one place (finance), as for 指标体系 and audit: 0 ÷ 0 gives None.
    return annual, spent, finance.execution_rate(spent, annual, 4)


def score_selfeval(book: SelfEvalBook, path: Path) -> tuple[SelfEvalResult | None, Report]:
    """Score one 自评表. Returns (None, report) when an error leaves nothing to score."""
    report = Report()
    out = _Out(report, path.name)
    info = dict(book.info)
    scored = (info.get("scored") or "是") != "否"
    exec_weight = D(info.get("exec_weight")) if info.get("exec_weight") is not None else Decimal(10)
    if (info.get("kind") or "") == "部门整体" and info.get("exec_weight") is None:
        exec_weight = Decimal(0)
    annual, spent, exec_rate = _exec_block(book, out)
    exec_score = None
    if scored and exec_weight > 0:
        if exec_rate is None:
            out("selfeval-funds-missing", "预算执行率有分值，但项目资金的全年预算数或全年执行数未填写（或为 0）",
                sheet_name("selfeval", "funds"), book.funds["total"].cells.get("annual") if "total" in book.funds else None,
                Severity.ERROR)
        else:
            # The 预算执行率 measure bound to a rule, as in 指标体系: 按完成比例 (分值 × 执行率, capped).
            from xlkit.rules.base import RuleInput, rule_by_name

            exec_score = rule_by_name("按完成比例").score(
                RuleInput(weight=exec_weight, params={}, target=None, actual=exec_rate, code="预算执行率")).score
    try:
        grades = parse_grades(info.get("grades") or DEFAULT_GRADES)
    except ValueError as exc:
        # No silent guess: unreadable bands are an error (as in 指标体系), the default only lets
        # the other rows be scored so that every problem is listed at once.
        out("grades-invalid", f"等级划分无法识别：{exc}", sheet_name("selfeval", "info"), book.info_cells.get("grades"), Severity.ERROR,
            expected=DEFAULT_GRADES)
        grades = parse_grades(DEFAULT_GRADES)

    if not book.indicators:
        # A 自评表 with no indicator rows would score 执行率 alone (9.00 差): no score, an error.
        out("selfeval-no-indicators", "绩效指标表没有任何指标行（产出、效益、满意度指标），无法评分；请逐项填写",
            sheet_name("selfeval", "indicators"), None, Severity.ERROR)
    items: list[SelfIndicator] = []
    for row in book.indicators:
        cell = row.row.cells.get("name")
        weight = D(row.weight) if row.weight is not None else None
        if weight is None:
            if scored:
                out("selfeval-weight-missing", f"{row.name}：缺少权重", sheet_name("selfeval", "indicators"), row.row.cells.get("weight"),
                    Severity.ERROR)
            weight = Decimal(0)
        completion, score, reason, by_text, notes = None, None, "", None, []
        default_rule, default_params = rule_for(row, info)
        rule_name, params = (row.rule, row.params or "") if row.rule else (default_rule, default_params)
        if scored:
            try:
                rule, res = _apply(rule_name, params, row, weight)
                rule_name = rule.name
                score, completion, notes = res.score, res.completion, list(res.notes)
                reason = "；".join(d.reason for d in res.deductions)
            except (RuleConfigError, KeyError) as exc:
                # One fact, one code: the same codes as evaluation scoring (actual-missing …).
                code = exc.code if isinstance(exc, RuleConfigError) else "rule-params"
                at = row.row.cells.get("actual") if code.startswith("actual-") else cell
                out(code, f"{row.name}：{exc}", sheet_name("selfeval", "indicators"), at or cell, Severity.ERROR, value=row.actual)
                continue
            if row.rule and (row.rule, row.params or "") != (default_rule, default_params):
                try:
                    _, alt = _apply(default_rule, default_params, row, weight)
                    by_text = alt.score
                except (RuleConfigError, KeyError):
                    by_text = None
        met_ = score == weight if rule_name == "定性判断" and score is not None else _met(row)
        item = SelfIndicator(
            level1=norm_text(row.level1), level2=norm_text(row.level2), name=row.name, weight=weight,
            target=row.target, actual=row.actual or "", completion=completion, met=met_, score=score,
            printed=D(row.printed_score) if row.printed_score is not None else None, rule=rule_name,
            params=params, reason=reason, by_text=by_text, row=row, notes=notes)
        items.append(item)
        _row_checks(item, out)

    levels: list[SelfLevel] = []
    if exec_weight > 0:
        levels.append(SelfLevel(EXEC_LEVEL, exec_weight, exec_score))
    for item in items:
        lv = next((x for x in levels if x.name == item.level1), None)
        if lv is None:
            lv = SelfLevel(item.level1, Decimal(0), Decimal(0) if scored else None)
            levels.append(lv)
        lv.weight += item.weight
        if scored and item.score is not None and lv.score is not None:
            lv.score += item.score
    total_weight = exec_weight + sum((i.weight for i in items), Decimal(0))
    total = grade = None
    if scored and not report.errors:
        total = (exec_score or Decimal(0)) + sum((i.score for i in items if i.score is not None), Decimal(0))
        grade = grade_for(total, grades)
    result = SelfEvalResult(
        path=path, info=info, scored=scored, exec_weight=exec_weight,
        initial=book.funds["total"].get("initial") if "total" in book.funds else None, annual=annual, spent=spent,
        exec_rate=exec_rate, exec_score=exec_score, indicators=items, levels=levels, total_weight=total_weight,
        total=total, grade=grade, grades=grades, goals=book.goals, checks=[])
    if scored and total_weight != 100:
        parts = f"执行率 {fmt2(exec_weight)} + 指标 {fmt2(total_weight - exec_weight)}" if exec_weight else "指标权重"
        out("weight-total", f"权重合计 {fmt2(total_weight)}（{parts}），应为 100.00（单位自评表原样读取，为警告）", sheet_name("selfeval", "indicators"), None,
            value=fmt2(total_weight), expected="100.00")
    _table_checks(items, out)
    _goal_checks(book, out)
    if total is not None:
        _printed_checks(result, book, out)
    if report.errors:
        return None, report
    result.checks = list(report.issues)
    return result, report


def _row_checks(item: SelfIndicator, out: _Out) -> None:
    row = item.row
    sheet = sheet_name("selfeval", "indicators")
    target = _target(row)
    if target is not None and target.op in ("<", ">") and item.met is False and item.score == item.weight:
        out("selfeval-strict-boundary", f"{row.name}：指标性质“{row.nature or target.op}”为严格比较，实际完成值 "
            f"{row.actual} 未越过指标值 {row.value or target.raw}（未达成），但按完成比例得满分", sheet,
            row.row.cells.get("actual"), value=row.actual, expected=target.raw)
    if "方向=正向" in item.params.replace(" ", "") and target is not None and target.op in ("<=", "<"):
        out("selfeval-direction", f"{row.name}：指标值“{target.raw}”越低越好，却按 实际/目标 正向计算完成率"
            f"（得 {fmt2(item.score)}；按方向应得 {fmt2(item.by_text) if item.by_text is not None else '满分'}）",
            sheet, row.row.cells.get("actual"), value=fmt2(item.score) if item.score is not None else None)
    if "超额=倒扣" in item.params.replace(" ", "") and item.completion is not None and item.completion > 1 \
            and target is not None and target.op in (">=", ">"):
        out("selfeval-over-penalty", f"{row.name}：目标“{target.raw}”是下限，实际 {row.actual} 已超额完成"
            f"（完成率 {fmt_pct(item.completion)}），却按 权重×（2−完成率）倒扣为 {fmt2(item.score)}", sheet,
            row.row.cells.get("actual"), value=fmt2(item.score) if item.score is not None else None,
            expected=fmt2(item.weight))
    if item.by_text is not None and item.score is not None and item.by_text != item.score:
        out("selfeval-rule-override", f"{row.name}：按指定规则“{item.rule}”得 {fmt2(item.score)}，按赋分规则"
            f"“{row.rule_text or '按照完成比例赋分'}”应得 {fmt2(item.by_text)}", sheet, row.row.cells.get("rule"),
            value=fmt2(item.score), expected=fmt2(item.by_text))
    if item.printed is not None and item.score is not None and item.printed != item.score:
        out("selfeval-printed-score", f"{row.name}：填报得分 {fmt2(item.printed)}，按规则“{item.rule}”计算为 "
            f"{fmt2(item.score)}" + (f"（{item.reason}）" if item.reason else ""), sheet,
            row.row.cells.get("printed_score"), value=fmt2(item.printed), expected=fmt2(item.score))
    if (row.actual or "").strip()[:1] in ("≥", ">", "≤", "<") or (row.actual or "").strip().startswith((">=", "<=")):
        out("selfeval-threshold-actual", f"{row.name}：实际完成值“{row.actual}”写成了区间，不是实际数值", sheet,
            row.row.cells.get("actual"), value=row.actual)
    if norm_text(row.name) in LEVEL2_NAMES:
        out("selfeval-level-name", f"三级指标“{row.name}”是二级指标的名称，未写明考核的具体内容", sheet,
            row.row.cells.get("name"), value=row.name)
    if (row.nature or "").strip() == "定性" and _number(row.value):
        out("selfeval-qualitative-numeric", f"{row.name}：指标性质为“定性”，指标值却是数值“{row.value or ''}"
            f"{row.unit or ''}”；应选 ≥、≤、＝ 等并按数值考核", sheet, row.row.cells.get("nature"),
            value=f"{row.value or ''}{row.unit or ''}")
    # 经济成本 is money; 社会成本 and 生态环境成本 may be measured otherwise.
    unit = target.unit if target is not None and target.op != "qualitative" else None
    if ("经济成本" in item.level2 or item.level2 == "成本指标") and unit and "元" not in unit:
        out("selfeval-level-mismatch", f"{row.name}：列在“{item.level1}/{item.level2}”下，但度量单位是“{unit}”，"
            "不是金额，不是成本指标", sheet, row.row.cells.get("name"), value=row.name)
    if "满意度" in item.level1 and "满意" not in norm_text(row.name):
        out("selfeval-level-mismatch", f"{row.name}：列在“{item.level1}”下，但不是满意度（服务对象的评价）", sheet,
            row.row.cells.get("name"), value=row.name)
    _slip_checks(item, target, out)


# goldens 002 slips a 自评表 shows in its own cells (warnings): selfeval-target-missed (an unscored table's
# numeric target not reached, S6: 170886 < ≥171230人, 105.30% above 95%≤x≤105%, yet "达到了预期目标"),
# selfeval-actual-unit (a bare number against a target with a unit, S15: "100" for =100%, "43975" for
# ≥44604人) and selfeval-deviation-full (偏差原因 filled on a full-score row, S18).
def _slip_checks(item: SelfIndicator, target: Target | None, out: _Out) -> None:
    row, sheet = item.row, sheet_name("selfeval", "indicators")
    numeric = target is not None and target.op != "qualitative" and target.value is not None
    if item.score is None and item.met is False and numeric:
        assert target is not None  # numeric says so
        verb = "不在指标值范围" if target.op == "range" else "未达到指标值"
        out("selfeval-target-missed", f"{row.name}：实际完成值“{row.actual}”{verb}“{target.raw}”（不评分的自评表，"
            "未完成的目标也应在偏差原因中说明）", sheet, row.row.cells.get("actual"), value=row.actual,
            expected=target.raw)
    if numeric and target is not None and target.unit and not (row.unit or "").strip() and (row.nature or "").strip() != "定性":
        try:
            actual = parse_actual(row.actual or "")
        except ValueError:
            actual = None
        if actual is not None and actual.value is not None and actual.unit is None and actual.date is None:
            out("selfeval-actual-unit", f"{row.name}：实际完成值“{row.actual}”没有度量单位，指标值“{target.raw}”的单位是"
                f"“{target.unit}”；请写明单位（xlkit 按所写数值比较）", sheet, row.row.cells.get("actual"),
                value=row.actual, expected=f"{row.actual}{target.unit}")
    if (row.deviation or "").strip() and item.score is not None and item.score == item.weight:
        out("selfeval-deviation-full", f"{row.name}：得分为满分 {fmt2(item.score)}，却填写了偏差原因“{row.deviation}”",
            sheet, row.row.cells.get("deviation"), value=row.deviation)


def _number(text: str | None) -> bool:
    try:
        return parse_actual(text).value is not None
    except ValueError:
        return False


def _at_threshold(item: SelfIndicator) -> bool:
    """A ≥ satisfaction target the actual reaches exactly (95 for ≥95%)."""
    target = _target(item.row)
    if target is None or target.op != ">=" or target.value is None:
        return False
    try:
        actual = parse_actual(_actual(item.row))
        return actual.value is not None and convert(actual.value, actual.unit, target.unit) == target.value
    except ValueError:  # UnitMismatchError included
        return False


def _table_checks(items: list[SelfIndicator], out: _Out) -> None:
    sheet = sheet_name("selfeval", "indicators")
    seen: dict[str, SelfIndicator] = {}
    for item in items:
        key = norm_text(item.name)
        first = seen.setdefault(key, item)
        if first is not item:
            out("selfeval-duplicate-name", f"三级指标“{item.name}”重复：已在 {first.cell}（{first.level2}）出现，"
                f"此处在“{item.level2}”下再次列出", sheet, item.cell, value=item.name)
    # One satisfaction figure at its threshold says little; all of several is a pattern (goldens 004 S35).
    rated = [i for i in items if "满意" in norm_text(i.name) and getattr(_target(i.row), "op", None) == ">="]
    if len(rated) >= 2 and all(_at_threshold(i) for i in rated):
        listed = "、".join(f"{i.name} {i.actual}" for i in rated)
        out("selfeval-at-threshold", f"{len(rated)} 项满意度实际值都恰好等于目标值（{listed}），"
            "请核对是否为实测结果（问卷、调查）而非照抄目标", sheet, rated[0].row.row.cells.get("actual"))


def copy_checks(results: list[SelfEvalResult]) -> list[Issue]:
    """Two 自评表 of one folder with the same indicator table (004 P7 = P9, goldens 004 S15): one warning, on
    the later file, naming the earlier; the warning is also added to that result's ``checks``."""
    issues: list[Issue] = []
    seen: dict[tuple, SelfEvalResult] = {}
    for res in results:
        rows = tuple(sorted((i.level1, i.level2, norm_text(i.name), norm_text(i.target), i.weight, norm_text(i.actual))
                            for i in res.indicators))
        first = seen.setdefault(rows, res) if rows else res
        if first is res:
            continue
        same_goals = [norm_text(g) for g, _ in first.goals] == [norm_text(g) for g, _ in res.goals]
        issue = Issue("selfeval-copy", f"绩效指标与 {first.file} 完全相同（{len(rows)} 项三级指标，指标值、权重和实际完成值"
                      f"逐项一致{'，年度总体目标也逐字相同' if same_goals else ''}），疑为照抄另一项目的自评表",
                      Severity.WARNING, res.file, sheet_name("selfeval", "indicators"), res.indicators[0].cell, value=first.file)
        res.checks.append(issue)
        issues.append(issue)
    return issues


def _goal_checks(book: SelfEvalBook, out: _Out) -> None:
    for i, (goal, done) in enumerate(book.goals):
        if goal and done and norm_text(goal) == norm_text(done):
            row: Row = book.data.sheet("goals").rows[i]
            out("selfeval-goal-copied", "年度总体目标的“实际完成情况”与“预期目标”逐字相同，未写实际完成情况",
                sheet_name("selfeval", "goals"), row.cells.get("done"))


def _printed_checks(result: SelfEvalResult, book: SelfEvalBook, out: _Out) -> None:
    info, cells = result.info, book.info_cells
    printed_exec = info.get("printed_exec_score")
    if printed_exec is not None and result.exec_score is not None and D(printed_exec) != result.exec_score:
        out("selfeval-printed-score", f"预算执行率：填报得分 {fmt2(printed_exec)}，按 执行率 {fmt_pct(result.exec_rate)} × "
            f"{fmt2(result.exec_weight)} 计算为 {fmt2(result.exec_score)}", sheet_name("selfeval", "info"), cells.get("printed_exec_score"),
            value=fmt2(printed_exec), expected=fmt2(result.exec_score))
    printed = result.printed_total
    if printed is not None and result.total is not None and printed != result.total:
        why = [f"{i.name} {fmt2(i.score)}（{i.reason or i.rule}）" for i in result.indicators
               if i.score is not None and i.score != i.weight]
        if result.total_weight != 100:
            why.insert(0, f"权重合计只有 {fmt2(result.total_weight)}")
        detail = "；".join(why) if why else "各指标均得满分，差异无法从表中追溯"
        out("selfeval-printed-total", f"填报总分 {fmt2(printed)}，按规则计算为 {fmt2(result.total)}"
            f"（差 {fmt2(printed - result.total)}）：{detail}", sheet_name("selfeval", "info"), cells.get("printed_total"),
            value=fmt2(printed), expected=fmt2(result.total))
    printed_grade = info.get("printed_grade")
    if printed_grade and printed is not None:
        by_bands = grade_for(printed, result.grades)
        if printed_grade != by_bands:
            out("grade-mismatch", f"填报等级“{printed_grade}”与填报总分 {fmt2(printed)} 按等级划分应为“{by_bands}”不符"
                "（单位自评表原样读取，为警告）",
                sheet_name("selfeval", "info"), cells.get("printed_grade"), value=printed_grade, expected=by_bands)
