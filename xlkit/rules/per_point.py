"""每降一点扣分 — "每降低1%扣5%的权重", measured from the target, continuous in fractional points.

003 附件1 资金到位率: "资金到位率达100%得满分,每降低1%扣5%的权重,扣完为止。"; 政策知晓率 (target ≥80 %)
and 满意度 (target ≥95 %): "每降低 1%扣 5%的权重。" The reference is the target, not 100 %:
goldens 003 G11: 77.87 % vs 80 %, 分值 8 → 2.13 points × 5 % × 8 = 0.852 → 7.15.
Optional 零分线: strictly below it the score is 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import HUNDRED, D
from xlkit.read.targets import parse_target
from xlkit.rules._common import (
    RuleBase,
    actual_rate,
    as_points,
    as_rate,
    conclude,
    num,
    pct,
    round_rate,
    single,
)
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@register
class PerPointRule(RuleBase):
    id = "per_point"
    name = "每降一点扣分"
    summary = "低于基准（默认目标值）每 1 个百分点扣分值的一定比例或固定分数，按小数点数连续计算，扣完为止。"
    params = (
        Param("每点扣比例", "share_per_point", "每低 1 个百分点扣分值的比例", example="5%"),
        Param("每点扣分", "points_per_point", "每低 1 个百分点扣的分数（0.10），或分值的比例（5%，同“每点扣比例”）",
              example="0.10"),
        Param("基准", "reference", "从哪一点开始扣（默认目标值）", example="80%"),
        Param("零分线", "zero_at", "低于此值得 0 分", example="60%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        share = self.get(params, "每点扣比例", as_rate)
        pts_given = self.get(params, "每点扣分", as_points)
        pts = None if pts_given is None else (Decimal(-1) if pts_given.negative else Decimal(0))
        self.get(params, "基准", as_rate)
        self.get(params, "零分线", as_rate)
        if (share is None) == (pts is None):
            return ["参数“每点扣比例”与“每点扣分”应填且只填一个"]
        if (share if share is not None else pts) < 0:  # type: ignore[operator]
            return ["每点扣分不能为负数"]
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        share = self.get(inp.params, "每点扣比例", as_rate)
        given = self.get(inp.params, "每点扣分", as_points)
        per = share * weight if share is not None else (None if given is None else given.of(weight))
        if per is None:
            raise RuleConfigError("参数“每点扣比例”与“每点扣分”应填且只填一个")
        ref = self.get(inp.params, "基准", as_rate)
        lower_better = False
        if inp.target is not None and str(inp.target).strip():
            t = parse_target(inp.target)
            lower_better = t.higher_is_better is False
            if ref is None and t.unit == "%" and t.value is not None and t.op != "range":
                ref = t.value
        if ref is None:
            raise RuleConfigError("缺少基准：目标值不是百分数时请填写参数“基准”")
        r = round_rate(actual_rate(inp), inp.params)
        zero = self.get(inp.params, "零分线", as_rate)
        gap: Decimal = (r - ref) if lower_better else (ref - r)
        points = max(D(0), gap) * HUNDRED
        if zero is not None and (r > zero if lower_better else r < zero):
            raw = D(0)
            reason = f"实际值 {pct(r)} 超出零分线 {pct(zero)}，不得分"
        else:
            raw = weight - points * per
            side = "高于" if lower_better else "低于"
            reason = f"实际值 {pct(r)} {side}基准 {pct(ref)} 共 {num(points)} 个百分点，每点扣 {num(per)} 分"
        return conclude(inp, raw, single(reason, weight, raw), completion=r)
