"""A level summary laid out one row per 一级指标 (表12: 指标类型 | 分值 | 评价得分 | 得分率).

The same facts as the column-oriented 表3-1: each row's 得分率 = 得分 ÷ 分值, the 合计 row = Σ
rows, each row = the score table's 一级 group, and the total feeds the grade check."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from xlkit.audit.grid import Num
from xlkit.audit.score_checks import check_rate_cell
from xlkit.audit.score_table import ScoreTable, level_label
from xlkit.audit.tables import Cells, Table
from xlkit.read.numbers import ZERO, fmt2

_TOTAL = re.compile(r"合计|总计|总分")


def _key(text: str) -> str:
    """"部门决策类" / "A部门决策（15.00分）" → "部门决策"."""
    return level_label(text)[1].removesuffix("类").removesuffix("指标")


def _value(x: Num | str | None) -> Decimal | None:
    return x.value if isinstance(x, Num) else None


def check_summary_rows(t: Table, st: ScoreTable | None, out: Any, facts: dict[str, Any]) -> int:
    """Check the table; returns the number of level rows read (0: nothing was read)."""
    g = t.grid
    cells = Cells(t, out)
    levels: list[tuple[int, str, Num | str | None, Num | str | None]] = []
    total = None
    for r in range(t.header + 1, t.end + 1):
        label = cells.text(r, "label")
        if not label:
            continue
        w, s = cells.num(r, "weight"), cells.num(r, "score")
        check_rate_cell(out, g.name, cells.ref(r, "rate"), label, cells.num(r, "rate", True), _value(s), _value(w))
        if _TOTAL.search(label):
            total = (r, label, w, s)
            break
        levels.append((r, label, w, s))
    sums = {"weight": sum((_value(w) or ZERO for _, _, w, _ in levels), ZERO),
            "score": sum((_value(s) or ZERO for _, _, _, s in levels), ZERO)}
    if total is not None:
        r, label, w, s = total
        for key, head, typed in (("weight", "分值", w), ("score", "得分", s)):
            if isinstance(typed, Num) and levels and typed.value != sums[key]:
                out("total-mismatch", f"得分汇总“{label}”的{head}填报为 {typed.shown}，各一级指标之和为 {fmt2(sums[key])}",
                    sheet=g.name, cell=cells.ref(r, key), item=f"{label} › {head}", printed=typed.shown,
                    expected=fmt2(sums[key]), difference=fmt2(typed.value - sums[key]), basis=f"合计{head} = Σ 一级指标{head}")
        if isinstance(s, Num):
            facts.setdefault("total", s.value)
    if st is not None:
        groups = {_key(l1): [i for i in st.indicators if i.level1 == l1] for l1 in st.level1_names()}
        for r, label, w, s in levels:
            mine = groups.get(_key(label))
            if mine is None:
                mine = next((v for k, v in groups.items() if k and (k in label or _key(label) in k)), None)
            if not mine:
                continue
            for key, head, typed in (("weight", "分值", w), ("score", "得分", s)):
                want = sum((_value(getattr(i, key)) or ZERO for i in mine), ZERO)
                if isinstance(typed, Num) and typed.value != want:
                    out("summary-mismatch", f"得分汇总“{label}”的{head}填报为 {typed.shown}，综合评分表中该一级指标的三级指标"
                        f"{head}之和为 {fmt2(want)}", sheet=g.name, cell=cells.ref(r, key), item=f"{label} › {head}",
                        printed=typed.shown, expected=fmt2(want), difference=fmt2(typed.value - want),
                        basis=f"得分汇总{head} = 综合评分表 Σ 三级指标{head}")
    return len(levels)
