"""分值 that must add up: Σ 三级 = 100 (or the total 指标层级 declares), each 一级/二级's stated 分值,
and the points written in 评价要点 / 评分标准 against the indicator's 分值."""

from __future__ import annotations

import re
from decimal import Decimal

from xlkit.checking.result import FileIssues
from xlkit.read.numbers import HUNDRED, fmt2
from xlkit.read.records import IndicatorBook, IndicatorRow, LevelPlacer
from xlkit.spec.issues import Severity
from xlkit.spec.templates import sheet_name

__all__ = ["check_weights", "check_stated_points"]


# "①自评按时完成得(2分)": points in brackets right after a circled 评价要点 number's text.
_ELEMENT_MARK = re.compile(r"[\u2460-\u2473]")
_BRACKET_POINTS = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def _stated_points(text: str | None) -> dict[int, Decimal] | None:
    """{element: points} when every 评价要点 of ``text`` states its points; None otherwise.

    An element that deducts ("每条问题扣(1分)") is not part of the sum. Text where some element
    carries no points, or one carries several, is not read: a guess would warn about nothing.
    """
    if not text:
        return None
    marks = list(_ELEMENT_MARK.finditer(text))
    if not marks:
        return None
    found: dict[int, Decimal] = {}
    for i, m in enumerate(marks):
        segment = text[m.end(): marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        hits = list(_BRACKET_POINTS.finditer(segment))
        if "扣" in segment[: hits[0].start() if hits else len(segment)]:
            continue
        if len(hits) != 1:
            return None
        found.setdefault(ord(m.group()) - 0x2460 + 1, Decimal(hits[0].group(1)))
    return found or None


def check_stated_points(ind: IndicatorRow, out: FileIssues) -> None:
    """The points written in 评价要点 / 评分标准 add up to 分值 (goldens 003 S11: 2 + 0.5 + 0.5 = 3 ≠ 4)."""
    if ind.weight is None:
        return
    points: dict[int, Decimal] = {}
    cell = None
    for key in ("points", "standard"):
        got = _stated_points(ind.row.get(key))
        if got:
            cell = cell or ind.row.cells.get(key)
            for k, v in got.items():
                points.setdefault(k, v)
    if not points:
        return
    total = sum(points.values(), Decimal(0))
    if total != ind.weight:
        parts = " + ".join(f"{chr(0x2460 + k - 1)}{v.normalize():f}" for k, v in sorted(points.items()))
        label = ind.code or f"第 {ind.row.excel_row} 行"
        out("points-sum", f"{label}：各评价要点所列分值 {parts} = {fmt2(total)}，与分值 {fmt2(ind.weight)} 不符",
            sheet_name("indicators", "indicators"), cell, Severity.WARNING, value=fmt2(total), expected=fmt2(ind.weight))


def check_weights(book: IndicatorBook, out: FileIssues, placer: LevelPlacer | None) -> None:
    """Σ 三级 = 100, else an error (a score out of 118 graded on bands out of 100 would look right
    and be wrong) — unless 指标层级 declares that other total: a 分值 for every 一级 指标 adding up
    to the same Σ. Σ 三级 under each 一级/二级 = its stated 分值, and Σ stated 一级 = 100 are
    warnings (level-weight)."""
    inds = [i for i in book.indicators if i.weight is not None]
    if not inds:
        return
    total = sum((i.weight for i in inds if i.weight is not None), Decimal(0))
    tops = [lv for lv in (placer.levels if placer else []) if lv.level == "一级"]
    stated = [lv.weight for lv in tops if lv.weight is not None]
    declared = sum(stated, Decimal(0)) if tops and len(stated) == len(tops) else None
    # A 分值 left blank or unreadable is already an error at its cell; the sum would only repeat it.
    complete = len(inds) == len(book.indicators)
    if complete and total != HUNDRED and total != declared:
        out("weight-total", f"三级指标分值合计为 {fmt2(total)}，应为 100.00；未评分，请核对各三级指标分值"
            "（总分不是 100 的指标体系，请在指标层级表中写明各一级指标分值）", sheet_name("indicators", "indicators"), None, Severity.ERROR,
            value=fmt2(total), expected="100.00")
    if placer is None:
        return
    sums: dict[str, Decimal] = {}
    for ind in inds:
        for lv in placer.place(ind):
            if lv is not None:
                sums[lv.code] = sums.get(lv.code, Decimal(0)) + ind.weight  # type: ignore[operator]
    for lv in placer.levels:
        if lv.weight is None or lv.level not in ("一级", "二级"):
            continue
        s = sums.get(lv.code, Decimal(0))
        if s != lv.weight:
            out("level-weight", f"{lv.level}指标 {lv.code}“{lv.name}”的分值为 {fmt2(lv.weight)}，所属三级指标分值合计为 {fmt2(s)}",
                sheet_name("indicators", "levels"), lv.row.cells.get("weight"), Severity.WARNING, value=fmt2(lv.weight), expected=fmt2(s))
    stated = [lv.weight for lv in placer.levels if lv.level == "一级" and lv.weight is not None]
    top = sum(stated, Decimal(0))
    if stated and top != HUNDRED:
        out("level-weight", f"一级指标分值合计为 {fmt2(top)}，应为 100.00", sheet_name("indicators", "levels"), None, Severity.WARNING,
            value=fmt2(top), expected="100.00")
