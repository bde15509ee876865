"""酌情评分 — a score set by the evaluator, allowed only with a written reason.

Catalogue type 19: a manual score or 酌情 deduction is allowed only with a written reason, shown
in the output (goldens 002 G22: 享受待遇人次 scored 3 where every rule gives 5: a manual score.)
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.rules._common import RuleBase, as_points, conclude, num, single
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@register
class ManualRule(RuleBase):
    id = "manual"
    name = "酌情评分"
    summary = "由评价人员直接给分，必须写明理由，理由随得分输出。"
    params = (
        Param("得分", "score", "评定的得分（3.00），或分值的比例（80%、2/3）", required=True, example="3.00"),
        Param("理由", "reason", "评分理由（必填）", required=True, example="与绩效目标不符，酌情扣分"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        if self.need(params, "得分", as_points).negative:
            return ["参数“得分”不能为负数"]
        self.need(params, "理由", lambda raw, key: raw)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        score = self.need(inp.params, "得分", as_points).of(weight)
        reason = self.need(inp.params, "理由", lambda raw, key: raw)
        if score < 0 or score > weight:
            raise RuleConfigError(f"酌情得分 {num(score)} 超出 0 至分值 {num(weight)} 的范围", "manual-out-of-range")
        return conclude(inp, score, single(f"酌情评分：{reason}", weight, score), notes=[f"酌情评分理由：{reason}"])
