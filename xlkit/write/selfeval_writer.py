"""Result sheets for 自评表: the scored 自评表 in its filed layout, 自评汇总 and 自评对比.

The scored 自评表 sheet is laid out as the 项目支出绩效自评表 the unit filed (项目资金 block, 年度总体
目标, 绩效指标 with 完成率 and 得分) so it can be printed beside the original; xlkit's figures sit next
to the printed ones (填报得分) and every difference is in the 校验 sheet. A folder of 自评表 alone
gets its own workbook (``write_selfeval_report``): 自评汇总, one sheet per 自评表, 校验.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from xlkit.scoring.evaluation import Result
from xlkit.scoring.selfeval import SelfEvalResult
from xlkit.spec.sheet_names import RESULT_CHECKS, SELFEVAL_COMPARISON, SELFEVAL_SINGLE, SELFEVAL_SUMMARY
from xlkit.write.files import atomic_output
from xlkit.write.sheets import Formats, Sheet, write_checks

__all__ = ["selfeval_sheet", "comparison_sheet", "write_selfeval_report", "sheet_names"]

_BAD = re.compile(r"[\[\]:*?/\\']")


def sheet_names(evals: list[SelfEvalResult], taken: Iterable[str] = frozenset()) -> list[str]:
    """Unique Excel sheet names (≤ 31 characters) for the 自评表 sheets."""
    if len(evals) == 1:
        return [SELFEVAL_SINGLE]
    names, used = [], set(taken)
    for i, se in enumerate(evals, 1):
        base = "自评-" + _BAD.sub("", se.title)[:24]
        name = base if base not in used else f"{base[:26]}-{i}"
        used.add(name)
        names.append(name)
    return names


def _num(ws, r: int, c: int, value: Decimal | None, fmt) -> None:
    if value is None:
        ws.write_string(r, c, "", fmt.text)
    else:
        ws.write_number(r, c, float(value), fmt.num)


def selfeval_sheet(wb: xlsxwriter.Workbook, fmt: Formats, se: SelfEvalResult, name: str) -> None:
    info = se.info
    headers = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "权重", "完成率", "达成", "得分", "填报得分",
               "偏差原因分析及改进措施", "评分说明"]
    widths: list[float] = [10, 12, 22, 14, 14, 7, 9, 6, 8, 8, 28, 36]
    year = info.get("year") or ""
    sh = Sheet(wb, fmt, name, f"项目支出绩效自评表（{year}年度）" if info.get("kind") != "部门整体"
                else f"部门整体支出绩效自评表（{year}年度）", headers, widths,
                f"项目名称：{se.title}    主管部门：{info.get('department') or ''}    实施单位：{info.get('unit') or ''}",
                "金额单位：万元", paper="A3")
    ws = sh.ws
    # 项目资金 block as filed: 年初, 全年, 执行数, 分值, 执行率, 得分.
    r = sh.row
    for c, h in enumerate(["项目资金（万元）", "", "", "年初预算数", "全年预算数", "分值", "执行率", "", "得分", "填报得分",
                           "全年执行数", ""]):
        ws.write_string(r, c, h, fmt.header)
    ws.merge_range(r, 0, r, 2, "项目资金（万元）", fmt.header)
    r += 1
    ws.merge_range(r, 0, r, 2, "年度资金总额", fmt.text)
    sh.amount(r, 3, se.initial)
    sh.amount(r, 4, se.annual)
    _num(ws, r, 5, se.exec_weight if se.exec_weight else None, fmt)
    sh.rate(r, 6, se.exec_rate)
    ws.write_string(r, 7, "", fmt.text)
    _num(ws, r, 8, se.exec_score, fmt)
    printed = info.get("printed_exec_score")
    _num(ws, r, 9, Decimal(printed) if printed is not None else None, fmt)
    sh.amount(r, 10, se.spent)
    ws.write_string(r, 11, "执行率 = 全年执行数 ÷ 全年预算数；得分 = 执行率（保留两位小数百分比）× 分值", fmt.text)
    r += 2
    ws.merge_range(r, 0, r, 2, "年度总体目标", fmt.section)
    r += 1
    ws.merge_range(r, 0, r, 5, "预期目标", fmt.header)
    ws.merge_range(r, 6, r, 11, "实际完成情况", fmt.header)
    r += 1
    for goal, done in se.goals or [("", "")]:
        ws.merge_range(r, 0, r, 5, goal, fmt.text)
        ws.merge_range(r, 6, r, 11, done, fmt.text)
        sh.fit(r, [(goal, 4), (done, 10)])
        ws.set_row(r, max(30, min(400, 15 * (1 + max(len(goal), len(done)) // 60))))
        r += 1
    r += 1
    for c, h in enumerate(headers):
        ws.write_string(r, c, h, fmt.header)
    r += 1
    for item in se.indicators:
        ws.write_string(r, 0, item.level1, fmt.text)
        ws.write_string(r, 1, item.level2, fmt.text)
        ws.write_string(r, 2, item.name, fmt.text)
        ws.write_string(r, 3, item.target, fmt.center)
        ws.write_string(r, 4, item.actual, fmt.center)
        _num(ws, r, 5, item.weight, fmt)
        sh.rate(r, 6, item.completion)
        ws.write_string(r, 7, {True: "是", False: "否", None: "-"}[item.met], fmt.center)
        _num(ws, r, 8, item.score, fmt)
        _num(ws, r, 9, item.printed, fmt)
        ws.write_string(r, 10, item.row.deviation or "", fmt.text)
        note = f"{item.rule}" + (f"（{item.params}）" if item.params else "") + (f"：{item.reason}" if item.reason else "")
        ws.write_string(r, 11, note, fmt.text)
        # the 一级/二级 names wrap in their narrow columns too ("可持续影响指标" overprinted the next row)
        sh.fit(r, [(item.name, 2), (item.row.deviation or "", 10), (note, 11), (item.level1, 0), (item.level2, 1)])
        r += 1
    ws.merge_range(r, 0, r, 4, "总分", fmt.bold)
    ws.write_number(r, 5, float(se.total_weight), fmt.bold_num)
    ws.write_string(r, 6, "", fmt.bold)
    ws.write_string(r, 7, se.grade or "", fmt.bold)
    if se.total is not None:
        ws.write_number(r, 8, float(se.total), fmt.bold_num)
    else:
        ws.write_string(r, 8, "不评分", fmt.bold)
    pt = se.printed_total
    if pt is not None:
        ws.write_number(r, 9, float(pt), fmt.bold_num)
    else:
        ws.write_string(r, 9, "", fmt.bold)
    ws.merge_range(r, 10, r, 11, f"等级：{se.grade or '-'}（填报：{info.get('printed_grade') or '-'}）", fmt.bold_text)
    sh.row = r + 1


def comparison_sheet(wb: xlsxwriter.Workbook, fmt: Formats, comparisons: list, title: str) -> None:
    headers = ["自评指标", "自评权重", "自评得分", "自评得分率", "对应关系", "评价指标", "评价分值", "评价得分", "评价得分率",
               "得分率差异", "差异原因"]
    sh = Sheet(wb, fmt, SELFEVAL_COMPARISON, f"{title}自评与评价结果对比", headers,
                [24, 8, 8, 9, 8, 26, 8, 8, 9, 9, 44], "对应关系由评价机构在自评表“对应评价指标”栏填写", "单位：分",
                paper="A3")
    ws = sh.ws
    for cmp in comparisons:
        r = sh.row
        ws.merge_range(r, 0, r, 10, f"自评表：{cmp.selfeval.title}（{cmp.selfeval.file}）", fmt.bold_text)
        sh.row += 1
        for row in cmp.rows:
            r = sh.row
            ws.write_string(r, 0, row.self_name, fmt.text)
            _num(ws, r, 1, row.self_weight, fmt)
            _num(ws, r, 2, row.self_score, fmt)
            sh.rate(r, 3, row.self_rate)
            ws.write_string(r, 4, row.kind, fmt.center)
            evals = "、".join(f"{i.code} {i.name}" for i in row.evals)
            ws.write_string(r, 5, evals, fmt.text)
            _num(ws, r, 6, row.eval_weight, fmt)
            _num(ws, r, 7, row.eval_score, fmt)
            sh.rate(r, 8, row.eval_rate)
            sh.rate(r, 9, row.rate_difference)
            ws.write_string(r, 10, row.cause, fmt.text)
            sh.fit(r, [(row.self_name, 0), (evals, 5), (row.cause, 10)])
            sh.row += 1
        r = sh.row
        ws.write_string(r, 0, "总分", fmt.bold)
        ws.write_string(r, 1, "", fmt.bold)
        _num(ws, r, 2, cmp.self_total, fmt)
        ws.write_string(r, 3, cmp.self_grade or "", fmt.bold)
        ws.write_string(r, 4, "", fmt.bold)
        ws.write_string(r, 5, "", fmt.bold)
        ws.write_string(r, 6, "", fmt.bold)
        ws.write_number(r, 7, float(cmp.eval_total), fmt.bold_num)
        ws.write_string(r, 8, cmp.eval_grade, fmt.bold)
        if cmp.difference is not None:
            ws.write_number(r, 9, float(cmp.difference), fmt.bold_num)
        else:
            ws.write_string(r, 9, "", fmt.bold)
        ws.write_string(r, 10, "差异 = 评价总分 − 自评总分", fmt.bold_text)
        sh.row += 1
        for cause in cmp.causes:
            ws.merge_range(sh.row, 0, sh.row, 10, cause, fmt.text)
            sh.fit(sh.row, [(cause, 10)])
            sh.row += 1
        sh.row += 1


def _summary(wb: xlsxwriter.Workbook, fmt: Formats, evals: list[SelfEvalResult], names: list[str], title: str) -> None:
    headers = ["序号", "自评表", "自评类型", "全年预算数", "全年执行数", "执行率", "执行率得分", "权重合计", "总分", "等级",
               "填报总分", "填报等级", "差异", "工作表"]
    sh = Sheet(wb, fmt, SELFEVAL_SUMMARY, f"{title}绩效自评汇总", headers,
                [6, 30, 9, 12, 12, 9, 9, 9, 8, 6, 8, 8, 8, 18], f"共 {len(evals)} 张自评表", "金额单位：万元")
    ws = sh.ws
    for i, (se, name) in enumerate(zip(evals, names), 1):
        r = sh.row
        ws.write_number(r, 0, i, fmt.center)
        ws.write_string(r, 1, se.title, fmt.text)
        ws.write_string(r, 2, se.info.get("kind") or "", fmt.center)
        sh.amount(r, 3, se.annual)
        sh.amount(r, 4, se.spent)
        sh.rate(r, 5, se.exec_rate)
        _num(ws, r, 6, se.exec_score, fmt)
        _num(ws, r, 7, se.total_weight, fmt)
        _num(ws, r, 8, se.total, fmt)
        ws.write_string(r, 9, se.grade or "", fmt.center)
        _num(ws, r, 10, se.printed_total, fmt)
        ws.write_string(r, 11, se.info.get("printed_grade") or "", fmt.center)
        diff = se.printed_total - se.total if se.printed_total is not None and se.total is not None else None
        _num(ws, r, 12, diff, fmt)
        ws.write_url(r, 13, f"internal:'{name}'!A1", string=name)
        sh.fit(r, [(se.title, 1)])
        sh.row += 1


def write_selfeval_report(report: Result, path: str | Path, *, force: bool = False) -> Path:
    """A folder of 自评表 alone (a ``Result`` without ``evaluation``): 自评汇总, one sheet per 自评表, 校验."""
    path = Path(path)
    info = report.info
    title = f"{info.get('unit') or ''}{info.get('year') or ''}年度"
    with atomic_output(path, force=force) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False, "in_memory": True})
        wb.set_properties({"title": f"{title}绩效自评结果", "comments": "xlkit"})
        fmt = Formats(wb)
        names = sheet_names(report.self_evals, {SELFEVAL_SUMMARY, RESULT_CHECKS})
        _summary(wb, fmt, report.self_evals, names, title)
        for se, name in zip(report.self_evals, names):
            selfeval_sheet(wb, fmt, se, name)
        if report.fund is not None:
            from xlkit.write.fund_writer import fund_sheet

            fund_sheet(wb, fmt, report.fund)
        write_checks(wb, fmt, report, title)
        wb.close()
    return path

