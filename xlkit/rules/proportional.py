"""按完成比例 — 得分 = 分值 × 完成率, capped at 分值.

003 附件1 产出数量: "实际完成率=(实际产出数/计划产出数)×100%。" with scores reproduced only by
分值 × 完成率 (G6: 30437/33333 = 91.31 % × 6 = 5.48); 效益 rows from a questionnaire share
(G9: 是 112/122 = 91.80 % × 8 = 7.34). 002 F11: "实际完成值/年度指标值×分值", capped; F10: 10 × 84.85 %.
With no numeric target (or a target of 100 %) the actual is the share itself; lower-is-better
targets use 目标/实际.
"""

from __future__ import annotations

from xlkit.read.numbers import ONE, D
from xlkit.read.targets import parse_target
from xlkit.rules._common import (
    DIRECTION_PARAM,
    RuleBase,
    actual_rate,
    completion_rate,
    conclude,
    direction,
    pct,
    round_rate,
    single,
)
from xlkit.rules.base import RuleInput, RuleResult, register


@register
class ProportionalRule(RuleBase):
    id = "proportional"
    name = "按完成比例"
    summary = "得分=分值×完成率（完成率=实际/目标，越低越好的目标用目标/实际），最高为分值。"
    params = (DIRECTION_PARAM,)

    def validate(self, params):
        direction(RuleInput(weight=D(0), params=params))
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        notes: list[str] = []
        target = None
        if inp.target is not None and str(inp.target).strip():
            target = parse_target(inp.target)
            if target.op == "qualitative" or target.value is None:
                target = None
        if target is None:
            rate = round_rate(actual_rate(inp), inp.params)
            what = "比例"
        else:
            rate, notes = completion_rate(inp, target)
            what = "完成率"
        if rate < 0:
            rate = D(0)
        raw = weight * min(rate, ONE)
        reason = f"{what} {pct(rate)}，得分=分值×{what}"
        return conclude(inp, raw, single(reason, weight, raw), completion=rate, notes=notes)
