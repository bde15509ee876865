"""The figures of a typed 综合评分表 against each other: 得分率, range, 扣分, 小计/合计, 一级 weights.

Each indicator row is also handed to the 扣分原因 / 评分标准 checks and, when the table matches a
standard system, to its rule."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from xlkit.audit.deductions import check_reason, check_standard
from xlkit.audit.grid import Num, norm, same_figure, sum_known, value_of
from xlkit.audit.model import Out
from xlkit.audit.rule_results import System, check_rule
from xlkit.audit.score_table import IndicatorRow, ScoreTable, level_label
from xlkit.read.numbers import fmt2, fmt_pct, parse_rate, quantize


def check_rate_cell(out: Out, sheet: str, cell: str | None, item: str, rate: Num | str | None,
                     score: Decimal | None, weight: Decimal | None) -> None:
    if not isinstance(rate, Num) or score is None or weight is None or weight == 0:
        return
    exact = score / weight
    if not same_figure(rate, exact):
        expected = quantize(exact, max(rate.places, 4))
        out("rate-mismatch", f"{item}得分率填报为 {rate.shown}，{fmt2(score)} ÷ {fmt2(weight)} = {fmt_pct(expected)}",
            sheet=sheet, cell=cell, item=f"{item} › 得分率", printed=rate.shown, expected=fmt_pct(expected),
            difference=fmt_pct(rate.value - expected), basis="得分率 = 得分 ÷ 分值")


def check_scores(st: ScoreTable, out: Out, system: System | None) -> None:
    sheet, cells = st.sheet, st.cells
    assert cells is not None
    for ind in st.indicators:
        w, s = value_of(ind.weight), value_of(ind.score)
        item = ind.label
        if w is not None and s is not None and (s > w or s < 0):
            out("score-range", f"{item}得分 {fmt2(s)} {'高于分值 ' + fmt2(w) if s > w else '低于 0'}", sheet=sheet,
                cell=cells.ref(ind.row, "score"), item=f"{item} › 得分", printed=fmt2(s),
                expected=f"0.00–{fmt2(w)}", difference=fmt2(s - w if s > w else s), basis="0 ≤ 得分 ≤ 分值")
        check_rate_cell(out, sheet, cells.ref(ind.row, "rate"), item, ind.rate, s, w)
        d = value_of(ind.deduct)
        if d is not None and w is not None and s is not None and d != w - s:
            out("deduct-column", f"{item}扣分填报为 {fmt2(d)}，分值 {fmt2(w)} − 得分 {fmt2(s)} = {fmt2(w - s)}",
                sheet=sheet, cell=cells.ref(ind.row, "deduct"), item=f"{item} › 扣分", printed=fmt2(d),
                expected=fmt2(w - s), difference=fmt2(d - (w - s)), basis="扣分 = 分值 − 得分")
        if w is not None and s is not None:
            check_reason(out, sheet, cells.ref(ind.row, "reason"), ind, w, s, system)
            check_standard(out, sheet, cells.ref(ind.row, "standard"), ind, w)
        _check_share_over(out, sheet, cells.ref(ind.row, "actual"), ind)
        if system is not None and w is not None and s is not None:
            check_rule(out, sheet, cells.ref(ind.row, "score"), ind, w, s, system)
    _check_levels(st, out)


def _group_key(label: str) -> str:
    return level_label(label)[1]


def _check_levels(st: ScoreTable, out: Out) -> None:
    sheet, cells = st.sheet, st.cells
    assert cells is not None
    # 一级 label weights: "A部门决策（15.00分）"
    for l1 in st.level1_names():
        code, name, stated = level_label(l1)
        mine = [i for i in st.indicators if i.level1 == l1]
        total = sum_known(value_of(i.weight) for i in mine)
        if stated is not None and stated != total and mine:
            first = mine[0].row
            out("level-weight", f"一级指标“{l1}”标注 {fmt2(stated)} 分，所属三级指标分值之和为 {fmt2(total)}",
                sheet=sheet, cell=cells.ref(first, "level1"), item=f"{name} › 分值", printed=fmt2(stated),
                expected=fmt2(total), difference=fmt2(stated - total), basis="一级分值 = Σ 三级指标分值")
    start = 0
    for sub in st.subtotals:
        above = [i for i in st.indicators if i.row < sub.row]
        if sub.kind == "合计":
            group, what, code = st.indicators if sub is st.subtotals[-1] else above, "合计", "total-mismatch"
            if sub is not st.subtotals[-1]:
                group = [i for i in above if i.row > start]
        else:
            label = norm(re.sub(r"小计", "", sub.label))
            since = [i for i in above if i.row > start]
            l2 = [i for i in above if label and _group_key(i.level2) == _group_key(label)]
            l1_rows = [i for i in above if label and (_group_key(i.level1) == _group_key(label)
                                                        or level_label(i.level1)[0] == label)]
            group = l2 or l1_rows or since
            what, code = sub.label.strip(), "subtotal-mismatch"
            if not label and group:
                what = f"{level_label(group[0].level1)[1]} 小计"
        start = sub.row
        if not group:
            continue
        for key, value in (("weight", sub.weight), ("score", sub.score), ("deduct", sub.deduct)):
            if not isinstance(value, Num):
                continue
            parts = [getattr(i, key) for i in group]
            if key == "deduct" and all(not isinstance(p, Num) for p in parts):
                continue
            total = sum_known(value_of(p) for p in parts)
            if value.value != total:
                head = {"weight": "分值", "score": "得分", "deduct": "扣分"}[key]
                out(code, f"{what}的{head}填报为 {value.shown}，所属 {len(group)} 个三级指标之和为 {fmt2(total)}",
                    sheet=sheet, cell=cells.ref(sub.row, key), item=f"{what} › {head}", printed=value.shown,
                    expected=fmt2(total), difference=fmt2(value.value - total), basis=f"{head}{what} = Σ 三级指标{head}")
        check_rate_cell(out, sheet, cells.ref(sub.row, "rate"), what, sub.rate, value_of(sub.score), value_of(sub.weight))


# Rates that are shares of a whole and cannot exceed 100 %.
SHARE_SUFFIXES = ("网采率", "覆盖率", "参保率", "达标率", "到位率", "执行率", "利用率", "知晓率", "满意度", "满意率",
                  "准确率", "及时率", "回收率", "公开率", "合格率", "覆盖面")


def _check_share_over(out: Out, sheet: str, cell: str | None, ind: IndicatorRow) -> None:
    if not ind.actual or not norm(ind.name).endswith(SHARE_SUFFIXES):
        return
    if "收入" in ind.name:  # revenue collected can exceed its budget (004: 收入预算执行率 105.18%)
        return
    text = unicodedata.normalize("NFKC", ind.actual).strip()
    if not re.fullmatch(r"[0-9.,]+%", text):
        return
    value = parse_rate(text)
    if value > 1:
        out("rate-over-100", f"{ind.label}是占比类指标，实际完成值 {text} 超过 100%，请核对计算公式的分子分母",
            sheet=sheet, cell=cell, item=f"{ind.label} › 实际完成值", printed=text, expected="≤ 100.00%",
            difference=fmt_pct(value - 1), basis="占比 = 部分 ÷ 总体，不超过 100%")


# Public name for the row-oriented level summary.
