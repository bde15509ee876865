"""Table detection: tables are found by their column headings anywhere in any sheet.

A table typed on one sheet with other material around it is still read; each table ends at
the next table's heading row or at a blank run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from xlkit.audit.grid import Grid, Num, norm, read_number
from xlkit.audit.model import Out
from xlkit.audit.vocabulary import columns
from xlkit.read.cells import is_percent_format
from xlkit.read.ooxml import column_letter

# field → accepted headings, from templates/audit_headings.toml (a heading may add a parenthesised
# note: "预算执行率（决算数/全年预算数）")
SCORE_COLS = columns("score")
EXPENSE_COLS = columns("expense", label=True)
PROJECT_COLS = columns("project")
INCOME_COLS = columns("income", label=True)
DISCLOSURE_COLS = columns("disclosure", label=True)
SURVEY_COLS = columns("survey")
SUMMARY_COLS = columns("summary")


def _heading_matches(heading: str, names: tuple[str, ...]) -> bool:
    h = norm(heading).replace("(", "（")
    for n in names:
        n = norm(n)
        if h == n or h.startswith(n + "（") or h.startswith(n + "/") or h.startswith(n + "单位"):
            return True
    return False


def _columns(grid: Grid, r: int, spec: dict[str, tuple[str, ...]], span: range | None = None) -> dict[str, int]:
    found: dict[str, int] = {}
    for c in span or range(1, grid.cols + 1):
        h = grid.text(r, c)
        if not h:
            continue
        for key, names in spec.items():
            if key not in found and names and _heading_matches(h, names):
                found[key] = c
                break
    return found


def heading_text(grid: Grid, r: int, c: int) -> str:
    return grid.text(r, c)


@dataclass
class Table:
    kind: str
    grid: Grid
    header: int
    cols: dict[str, int]
    end: int = 0  # last row (inclusive)
    why: str = ""  # for an unreadable table: what could not be read
    year: str = ""  # one year's column group of a multi-year table
    heads: dict[str, str] = field(default_factory=dict)  # column key → how to name it (a table without headings)


def _classify(grid: Grid, r: int) -> Table | None:
    texts = {norm(grid.text(r, c)) for c in range(1, grid.cols + 1)} - {""}
    if not texts:
        return None
    if any(t.startswith("三级指标") for t in texts):
        cols = _columns(grid, r, SCORE_COLS)
        if "score" in cols and "weight" in cols and "name" in cols:
            return Table("score", grid, r, cols)
        if "name" in cols and ("score" in cols or "weight" in cols):
            # a score table whose other figure column has a heading we do not know: say so, never skip it
            known = {h for names in SCORE_COLS.values() for h in names}
            odd = [grid.text(r, c) for c in range(1, grid.cols + 1)
                   if "分" in grid.text(r, c) and c not in cols.values() and norm(grid.text(r, c)) not in known]
            if odd:
                missing = "得分" if "score" not in cols else "分值"
                return Table("unreadable", grid, r, {"why": 0}, why=(
                    f"表头有“三级指标”，但未能确定{missing}列：列标题“{'”“'.join(odd)}”不在已知列标题中"
                    f"（{missing}列可写作：{'、'.join(SCORE_COLS['score' if missing == '得分' else 'weight'])}）"))
    if any(t.startswith(("批复日期", "批复时间")) for t in texts):
        cols = _columns(grid, r, DISCLOSURE_COLS)
        if "approved" in cols and "published" in cols:
            cols["label"] = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
            return Table("disclosure", grid, r, cols)
    if any("项目名称" in t for t in texts):
        cols = _columns(grid, r, PROJECT_COLS)
        if "name" in cols and ("adjusted" in cols or "initial" in cols):
            return Table("project", grid, r, cols)
    if any(t.startswith("年初收入数") for t in texts):
        cols = _columns(grid, r, INCOME_COLS)
        cols["label"] = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
        return Table("income", grid, r, cols)
    if any(_heading_matches(t, EXPENSE_COLS["initial"]) for t in texts) and any(
            _heading_matches(t, EXPENSE_COLS["annual"]) for t in texts):
        cols = _columns(grid, r, EXPENSE_COLS)
        first = min(c for c in range(1, grid.cols + 1) if grid.text(r, c))
        if first in cols.values() and _years(grid, r):  # two heading rows: the label heading sits above
            first = 1
        if first not in cols.values():
            cols["label"] = first
            return Table("expense", grid, r, cols)
    if not any(t.startswith(("三级指标", "二级指标")) for t in texts):
        cols = _columns(grid, r, SUMMARY_COLS)
        if {"label", "weight", "score"} <= set(cols) and cols["label"] == min(cols.values()):
            return Table("summary_rows", grid, r, cols)
    if "题号" in texts or any(t.startswith("题目") for t in texts):
        cols = _columns(grid, r, SURVEY_COLS)
        if "qid" in cols and "count" in cols:
            return Table("survey", grid, r, cols)
    head = grid.text(r, 1)
    if norm(head) == "指标" and r + 1 <= grid.rows and norm(grid.text(r + 1, 1)) in ("权重", "分值"):
        return Table("summary", grid, r, {})
    return None


def find_tables(grid: Grid) -> list[Table]:
    found: list[Table] = []
    for r in range(1, grid.rows + 1):
        t = _classify(grid, r)
        if t is not None:
            if found:
                found[-1].end = min(found[-1].end or r - 1, r - 1)
            t.end = grid.rows
            found.append(t)
    found = [part for t in found for part in _split_years(t)]
    for t in found:
        # a table ends at the first fully blank row after data began (our writer leaves one between tables)
        blank_run = 0
        for r in range(t.header + 1, t.end + 1):
            if all(not grid.text(r, c) for c in range(1, grid.cols + 1)):
                blank_run += 1
                if blank_run >= (1 if t.kind in ("expense", "income", "project", "disclosure") else 3):
                    t.end = r - blank_run
                    break
            else:
                blank_run = 0
    return found + _headerless(grid, {r for t in found for r in range(t.header, t.end + 1)})


_TOTAL_LABEL = re.compile(r"^(?:本年支出|支出|收入|本年收入)?(?:合计|总计)$")


def _is_amount(grid: Grid, r: int, c: int) -> bool | None:
    """True for an amount, False for a percent (a rate column is not summed), None for anything else."""
    raw = grid.raw(r, c)
    if isinstance(raw, str) and "%" in raw:
        return False
    try:
        num = read_number(raw, grid.fmt(r, c), False)
    except ValueError:
        return None
    if not isinstance(num, Num):
        return None
    return not (isinstance(raw, (int, float, Decimal)) and is_percent_format(grid.fmt(r, c)))


def _headerless(grid: Grid, covered: set[int]) -> list[Table]:
    """Blocks of rows outside every table found by its headings that are tables without a heading row:
    a label column holding one 合计/总计 row and amount columns (a percent column is a rate, not
    summed). A block whose first row of several cells is all text has a heading row audit does not
    know: it is left alone, never guessed at. Whether the columns can be told apart (the 合计 foots)
    is decided when the table is checked."""

    def blank(r: int) -> bool:
        return all(not grid.text(r, c) for c in range(1, grid.cols + 1))

    out: list[Table] = []
    r = 1
    while r <= grid.rows:
        if r in covered or blank(r):
            r += 1
            continue
        start = r
        while r <= grid.rows and r not in covered and not blank(r):
            r += 1
        rows = [x for x in range(start, r) if sum(1 for c in range(1, grid.cols + 1) if grid.text(x, c)) >= 2]
        if not rows or not any(_is_amount(grid, rows[0], c) is not None for c in range(1, grid.cols + 1)):
            continue  # titles only, or a heading row (all text) of a table audit does not know
        totals = [(x, c) for x in rows for c in range(1, grid.cols + 1) if _TOTAL_LABEL.match(norm(grid.text(x, c)))]
        if len(totals) != 1:
            continue
        total, label = totals[0]
        amounts = {}
        for c in range(label + 1, grid.cols + 1):
            kinds = [_is_amount(grid, x, c) for x in rows]
            if False in kinds or not kinds[rows.index(total)]:
                continue
            if sum(1 for k in kinds if k) >= 3:  # the total and two rows at least
                amounts[f"col{c}"] = c
        out.append(Table("headerless", grid, rows[0] - 1, {"label": label, **amounts}, rows[-1],
                          heads={k: f"{column_letter(c)}列" for k, c in amounts.items()}))
    return out


_YEAR = re.compile(r"^((?:19|20)\d{2})\s*年?(?:度)?$")


def _years(grid: Grid, r: int) -> list[tuple[str, int]]:
    """(year, first column) of the year labels in the row above a heading row ("2020年" over its columns)."""
    if r <= 1:
        return []
    found = []
    for c in range(1, grid.cols + 1):
        if grid.merged.get((r - 1, c), (r - 1, c)) != (r - 1, c):
            continue  # inside a merged year label
        m = _YEAR.match(norm(grid.text(r - 1, c)))
        if m:
            found.append((m.group(1), c))
    return found if len({y for y, _ in found}) >= 2 else []


def _split_years(t: Table) -> list[Table]:
    """A budget table with one column group per year (2020 | 2021 | 2022 side by side) as one table per year."""
    if t.kind not in ("expense", "project", "income"):
        return [t]
    years = _years(t.grid, t.header)
    if not years:
        return [t]
    spec = {"expense": EXPENSE_COLS, "project": PROJECT_COLS, "income": INCOME_COLS}[t.kind]
    shared = {k: c for k, c in t.cols.items() if c < years[0][1]}  # label, 序号, 项目名称 …
    parts = []
    bounds = [c for _, c in years] + [t.grid.cols + 1]
    for (year, start), stop in zip(years, bounds[1:]):
        cols = {**shared, **_columns(t.grid, t.header, {k: v for k, v in spec.items() if v}, range(start, stop))}
        parts.append(Table(t.kind, t.grid, t.header, cols, t.end, year=year))
    return parts


NOT_SCORED = frozenset({"不评分", "不参与评分", "不适用"})


class Cells:
    """Reads one table's cells into Nums, reporting unreadable cells once."""

    def __init__(self, t: Table, out: Out):
        self.t, self.out, self.g = t, out, t.grid

    def num(self, r: int, key: str, rate: bool = False) -> Num | str | None:
        c = self.t.cols.get(key)
        if c is None or self.g.merged.get((r, c), (r, c)) != (r, c):
            return None  # a cell covered by a merge shows no figure of its own (an open answer across columns)
        raw = self.g.raw(r, c)
        if isinstance(raw, str) and norm(raw) in NOT_SCORED:
            return None  # xlkit's own 自评 output writes "不评分" for an indicator left unscored
        try:
            return read_number(raw, self.g.fmt(r, c), rate)
        except ValueError:
            self.out("table-unreadable", f"“{raw}”不是数字，本格未参与复核", sheet=self.g.name, cell=self.g.ref(r, c),
                     printed=str(raw), expected="数字或“-”")
            return None

    def ref(self, r: int, key: str) -> str | None:
        c = self.t.cols.get(key)
        return self.g.ref(r, c) if c else None

    def text(self, r: int, key: str) -> str:
        c = self.t.cols.get(key)
        return self.g.text(r, c) if c else ""

    def shown(self, r: int, key: str) -> str:
        """A text column as the reader sees it: a number in a percent-formatted cell is "118.04%"."""
        c = self.t.cols.get(key)
        if not c:
            return ""
        raw, fmt = self.g.raw(r, c), self.g.fmt(r, c)
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool) and is_percent_format(fmt):
            num = read_number(raw, fmt, True)
            return num.shown if isinstance(num, Num) else ""
        return self.g.text(r, c)
