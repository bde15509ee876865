"""达标得满分 — full when the actual meets the target, else 0.

003 附件1 及时率: "项目按计划及时开工得满分,否则不得分。"; 000 C12/C13/C16 (100.00%, 28项 met by
"超 28项"); 002 F12: "≥ and = are inclusive; a text actual equal to the text target → full";
004 G31: "＜ 24 小时" with 24 is not met. Targets are read by ``xlkit.targets`` (≥ ≤ = < >,
ranges, units, dates, words). Qualitative targets are met by the target word itself, or by
the words listed in 达标词 (003 自评: "及时" met by "达到预期指标").
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import RuleConfigError
from ..numbers import D
from ..targets import UnitMismatchError, met
from ._common import RuleBase, actual_of, conclude, round_rate, single, split_list, target_of
from .base import Param, RuleInput, RuleResult, register


@register
class TargetMetRule(RuleBase):
    id = "target_met"
    name = "达标得满分"
    summary = "实际完成值达到目标值得满分，否则不得分（支持≥、≤、=、<、>、区间、日期和文字目标）。"
    params = (Param("达标词", "met_words", "文字目标视为达标的说法，用逗号隔开（默认目标值本身）",
                    example="及时,达到预期指标"),)

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        target = target_of(inp)
        actual = actual_of(inp)
        if actual.value is not None and target.unit == "%" and actual.unit in (None, "%"):
            # a rate is judged as it is shown (2-decimal percent), like every other rule
            actual = replace(actual, value=round_rate(actual.value, inp.params))
        words_raw = self.value(inp.params, "达标词")
        words = split_list(words_raw) if words_raw else None
        try:
            ok = met(target, actual, words)
        except UnitMismatchError as exc:
            raise RuleConfigError(str(exc), "actual-incomparable") from None
        if ok is None:
            raise RuleConfigError(f"实际完成值“{actual.raw}”无法与目标值“{target.raw}”比较", "actual-incomparable")
        raw = weight if ok else D(0)
        reason = f"实际完成值“{actual.raw}”未达到目标值“{target.raw}”，不得分"
        return conclude(inp, raw, single(reason, weight, raw))
