"""自评折算 — the 自评表's 按照完成比例赋分 as 003's unit applied it.

003 附件7 项目单位自评表 (rule reverse-engineered, reproduces all four cells): r ≤ 1: 权重 × max(0, (r − 60%)/40%);
r > 1: 权重 × (2 − r) (10 × (2 − 1.0989) = 9.01 for "≥91%" met at 100 %). 超额=满分 (default)
gives full marks above 100 % instead; 超额=倒扣 is 003's unit. Lower-is-better targets invert the
ratio. r is rounded to 4 places first (109.89 %).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import ONE, D
from xlkit.rules._common import (
    DIRECTION_PARAM,
    RuleBase,
    as_choice,
    completion_rate,
    conclude,
    direction,
    pct,
    single,
    target_of,
)
from xlkit.rules.base import Param, RuleInput, RuleResult, register
from xlkit.rules.completion_floor import floor_of


def _over(raw: str, key: str) -> str:
    return as_choice(raw, key, ("满分", "倒扣"))


@register
class SelfEvalRule(RuleBase):
    id = "self_eval"
    name = "自评折算"
    summary = "完成率 r=实际/目标；r≤1 得分=分值×(r−起点)/(1−起点)；r>1 得满分或按分值×(2−r) 倒扣。"
    params = (
        Param("起点", "floor", "完成率低于此值不得分", default="60%", example="60%"),
        Param("超额", "over", "完成率超过 100% 时：满分，或倒扣（分值×(2−完成率)）", default="满分", example="倒扣"),
        DIRECTION_PARAM,
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        floor_of(self, params)
        self.need(params, "超额", _over)
        direction(RuleInput(weight=D(0), params=params))
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        floor = floor_of(self, inp.params)
        over = self.need(inp.params, "超额", _over)
        r, notes = completion_rate(inp, target_of(inp))
        if r > ONE and over == "倒扣":
            raw = max(D(0), weight * (2 - r))
            reason = f"完成率 {pct(r)} 超过 100%，按分值×（2−完成率）倒扣"
        elif r >= ONE:
            raw, reason = weight, ""
        else:
            raw = weight * max(D(0), (r - floor) / (ONE - floor))
            reason = f"完成率 {pct(r)}，按分值×（完成率−{pct(floor)}）/（1−{pct(floor)}）计分"
        return conclude(inp, raw, single(reason, weight, raw), completion=r, notes=notes)
