"""分档计分 — ordered thresholds paying fixed points or a share of the weight.

000 附件1 B51: "项目绩效达标率大于等于 90.00%，得满分；项目绩效达标率大于等于 80.00%，小于 90.00%，得
1.00分；项目绩效达标率大于等于 60.00%，小于 80.00%，得 0.50分，项目绩效达标率低于 60.00%，得 0.00分。"
Written ``>=90%:满分, >=80%:1.00, >=60%:0.50, 其他:0``; a payout is points (1.00), 满分, or a
share of the weight (90%). Thresholds must run from high to low; the first tier reached pays.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.read.targets import normalise
from xlkit.rules._common import RuleBase, actual_number, as_level, conclude, num, round_rate, show, single
from xlkit.rules.base import Param, RuleInput, RuleResult, register


@dataclass(frozen=True)
class Tier:
    op: str | None  # ">=", ">" or None for 其他
    threshold: Decimal | None
    points: Decimal | None  # fixed points, or None when paid as a share
    share: Decimal | None
    text: str


_TIER = re.compile(r"^(>=|>)?([^:]*):(.+)$")


def _payout(text: str, key: str) -> tuple[Decimal | None, Decimal | None]:
    if text in ("满分", "全分"):
        return None, D(1)
    if text.endswith("%"):
        share = as_level(text, key)
        return None, share
    pts = as_level(text.rstrip("分"), key)
    return pts, None


def parse_tiers(raw: str, key: str = "档位") -> list[Tier]:
    s = normalise(raw).replace("|", ",").replace("、", ",").replace(";", ",")
    tiers: list[Tier] = []
    for part in filter(None, s.split(",")):
        m = _TIER.match(part)
        if not m:
            raise RuleConfigError(f"档位“{part}”应写成“>=90%:满分”或“其他:0”")
        op, cond, pay = m.groups()
        points, share = _payout(pay, key)
        if (points is not None and points < 0) or (share is not None and share < 0):
            raise RuleConfigError(f"档位“{part}”的得分不能为负数")
        if cond in ("其他", "其它", "否则", "else") and op is None:
            tiers.append(Tier(None, None, points, share, part))
            continue
        if op is None:
            raise RuleConfigError(f"档位“{part}”缺少比较符（>= 或 >）")
        tiers.append(Tier(op, as_level(cond, key), points, share, part))
    if not tiers:
        raise RuleConfigError(f"参数“{key}”为空")
    for i, t in enumerate(tiers):
        if t.op is None and i != len(tiers) - 1:
            raise RuleConfigError("“其他”档应放在最后")
    ranked = [t for t in tiers if t.op is not None]
    for a, b in itertools.pairwise(ranked):
        if b.threshold > a.threshold or (b.threshold == a.threshold and not (a.op == ">" and b.op == ">=")):  # type: ignore[operator]
            raise RuleConfigError(f"档位门槛应从高到低排列：“{a.text}”之后是“{b.text}”")
    return tiers


@register
class TiersRule(RuleBase):
    id = "tiers"
    name = "分档计分"
    summary = "按从高到低的门槛分档，达到某档即得该档分数（固定分、满分或分值的比例）。"
    params = (Param("档位", "tiers", "门槛:得分，用逗号隔开，门槛从高到低", required=True,
                    example=">=90%:满分, >=80%:1.00, >=60%:0.50, 其他:0"),)

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.need(params, "档位", parse_tiers)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        tiers = self.need(inp.params, "档位", parse_tiers)
        x = round_rate(actual_number(inp), inp.params)
        for t in tiers:
            if t.op is None or (x >= t.threshold if t.op == ">=" else x > t.threshold):  # type: ignore[operator]
                chosen = t
                break
        else:
            chosen = Tier(None, None, D(0), None, "其他:0")
        raw = chosen.points if chosen.points is not None else weight * chosen.share  # type: ignore[operator]
        notes = [] if raw <= weight else [f"档位得分 {num(raw)} 超过分值，按分值计"]
        reason = f"实际值 {show(x)} 落在档位“{chosen.text}”"
        return conclude(inp, raw, single(reason, weight, raw), completion=x, notes=notes)
