"""The standard systems (templates/systems): the score a rule gives for the typed target and actual value."""

from __future__ import annotations

from decimal import Decimal

from xlkit.audit.grid import norm
from xlkit.audit.model import Out
from xlkit.audit.score_table import IndicatorRow, ScoreTable
from xlkit.errors import XlkitError
from xlkit.read.numbers import fmt2

# Rules whose result needs the evaluator's findings (deduction lists, failed elements): their typed
# deductions are checked against the rule's item size instead.
_FINDING_RULES = frozenset({"扣分制", "要素均分", "要素分项计分", "酌情扣分", "多条件", "阶段目标"})


class System:
    """A standard indicator system (templates/systems) matched to a typed table by names and codes."""

    def __init__(self, kind: str, indicators: tuple[dict[str, str], ...]):
        self.kind = kind
        self.by_name = {norm(i.get("name")): i for i in indicators}
        self.by_code = {i.get("code"): i for i in indicators}

    def find(self, ind: IndicatorRow) -> dict[str, str] | None:
        return self.by_name.get(norm(ind.name)) or (self.by_code.get(ind.code) if ind.code else None)


def choose_system(st: ScoreTable) -> System | None:
    from xlkit.spec.templates import indicator_systems

    best, hits = None, 0
    for kind, system in indicator_systems().items():
        s = System(kind, system.indicators)
        n = sum(1 for i in st.indicators if norm(i.name) in s.by_name)
        if n > hits:
            best, hits = s, n
    return best if hits >= 3 else None


def _run_rule(spec: dict[str, str], w: Decimal, target: str, actual: str, params_over: dict[str, str] | None = None):
    from xlkit.rules import rule_by_name
    from xlkit.rules.base import RuleInput, parse_params

    rule = rule_by_name(spec.get("rule") or "")
    params = parse_params(spec.get("params"))
    if params_over:
        params.update(params_over)
    inner = params.get("内层规则") if rule.name in ("一票否决", "低分归零", "问卷折算") else None
    if rule.name in _FINDING_RULES or (inner and inner in _FINDING_RULES):
        return None
    from xlkit.read.targets import parse_actual

    value = parse_actual(actual)
    if value is None or getattr(value, "value", None) is None:
        return None
    return rule.score(RuleInput(weight=w, params=params, target=target or spec.get("target"), actual=actual,
                                code=spec.get("code") or "")).score


def check_rule(out: Out, sheet: str, cell: str | None, ind: IndicatorRow, w: Decimal, s: Decimal, system: System) -> None:
    spec = system.find(ind)
    if spec is None or not ind.actual:
        return
    try:
        got = _run_rule(spec, w, ind.target, ind.actual)
    except (XlkitError, ValueError, TypeError, ArithmeticError, KeyError):
        return  # the rule cannot be applied to what is typed (e.g. "超 28项"): nothing to compare
    if got is None:
        return
    basis = f"{spec.get('rule')}（{spec.get('params') or ''}），标准指标体系 {system.kind} {spec.get('code')}"
    if got != s:
        out("rule-result", f"{ind.label}按评分规则，目标值“{ind.target}”、实际完成值“{ind.actual}”应得 {fmt2(got)} 分，"
            f"填报 {fmt2(s)} 分", sheet=sheet, cell=cell, item=f"{ind.label} › 得分", printed=fmt2(s),
            expected=fmt2(got), difference=fmt2(s - got), basis=basis)
        return
    # A rule the report applied in one of two readings (000 B52: whole points or continuous).
    from xlkit.rules.base import parse_params

    params = parse_params(spec.get("params"))
    if params.get("取整") in ("是", "yes"):
        try:
            other = _run_rule(spec, w, ind.target, ind.actual, {"取整": "否"})
        except (XlkitError, ValueError, TypeError, ArithmeticError):
            return
        if other is not None and other != s:
            out("rule-rounding", f"{ind.label}评分标准未写明超出部分按整百分点还是按实际百分点计扣：按整点计得 {fmt2(s)} 分"
                f"（与填报一致），按实际百分点计得 {fmt2(other)} 分；请在评分标准中写明口径", sheet=sheet, cell=cell,
                item=f"{ind.label} › 得分", printed=fmt2(s), expected=f"{fmt2(s)}（整点）或 {fmt2(other)}（连续）",
                difference=fmt2(s - other), basis=f"{ind.standard or basis}")
