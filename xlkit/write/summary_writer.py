"""The 汇总 workbook of a batch run (xlsxwriter): one row per scored folder, the grade distribution,
charts, and the folders that could not be scored with every issue.

Sheets: 汇总 (unit/project, type, 年度, 分值 and 得分 by 一级, total, grade, 预算执行率, 调整率, the
largest deductions, a link to the folder's 综合评分表), 等级分布, 得分率 (一级 得分率 by unit), 图表
(grade counts; 得分率 by 一级 across units; total against 预算执行率), 未通过. Every sheet prints on
A3/A4 landscape, one page wide, headings repeated. Text from the folders is written with
``write_string`` and the workbook is created with ``strings_to_formulas=False``, so a unit name that
starts with = + - @ stays text. Figures are exact Decimals until the xlsxwriter boundary.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from xlkit.read.numbers import fmt2
from xlkit.spec.sheet_names import (
    SUMMARY_CHARTS,
    SUMMARY_FAILED,
    SUMMARY_GRADES,
    SUMMARY_RATES,
    SUMMARY_SHEETS,
    SUMMARY_TABLE,
)
from xlkit.write.files import atomic_output
from xlkit.write.sheets import Formats as _ResultFmt
from xlkit.write.sheets import as_float
from xlkit.write.writer import FONT, display_width

__all__ = ["write_summary", "SHEETS", "GRADE_ORDER"]

SHEETS = SUMMARY_SHEETS
GRADE_ORDER = ("优", "良", "中", "差")
HEADER = 2
PAPER = {"A4": 9, "A3": 8}


class _Fmt(_ResultFmt):
    """The result workbook's formats, plus whole numbers and links; centred cells do not wrap."""

    def __init__(self, wb: xlsxwriter.Workbook):
        super().__init__(wb)
        box = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
        self.center = wb.add_format({**box, "align": "center"})
        self.int = wb.add_format({**box, "num_format": "0"})
        self.link = wb.add_format({**box, "font_color": "#0563C1", "underline": 1})
        self.title_left = wb.add_format({"font_name": FONT, "bold": True, "font_size": 16, "valign": "vcenter"})


def _sheet(wb: xlsxwriter.Workbook, fmt: _Fmt, name: str, title: str, headers: list[str], widths: list[float],
           caption: str = "", paper: str = "A4", printed: int | None = None) -> Any:
    """A sheet with title, caption and headings; ``printed`` columns (all by default) fit the paper's width
    and carry the title, so it is centred on the printed page rather than over columns left off it."""
    ws = wb.add_worksheet(name)
    last = len(headers) - 1 if printed is None else printed - 1
    if last > 0:
        ws.merge_range(0, 0, 0, last, title, fmt.title)
    else:
        ws.write_string(0, 0, title, fmt.title)
    ws.set_row(0, 28)
    ws.write_string(1, 0, caption, fmt.caption)
    for c, (h, w) in enumerate(zip(headers, widths)):
        ws.write_string(HEADER, c, h, fmt.header)
        ws.set_column(c, c, w)
    ws.set_row(HEADER, 30)
    ws.freeze_panes(HEADER + 1, 0)
    ws.set_paper(PAPER[paper])
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, HEADER)
    ws.set_footer("&C第 &P 页，共 &N 页")
    return ws


def _rate(ws: Any, fmt: _Fmt, r: int, c: int, value: Decimal | None) -> None:
    if value is None:
        ws.write_string(r, c, "-", fmt.dash)
    else:
        ws.write_number(r, c, float(value), fmt.pct)


def _level_names(rows: list[dict[str, Any]]) -> list[str]:
    """一级 names in order of first appearance: 部门整体 and 项目支出 folders may share one 汇总."""
    names: list[str] = []
    for row in rows:
        for lv in row["level1"]:
            if lv["name"] not in names:
                names.append(lv["name"])
    return names


def _grades(rows: list[dict[str, Any]]) -> list[str]:
    seen = {row["grade"] for row in rows}
    return list(GRADE_ORDER) + sorted(seen - set(GRADE_ORDER))


def _deduction_text(row: dict[str, Any]) -> str:
    return "；".join(" ".join(x for x in (d["code"], d["name"]) if x) + f" 扣 {fmt2(d['points'])} 分"
                    for d in row["deductions"])


def _fit_height(texts: list[tuple[str, float]]) -> float | None:
    lines = max((max(1, -(-display_width(t) // max(1, int(w)))) for t, w in texts if t), default=1)
    return 15 * lines if lines > 1 else None


def _summary(wb: xlsxwriter.Workbook, fmt: _Fmt, batch: Any, title: str) -> dict[str, Any]:
    scored = batch.scored
    rows = [r for o in scored for r in o.rows]
    levels = _level_names(rows)
    # The key columns come first and are what prints (one A3 page wide, readable); the 分值/得分 of
    # each 一级 follow on screen: a batch of several evaluation types has a dozen 一级 names, and ~45
    # columns fitted on one page printed unreadably small. The 得分率 sheet prints them as rates.
    headers = ["序号", "文件夹", "被评单位", "项目名称", "评价类型", "年度",
               "总分", "等级", "预算执行率", "预算调整率", "主要扣分", "警告", "综合评分表"]
    widths: list[float] = [6, 22, 24, 24, 10, 7, 9, 6, 11, 11, 44, 6, 12]
    printed = len(headers)
    for name in levels:
        headers += [f"{name}\n分值", f"{name}\n得分"]
        widths += [8, 8]
    caption = (f"共 {len(batch.outcomes)} 个项目文件夹：已评分 {len(scored)} 个，未通过 {len(batch.failed)} 个"
               "（见“未通过”表）；分值和得分单位：分" + ("；各一级指标的分值和得分在右侧各列（不打印）" if levels else ""))
    ws = _sheet(wb, fmt, SUMMARY_TABLE, title, headers, widths, caption, paper="A3", printed=printed)
    first_level_col = printed
    col_total = 6
    col = {"total": col_total, "grade": col_total + 1, "execution": col_total + 2, "adjustment": col_total + 3}
    r = HEADER + 1
    for n, (outcome, row) in enumerate(((o, row) for o in scored for row in o.rows), 1):
        ws.write_number(r, 0, n, fmt.int)
        for c, text in enumerate((outcome.folder, row["unit"], row["project"], row["type"]), start=1):
            ws.write_string(r, c, str(text or ""), fmt.text)
        if row["year"] is not None:
            ws.write_number(r, 5, int(row["year"]), fmt.int)
        else:
            ws.write_string(r, 5, "", fmt.text)
        by_name = {lv["name"]: lv for lv in row["level1"]}
        for i, name in enumerate(levels):
            lv = by_name.get(name)
            c = first_level_col + 2 * i
            if lv is None:
                ws.write_blank(r, c, None, fmt.num)
                ws.write_blank(r, c + 1, None, fmt.num)
            else:
                ws.write_number(r, c, as_float(lv["weight"]), fmt.num)
                ws.write_number(r, c + 1, as_float(lv["score"]), fmt.num)
        ws.write_number(r, col["total"], as_float(row["total"]), fmt.num)
        ws.write_string(r, col["grade"], row["grade"], fmt.center)
        _rate(ws, fmt, r, col["execution"], row["execution"])
        _rate(ws, fmt, r, col["adjustment"], row["adjustment"])
        deductions = _deduction_text(row)
        ws.write_string(r, col_total + 4, deductions, fmt.text)
        ws.write_number(r, col_total + 5, outcome.warnings, fmt.int)
        if outcome.result_file:
            ws.write_url(r, col_total + 6, f"external:{outcome.result_file}", fmt.link, string="打开",
                         tip=outcome.result_file)
        height = _fit_height([(deductions, widths[col_total + 4]), (str(row["unit"]), widths[2]),
                              (str(row["project"]), widths[3]), (outcome.folder, widths[1])])
        if height:
            ws.set_row(r, height)
        r += 1
    if scored:
        ws.autofilter(HEADER, 0, r - 1, len(headers) - 1)
    ws.print_area(0, 0, max(r - 1, HEADER), printed - 1)
    return {"first": HEADER + 1, "last": r - 1, "col": col, "levels": levels, "rows": rows}


def _distribution(wb: xlsxwriter.Workbook, fmt: _Fmt, layout: dict[str, Any], title: str) -> dict[str, Any]:
    rows = layout["rows"]
    grades = _grades(rows)
    # columns wide enough that the merged title is not clipped ("022–2024年度绩效评价等级分")
    ws = _sheet(wb, fmt, SUMMARY_GRADES, title, ["等级", "个数", "占比"], [22, 22, 22],
                "个数由“汇总”表的等级列统计")
    first, last, gcol = layout["first"], layout["last"], layout["col"]["grade"]
    grade_range = f"'{SUMMARY_TABLE}'!{xl_rowcol_to_cell(first, gcol, True, True)}:{xl_rowcol_to_cell(max(first, last), gcol, True, True)}"
    total = len(rows)
    r = HEADER + 1
    total_cell = xl_rowcol_to_cell(HEADER + 1 + len(grades), 1)
    for grade in grades:
        count = sum(1 for row in rows if row["grade"] == grade)
        ws.write_string(r, 0, grade, fmt.center)
        ws.write_formula(r, 1, f'=COUNTIF({grade_range},"{grade}")', fmt.int, count)
        ws.write_formula(r, 2, f"=IF({total_cell}=0,0,{xl_rowcol_to_cell(r, 1)}/{total_cell})", fmt.pct,
                         count / total if total else 0)
        r += 1
    ws.write_string(r, 0, "合计", fmt.bold)
    ws.write_formula(r, 1, f"=SUM({xl_rowcol_to_cell(HEADER + 1, 1)}:{xl_rowcol_to_cell(r - 1, 1)})", fmt.int, total)
    ws.write_formula(r, 2, f"=IF({total_cell}=0,0,1)", fmt.pct, 1 if total else 0)
    return {"first": HEADER + 1, "last": HEADER + len(grades)}


def _rates(wb: xlsxwriter.Workbook, fmt: _Fmt, layout: dict[str, Any], title: str, scored: list[Any]) -> dict[str, Any]:
    levels = layout["levels"]
    ws = _sheet(wb, fmt, SUMMARY_RATES, title, ["被评单位（项目）", *levels, "总得分率"],
                [30.0] + [10.0] * (len(levels) + 1), "得分率 = 得分 ÷ 分值", paper="A3" if len(levels) > 8 else "A4")
    r = HEADER + 1
    for row in (row for outcome in scored for row in outcome.rows):
        label = row["unit"] + (f"（{row['project']}）" if row["project"] else "")
        ws.write_string(r, 0, label, fmt.text)
        height = _fit_height([(label, 30)])  # long names wrapped onto the next row's name
        if height:
            ws.set_row(r, height)
        by_name = {lv["name"]: lv for lv in row["level1"]}
        for i, name in enumerate(levels, start=1):
            lv = by_name.get(name)
            if lv is None:
                ws.write_blank(r, i, None, fmt.pct)
            else:
                _rate(ws, fmt, r, i, lv["rate"])
        _rate(ws, fmt, r, len(levels) + 1, row["rate"])
        r += 1
    return {"first": HEADER + 1, "last": r - 1}


def _charts(wb: xlsxwriter.Workbook, fmt: _Fmt, layout: dict[str, Any], dist: dict[str, Any],
            rates: dict[str, Any], title: str) -> None:
    ws = wb.add_worksheet(SUMMARY_CHARTS)
    ws.write_string(0, 0, title, fmt.title_left)  # left-aligned: centred in column A it was clipped
    ws.set_paper(PAPER["A4"])
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    font = {"name": FONT, "size": 12}

    grades = wb.add_chart({"type": "column"})
    grades.add_series({"name": "个数", "categories": [SUMMARY_GRADES, dist["first"], 0, dist["last"], 0],
                       "values": [SUMMARY_GRADES, dist["first"], 1, dist["last"], 1],
                       "data_labels": {"value": True}})
    grades.set_title({"name": "等级分布", "name_font": font})
    grades.set_legend({"none": True})
    grades.set_y_axis({"min": 0, "major_gridlines": {"visible": True}})
    ws.insert_chart(2, 0, grades, {"x_scale": 1.0, "y_scale": 1.0})

    if rates["last"] >= rates["first"]:
        _rate_bars(wb, ws, fmt, layout["rows"], font)

        col = layout["col"]
        scatter = wb.add_chart({"type": "scatter"})
        scatter.add_series({"name": "总分",
                            "categories": [SUMMARY_TABLE, layout["first"], col["execution"], layout["last"], col["execution"]],
                            "values": [SUMMARY_TABLE, layout["first"], col["total"], layout["last"], col["total"]],
                            "marker": {"type": "circle", "size": 5}})
        scatter.set_title({"name": "总分与预算执行率", "name_font": font})
        scatter.set_x_axis({"name": "预算执行率", "num_format": "0%", "name_font": {"name": FONT}})
        scatter.set_y_axis({"name": "总分", "min": 0, "max": 100, "name_font": {"name": FONT}})
        scatter.set_legend({"none": True})
        ws.insert_chart(18, 0, scatter, {"x_scale": 1.0, "y_scale": 1.0})


CHART_UNITS = 15  # bars at each end of the ranking when there are more units than 2 × this


def _rate_bars(wb: xlsxwriter.Workbook, ws: Any, fmt: _Fmt, rows: list[dict[str, Any]], font: dict) -> None:
    """Horizontal bars of 总得分率, highest first: readable names for 1 unit or 200. Beyond 2 × CHART_UNITS
    units the chart shows the top and bottom CHART_UNITS (the 得分率 sheet lists every unit). A
    column chart of every unit by every 一级 printed 15 rotated names over a squashed strip."""
    # lowest first: a bar chart draws its first category at the bottom, so the highest is on top
    ranked = sorted((r for r in rows if r["rate"] is not None), key=lambda r: r["rate"])
    if len(ranked) > 2 * CHART_UNITS:
        shown = ranked[:CHART_UNITS] + ranked[-CHART_UNITS:]
        note = f"共 {len(ranked)} 个，图中为得分率最高和最低的各 {CHART_UNITS} 个；全部见“得分率”表"
    else:
        shown, note = ranked, f"共 {len(ranked)} 个"
    if not shown:
        return
    first = 40  # the chart's data, below the charts (the chart reads its bars from these cells)
    ws.write_string(first - 2, 0, f"图中数据：各单位（项目）总得分率，从低到高（{note}）", fmt.caption)
    ws.write_string(first - 1, 0, "被评单位（项目）", fmt.header)
    ws.write_string(first - 1, 1, "总得分率", fmt.header)
    ws.set_column(0, 0, 36)
    for i, row in enumerate(shown):
        label = row["unit"] + (f"（{row['project']}）" if row["project"] else "")
        ws.write_string(first + i, 0, label, fmt.text)
        _rate(ws, fmt, first + i, 1, row["rate"])
        height = _fit_height([(label, 36)])
        if height:
            ws.set_row(first + i, height)
    last = first + len(shown) - 1
    bars = wb.add_chart({"type": "bar"})
    bars.add_series({"name": "总得分率", "categories": [SUMMARY_CHARTS, first, 0, last, 0],
                     "values": [SUMMARY_CHARTS, first, 1, last, 1], "gap": 60,
                     "data_labels": {"value": True, "num_format": "0.00%", "font": {"name": FONT, "size": 8}}})
    bars.set_title({"name": "各单位总得分率（从高到低）", "name_font": font})
    bars.set_x_axis({"num_font": {"name": FONT, "size": 9}})
    bars.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
    bars.set_legend({"none": True})
    bars.set_size({"width": 620, "height": 90 + 22 * len(shown)})
    ws.insert_chart(2, 9, bars)


def _failed(wb: xlsxwriter.Workbook, fmt: _Fmt, batch: Any, title: str) -> None:
    headers = ["序号", "文件夹", "文件", "工作表", "单元格", "问题", "代码"]
    widths: list[float] = [6, 26, 18, 12, 9, 60, 18]
    # The issue code (last column, English) is for the screen; the printed page ends at 问题.
    ws = _sheet(wb, fmt, SUMMARY_FAILED, title, headers, widths,
                f"{len(batch.failed)} 个文件夹未评分；修正后可单独运行 xlkit check / xlkit score", printed=len(headers) - 1)
    r = HEADER + 1
    for n, outcome in enumerate(batch.failed, start=1):
        issues = outcome.issues or [{"file": None, "sheet": None, "cell": None, "message": outcome.error or "未评分",
                                     "code": "folder-error"}]
        for issue in issues:
            ws.write_number(r, 0, n, fmt.int)
            values = (outcome.folder, issue.get("file"), issue.get("sheet"), issue.get("cell"), issue.get("message"),
                      issue.get("code"))
            for c, v in enumerate(values, start=1):
                ws.write_string(r, c, str(v or ""), fmt.text)
            height = _fit_height([(str(issue.get("message") or ""), widths[5]), (outcome.folder, widths[1])])
            if height:
                ws.set_row(r, height)
            r += 1
    ws.print_area(0, 0, max(r - 1, HEADER), len(headers) - 2)


def write_summary(batch: Any, path: str | Path, *, force: bool = False) -> Path:
    """Write the 汇总 workbook of ``batch`` (``xlkit.bureau.batch.BatchResult``) atomically."""
    path = Path(path)
    years = sorted({row["year"] for o in batch.scored for row in o.rows if row.get("year")})
    span = f"{years[0]}年度" if len(years) == 1 else (f"{years[0]}–{years[-1]}年度" if years else "")
    title = f"{span}预算绩效评价汇总表"
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False,
                                            "in_memory": True})
        wb.set_properties({"title": title, "comments": "xlkit batch"})
        fmt = _Fmt(wb)
        layout = _summary(wb, fmt, batch, title)
        dist = _distribution(wb, fmt, layout, f"{span}绩效评价等级分布")
        rates = _rates(wb, fmt, layout, f"{span}各单位一级指标得分率", batch.scored)
        _charts(wb, fmt, layout, dist, rates, f"{span}绩效评价汇总图表")
        _failed(wb, fmt, batch, f"{span}未通过校验的项目文件夹")
        wb.close()
    return path
