"""定性判断 — a qualitative target (及时, 有效, 显著提高) is met unless the actual says it was not.

Self-evaluations write the actual in their own words: 003 附件7 scores "及时" met by "达到预期指标";
004 部门整体 自评表 accepts "持续推进中" for 持续推进, "无投诉" for 低 and "不断提升" for 长期有效. Matching the
target word (达标得满分) would fail all of these, so this rule looks the other way: full marks
unless the actual is empty or carries a word of failure (未达到, 未完成, 不及时 …, settable).
"""

from __future__ import annotations

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.read.targets import normalise
from xlkit.rules._common import RuleBase, conclude, single, split_list
from xlkit.rules.base import Param, RuleInput, RuleResult, register

FAILURE_WORDS = ("未达到", "未达标", "未完成", "未按", "没有完成", "不及时", "不合格", "不达标", "不符合", "未实现",
                 "滞后", "延迟", "较差")


@register
class QualitativeRule(RuleBase):
    id = "qualitative"
    name = "定性判断"
    summary = "定性目标：实际完成情况未写明未达成（未完成、不及时、滞后等）即得满分，否则不得分。"
    params = (Param("未达标词", "failure_words", "表示未达成的说法，用逗号隔开",
                    default="、".join(FAILURE_WORDS), example="未完成,滞后"),)

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        actual = normalise(str(inp.actual)) if inp.actual is not None else ""
        if not actual:
            raise RuleConfigError("缺少实际完成值", "actual-missing")
        words = split_list(self.value(inp.params, "未达标词") or "")
        hit = next((w for w in words if w and w in actual), None)
        raw = D(0) if hit else weight
        reason = f"实际完成情况“{inp.actual}”含“{hit}”，未达成目标“{inp.target or ''}”，不得分"
        return conclude(inp, raw, single(reason, weight, raw))
