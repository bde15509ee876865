"""要素均分 — N 评价要点, each failed one costs 分值/N.

003 附件1 (e.g. 绩效目标合理性): "以上每条要素占权重分的1/3,每有一条不符合,扣除对应权重分,扣完为止。"
goldens 003 G14: 制度执行有效性, 4 elements, ③ fails, 分值 5 → 扣 1.25, 3.75.

Rounding: the per-element value 分值/N is kept unrounded and only the score is rounded
(G26: 2 − 2/3 = 1.333… → 1.33). Rounding the element first (0.67) would give the same here
but 2 − 2 × 0.67 = 0.66 instead of 0.67 when two of three fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.rules._common import RuleBase, as_number, conclude, element_index
from xlkit.rules.base import Finding, Param, RuleInput, RuleResult, register


def _count(raw: str, key: str) -> int:
    n = as_number(raw, key)
    if n != n.to_integral_value() or n < 1:
        raise RuleConfigError(f"参数“{key}”应为正整数，实际为“{raw}”")
    return int(n)


@register
class ElementsRule(RuleBase):
    id = "elements"
    name = "要素均分"
    summary = "N 个评价要点平分分值，每有一个不符合扣分值的 1/N，扣完为止。"
    params = (Param("要素数", "n", "评价要点个数 N", required=True, example="3"),)

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "要素数", _count)
        return []

    def item_points(self, params: Mapping[str, str], weight: Decimal) -> Decimal | None:
        n = self.get(params, "要素数", as_number)
        return D(weight) / n if n else None

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        return []  # every finding is scored

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        n = self.need(inp.params, "要素数", _count)
        each = weight / n
        seen: set[int] = set()
        items = []
        for f in inp.findings:
            if f.element is not None and str(f.element).strip():
                k = element_index(f.element)
                if k > n:
                    raise RuleConfigError(f"评价要点“{f.element}”超出要素数 {n}", "element-out-of-range")
                if k in seen:
                    continue
                seen.add(k)
                reason = f"第{k}项评价要点不符合：{f.reason}"
            else:
                reason = f.reason
            items.append((f"{reason}（扣分值的 1/{n}）", each, f.evidence))
        if len(items) > n:
            raise RuleConfigError(f"不符合的评价要点有 {len(items)} 个，超过要素数 {n}", "element-out-of-range")
        return conclude(inp, weight - each * len(items), items)
