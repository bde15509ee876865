"""条件全满足 — a conjunction of conditions over named measures and yes/no flags.

Catalogue type 14: a conjunction of conditions over named inputs and yes/no flags, including
prior-year data (支出 ≤ 预算 AND 预算 ≤ 上年预算). Written
``决算数<=全年预算数 且 全年预算数<=上年预算数``; operands are names looked up in the measures,
numbers (95%, 12万元) or 是/否; a lone name means "is 是". Conditions are joined by 且, & or
和 (和 only splits where both sides are comparisons, so a name such as 预决算和公开 survives).
计分=全部 (default): all or nothing; 按条: each condition met earns 分值/N.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.read.targets import normalise, parse_actual
from xlkit.rules._common import NO, YES, RuleBase, as_choice, conclude, round_rate, single
from xlkit.rules.base import Param, RuleInput, RuleResult, register

_OP = re.compile(r"(<=|>=|!=|<>|<|>|=)")


@dataclass(frozen=True)
class Condition:
    left: str
    op: str | None  # None: a lone flag that must be 是
    right: str | None
    text: str


def _has_op(text: str) -> bool:
    return bool(_OP.search(text))


def parse_conditions(raw: str, key: str = "条件") -> list[Condition]:
    s = normalise(raw).replace("≠", "!=")
    parts: list[str] = []
    for chunk in re.split(r"且|并且|&&|&|＆|;", s):
        pieces = chunk.split("和")
        parts.extend(pieces if len(pieces) > 1 and all(_has_op(p) for p in pieces) else [chunk])
    conditions = []
    for part in filter(None, parts):
        bits = _OP.split(part)
        if len(bits) == 1:
            conditions.append(Condition(part, None, None, part))
        elif len(bits) == 3 and bits[0] and bits[2]:
            op = "!=" if bits[1] == "<>" else bits[1]
            conditions.append(Condition(bits[0], op, bits[2], part))
        else:
            raise RuleConfigError(f"条件“{part}”应写成“甲<=乙”")
    if not conditions:
        raise RuleConfigError(f"参数“{key}”为空")
    return conditions


def _flag(value: object) -> bool | None:
    s = normalise(value).lower()
    return True if s in YES else False if s in NO else None


def _typed(value: object, name: str) -> tuple[str, object]:
    """("num", Decimal) or ("flag", bool); numbers win over 1/0 read as yes/no."""
    if isinstance(value, bool):
        return "flag", value
    if isinstance(value, (Decimal, int, float)):
        return "num", D(value)
    try:
        a = parse_actual(value)
    except ValueError:
        a = None
    if a is not None and a.value is not None and not a.exceeds:
        return "num", a.value
    flag = _flag(value)
    if flag is not None:
        return "flag", flag
    raise RuleConfigError(f"“{name}”的值“{value}”既不是数值也不是是/否")


def _operand(text: str, measures: Mapping[str, object]) -> tuple[str, object]:
    if text in measures:
        value = measures[text]
        if value is None or (isinstance(value, str) and not value.strip()):
            raise RuleConfigError(f"条件中的“{text}”没有值", "measure-not-applicable")
        return _typed(value, text)
    try:
        return _typed(text, text)
    except RuleConfigError:
        raise RuleConfigError(f"条件中的“{text}”不是测算项、其他数据的名称或指标编码", "condition-unknown") from None


def is_literal(text: str) -> bool:
    """A number (95%, 12万元, 9/9) or 是/否 written in the condition itself, not a name."""
    try:
        _typed(text, text)
    except RuleConfigError:
        return False
    return True


def names_in(conditions: list[Condition]) -> list[str]:
    """The operands of ``conditions`` that are names (to look up), in order, once each."""
    found: dict[str, None] = {}
    for c in conditions:
        for side in (c.left, c.right):
            if side is not None and not is_literal(side):
                found[side] = None
    return list(found)


def evaluate(c: Condition, measures: Mapping[str, object]) -> bool:
    lk, left = _operand(c.left, measures)
    if c.op is None:
        if lk != "flag":
            raise RuleConfigError(f"条件“{c.text}”：单独的名称应为是/否")
        return bool(left)
    rk, right = _operand(c.right, measures)  # type: ignore[arg-type]
    if lk != rk:
        raise RuleConfigError(f"条件“{c.text}”：不能把是/否与数值比较")
    if lk == "flag":
        if c.op not in ("=", "!="):
            raise RuleConfigError(f"条件“{c.text}”：是/否只能用 = 或 != 比较")
        return (left == right) if c.op == "=" else (left != right)
    a, b = left, right
    return {"<=": a <= b, ">=": a >= b, "<": a < b, ">": a > b, "=": a == b, "!=": a != b}[c.op]  # type: ignore[operator]


@register
class ConditionsRule(RuleBase):
    id = "conditions"
    name = "条件全满足"
    summary = "若干条件（测算项之间或与数值、是/否比较）同时满足得满分；也可按满足的条数计分。"
    params = (
        Param("条件", "conditions", "用“且”连接的比较式；名称为测算项、“其他数据”表的名称（上年值写“上年名称”）或指标编码"
              "（引用其实际完成值）", required=True,
              example="决算数<=全年预算数 且 全年预算数<=上年预算数"),
        Param("计分", "mode", "全部：全部满足才得分；按条：每条得分值的 1/N", default="全部", example="按条"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "条件", parse_conditions)
        self.need(params, "计分", lambda raw, key: as_choice(raw, key, ("全部", "按条")))
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        conditions = self.need(inp.params, "条件", parse_conditions)
        mode = self.need(inp.params, "计分", lambda raw, key: as_choice(raw, key, ("全部", "按条")))
        failed = [c for c in conditions if not evaluate(c, inp.measures)]
        n = len(conditions)
        completion = round_rate(D(n - len(failed)) / n, inp.params)
        if mode == "按条":
            each = weight / n
            items = [(f"条件“{c.text}”不满足", each, None) for c in failed]
            return conclude(inp, weight - each * len(failed), items, completion=completion)
        raw = D(0) if failed else weight
        reason = "条件不满足：" + "；".join(f"“{c.text}”" for c in failed)
        return conclude(inp, raw, single(reason, weight, raw), completion=completion)
