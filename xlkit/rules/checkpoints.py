"""节点进度 — several dated cumulative targets; each missed one costs a share of the weight.

Catalogue type 13: several dated targets (cumulative 25/50/75 %), each miss costs a share.
Written 节点=``3月31日:25%, 6月30日:50%, 9月30日:75%`` with 实际=``20%, 50%, 80%`` in the same
order (or the actuals in 实际完成值). A node is met when its actual reaches its target (≥).
Each miss costs 每项扣比例 of the weight, default 1/N (unrounded; the score is rounded once).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.read.targets import normalise
from xlkit.rules._common import RuleBase, as_level, as_rate, conclude, round_rate, show, split_list
from xlkit.rules.base import Param, RuleInput, RuleResult, register


def parse_nodes(raw: str, key: str = "节点") -> list[tuple[str, Decimal]]:
    nodes = []
    for part in split_list(normalise(raw)):
        m = re.match(r"^(.+?):(.+)$", part)
        if not m:
            raise RuleConfigError(f"节点“{part}”应写成“3月31日:25%”")
        nodes.append((m.group(1), as_level(m.group(2), key)))
    if not nodes:
        raise RuleConfigError(f"参数“{key}”为空")
    return nodes


def parse_values(raw: str, key: str = "实际") -> list[Decimal]:
    return [as_level(v, key) for v in split_list(normalise(raw))]


@register
class CheckpointsRule(RuleBase):
    id = "checkpoints"
    name = "节点进度"
    summary = "按时间节点的累计目标逐个核对，每有一个节点未达到扣分值的一定比例（默认 1/N）。"
    params = (
        Param("节点", "checkpoints", "节点:目标，用逗号隔开", required=True,
              example="3月31日:25%, 6月30日:50%, 9月30日:75%"),
        Param("实际", "actuals", "各节点实际完成值，顺序同节点（也可填在实际完成值）", example="20%, 50%, 80%"),
        Param("每项扣比例", "share_per_miss", "每个未达节点扣分值的比例（默认 1/N）", example="25%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        nodes = self.need(params, "节点", parse_nodes)
        actuals = self.get(params, "实际", parse_values)
        share = self.get(params, "每项扣比例", as_rate)
        problems = []
        if actuals is not None and len(actuals) != len(nodes):
            problems.append(f"参数“实际”有 {len(actuals)} 个值，节点有 {len(nodes)} 个")
        if share is not None and not 0 <= share <= 1:
            problems.append("参数“每项扣比例”应在 0% 到 100% 之间")
        return problems

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        nodes = self.need(inp.params, "节点", parse_nodes)
        actuals = self.get(inp.params, "实际", parse_values)
        if actuals is None:
            if inp.actual is None or not str(inp.actual).strip():
                raise RuleConfigError("缺少实际完成值：请在参数“实际”或实际完成值中按节点顺序填写", "actual-missing")
            actuals = parse_values(str(inp.actual), "实际完成值")
        if len(actuals) != len(nodes):
            raise RuleConfigError(f"实际完成值有 {len(actuals)} 个，节点有 {len(nodes)} 个", "actual-invalid")
        share = self.get(inp.params, "每项扣比例", as_rate)
        each = weight * share if share is not None else weight / len(nodes)
        items = [(f"节点 {label} 目标 {show(goal)}，实际 {show(got)}，未达到", each, None)
                 for (label, goal), got in zip(nodes, actuals) if got < goal]
        met_count = len(nodes) - len(items)
        return conclude(inp, weight - each * len(items), items, completion=round_rate(D(met_count) / len(nodes), inp.params))
