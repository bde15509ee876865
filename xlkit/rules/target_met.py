"""达标得满分 — full when the actual meets the target, else 0.

003 附件1 及时率: "项目按计划及时开工得满分,否则不得分。"; 000 C12/C13/C16 (100.00%, 28项 met by
"超 28项"); 002 F12: "≥ and = are inclusive; a text actual equal to the text target → full";
goldens 004 G31: "＜ 24 小时" with 24 is not met. Targets are read by ``xlkit.read.targets`` (≥ ≤ = < >,
ranges, units, dates, words). Qualitative targets are met by the target word itself, or by
the words listed in 达标词 (003 自评: "及时" met by "达到预期指标"). With 匹配=包含 the actual need only
contain the target (or one 达标词): "开展常态化培训，全年共6次" meets "开展常态化培训"; 匹配=全部关键词 needs
every 达标词. The result names the keyword that matched (or those missing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D
from xlkit.read.targets import UnitMismatchError, met, normalise
from xlkit.rules._common import (
    RuleBase,
    actual_of,
    as_choice,
    conclude,
    round_rate,
    single,
    split_list,
    target_of,
)
from xlkit.rules.base import Param, RuleInput, RuleResult, register

# How a text target is compared with the actual (parameter 匹配), chosen per indicator.
MATCH_MODES = ("相同", "包含", "全部关键词")


@register
class TargetMetRule(RuleBase):
    id = "target_met"
    name = "达标得满分"
    summary = "实际完成值达到目标值得满分，否则不得分（支持≥、≤、=、<、>、区间、日期和文字目标）。"
    params = (Param("达标词", "met_words", "文字目标视为达标的说法，用逗号隔开（默认目标值本身）",
                    example="及时,达到预期指标"),
              Param("匹配", "match", "文字目标的比对方式：相同（实际完成值与目标值或某个达标词相同）；包含（实际完成值含目标值或"
                    "任一达标词）；全部关键词（实际完成值含每个达标词，未写达标词时为目标值）", default="相同",
                    example="包含"))

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.get(params, "匹配", lambda raw, key: as_choice(raw, key, MATCH_MODES))
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        weight = D(inp.weight)
        target = target_of(inp)
        actual = actual_of(inp)
        mode = self.need(inp.params, "匹配", lambda raw, key: as_choice(raw, key, MATCH_MODES))
        if target.op == "qualitative" and mode != "相同":
            return self._keywords(inp, target.raw, actual.raw, mode)
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

    def _keywords(self, inp: RuleInput, target: str, actual: str, mode: str) -> RuleResult:
        """包含 / 全部关键词: the actual's whole text (explanation included) is searched for the keywords."""
        weight = D(inp.weight)
        words_raw = self.value(inp.params, "达标词")
        keywords = split_list(words_raw) if words_raw else [target]
        text = normalise(actual)
        found = [w for w in keywords if normalise(w) in text]
        if mode == "包含":
            ok = bool(found)
            note = (f"实际完成值含关键词“{found[0]}”，达标" if ok
                    else f"实际完成值不含{'、'.join(f'“{w}”' for w in keywords)}中任何一个")
        else:
            missing = [w for w in keywords if w not in found]
            ok = not missing
            note = (f"实际完成值含全部关键词{'、'.join(f'“{w}”' for w in found)}，达标" if ok
                    else f"实际完成值缺少关键词{'、'.join(f'“{w}”' for w in missing)}")
        raw = weight if ok else D(0)
        reason = f"{note}（目标“{target}”，按{mode}比对），不得分"
        return conclude(inp, raw, single(reason, weight, raw), notes=[note])
