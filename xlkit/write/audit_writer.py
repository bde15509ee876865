"""The 审核意见 workbook of an audit (xlsxwriter): the findings table and a summary.

Sheets: 审核意见 (序号, 位置, 项目, 填报值, 应为, 差异, 依据/公式, 严重程度, 代码 — one row per finding,
errors first) and 审核汇总 (what was audited, counts by severity and by category, the conclusion).
Every figure is written as the text the audit printed ("87.50%", "-0.01"): the workbook is an
opinion to be read and signed, not a table to compute with, and text keeps the audited file's own
formatting of each figure. Everything that comes from the audited files is written with
``write_string`` and the workbook is created with ``strings_to_formulas=False``, so a value such as
"=SUM(A1)" or "-" stays text (formula injection). A4 landscape, header rows repeated on print.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from xlkit.audit import CATEGORIES, CODES, AuditResult
from xlkit.spec.issues import Severity
from xlkit.spec.sheet_names import AUDIT_SHEETS
from xlkit.write.files import atomic_output
from xlkit.write.writer import FONT, print_setup, row_height

__all__ = ["write_audit", "SHEETS", "COLUMNS"]

SHEETS = AUDIT_SHEETS
COLUMNS = ("序号", "位置", "项目", "填报值", "应为", "差异", "依据/公式", "严重程度", "代码")
WIDTHS = (6, 26, 28, 12, 16, 10, 44, 9, 22)
SEVERITY = {Severity.ERROR: "错误", Severity.WARNING: "关注"}
HEADER = 2  # 0-based row of the column headings


def _formats(wb: xlsxwriter.Workbook) -> dict[str, object]:
    base = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
    box = {**base, "border": 1, "text_wrap": True}
    return {
        "title": wb.add_format({**base, "bold": True, "font_size": 16, "align": "center"}),
        "caption": wb.add_format(base),
        "header": wb.add_format({**box, "bold": True, "align": "center", "bg_color": "#D9E1F2"}),
        "text": wb.add_format(box),
        "center": wb.add_format({**box, "align": "center"}),
        "error": wb.add_format({**box, "align": "center", "bold": True, "font_color": "#C00000"}),
        "warning": wb.add_format({**box, "align": "center", "font_color": "#9C5700"}),
        "label": wb.add_format({**box, "bold": True, "bg_color": "#F2F2F2"}),
        "num": wb.add_format({**box, "align": "center", "num_format": "0"}),
    }


def _findings_sheet(wb: xlsxwriter.Workbook, fmt: dict, result: AuditResult, title: str) -> None:
    ws = wb.add_worksheet(SHEETS[0])
    last = len(COLUMNS) - 1
    ws.merge_range(0, 0, 0, last, f"{title}审核意见", fmt["title"])
    ws.set_row(0, 28)
    ws.write_string(1, 0, f"审核对象：{result.path.name}　　错误 {len(result.errors)} 处，关注 {len(result.warnings)} 处",
                    fmt["caption"])
    for c, (h, w) in enumerate(zip(COLUMNS, WIDTHS)):
        ws.write_string(HEADER, c, h, fmt["header"])
        ws.set_column(c, c, w)
    ws.set_row(HEADER, 22)
    ws.freeze_panes(HEADER + 1, 0)
    print_setup(ws, HEADER, last, "A4")
    ordered = result.errors + result.warnings
    if not ordered:
        ws.merge_range(HEADER + 1, 0, HEADER + 1, last, "未发现问题", fmt["text"])
        return
    for i, f in enumerate(ordered, start=1):
        r = HEADER + i
        ws.write_number(r, 0, i, fmt["num"])
        # the 项目 column names the matter in words: a finding taken over from xlkit check carries its
        # code as its item ("footing"), which means nothing on paper
        item = f.item if f.item and f.item != f.code else (CODES[f.code][2] if f.code in CODES else f.message)
        cells = (f.where, item, f.printed or "", f.expected or "", f.difference or "",
                 f"{f.message}\n{f.basis}" if f.basis and f.basis not in f.message else f.message)
        for c, text in enumerate(cells, start=1):
            ws.write_string(r, c, str(text), fmt["center"] if c in (3, 4, 5) else fmt["text"])
        ws.write_string(r, 7, SEVERITY[f.severity], fmt["error" if f.severity is Severity.ERROR else "warning"])
        ws.write_string(r, 8, f.code, fmt["text"])
        height = row_height([(cells[5], WIDTHS[6]), (cells[1], WIDTHS[2]), (cells[0], WIDTHS[1])])
        if height:
            ws.set_row(r, height)


def _summary_sheet(wb: xlsxwriter.Workbook, fmt: dict, result: AuditResult, title: str) -> None:
    ws = wb.add_worksheet(SHEETS[1])
    ws.merge_range(0, 0, 0, 3, f"{title}审核汇总", fmt["title"])
    ws.set_row(0, 28)
    for c, w in enumerate((18, 14, 14, 50)):
        ws.set_column(c, c, w)
    print_setup(ws, None, 3, "A4")
    ws.fit_to_pages(1, 1)  # the summary is signed: one page
    r = 2
    ws.write_string(r, 0, "审核对象", fmt["label"])
    ws.merge_range(r, 1, r, 3, str(result.path.name), fmt["text"])
    r += 1
    ws.write_string(r, 0, "审核范围", fmt["label"])
    scope = "\n".join(result.audited) or "（无）"
    ws.merge_range(r, 1, r, 3, scope, fmt["text"])
    ws.set_row(r, row_height([(scope, 70)]) or 18)
    r += 2
    for c, h in enumerate(("类别", "错误", "关注", "说明")):
        ws.write_string(r, c, h, fmt["header"])
    r += 1
    counts = result.by_category()
    for cat in CATEGORIES:
        e, w = counts.get(cat, (0, 0))
        codes = sorted({f.code for f in result.findings if f.category == cat})
        ws.write_string(r, 0, cat, fmt["label"])
        ws.write_number(r, 1, e, fmt["num"])
        ws.write_number(r, 2, w, fmt["num"])
        note = "；".join(f"{CODES[c][2]}（{c}）" if c in CODES else c for c in codes)  # the words first, the code to look up
        ws.write_string(r, 3, note, fmt["text"])
        height = row_height([(note, 50)])
        if height:
            ws.set_row(r, height)
        r += 1
    ws.write_string(r, 0, "合计", fmt["label"])
    ws.write_number(r, 1, len(result.errors), fmt["num"])
    ws.write_number(r, 2, len(result.warnings), fmt["num"])
    ws.write_string(r, 3, "", fmt["text"])
    r += 2
    ws.write_string(r, 0, "审核结论", fmt["label"])
    ws.merge_range(r, 1, r, 3, result.conclusion, fmt["text"])
    ws.set_row(r, row_height([(result.conclusion, 70)]) or 18)
    r += 2
    for label in ("审核人", "复核人", "日期"):
        ws.write_string(r, 0, label, fmt["label"])
        ws.merge_range(r, 1, r, 3, "", fmt["text"])
        r += 1


def write_audit(result: AuditResult, path: str | Path, *, force: bool = False, title: str = "") -> Path:
    """Write the 审核意见 workbook atomically; an existing file needs ``force``."""
    path = Path(path)
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        wb.set_properties({"title": f"{title}审核意见", "comments": "xlkit audit"})
        fmt = _formats(wb)
        _findings_sheet(wb, fmt, result, title)
        _summary_sheet(wb, fmt, result, title)
        wb.close()
    return path
