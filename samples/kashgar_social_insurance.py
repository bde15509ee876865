"""Seed 002: 喀什地区 2022年度 社会保险基金 — the fund 收支 table and four 自评表, typed as printed.

Transcribed from report 002 (tests/goldens/002.toml; checked against the report's OCR text) into xlkit's templates:

* 基金收支.xlsx — Part A "(一) 社会保险基金总体情况" (002 表(一)), in 亿元 as the report prints it: the two
  pension funds' 预算 / 2022年 / 2021年 收入小计 and 支出小计, their 滚存/累计结余 from the text (51.18,
  38.41), and the printed 合计 column in 原表合计 so that xlkit checks its footing. Nothing derived
  (增长, 增幅%, 执行预算%, 当期结余) is typed: xlkit computes it.
* the two scored 医保 自评表 (C-tab 城镇职工 96.18 优, E-tab 城乡居民 96.85 优, 002 C-tab 自评表/002 E-tab 自评表) with the unit's
  得分 in 填报得分 and 填报执行率得分 / 填报总分 / 填报等级;
* the two unscored pension 自评表 B1/B2 (002 B1 自评表/002 B2 自评表): 是否评分 = 否, 预算数 / 执行数 in 项目资金.

Typing decisions, each where the printed table cannot be typed as it stands:
* Two C-tab rows carry no score any rule gives. They name their rule explicitly, with the reason in
  规则参数, so that the total reproduces 96.18 and the 校验 sheet shows the slip: C#2 享受待遇人次
  (479.45万人次 against ≥132万人次, printed 3 of 5) is 酌情评分; C#7 基本医疗保险预算支出金额 (≤228462万元,
  210485 spent, printed 9.21 of 10) is 按完成比例 with 方向=正向, the direction-blind reading.
* Names cut off by the OCR ("参保人政策范围内住院费用", "满意度指") are completed from the report's own
  narrative (002 C L211–L479); the 偏差原因 cells stay as cut ("…部分员工"): their end is lost.
* The OCR shifted rows (C-tab 成本指标 in the 一级 column, B2's 效益 and 满意度 rows) are realigned as
  the transcription does; the pension tables' garbled band "105%≤≥95%" is typed 95%≤x≤105%, the band the
  text states ("全年预算支出执行目标95%至105%", L41/L43). The E-tab <p>…</p> wrapper is dropped.
* The B tables' "其中：社会保险基金" equals the whole 预算数 / 执行数 and has no row of its own in the
  项目资金 block; only 年度资金总额 is typed. Phone numbers are masked.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from selfeval_fill import build_selfeval, indicator_rows

from xlkit.spec.templates import workbook_spec
from xlkit.write.fill import fill_workbook
from xlkit.write.project import new_fund_table, selfeval_file

YEAR = 2022
SOCIAL = "喀什地区社会保险服务中心"
BUREAU = "新疆维吾尔自治区喀什地区医疗保障局"
BUREAU_SELF = "新疆维吾尔自治区喀什地区医疗保障局（本级）"
CONTACT = "经办人 佐拉姑·沙依木；联系人 尚桂渝；1xx-xxxx-xxxx"

# ---- 基金收支 (002 表(一), 亿元) ----------------------------------------------------------------------

FUND_INFO = {
    "unit": "喀什地区",
    "year": YEAR,
    "amount_unit": "亿元",
    "note": "收入、支出小计不含上下级往来。滚存结余（城乡居民为累计结余）取自报告正文。",
}
# 险种, 预算收入, 预算支出, 2022 收入, 2022 支出, 2021 收入, 2021 支出, 滚存结余
FUNDS = [
    ("机关事业单位养老（改革）", "39.15", "36.08", "41.45", "35.31", "43.23", "32.89", "51.18"),
    ("城乡居民", "11.66", "6.57", "10.78", "6.45", "11.73", "6.45", "38.41"),
]
FUND_KEYS = ("name", "budget_income", "budget_expense", "income", "expense", "prior_income", "prior_expense",
             "balance")
# The printed 合计 column and the text's "滚存结余89.59亿元".
PRINTED_TOTAL = {"budget_income": "50.81", "budget_expense": "42.65", "income": "52.23", "expense": "41.76",
                 "prior_income": "54.96", "prior_expense": "39.34", "balance": "89.59"}


def _num(text: str):
    from decimal import Decimal

    return Decimal(text)


def build_fund(folder: Path) -> Path:
    spec = workbook_spec("fund")
    target = Path(folder) / spec.file
    with tempfile.TemporaryDirectory() as tmp:
        blank = new_fund_table(Path(tmp), unit=FUND_INFO["unit"], year=YEAR, amount_unit="亿元").files[0]
        rows = [{k: (v if k == "name" else _num(v)) for k, v in zip(FUND_KEYS, fund)} for fund in FUNDS]
        fill_workbook(blank, spec, target, forms={"info": FUND_INFO}, tables={"lines": rows},
                      fixed={"printed_total": {"total": {k: _num(v) for k, v in PRINTED_TOTAL.items()}}}, force=True)
    return target


# ---- C-tab: 喀什地区城镇职工基本医疗保险项目 (002 C-tab 自评表, 96.18) -------------------------------------------

CX, XY, MY = "产出指标", "效益指标", "满意度指标"
SL, ZL, SX, CB, SH = "数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标"
STAFF_CUT = "偏差原因：受疫情影响，部分员工"
RESIDENT_CUT = "偏差原因：受疫情影响，居民不"

STAFF_INFO = {
    "project": "喀什地区城镇职工基本医疗保险项目", "department": BUREAU, "unit": BUREAU_SELF, "year": YEAR,
    "kind": "项目支出", "style": "新疆", "scored": "是", "exec_weight": 10, "ratio_basis": "完成率×权重",
    "over": "满分", "printed_exec_score": "9.21", "printed_total": "96.18", "printed_grade": "优",
    "contact": CONTACT, "filed": "2023年2月25日",
}
STAFF_FUNDS = {
    "total": {"initial": "228462", "annual": "228462", "spent": "210485.00"},
    "fiscal": {"initial": "228462.00", "annual": "228462.00", "spent": "210485"},
    "carryover": {"initial": "0.00", "annual": "0.00", "spent": "0.00"},
    "other": {"initial": "0.00", "annual": "0.00", "spent": "0.00"},
}
STAFF_GOAL = (
    "以习近平新时代中国特色社会主义思想为指导，聚焦社会稳定和长治久安总目标，贯彻《社会保险法》、《医疗保障基金使用监督管理条例》，"
    "落实国家基本医疗保险待遇，以保障41万参保人员切身利益为重点，积极履行服务、管理、监管、着力推动各项医保工作的全面、协调、快速发展，"
    "确保基本医疗保险待遇按时、足额拨付，使参保人员的获得感、幸福感不断增强，促进实现新疆社会稳定和长治久安总目标。"
)
C2_REASON = ("理由=照单位自评表所印得分录入：表中未写评分标准，实际 479.45万人次 为目标 132万人次 的 363.22%，"
             "按完成比例应得满分（目标值疑设定有误）")
C7_REASON = "方向=正向"  # the printed 9.21 = 210485 / 228462 × 10: a ≤ target scored as if higher were better
# 一级, 二级, 三级, 性质, 指标值, 单位, 权重, 实际, 填报得分, 设定依据, 上年, 赋分规则, 佐证, 偏差原因, 评分规则, 规则参数
STAFF_ROWS = [
    (CX, SL, "参保人数", None, "≥41万人", None, 5, "40.28万人", "4.91", None, None, None, None, STAFF_CUT),
    (CX, SL, "享受待遇人次", None, "≥132万人次", None, 5, "479.45万人次", "3", None, None, None, None, STAFF_CUT,
     "酌情评分", f"得分=3；{C2_REASON}"),
    (CX, ZL, "预算执行率", None, "≥95%", None, 5, "92.1%", "4.85", None, None, None, None, STAFF_CUT),
    (CX, ZL, "参保人政策范围内住院费用报销比例", None, "≥85%", None, 5, "85%", "5"),
    (CX, SX, "资金拨付及时率", None, "1", None, 5, "100%", "5"),
    (CX, SX, "按时报送各项社会保险基金月报、季报、年报数据及分析", None, "按时报送", None, 15, "按时报送", "15"),
    (CX, CB, "基本医疗保险预算支出金额", None, "≤228462万元", None, 10, "210485万元", "9.21", None, None, None, None,
     STAFF_CUT, "按完成比例", C7_REASON),
    (XY, SH, "基金使用符合政策规定，资金滚存结余在合理范围", None, "基本符合", None, 15, "基本符合", "15"),
    (XY, SH, "减少违规使用社会保险基金的情况", None, "有效减少", None, 15, "有效减少", "15"),
    (MY, MY, "待遇享受人员满意度", None, "≥95%", None, 10, "95%", "10"),
]

# ---- E-tab: 喀什地区城乡居民基本医疗保险项目 (002 E-tab 自评表, 96.85) -------------------------------------------

RESIDENT_INFO = {
    **STAFF_INFO, "project": "喀什地区城乡居民基本医疗保险项目", "printed_exec_score": "8.49",
    "printed_total": "96.85",
}
RESIDENT_FUNDS = {
    "total": {"initial": "432620.00", "annual": "432620.00", "spent": "367065.00"},
    "fiscal": {"initial": "432620.00", "annual": "432620.00", "spent": "367065.00"},
    "carryover": {"initial": "0.00", "annual": "0.00", "spent": "0.00"},
    "other": {"initial": "0.00", "annual": "0.00", "spent": "0.00"},
}
RESIDENT_GOAL = (
    "以习近平新时代中国特色社会主义思想为指导，聚焦社会稳定和长治久安总目标，贯彻《社会保险法》、《医疗保障基金使用监督管理条例》，"
    "落实国家基本医疗保险待遇，主要用于结算上年度医疗待遇支出，包含新冠疫苗资金、上一年度12月未支付资金及本年度需拨付资金。"
    "以保障407.62万名参保人员切身利益为重点，积极履行服务、管理、监管、着力推动各项医保工作的全面、协调、快速发展，"
    "确保基本医疗保险待遇按时、足额拨付。通过项目实施，提升参保人员的获得感、幸福感不断增强，促进实现新疆社会稳定和长治久安总目标。"
)
RESIDENT_ROWS = [
    (CX, SL, "参保人数", None, ">=407.62万人", None, 5, "409.07万人", "5"),
    (CX, SL, "享受待遇人次", None, ">=719.81万人次", None, 5, "559.55万人次", "3.89", None, None, None, None,
     RESIDENT_CUT),
    (CX, ZL, "预算执行率", None, ">=95%", None, 5, "84.85%", "4.47", None, None, None, None, RESIDENT_CUT),
    (CX, ZL, "基本医疗保险政策范围内费用报销比例", None, ">=75%", None, 5, "75%", "5"),
    (CX, SX, "资金拨付及时率", None, "=100%", None, 5, "100", "5", None, None, None, None, RESIDENT_CUT),
    (CX, SX, "按时报送各项社会保险基金月报、季报、年报数据及分析", None, "按时报送", None, 5, "按时报送", "5"),
    (CX, CB, "各级财政实际补助标准", None, "=640元/人", None, 10, "640元/人", "10"),
    (CX, CB, "个人缴费标准", None, "=360元/人", None, 10, "360元/人", "10"),
    (XY, SH, "基金使用符合政策规定，资金滚存结余在合理范围", None, "基本符合", None, 15, "基本符合", "15"),
    (XY, SH, "减少违规使用社会保险基金的情况", None, "有效减少", None, 15, "有效减少", "15"),
    (MY, MY, "参保对象满意度", None, ">=95%", None, 10, "95%", "10"),
]

# ---- B1 / B2: the unscored pension 自评表 (002 B1 自评表/002 B2 自评表, 万元) ------------------------------------------

WC, XYB = "项目完成指标", "项目效益指标"
KC = "可持续影响力指标"
BAND = "95%≤x≤105%"  # printed "105%≤≥95%" (OCR); the text: "全年预算支出执行目标95%至105%"

PENSION_INFO = {
    "department": SOCIAL, "unit": SOCIAL, "year": YEAR, "kind": "项目支出", "style": "新疆", "scored": "否",
    "exec_weight": 0,
}
ORGAN_INFO = {**PENSION_INFO, "project": "喀什地区机关事业单位养老保险（改革）基金预算支出"}
ORGAN_FUNDS = {"total": {"annual": "360780", "spent": "353055"}}
ORGAN_GOAL = (
    "确保我区离退休人员按期足额领取养老金待遇，按期调整待遇，让离退休人员享受国家发展改革成果，安享晚年。",
    "喀什地区严格执行社保基金管理法规政策，按期足额发放养老金待遇，调增离退休人员基本养老金，安享晚年，保证参保人员权益，"
    "未发生基金管理运行风险。完成年度预算的97.86%，基本达到了预期目标，确保了社会稳定和长治久安。",
)
ORGAN_ROWS = [
    (WC, SL, "平均参保缴费人数", None, "≥171230人", None, None, "170886人"),
    (WC, SL, "保障退休待遇人数", None, "≥44604人", None, None, "43975"),
    (WC, SL, "基本养老收入预算执行率", None, BAND, None, None, "105.30%"),
    (WC, SL, "基本养老支出预算执行率", None, BAND, None, None, "97.75%"),
    (WC, ZL, "养老保险待遇首次发放成功率", None, "≥95%", None, None, "≥95%"),
    (WC, ZL, "养老金首次转移成功率", None, "≥95%", None, None, "≥95%"),
    (WC, ZL, "养老金发放时效", None, "每月25日前", None, None, "每月25日前"),
    (WC, ZL, "基金使用符合政策规定", None, "100%", None, None, "100%"),
    (XYB, SH, "充分发挥社会保险的职能作用，让离退休人员安享晚年", None, "好", None, None, "好"),
    (XYB, KC, "离退休人员上访率", None, "≤0.1%", None, None, "≤0.1%"),
    (MY, MY, "离休退人员满意度", None, "≥95%", None, None, "≥95%"),
]
RURAL_INFO = {**PENSION_INFO, "project": "喀什地区城乡居民养老保险基金支出"}
RURAL_FUNDS = {"total": {"annual": "65733", "spent": "64542"}}
RURAL_GOAL = (
    "确保退休人员按期足额领取养老金待遇，按期调整待遇，让退休人员享受国家发展改革成果，安享晚年。",
    "喀什地区严格执行社保基金管理法规政策，按期足额发放养老金待遇，调增离退休人员基本养老金，安享晚年，保证参保人员权益，"
    "未发生基金管理运行风险。完成年度预算的98.19%，达到了预期目标，确保了社会稳定和长治久安。",
)
RURAL_ROWS = [
    (WC, SL, "财政缴费补贴人数", None, "≥183.78万人", None, None, "1835863人"),
    (WC, SL, "保障退休待遇人数", None, "≥30.91万人", None, None, "314906人"),
    (WC, SL, "基本养老收入预算执行率", None, BAND, None, None, "105.18%"),
    (WC, SL, "基本养老支出预算执行率", None, BAND, None, None, "98.48%"),
    (WC, ZL, "养老保险待遇首次发放成功率", None, "≥95%", None, None, "≥95%"),
    (WC, ZL, "养老金首次转移成功率", None, "≥95%", None, None, "≥95%"),
    (WC, ZL, "基金使用符合政策规定", None, "100%", None, None, "100%"),
    (WC, SX, "养老金发放时效", None, "每月25日前", None, None, "每月25日前"),
    (XYB, SH, "让退休人员安享晚年", None, "充分发挥社会保险的职能作用", None, None, "充分发挥社会保险的职能作用"),
    (XYB, KC, "退休人员上访率", None, "上访率控制在0.1%以内，维护社会稳定，长治久安", None, None,
     "上访率0，维护社会稳定，长治久安"),
    (MY, MY, "休退人员满意度", None, "≥95%", None, None, "≥95%"),
]

SELFEVALS = [
    (STAFF_INFO, STAFF_FUNDS, [(STAFF_GOAL, STAFF_GOAL)], STAFF_ROWS),
    (RESIDENT_INFO, RESIDENT_FUNDS, [(RESIDENT_GOAL, RESIDENT_GOAL)], RESIDENT_ROWS),
    (ORGAN_INFO, ORGAN_FUNDS, [ORGAN_GOAL], ORGAN_ROWS),
    (RURAL_INFO, RURAL_FUNDS, [RURAL_GOAL], RURAL_ROWS),
]


def build_kashgar(folder: Path) -> Path:
    """基金收支.xlsx and the four 自评表 of seed 002 in ``folder``; returns the folder."""
    folder = Path(folder)
    build_fund(folder)
    for info, funds, goals, rows in SELFEVALS:
        build_selfeval(folder, info=info, funds=funds, goals=goals, rows=indicator_rows(rows),
                       file_name=selfeval_file(info["project"]))
    return folder
