"""区间线性 — full at or beyond 满分线, 0 at or beyond 零分线, straight line between.

000 附件1 B21: "预算执行率大于或等于 95.00%得满分；小于或等于 85.00%，得 0.00分；85.00%-95.00%之间的，
用公式计算，得分=（部门单位预算执行率-85.00%）/（95.00%-85.00%）×该指标分值，扣完为止。" (also B42);
C21: "得分=（实际完成率-60.00%）/（90.00%-60.00%）×指标分值".
When 满分线 < 零分线 the indicator is lower-is-better and the line runs the other way.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import D
from xlkit.rules._common import RuleBase, actual_rate, as_rate, conclude, pct, round_rate, single
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@register
class LinearRule(RuleBase):
    id = "linear"
    name = "区间线性"
    summary = "达到满分线得满分，达到零分线得 0 分，其间按线性插值计分。"
    params = (
        Param("满分线", "full_at", "达到此值得满分", required=True, example="95%"),
        Param("零分线", "zero_at", "达到此值得 0 分（满分线低于零分线时为越低越好）", required=True, example="85%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        full = self.need(params, "满分线", as_rate)
        zero = self.need(params, "零分线", as_rate)
        return ["参数“满分线”与“零分线”不能相同"] if full == zero else []

    def apply(self, inp: RuleInput) -> RuleResult:
        full = self.need(inp.params, "满分线", as_rate)
        zero = self.need(inp.params, "零分线", as_rate)
        weight = D(inp.weight)
        r = round_rate(actual_rate(inp), inp.params)
        share = (r - zero) / (full - zero)  # works both ways: the sign of the span flips
        raw = weight * max(D(0), min(D(1), share))
        if share >= 1:
            reason = ""
        elif share <= 0:
            reason = f"实际值 {pct(r)} 未超过零分线 {pct(zero)}，不得分"
        else:
            reason = f"实际值 {pct(r)} 介于零分线 {pct(zero)} 与满分线 {pct(full)} 之间，按（实际−零分线）/（满分线−零分线）×分值计分"
        return conclude(inp, raw, single(reason, weight, raw), completion=r)
