"""Which rows of a typed budget table add up to which: the outline its labels (or indentation) show.

Evaluators number the levels of a 支出 table "一、" › "（一）" › "1." › "（1）" › "①", or only indent
them, and open a breakdown with "其中：". A parent row is the sum of the rows one level below it
until the next row at its level or above; a 合计/总计 row is the sum of the top level. A "其中"
breakdown of one non-empty row is "of which" (a part, not a sum) and is not footed; one of two or
more rows is footed like any other, as ``xlkit check`` foots 其中 rows its spec declares as
children. Rows that are all blank or "-" add nothing.

When the labels show no outline at all, ``outline`` returns None and the caller keeps its own rule."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOTAL = re.compile(r"合计|总计|总额")
_LEVELS = (
    (re.compile(r"^[一二三四五六七八九十]+[、.．]"), 1.0),
    (re.compile(r"^[(（][一二三四五六七八九十]+[)）]"), 2.0),
    (re.compile(r"^\d+[、.．](?!\d)"), 3.0),
    (re.compile(r"^[(（]\d+[)）]"), 4.0),
    (re.compile(r"^[①-⑳]"), 5.0),
)
_OF_WHICH = re.compile(r"^其中[:：]?")


@dataclass(frozen=True)
class Line:
    """One row as the outline needs it: its label, its indentation (0 when none), whether it is empty."""

    label: str
    indent: int = 0
    empty: bool = False


def _numbered(label: str) -> float | None:
    for rx, level in _LEVELS:
        if rx.match(label):
            return level
    return None


def outline(lines: Sequence[Line]) -> list[tuple[int, list[int]]] | None:
    """(parent index, child indexes) pairs, or None when the labels and indents show no outline."""
    n = len(lines)
    if n < 2:
        return None
    totals = [i for i, ln in enumerate(lines) if _TOTAL.search(ln.label) and len(ln.label) <= 12]
    numbered = [_numbered(ln.label.strip()) for ln in lines]
    indents = {ln.indent for i, ln in enumerate(lines) if i not in totals}
    has_of_which = any(_OF_WHICH.match(ln.label.strip()) for ln in lines)
    if all(x is None for x in numbered) and len(indents) < 2 and not has_of_which:
        return None
    level: list[float | None] = [None] * n
    of_which = [False] * n
    last_numbered: float | None = None
    group_level: float | None = None  # the level of an open 其中 group / unnumbered children
    base_indent = min(indents) if indents else 0
    for i, ln in enumerate(lines):
        label = ln.label.strip()
        if i in totals:
            level[i] = 0.0
            last_numbered = group_level = None
            continue
        if numbered[i] is not None:
            level[i] = numbered[i]
            last_numbered, group_level = numbered[i], None
            continue
        if _OF_WHICH.match(label):
            prev = next((level[j] for j in range(i - 1, -1, -1) if level[j] is not None), None)
            group_level = (prev if prev is not None else 0.0) + 0.5
            level[i], of_which[i] = group_level, True
            continue
        if len(indents) >= 2:  # indentation shows the outline
            level[i] = 1.0 + (ln.indent - base_indent)
            continue
        if group_level is not None:
            level[i] = group_level
            of_which[i] = True
        elif last_numbered is not None:
            level[i] = last_numbered + 0.5  # unnumbered rows under a numbered one are its items
        else:
            return None  # an unnumbered row with nothing above it: the outline is not clear
    pairs: list[tuple[int, list[int]]] = []
    body = [i for i in range(n) if i not in totals]
    known = [lv for i in body if (lv := level[i]) is not None]
    top = min(known) if known else None
    for t in totals[:1]:
        kids = [i for i in body if level[i] == top]
        if kids:
            pairs.append((t, kids))
    for i in body:
        li = level[i]
        if li is None:
            continue
        kids = []
        child_level = None
        for j in range(i + 1, n):
            lj = level[j]
            if lj is None or j in totals or lj <= li:
                break
            if child_level is None:
                child_level = lj
            if lj == child_level:
                kids.append(j)
        if not kids:
            continue
        if of_which[kids[0]] and sum(1 for k in kids if not lines[k].empty) < 2:
            continue  # "其中：X" alone is a part of the parent, not its breakdown
        pairs.append((i, kids))
    return pairs
