"""要素分项计分 — each 评价要点 carries its own points, plus optional per-problem deductions.

003 附件1 项目质量可控性: "①质控措施是否落实,责任主体是否明确(1分);②抽查区域内质控工作相关档案是否
齐全、规范(2分);" and 自评及整改: "①自评按时完成得(2分);②自评质量情况好得(0.5分);③项目开始时间至
项目完成时间内未发现相关问题(0.5分);④发现问题未及时整改的,每条问题扣(1分),扣完为止。"

The score is 分值 minus the points of the failed elements and of the other findings. When the
element points do not add up to 分值 (goldens 003 G27: 2 + 0.5 + 0.5 = 3 ≠ 4, the report awarded 4)
a note says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.rules._common import (
    RuleBase,
    as_number,
    as_points,
    conclude,
    element_index,
    finding_points,
    num,
    split_list,
)
from xlkit.rules.base import Finding, Param, RuleInput, RuleResult, register


def _points(raw: str, key: str) -> list[Decimal]:
    parts = split_list(raw)
    if not parts:
        raise RuleConfigError(f"参数“{key}”应写成“1,2”")
    values = [as_number(p.rstrip("分"), key) for p in parts]
    if any(v < 0 for v in values):
        raise RuleConfigError(f"参数“{key}”中的分数不能为负数")
    return values


@register
class ElementPointsRule(RuleBase):
    id = "element_points"
    name = "要素分项计分"
    summary = "每个评价要点有各自的分数，不符合的要点扣去其分数；可另设每个问题的扣分。"
    params = (
        Param("要素分值", "element_points", "各评价要点的分数，按序号用逗号隔开", required=True, example="1,2"),
        Param("每项扣分", "per_item", "未注明要点的问题每条扣的分数（1），或分值的比例（10%、1/3）", example="1"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "要素分值", _points)
        per = self.get(params, "每项扣分", as_points)
        return ["参数“每项扣分”不能为负数"] if per is not None and per.negative else []

    def ignored_findings(self, params: Mapping[str, str], findings: tuple[Finding, ...]) -> list[Finding]:
        return []  # every finding is scored

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        points = self.need(inp.params, "要素分值", _points)
        per = self.get(inp.params, "每项扣分", as_points)
        per_item = None if per is None else per.of(weight)
        notes = []
        total_points = sum(points, Decimal(0))
        if total_points != weight:
            notes.append(f"要素分值合计 {num(total_points)} 与分值 {num(weight)} 不符，按分值扣减不符合要素的分数")
        items, seen, lost = [], set(), Decimal(0)
        for f in inp.findings:
            if f.element is not None and str(f.element).strip():
                k = element_index(f.element)
                if k > len(points):
                    raise RuleConfigError(f"评价要点“{f.element}”超出要素个数 {len(points)}", "element-out-of-range")
                if k in seen:
                    continue
                seen.add(k)
                pts, reason = points[k - 1], f"第{k}项评价要点不符合：{f.reason}"
            else:
                pts, reason = finding_points(f, weight, per_item, self.name), f.reason
            lost += pts
            items.append((reason, pts, f.evidence))
        return conclude(inp, weight - lost, items, notes=notes)
