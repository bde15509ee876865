"""容差区间 — full within ±容差 of the reference, then a deduction per point outside.

000 附件1 B52: "预算调整率在±10.00%以内，得 3.00分，每增减 1.00%扣 0.10分，扣完为止。" The report
took 20.21 % → 扣 1.00 (2.00 of 3.00), reproduced only by counting whole points outside
(goldens 000 G9): 取整=是 truncates the excess, 取整=否 (default) is continuous (→ 1.98).
"""

from __future__ import annotations

from collections.abc import Mapping

from xlkit.read.numbers import HUNDRED, D, truncate
from xlkit.rules._common import (
    RuleBase,
    actual_rate,
    as_points,
    as_rate,
    as_yes_no,
    conclude,
    num,
    pct,
    round_rate,
    single,
)
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@register
class BandRule(RuleBase):
    id = "band"
    name = "容差区间"
    summary = "在基准±容差以内得满分，超出部分每 1 个百分点扣固定分数，扣完为止；可按整点计算。"
    params = (
        Param("容差", "tolerance", "允许偏离基准的幅度", required=True, example="10%"),
        Param("每点扣分", "points_per_point", "超出容差后每 1 个百分点扣的分数（0.10），或分值的比例（5%）", required=True, example="0.10"),
        Param("取整", "truncate", "是：超出的百分点数舍去小数；否：连续计算", default="否", example="是"),
        Param("基准", "reference", "区间中心", default="0%", example="0%"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        problems = []
        if self.need(params, "容差", as_rate) < 0:
            problems.append("参数“容差”不能为负数")
        if self.need(params, "每点扣分", as_points).negative:
            problems.append("参数“每点扣分”不能为负数")
        self.get(params, "取整", as_yes_no)
        self.get(params, "基准", as_rate)
        return problems

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        tol = self.need(inp.params, "容差", as_rate)
        per = self.need(inp.params, "每点扣分", as_points).of(weight)
        whole = self.get(inp.params, "取整", as_yes_no)
        ref = self.get(inp.params, "基准", as_rate) or D(0)
        r = round_rate(actual_rate(inp), inp.params)
        excess = max(D(0), abs(r - ref) - tol) * HUNDRED
        counted = truncate(excess, 0) if whole else excess
        raw = weight - counted * per
        centre = "" if ref == 0 else pct(ref)
        reason = (f"实际值 {pct(r)}，超出{centre}±{pct(tol)} 共 {num(excess)} 个百分点"
                  + (f"（按整点计 {num(counted)} 个）" if whole and counted != excess else "")
                  + f"，每点扣 {num(per)} 分")
        return conclude(inp, raw, single(reason, weight, raw), completion=r)
