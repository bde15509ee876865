"""Rule reachability: can the written rule give the printed score at all?

A 评价标准 such as "有一项不符合，则扣权重分10%" on a 2-point indicator can only give 2.00, 1.80,
1.60 … 0.00; a printed 1.33 is a slip whatever the findings were. The scores a rule can give are
computed through the rule classes (``xlkit.rules``): the rule is scored with 0, 1, 2 … findings of
its unit until it reaches 0.

The rule and its parameters come from either source: ``reachable_scores(rule, params, weight)``
takes a rule name and parameters (an indicator system's rule column, or a rule read from prose by
a 评分标准 reader); ``rule_from_standard`` is the narrow reading used until then — one deduction
unit per finding, in points or as a share of the weight, and nothing else in the text that could
pay or deduct differently (a rate rule, a second unit, 酌情).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from xlkit.audit.grid import Num
from xlkit.audit.score_table import ScoreTable
from xlkit.errors import XlkitError
from xlkit.read.numbers import D, fmt2

MAX_FINDINGS = 200

# texts whose scores are not a count of equal deductions: rate rules, several sizes, judgement
_OTHER_FORMS = re.compile(r"每(?:增减|降低|低于|超过|提高|减少|增加|下降)|%\s*扣|酌情|视情况|按比例|公式|得分\s*=|×")
_POINTS = re.compile(r"扣(?:除)?\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")
_SHARE_PCT = re.compile(r"扣(?:除)?(?:对应)?(?:该指标)?(?:权重分?|分值)的?\s*(\d+(?:\.\d+)?)\s*%")
_SHARE_FRACTION = re.compile(r"(?:占|扣(?:除)?)(?:对应)?(?:权重分?|分值)的?\s*1\s*/\s*(\d+)")
_AWARD = re.compile(r"得\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")


def rule_from_standard(text: str, weight: Decimal) -> tuple[str, dict[str, str]] | None:
    """The narrow reading: ("扣分制", {"每项扣分": …} or {"每项比例": …}) or ("要素均分", {"要素数": N})
    when the standard deducts one unit per finding and nothing else; else None."""
    t = unicodedata.normalize("NFKC", text or "")
    if not t or _OTHER_FORMS.search(t):
        return None
    if any(D(a) not in (weight, 0) for a in _AWARD.findall(t)):
        return None  # partial awards ("得 1.00分") are another scheme
    points = {D(x) for x in _POINTS.findall(t)}
    pct = {D(x) for x in _SHARE_PCT.findall(t)}
    frac = {int(x) for x in _SHARE_FRACTION.findall(t)}
    forms = len(points) + len(pct) + len(frac)
    if forms != 1:
        return None
    if points:
        return "扣分制", {"每项扣分": str(points.pop())}
    if frac:
        return "要素均分", {"要素数": str(frac.pop())}
    # a share of the weight per finding: each finding carries it (the rule class multiplies)
    return "扣分制", {"每项比例": str(pct.pop() / 100)}


def read_standard(text: str, weight: Decimal) -> tuple[str, dict[str, str]] | None:
    """The rule a 评价标准 text states: from the 评分标准 prose reader (``xlkit.rules.text``) where the
    package has one and it read the text without doubt, else the narrow reading above."""
    try:
        from xlkit.rules import text as rule_text
    except ImportError:
        return rule_from_standard(text, weight)
    from xlkit.rules.base import parse_params

    reading = rule_text.read_rule(text, weight)
    if reading.status != rule_text.RECOGNISED:
        return None
    return reading.rule, dict(parse_params(reading.params))


def reachable_scores(rule: str, params: Mapping[str, str], weight: Decimal) -> list[Decimal] | None:
    """Every score the rule can give on ``weight`` (highest first), through the rule class, scoring
    0, 1, 2 … equal findings; None when the rule's scores are not a count of equal findings
    (``每项比例`` is a share of the weight per finding)."""
    from xlkit.rules import rule_by_name
    from xlkit.rules.base import Finding, RuleInput

    if rule not in ("扣分制", "要素均分"):
        return None
    cls = rule_by_name(rule)
    scores: list[Decimal] = []
    for k in range(MAX_FINDINGS + 1):
        if rule == "要素均分":
            n = int(D(params["要素数"]))
            if k > n:
                break
            findings = tuple(Finding("评价要点不符", element=str(i + 1)) for i in range(k))
            rule_params = {"要素数": str(n)}
        else:
            share = params.get("每项比例")
            one = Finding("评分标准所列的一项不符", share=D(share)) if share else Finding("评分标准所列的一项不符")
            findings = (one,) * k
            rule_params = {"每项扣分": params["每项扣分"]} if params.get("每项扣分") else {}
        got = cls.score(RuleInput(weight=weight, params=rule_params, findings=findings)).score
        if got not in scores:
            scores.append(got)
        if got <= 0:
            break
    return scores


def check_reachable(out: Any, st: ScoreTable) -> None:
    """Flag each printed score its written 评价标准 cannot give (``rule-unreachable``)."""
    cells = st.cells
    for ind in st.indicators:
        w = ind.weight.value if isinstance(ind.weight, Num) else None
        s = ind.score.value if isinstance(ind.score, Num) else None
        if w is None or s is None or w <= 0 or not ind.standard:
            continue
        found = read_standard(ind.standard, w)
        if found is None:
            continue
        try:
            scores = reachable_scores(*found, w)
        except (XlkitError, KeyError, ArithmeticError):
            continue  # parameters the rule class refuses: nothing to compare
        if not scores or s in scores:
            continue
        shown = "、".join(fmt2(x) for x in scores[:8]) + ("…" if len(scores) > 8 else "")
        p = found[1]
        unit = (f"{p['每项扣分']} 分" if p.get("每项扣分") else f"分值的 {fmt2(D(p['每项比例']) * 100)}%"
                if p.get("每项比例") else f"分值的 1/{p.get('要素数')}")
        out("rule-unreachable", f"{ind.label}得分 {fmt2(s)} 不是评分标准所能给出的分数：按“每项不符扣 {unit}”"
            f"，分值 {fmt2(w)} 只能得 {shown}", sheet=st.sheet, cell=cells.ref(ind.row, "score") if cells else None,
            item=f"{ind.label} › 得分", printed=fmt2(s), expected=shown, basis=ind.standard)
