"""Indicator tables as evaluators send them, built in the tests: a Word 附件 (python-docx) or an Excel
sheet, with 一级/二级 merged down, a table split over pages and a name broken over two rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx
import openpyxl


def _runs(values: Sequence[str]) -> list[tuple[int, int]]:
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def write_docx(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, merge: Sequence[int] = (0, 1),
               split_at: int | None = None, repeat_header: bool = False) -> Path:
    """One table (or two, split before row ``split_at``, the second with or without the heading row);
    the columns in ``merge`` are merged down over runs of equal text, as Word tables are."""
    document = docx.Document()
    document.add_paragraph("附件1 绩效评价指标体系")
    parts = [rows] if split_at is None else [rows[:split_at], rows[split_at:]]
    for n, part in enumerate(parts):
        with_header = n == 0 or repeat_header
        table = document.add_table(rows=len(part) + with_header, cols=len(header))
        offset = 1 if with_header else 0
        if with_header:
            for c, text in enumerate(header):
                table.cell(0, c).text = text
        for r, row in enumerate(part):
            for c, text in enumerate(row):
                if c not in merge:
                    table.cell(r + offset, c).text = text
        for c in merge:
            for start, end in _runs([row[c] for row in part]):
                top = table.cell(start + offset, c)
                if end > start:
                    top = top.merge(table.cell(end + offset, c))
                top.text = part[start][c]
        if n == 0 and len(parts) > 1:
            document.add_page_break()
    document.save(str(path))
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, merge: Sequence[int] = (0, 1),
               title_rows: int = 1) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(1, 1, "绩效评价指标体系")
    first = title_rows + 1
    for c, text in enumerate(header, 1):
        ws.cell(first, c, text)
    for r, row in enumerate(rows, first + 1):
        for c, text in enumerate(row, 1):
            if (c - 1) not in merge:
                ws.cell(r, c, text)
    for c in merge:
        for start, end in _runs([row[c] for row in rows]):
            ws.cell(first + 1 + start, c + 1, rows[start][c])
            if end > start:
                ws.merge_cells(start_row=first + 1 + start, start_column=c + 1, end_row=first + 1 + end, end_column=c + 1)
    wb.save(path)
    return path
