"""The completed 综合评分表 workbook of a scored folder (xlsxwriter).

Sheets: 综合评分表 (000 附件1 layout), 得分汇总 (表3-1 with the grade and a chart), 扣分明细,
预决算分析 (表1-1, 表1-2 and every measure with its working), 问卷结果, 校验. Subtotals, totals and
得分率 are live formulas so an evaluator who edits a score sees the sums follow; each formula's
cached value is xlkit's exact figure, so a reader that does not recalculate shows the same.
Floats appear only at the xlsxwriter boundary; every figure is a Decimal until then.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from xlkit.compute import finance
from xlkit.compute.measures import survey_model
from xlkit.compute.survey import coverage_rates, option_shares, question_n, question_rate
from xlkit.read.numbers import fmt2
from xlkit.scoring.evaluation import Evaluation, Result
from xlkit.spec.sheet_names import (
    RESULT_BUDGET,
    RESULT_DEDUCTIONS,
    RESULT_LEVELS,
    RESULT_SCORES,
    RESULT_SHEETS,
    RESULT_SURVEY,
)
from xlkit.spec.templates import workbook_specs
from xlkit.write.files import atomic_output
from xlkit.write.print_layout import DEFAULT_ROW_PT, body_height, page_breaks, width_scale
from xlkit.write.sheets import HEADER, Formats, Sheet, as_float, write_checks
from xlkit.write.writer import FONT, row_height

__all__ = ["write_result", "SHEETS"]

SHEETS = RESULT_SHEETS


def _rate_formula(weight_cell: str, score_cell: str) -> str:
    return f'=IF({weight_cell}=0,"",{score_cell}/{weight_cell})'


def _scores(wb: xlsxwriter.Workbook, fmt: Formats, result: Result, ev: Evaluation,
            title: str) -> dict[str, tuple[str, ...]]:
    """综合评分表; returns the (分值, 得分, 得分率) cells of each 一级 小计 and of 合计.

    Printed at a computed scale with its own page breaks: a 一级/二级 group that runs over a page
    break is merged separately on each page and labelled again there, so no page shows 三级 rows
    under an empty 一级/二级 cell.
    """
    widths: list[float] = [14, 14, 18, 30, 40, 12, 14, 8, 8, 9, 40]
    scale = width_scale(widths, "A3")
    sh = Sheet(wb, fmt, RESULT_SCORES, f"{title}绩效评价指标体系及综合评分表",
                ["一级指标", "二级指标", "三级指标", "指标解释", "评价标准", "目标值", "实际完成值", "分值", "得分",
                 "得分率", "扣分原因"],
                widths, f"评价机构：{result.info.get('evaluator') or ''}", "单位：分", paper="A3", scale=scale)
    ws, cells = sh.ws, {}
    lines = _score_lines(ev, widths)
    first = sh.row
    heights = [ln.height for ln in lines]
    room = body_height("A3", scale) - _HEADER_PT
    breaks = page_breaks(heights, room - _TITLE_PT, room, [ln.opening_height for ln in lines])
    ws.set_h_pagebreaks([first + b for b in breaks])
    starts = {first + b for b in breaks}
    for i, ln in enumerate(lines):
        r = first + i
        opens = r in starts
        height = ln.opening_height if opens else ln.height
        if height != DEFAULT_ROW_PT:
            ws.set_row(r, height)
        if ln.ind is not None:
            ind = ln.ind
            ws.write_string(r, 2, f"{ind.code}{ind.name}", fmt.text)
            ws.write_string(r, 3, ind.explanation or "", fmt.text)
            ws.write_string(r, 4, ind.standard or "", fmt.text)
            ws.write_string(r, 5, ind.target or "", fmt.center)
            ws.write_string(r, 6, ind.actual or "", fmt.center)
            ws.write_number(r, 7, float(ind.weight), fmt.num)
            ws.write_number(r, 8, float(ind.score), fmt.num)
            ws.write_formula(r, 9, _rate_formula(xl_rowcol_to_cell(r, 7), xl_rowcol_to_cell(r, 8)), fmt.pct,
                             as_float(ind.rate))
            ws.write_string(r, 10, ind.reason, fmt.text)
    sub_rows: list[int] = []
    for group in _groups(lines, first):
        lv, col, rows = group
        for seg_first, seg_last in _segments(rows, starts):
            _label_cell(ws, seg_first, seg_last, col, _group_label(lv, col), fmt.center)
    for i, ln in enumerate(lines):
        r = first + i
        if ln.kind == "sub":
            lv1 = ln.lv1
            first1 = min(first + j for j, other in enumerate(lines) if other.lv1 is lv1)
            ws.merge_range(r, 0, r, 6, f"{lv1.name} 小计", fmt.bold)
            for col, value in ((7, lv1.weight), (8, lv1.score)):
                rng = f"{xl_rowcol_to_cell(first1, col)}:{xl_rowcol_to_cell(r - 1, col)}"
                ws.write_formula(r, col, f"=SUM({rng})", fmt.bold_num, float(value))
            ws.write_formula(r, 9, _rate_formula(xl_rowcol_to_cell(r, 7), xl_rowcol_to_cell(r, 8)), fmt.bold_pct,
                             as_float(lv1.rate))
            ws.write_blank(r, 10, None, fmt.bold)
            cells[lv1.code] = tuple(xl_rowcol_to_cell(r, c, True, True) for c in (7, 8, 9))
            sub_rows.append(r)
    r = first + len(lines) - 1
    ws.merge_range(r, 0, r, 6, "合计", fmt.bold)
    for col, value in ((7, ev.total_weight), (8, ev.total)):
        formula = "=" + "+".join(xl_rowcol_to_cell(s, col) for s in sub_rows) if sub_rows else "=0"
        ws.write_formula(r, col, formula, fmt.bold_num, float(value))
    ws.write_formula(r, 9, _rate_formula(xl_rowcol_to_cell(r, 7), xl_rowcol_to_cell(r, 8)), fmt.bold_pct,
                     as_float(ev.rate))
    # Centred in its wide column: left-aligned beside the right-aligned 得分率 it printed as one figure
    # ("92.90%等级：优").
    ws.write_string(r, 10, f"等级：{ev.grade}", fmt.bold)
    cells["合计"] = tuple(xl_rowcol_to_cell(r, c, True, True) for c in (7, 8, 9))
    sh.row = r + 1
    return cells


_TITLE_PT = 28 + DEFAULT_ROW_PT  # title and caption rows, on page 1 only
_HEADER_PT = 30  # the column headings, repeated on every page


class _Line:
    """One printed row of 综合评分表: a 三级 indicator, a 一级 小计 or the 合计."""

    def __init__(self, kind: str, height: float, opening_height: float, lv1=None, lv2=None, ind=None):
        self.kind, self.height, self.opening_height = kind, height, opening_height
        self.lv1, self.lv2, self.ind = lv1, lv2, ind


def _score_lines(result: Evaluation, widths: list[float]) -> list[_Line]:
    """The rows in order with their heights: as written, and when the row opens a page (it then
    carries its 一级 and 二级 labels again, which may need more lines than the row's own text)."""
    lines: list[_Line] = []
    for lv1 in result.level1:
        for lv2 in result.children(lv1.code):
            for k, ind in enumerate(result.indicators_of(lv2.code)):
                own = row_height([(ind.explanation or "", widths[3]), (ind.standard or "", widths[4]),
                                   (ind.reason, widths[10]), (f"{ind.code}{ind.name}", widths[2])]) or DEFAULT_ROW_PT
                labels = row_height([(_group_label(lv1, 0), widths[0]),
                                      (_group_label(lv2, 1), widths[1])]) or DEFAULT_ROW_PT
                starts_group = row_height([(_group_label(lv2, 1), widths[1])] +
                                           ([(_group_label(lv1, 0), widths[0])]
                                            if not lines or lines[-1].kind == "sub" else [])) or DEFAULT_ROW_PT
                height = max(own, starts_group) if k == 0 else own
                lines.append(_Line("ind", height, max(own, labels), lv1, lv2, ind))
        lines.append(_Line("sub", DEFAULT_ROW_PT, DEFAULT_ROW_PT, lv1))
    lines.append(_Line("total", DEFAULT_ROW_PT, DEFAULT_ROW_PT))
    return lines


def _groups(lines: list[_Line], first: int):
    """(level, column, sheet rows) of each 一级 (column 0) and 二级 (column 1) group."""
    for col, attr in ((0, "lv1"), (1, "lv2")):
        current: object = None
        rows: list[int] = []
        for i, ln in enumerate(lines):
            lv = getattr(ln, attr) if ln.kind == "ind" else None
            if lv is not current and rows:
                yield current, col, rows
                rows = []
            current = lv
            if lv is not None:
                rows.append(first + i)
        if rows:
            yield current, col, rows


def _segments(rows: list[int], starts: set[int]):
    """Split a group's rows at page starts: (first, last) per page."""
    seg = [rows[0]]
    for r in rows[1:]:
        if r in starts:
            yield seg[0], seg[-1]
            seg = [r]
        else:
            seg.append(r)
    yield seg[0], seg[-1]


def _label_cell(ws, first: int, last: int, col: int, text: str, fmt) -> None:
    """A 一级/二级 label merged down its rows, as 附件1 prints it."""
    if last > first:
        ws.merge_range(first, col, last, col, text, fmt)
    else:
        ws.write_string(first, col, text, fmt)


def _group_label(lv, col: int) -> str:
    """A 一级 (col 0) or 二级 label. A group continued on a new page repeats it unchanged: whoever
    reads the printed table (or xlkit audit, which groups rows by label text) sees one group."""
    if col == 0:  # the weight on its own line: "A部门决策（15.00分" wrapped its ")" onto a line alone
        return f"{lv.code}{lv.name}\n（{fmt2(lv.weight)}分）"
    return f"{lv.code}{lv.name}"


def _summary(wb: xlsxwriter.Workbook, fmt: Formats, result: Evaluation, title: str,
             cells: dict[str, tuple[str, ...]]) -> None:
    """得分汇总 in the 表3-1 layout, referencing the 小计 cells of 综合评分表."""
    levels = result.level1
    names = [lv.name for lv in levels] + ["合计分值"]
    sh = Sheet(wb, fmt, RESULT_LEVELS, f"表3-1 {title}绩效评价得分表", ["指标", *names],
                [12.0] + [16.0] * len(names), caption_right="单位：分")
    ws = sh.ws
    keys = [lv.code for lv in levels] + ["合计"]
    values = [(lv.weight, lv.score, lv.rate) for lv in levels] + [(result.total_weight, result.total, result.rate)]
    for i, label in enumerate(("权重", "得分", "得分率")):
        r = sh.row + i
        ws.write_string(r, 0, label, fmt.bold)
        for c, (key, vals) in enumerate(zip(keys, values), start=1):
            ws.write_formula(r, c, f"='{RESULT_SCORES}'!{cells[key][i]}", fmt.pct if i == 2 else fmt.num, as_float(vals[i]))
    rate_row = sh.row + 2
    r = sh.row + 4
    bands = "；".join(f"{g.name}≥{fmt2(g.lower)}" if g.lower.is_finite() else f"{g.name}＜{fmt2(result.grades[-2].lower)}"
                     for g in result.grades)
    for label, value in (("总分", fmt2(result.total)), ("等级", result.grade), ("等级标准", bands),
                         ("实现目标", f"{result.full_marks} 个（共 {len(result.indicators)} 个三级指标）")):
        ws.write_string(r, 0, label, fmt.bold)
        ws.merge_range(r, 1, r, len(names), value, fmt.text)
        r += 1
    if result.veto_all:
        ws.write_string(r, 0, "说明", fmt.bold)
        ws.merge_range(r, 1, r, len(names), "存在一票否决整体评价的情形", fmt.text)
        r += 1
    chart = wb.add_chart({"type": "column"})
    chart.add_series({
        "name": "得分率",
        "categories": [RESULT_LEVELS, HEADER, 1, HEADER, len(levels)],
        "values": [RESULT_LEVELS, rate_row, 1, rate_row, len(levels)],
        "data_labels": {"value": True, "num_format": "0.00%"},
    })
    chart.set_title({"name": "各一级指标得分率", "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.set_x_axis({"num_font": {"name": FONT}})
    chart.set_legend({"none": True})
    ws.insert_chart(r + 1, 0, chart, {"x_scale": 1.2, "y_scale": 1.0})


def _deductions(wb: xlsxwriter.Workbook, fmt: Formats, result: Evaluation, title: str) -> None:
    sh = Sheet(wb, fmt, RESULT_DEDUCTIONS, f"{title}扣分明细", ["指标编码", "三级指标", "分值", "扣分", "扣分原因", "依据"],
                [10, 24, 8, 8, 70, 18], caption_right="单位：分")
    ws, first = sh.ws, sh.row
    for ind in result.indicators:
        for d in ind.deductions:
            if not d.points:
                continue
            r = sh.row
            ws.write_string(r, 0, ind.code, fmt.center)
            ws.write_string(r, 1, ind.name, fmt.text)
            ws.write_number(r, 2, float(ind.weight), fmt.num)
            ws.write_number(r, 3, float(d.points), fmt.num)
            ws.write_string(r, 4, d.reason, fmt.text)
            ws.write_string(r, 5, d.evidence or "", fmt.text)
            sh.fit(r, [(d.reason, 4), (ind.name, 1)])
            sh.row += 1
    r = sh.row
    ws.merge_range(r, 0, r, 2, "扣分合计", fmt.bold)
    lost = result.total_weight - result.total
    formula = f"=SUM({xl_rowcol_to_cell(first, 3)}:{xl_rowcol_to_cell(r - 1, 3)})" if r > first else "=0"
    ws.write_formula(r, 3, formula, fmt.bold_num, float(lost))
    ws.merge_range(r, 4, r, 5, f"总分 = {fmt2(result.total_weight)} − {fmt2(lost)} = {fmt2(result.total)}",
                   fmt.bold_text)


def _budget(wb: xlsxwriter.Workbook, fmt: Formats, result: Result, ev: Evaluation, title: str) -> None:
    """预决算分析: 表1-1, the income line, 表1-2 and the 测算项. Several tables on one sheet, so no print
    title: the page breaks are xlkit's, and a table continued on a new page gets its headings again
    (表1-1's headings over the 测算项 printed "100.00%" under 年初预算数)."""
    widths: list[float] = [34, 13, 13, 13, 12, 12, 14, 12]
    sh = Sheet(wb, fmt, RESULT_BUDGET, f"表1-1 {title}支出预决算情况表",
                ["项目", "年初预算数", "全年预算数", "决算数", "预算执行率", "预算调整率", "", ""],
                widths, caption_right="单位：万元", scale=width_scale(widths, "A4"), repeat=False)
    ws = sh.ws
    book = result.check_result.budget if result.check_result else None
    if book is None:
        ws.write_string(sh.row, 0, "未填写预决算工作簿", fmt.text)
        return

    def budget_header() -> float:
        for c, h in enumerate(("项目", "年初预算数", "全年预算数", "决算数", "预算执行率", "预算调整率")):
            ws.write_string(sh.row, c, h, fmt.header)
        ws.set_row(sh.row, 30)
        sh.row += 1
        return 30

    for fr in workbook_specs()["budget"].sheet("expense").fixed_rows:
        row = book.expense.get(fr.key)
        line = finance.BudgetLine(fr.label, *(row.get(k) if row else None for k in ("initial", "annual", "final")))
        sh.need(DEFAULT_ROW_PT, header=budget_header)
        r = sh.row
        ws.write_string(r, 0, ("    " * fr.indent) + fr.label, fmt.bold_text if fr.total else fmt.text)
        for c, v in enumerate((line.initial, line.annual, line.final), start=1):
            sh.amount(r, c, v)
        sh.rate(r, 4, line.execution_rate())
        sh.rate(r, 5, line.adjustment_rate())
        sh.row += 1
    income = book.income.get("total")
    if income is not None:
        adj = finance.income_adjustment(income.get("initial"), income.get("annual"))
        sh.row += 1
        sh.need(2 * DEFAULT_ROW_PT + DEFAULT_ROW_PT)
        r = sh.row
        for c, h in enumerate(("收入", "年初收入数", "全年预算数", "预算调整数", "收入预算调整率")):
            ws.write_string(r, c, h, fmt.header)
        ws.write_string(r + 1, 0, "收入合计", fmt.text)
        sh.amount(r + 1, 1, income.get("initial"))
        sh.amount(r + 1, 2, income.get("annual"))
        sh.amount(r + 1, 3, adj.amount)
        sh.rate(r + 1, 4, adj.rate)
        sh.row += 2
    if book.projects:
        _projects(sh, book, title)
    sh.row += 1
    sh.used += DEFAULT_ROW_PT

    def measure_header() -> float:
        for c, h in ((0, "测算项"), (1, "结果"), (2, "计算过程")):
            ws.write_string(sh.row, c, h, fmt.header)
        ws.merge_range(sh.row, 3, sh.row, 4, "口径", fmt.header)
        ws.merge_range(sh.row, 5, sh.row, 7, "来源", fmt.header)
        sh.row += 1
        return DEFAULT_ROW_PT

    measures = list(ev.measures.values.values())
    heights = [row_height([(m.note, widths[3] + widths[4]), (m.source, sum(widths[5:8])), (m.formula, widths[2]),
                            (m.name, widths[0])]) or DEFAULT_ROW_PT for m in measures]
    sh.need(DEFAULT_ROW_PT, follow=_keep(sh, [DEFAULT_ROW_PT, *heights]))
    ws.write_string(sh.row, 0, "测算项（绑定到指标的实际完成值）", fmt.section)
    sh.row += 1
    sh.used += measure_header()
    for m, height in zip(measures, heights):
        sh.need(height, header=measure_header)
        r = sh.row
        ws.write_string(r, 0, m.name, fmt.text)
        sh.rate(r, 1, m.value)
        ws.write_string(r, 2, m.formula, fmt.text)
        ws.merge_range(r, 3, r, 4, m.note, fmt.text)
        ws.merge_range(r, 5, r, 7, m.source, fmt.text)
        if height != DEFAULT_ROW_PT:
            ws.set_row(r, height)
        sh.row += 1


def _keep(sh: Sheet, heights: list[float]) -> float:
    """Room a table's title needs below it: the whole table (headings first) when it fits on one page,
    so it starts on a new page rather than splitting; else its headings and first row, so the title
    never ends a page alone."""
    whole = sum(heights)
    return whole if whole <= sh.room - 30 else sum(heights[:2])


def _projects(sh: Sheet, book, title: str) -> None:
    """表1-2: per-project 调整率 (signed: a cut is negative, which 000 prints unsigned — goldens 000 S14;
    "-" without 年初) and 执行率, with the 合计 row."""
    ws, fmt = sh.ws, sh.fmt
    sh.row += 1
    sh.used += DEFAULT_ROW_PT
    heads = ("序号 / 项目名称", "项目类型", "年初预算数", "调整后预算数", "预算调整率", "实际支出数", "预算执行率")

    def header() -> float:
        for c, h in enumerate(heads):
            ws.write_string(sh.row, c, h, fmt.header)
        sh.row += 1
        return DEFAULT_ROW_PT

    labels = [f"{p.get('no') or i}. {p.get('name') or ''}" for i, p in enumerate(book.projects, 1)]
    heights = [row_height([(label, sh.widths[0])]) or DEFAULT_ROW_PT for label in labels]
    sh.need(DEFAULT_ROW_PT, follow=_keep(sh, [DEFAULT_ROW_PT, *heights, DEFAULT_ROW_PT]))
    ws.write_string(sh.row, 0, f"表1-2 {title}项目预算安排及执行情况汇总表", fmt.section)
    sh.row += 1
    sh.used += header()
    lines = []
    for i, (p, label, height) in enumerate(zip(book.projects, labels, heights)):
        kind = p.get("kind") if p.get("kind") in finance.PROJECT_KINDS else (
            finance.ADDED_PROJECT if p.get("initial") is None else finance.INITIAL_PROJECT)
        ln = finance.ProjectLine(p.get("name") or "", kind, p.get("initial"), p.get("adjusted"), p.get("spent"))
        lines.append(ln)
        # the 合计 never starts a page alone: the last project goes with it
        sh.need(height, follow=DEFAULT_ROW_PT if i == len(labels) - 1 else 0.0, header=header)
        r = sh.row
        ws.write_string(r, 0, label, fmt.text)
        ws.write_string(r, 1, ln.kind, fmt.center)
        sh.amount(r, 2, ln.initial)
        sh.amount(r, 3, ln.adjusted)
        sh.rate(r, 4, ln.adjustment_rate())
        sh.amount(r, 5, ln.spent)
        sh.rate(r, 6, ln.execution_rate())
        if height != DEFAULT_ROW_PT:
            ws.set_row(r, height)
        sh.row += 1
    pa = finance.project_adjustment(lines)
    sh.used += DEFAULT_ROW_PT
    r = sh.row
    ws.merge_range(r, 0, r, 1, "合计", fmt.bold)
    sh.amount(r, 2, pa.initial_total)
    sh.amount(r, 3, pa.adjusted_total)
    sh.rate(r, 4, pa.rate, bold=True)
    sh.amount(r, 5, pa.spent_total)
    sh.rate(r, 6, pa.execution_rate, bold=True)
    sh.row += 1


def _survey(wb: xlsxwriter.Workbook, fmt: Formats, result: Result, ev: Evaluation, title: str) -> None:
    sh = Sheet(wb, fmt, RESULT_SURVEY, f"{title}满意度问卷统计结果", ["题号", "题目 / 选项", "人数", "占比", "分值", "满意率"],
                [8, 60, 10, 10, 10, 12])
    ws = sh.ws
    cr = result.check_result
    if cr is None or cr.survey is None or not cr.survey.questions:
        ws.write_string(sh.row, 0, "未填写问卷统计工作簿", fmt.text)
        return
    survey = survey_model(cr.survey)
    cov = coverage_rates(survey)
    facts = [("问卷", survey.title), ("调查对象", str(cr.survey.info.get("respondents") or "")),
             ("调查对象总体数", str(survey.population or "")),
             ("发放 / 回收 / 有效", f"{survey.distributed or '-'} / {survey.returned or '-'} / {survey.valid or '-'}")]
    # Label and value share one merged line: in the narrow 题号 column the labels wrapped onto each other.
    for label, text in facts:
        ws.merge_range(sh.row, 0, sh.row, 5, f"{label}：{text}", fmt.text)
        sh.row += 1
    for label, value in (("问卷覆盖率", cov.coverage), ("问卷回收率", cov.return_rate), ("有效回收率", cov.valid_rate)):
        ws.merge_range(sh.row, 0, sh.row, 1, label, fmt.bold_text)
        sh.rate(sh.row, 2, value)
        sh.row += 1
    sh.row += 1
    for q in survey.questions:
        _question(sh, survey, q)
    comp = ev.measures.get("问卷综合满意度")
    if comp is not None:
        r = sh.row + 1
        ws.write_string(r, 0, "综合", fmt.bold)
        ws.merge_range(r, 1, r, 4, f"综合满意度（{comp.note}）= {comp.formula}", fmt.bold_text)
        sh.rate(r, 5, comp.value, bold=True)


def _question(sh: Sheet, survey, q) -> None:
    """One question: a heading row with its N and 满意率, then its options and open answers."""
    ws, fmt = sh.ws, sh.fmt
    qn = survey.question(q.qid)
    r = sh.row
    n = question_n(qn)
    ws.write_string(r, 0, q.qid, fmt.bold)
    ws.write_string(r, 1, f"{q.text}（{q.kind}，答题 {n if n is not None else '-'} 份）", fmt.bold_text)
    sh.fit(r, [(q.text, 1)])
    for c in (2, 3, 4):
        ws.write_blank(r, c, None, fmt.bold)
    if q.scored:
        sh.rate(r, 5, question_rate(qn), bold=True)
    else:
        ws.write_blank(r, 5, None, fmt.bold)
    sh.row += 1
    for (label, count, share), opt in zip(option_shares(qn, "1dp"), qn.options):
        r = sh.row
        ws.write_blank(r, 0, None, fmt.text)
        ws.write_string(r, 1, label, fmt.text)
        ws.write_number(r, 2, count, fmt.center)
        ws.write_string(r, 3, share.text, fmt.dash)
        if opt.score is not None:
            ws.write_number(r, 4, float(opt.score), fmt.num)
        else:
            ws.write_blank(r, 4, None, fmt.text)
        ws.write_blank(r, 5, None, fmt.text)
        sh.row += 1
    for answer in survey.open_answers.get(q.qid, []):
        ws.write_blank(sh.row, 0, None, fmt.text)
        ws.merge_range(sh.row, 1, sh.row, 5, answer, fmt.text)
        sh.row += 1


def result_title(info: dict) -> str:
    """What the sheets are titled after: "喀什市医疗保障局2024年度部门整体" or, for a project, its
    name (which already carries its year: "阜康市医疗保障局2024年职工大额医疗补助项目")."""
    unit, year, project = info.get("unit") or "", info.get("year") or "", info.get("project") or ""
    if project:
        return project if unit and unit in project else f"{unit}{project}"
    return f"{unit}{year}年度{info.get('type') or ''}"


def write_result(result: Result, path: str | Path, *, force: bool = False) -> Path:
    """Write the result workbook to ``path`` atomically; an existing file needs ``force``.

    A folder with the unit's 自评表 adds a sheet per scored 自评表 and 自评对比; a folder of 自评表
    alone (no ``evaluation``) gets 自评汇总, the 自评表 sheets and 校验.
    """
    path = Path(path)
    ev = result.evaluation
    if ev is None:
        from xlkit.write.selfeval_writer import write_selfeval_report

        return write_selfeval_report(result, path, force=force)
    info = result.info
    title = result_title(info)
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True})
        wb.set_properties({"title": f"{title}综合评分表", "comments": "xlkit"})
        fmt = Formats(wb)
        cells = _scores(wb, fmt, result, ev, title)
        _summary(wb, fmt, ev, title, cells)
        _deductions(wb, fmt, ev, title)
        _budget(wb, fmt, result, ev, title)
        _survey(wb, fmt, result, ev, title)
        if result.self_evals:
            from xlkit.write.selfeval_writer import comparison_sheet, selfeval_sheet, sheet_names

            for se, name in zip(result.self_evals, sheet_names(result.self_evals, set(SHEETS))):
                selfeval_sheet(wb, fmt, se, name)
            comparison_sheet(wb, fmt, result.comparisons, title)
        if result.fund is not None:
            from xlkit.write.fund_writer import fund_sheet

            fund_sheet(wb, fmt, result.fund)
        write_checks(wb, fmt, result, title)
        wb.close()
    return path
