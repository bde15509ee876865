"""低分归零 — wraps another rule; a score below 归零比例 × 分值 becomes 0.

Catalogue type 15, score floor cut: wraps another rule; a score below P % of the weight
becomes 0. The inner rule's score (rounded) is compared; exactly at the cut it stands.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.rules._common import WrapperBase, as_rate, conclude, num, pct
from xlkit.rules.base import Param, RuleInput, RuleResult, register


def _cut(raw: str, key: str):
    cut = as_rate(raw, key)
    if not 0 <= cut <= 1:
        raise RuleConfigError(f"参数“{key}”应在 0% 到 100% 之间")
    return cut


@register
class FloorCutRule(WrapperBase):
    id = "floor_cut"
    name = "低分归零"
    summary = "按内层规则计分，得分低于分值的一定比例时记 0 分。"
    params = (
        Param("内层规则", "inner", "实际计分的规则名称", required=True, example="区间线性"),
        Param("归零比例", "cut", "得分低于分值的此比例时归零", required=True, example="60%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "归零比例", _cut)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        cut = self.need(inp.params, "归零比例", _cut)
        res = self.run_inner(inp)
        line = weight * cut
        if res.score >= line:
            return res
        items = [(d.reason, d.points, d.evidence) for d in res.deductions]
        items.append((f"得分 {num(res.score)} 低于分值的 {pct(cut)}（{num(line)} 分），归零", res.score, None))
        return conclude(inp, D(0), items, completion=res.completion, notes=res.notes, veto_all=res.veto_all)
