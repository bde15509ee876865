"""Seed 003, the third party's half: 阜康市医疗保障局 2024年职工大额医疗补助项目 (93.5 优).

Every figure and text is the report's own (tests/goldens/003.toml): the 24
indicators of 附件1 (with their 评分规则, OCR repairs made), the level table 10/25/35/30 (附件1 sums),
the budget (附件7 项目资金), the one voucher of 附件2 and the questionnaire of 附件4 (its tallies).

``build_fukang_evaluation(folder)`` generates a 项目支出 folder and types this in the way an
evaluator would in Excel: the standard indicator rows are overwritten with the project's 24 (the
一级/二级 cells are unmerged, typed and merged again over the new rows), 实际完成值 is typed
only where nothing computes it, and each indicator gets the catalogue rule its 评分规则 states.
Nothing here holds or computes a score: 得分, 扣分 and 得分率 come from xlkit's rules. It writes
the four evaluation workbooks only, so the unit's 自评表 can be added to the same folder.

Choices the report leaves open, each recorded where it is made:
* A11's 评分规则 is lost in the OCR; its 评分过程 tests four 要点, so 要素均分 with 4 elements.
* 产出数量 and the two proportional 效益 rows give no rule from rate to points; only
  得分 = 分值 × 完成率 reproduces them (003 附件1 评分规则 14–16, 21–22), which is 按完成比例.
* 产出成本 rows: the 评分规则 is 实际完成率, the 实际完成值 the policy figure applied in 2024
  (统筹基金最高支付限额 18万元 against ≤18万元; 起付线 12万元 against 12万元), 完成率 100 %.
* 满意度 (Q11) uses option scores 100/80/60/40/0 by option text, the only scheme that gives
  the printed 91.31 % (003 附件4 scored in 附件1, goldens 003 G12); the report never states it.
* Q1 (a platform-advert notice) and Q2 (name and phone: personal data) are not transcribed;
  question numbers stay the report's. Q12/Q13 are open questions whose answers were not printed.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import warnings
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl

import xlkit
from xlkit.spec.templates import WorkbookSpec, workbook_specs
from xlkit.write.fill import fill_workbook
from xlkit.write.writer import FIRST_DATA_ROW

D = Decimal

UNIT = "阜康市医疗保障局"
PROJECT = "2024年职工大额医疗补助项目"
YEAR = 2024

INFO = {
    "unit": UNIT,
    "department": UNIT,
    "project": PROJECT,
    "commissioner": "阜康市财政局",
    "evaluator": "新疆谱诚项目管理咨询有限公司",
    "year": YEAR,
    "type": "项目支出",
    "period": "2024年1月1日至2024年12月31日",
    "report_no": "XJPC 咨-2025-012-002",
    "grades": "优>=90；良>=80；中>=60；差<60",
}

# 指标层级 (附件1 labels; the body and 表3-1 call B 项目过程): (编码, 层级, 名称, 上级, 分值)
LEVELS = [
    ("A", "一级", "项目决策", None, "10"),
    ("B", "一级", "项目管理", None, "25"),
    ("C", "一级", "项目产出", None, "35"),
    ("D", "一级", "项目效益", None, "30"),
    ("A1", "二级", "项目立项", "A", "3"),
    ("A2", "二级", "绩效目标", "A", "3.5"),
    ("A3", "二级", "资金投入", "A", "3.5"),
    ("B1", "二级", "资金管理", "B", "9"),
    ("B2", "二级", "组织实施", "B", "16"),
    ("C1", "二级", "产出数量", "C", "16"),
    ("C2", "二级", "产出质量", "C", "5"),
    ("C3", "二级", "产出时效", "C", "5"),
    ("C4", "二级", "产出成本", "C", "9"),
    ("D1", "二级", "社会效益指标", "D", "24"),
    ("D2", "二级", "满意度指标", "D", "6"),
]

_ELEMENTS = "以上每条要素占权重分的1/{n},每有一条不符合,扣除对应权重分,扣完为止。"
_COMPLETION = "实际完成率=(实际产出数/计划产出数)×100%。"
_COMPLETION_DEFS = ("实际产出数:一定时期(本年度或项目期)内项目实际产出的产品或提供的服务数量。计划产出数:项目绩效目标确定的在"
                    "一定时期(本年度或项目期)内计划产出的产品或提供的服务数量。")
_OUTPUT = "项目实施的实际产出数与计划产出数的比率,用以反映和考核项目产出数量目标的实现程度。"
_COST = "完成项目计划工作目标的实际节约成本与计划成本的比率,用以反映和考核项目的成本节约程度。"
_BENEFIT = "项目实施所产生的效益。"
_BENEFIT_RULE = "项目实施所产生的社会效益、经济效益、生态效益、可持续影响等。可根据项目实际情况有选择地设置和细化。"
_SURVEY = "满意度问卷"
_PAID = "资金支付明细账、资金支付凭证"
_EXEC = "预算执行率=(实际支出资金/实际到位资金)×100%。预算执行率达100%得满分,每降低1%扣5%的权重,扣完为止。"

# 附件1, in order. Keys are the 指标体系 columns: code, level1, level2, name, weight, explanation,
# points (评价要点, only where the report lists them outside the rule), standard (the report's
# 评分规则 text), target, actual (blank where a measure is bound), source, rule, params, measure.
INDICATORS: list[dict[str, Any]] = [
    {"code": "A11", "level1": "项目决策", "level2": "项目立项", "name": "立项依据充分性", "weight": "1.5",
     "explanation": "项目立项是否符合法律法规、相关政策、发展规划以及部门职责,用以反映和考核项目立项依据情况。",
     "points": "①项目立项符合国家相关政策、国民经济发展规划和行业发展规划;②项目立项与部门职责范围相符,属于部门履职所需;"
               "③项目符合公共财政支持范围;④项目与相关部门同类项目或部门内部相关项目不重复。",
     "standard": "(原文评分规则 OCR 无法辨认;按评分过程所列四项要点评价)" + _ELEMENTS.format(n=4),
     "target": "规范", "actual": "规范", "source": "立项文件", "rule": "要素均分", "params": "要素数=4"},
    {"code": "A12", "level1": "项目决策", "level2": "项目立项", "name": "立项程序规范性", "weight": "1.5",
     "explanation": "项目申请、设立过程是否符合相关要求,用以反映和考核项目立项的规范情况。",
     "standard": "通用标准 ①项目是否按照规定的程序申请设立;②审批文件、材料是否符合相关要求;③事前是否已经过必要的可行性研究、"
                 "专家论证、风险评估、绩效评估、集体决策。" + _ELEMENTS.format(n=3),
     "target": "合规", "actual": "合规", "source": "立项文件", "rule": "要素均分", "params": "要素数=3"},
    {"code": "A21", "level1": "项目决策", "level2": "绩效目标", "name": "绩效目标合理性", "weight": "2",
     "explanation": "项目所设定的绩效目标是否依据充分,是否符合客观实际,用以反映和考核项目绩效目标与项目实施的相符情况。",
     "standard": "评价要点:①项目是否设定绩效目标;②项目绩效目标与实际工作内容是否具备相关性;③项目预期产出效益和效果是否符合"
                 "正常的业绩水平。" + _ELEMENTS.format(n=3),
     "target": "合理", "actual": "合理", "source": "绩效目标表", "rule": "要素均分", "params": "要素数=3"},
    {"code": "A22", "level1": "项目决策", "level2": "绩效目标", "name": "绩效指标明确性", "weight": "1.5",
     "explanation": "依据绩效目标设定的绩效指标是否清晰、细化、可衡量等,用以反映和考核项目绩效目标的明细化情况。",
     "standard": "评价要点:①是否将项目绩效目标细化、分解为具体的绩效指标;②是否通过清晰、可衡量的指标值予以体现;③是否与项目"
                 "目标任务数或计划数相对应。" + _ELEMENTS.format(n=3),
     "target": "明确", "actual": "明确(10条指标,量化率80%)", "source": "绩效目标表", "rule": "要素均分",
     "params": "要素数=3"},
    {"code": "A31", "level1": "项目决策", "level2": "资金投入", "name": "预算编制科学性", "weight": "2",
     "explanation": "项目预算编制是否经过科学论证、有明确标准,资金额度与年度目标是否相适应,用以反映和考核项目预算编制的科学性、"
                    "合理性情况。",
     "standard": "评价要点:①预算编制是否经过科学论证;②预算内容与项目内容是否匹配;③预算额度测算依据是否充分,是否按照标准编制;"
                 "④预算确定的项目投资额或资金量是否与工作任务相匹配。" + _ELEMENTS.format(n=4),
     "target": "科学", "actual": "科学", "source": "预算批复、预算申报表", "rule": "要素均分", "params": "要素数=4"},
    {"code": "A32", "level1": "项目决策", "level2": "资金投入", "name": "资金分配合理性", "weight": "1.5",
     "explanation": "项目预算资金分配是否有测算依据,与补助单位或地方实际是否相适应,用以反映和考核项目预算资金分配的科学性、"
                    "合理性情况。",
     "standard": "评价要点:①预算资金分配依据是否充分;②资金分配额度是否合理,与项目单位或地方实际是否相适应。"
                 + _ELEMENTS.format(n=2),
     "target": "合理", "actual": "合理", "source": "预算批复、预算申报表", "rule": "要素均分", "params": "要素数=2"},
    # The printed rule cell of 资金到位率 also carries the 预算执行率 rule (goldens 003 S10); kept.
    {"code": "B11", "level1": "项目管理", "level2": "资金管理", "name": "资金到位率", "weight": "3",
     "explanation": "实际到位资金与预算资金的比率,用以反映和考核资金落实情况对项目实施的总体保障程度。",
     "standard": "资金到位率=(实际到位资金/预算资金)×100%。资金到位率达100%得满分,每降低1%扣5%的权重,扣完为止。" + _EXEC,
     "target": "100%", "source": "预算批复、预算申报文件", "rule": "每降一点扣分", "params": "每点扣比例=5%",
     "measure": "资金到位率"},
    {"code": "B12", "level1": "项目管理", "level2": "资金管理", "name": "预算执行率", "weight": "3",
     "explanation": "项目预算资金是否按照计划执行,用以反映或考核项目预算执行情况。",
     "standard": _EXEC, "target": "100%", "source": _PAID, "rule": "每降一点扣分", "params": "每点扣比例=5%",
     "measure": "项目资金执行率"},
    {"code": "B13", "level1": "项目管理", "level2": "资金管理", "name": "资金使用合规性", "weight": "3",
     "explanation": "项目资金使用是否符合相关的财务管理制度规定,用以反映和考核项目资金的规范运行情况。",
     "standard": "评价要点:①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定;②资金的拨付是否有完整的审批程序"
                 "和手续;③是否符合项目预算批复或合同规定的用途;④是否存在截留、挤占、挪用、虚列支出等情况。"
                 + _ELEMENTS.format(n=4),
     "target": "合规", "actual": "合规", "source": _PAID, "rule": "要素均分", "params": "要素数=4"},
    {"code": "B21", "level1": "项目管理", "level2": "组织实施", "name": "管理制度健全性", "weight": "4",
     "explanation": "项目实施单位的财务和业务管理制度是否健全,用以反映和考核财务和业务管理制度对项目顺利实施的保障情况。",
     "standard": "评价要点:①是否已制定或具有相应的财务和业务管理制度;②财务和业务管理制度是否合法、合规、完整。"
                 + _ELEMENTS.format(n=2),
     "target": "健全", "actual": "健全", "source": "制度汇编", "rule": "要素均分", "params": "要素数=2"},
    {"code": "B22", "level1": "项目管理", "level2": "组织实施", "name": "制度执行有效性", "weight": "5",
     "explanation": "项目实施是否符合相关管理规定,用以反映和考核相关管理制度的有效执行情况。",
     "standard": "评价要点:①是否遵守相关法律法规和相关管理规定;②项目调整及支出调整手续是否完备;③项目合同书、验收报告、技术鉴定"
                 "等资料是否齐全并及时归档;④项目实施的人员条件、场地设备、信息支撑等是否落实到位。" + _ELEMENTS.format(n=4),
     "target": "有效", "actual": "资料归档不完善", "source": "医保系统、原始凭证", "rule": "要素均分", "params": "要素数=4"},
    # 指标解释 unreadable in the OCR (003 附件1 评分规则 12): the 财预〔2020〕10号 framework's wording.
    {"code": "B23", "level1": "项目管理", "level2": "组织实施", "name": "项目质量可控性", "weight": "3",
     "explanation": "项目实施单位是否采取了必要的质量控制措施,用以反映和考核项目实施的质量控制情况。",
     "standard": "评价要点:评价要点:①质控措施是否落实,责任主体是否明确(1分);②抽查区域内质控工作相关档案是否齐全、规范(2分);",
     "target": "可控", "actual": "可控", "source": "访谈、医保系统", "rule": "要素分项计分", "params": "要素分值=1,2"},
    # The element points add up to 3, the weight is 4 and 4 was awarded (goldens 003 S11, G27).
    {"code": "B24", "level1": "项目管理", "level2": "组织实施", "name": "自评及整改", "weight": "4",
     "explanation": "是否开展项目自评;项目开始时间至项目完成时间内有关检查反馈的问题整改是否及时完成。",
     "standard": "评价要点:①自评按时完成得(2分);②自评质量情况好得(0.5分);③项目开始时间至项目完成时间内未发现相关问题(0.5分);"
                 "④发现问题未及时整改的,每条问题扣(1分),扣完为止。",
     "target": "规范", "actual": "规范", "source": "自评表", "rule": "要素分项计分",
     "params": "要素分值=2,0.5,0.5；每项扣分=1"},
    {"code": "C11", "level1": "项目产出", "level2": "产出数量", "name": "城镇职工大额医疗保险参保人数", "weight": "6",
     "explanation": _OUTPUT, "standard": _COMPLETION, "target": ">=33333人", "actual": "30437人", "source": "参保名单",
     "rule": "按完成比例"},
    {"code": "C12", "level1": "项目产出", "level2": "产出数量", "name": "单建统筹基金参保人数", "weight": "5",
     "explanation": _OUTPUT, "standard": _COMPLETION + _COMPLETION + _COMPLETION_DEFS, "target": ">=6130人",
     "actual": "4157人", "source": "参保名单", "rule": "按完成比例"},
    {"code": "C13", "level1": "项目产出", "level2": "产出数量", "name": "实施统账结合参保人数", "weight": "5",
     "explanation": _OUTPUT, "standard": _COMPLETION + _COMPLETION_DEFS, "target": ">=27203人", "actual": "26280人",
     "source": "参保名单", "rule": "按完成比例"},
    {"code": "C21", "level1": "项目产出", "level2": "产出质量", "name": "职工大额医疗补助发放准确率", "weight": "5",
     "explanation": "项目完成的质量达标产出数与实际产出数的比率,用以反映和考核项目产出质量目标的实现程度。",
     "standard": "质量达标率=(质量达标产出数/实际产出数)×100%。质量达标产出数:一定时期(本年度或项目期)内实际达到既定质量标准的"
                 "产品或服务数量。既定质量标准是指项目实施单位设立绩效目标时依据计划标准、行业标准、历史标准或其他标准而设定的"
                 "绩效指标值。",
     "target": "100%", "actual": "100%", "source": _PAID, "rule": "达标得满分"},
    {"code": "C31", "level1": "项目产出", "level2": "产出时效", "name": "职工大额医疗补助及时率", "weight": "5",
     "explanation": "项目实际完成时间与计划完成时间的比较,用以反映和考核项目产出时效目标的实现程度。",
     "standard": "项目按计划及时开工得满分,否则不得分。", "target": "100%", "actual": "100%",
     "source": "医保系统、资金支付凭证", "rule": "达标得满分"},
    # 评分过程: "统筹基金支付均未超18万元,故完成率达到100%" — the limit applied is 18万元.
    {"code": "C41", "level1": "项目产出", "level2": "产出成本", "name": "统筹基金最高支付限额", "weight": "5",
     "explanation": _COST, "standard": _COMPLETION + _COMPLETION_DEFS, "target": "≤18万元", "actual": "18万元",
     "source": _PAID, "rule": "按完成比例"},
    {"code": "C42", "level1": "项目产出", "level2": "产出成本", "name": "大额医疗起付线", "weight": "4",
     "explanation": _COST, "standard": _COMPLETION + _COMPLETION_DEFS, "target": "12万元", "actual": "12万元",
     "source": "医保系统、资金支付明细账、资金支付凭证", "rule": "按完成比例"},
    {"code": "D11", "level1": "项目效益", "level2": "社会效益指标", "name": "减轻职工医疗经济负担", "weight": "8",
     "explanation": _BENEFIT, "standard": _BENEFIT_RULE, "target": "有效", "source": _SURVEY, "rule": "按完成比例",
     "measure": "问卷:Q7"},
    {"code": "D12", "level1": "项目效益", "level2": "社会效益指标", "name": "优化社会医疗保障体系", "weight": "8",
     "explanation": _BENEFIT, "standard": _BENEFIT_RULE, "target": "有效", "source": _SURVEY, "rule": "按完成比例",
     "measure": "问卷:Q8"},
    {"code": "D13", "level1": "项目效益", "level2": "社会效益指标", "name": "政策知晓率", "weight": "8",
     "explanation": _BENEFIT, "standard": _BENEFIT_RULE + "每降低1%扣5%的权重。", "target": "≥80%", "source": _SURVEY,
     "rule": "每降一点扣分", "params": "每点扣比例=5%", "measure": "问卷:Q4"},
    {"code": "D21", "level1": "项目效益", "level2": "满意度指标", "name": "城镇职工大额医疗保险参保人员满意度",
     "weight": "6", "explanation": "社会公众或服务对象对项目实施效果的满意程度。",
     "standard": "社会公众或服务对象是指因该项目实施而受到影响的部门(单位)、群体或个人。一般采取社会调查的方式。"
                 "每降低1%扣5%的权重。",
     "target": "≥95%", "source": _SURVEY, "rule": "每降一点扣分", "params": "每点扣比例=5%", "measure": "问卷:Q11"},
]

# The one deduction of 附件1 (制度执行有效性, element ③). The monthly payment vouchers it rests on
# are not itemised in the report, so it is a 扣分事项 row, not a ledger row.
FINDINGS = [
    {"code": "B22", "element": "③", "evidence": "基金财务科每月支付的原始凭证",
     "reason": "资料归档不完善,通过抽查原始凭证,阜康市基金财务科每月根据待遇结算科审核通过出具单据进行支付,"
               "凭证附件结算单据中缺失大额医疗补助人员名单"},
]

# 万元. 附件7 项目资金: 年初 200, 全年 182.62, 执行 182.62, all 当年财政拨款; 到位 182.62 (附件1 B11).
BUDGET_INCOME = {
    "fiscal": {"initial": D("200.00"), "annual": D("182.62"), "adjustment": D("17.38")},
    "other": {"initial": D("0.00"), "annual": D("0.00"), "adjustment": D("0.00")},
    "total": {"initial": D("200.00"), "annual": D("182.62"), "adjustment": D("17.38")},
}
BUDGET_EXPENSE = {
    "project": {"initial": D("200.00"), "annual": D("182.62"), "final": D("182.62")},
    "total": {"initial": D("200.00"), "annual": D("182.62"), "final": D("182.62")},
}
BUDGET_PROJECTS = [
    {"no": 1, "name": PROJECT, "kind": "年初预算项目", "initial": D("200.00"), "adjusted": D("182.62"),
     "spent": D("182.62"), "funding": "一般公共预算", "received": D("182.62")},
]

VOUCHER_SCOPE = {
    "period": "2024年1月-12月",
    "method": "全额抽查（补贴类项目，抽样占比100%）",
    "scope_note": "2024年度下达资金182.62万元，均为阜康市本级财政资金，于2024年9月23日足额上解至昌吉州医疗保障局"
                  "（附件2 基础数据表）；另抽查基金财务科每月支付的原始凭证，报告未载明笔数。",
}
# 附件2 余额上解 (元). 制单人 and 审批人 are the same person on the same day (goldens 003 S14); the
# ledger has no columns for them, so they are recorded with the documents.
VOUCHERS = [
    {"no": 1, "date": dt.date(2024, 9, 23), "voucher": "YESJ00038331", "summary": "[330]大额医疗费用补助09基金上解",
     "amount": D("1826220.00"),
     "documents": "余额上解单据；上解明细：险种 大额医疗费用补助，基金支付类型 大额医疗费用补助基金，付款户名 阜康市医疗保障局"
                  "（30065401040008577），收款方户名 昌吉回族自治州医疗保障局（30050101040025079），其中利息收入 0.00；"
                  "领导签字；制单人 王小莉（2024-09-23）；审批人 王小莉（2024-09-23）"},
]

SURVEY_INFO = {
    "title": "阜康市2024年职工大额医疗补助项目满意度问卷调查",
    "respondents": "阜康市城镇职工（2024年职工大额医疗补助项目受益人员）",
    "population": 30437,
    "distributed": 122,
    "returned": 122,
    "valid": 122,
    "mode": "线上",
    "dates": "2025年7月5日至2025年7月19日",
}
YES_NO = (("是", 1), ("否", 0))
# 附件4: (题号, 题干, 题型, 答题人数 (None = all 122), 计入满意度, [(选项, 人数, 分值)]).
# Q6 was asked only of the 84 who answered 是 to Q5. Q9 is printed "202024年" (goldens 003 S23).
QUESTIONS: list[tuple[str, str, str, int | None, bool, list[tuple[str, int, object]]]] = [
    ("Q3", "您参保的方式是?", "单选", None, False, [("单建统筹基金参保", 51, None), ("实施统账结合参保", 71, None)]),
    ("Q4", "您是否知晓2024年职工大额医疗补助相关政策?", "是否", None, False, [("是", 95, 1), ("否", 27, 0)]),
    ("Q5", "您2024年是否享受职工大额医疗补助?", "是否", None, False, [("是", 84, None), ("否", 38, None)]),
    ("Q6", "您2024年享受职工大额医疗补助的住院报销比例是否达到91%?", "是否", 84, False,
     [("是", 81, None), ("否", 3, None)]),
    ("Q7", "您认为2024年职工大额医疗补助项目的实施,是否减轻职工医疗经济负担?", "是否", None, False,
     [("是", 112, 1), ("否", 10, 0)]),
    ("Q8", "您认为2024年职工大额医疗补助项目的实施,是否优化社会医疗保障体系?", "是否", None, False,
     [("是", 117, 1), ("否", 5, 0)]),
    ("Q9", "您对2024年职工大额医疗补助项目工作服务质量的评价?", "单选", None, False, [("满意", 117, None), ("一般", 5, None)]),
    ("Q10", "您2024年职工大额医疗补助项目工作服务及时性的评价?", "单选", None, False,
     [("满意", 118, None), ("一般", 4, None)]),
    ("Q11", "您对2024年职工大额医疗补助项目实施的整体满意程度?", "单选", None, True,
     [("非常满意", 92, 100), ("比较满意", 11, 80), ("满意", 15, 60), ("一般", 4, 40), ("不满意", 0, 0)]),
    ("Q12", "您认为2024年职工大额医疗补助项目是否有需要改进的地方?", "填空", None, False, []),
    ("Q13", "您对2024年职工大额医疗补助项目有何意见或建议?", "填空", None, False, []),
]

INDICATOR_KEYS = ("code", "level1", "level2", "name", "weight", "explanation", "points", "standard", "target",
                  "actual", "source", "method", "rule", "params", "measure", "reason")


def indicator_rows() -> list[dict[str, Any]]:
    """Every column of every row, blanks included, so the standard system's text is overwritten."""
    rows = []
    for ind in INDICATORS:
        row = {key: ind.get(key) for key in INDICATOR_KEYS}
        row["weight"] = D(ind["weight"])
        rows.append(row)
    return rows


def _runs(values: Sequence[str]) -> list[tuple[int, int]]:
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - 1 > start and values[start]:
                runs.append((start, i - 1))
            start = i
    return runs


def regroup_levels(template: Path, out: Path, spec: WorkbookSpec, rows: Sequence[dict[str, Any]]) -> Path:
    """What a person does before typing a different system over the standard one: unmerge the
    一级/二级 cells, then merge them again over the new rows. Cells keep their (unlocked) style."""
    sheet = spec.sheet("indicators")
    keys = [c.key for c in sheet.columns]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(template)
    ws = wb[sheet.name]
    first = FIRST_DATA_ROW + 1
    for key in sheet.merge:
        col = keys.index(key) + 1
        for rng in [r for r in ws.merged_cells.ranges if r.min_col == col == r.max_col and r.min_row >= first]:
            style = ws.cell(rng.min_row, col)._style
            ws.unmerge_cells(str(rng))
            for r in range(rng.min_row, rng.max_row + 1):
                ws.cell(r, col)._style = style
        names = [str(row.get(key) or "") for row in rows]
        for start, end in _runs(names):
            ws.merge_cells(start_row=first + start, start_column=col, end_row=first + end, end_column=col)
    wb.save(out)
    return out


def build_fukang_evaluation(folder: Path) -> Path:
    """Generate the 项目支出 workbooks in ``folder`` and type seed 003's evaluation into them."""
    folder = Path(folder)
    specs = workbook_specs()
    with tempfile.TemporaryDirectory() as tmp:
        blank = Path(tmp) / "blank"
        xlkit.new_project(blank, eval_type="项目支出", unit=UNIT, year=YEAR, project=PROJECT, department=UNIT,
                          evaluator=INFO["evaluator"], commissioner=INFO["commissioner"])
        folder.mkdir(parents=True, exist_ok=True)

        ind_spec = specs["indicators"]
        rows = indicator_rows()
        prepared = regroup_levels(blank / ind_spec.file, Path(tmp) / ind_spec.file, ind_spec, rows)
        levels = [{"code": c, "level": lv, "name": n, "parent": p, "weight": D(w)} for c, lv, n, p, w in LEVELS]
        fill_workbook(prepared, ind_spec, folder / ind_spec.file, forms={"info": INFO},
                      tables={"levels": levels, "indicators": rows, "findings": FINDINGS}, force=True)

        fill_workbook(blank / specs["budget"].file, specs["budget"], folder / specs["budget"].file,
                      tables={"projects": BUDGET_PROJECTS}, fixed={"income": BUDGET_INCOME, "expense": BUDGET_EXPENSE},
                      force=True)

        fill_workbook(blank / specs["vouchers"].file, specs["vouchers"], folder / specs["vouchers"].file,
                      forms={"scope": VOUCHER_SCOPE}, tables={"ledger": VOUCHERS}, force=True)

        questions = [{"qid": q, "text": text, "kind": kind, "answered": n, "scored": "是" if scored else "否"}
                     for q, text, kind, n, scored, _ in QUESTIONS]
        options = [{"qid": q, "label": label, "count": count, "score": None if score is None else D(score)}
                   for q, _, _, _, _, opts in QUESTIONS for label, count, score in opts]
        fill_workbook(blank / specs["survey"].file, specs["survey"], folder / specs["survey"].file,
                      forms={"info": SURVEY_INFO}, tables={"questions": questions, "options": options}, force=True)
    return folder
