"""Build 问卷星 / 腾讯问卷 export files whose answers reproduce the seeds' printed tallies.

Respondents are laid out from the reports' own counts (000 附件3 and 003 附件4 tallies): each
question's answers are its counts expanded in option order, down the respondents. Skip logic is
laid out as the reports describe it: in 000 the one unit not inspected (Q4 否, the last
respondent) skips Q5; in 003 only the 84 who answered Q5 是 see Q6. Nothing here is computed by
xlkit; tests compare what xlkit makes of these files with the reports' figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SKIP = "(跳过)"
EMPTY = "(空)"

FIVE = ("非常满意", "比较满意", "一般", "不太满意", "不满意")
EFFECT = ("显著", "较大", "一般", "较差", "无")
LADDER_003 = ("A 非常满意", "B 比较满意", "C 满意", "D 一般", "E 不满意")


@dataclass
class Q:
    """One question of a seed survey: text, options (in questionnaire order) and counts."""

    number: int
    text: str
    kind: str  # 单选 / 多选 / 填空 / 矩阵单选
    options: tuple[str, ...] = ()
    counts: tuple[int, ...] = ()
    # Respondent indexes that see the question (skip logic); None = everyone.
    shown: Sequence[int] | None = None
    answers: list[str] = field(default_factory=list)  # 填空: the non-empty answers, first respondents
    rows: tuple[str, ...] = ()  # matrix rows
    row_counts: tuple[tuple[int, ...], ...] = ()


# ---- seed 000: 喀什市医疗保障局 2024 (000 附件3) -----------------------------------------

N000 = 102
SURVEY_000 = [
    Q(1, "您所在单位是以下哪种类型？", "单选", ("公立医院、卫生院", "私营医院", "诊所", "药店", "其他接受监管的机构"),
      (21, 23, 8, 50, 0)),
    Q(2, "2024 年喀什市医疗保障局是否对各监管机构开展各种形式的培训及业务指导工作？", "单选", ("是", "否"), (102, 0)),
    Q(3, "您认为喀什市医疗保障局在培训及指导过程中，是否契合自身业务的开展？对培训和业务指导的满意度如何？", "单选",
      FIVE, (78, 20, 4, 0, 0)),
    # Q4 否 is the last respondent; laid out so by putting 否 last.
    Q(4, "2024 年您所在单位是否接受了喀什市医疗保障局业务监督检查？", "单选", ("是", "否"), (101, 1)),
    Q(5, "您认为喀什市医疗保障局在监管过程中，监督检查人员的检查方式、检查质量及态度等方面是否满意？", "单选", FIVE,
      (87, 11, 3, 0, 0), shown=range(101)),
    Q(6, "您认为喀什市医疗保障局在日常监督管理过程中，对于自身规范经营，提供良好服务的促进作用如何？", "单选", EFFECT,
      (64, 26, 11, 0, 1)),
    Q(7, "您对喀什市医疗保障局 2024 年度部门单位履职的满意度如何？", "单选", FIVE, (82, 17, 3, 0, 0)),
    Q(8, "如果您对喀什市医疗保障局 2024 年度履职中存在的意见或者建议可以在下方填写。", "填空",
      answers=["多组织培训，下发培训资料", "医保申报费用时间，麻烦提前通知", "加强药店医保政策专业知识培训",
               "信息化技术支持和解答"]),
]

# ---- seed 003: 阜康市 2024年职工大额医疗补助项目 (003 附件4 tallies) ---------------------------------

N003 = 122
# Q5 是 (84) come first, so Q6 is shown to respondents 0..83.
SURVEY_003 = [
    Q(1, "问卷填报完成后的【抽奖活动】弹窗为平台广告推送,为避免误购广告商品造成财产损失,请勿点击!", "单选", ("我已知悉",),
      (122,)),
    Q(2, "填写人信息 (仅用于样本抽查,坚决对您的个人信息将予以严格保密)", "矩阵文本", rows=("您的姓名", "联系方式")),
    Q(3, "您参保的方式是?", "单选", ("单建统筹基金参保", "实施统账结合参保"), (51, 71)),
    Q(4, "您是否知晓 2024 年职工大额医疗补助相关政策?", "单选", ("是", "否"), (95, 27)),
    Q(5, "您2024年是否享受职工大额医疗补助?", "单选", ("是", "否"), (84, 38)),
    Q(6, "您2024年享受职工大额医疗补助的住院报销比例是否达到91%?", "单选", ("是", "否"), (81, 3), shown=range(84)),
    Q(7, "您认为2024年职工大额医疗补助项目的实施,是否减轻职工医疗经济负担?", "单选", ("是", "否"), (112, 10)),
    Q(8, "您认为2024年职工大额医疗补助项目的实施,是否优化社会医疗保障体系?", "单选", ("是", "否"), (117, 5)),
    Q(9, "您对2024年职工大额医疗补助项目工作服务质量的评价?", "单选", ("满意", "一般"), (117, 5)),
    Q(10, "您 2024 年职工大额医疗补助项目工作服务及时性的评价?", "单选", ("满意", "一般"), (118, 4)),
    Q(11, "您对 2024 年职工大额医疗补助项目实施的整体满意程度?", "单选", LADDER_003, (92, 11, 15, 4, 0)),
    Q(12, "您认为 2024 年职工大额医疗补助项目是否有需要改进的地方?", "填空",
      answers=["加大政策宣传力度", "希望报销更快一些"]),
    Q(13, "您对 2024 年职工大额医疗补助项目有何意见或建议?", "填空", answers=["加强宣传"]),
]


def _expand(q: Q, n: int) -> list[int | None]:
    """Option index per respondent (None = not shown / skipped)."""
    shown = list(q.shown) if q.shown is not None else list(range(n))
    picks: list[int | None] = [None] * n
    seq = [i for i, c in enumerate(q.counts) for _ in range(c)]
    assert len(seq) == len(shown), (q.number, len(seq), len(shown))
    for who, i in zip(shown, seq):
        picks[who] = i
    return picks


def _people(n: int) -> list[dict[str, Any]]:
    """Meta of each respondent: distinct IPs, plausible times, within one fortnight."""
    start = dt.datetime(2025, 7, 5, 9, 0, 0)
    return [{"id": i + 1, "submitted": start + dt.timedelta(hours=3 * i), "seconds": 120 + (i % 7) * 10,
             "ip": f"36.108.{i // 200}.{i % 200 + 1}", "place": "新疆-昌吉"} for i in range(n)]


# ---- 问卷星 -----------------------------------------------------------------------------------

def wjx_rows(survey: list[Q], n: int, form: str = "text", *, people: list[dict[str, Any]] | None = None,
             typed_headers: bool = True) -> list[list[Any]]:
    """Header + one row per respondent in 问卷星's 按选项文本 (text), 按选项序号 (index) or 按分数 (score) form.

    Score form uses 问卷星's default 量表 points (first option = highest), which is why it needs the
    text export to name its numbers.
    """
    people = people or _people(n)
    meta = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    header: list[Any] = list(meta)
    columns: list[list[Any]] = []
    for q in survey:
        suffix = {"单选": " (单选题 *必答)", "多选": " (多选题 *必答)", "填空": " (填空题)", "矩阵文本": " (矩阵文本题 *必答)"}[q.kind]
        suffix = suffix if typed_headers else ""
        if q.kind == "矩阵文本":
            for i, row in enumerate(q.rows):
                header.append(f"{q.number}、{q.text}{suffix}—{row}" if i == 0 else row)
                columns.append([f"答卷人{k + 1}" if i == 0 else f"139{k:08d}" for k in range(n)])
            continue
        if q.kind == "填空":
            header.append(f"{q.number}、{q.text}{suffix}")
            columns.append([q.answers[k] if k < len(q.answers) else EMPTY for k in range(n)])
            continue
        picks = _expand(q, n)
        header.append(f"{q.number}、{q.text}{suffix}")
        if form == "text":
            columns.append([SKIP if p is None else q.options[p] for p in picks])
        elif form == "index":
            columns.append([-3 if p is None else p + 1 for p in picks])
        else:
            top = len(q.options)
            columns.append([-3 if p is None else top - p for p in picks])
    rows: list[list[Any]] = [header]
    for k, p in enumerate(people):
        when = p["submitted"].strftime("%Y/%m/%d %H:%M:%S")
        row = [p["id"], when, f"{p['seconds']}秒", "微信", "直接访问", f"{p['ip']}({p['place']})"]
        rows.append(row + [col[k] for col in columns])
    return rows


def write_xlsx(rows: list[list[Any]], path: Path, sheet: str = "Sheet1") -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_xls(rows: list[list[Any]], path: Path, sheet: str = "Sheet1") -> Path:
    """BIFF8 .xls as 问卷星 has long delivered it (xlwt writes the same container)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(path))
    return path


# ---- 腾讯问卷 ---------------------------------------------------------------------------------

def tencent_rows(survey: list[Q], n: int, *, people: list[dict[str, Any]] | None = None) -> list[list[Any]]:
    """腾讯问卷 export: 编号/开始答题时间/结束答题时间/答题时长…, questions ``N.题干``, matrix and multi
    choice as ``N.题干:行/选项`` columns, fill-ins ``_填空``."""
    people = people or _people(n)
    header: list[Any] = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省",
                         "地理位置市", "自定义字段"]
    columns: list[list[Any]] = []
    for q in survey:
        if q.kind == "矩阵文本":
            for i, row in enumerate(q.rows):
                header.append(f"{q.number}.{q.text}:{row}")
                columns.append([f"答卷人{k + 1}" if i == 0 else f"139{k:08d}" for k in range(n)])
            continue
        if q.kind == "填空":
            header.append(f"{q.number}.{q.text}")
            columns.append([q.answers[k] if k < len(q.answers) else "" for k in range(n)])
            continue
        picks = _expand(q, n)
        header.append(f"{q.number}.{q.text}")
        columns.append(["" if p is None else q.options[p] for p in picks])
    rows: list[list[Any]] = [header]
    for k, p in enumerate(people):
        end = p["submitted"]
        begin = end - dt.timedelta(seconds=p["seconds"])
        place = p["place"].split("-")
        row = [p["id"], begin.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"), p["seconds"],
               "中国", place[0], place[-1], ""]
        rows.append(row + [col[k] for col in columns])
    return rows


def write_csv(rows: list[list[Any]], path: Path, encoding: str = "gb18030") -> Path:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
