"""Seed 003 附件7: 阜康市医疗保障局's own 项目支出绩效自评表 for 2024年职工大额医疗补助项目 (88.37 良).

Transcribed from report 003's 附件7 项目单位自评表 and 项目资金 as printed (新疆 layout: 目标值 written whole,
e.g. ">=33333 人"; 业绩值 "=30437 人"). The unit's rule is not written anywhere; the one that
reproduces all four non-trivial cells (003 附件7 项目单位自评表, G19) is 比例口径 60%起算 with 超额完成 倒扣, set in
基本信息. 对应评价指标 / 对应关系 are the evaluator's mapping to 附件1 (003 附件7 项目单位自评表).
"""

from __future__ import annotations

from pathlib import Path

from selfeval_fill import build_selfeval, indicator_rows

INFO = {
    "project": "2024年职工大额医疗补助项目",
    "department": "阜康市医疗保障局",
    "unit": "阜康市医疗保障局",
    "year": 2024,
    "kind": "项目支出",
    "style": "新疆",
    "scored": "是",
    "exec_weight": 10,
    "ratio_basis": "60%起算",
    "over": "倒扣",
    "printed_exec_score": 10,
    "printed_total": "88.37",
    "printed_grade": "良",
    "contact": "李霞 1339970xxxx",
}

FUNDS = {
    "total": {"initial": "200", "annual": "182.62", "spent": "182.62"},
    "fiscal": {"initial": "200", "annual": "182.62", "spent": "182.62"},
    "other": {"initial": "0", "annual": "0", "spent": "0"},
}

GOALS = [(
    "保障阜康市城镇职工大额医疗保险参保人数33333人，按每人5元/月、全年60元的标准足额安排补助资金，"
    "减轻参保人员就医经济负担，参保群众满意度达到95%以上。",
    "截至2024年12月31日，本项目完成城镇职工大额医疗保险参保人数30750人，每人5元/月的标准，全年60元。"
    "单建统筹基金参保人数5766人，实施统账结合参保人数24984人，住院报销比例达到100%，12月25日按时完成资金支付工作，"
    "大额医疗起付线达12万元。通过项目的实施，有效减轻参保人员就医经济负担，避免因医疗费用过高引发社会问题，"
    "有利于维护社会和谐稳定。城镇职工大额医疗保险参保群众满意度达到100%。",
)]

REASON = "因职工医保转城乡居民医保较多，所以参保人数减少"
# 一级, 二级, 三级, 性质, 指标值, 单位, 权重, 实际, 填报得分, 设定依据, 上年, 赋分规则, 佐证, 偏差原因,
# 评分规则, 规则参数, 对应评价指标, 对应关系 (codes of the third-party system in samples/fukang_data.py)
ROWS = [
    ("产出指标", "数量指标", "城镇职工大额医疗保险参保人数", None, ">=33333 人", None, 10, "=30437 人", "7.83",
     "历史标准", "30750 人", "按照完成比例赋分", "工作资料", REASON, None, None, "C11", "保留"),
    ("产出指标", "数量指标", "单建统筹基金参保人数", None, ">=6130 人", None, 10, "=4157 人", "1.95",
     "历史标准", "5766 人", "按照完成比例赋分", "工作资料", REASON, None, None, "C12", "保留"),
    ("产出指标", "数量指标", "实施统账结合参保人数", None, ">=27203 人", None, 5, "=26280 人", "4.58",
     "历史标准", "24984 人", "按照完成比例赋分", "工作资料", REASON, None, None, "C13", "保留"),
    ("产出指标", "质量指标", "住院报销比例", None, ">=91%", None, 10, "=100%", "9.01",
     "历史标准", "100%", "按照完成比例赋分", "工作资料", "按支付比例完成住院报销", None, None, "C21", "替换"),
    ("产出指标", "时效指标", "资金支付完成时间", None, "=12月25日", None, 5, "=12月25日", "5",
     "计划标准", "100%", "按照完成比例赋分", "工作资料", None, None, None, "C31", "替换"),
    ("成本指标", "经济成本指标", "职工大额医疗保险财政补助标准", None, "=5元/人/月", None, 10, "=5元/人/月", "10",
     "预算支出标准", "5元/人/月", "直接赋分", "原始凭证", None, None, None, "C41", "替换"),
    ("成本指标", "经济成本指标", "大额医疗起付线", None, "<=12万元", None, 10, "=12万元", "10",
     "计划标准", None, "按照完成比例赋分", "工作资料", None, None, None, "C42", "保留"),
    ("效益指标", "社会效益指标", "参保群众及时享受医疗待遇", None, "及时", None, 10, "达到预期指标", "10",
     "历史标准", "资金支付", "按评判等级赋分", "工作资料", None, None, None, "D12", "替换"),
    ("效益指标", "社会效益指标", "减轻参保人员就医经济负担，缓解社会矛盾", None, "减轻", None, 10, "达到预期指标", "10",
     "历史标准", "有效减轻", "按评判等级赋分", "工作资料", None, None, None, "D11", "更名"),
    ("满意度指标", "满意度指标", "城镇职工大额医疗保险参保群众满意度", None, ">=95%", None, 10, "=95%", "10",
     "历史标准", "95%", "满意度赋分", "工作资料", None, None, None, "D21", "保留"),
]


def build_fukang_selfeval(folder: Path) -> Path:
    return build_selfeval(folder, info=INFO, funds=FUNDS, goals=GOALS, rows=indicator_rows(ROWS))
