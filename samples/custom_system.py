"""A custom 部门整体 indicator system entered as an evaluator would (samples/custom-county-medical-security-2025).

Not a published report: a realistic system of another shape than the standard one — 4 一级 (投入管理 20,
过程管理 35, 产出 30, 效益与满意度 15), 8 二级, 37 三级, grades 中>=70 — started from
``xlkit new --system 空白`` and typed in, exercising every new input: the 其他数据 table, conditions on
its values (本年 and 上年) and on another indicator's 实际完成值, 一票否决 by condition, the 人员 /
支付进度 / 绩效管理覆盖 / 上年数据 tables and their measures, points parameters as 10% and 1/3, ratio
parameters as 33.33%, 实际完成值 with explanations (100%（…）, 9/10（…）), keyword matching, a 理由
containing "；" and an adopted score departing from the rule. Nothing here computes a score: the
expected figures, worked by hand from the written rules, are in tests/test_sample_custom.py.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import xlkit
from xlkit.spec.templates import workbook_specs
from xlkit.write.fill import fill_workbook

D = Decimal
UNIT = "某县医疗保障局"

LEVELS = [
    ("A", "一级", "投入管理", None, "20.00"), ("B", "一级", "过程管理", None, "35.00"),
    ("C", "一级", "产出", None, "30.00"), ("D", "一级", "效益与满意度", None, "15.00"),
    ("A1", "二级", "目标设定", "A", "8.00"), ("A2", "二级", "预算编制", "A", "12.00"),
    ("B1", "二级", "资金管理", "B", "18.00"), ("B2", "二级", "制度与绩效管理", "B", "17.00"),
    ("C1", "二级", "产出数量", "C", "12.00"), ("C2", "二级", "产出质量", "C", "10.00"),
    ("C3", "二级", "产出时效", "C", "8.00"),
    ("D1", "二级", "社会效益", "D", "7.00"), ("D2", "二级", "满意度", "D", "8.00"),
]
NAMES = {code: name for code, _, name, _, _ in LEVELS}

# (code, 三级指标, 分值, 评分标准, 目标值, 实际完成值, 评分规则, 规则参数, 绑定测算项)
INDICATORS = [
    ("A11", "绩效目标合理性", "2.00", "每发现一处不合理扣权重分的10%。", "合理", "基本合理", "扣分制", "每项扣分=10%", None),
    ("A12", "绩效指标明确性", "2.00", "指标不可衡量的，每处扣分值的1/3。", "明确", "较明确", "扣分制", "每项扣分=1/3", None),
    ("A13", "中长期规划", "2.00", "四个要点，每缺一项扣1/4分值。", "完整", "较完整", "要素均分", "要素数=4", None),
    ("A14", "年度工作计划", "2.00", "制定年度工作计划得满分。", "制定", "制定", "达标得满分", None, None),
    ("A21", "预算编制科学性", "3.00", "每发现一处问题扣0.50分。", "科学", "科学", "扣分制", "每项扣分=0.50", None),
    ("A22", "支出预算调整率", "3.00", "调整率在±5%以内得满分，每超出1个百分点扣0.30分。", "±5%以内", None, "容差区间",
     "容差=5%；每点扣分=0.30", "支出预算调整率"),
    ("A23", "在职人员控制率", "3.00", "在职人数不超过编制数得满分。", "≤100%", None, "达标得满分", None, "在职人员控制率"),
    ("A24", "三公经费压减", "3.00", "三公经费预算不高于上年得满分。", "不高于上年", "压减", "条件全满足",
     "条件=三公经费预算数<=上年三公经费预算数 且 三公经费预算变动率<=0", None),
    ("B11", "预算执行率", "5.00", "执行率100%得满分，60%及以下不得分，其间按比例。", "100%", None, "区间线性",
     "满分线=100%；零分线=60%", "预算执行率"),
    ("B12", "资金支付进度", "4.00", "各季度末支付进度达序时进度（25%/50%/75%/100%），每一季度未达扣1分。", "按序时进度", None,
     "条件全满足", "条件=一季度末支付进度>=25% 且 二季度末支付进度>=50% 且 三季度末支付进度>=75% 且 四季度末支付进度>=100%；"
     "计分=按条", None),
    ("B13", "项目资金支付节点", "3.00", "前三季度末项目支付达25%、50%、75%，每一节点未达扣1/3分值。", "按节点",
     "21.43%、52%、76.79%", "节点进度", "节点=一季度:25%, 二季度:50%, 三季度:75%；每项扣比例=33.33%", None),
    ("B14", "三公经费执行率", "3.00", "执行率≥95%得满分，≤80%不得分，其间按比例。", "≥95%", None, "区间线性",
     "满分线=95%；零分线=80%", "三公经费执行率"),
    ("B15", "资金使用合规性", "3.00", "每发现一处不合规扣0.50分；有重大违规问题的一票否决。", "合规", "较合规", "一票否决",
     "内层规则=扣分制；每项扣分=0.50；否决条件=重大违规问题数>0", None),
    ("B21", "内控制度健全性", "3.00", "①预算管理（1分）②收支管理（1分）③采购管理（1分）。", "健全", "较健全",
     "要素分项计分", "要素分值=1,1,1", None),
    ("B22", "政府采购规范性", "2.00", "每发现一处不规范扣0.20分，情节严重的扣0.50分。", "规范", "较规范", "扣分制",
     "每项扣分=0.20", None),
    ("B23", "资产管理规范性", "2.00", "每发现一处问题扣分值的25%。", "规范", "较规范", "扣分制", "每项扣分=25%", None),
    ("B24", "绩效目标申报覆盖率", "3.00", "全部项目申报绩效目标得满分。", "=100%", None, "达标得满分", None,
     "绩效目标申报覆盖率（项目数）"),
    ("B25", "绩效运行监控覆盖率", "3.00", "按监控覆盖资金比例计分。", "≥100%", None, "按完成比例", None,
     "绩效运行监控覆盖率（资金）"),
    ("B26", "绩效评价覆盖率", "2.00", "评价资金占比≥50%得满分，≥30%得1分，否则不得分。", "≥50%", None, "分档计分",
     "档位=>=50%:满分, >=30%:1.00, 其他:0", "绩效评价覆盖率（资金）"),
    ("B27", "信息公开", "2.00", "按时公开得满分。", "按时公开", "按时公开（见县政府门户网站）", "达标得满分", None, None),
    ("C11", "参保人数", "4.00", "完成目标得满分；未完成按（完成率−60%）÷40%×分值计分。", "≥50000人", "48000人", "完成率折算",
     "起点=60%", None),
    ("C12", "待遇享受人次", "4.00", "按完成比例计分。", "≥3000人次", "2850人次", "按完成比例", None, None),
    ("C13", "业务培训", "2.00", "开展常态化培训得满分。", "开展常态化培训", "开展常态化培训，全年共6次", "达标得满分",
     "匹配=包含", None),
    ("C14", "政策宣传", "2.00", "开展宣传且入户宣传的得满分。", "宣传入户", "开展政策宣传12场", "达标得满分",
     "匹配=全部关键词；达标词=宣传,入户", None),
    ("C21", "信访办结率", "3.00", "办结率≥95%得满分，否则不得分。", "≥95%", "100%（信访9件，全部按期办结）", "达标得满分",
     None, None),
    ("C22", "投诉处理率", "3.00", "处理率100%得满分，80%及以下不得分，其间按比例。", "100%", "9/10（1件逾期）", "区间线性",
     "满分线=100%；零分线=80%", None),
    ("C23", "稽核问题整改率", "2.00", "整改率≥90%得满分，每降低1%扣权重分的5%。", "≥90%", "88%", "每降一点扣分",
     "每点扣分=5%", None),
    ("C24", "基金监管覆盖率", "2.00", "覆盖率在50%至100%之间（不含）得满分。", "50%-100%", "80%", "开区间达标",
     "下限=50%；上限=100%", None),
    ("C31", "结算及时率", "3.00", "及时率低于90%不得分。", "≥90%", "92%", "门槛", "阈值=90%；零分侧=低于", None),
    ("C32", "报表报送及时性", "2.00", "按时报送得满分。", "及时", "及时报送", "定性判断", None, None),
    ("C33", "待遇办理时限", "3.00", "办理时限不超过15个工作日得满分。", "≤15个工作日", "12个工作日", "达标得满分", None, None),
    ("D11", "群众医疗费用负担", "3.00", "按（完成率−60%）÷40%×分值计分。", "≥80%", "76%", "自评折算", "起点=60%", None),
    ("D12", "投诉渠道畅通", "2.00", "建立投诉通道、处理率≥95%且信访办结率≥95%得满分。", "畅通", "畅通", "条件全满足",
     "条件=建立投诉通道 且 投诉处理率>=95% 且 C21>=95%", None),
    ("D13", "基金运行可持续性", "2.00", "结余可支付月数达标率100%得满分，80%以下不得分；得分低于60%的不得分。", "100%",
     "85%", "低分归零", "内层规则=区间线性；满分线=100%；零分线=80%；归零比例=60%", None),
    ("D21", "参保群众满意度", "4.00", "满意度≥90%得满分，≤60%不得分。", "≥90%", "92.50%", "区间线性",
     "满分线=90%；零分线=60%", None),
    ("D22", "定点机构满意度", "2.00", "由评价组结合座谈情况酌情评分。", "满意", "较满意", "酌情评分",
     "得分=3/4；理由=未开展专项调查；以座谈代替，意见较多", None),
    ("D23", "工作人员满意度", "2.00", "满意度≥90%得满分，否则不得分。", "≥90%", "88%", "达标得满分", None, None),
]

# 扣分事项: (指标编码, 扣分原因, 扣分, 不符合要素)
FINDINGS = [
    ("A11", "部分绩效目标与年度任务不对应", None, None),
    ("A11", "绩效目标未细化到季度", None, None),
    ("A12", "“服务质量提升”不可衡量", None, None),
    ("A13", "规划未明确资金保障措施", None, "②"),
    ("B15", "个别报销单据审批手续不全", None, None),
    ("B21", "采购管理制度未更新", None, "③"),
    ("B22", "一项采购未履行询价程序", "0.50", None),
    ("B22", "验收单缺少验收人签字", None, None),
    ("B23", "固定资产卡片与实物不符", None, None),
]

OTHER = [
    {"name": "三公经费预算数", "current": "8.00", "prior": "9.00", "unit": "万元", "note": "三公经费预算批复"},
    {"name": "投诉处理率", "current": "96%（24/25）", "unit": "%", "note": "12393 热线台账"},
    {"name": "建立投诉通道", "current": "是", "note": "已开通 12393 投诉热线"},
    {"name": "重大违规问题数", "current": "0", "unit": "个", "note": "审计、巡察结论"},
]

EXPENSE = {
    "basic": {"initial": D("450.00"), "annual": D("440.00"), "final": D("437.00")},
    "personnel": {"initial": D("400.00"), "annual": D("390.00"), "final": D("388.00")},
    "public": {"initial": D("50.00"), "annual": D("50.00"), "final": D("49.00")},
    "project": {"initial": D("100.00"), "annual": D("120.00"), "final": D("110.00")},
    "total": {"initial": D("550.00"), "annual": D("560.00"), "final": D("547.00")},
}
THREE_PUBLIC = {
    "abroad": {"arranged": "未安排"},
    "reception": {"arranged": "已安排", "initial": D("2.00"), "annual": D("2.00"), "final": D("1.80")},
    "vehicles": {"arranged": "已安排", "initial": D("6.00"), "annual": D("6.00"), "final": D("5.40")},
    "vehicle_running": {"arranged": "已安排", "initial": D("6.00"), "annual": D("6.00"), "final": D("5.40")},
    "total": {"arranged": "已安排", "initial": D("8.00"), "annual": D("8.00"), "final": D("7.20")},
}
STAFF = {"admin": {"quota": 30, "staff": 28}, "institution": {"quota": 20, "staff": 21}}
PAYMENTS = {"q1": {"spent": D("120.00")}, "q2": {"rate": D("0.52")}, "q3": {"spent": D("430.00")},
            "q4": {"spent": D("547.00")}}
COVERAGE = {
    "declare": {"projects_total": 12, "projects_covered": 12, "funds_total": D("120.00"), "funds_covered": D("120.00")},
    "track": {"projects_total": 12, "projects_covered": 10, "funds_total": D("120.00"), "funds_covered": D("100.00")},
    "evaluate": {"projects_total": 12, "projects_covered": 3, "funds_total": D("120.00"), "funds_covered": D("60.00")},
}
PRIOR = {"three_public_budget": {"amount": D("9.00")}, "expense_final": {"amount": D("520.00")}}
# D23: the report kept 1.00 although the rule (≥90%, all or nothing) gives 0 for 88%.
ADOPTED = {"D23": (D("1.00"), "报告认为差距较小，按半数计分；与评分标准“否则不得分”不符，保留报告口径")}


def build_custom(folder: Path) -> Path:
    specs = workbook_specs()
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank"
        xlkit.new_project(blank, eval_type="部门整体", unit=UNIT, year=2025, system="空白",
                          evaluator="某会计师事务所")
        folder.mkdir(parents=True, exist_ok=True)
        level_of = {c: p for c, kind, _, p, _ in LEVELS if kind == "二级"}
        rows = []
        for code, name, weight, standard, target, actual, rule, params, measure in INDICATORS:
            l2 = code[:2]
            adopted = ADOPTED.get(code)
            rows.append({"code": code, "level1": NAMES[level_of[l2]], "level2": NAMES[l2], "name": name,
                         "weight": D(weight), "standard": standard, "target": target, "actual": actual, "rule": rule,
                         "params": params, "measure": measure,
                         "adopted": adopted[0] if adopted else None, "adopted_reason": adopted[1] if adopted else None})
        fill_workbook(
            blank / specs["indicators"].file, specs["indicators"], folder / specs["indicators"].file,
            forms={"info": {"grades": "优>=90；良>=80；中>=70；差<70", "department": UNIT,
                                "period": "2025年1月1日-2025年12月31日"}},
            tables={
                "levels": [{"code": c, "level": k, "name": n, "parent": p, "weight": D(w)} for c, k, n, p, w in LEVELS],
                "indicators": rows,
                "findings": [{"code": c, "reason": r, "points": p, "element": e} for c, r, p, e in FINDINGS],
                "others": OTHER,
            },
            force=True)
        fill_workbook(blank / specs["budget"].file, specs["budget"], folder / specs["budget"].file,
                      fixed={"expense": EXPENSE, "three_public": THREE_PUBLIC, "staff": STAFF, "payments": PAYMENTS,
                             "coverage": COVERAGE, "prior": PRIOR},
                      force=True)
        for kind in ("vouchers", "survey"):  # not used by this system: left blank, as generated
            (folder / specs[kind].file).write_bytes((blank / specs[kind].file).read_bytes())
    return folder
