"""问卷折算 — a questionnaire rate feeds another rule (default 区间线性).

000 附件1 C21: "根据满意度问卷统计情况计算完成比率…得分大于等于 90.00%，得满分；实际完成率大于 60.00%且小于
90.00%的，按超过的比重赋分，计算公式为：得分=（实际完成率-60.00%）/（90.00%-60.00%）×指标分值"
(goldens 000 G29: 综合满意度 94.06 % → 10.00). 题号=Q3 reads the measure ``问卷:Q3``; 题号=综合 reads
``问卷综合满意度``; without 题号 the indicator's 实际完成值 is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from xlkit.errors import RuleConfigError
from xlkit.read.targets import normalise
from xlkit.rules._common import WrapperBase, actual_rate, round_rate
from xlkit.rules.base import Param, RuleInput, RuleResult, register


def _question(raw: str, key: str) -> str:
    s = normalise(raw).upper()
    if s in ("综合", "综合满意度"):
        return "综合"
    if not re.fullmatch(r"Q\d+(?:\.\d+)?", s):
        raise RuleConfigError(f"参数“{key}”应写成 Q3 或 综合，实际为“{raw}”")
    return s


def _lookup(measures: Mapping[str, object], question: str) -> object:
    wanted = {"问卷综合满意度", "问卷:综合", "综合满意度"} if question == "综合" else {f"问卷:{question}"}
    for name, value in measures.items():
        if normalise(name).upper() in {w.upper() for w in wanted}:
            return value
    where = "问卷综合满意度" if question == "综合" else f"问卷:{question}"
    raise RuleConfigError(f"缺少问卷测算项“{where}”", "measure-unavailable")


@register
class SurveyRule(WrapperBase):
    id = "survey"
    name = "问卷折算"
    summary = "以问卷满意率（某题或综合满意度）作为实际值，按内层规则（默认区间线性）计分。"
    inner_default = "区间线性"
    params = (
        Param("内层规则", "inner", "按哪条规则折算满意率", default="区间线性", example="区间线性"),
        Param("题号", "question", "取哪一题的满意率：Q3，或 综合；不填则用实际完成值", example="综合"),
    )

    def validate(self, params: Mapping[str, str]) -> list[str]:
        self.get(params, "题号", _question)
        return []

    def apply(self, inp: RuleInput) -> RuleResult:
        question = self.get(inp.params, "题号", _question)
        value = inp.actual if question is None else _lookup(inp.measures, question)
        rate = round_rate(actual_rate(inp, value), inp.params)
        return self.run_inner(inp, actual=rate)
