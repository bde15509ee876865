"""得分汇总 (表3-1) against the 综合评分表, and the grade and 实现目标 count against the total."""

from __future__ import annotations

import re
from typing import Any

from xlkit.audit.grid import Num, norm, sum_known, value_of
from xlkit.audit.model import Out
from xlkit.audit.score_checks import check_rate_cell
from xlkit.audit.score_table import ScoreTable, level_label
from xlkit.audit.tables import Cells, Table
from xlkit.read.numbers import ZERO, fmt2


def _read_summary(t: Table) -> tuple[list[tuple[int, str]], dict[str, int], dict[str, tuple[str, int, int]]]:
    """(columns [(col, name)], rows {权重/得分/得分率: row}, facts {总分/等级/实现目标/等级标准: (text, row, col)})."""
    g = t.grid
    columns = [(c, g.text(t.header, c)) for c in range(2, g.cols + 1) if g.text(t.header, c)]
    rows: dict[str, int] = {}
    facts: dict[str, tuple[str, int, int]] = {}
    for r in range(t.header + 1, min(t.end, t.header + 12) + 1):
        label = norm(g.text(r, 1))
        if label == "权重":
            rows["weight"] = r
        elif label == "得分" or (label == "分值" and "weight" in rows):
            rows["score"] = r
        elif label == "分值":
            rows["weight"] = r
        elif label == "得分率":
            rows["rate"] = r
        elif label in ("总分", "等级", "实现目标", "等级标准"):
            facts[label] = (g.text(r, 2), r, 2)
    return columns, rows, facts


def _match_levels(names: list[str], levels: list[str]) -> dict[str, str | None]:
    """Summary column name → score-table 一级 label, by name (部门决策类 ~ A部门决策（15.00分）), else by position."""
    keys = {lv: level_label(lv)[1] for lv in levels}
    found: dict[str, str | None] = {}
    for n in names:
        k = norm(n).removesuffix("类")
        found[n] = next((lv for lv, key in keys.items() if key and (key == k or key in k or k in key)), None)
    if any(v is None for v in found.values()) and len(names) == len(levels):
        found = dict(zip(names, levels))
    return found


def check_summary(t: Table, st: ScoreTable | None, out: Out, facts_out: dict[str, Any]) -> None:
    g = t.grid
    columns, rows, facts = _read_summary(t)
    cells = Cells(t, out)
    total_cols = [(c, n) for c, n in columns if re.search(r"合计|总计|总分", norm(n))]
    level_cols = [(c, n) for c, n in columns if (c, n) not in total_cols]
    levels = st.level1_names() if st else []
    mapping = _match_levels([n for _, n in level_cols], levels) if st else {}

    def read(r: int | None, c: int, rate: bool = False) -> Num | str | None:
        if r is None:
            return None
        t.cols["_"] = c
        return cells.num(r, "_", rate)

    sums = {"weight": ZERO, "score": ZERO}
    for c, name in level_cols:
        lv = mapping.get(name)
        w, s = read(rows.get("weight"), c), read(rows.get("score"), c)
        sums["weight"] += value_of(w) or ZERO
        sums["score"] += value_of(s) or ZERO
        check_rate_cell(out, g.name, g.ref(rows["rate"], c) if "rate" in rows else None, name,
                         read(rows.get("rate"), c, True), value_of(s), value_of(w))
        if lv is None or st is None:
            continue
        mine = [i for i in st.indicators if i.level1 == lv]
        for key, head, typed in (("weight", "权重", w), ("score", "得分", s)):
            if isinstance(typed, Num):
                total = sum_known(value_of(getattr(i, key)) for i in mine)
                if typed.value != total:
                    out("summary-mismatch", f"得分汇总“{name}”的{head}填报为 {typed.shown}，综合评分表中该一级指标"
                        f"的三级指标{head}之和为 {fmt2(total)}", sheet=g.name, cell=g.ref(rows[key], c),
                        item=f"{name} › {head}", printed=typed.shown, expected=fmt2(total),
                        difference=fmt2(typed.value - total), basis=f"表3-1 {head} = 综合评分表 Σ 三级指标{head}")
    for c, name in total_cols:
        w, s = read(rows.get("weight"), c), read(rows.get("score"), c)
        for key, head, typed in (("weight", "权重", w), ("score", "得分", s)):
            if isinstance(typed, Num) and level_cols and typed.value != sums[key]:
                out("total-mismatch", f"得分汇总“{name}”的{head}填报为 {typed.shown}，各一级指标之和为 {fmt2(sums[key])}",
                    sheet=g.name, cell=g.ref(rows[key], c), item=f"{name} › {head}", printed=typed.shown,
                    expected=fmt2(sums[key]), difference=fmt2(typed.value - sums[key]), basis=f"合计{head} = Σ 一级指标{head}")
        check_rate_cell(out, g.name, g.ref(rows["rate"], c) if "rate" in rows else None, name,
                         read(rows.get("rate"), c, True), value_of(s), value_of(w))
        if isinstance(s, Num):
            facts_out.setdefault("total", s.value)
    t.cols.pop("_", None)
    for label, (text, r, c) in facts.items():
        facts_out[label] = (text, g.ref(r, c))


def check_grade(out: Out, sheet_cells: dict[str, Any], st: ScoreTable | None, file_facts: dict[str, Any]) -> None:
    from xlkit.read.records import default_grades, grade_for, parse_grades

    fallback = default_grades()
    total = None
    if st is not None:
        total = sum_known(value_of(i.score) for i in st.indicators) if st.indicators else None
    if total is None:
        total = file_facts.get("total")
    if total is None:
        return
    bands_text = file_facts.get("等级标准", ("", ""))[0]
    try:
        grades = parse_grades(bands_text) if bands_text else parse_grades(fallback)
    except ValueError:
        grades = parse_grades(fallback)
    expected = grade_for(total, grades)
    bands = "；".join(f"{g.name}≥{fmt2(g.lower)}" for g in grades if g.lower.is_finite())
    typed: list[tuple[str, str | None, str]] = []  # (grade as typed, sheet, cell)
    if st is not None and st.grade is not None:
        typed.append((st.grade[0], st.sheet, st.grade[1]))
    if "等级" in file_facts:
        text, ref = file_facts["等级"]
        typed.append((text, sheet_cells.get("summary_sheet"), ref))
    for grade, sheet, ref in typed:
        g = norm(grade).strip("“”\"")
        if g and g != expected:
            out("grade-mismatch", f"等级填报为“{grade}”，总分 {fmt2(total)} 按等级标准（{bands}）应为“{expected}”",
                sheet=sheet, cell=ref, item="等级", printed=grade, expected=expected,
                basis=f"等级标准：{bands}（下限含本数）")
    if "实现目标" in file_facts and st is not None:
        text, ref = file_facts["实现目标"]
        m = re.search(r"\d+", text)
        full = sum(1 for i in st.indicators if value_of(i.score) is not None and value_of(i.score) == value_of(i.weight))
        if m and int(m.group()) != full:
            out("full-marks-count", f"实现目标填报为 {m.group()} 个，综合评分表中得满分的三级指标有 {full} 个",
                sheet=sheet_cells.get("summary_sheet"), cell=ref, item="实现目标", printed=m.group(),
                expected=str(full), difference=str(int(m.group()) - full), basis="实现目标 = 得分 = 分值 的三级指标个数")
