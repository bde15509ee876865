"""扣分原因 and 评分标准 texts: the deductions a reason lists, the size of one deduction, the points a standard awards.

A clause that quotes the rule ("每增减 1.00%扣 0.10分") is not a deduction taken; the item size
comes from the standard system's rule when the indicator is one of ours, else from the typed text."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from xlkit.audit.grid import sum_known
from xlkit.audit.model import Out
from xlkit.audit.rule_results import System
from xlkit.audit.score_table import IndicatorRow
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import ZERO, D, fmt2, q2
from xlkit.rules.base import Finding, Rule

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_AMOUNT = re.compile(r"扣\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")


def _fold(text: str) -> str:
    """NFKC (full-width digits, brackets) except the circled item marks ①②…, which NFKC would turn into digits."""
    return "".join(ch if ch in _CIRCLED else unicodedata.normalize("NFKC", ch) for ch in text)


def _deductions(text: str) -> tuple[list[tuple[str, Decimal]], Decimal | None]:
    """Deductions named in a 扣分原因 text: [(item mark, points)], and a stated total ("共计扣 1.00分").

    A clause that quotes the rule ("每增减 1.00%扣 0.10分") is not a deduction taken.
    """
    text = _fold(text or "")
    items: list[tuple[str, Decimal]] = []
    total = None
    for m in _AMOUNT.finditer(text):
        clause = re.split(r"[,，;；。]", text[: m.start()])[-1]
        if "每" in clause:
            continue
        value = D(m.group(1))
        if re.search(r"共计|合计|共扣|总计|累计", clause):
            total = value
            continue
        marks = [ch for ch in text[: m.start()] if ch in _CIRCLED]
        items.append((marks[-1] if marks else "", value))
    return items, total


def check_reason(out: Out, sheet: str, cell: str | None, ind: IndicatorRow, w: Decimal, s: Decimal,
                  system: System | None) -> None:
    items, stated = _deductions(ind.reason)
    if not items and stated is None:
        return
    listed = stated if stated is not None else sum_known(v for _, v in items)
    item = ind.label
    if listed != w - s and not (s == 0 and listed > w):  # 扣完为止: deductions beyond the weight are not counted
        out("deduction-sum", f"{item}扣分原因列明扣 {fmt2(listed)} 分，而分值 {fmt2(w)} − 得分 {fmt2(s)} = {fmt2(w - s)}",
            sheet=sheet, cell=cell, item=f"{item} › 扣分原因", printed=fmt2(listed), expected=fmt2(w - s),
            difference=fmt2(listed - (w - s)), basis="Σ 所列扣分 = 分值 − 得分")
    unit, rule_text = _unit(ind, w, system)
    if unit is None or unit <= 0:
        return
    marked = [(mark, v) for mark, v in items if mark]
    if len(marked) >= 2:
        for mark, v in marked:
            if v != q2(unit):
                out("deduction-size", f"{item}第{mark}项扣 {fmt2(v)} 分，评分标准为每项扣 {fmt2(unit)} 分（{rule_text}）",
                    sheet=sheet, cell=cell, item=f"{item} › 扣分原因{mark}", printed=fmt2(v), expected=fmt2(unit),
                    difference=fmt2(v - q2(unit)), basis=rule_text)
    else:
        k = (listed / unit).to_integral_value()
        if k < 1 or q2(k * unit) != listed:
            out("deduction-size", f"{item}扣 {fmt2(listed)} 分，不是评分标准每项 {fmt2(unit)} 分的整数倍（{rule_text}）",
                sheet=sheet, cell=cell, item=f"{item} › 扣分原因", printed=fmt2(listed),
                expected=f"{fmt2(unit)} 的整数倍", basis=rule_text)


# "每项扣 0.50分", "缺失一项扣 0.50分", "每发现一次不合理的扣 0.20分" — counted items, not "每增减 1.00%扣 0.10分".
_PER_ITEM_TEXT = re.compile(r"(?:每(?:个|项|处|次|条|发现一处|发现一次)|一项)[^，,；;。%]{0,16}?扣\s*[（(]?\s*(\d+(?:\.\d+)?)\s*分")


def _counts_items(rule: Rule, params: dict[str, str]) -> bool:
    """Whether the rule scores listed findings (扣分制, 要素均分 …, also inside 一票否决): asked of the
    rule, which a wrapper passes to its inner rule, instead of matching rule names."""
    return not rule.ignored_findings(params, (Finding("一项问题"),))


def _unit(ind: IndicatorRow, w: Decimal, system: System | None) -> tuple[Decimal | None, str]:
    """The size of one deduction: from the standard system's rule, else from the typed 评分标准."""
    spec = system.find(ind) if system is not None else None
    if spec is not None:
        from xlkit.rules.base import parse_params, rule_by_name

        basis = f"标准指标体系 {spec.get('code')}：{spec.get('rule')}（{spec.get('params') or ''}）"
        try:
            rule = rule_by_name(spec.get("rule") or "")
            params = parse_params(spec.get("params"))
            unit = rule.item_points(params, w)  # asked of the rule (wrappers ask their inner rule)
        except RuleConfigError:
            return None, ""
        if unit is not None:
            return unit, basis
        if not _counts_items(rule, params):
            return None, ""  # a rate rule (容差区间, 每降一点扣分 …): its deductions are not counted items
    m = _PER_ITEM_TEXT.search(unicodedata.normalize("NFKC", ind.standard or ""))
    if m:
        return D(m.group(1)), f"评分标准：{m.group(0)}"
    return None, ""


_AWARD = re.compile(r"(\d+(?:\.\d+)?)\s*分")


def check_standard(out: Out, sheet: str, cell: str | None, ind: IndicatorRow, w: Decimal) -> None:
    """The points a 评分标准 awards ("得 1.00分", "①…(1分)") should make up the 分值."""
    text = _fold(ind.standard or "")
    if not text or "满分" in text:  # "得满分" names no figure to compare
        return
    awards = []
    for m in _AWARD.finditer(text):
        clause = re.split(r"[,，;；。]", text[: m.start()])[-1]
        before = text[max(0, m.start() - 3): m.start()]
        if "扣" in clause or "每" in clause:
            continue
        if re.search(r"得\s*[（(]?\s*$", before) or re.search(r"[（(]\s*$", before):
            awards.append(D(m.group(1)))
    awards = [a for a in awards if a > 0]
    if not awards:
        return
    if max(awards) == w or sum(awards, ZERO) == w:
        return
    shown = "+".join(fmt2(a) for a in awards)
    total = sum(awards, ZERO)
    out("standard-points", f"{ind.label}评分标准写明得分 {shown}" + (f"（合计 {fmt2(total)}）" if len(awards) > 1 else "")
        + f"，而分值为 {fmt2(w)}", sheet=sheet, cell=cell, item=f"{ind.label} › 评分标准", printed=fmt2(total),
        expected=fmt2(w), difference=fmt2(total - w), basis="评分标准满分（或各要点分值之和）= 分值")


# Public name for the text audit (a method passage's standard against the 分值).
