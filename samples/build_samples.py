#!/usr/bin/env python3
"""Rebuild the bundled samples: seed reports filled into xlkit's own templates.

    python samples/build_samples.py            # rewrite every sample folder
    python samples/build_samples.py OUT_DIR    # write them under OUT_DIR instead (tests do this)

Every figure is the seed report's own (tests/goldens/000.toml for 喀什市医疗保障局 2024). The evaluator's work is entered the way a person would in Excel: the
standard indicator system is generated, then 实际完成值, 扣分事项, the budget tables, the voucher
ledger and the questionnaire tally are typed in. Nothing here computes a score.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import xlkit
from xlkit.spec.templates import workbook_specs
from xlkit.write.fill import fill_workbook

HERE = Path(__file__).resolve().parent
D = Decimal

# --------------------------------------------------------------------------------------------
# Seed 000: 喀什市医疗保障局 2024年度部门整体支出绩效评价 (92.90 优)

KASHI_INFO = {
    "department": "喀什市医疗保障局",
    "commissioner": "喀什市财政局",
    "evaluator": "新疆驰远天合有限责任会计师事务所",
    "period": "2024年1月1日-2024年12月31日",
    "report_no": "驰天会咨字[2025]1-0185号",
    "survey_method": "等权平均",
}

# 实际完成值 of the 24 indicators in system order (附件1 / 表4-x "完成值"), with 数据来源.
KASHI_ACTUALS = [
    ("合理", "《喀什市医疗保障事业“十四五”规划》"),
    ("较科学完整", "2024年工作计划"),
    ("明确", "部门（单位）整体绩效目标申报表"),
    ("合理", "部门（单位）整体绩效目标申报表"),
    ("规范", "预算批复文件"),
    ("匹配", "预算批复文件"),
    ("较不健全", "内部控制制度"),
    ("100.00%", "2024年部门决算报表"),
    ("按时公开", "预决算公开网页"),
    ("较合规", "会计凭证（基础表1）"),
    ("执行且较有效", "会计凭证（基础表1）、采购意向公告"),
    ("较不规范", "固定资产台账、现场资产抽查"),
    ("100.00%", "2024年度行政事业性国有资产报表"),
    ("99.92%", "项目绩效自评表（3个项目平均分 99.92分）"),
    ("20.21%", "2024年部门决算报表"),
    ("执行且有效", "医保基金收支公示"),
    ("有效", "定点医药机构稽查资料"),
    ("99.49%", "参保统计（应参保 54.79万人，实际参保 54.51万人）"),
    ("100.00%", "参保统计"),
    ("超28项", "医保经办事项清单"),
    ("118.04%", "药品网采统计（配送 9,503.47 / 结算 7,234.39 × Z值 0.8986）"),
    ("113.65%", "耗材网采统计（配送 111.29 / 结算 90.70 × Z值 0.9262）"),
    ("100.00%", "稽查汇总表（346/346）"),
    ("94.06%", "满意度调查问卷"),
]

KASHI_FINDINGS = [
    {"code": "A12", "reason": "2024年工作计划中缺少总体目标", "evidence": "2024年工作计划"},
    {"code": "A12", "reason": "各项任务未明确责任主体", "evidence": "2024年工作计划"},
    {"code": "A12", "reason": "未见经集体决策并正式下发文件资料", "evidence": "2024年工作计划"},
    {"code": "B11", "points": "1.00", "evidence": "《喀什市医疗保障局收支管理办法》",
     "reason": "《喀什市医疗保障局收支管理办法》预算管理板块缺少预算编制、审批、执行、决算与评价等详细控制制度，"
               "未明确部门内部审批、审核、支付、核算和归档等流程"},
    {"code": "B11", "points": "0.50", "evidence": "《喀什市医疗保障局采购管理办法》",
     "reason": "《喀什市医疗保障局采购管理办法》中缺少政府采购预算与计划管理、政府采购活动管理、验收管理等详细控制要求，"
               "未明确采购的职责分工及权限"},
    {"code": "B31", "points": "0.50", "evidence": "基础表1",
     "reason": "经抽查 9 笔记账凭证，凭证中大额支出未见资金支付审批程序"},
    {"code": "B41", "evidence": "固定资产管理办法",
     "reason": "未按《喀什市医疗保障局固定资产管理办法》“每年按规定清查固定资产一次”的要求开展固定资产盘点工作，"
               "未提供资产清查盘点资料"},
    {"code": "B41", "evidence": "现场资产抽查", "reason": "激光打印机等部门资产实际所在位置与台账中坐落位置不符"},
    {"code": "B41", "evidence": "2024-6-18号",
     "reason": "抽查 2024-6-18号记账凭证（1.79万元，其中文件柜、档案柜 1.00万元），未见采购及资金支付资料"},
]

KASHI_INCOME = {
    "fiscal": {"initial": D("523.64"), "annual": D("498.46"), "adjustment": D("25.18")},
    "total": {"initial": D("523.64"), "annual": D("498.46"), "adjustment": D("25.18")},
}

# 表1-1 (单位：万元); "-" cells are left blank.
KASHI_EXPENSE = {
    "basic": {"initial": D("464.57"), "annual": D("451.32"), "final": D("451.32")},
    "personnel": {"initial": D("457.85"), "annual": D("451.32"), "final": D("451.32")},
    "public": {"initial": D("6.72")},
    "project": {"initial": D("59.08"), "annual": D("47.14"), "final": D("47.14")},
    "total": {"initial": D("523.64"), "annual": D("498.46"), "final": D("498.46")},
}

# 表1-2: (名称, 类型, 年初, 调整后, 实际支出)
KASHI_PROJECTS = [
    ("单位运转项目", "年初预算项目", "1.00", "1.00", "1.00"),
    ("破产企业退休及工伤人员医疗补助项目", "年初预算项目", "2.80", "2.80", "2.80"),
    ("离休干部及革命伤残军人医疗补助项目", "年初预算项目", "43.97", "10.27", "10.27"),
    ("2024年自治区财政全民参保及医疗服务经费", "年初预算项目", "11.31", "11.31", "11.31"),
    ("2024年驻村工作队为民办实事经费", "年中追加项目", None, "15.00", "15.00"),
    ("地方财政补足2023年度城乡居民基本医疗保险补助项目", "年中追加项目", None, "0.04", "0.04"),
    ("公用经费", "年中追加项目", None, "6.72", "6.72"),
]

KASHI_ASSETS = {
    "equipment": {"quantity": 167, "unit_word": "个、台、辆等", "original": D("69.26"), "depreciation": D("37.36"),
                  "net": D("31.90"), "in_use_net": D("31.90")},
    "furniture": {"quantity": 190, "unit_word": "个、套等", "original": D("13.54"), "depreciation": D("3.63"),
                  "net": D("9.91"), "in_use_net": D("9.91")},
    "fixed_total": {"quantity": 357, "original": D("82.80"), "depreciation": D("40.99"), "net": D("41.81"),
                    "in_use_net": D("41.81")},
    "current": {"net": D("1.49")},
}

KASHI_THREE_PUBLIC = {key: {"arranged": "未安排"} for key in ("abroad", "reception", "vehicles", "total")}

DOCS_REWARD = "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、医保基金举报奖励通知书、医保举报案件登记表"
# 基础表1: (月, 日, 凭证号, 摘要, 金额（元）, 凭证内资料内容, 问题, 涉及金额（万元）, 关联指标, 扣分)
KASHI_VOUCHERS = [
    (3, 28, "记账-5", "举报奖励金", "1946.95", DOCS_REWARD, None, None, None, None),
    (6, 5, "记账-2", "采购复印纸", "113099.82",
     "记账凭证、国库集中支付凭证、用款计划审批表、单位支付申请、调整变更政府采购信息申请表、资金申请报告、采购计划备案、"
     "成交通知书、合同、验收单、发票、询价报价单",
     "广告印刷采购验收单无验收人员签字，涉及金额 3.50万元；宣传品制作服务采购成交通知书加盖财务章，涉及金额 1.02万元；"
     "文件柜采购成交通知书无单位盖章、验收单无验收人员签字及单位盖章，涉及金额 1.00万元；复印纸采购成交通知书、合同无单位"
     "盖章、验收单无验收人员签字并盖章，涉及金额 1.51万元；办公用品采购成交通知书、合同无单位盖章，涉及金额 1.50万元；"
     "办公用品采购合同无单位盖章，涉及金额 1.99万元；扫描仪采购成交通知书、合同、验收单无盖章，涉及金额 0.79万元。",
     "11.31", "B32", "0.20"),
    (6, 27, "记账-3", "采购慰问品", "37500",
     "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、成交通知书、合同、验收单、发票、发放签收表",
     "验收单无验收人员签字", "3.75", "B32", "0.20"),
    (8, 12, "记账-2", "采购场地设备", "86000",
     "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、经费使用方案、采购计划备案、成交通知书、合同、验收单、发票",
     "洒水车、垃圾车、垃圾船采购成交通知书无单位盖章、验收单无验收人员签字及单位盖章，涉及金额 6.80万元；宣传品制作采购合同、"
     "成交通知书无采购单位盖章，涉及金额 0.30万元。", "7.10", "B32", "0.20"),
    (8, 12, "记账-3", "破产企业代缴医疗费", "28000",
     "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、会议纪要",
     "未见人员明细及单位资金支付审批文件", "2.80", "B31", "0.50"),
    (8, 12, "记账-4", "离退休人员医疗金", "102678.65",
     "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、统计表", None, None, None, None),
    (8, 29, "记账-8", "举报奖励金", "500", DOCS_REWARD, None, None, None, None),
    (10, 11, "记账-1", "采购爱心超市物资", "26499.94",
     "记账凭证、国库集中支付凭证、用款计划审批表、资金申请报告、成交通知书、合同、验收单、发票", None, None, None, None),
    (10, 11, "记账-2", "举报奖励金", "7553.05", DOCS_REWARD, None, None, None, None),
]

FIVE = ("非常满意", "比较满意", "一般", "不太满意", "不满意")
SCORES = ("1.00", "0.80", "0.60", "0.30", "0.00")
# 附件3: (题号, 题干, 题型, 答题量, 计入满意度, [(选项, 人数, 分值)])
KASHI_QUESTIONS = [
    ("Q1", "您所在单位是以下哪种类型？", "单选", 102, False,
     [("公立医院、卫生院", 21, None), ("私营医院", 23, None), ("诊所", 8, None), ("药店", 50, None),
      ("其他接受监管的机构", 0, None)]),
    ("Q2", "2024 年喀什市医疗保障局是否对各监管机构开展各种形式的培训及业务指导工作？", "是否", 102, False,
     [("是", 102, None), ("否", 0, None)]),
    ("Q3", "您认为喀什市医疗保障局在培训及指导过程中，是否契合自身业务的开展？对培训和业务指导的满意度如何？", "单选", 102,
     True, list(zip(FIVE, (78, 20, 4, 0, 0), SCORES))),
    ("Q4", "2024 年您所在单位是否接受了喀什市医疗保障局业务监督检查？", "是否", 102, False, [("是", 101, None), ("否", 1, None)]),
    ("Q5", "您认为喀什市医疗保障局在监管过程中，监督检查人员的检查方式、检查质量及态度等方面是否满意？", "单选", 101, True,
     list(zip(FIVE, (87, 11, 3, 0, 0), SCORES))),
    ("Q6", "您认为喀什市医疗保障局在日常监督管理过程中，对于自身规范经营，提供良好服务的促进作用如何？", "单选", 102, True,
     list(zip(("显著", "较大", "一般", "较差", "无"), (64, 26, 11, 0, 1), SCORES))),
    ("Q7", "您对喀什市医疗保障局 2024 年度部门单位履职的满意度如何？", "单选", 102, True,
     list(zip(FIVE, (82, 17, 3, 0, 0), SCORES))),
    ("Q8", "如果您对喀什市医疗保障局 2024 年度履职中存在的意见或者建议可以在下方填写。", "填空", None, False, []),
]
KASHI_OPEN = [
    "多组织培训，下发培训资料",
    "医保申报费用时间，麻烦提前通知",
    "加强药店医保政策专业知识培训",
    "信息化方面多提供技术支持和解答",
]


def build_kashi(folder: Path) -> Path:
    specs = workbook_specs()
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank"
        xlkit.new_project(blank, eval_type="部门整体", unit="喀什市医疗保障局", year=2024)
        folder.mkdir(parents=True, exist_ok=True)

        fill_workbook(blank / specs["indicators"].file, specs["indicators"], folder / specs["indicators"].file,
                      forms={"info": KASHI_INFO},
                      tables={"indicators": [{"actual": a, "source": s} for a, s in KASHI_ACTUALS],
                              "findings": KASHI_FINDINGS},
                      force=True)

        projects = [
            {"no": i, "name": name, "kind": kind, "initial": D(initial) if initial else None,
             "adjusted": D(adjusted), "spent": D(spent), "funding": "一般公共预算"}
            for i, (name, kind, initial, adjusted, spent) in enumerate(KASHI_PROJECTS, 1)
        ]
        fill_workbook(blank / specs["budget"].file, specs["budget"], folder / specs["budget"].file,
                      tables={"projects": projects},
                      fixed={"income": KASHI_INCOME, "expense": KASHI_EXPENSE, "assets": KASHI_ASSETS,
                             "three_public": KASHI_THREE_PUBLIC},
                      force=True)

        ledger = [
            {"no": i, "date": dt.date(2024, month, day), "voucher": number, "summary": summary, "amount": D(amount),
             "documents": docs, "problem": problem, "involved": D(involved) if involved else None,
             "indicator": indicator, "points": points}
            for i, (month, day, number, summary, amount, docs, problem, involved, indicator, points)
            in enumerate(KASHI_VOUCHERS, 1)
        ]
        fill_workbook(blank / specs["vouchers"].file, specs["vouchers"], folder / specs["vouchers"].file,
                      forms={"scope": {"period": "2024年1月-12月", "method": "重点抽查",
                                      "scope_note": "抽取会计凭证 9 笔，涉及人员经费、办公用品采购、项目物品采购等支出"}},
                      tables={"ledger": ledger}, force=True)

        questions = [{"qid": q, "text": text, "kind": kind, "answered": n, "scored": "是" if scored else "否"}
                     for q, text, kind, n, scored, _ in KASHI_QUESTIONS]
        options = [{"qid": q, "label": label, "count": count, "score": D(score) if score else None}
                   for q, _, _, _, _, opts in KASHI_QUESTIONS for label, count, score in opts]
        fill_workbook(blank / specs["survey"].file, specs["survey"], folder / specs["survey"].file,
                      forms={"info": {"title": "关于喀什市医疗保障局2024年度部门整体履职满意度调查问卷",
                                      "respondents": "喀什市统筹区内定点医药机构（医疗机构、药店、诊所等）",
                                      "population": 346, "distributed": 102, "returned": 102, "valid": 102,
                                      "mode": "线上"}},
                      tables={"questions": questions, "options": options,
                              "answers": [{"qid": "Q8", "answer": a} for a in KASHI_OPEN]},
                      force=True)
    return folder


def build_qu_county(folder: Path) -> Path:
    # Seed 004's eleven 自评表 (samples/qu_county_selfeval.py); its helpers import each other as siblings.
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from qu_county_selfeval import build_qu_county as build

    return build(folder)


def build_fukang(folder: Path) -> Path:
    # Seed 003: the third-party evaluation (samples/fukang_data.py, four workbooks) and the unit's
    # own 自评表 of 附件7 (samples/fukang_selfeval.py), so that scoring adds 自评对比.
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from fukang_data import build_fukang_evaluation
    from fukang_selfeval import build_fukang_selfeval

    build_fukang_evaluation(folder)
    build_fukang_selfeval(folder)
    return folder


SAMPLES = {"kashi-medical-security-2024": build_kashi, "qu-county-medical-security-2023": build_qu_county,
           "fukang-major-medical-2024": build_fukang}


def build_kashgar(folder: Path) -> Path:
    # Seed 002's fund 收支 table and four 自评表 (samples/kashgar_social_insurance.py).
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from kashgar_social_insurance import build_kashgar as build

    return build(folder)


SAMPLES["kashgar-social-insurance-2022"] = build_kashgar


def build_custom(folder: Path) -> Path:
    # A custom 部门整体 system typed in from `new --system 空白` (samples/custom_system.py).
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    from custom_system import build_custom as build

    return build(folder)


SAMPLES["custom-county-medical-security-2025"] = build_custom


def main(argv: list[str]) -> int:
    base = Path(argv[1]) if len(argv) > 1 else HERE
    for name, build in SAMPLES.items():
        target = base / name
        # Built aside, then copied over: only the workbooks a builder writes are replaced, so a
        # file another builder (or a person) put in the same sample folder is left alone.
        with tempfile.TemporaryDirectory() as tmp:
            built = Path(tmp) / name
            build(built)
            target.mkdir(parents=True, exist_ok=True)
            names = sorted(p.name for p in built.glob("*.xlsx"))
            for file_name in names:
                shutil.copyfile(built / file_name, target / file_name)
        print(f"{target.name}: {', '.join(names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
