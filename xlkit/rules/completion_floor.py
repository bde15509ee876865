"""完成率折算 — 完成率 = 实际/目标; full if met, else linear above a floor (60 %).

000 附件1 C11–C16: "实际完成率=实际完成值/标杆值×100.00%。实际完成率符合预期指标值得满分；预期指标未完成，
且实际完成率大于 60.00%的，按超过的比重赋分，计算公式为：得分=（实际完成率-60.00%）/（1-60.00%）×指标分值；
完成率小于 60.00%为不及格，不得分。"
goldens 000 G26: actual 90.00 % vs ≥95.00 % → 0.9474 (rounded first) → 8.685 → 8.69.
Lower-is-better targets (≤, <) use 目标/实际. "Met" means 完成率 ≥ 100 %; an explicit "=" target
is read like "≥" here (over-completion is never penalised by this rule; see 自评折算 for that).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import ONE, D
from xlkit.rules._common import RuleBase, as_rate, completion_rate, conclude, pct, single, target_of
from xlkit.rules.base import Param, RuleInput, RuleResult, register


def floor_of(rule: RuleBase, params: Mapping[str, str]):
    floor = rule.need(params, "起点", as_rate)
    if not 0 <= floor < 1:
        raise RuleConfigError("参数“起点”应不小于 0% 且小于 100%")
    return floor


@register
class CompletionFloorRule(RuleBase):
    id = "completion_floor"
    name = "完成率折算"
    summary = "完成率=实际/目标；达标得满分，否则（完成率−起点）/（1−起点）×分值，低于起点不得分。"
    params = (Param("起点", "floor", "完成率低于此值不得分", default="60%", example="60%"),)

    def validate(self, params: Mapping[str, str]) -> list[str]:
        floor_of(self, params)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        floor = floor_of(self, inp.params)
        weight = D(inp.weight)
        rate, notes = completion_rate(inp, target_of(inp))
        if rate >= ONE:
            raw, reason = weight, ""
        elif rate <= floor:
            raw, reason = D(0), f"完成率 {pct(rate)} 未超过起点 {pct(floor)}，不得分"
        else:
            raw = (rate - floor) / (ONE - floor) * weight
            reason = f"完成率 {pct(rate)} 未达目标，按（完成率−{pct(floor)}）/（1−{pct(floor)}）×分值计分"
        return conclude(inp, raw, single(reason, weight, raw), completion=rate, notes=notes)
