"""What the rule modules share: parameter parsing, actual values, rates and 扣分明细.

Rounding decisions (where the reports round):
* a rate a rule computes or judges (完成率, a share, a questionnaire rate, a rate actual held
  against thresholds) is rounded to 4 decimals as a fraction (a 2-decimal percent) before it
  is scored, so a rate is scored as it is shown; ``率小数位`` changes the 4 (it counts the
  decimals of the fraction);
* the score is rounded once, at the end, by ``finish`` (2 decimals unless ``得分小数位``);
  intermediate products (per-element values such as 2/3, per-point deductions) are never
  rounded, so 2 − 2/3 gives 1.33 and (0.9474 − 0.6)/0.4 × 10 = 8.685 gives 8.69;
* 扣分明细 lines are rounded cumulatively so that they add up to exactly 分值 − 得分: line i
  gets q(Σ₁..ᵢ) − q(Σ₁..ᵢ₋₁) with q the half-up rounding. Where the raw score left [0, 分值]
  an explicit line says so (扣完为止 / capped), and the half-up asymmetry (q(w − x) ≠ w − q(x)
  on a tie) is absorbed by the last line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import (
    D,
    NumberParseError,
    fmt_pct,
    parse_decimal,
    parse_fraction,
    parse_points,
    parse_rate,
    quantize,
)
from xlkit.read.targets import (
    Actual,
    Target,
    UnitMismatchError,
    convert,
    normalise,
    parse_actual,
    parse_target,
)
from xlkit.rules.base import Deduction, Finding, Param, Rule, RuleInput, RuleResult, clamp, finish, places

T = TypeVar("T")
Item = tuple[str, Decimal, "str | None"]

YES = frozenset({"是", "yes", "y", "true", "1", "对", "有"})
NO = frozenset({"否", "no", "n", "false", "0", "无"})


def pct(rate: Decimal | None) -> str:
    return fmt_pct(rate)


def show(value: Decimal) -> str:
    """A value of unknown kind for a reason text: small values read as rates (0.95 → 95.00%)."""
    return pct(value) if abs(value) <= 2 else num(value)


def num(value: Decimal) -> str:
    """A number for a reason text: 2 decimals, or more when they matter (0.852)."""
    v = D(value).normalize()
    exp = v.as_tuple().exponent
    return f"{v:.{max(2, -exp if isinstance(exp, int) else 2)}f}"


def rate_places(params: Mapping[str, str]) -> int:
    return places(params, "率小数位", "rate_places", 4)


def round_rate(value: Decimal, params: Mapping[str, str]) -> Decimal:
    return quantize(value, rate_places(params))


# ---- parameters -------------------------------------------------------------------------

def as_rate(raw: str, key: str) -> Decimal:
    """A rate parameter: "95%", "33.33%", "0.95", "95" (a bare number above 2 is percentage points) or a
    fraction "1/3" (kept unrounded: 1/3 of the weight is 1/3, not 33.33 %)."""
    try:
        share = parse_fraction(raw)
        return share if share is not None else parse_rate(raw)
    except (NumberParseError, ValueError):
        raise RuleConfigError(f"参数“{key}”应为百分数（如 10%、33.33%）或分数（如 1/3），实际为“{raw}”") from None


@dataclass(frozen=True)
class Points:
    """A points parameter in its one reading (numbers.parse_points): a bare number is points
    (0.20 = 0.20 分); a percent or a fraction is a share of the indicator's 分值 (10%, 1/3)."""

    points: Decimal | None
    share: Decimal | None
    raw: str

    def of(self, weight: Decimal) -> Decimal:
        """The points this amounts to for an indicator of ``weight`` (a share is not rounded here)."""
        return self.points if self.points is not None else D(self.share) * D(weight)

    @property
    def negative(self) -> bool:
        return (self.points if self.points is not None else D(self.share)) < 0

    def text(self, weight: Decimal) -> str:
        """"0.20" for points; "分值的1/3（0.67）" for a share, as a reason line says it."""
        if self.points is not None:
            return num(self.points)
        return f"分值的{self.raw}（{num(quantize(self.of(weight), 2))}）"


def as_points(raw: str, key: str) -> Points:
    """A points parameter (每项扣分, 每点扣分, 基数, 得分): "0.20", "10%" or "1/3" of the 分值."""
    try:
        pts, share = parse_points(raw)
    except ValueError:
        raise RuleConfigError(f"参数“{key}”应为分数（如 0.20）或分值的比例（如 10%、1/3），实际为“{raw}”") from None
    if pts is None and share is None:
        raise RuleConfigError(f"参数“{key}”为空")
    return Points(pts, share, normalise(raw))


def as_number(raw: str, key: str) -> Decimal:
    try:
        return parse_decimal(raw)
    except (NumberParseError, ValueError):
        raise RuleConfigError(f"参数“{key}”应为数字，实际为“{raw}”") from None


def as_level(raw: str, key: str) -> Decimal:
    """A threshold that may be a rate or a count: "90%" → 0.90, "24小时" → 24, "28" → 28."""
    try:
        a = parse_actual(raw)
    except ValueError:
        a = None
    if a is None or a.value is None or a.exceeds:
        raise RuleConfigError(f"参数“{key}”应为数值，实际为“{raw}”")
    return a.value


def as_yes_no(raw: str, key: str) -> bool:
    s = normalise(raw).lower()
    if s in YES:
        return True
    if s in NO:
        return False
    raise RuleConfigError(f"参数“{key}”应为“是”或“否”，实际为“{raw}”")


def as_choice(raw: str, key: str, choices: Sequence[str]) -> str:
    s = normalise(raw)
    if s not in choices:
        raise RuleConfigError(f"参数“{key}”应为{'、'.join(f'“{c}”' for c in choices)}之一，实际为“{raw}”")
    return s


def split_list(raw: str) -> list[str]:
    """Comma-separated lists: "1,2" / "1，2" / "1、2" / "1|2"."""
    s = raw.replace("，", ",").replace("、", ",").replace("|", ",").replace("｜", ",")
    return [part.strip() for part in s.split(",") if part.strip()]


class RuleBase(Rule):
    """Adds typed parameter access and value checks to ``Rule.check``.

    Subclasses implement ``validate(params)`` by reading every parameter through ``self.get``
    (which raises RuleConfigError); ``check`` collects those errors as problems instead.
    """

    def check(self, params: Mapping[str, str]) -> list[str]:
        problems = super().check(params)
        for key, alias in (("率小数位", "rate_places"), ("得分小数位", "score_places")):
            try:
                places(params, key, alias, 0)
            except RuleConfigError as exc:
                problems.append(str(exc))
        try:
            found = self.validate(params)
        except RuleConfigError as exc:
            found = [str(exc)]
        problems.extend(p for p in found if p not in problems)
        return problems

    def validate(self, params: Mapping[str, str]) -> list[str]:
        """Problems with the values (parse errors may be raised); [] when usable."""
        return []

    def get(self, params: Mapping[str, str], key: str, parse: Callable[[str, str], T]) -> T | None:
        raw = self.value(params, key)
        return None if raw is None else parse(raw, key)

    def need(self, params: Mapping[str, str], key: str, parse: Callable[[str, str], T]) -> T:
        got = self.get(params, key, parse)
        if got is None:
            raise RuleConfigError(f"规则“{self.name}”缺少参数“{key}”")
        return got


# ---- actual values and targets ---------------------------------------------------------

def _missing(inp: RuleInput) -> bool:
    return inp.actual is None or (isinstance(inp.actual, str) and not inp.actual.strip())


def actual_of(inp: RuleInput) -> Actual:
    if _missing(inp):
        raise RuleConfigError("缺少实际完成值", "actual-missing")
    try:
        return parse_actual(inp.actual)
    except ValueError as exc:
        raise RuleConfigError(f"实际完成值“{inp.actual}”无法识别：{exc}", "actual-invalid") from None


def actual_rate(inp: RuleInput, value: object = None) -> Decimal:
    """The actual as a rate fraction (Decimal as given; text "95.31%", "0.9531", "95.31")."""
    raw = inp.actual if value is None else value
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise RuleConfigError("缺少实际完成值", "actual-missing")
    if isinstance(raw, (Decimal, int, float)) and not isinstance(raw, bool):
        return D(raw)
    try:
        return parse_rate(raw)
    except (NumberParseError, ValueError, TypeError):
        pass
    try:  # "100%（信访9件，全部按期办结）", "9/9（100%）": the value before its explanation
        a = parse_actual(raw)
    except ValueError:
        a = None
    if a is not None and a.value is not None and a.unit in (None, "%") and not a.exceeds:
        return a.value if a.unit == "%" else parse_rate(a.value)
    raise RuleConfigError(f"实际完成值“{raw}”不是百分数", "actual-invalid") from None


def actual_number(inp: RuleInput) -> Decimal:
    """The actual as a number (rates as fractions, counts as counts)."""
    a = actual_of(inp)
    if a.value is None:
        raise RuleConfigError(f"实际完成值“{inp.actual}”不是数值", "actual-invalid")
    return a.value


def target_of(inp: RuleInput) -> Target:
    if inp.target is None or not str(inp.target).strip():
        raise RuleConfigError("缺少目标值", "target-missing")
    return parse_target(inp.target)


def in_target_unit(actual: Actual, target: Target) -> Decimal:
    if actual.value is None:
        raise RuleConfigError(f"实际完成值“{actual.raw}”不是数值", "actual-invalid")
    try:
        return convert(actual.value, actual.unit, target.unit)
    except UnitMismatchError as exc:
        raise RuleConfigError(str(exc), "actual-incomparable") from None


DIRECTIONS = ("自动", "正向", "反向")
DIRECTION_PARAM = Param("方向", "direction",
                        "完成率方向：自动（≥、＝ 用 实际/目标，≤、＜ 用 目标/实际）、正向（总用 实际/目标）、反向（总用 目标/实际）",
                        default="自动", example="正向")


def direction(inp: RuleInput) -> str:
    """002 C#7 scored a ≤ cost indicator as 实际/目标: 正向 states that choice explicitly."""
    raw = inp.params.get("方向") or inp.params.get("direction") or "自动"
    return as_choice(str(raw), "方向", DIRECTIONS)


def completion_rate(inp: RuleInput, target: Target) -> tuple[Decimal, list[str]]:
    """完成率 against a numeric target, rounded to the rate places, with notes.

    ≥, > and = divide actual by target; ≤ and < divide target by actual (lower is better);
    a range scores 100 % inside and bound/actual outside. A zero denominator means the
    target cannot be missed that way (target 0 for ≥, actual 0 for ≤): 100 % with a note.
    """
    if target.op == "qualitative" or target.date is not None or target.value is None:
        raise RuleConfigError(f"目标值“{target.raw}”不是数值，不能计算完成率", "target-invalid")
    a = in_target_unit(actual_of(inp), target)
    notes: list[str] = []
    if target.op == "range":
        lo, hi = target.value, target.upper
        assert hi is not None
        if a < lo:
            num_, den = a, lo
        elif a > hi:
            num_, den = hi, a
        else:
            return Decimal(1), notes
    elif direction(inp) == "正向" or (direction(inp) == "自动" and target.op not in ("<=", "<")):
        num_, den = a, target.value
    else:
        num_, den = target.value, a
    if den == 0:
        notes.append("完成率分母为 0，视为完成")
        return Decimal(1), notes
    rate = round_rate(num_ / den, inp.params)
    if rate < 0:
        raise RuleConfigError(f"完成率为负（{pct(rate)}），请检查目标值与实际完成值", "actual-invalid")
    return rate, notes


# ---- findings --------------------------------------------------------------------------

def finding_points(f: Finding, weight: Decimal, per_item: Decimal | None, rule_name: str) -> Decimal:
    """A finding's deduction: its points, its share of the weight, or the per-item amount."""
    if f.points is not None:
        pts = D(f.points)
    elif f.share is not None:
        pts = D(f.share) * weight
    elif per_item is not None:
        pts = per_item
    else:
        raise RuleConfigError(f"扣分事项“{f.reason}”未写扣分，规则“{rule_name}”也未设参数“每项扣分”", "deduction-invalid")
    if pts < 0:
        raise RuleConfigError(f"扣分事项“{f.reason}”的扣分为负数", "deduction-invalid")
    return pts


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def element_index(label: object) -> int:
    """①, "1", "第1项", "3." → 1-based element number; RuleConfigError otherwise."""
    s = normalise(label)
    for ch in s:
        if ch in _CIRCLED:
            return _CIRCLED.index(ch) + 1
    digits = "".join(ch for ch in s if ch.isdigit())
    stripped = s.strip("第项条要点评价.、()（）")
    if digits and stripped == digits:
        return int(digits)
    raise RuleConfigError(f"评价要点“{label}”无法识别，应写成 ①、1 或 第1项", "element-out-of-range")


# ---- results ---------------------------------------------------------------------------

def settle(weight: Decimal, raw: Decimal, score: Decimal, items: Iterable[Item], score_places: int,
           floor_reason: str = "扣完为止：扣分合计超过可扣分值，超出部分不计") -> list[Deduction]:
    """Deduction lines adding up to exactly 分值 − 得分 (module docstring).

    ``items`` are (reason, raw points, evidence) whose raw points add up to 分值 − raw.
    """
    entries = [(r, D(p), e) for r, p, e in items]
    adj = raw - clamp(raw, weight)
    if adj < 0:
        entries.append((floor_reason, adj, None))
    elif adj > 0:
        entries.append(("得分以分值为限，超出部分不计", adj, None))
    lines: list[Deduction] = []
    cum_raw = cum_q = Decimal(0)
    for reason, pts, ev in entries:
        cum_raw += pts
        q = quantize(cum_raw, score_places)
        lines.append(Deduction(reason, q - cum_q, ev))
        cum_q = q
    gap = (weight - score) - cum_q
    if gap and lines:
        last = lines[-1]
        lines[-1] = replace(last, points=last.points + gap)
    elif gap:  # pragma: no cover - a gap needs a raw score below the weight, hence an item
        lines.append(Deduction("舍入差", gap))
    return lines


def conclude(inp: RuleInput, raw: Decimal, items: Iterable[Item] = (), *, completion: Decimal | None = None,
             notes: Iterable[str] = (), veto_all: bool = False, floor_reason: str | None = None) -> RuleResult:
    """``finish`` plus 扣分明细 that explain 分值 − 得分 exactly."""
    weight = D(inp.weight)
    res = finish(raw, weight, inp.params, completion=completion, notes=list(notes), veto_all=veto_all)
    sp = places(inp.params, "得分小数位", "score_places", 2)
    kw = {"floor_reason": floor_reason} if floor_reason else {}
    res.deductions = settle(weight, D(raw), res.score, items, sp, **kw)
    return res


def single(reason: str, weight: Decimal, raw: Decimal) -> list[Item]:
    """One line for everything lost (linear, tiers, all-or-nothing rules)."""
    lost = D(weight) - D(raw)
    return [(reason, lost, None)] if lost != 0 else []


def inner_params(params: Mapping[str, str], own: Rule) -> dict[str, str]:
    """A wrapper's parameters minus its own keys: what the inner rule receives."""
    mine = {p.key for p in own.params} | {p.alias for p in own.params}
    return {k: v for k, v in params.items() if k not in mine}


class WrapperBase(RuleBase):
    """A rule around another (低分归零, 问卷折算, 一票否决): own keys + the inner rule's keys."""

    inner_default: str | None = None

    def own(self, params: Mapping[str, str]) -> dict[str, str]:
        mine = {p.key for p in self.params} | {p.alias for p in self.params}
        return {k: v for k, v in params.items() if k in mine}

    def inner(self, params: Mapping[str, str]) -> Rule:
        from xlkit.rules.base import rule_by_name

        name = self.value(params, "内层规则") or self.inner_default
        if name is None:
            raise RuleConfigError(f"规则“{self.name}”缺少参数“内层规则”")
        rule = rule_by_name(name)
        if rule is self:
            raise RuleConfigError(f"规则“{self.name}”不能包裹自身")
        return rule

    def check(self, params: Mapping[str, str]) -> list[str]:
        problems = RuleBase.check(self, self.own(params))
        try:
            rule = self.inner(params)
        except RuleConfigError as exc:
            if str(exc) not in problems:
                problems.append(str(exc))
            return problems
        problems.extend(p for p in rule.check(inner_params(params, self)) if p not in problems)
        return problems

    def item_points(self, params: Mapping[str, str], weight: Decimal) -> Decimal | None:
        try:
            return self.inner(params).item_points(inner_params(params, self), weight)
        except RuleConfigError:
            return None

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        try:
            return self.inner(params).ignored_findings(inner_params(params, self), findings)
        except RuleConfigError:
            return []  # reported as rule-params

    def run_inner(self, inp: RuleInput, **changes: Any) -> RuleResult:  # changes: RuleInput fields
        rule = self.inner(inp.params)
        sub = replace(inp, params=inner_params(inp.params, self), **changes)
        return rule.apply(sub)
