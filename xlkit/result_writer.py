"""Write a scored evaluation (``xlkit.scoring.Result``) as the 综合评分表 workbook.

Sheets, in order: 综合评分表 (000 附件1 layout, merged 一级/二级, 小计 and 合计 rows), 得分汇总
(表3-1 layout with 总分, 等级 and a chart of 得分率), 扣分明细, 预决算分析 (表1-1, 表1-2, 收入, 测算项),
问卷结果 and 校验 (every warning).

Scores are xlkit's Decimals, turned into floats only where xlsxwriter needs them. 小计/合计 and
得分率 are live formulas (so an evaluator who corrects a score sees the totals follow), each
carrying xlkit's figure as its cached value (conventions §5). The budget and survey tables are
values: they report what xlkit computed, with "-" where a rate is not defined.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from . import __version__, finance
from . import survey as sv
from .files import atomic_output
from .measures import survey_model
from .numbers import fmt2
from .records import Grade
from .scoring import IndicatorScore, LevelScore, Result
from .spec import workbook_specs
from .writer import FONT, HEADER_ROW, NUM_FORMATS, _Formats, _print_setup, _row_height, _title, _title_rows

__all__ = ["write_result", "SHEETS"]

SHEETS = ("综合评分表", "得分汇总", "扣分明细", "预决算分析", "问卷结果", "校验")
SCORE, RATE, SHARE, AMOUNT, INT, TEXT = (NUM_FORMATS[k] for k in ("score", "rate", "share", "amount", "int", "text"))
DASH = "-"
MIN_ROW = 20  # points: a little more than one line, as the templates use

# 综合评分表 columns (000 附件1) and their widths; 分值/得分/得分率 are H/I/J.
SCORE_COLUMNS = (
    ("一级指标", 12), ("二级指标", 12), ("三级指标", 18), ("指标解释", 38), ("评价标准", 46), ("目标值", 11),
    ("实际完成值", 11), ("分值", 8), ("得分", 8), ("得分率", 9), ("扣分原因", 44),
)
W_COL, S_COL, R_COL = 7, 8, 9


class _Fmt(_Formats):
    """The template writer's formats plus bordered body cells, made on first use."""

    def __init__(self, wb: xlsxwriter.Workbook):
        super().__init__(wb)
        self._wb = wb
        self._cells: dict[tuple[str, str, bool, bool], Any] = {}
        self.section = wb.add_format({"font_name": FONT, "font_size": 11, "bold": True, "valign": "vcenter"})

    def cell(self, num: str = TEXT, align: str = "center", *, bold: bool = False, total: bool = False) -> Any:
        key = (num, align, bold, total)
        if key not in self._cells:
            spec = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1, "text_wrap": True,
                    "num_format": num, "align": align, "bold": bold or total}
            if total:
                spec["bg_color"] = "#F2F2F2"
            self._cells[key] = self._wb.add_format(spec)
        return self._cells[key]


def _number(value: Decimal | int | float) -> float:
    """The xlsxwriter boundary: Decimals become floats here and nowhere else."""
    return float(value)


class _Sheet:
    """One worksheet with its column widths and the row heights its text needs."""

    def __init__(self, wb: xlsxwriter.Workbook, fmt: _Fmt, name: str, widths: Sequence[float]):
        self.ws = wb.add_worksheet(name)
        self.fmt = fmt
        self.widths = list(widths)
        self.last = len(self.widths) - 1
        self.heights: dict[int, float] = {}
        for c, w in enumerate(self.widths):
            self.ws.set_column(c, c, w)

    def span(self, first: int, last: int | None = None) -> float:
        return sum(self.widths[first:(first if last is None else last) + 1])

    def fit(self, row: int, texts: Iterable[tuple[Any, float]], minimum: float = MIN_ROW) -> None:
        need = _row_height((str(t), w) for t, w in texts if t not in (None, "")) or minimum
        self.heights[row] = max(self.heights.get(row, minimum), need, minimum)

    def put(self, row: int, col: int, value: Any, num: str = TEXT, *, to: tuple[int, int] | None = None,
            align: str = "center", bold: bool = False, total: bool = False) -> None:
        """Write ``value`` typed (Decimal/int → number, None → "-", text → string, never a formula),
        merged down/right to ``to`` = (last_row, last_col) when given."""
        fmt = self.fmt.cell(num, align, bold=bold, total=total)
        if to is not None and to != (row, col):
            self.ws.merge_range(row, col, to[0], to[1], "", fmt)
        if value is None:
            self.ws.write_string(row, col, DASH, self.fmt.cell(TEXT, "center", bold=bold, total=total))
        elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            self.ws.write_number(row, col, _number(value), fmt)
        else:
            self.ws.write_string(row, col, str(value), fmt)

    def formula(self, row: int, col: int, formula: str, cached: Decimal | None, num: str, *,
                total: bool = False) -> None:
        value: Any = "" if cached is None else _number(cached)
        self.ws.write_formula(row, col, formula, self.fmt.cell(num, total=total), value)

    def header(self, row: int, headers: Sequence[str | tuple[str, int]]) -> None:
        """Header cells; a (text, n) item spans n columns."""
        col = 0
        for item in headers:
            text, n = (item, 1) if isinstance(item, str) else item
            if n > 1:
                self.ws.merge_range(row, col, row, col + n - 1, text, self.fmt.header)
            else:
                self.ws.write_string(row, col, text, self.fmt.header)
            self.fit(row, [(text, self.span(col, col + n - 1))], 24)
            col += n

    def section(self, row: int, text: str) -> None:
        self.ws.merge_range(row, 0, row, self.last, text, self.fmt.section)
        self.heights[row] = 24

    def finish(self, *, paper: str = "A4", repeat_header: bool = True, freeze: tuple[int, int] = (HEADER_ROW + 1, 0),
               last_row: int | None = None) -> None:
        for row, height in sorted(self.heights.items()):
            self.ws.set_row(row, height)
        _print_setup(self.ws, HEADER_ROW if repeat_header else None, self.last, paper)
        if not repeat_header:
            self.ws.repeat_rows(0, 1)  # several tables on the sheet: repeat the title, not one table's header
        self.ws.freeze_panes(*freeze)
        if last_row is not None:
            self.ws.print_area(0, 0, last_row, self.last)


def _label(code: str, name: str) -> str:
    """"A1部门战略计划": the code printed before the name, as 000 附件1 does."""
    return name if not code or name.startswith(code) else f"{code}{name}"


def _subject(info: dict[str, Any]) -> str:
    """What the evaluation is of: "喀什市医疗保障局2024年度部门整体" or the project's name."""
    if info.get("project"):
        return str(info["project"])
    year = f"{info['year']}年度" if info.get("year") else ""
    return f"{info.get('unit') or ''}{year}{info.get('type') or ''}"


def _rate_formula(weight_cell: str, score_cell: str) -> str:
    return f'=IF({weight_cell}=0,"",ROUND({score_cell}/{weight_cell},4))'


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


# --------------------------------------------------------------------------------------------
# 综合评分表


def _reason(ind: IndicatorScore) -> str:
    notes = "；".join(ind.notes)
    return f"{ind.reason}（注：{notes}）" if notes and ind.reason else (ind.reason or notes)


def _indicator_row(s: _Sheet, row: int, ind: IndicatorScore) -> None:
    texts = (_label(ind.code, ind.name), ind.explanation, ind.standard, ind.target, ind.actual)
    for col, text in enumerate(texts, start=2):
        s.put(row, col, text or "", align="left" if col in (3, 4) else "center")
    s.put(row, W_COL, ind.weight, SCORE)
    s.put(row, S_COL, ind.score, SCORE)
    s.formula(row, R_COL, _rate_formula(_cell(row, W_COL), _cell(row, S_COL)), ind.rate, RATE)
    reason = _reason(ind)
    s.put(row, R_COL + 1, reason, align="left")
    s.fit(row, [(t, s.widths[c]) for c, t in enumerate((*texts, "", "", "", reason), start=2)])


def _merge_level(s: _Sheet, first: int, last: int, col: int, text: str, bold: bool) -> None:
    """A 一级/二级 cell merged over its rows; the last row grows if the label needs more room."""
    s.put(first, col, text, to=(last, col), bold=bold)
    need = _row_height([(text, s.widths[col])]) or MIN_ROW
    have = sum(s.heights.get(r, MIN_ROW) for r in range(first, last + 1))
    if need > have:
        s.heights[last] = s.heights.get(last, MIN_ROW) + need - have


def _sum_row(s: _Sheet, row: int, label: str, cells: str, weight: Decimal, score: Decimal, rate: Decimal | None,
             note: str = "") -> None:
    """小计/合计: label over A:G, live SUMs of 分值 and 得分 with xlkit's sums cached."""
    s.put(row, 0, label, to=(row, W_COL - 1), total=True)
    for col, cached in ((W_COL, weight), (S_COL, score)):
        refs = ",".join(_cell(r, col) for r in cells.split(",")) if cells[0].isdigit() else cells
        s.formula(row, col, f"=SUM({refs})", cached, SCORE, total=True)
    s.formula(row, R_COL, _rate_formula(_cell(row, W_COL), _cell(row, S_COL)), rate, RATE, total=True)
    s.put(row, R_COL + 1, note, align="left", total=True)
    s.heights[row] = 22


def _scores_sheet(wb: xlsxwriter.Workbook, fmt: _Fmt, result: Result) -> dict[str, int]:
    """Returns the 小计 row of each 一级 code and the 合计 row ("" key), for 得分汇总's references."""
    s = _Sheet(wb, fmt, SHEETS[0], [w for _, w in SCORE_COLUMNS])
    info = result.info
    by = info.get("evaluator")
    _title_rows(s.ws, fmt, f"{_subject(info)}绩效评价指标体系及综合评分表", s.last,
                f"评价机构：{by}" if by else f"被评价单位：{info.get('unit') or ''}", "单位：分")
    s.header(HEADER_ROW, [h for h, _ in SCORE_COLUMNS])
    rows: dict[str, int] = {}
    row = HEADER_ROW + 1
    for l1 in result.level1:
        first1 = row
        for l2 in result.children(l1.code):
            first2 = row
            for ind in result.indicators:
                if ind.level1 == l1.code and ind.level2 == l2.code:
                    _indicator_row(s, row, ind)
                    row += 1
            if row > first2:
                _merge_level(s, first2, row - 1, 1, _label(l2.code, l2.name), False)
        if row == first1:
            continue
        _merge_level(s, first1, row - 1, 0, f"{_label(l1.code, l1.name)}（{fmt2(l1.weight)}分）", True)
        col_w, col_s = (f"{_cell(first1, c)}:{_cell(row - 1, c)}" for c in (W_COL, S_COL))
        _sum_row_range(s, row, "小计", (col_w, col_s), l1)
        rows[l1.code] = row
        row += 1
    subtotal_rows = list(rows.values())
    _sum_row(s, row, "合计", ",".join(str(r) for r in subtotal_rows) or "0", result.total_weight, result.total,
             result.rate, f"总分 {fmt2(result.total)} 分，等级：{result.grade}")
    rows[""] = row
    s.finish(paper="A3", freeze=(HEADER_ROW + 1, 3), last_row=row)
    return rows


def _sum_row_range(s: _Sheet, row: int, label: str, ranges: tuple[str, str], level: LevelScore) -> None:
    """小计 over a contiguous block: =SUM(H4:H9)."""
    s.put(row, 0, label, to=(row, W_COL - 1), total=True)
    for col, ref, cached in ((W_COL, ranges[0], level.weight), (S_COL, ranges[1], level.score)):
        s.formula(row, col, f"=SUM({ref})", cached, SCORE, total=True)
    s.formula(row, R_COL, _rate_formula(_cell(row, W_COL), _cell(row, S_COL)), level.rate, RATE, total=True)
    s.put(row, R_COL + 1, "", total=True)
    s.heights[row] = 22
