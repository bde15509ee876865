"""A typed 综合评分表 as printed: indicators with their 一级/二级 labels, 小计 and 合计 rows, the grade."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from xlkit.audit.grid import Num, norm
from xlkit.audit.model import Out
from xlkit.audit.tables import Cells, Table
from xlkit.read.numbers import D

_LEVEL_LABEL = re.compile(r"^([A-Z]\d*)?\s*(.*?)\s*(?:[（(]\s*(\d+(?:\.\d+)?)\s*分?\s*[)）])?\s*$")
_CODE = re.compile(r"^([A-Z]\d{1,3})(?![\d.])\s*(.*)$", re.S)


def level_label(text: str) -> tuple[str, str, Decimal | None]:
    """"A部门决策（15.00分）" → ("A", "部门决策", 15.00); "项目决策 (10 分)" → ("", "项目决策", 10)."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _LEVEL_LABEL.match(t)
    if not m:
        return "", t, None
    return m.group(1) or "", norm(m.group(2)), D(m.group(3)) if m.group(3) else None




@dataclass
class IndicatorRow:
    row: int
    code: str
    name: str
    level1: str  # label text as printed
    level2: str
    weight: Num | str | None
    score: Num | str | None
    rate: Num | str | None
    deduct: Num | str | None
    target: str
    actual: str
    standard: str
    reason: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class _Sub:
    row: int
    kind: str  # 小计 / 合计
    label: str
    weight: Num | str | None
    score: Num | str | None
    rate: Num | str | None
    deduct: Num | str | None
    texts: list[str]


@dataclass
class ScoreTable:
    """A typed 综合评分表 as printed."""

    file: str
    sheet: str
    indicators: list[IndicatorRow]
    subtotals: list[_Sub]
    grade: tuple[str, str] | None = None  # (grade, cell)
    cells: Cells | None = None

    def level1_names(self) -> list[str]:
        seen: list[str] = []
        for i in self.indicators:
            if i.level1 not in seen:
                seen.append(i.level1)
        return seen


def read_scores(t: Table, out: Out, file: str) -> ScoreTable:
    g, cells = t.grid, Cells(t, out)
    # 小计/合计 labels sit in the label columns (merged across them in our layout), never in 评价标准 text
    left = range(1, t.cols["name"] + 1)
    inds: list[IndicatorRow] = []
    subs: list[_Sub] = []
    level1 = level2 = ""
    grade = None
    for r in range(t.header + 1, t.end + 1):
        texts = [g.text(r, c) for c in range(1, g.cols + 1)]
        lefts = [g.text(r, c) for c in left]
        marker = next((x for x in lefts if len(x) <= 20 and re.search(r"合计|总计|小计", norm(x))), None)
        if marker is not None:
            kind = "小计" if "小计" in norm(marker) else "合计"
            subs.append(_Sub(r, kind, marker, cells.num(r, "weight"), cells.num(r, "score"), cells.num(r, "rate", True),
                             cells.num(r, "deduct"), texts))
            for c in range(1, g.cols + 1):
                m = re.search(r"等级\s*[:：]\s*(\S+)", g.text(r, c))
                if m:
                    grade = (m.group(1), g.ref(r, c))
            continue
        if "level1" in t.cols and cells.text(r, "level1"):
            level1 = cells.text(r, "level1")
        if "level2" in t.cols and cells.text(r, "level2"):
            level2 = cells.text(r, "level2")
        name = cells.text(r, "name")
        if not name:
            continue
        m = _CODE.match(unicodedata.normalize("NFKC", name))
        code, bare = (m.group(1), m.group(2).strip()) if m else ("", name)
        inds.append(IndicatorRow(r, code, bare, level1, level2, cells.num(r, "weight"), cells.num(r, "score"),
                         cells.num(r, "rate", True), cells.num(r, "deduct"), cells.shown(r, "target"),
                         cells.shown(r, "actual"), cells.text(r, "standard"), cells.text(r, "reason")))
    return ScoreTable(file, g.name, inds, subs, grade, cells)
