"""门槛 — one side of a threshold scores 0, the other full.

Catalogue type 12: below (or at/above) a threshold scores 0, otherwise full; 000 附件1
C11: "完成率小于 60.00%为不及格，不得分". 零分侧 names the zero side and fixes the edge:
低于 (x < 阈值 → 0; at the threshold full), 不低于 (x ≥ 阈值 → 0), 高于 (x > 阈值 → 0; at the
threshold full), 不高于 (x ≤ 阈值 → 0).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import D
from xlkit.rules._common import (
    RuleBase,
    actual_number,
    as_choice,
    as_level,
    conclude,
    round_rate,
    show,
    single,
)
from xlkit.rules.base import Param, RuleInput, RuleResult, register

SIDES = ("低于", "不低于", "高于", "不高于")


def _side(raw: str, key: str) -> str:
    return as_choice(raw, key, SIDES)


@register
class CliffRule(RuleBase):
    id = "cliff"
    name = "门槛"
    summary = "实际值落在阈值的零分一侧不得分，否则得满分。"
    params = (
        Param("阈值", "threshold", "门槛值", required=True, example="60%"),
        Param("零分侧", "zero_side", "哪一侧得 0 分：低于、不低于、高于、不高于", default="低于", example="低于"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "阈值", as_level)
        self.need(params, "零分侧", _side)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        t = self.need(inp.params, "阈值", as_level)
        side = self.need(inp.params, "零分侧", _side)
        x = round_rate(actual_number(inp), inp.params)
        zero = {"低于": x < t, "不低于": x >= t, "高于": x > t, "不高于": x <= t}[side]
        raw = D(0) if zero else weight
        reason = f"实际值 {show(x)} {side}阈值 {show(t)}，不得分"
        return conclude(inp, raw, single(reason, weight, raw), completion=x)
