"""A 部门整体 folder filled the way a clerk fills it, and the clerk's later edits.

Figures are seed 000's (喀什市医疗保障局 2024, 000 附件1, 000 表1-1/表1-2, 000 基础表1, 000 附件3). The folder is
generated with ``xlkit.new_project`` and filled with ``xlkit.write.fill.fill_workbook`` (openpyxl writing
values into the input cells); every later change goes through ``edit``: openpyxl opening the
workbook, setting cells by their Excel address and saving, as a person would in Excel.

The one change from the report: 支出 › 本年支出合计 › 年初预算数 is typed as 523.65 (the sum of
its rows, 464.57 + 59.08), so the clean folder has no issue at all; the report's own 523.64 is
tested separately (goldens 000 S3).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from helpers import load_sample_builder

import xlkit
from xlkit.spec.templates import workbook_specs
from xlkit.write.fill import fill_workbook

D = Decimal
IND, BUD, VOU, SUR = "指标体系.xlsx", "预决算.xlsx", "凭证抽查台账.xlsx", "问卷统计.xlsx"
FILES = (IND, BUD, VOU, SUR)

INFO = {
    "department": "喀什市医疗保障局",
    "commissioner": "喀什市财政局",
    "evaluator": "新疆驰远天合有限责任会计师事务所",
    "period": "2024年1月1日-2024年12月31日",
    "report_no": "驰天会咨字[2025]1-0185号",
}

# 附件1 实际完成值, in the order of the standard system's 24 indicators (rows 4–27 of 指标体系).
ACTUALS = ["合理", "较科学完整", "明确", "合理", "规范", "匹配", "较不健全", "100.00%", "按时公开", "较合规",
           "执行且较有效", "较不规范", "100.00%", "99.92%", "20.21%", "执行且有效", "有效", "99.49%", "100.00%",
           "超28项", "118.04%", "113.65%", "100.00%", "94.06%"]

FINDINGS = [
    {"code": "A12", "reason": "2024年工作计划中缺少总体目标"},
    {"code": "A12", "reason": "各项任务未明确责任主体"},
    {"code": "A12", "reason": "未见经集体决策并正式下发文件资料"},
    {"code": "B11", "points": "1.00", "reason": "《喀什市医疗保障局收支管理办法》预算管理板块缺少详细控制制度"},
    {"code": "B11", "points": "0.50", "reason": "《喀什市医疗保障局采购管理办法》中缺少政府采购详细控制要求"},
    {"code": "B31", "points": "0.50", "reason": "经抽查 9 笔记账凭证，大额支出未见资金支付审批程序", "evidence": "基础表1"},
    {"code": "B41", "reason": "未开展固定资产盘点工作，未提供资产清查盘点资料"},
    {"code": "B41", "reason": "激光打印机等部门资产实际所在位置与台账中坐落位置不符"},
    {"code": "B41", "reason": "2024-6-18号记账凭证未见采购及资金支付资料", "evidence": "2024-6-18号"},
]

INCOME = {
    "fiscal": {"initial": D("523.64"), "annual": D("498.46"), "adjustment": D("25.18")},
    "total": {"initial": D("523.64"), "annual": D("498.46"), "adjustment": D("25.18")},
}
EXPENSE = {
    "basic": {"initial": D("464.57"), "annual": D("451.32"), "final": D("451.32")},
    "personnel": {"initial": D("457.85"), "annual": D("451.32"), "final": D("451.32")},
    "public": {"initial": D("6.72"), "annual": "-", "final": "-"},
    "project": {"initial": D("59.08"), "annual": D("47.14"), "final": D("47.14")},
    "total": {"initial": D("523.65"), "annual": D("498.46"), "final": D("498.46")},
}
PROJECTS = [  # 表1-2: 名称, 类型, 年初, 调整后, 实际支出
    ("单位运转项目", "年初预算项目", D("1.00"), D("1.00"), D("1.00")),
    ("破产企业退休及工伤人员医疗补助项目", "年初预算项目", D("2.80"), D("2.80"), D("2.80")),
    ("离休干部及革命伤残军人医疗补助项目", "年初预算项目", D("43.97"), D("10.27"), D("10.27")),
    ("2024年自治区财政全民参保及医疗服务经费", "年初预算项目", D("11.31"), D("11.31"), D("11.31")),
    ("2024年驻村工作队为民办实事经费", "年中追加项目", "-", D("15.00"), D("15.00")),
    ("地方财政补足2023年度城乡居民基本医疗保险补助项目", "年中追加项目", "-", D("0.04"), D("0.04")),
    ("公用经费", "年中追加项目", "-", D("6.72"), D("6.72")),
]
# Same asset and 三公 tables as the bundled sample (000 三公 and 资产 text).
_SAMPLE = load_sample_builder()
ASSETS = _SAMPLE.KASHI_ASSETS
THREE_PUBLIC = _SAMPLE.KASHI_THREE_PUBLIC

# 基础表1 (rows 4–12 of 台账): 月, 日, 凭证号, 摘要, 金额（元）, 问题, 涉及金额（万元）, 关联指标, 扣分
VOUCHERS = [
    (3, 28, "记账-5", "举报奖励金", D("1946.95"), None, None, None, None),
    (6, 5, "记账-2", "采购复印纸", D("113099.82"), "广告印刷采购验收单无验收人员签字等 7 项", D("11.31"), "B32", "0.20"),
    (6, 27, "记账-3", "采购慰问品", D("37500"), "验收单无验收人员签字", D("3.75"), "B32", "0.20"),
    (8, 12, "记账-2", "采购场地设备", D("86000"), "成交通知书无单位盖章、验收单无验收人员签字", D("7.10"), "B32", "0.20"),
    (8, 12, "记账-3", "破产企业代缴医疗费", D("28000"), "未见人员明细及单位资金支付审批文件", D("2.80"), "B31", "0.50"),
    (8, 12, "记账-4", "离退休人员医疗金", D("102678.65"), None, None, None, None),
    (8, 29, "记账-8", "举报奖励金", D("500"), None, None, None, None),
    (10, 11, "记账-1", "采购爱心超市物资", D("26499.94"), None, None, None, None),
    (10, 11, "记账-2", "举报奖励金", D("7553.05"), None, None, None, None),
]

FIVE = ("非常满意", "比较满意", "一般", "不太满意", "不满意")
SCORES = (D("1.00"), D("0.80"), D("0.60"), D("0.30"), D("0.00"))
# 附件3 (题目 rows 4–11; 选项 rows 4–32 in this order)
QUESTIONS = [
    ("Q1", "您所在单位是以下哪种类型？", "单选", 102, "否",
     [("公立医院、卫生院", 21, None), ("私营医院", 23, None), ("诊所", 8, None), ("药店", 50, None),
      ("其他接受监管的机构", 0, None)]),
    ("Q2", "是否对各监管机构开展各种形式的培训及业务指导工作？", "是否", 102, "否", [("是", 102, None), ("否", 0, None)]),
    ("Q3", "对培训和业务指导的满意度如何？", "单选", 102, "是", list(zip(FIVE, (78, 20, 4, 0, 0), SCORES))),
    ("Q4", "您所在单位是否接受了业务监督检查？", "是否", 102, "否", [("是", 101, None), ("否", 1, None)]),
    ("Q5", "对监督检查人员的检查方式、检查质量及态度是否满意？", "单选", 101, "是",
     list(zip(FIVE, (87, 11, 3, 0, 0), SCORES))),
    ("Q6", "对于自身规范经营，提供良好服务的促进作用如何？", "单选", 102, "是",
     list(zip(("显著", "较大", "一般", "较差", "无"), (64, 26, 11, 0, 1), SCORES))),
    ("Q7", "您对 2024 年度部门单位履职的满意度如何？", "单选", 102, "是", list(zip(FIVE, (82, 17, 3, 0, 0), SCORES))),
    ("Q8", "意见或者建议", "填空", None, "否", []),
]
OPEN = ["多组织培训，下发培训资料", "医保申报费用时间，麻烦提前通知", "加强药店医保政策专业知识培训",
        "信息化方面多提供技术支持和解答"]

# Ten mistakes a clerk makes across the four workbooks, and the one issue each must give:
# (file, sheet, cells typed, (file, sheet, cell, code) of the issue).
TEN = [
    (BUD, "支出", {"D7": "四百五十一"}, (BUD, "支出", "D7", "type-error")),
    (BUD, "项目", {"C5": "年初项目"}, (BUD, "项目", "C5", "not-in-list")),
    (BUD, "支出", {"B12": D("523.64")}, (BUD, "支出", "B12", "footing")),
    (IND, "指标体系", {"M11": "区间"}, (IND, "指标体系", "M11", "unknown-rule")),
    (IND, "指标体系", {"A20": "B61"}, (IND, "指标体系", "A20", "duplicate-code")),
    (IND, "扣分事项", {"C7": "一分"}, (IND, "扣分事项", "C7", "deduction-invalid")),
    (VOU, "台账", {"B7": "2024-8-32"}, (VOU, "台账", "B7", "type-error")),
    (VOU, "台账", {"I5": "B23"}, (VOU, "台账", "I5", "unknown-indicator")),
    (SUR, "选项", {"C12": 2}, (SUR, "题目", "D6", "survey-sum")),
    (SUR, "问卷信息", {"B4": None}, (SUR, "问卷信息", "B4", "required-missing")),
]


def build_clean(folder: Path) -> Path:
    """Generate the 部门整体 set for 喀什市医疗保障局 2024 into ``folder`` and fill it."""
    specs = workbook_specs()
    blank = folder.parent / f"{folder.name}-blank"
    xlkit.new_project(blank, eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
    folder.mkdir(parents=True, exist_ok=True)
    fill_workbook(blank / IND, specs["indicators"], folder / IND, forms={"info": INFO},
                  tables={"indicators": [{"actual": a} for a in ACTUALS], "findings": FINDINGS})
    projects = [{"no": i, "name": n, "kind": k, "initial": ini, "adjusted": adj, "spent": spent,
                 "funding": "一般公共预算"}
                for i, (n, k, ini, adj, spent) in enumerate(PROJECTS, 1)]
    fill_workbook(blank / BUD, specs["budget"], folder / BUD, tables={"projects": projects},
                  fixed={"income": INCOME, "expense": EXPENSE, "assets": ASSETS, "three_public": THREE_PUBLIC})
    ledger = [{"no": i, "date": dt.date(2024, m, d), "voucher": no, "summary": summary, "amount": amount,
               "problem": problem, "involved": involved, "indicator": ind, "points": points}
              for i, (m, d, no, summary, amount, problem, involved, ind, points) in enumerate(VOUCHERS, 1)]
    fill_workbook(blank / VOU, specs["vouchers"], folder / VOU,
                  forms={"scope": {"period": "2024年1月-12月", "method": "重点抽查"}}, tables={"ledger": ledger})
    questions = [{"qid": q, "text": t, "kind": k, "answered": n, "scored": s} for q, t, k, n, s, _ in QUESTIONS]
    options = [{"qid": q, "label": lab, "count": c, "score": sc}
               for q, _, _, _, _, opts in QUESTIONS for lab, c, sc in opts]
    fill_workbook(blank / SUR, specs["survey"], folder / SUR,
                  forms={"info": {"title": "关于喀什市医疗保障局2024年度部门整体履职满意度调查问卷",
                                  "respondents": "定点医药机构", "population": 346, "distributed": 102,
                                  "returned": 102, "valid": 102, "mode": "线上"}},
                  tables={"questions": questions, "options": options, "answers": [{"qid": "Q8", "answer": a} for a in OPEN]})
    shutil.rmtree(blank)
    return folder


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def edit(path: Path, sheet: str, cells: Mapping[str, Any]) -> None:
    """Set cells by address (``{"D7": "四百五十一"}``) and save, as a clerk would in Excel."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref].value = value
    wb.save(path)


def insert_row(path: Path, sheet: str, before: int, values: Mapping[str, Any]) -> None:
    """Insert a row above ``before`` and type ``values`` into it (Excel: right-click › 插入).

    openpyxl moves cells but not merges; Excel grows a merge that spans the insertion point and
    shifts the ones below it, so this does the same.
    """
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ranges = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(r))
    ws.insert_rows(before)
    for r1, c1, r2, c2 in ranges:
        if r1 >= before:
            r1, r2 = r1 + 1, r2 + 1
        elif r2 >= before:
            r2 += 1
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for ref, value in values.items():
        ws[f"{ref}{before}"].value = value
    wb.save(path)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime (ns) of every file in ``folder``."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


def where(issues: Iterable[Any]) -> set[tuple[str | None, str | None, str | None, str]]:
    """The (file, sheet, cell, code) of each issue."""
    return {(i.file, i.sheet, i.cell, i.code) for i in issues}
