"""一票否决 — wraps another rule; a veto zeroes the indicator or flags the whole evaluation.

000 附件1 B31: "以上评价要点全部合规得 4.00分，一项不符合扣 0.50分，扣完为止。有重大违规违纪行为的一票否决。";
B51: "若根据项目绩效自评印证材料发现存在自评不真实，无法印证自评结果的情况，该指标不得分。"
The veto comes from 否决=是 or from any finding marked veto; 范围=整体 also sets ``veto_all``.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import D
from xlkit.rules._common import WrapperBase, as_choice, as_yes_no, conclude
from xlkit.rules.base import Finding, Param, RuleInput, RuleResult, register
from xlkit.rules.conditions import evaluate, parse_conditions


def _scope(raw: str, key: str) -> str:
    return as_choice(raw, key, ("指标", "整体"))


@register
class GateRule(WrapperBase):
    id = "gate"
    name = "一票否决"
    summary = "按内层规则计分；出现否决情形时本指标记 0 分（范围为整体时否决整个评价）。"
    params = (
        Param("内层规则", "inner", "未否决时计分的规则名称", required=True, example="扣分制"),
        Param("否决", "veto", "是：已出现否决情形", default="否", example="否"),
        Param("否决条件", "veto_if", "条件成立即否决，写法同“条件全满足”的条件（可引用测算项、其他数据、指标编码）",
              example="重大违规问题数>0"),
        Param("范围", "scope", "否决本指标，或整体评价", default="指标", example="指标"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "否决", as_yes_no)
        self.need(params, "范围", _scope)
        self.get(params, "否决条件", parse_conditions)
        return []

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        return [f for f in super().ignored_findings(params, findings) if not f.veto]  # a veto is this rule's own

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        vetoes = [f for f in inp.findings if f.veto]
        by_param = self.need(inp.params, "否决", as_yes_no)
        whole = self.need(inp.params, "范围", _scope) == "整体"
        conditions = self.get(inp.params, "否决条件", parse_conditions)
        by_condition = conditions is not None and all(evaluate(c, inp.measures) for c in conditions)
        if not vetoes and not by_param and not by_condition:
            return self.run_inner(inp)
        what = "整体评价" if whole else "本指标"
        items = [(f"一票否决（{what}）：{f.reason}", weight if i == 0 else D(0), f.evidence)
                 for i, f in enumerate(vetoes)]
        if not items and by_condition:
            shown = " 且 ".join(c.text for c in conditions or [])
            items = [(f"一票否决（{what}）：否决条件“{shown}”成立", weight, None)]
        if not items:
            items = [(f"一票否决（{what}）：参数“否决”为“是”", weight, None)]
        notes = ["一票否决整体评价"] if whole else []
        return conclude(inp, D(0), items, notes=notes, veto_all=whole)
