"""扣分制 — a list of findings, each costing points or a share of the weight, 扣完为止.

000 附件1, e.g. A12: "部门工作计划明确、全面、完整，并经集体决策正式下发文件，得 4.00分；缺失一项扣
0.50分；无计划，不得分。" and B32: "按照政府采购管理制度有效执行，政府采购招投标信息公开及时，得
1.00分；未按制度执行或存在明显不符情况的，每个扣 0.20分，扣完为止。" (分值 2.00: the report
scored 2.00 − 3 × 0.20 = 1.40, so the base defaults to the weight, not to the text's 1.00.)
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from xlkit.read.numbers import D
from xlkit.rules._common import RuleBase, as_points, conclude, finding_points, num
from xlkit.rules.base import Finding, Param, RuleInput, RuleResult, register


@register
class DeductRule(RuleBase):
    id = "deduct"
    name = "扣分制"
    summary = "按扣分事项逐项扣分（分值或分值的比例），扣完为止。"
    params = (
        Param("每项扣分", "per_item", "未写扣分的事项每项扣的分数（0.50），或分值的比例（10%、1/3）", example="0.50"),
        Param("基数", "base", "扣分前的起点分（默认等于分值；也可写分值的比例，如 80%）", example="2.00"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        problems = []
        for key in ("每项扣分", "基数"):
            v = self.get(params, key, as_points)
            if v is not None and v.negative:
                problems.append(f"参数“{key}”不能为负数")
        return problems

    def item_points(self, params: Mapping[str, str], weight: Decimal) -> Decimal | None:
        per = self.get(params, "每项扣分", as_points)
        return None if per is None else per.of(weight)

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        return []  # every finding is scored

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        per = self.get(inp.params, "每项扣分", as_points)
        per_item = None if per is None else per.of(weight)
        given = self.get(inp.params, "基数", as_points)
        base = weight if given is None else given.of(weight)
        items: list[tuple[str, Decimal, str | None]] = []  # (reason, points, evidence)
        if base != weight:
            items.append((f"起点分 {num(base)} 与分值 {num(weight)} 不同", weight - base, None))
        total = Decimal(0)
        for f in inp.findings:
            pts = finding_points(f, weight, per_item, self.name)
            total += pts
            items.append((f.reason, pts, f.evidence))
        return conclude(inp, base - total, items, floor_reason="扣完为止：扣分合计超过分值，超出部分不计")
