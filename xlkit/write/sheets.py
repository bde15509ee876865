"""The sheet and format layer every xlsxwriter output shares: one set of cell formats, a titled sheet
with headings, widths and print set-up that tracks its next row (and its page breaks at a fixed
scale), and the 校验 sheet of warnings. result_writer, selfeval_writer, the fund sheet and the
summary workbook are built on it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

import xlsxwriter

from xlkit.spec.issues import Issue
from xlkit.spec.sheet_names import (
    RESULT_CHECKS,
)
from xlkit.write.print_layout import DEFAULT_ROW_PT, body_height
from xlkit.write.writer import FONT, print_setup, row_height

__all__ = ["HEADER", "as_float", "Formats", "Sheet", "write_checks"]


HEADER = 2  # 0-based row of the column headings; title and caption above it


def as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
        box = {**base, "border": 1}
        self.title = wb.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
        self.caption = wb.add_format(base)
        self.caption_right = wb.add_format({**base, "align": "right"})
        self.header = wb.add_format({**box, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9E1F2"})
        self.text = wb.add_format({**box, "text_wrap": True})
        self.center = wb.add_format({**box, "text_wrap": True, "align": "center"})
        self.num = wb.add_format({**box, "num_format": "0.00"})
        self.amount = wb.add_format({**box, "num_format": "#,##0.00"})
        self.pct = wb.add_format({**box, "num_format": "0.00%"})
        self.dash = wb.add_format({**box, "align": "right"})
        self.bold = wb.add_format({**box, "bold": True, "align": "center", "bg_color": "#F2F2F2"})
        self.bold_num = wb.add_format({**box, "bold": True, "num_format": "0.00", "bg_color": "#F2F2F2"})
        self.bold_pct = wb.add_format({**box, "bold": True, "num_format": "0.00%", "bg_color": "#F2F2F2"})
        self.bold_text = wb.add_format({**box, "bold": True, "bg_color": "#F2F2F2", "text_wrap": True})
        self.section = wb.add_format({**base, "bold": True, "font_size": 12})


class Sheet:
    """One result sheet: title, caption, headings, widths, print set-up; tracks the next row."""

    def __init__(self, wb: xlsxwriter.Workbook, fmt: Formats, name: str, title: str, headers: list[str],
                 widths: list[float], caption: str = "", caption_right: str = "", paper: str = "A4",
                 scale: int | None = None, repeat: bool = True, printed: int | None = None):
        """``printed``: how many (leading) columns print, all by default; the title is centred over them."""
        self.ws, self.fmt, self.widths = wb.add_worksheet(name), fmt, widths
        last = len(headers) - 1 if printed is None else printed - 1
        self.ws.merge_range(0, 0, 0, last, title, fmt.title)
        self.ws.set_row(0, 28)
        self.ws.write_string(1, 0, caption, fmt.caption)
        if caption_right:
            self.ws.write_string(1, last, caption_right, fmt.caption_right)
        for c, (h, w) in enumerate(zip(headers, widths)):
            if h:  # a column headed only by a later table (预决算分析's 来源) is not an empty shaded heading
                self.ws.write_string(HEADER, c, h, fmt.header)
            self.ws.set_column(c, c, w)
        self.ws.set_row(HEADER, 30)
        self.ws.freeze_panes(HEADER + 1, 0)
        # A sheet of several tables (scale given, repeat False) repeats no heading row on print: each of
        # its tables writes its own headings again on each page it continues onto (see need()).
        print_setup(self.ws, HEADER if repeat else None, last, paper, scale)
        self.row = HEADER + 1
        self.breaks: list[int] = []
        self.used = 28 + DEFAULT_ROW_PT + 30  # title, caption, headings
        self.room = body_height(paper, scale) if scale else 0.0

    def fit(self, row: int, texts: list[tuple[str, int]]) -> None:
        height = row_height((t, self.widths[c]) for t, c in texts)
        if height:
            self.ws.set_row(row, height)

    def need(self, height: float, follow: float = 0.0, header=None) -> None:
        """Before writing a row of ``height`` at ``self.row``: start a new page if it (and ``follow``
        points of rows that must stay with it, e.g. a section title's table headings) does not fit,
        then write the table's ``header`` (a function writing its headings at ``self.row``) there.
        Only for a sheet printed at a fixed scale (its page breaks are xlkit's)."""
        if self.room and self.used + height + follow > self.room and self.used > 0:
            self.breaks.append(self.row)
            self.ws.set_h_pagebreaks(self.breaks)
            self.used = 0.0
            if header is not None:
                self.used += header()
        self.used += height

    def rate(self, row: int, col: int, value: Decimal | None, bold: bool = False) -> None:
        if value is None:
            self.ws.write_string(row, col, "-", self.fmt.dash)
        else:
            self.ws.write_number(row, col, float(value), self.fmt.bold_pct if bold else self.fmt.pct)

    def amount(self, row: int, col: int, value: Decimal | None) -> None:
        if value is None:
            self.ws.write_string(row, col, "-", self.fmt.dash)
        else:
            self.ws.write_number(row, col, float(value), self.fmt.amount)


class _HasChecks(Protocol):
    """What ``write_checks`` reads: a ``Result``, or the 自评 report's warnings (``selfeval_writer``)."""

    @property
    def checks(self) -> Sequence[Issue]: ...


def write_checks(wb: xlsxwriter.Workbook, fmt: Formats, result: _HasChecks, title: str) -> None:
    # The issue code (English, e.g. "footing") helps on screen, to look a fact up or filter by it; the
    # paper copy reads in Chinese only, so the code is the last column and left off the print area.
    sh = Sheet(wb, fmt, RESULT_CHECKS, f"{title}校验结果（警告）", ["序号", "位置", "说明", "代码"], [6, 36, 80, 20],
                printed=3)
    ws = sh.ws
    if not result.checks:
        ws.merge_range(sh.row, 0, sh.row, 2, "未发现问题", fmt.text)
        sh.row += 1
    for i, issue in enumerate(result.checks, 1):
        r = sh.row
        ws.write_number(r, 0, i, fmt.center)
        ws.write_string(r, 1, issue.where, fmt.text)
        ws.write_string(r, 2, issue.message, fmt.text)
        ws.write_string(r, 3, issue.code, fmt.text)
        sh.fit(r, [(issue.message, 2), (issue.where, 1)])
        sh.row += 1
    ws.print_area(0, 0, sh.row - 1, 2)
