"""开区间达标 — all or nothing inside a strict open band.

Catalogue type 11: a strict open band, all or nothing (50 % < x < 100 %). Both edges are
excluded: x = 下限 or x = 上限 scores 0. One bound may be left out (x > 下限 only).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import D
from xlkit.rules._common import RuleBase, actual_number, as_level, conclude, round_rate, show, single
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@register
class OpenBandRule(RuleBase):
    id = "open_band"
    name = "开区间达标"
    summary = "实际值严格介于下限与上限之间（不含端点）得满分，否则不得分。"
    params = (
        Param("下限", "lower", "须大于此值", example="50%"),
        Param("上限", "upper", "须小于此值", example="100%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        lo = self.get(params, "下限", as_level)
        hi = self.get(params, "上限", as_level)
        if lo is None and hi is None:
            return ["参数“下限”与“上限”至少填一个"]
        if lo is not None and hi is not None and lo >= hi:
            return ["参数“下限”应小于“上限”"]
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        lo = self.get(inp.params, "下限", as_level)
        hi = self.get(inp.params, "上限", as_level)
        x = round_rate(actual_number(inp), inp.params)
        inside = (lo is None or x > lo) and (hi is None or x < hi)
        raw = weight if inside else D(0)
        band = f"（{show(lo) if lo is not None else '−∞'}，{show(hi) if hi is not None else '+∞'}）"
        reason = f"实际值 {show(x)} 不在开区间{band}内，不得分"
        return conclude(inp, raw, single(reason, weight, raw), completion=x)
