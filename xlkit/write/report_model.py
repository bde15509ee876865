"""The 评价报告 draft as plain data: what every sentence and table of the report says.

Two steps, both free of python-docx:

* ``report_view(result)`` is the one place that reads the scored result (``xlkit.score``'s
  ``Result``, with or without an evaluation) and turns every figure into the text the 综合评分表 prints
  (``fmt2``, ``fmt_pct``, ``fmt_amount``). Nothing downstream computes a number: when the result
  type changes, only this step changes.
* ``report_document(view)`` lays the view out in the standard outline of 财预〔2020〕10号 (一、基本
  情况 … 七、其他需要说明的问题, 附件) as headings, paragraphs and captioned tables.

The published reports' slips come from typing figures by hand (an 得分率 of 62.50% printed as
75.00%, a 合计 that is not the sum of its rows, a body text that disagrees with the annex), so the
text and the tables here quote the same strings. What only a person can write is a visible
placeholder (``PLACEHOLDER``), never invented prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from xlkit.compute import finance
from xlkit.compute.measures import survey_model
from xlkit.compute.survey import coverage_rates, option_shares, question_n
from xlkit.read.numbers import fmt2, fmt_amount, fmt_pct
from xlkit.spec.templates import workbook_specs

if TYPE_CHECKING:  # scoring pulls in the readers; the model itself stays light
    from xlkit.scoring.evaluation import Result

__all__ = [
    "PLACEHOLDER",
    "Heading",
    "Paragraph",
    "Table",
    "PageBreak",
    "Section",
    "ReportDocument",
    "report_view",
    "report_document",
    "build_report",
    "placeholder",
]

PLACEHOLDER = "【待评价机构填写：{}】"
SHARE_STYLE = "1dp"  # option 占比 as the 综合评分表's 问卷结果 sheet prints it


def placeholder(hint: str) -> str:
    return PLACEHOLDER.format(hint)


# ---- document blocks -----------------------------------------------------------------------

@dataclass(frozen=True)
class Heading:
    """``level`` 1 一、 (黑体), 2 （一） (楷体), 3 1. (仿宋 bold), 4 （1） (仿宋); numbering is in ``text``.

    Level 0 is an unnumbered, centred heading (报告摘要, 附件1 …)."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # body / placeholder / note (smaller, e.g. under a table)


@dataclass(frozen=True)
class Table:
    """A captioned table: "表1-1 …" above, "单位：万元" on the right, a header row repeated on each page."""

    number: str  # 表1-1, 附表1
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    unit: str = ""
    widths: tuple[float, ...] = ()  # relative column widths
    total_rows: frozenset[int] = frozenset()  # bold rows (小计, 合计)
    merge_columns: tuple[int, ...] = ()  # equal neighbours in these columns are merged downwards
    left_columns: tuple[int, ...] = ()  # text columns set flush left (the rest are centred)

    @property
    def caption(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Section:
    """A new page in a new section: landscape for the wide 附件1, portrait again after it."""

    landscape: bool = False


Block = Heading | Paragraph | Table | PageBreak | Section


@dataclass
class ReportDocument:
    title: str
    subtitle: str
    cover: list[tuple[str, str]]
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def texts(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, (Heading, Paragraph))]


# ---- the view: every figure of the result as printed text ------------------------------------

@dataclass(frozen=True)
class DeductionView:
    reason: str
    points: str
    evidence: str


@dataclass(frozen=True)
class IndicatorView:
    code: str
    name: str
    level1: str  # code
    level2: str
    weight: str
    score: str
    rate: str
    lost: str  # 分值 − 得分, "" at full marks
    target: str
    actual: str
    working: str  # the bound measure's formula: "498.46 ÷ 498.46 = 100.00%（决算数 ÷ 全年预算数）"
    standard: str
    reason: str  # 扣分原因 as the 综合评分表 prints it
    deductions: tuple[DeductionView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class LevelView:
    code: str
    name: str
    level: str
    parent: str | None
    weight: str
    score: str
    rate: str
    children: int  # 二级 below a 一级
    indicators: int  # 三级 below


@dataclass(frozen=True)
class MeasureView:
    name: str
    value: str
    formula: str
    note: str


@dataclass(frozen=True)
class BudgetView:
    income: tuple[str, str, str, str] | None  # 年初收入数, 全年预算数, 预算调整数, 收入预算调整率
    expense: tuple[tuple[str, ...], ...]  # 项目, 年初, 全年, 决算, 执行率, 调整率
    expense_totals: frozenset[int]
    total: tuple[str, str, str, str]  # 本年支出合计: 年初, 全年, 决算, 执行率
    projects: tuple[tuple[str, ...], ...]  # 序号, 名称, 类型, 年初, 调整后, 调整率, 实际支出, 执行率
    project_total: tuple[str, ...]  # 合计: 年初, 调整后, 调整率, 实际支出, 执行率
    three_public: str


@dataclass(frozen=True)
class QuestionView:
    qid: str
    text: str
    kind: str
    n: str
    rate: str  # Σ(人数 × 分值) ÷ 答题人数; "" for a question whose options carry no scores
    scored: bool
    options: tuple[tuple[str, str, str, str], ...]  # 选项, 人数, 占比, 分值


@dataclass(frozen=True)
class SurveyView:
    title: str
    respondents: str
    mode: str
    dates: str
    population: str
    distributed: str
    returned: str
    valid: str
    coverage: str
    return_rate: str
    valid_rate: str
    questions: tuple[QuestionView, ...]
    composite: MeasureView | None


@dataclass(frozen=True)
class VoucherView:
    period: str
    method: str
    note: str
    rows: tuple[tuple[str, ...], ...]  # 序号, 凭证日期, 凭证号, 摘要, 金额（元）, 问题, 指标
    total_yuan: str
    total_wan: str
    coverage: MeasureView | None


@dataclass(frozen=True)
class SelfIndicatorView:
    level1: str
    level2: str
    name: str
    weight: str
    target: str
    actual: str
    completion: str
    score: str
    printed: str
    met: bool | None
    reason: str


@dataclass(frozen=True)
class SelfEvalView:
    title: str
    file: str
    unit: str
    scored: bool
    initial: str
    annual: str
    spent: str
    exec_rate: str
    exec_weight: str
    exec_score: str
    indicators: tuple[SelfIndicatorView, ...]
    levels: tuple[tuple[str, str, str], ...]  # 名称, 权重, 得分
    total_weight: str
    total: str
    grade: str
    printed_total: str
    printed_grade: str
    goals: tuple[tuple[str, str], ...]  # 年度目标, 实际完成情况
    checks: tuple[str, ...]


@dataclass(frozen=True)
class ComparisonView:
    title: str
    self_total: str
    self_grade: str
    eval_total: str
    eval_grade: str
    difference: str
    rows: tuple[tuple[str, ...], ...]  # 自评指标, 自评权重, 自评得分, 对应关系, 评价指标, 评价分值, 评价得分, 差异原因
    causes: tuple[str, ...]


@dataclass(frozen=True)
class FundView:
    """基金收支分析 as the result sheet prints it: a row per (block, label), a column per 险种 and 合计."""

    title: str
    unit: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # block, label, then one figure per column


@dataclass
class ReportView:
    kind: str  # 评价 / 自评
    info: dict[str, str]
    subject: str  # 喀什市医疗保障局2024年度部门整体 / 2024年职工大额医疗补助项目
    total: str = ""
    total_weight: str = ""
    rate: str = ""
    grade: str = ""
    bands: str = ""
    full_marks: int = 0
    lost: str = ""
    veto_all: bool = False
    levels: list[LevelView] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    measures: dict[str, MeasureView] = field(default_factory=dict)
    budget: BudgetView | None = None
    survey: SurveyView | None = None
    vouchers: VoucherView | None = None
    self_evals: list[SelfEvalView] = field(default_factory=list)
    comparisons: list[ComparisonView] = field(default_factory=list)
    fund: FundView | None = None
    warnings: int = 0

    def level1(self) -> list[LevelView]:
        return [lv for lv in self.levels if lv.level == "一级"]

    def children(self, code: str) -> list[LevelView]:
        return [lv for lv in self.levels if lv.parent == code]

    def indicators_of(self, level2: str) -> list[IndicatorView]:
        return [i for i in self.indicators if i.level2 == level2]

    def level_name(self, code: str) -> str:
        return next((lv.name for lv in self.levels if lv.code == code), code)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _subject(info: dict[str, Any]) -> str:
    """What the report is about: the project's name, or the unit's year and evaluation type."""
    unit, year, project = _text(info.get("unit")), _text(info.get("year")), _text(info.get("project"))
    if project:
        return project
    kind = _text(info.get("type"))
    return f"{unit}{year}年度{kind}"


def report_view(result: Result) -> ReportView:
    """The scored result as printed text. The only function that reads the result's parts."""
    ev = result.evaluation
    if ev is None:  # a folder of 自评表 alone
        info = {k: _text(v) for k, v in result.info.items()}
        view = ReportView("自评", info, _text(info.get("unit")))
        view.self_evals = [_selfeval_view(se) for se in result.self_evals]
        view.warnings = len(result.checks)
        view.fund = _fund_view(result.fund)
        return view
    info = {k: _text(v) for k, v in result.info.items()}
    view = ReportView("评价", info, _subject(result.info), total=fmt2(ev.total),
                      total_weight=fmt2(ev.total_weight), rate=fmt_pct(ev.rate), grade=ev.grade,
                      full_marks=ev.full_marks, lost=fmt2(ev.total_weight - ev.total),
                      veto_all=ev.veto_all, warnings=len(result.checks))
    grades = ev.grades
    view.bands = "；".join(
        f"{g.name}（{fmt2(g.lower)}分及以上）" if g.lower.is_finite() else f"{g.name}（{fmt2(grades[i - 1].lower)}分以下）"
        for i, g in enumerate(grades))
    view.measures = {name: MeasureView(m.name, m.display, m.formula, m.note)
                     for name, m in ev.measures.values.items()}
    for lv in ev.levels:
        below = [i for i in ev.indicators if (i.level1 if lv.level == "一级" else i.level2) == lv.code]
        view.levels.append(LevelView(lv.code, lv.name, lv.level, lv.parent, fmt2(lv.weight), fmt2(lv.score),
                                     fmt_pct(lv.rate), len(ev.children(lv.code)), len(below)))
    for ind in ev.indicators:
        m = ev.measures.get(ind.measure) if ind.measure else None
        working = f"{m.formula} = {m.display}（{m.note}）" if m is not None and m.value is not None else ""
        view.indicators.append(IndicatorView(
            ind.code, ind.name, ind.level1, ind.level2, fmt2(ind.weight), fmt2(ind.score), fmt_pct(ind.rate),
            "" if ind.full else fmt2(ind.weight - ind.score), _text(ind.target), _text(ind.actual), working,
            _text(ind.standard), ind.reason,
            tuple(DeductionView(d.reason, fmt2(d.points), _text(d.evidence)) for d in ind.deductions if d.points),
            tuple(ind.notes)))
    cr = result.check_result
    if cr is not None and cr.budget is not None:
        view.budget = _budget_view(cr.budget)
    if cr is not None and cr.survey is not None and cr.survey.questions:
        view.survey = _survey_view(cr.survey, view.measures)
    if cr is not None and cr.vouchers is not None and cr.vouchers.vouchers:
        view.vouchers = _voucher_view(cr.vouchers, view.measures.get("凭证抽查覆盖率"))
    view.self_evals = [_selfeval_view(se) for se in result.self_evals]
    view.comparisons = [_comparison_view(c) for c in result.comparisons]
    view.fund = _fund_view(result.fund)
    return view


def _fund_view(fund: Any) -> FundView | None:
    if fund is None:
        return None
    info = fund.info
    title = f"{_text(info.get('unit'))}{_text(info.get('year'))}年度社会保险基金收支余总体情况表"
    rows = tuple((r.block, r.label, *(r.shown(i) for i in range(len(r.values)))) for r in fund.rows)
    return FundView(title, fund.unit, tuple(fund.columns), rows)


def _fund_table(o: _Outline, fund: FundView, number: str) -> None:
    o.p(f"社会保险基金收支情况见{number}（合计列的比率为合计金额之比）。")
    o.table(Table(number, fund.title, ("项目", "", *fund.columns), fund.rows, unit=f"单位：{fund.unit}",
                  widths=(1.6, 1.8, *(2.0 for _ in fund.columns)), merge_columns=(0,), left_columns=(0, 1)))


def _budget_view(book: Any) -> BudgetView:
    expense: list[tuple[str, ...]] = []
    totals: set[int] = set()
    total = ("-", "-", "-", "-")
    for fr in workbook_specs()["budget"].sheet("expense").fixed_rows:
        row = book.expense.get(fr.key)
        line = finance.BudgetLine(fr.label, *(row.get(k) if row else None for k in ("initial", "annual", "final")))
        cells = (fr.label, fmt_amount(line.initial), fmt_amount(line.annual), fmt_amount(line.final),
                 fmt_pct(line.execution_rate()), fmt_pct(line.adjustment_rate()))
        if fr.total:
            totals.add(len(expense))
            total = cells[1:5]
        expense.append(cells)
    income = None
    inc = book.income.get("total")
    if inc is not None and (inc.get("initial") is not None or inc.get("annual") is not None):
        adj = finance.income_adjustment(inc.get("initial"), inc.get("annual"))
        income = (fmt_amount(inc.get("initial")), fmt_amount(inc.get("annual")), fmt_amount(adj.amount),
                  fmt_pct(adj.rate))
    projects, lines = [], []
    for i, p in enumerate(book.projects, 1):
        kind = p.get("kind") if p.get("kind") in finance.PROJECT_KINDS else (
            finance.ADDED_PROJECT if p.get("initial") is None else finance.INITIAL_PROJECT)
        ln = finance.ProjectLine(p.get("name") or "", kind, p.get("initial"), p.get("adjusted"), p.get("spent"))
        lines.append(ln)
        projects.append((str(p.get("no") or i), ln.name, ln.kind, fmt_amount(ln.initial), fmt_amount(ln.adjusted),
                         fmt_pct(ln.adjustment_rate()), fmt_amount(ln.spent), fmt_pct(ln.execution_rate())))
    project_total: tuple[str, ...] = ()
    if lines:
        pa = finance.project_adjustment(lines)
        project_total = (fmt_amount(pa.initial_total), fmt_amount(pa.adjusted_total), fmt_pct(pa.rate),
                         fmt_amount(pa.spent_total), fmt_pct(pa.execution_rate))
    tp = book.three_public.get("total")
    if tp is not None and tp.get("arranged") == finance.NOT_ARRANGED:
        three = "未安排“三公”经费预算"
    elif tp is not None and tp.get("annual") is not None:
        three = (f"“三公”经费全年预算数 {fmt_amount(tp.get('annual'))} 万元，决算数 {fmt_amount(tp.get('final'))} 万元，"
                 f"执行率 {fmt_pct(finance.execution_rate(tp.get('final'), tp.get('annual')))}")
    else:
        three = ""
    return BudgetView(income, tuple(expense), frozenset(totals), total, tuple(projects), project_total, three)


def _survey_view(book: Any, measures: dict[str, MeasureView]) -> SurveyView:
    survey = survey_model(book)
    cov = coverage_rates(survey)
    questions = []
    for q in survey.questions:
        qn = survey.question(q.qid)
        n = question_n(qn)
        options = tuple((label, str(count), sh.text, fmt2(opt.score) if opt.score is not None else "")
                        for (label, count, sh), opt in zip(option_shares(qn, SHARE_STYLE), qn.options))
        # the rate an indicator may bind ("问卷:Q4"), for scored and unscored questions alike
        m = measures.get(f"问卷:{q.qid}")
        rate = m.value if m is not None else ""
        questions.append(QuestionView(q.qid, q.text, q.kind, str(n) if n is not None else "-", rate, q.scored,
                                      options))
    info = book.info

    def count(v: Any) -> str:
        return "-" if v is None else str(v)

    return SurveyView(survey.title, _text(info.get("respondents")), _text(info.get("mode")), _text(info.get("dates")),
                      count(survey.population), count(survey.distributed), count(survey.returned),
                      count(survey.valid), fmt_pct(cov.coverage), fmt_pct(cov.return_rate), fmt_pct(cov.valid_rate),
                      tuple(questions), measures.get("问卷综合满意度"))


def _voucher_view(book: Any, coverage: MeasureView | None) -> VoucherView:
    rows = []
    for i, v in enumerate(book.vouchers, 1):
        date = v.date.isoformat() if v.date else ""
        rows.append((str(v.no or i), date, v.ident, v.summary, fmt_amount(v.amount), _text(v.problem) or "未发现问题",
                     _text(v.indicator)))
    total = finance.voucher_total(v.amount for v in book.vouchers if v.amount is not None)
    scope = book.scope
    return VoucherView(_text(scope.get("period")), _text(scope.get("method")), _text(scope.get("scope_note")),
                       tuple(rows), fmt_amount(total), fmt_amount(finance.to_wan(total)), coverage)


def _selfeval_view(se: Any) -> SelfEvalView:
    def opt(v: Decimal | None, f: Any = fmt2) -> str:
        return "" if v is None else f(v)

    inds = tuple(SelfIndicatorView(i.level1, i.level2, i.name, fmt2(i.weight), _text(i.target), _text(i.actual),
                                   opt(i.completion, fmt_pct), opt(i.score), opt(i.printed), i.met, _text(i.reason))
                 for i in se.indicators)
    levels = tuple((lv.name, fmt2(lv.weight), opt(lv.score)) for lv in se.levels)
    return SelfEvalView(
        se.title, se.file, _text(se.info.get("unit")), se.scored, opt(se.initial, fmt_amount), opt(se.annual, fmt_amount),
        opt(se.spent, fmt_amount), opt(se.exec_rate, fmt_pct), fmt2(se.exec_weight), opt(se.exec_score), inds, levels,
        fmt2(se.total_weight), opt(se.total), _text(se.grade), opt(se.printed_total),
        _text(se.info.get("printed_grade")), tuple((_text(a), _text(b)) for a, b in se.goals),
        tuple(i.message for i in se.checks))


def _comparison_view(c: Any) -> ComparisonView:
    rows = []
    for r in c.rows:
        d = r.to_dict()
        rows.append((d["自评指标"] or "—", d["自评权重"], d["自评得分"], d["对应关系"], d["评价指标"], d["评价分值"],
                     d["评价得分"], d["差异原因"]))
    return ComparisonView(c.selfeval.title, fmt2(c.self_total) if c.self_total is not None else "", c.self_grade or "",
                          fmt2(c.eval_total), c.eval_grade, fmt2(c.difference) if c.difference is not None else "",
                          tuple(rows), tuple(c.causes))


# ---- the outline ---------------------------------------------------------------------------

CN_NUMBERS = "一二三四五六七八九十"


def _cn(i: int) -> str:
    """1 → 一 … 10 → 十, 11 → 十一 … 19 → 十九, 20 → 二十 (enough for any outline)."""
    if i <= 10:
        return CN_NUMBERS[i - 1]
    tens, ones = divmod(i, 10)
    return (CN_NUMBERS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMBERS[ones - 1] if ones else "")


class _Outline:
    """Numbers headings as the reports do: 一、 then （一） then 1. then （1）, each level restarting."""

    def __init__(self, doc: ReportDocument):
        self.doc = doc
        self.counts = [0, 0, 0, 0]

    def h(self, level: int, text: str) -> None:
        self.counts[level - 1] += 1
        for deeper in range(level, 4):
            self.counts[deeper] = 0
        n = self.counts[level - 1]
        mark = {1: f"{_cn(n)}、", 2: f"（{_cn(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
        self.doc.blocks.append(Heading(level, mark + text))

    def p(self, text: str) -> None:
        self.doc.blocks.append(Paragraph(text))

    def fill(self, hint: str) -> None:
        self.doc.blocks.append(Paragraph(placeholder(hint), "placeholder"))

    def note(self, text: str) -> None:
        self.doc.blocks.append(Paragraph(text, "note"))

    def table(self, table: Table) -> None:
        self.doc.blocks.append(table)

    def unnumbered(self, text: str) -> None:
        self.doc.blocks.append(Heading(0, text))


def _cover(view: ReportView, kind: str) -> list[tuple[str, str]]:
    info = view.info
    date = info.get("report_date") or ""
    return [
        ("委托方", info.get("commissioner") or placeholder("委托方")),
        ("评价机构" if kind == "评价" else "自评单位",
         (info.get("evaluator") or placeholder("评价机构全称")) if kind == "评价" else (info.get("unit") or "")),
        ("报告文号", info.get("report_no") or placeholder("报告文号")),
        ("评价时段", info.get("period") or f"{info.get('year', '')}年度"),
        ("报告日期", date or placeholder("报告日期（年 月 日）")),
    ]


def report_document(view: ReportView) -> ReportDocument:
    """The outline of the report for ``view`` (a 评价报告, or a 自评报告 for a folder of 自评表 alone)."""
    if view.kind == "自评":
        return _selfeval_document(view)
    kind_word = "项目支出" if view.info.get("project") else "部门整体支出"
    title = f"{view.subject}{'' if view.info.get('project') else '支出'}绩效评价报告"
    doc = ReportDocument(title, "（征求意见稿）", _cover(view, "评价"))
    o = _Outline(doc)
    _summary_section(o, view)
    _basic_section(o, view, kind_word)
    _work_section(o, view)
    _conclusion_section(o, view)
    _analysis_section(o, view)
    _problems_section(o, view)
    o.h(1, "有关建议")
    groups = _problem_groups(view)
    if groups:
        for lv1, _ in groups:
            o.h(2, f"{lv1.name}方面")
            o.fill(f"针对{lv1.name}方面的问题提出具体、可操作的改进建议（责任主体、措施、时限）")
    else:
        o.fill("改进建议")
    o.h(1, "其他需要说明的问题")
    o.fill("评价工作的局限性、数据来源的说明、被评价单位反馈意见的采纳情况等；无则写“无”")
    _annexes(o, view)
    return doc


def _summary_section(o: _Outline, view: ReportView) -> None:
    info = view.info
    o.unnumbered("报告摘要")
    who = info.get("evaluator") or placeholder("评价机构")
    by = f"受{info['commissioner']}委托，" if info.get("commissioner") else ""
    o.p(f"{by}{who}对{view.subject}开展了绩效评价。评价共设三级指标 {len(view.indicators)} 个，"
        f"实现目标（得满分）{view.full_marks} 个，综合得分 {view.total} 分，绩效等级为“{view.grade}”。")
    o.p("；".join(f"{lv.name}指标分值 {lv.weight} 分，得分 {lv.score} 分，得分率 {lv.rate}" for lv in view.level1()) + "。")
    o.doc.blocks.append(PageBreak())


def _basic_section(o: _Outline, view: ReportView, kind_word: str) -> None:
    info = view.info
    o.h(1, "基本情况")
    project = info.get("project")
    o.h(2, "项目概况" if project else "部门（单位）概况")
    facts = [f"被评价单位：{info.get('unit', '')}"]
    if info.get("department"):
        facts.append(f"主管部门：{info['department']}")
    if project:
        facts.append(f"项目名称：{project}")
    facts.append(f"评价年度：{info.get('year', '')}年")
    o.p("；".join(facts) + "。")
    o.fill("项目立项依据、实施内容、实施主体和受益对象" if project else "单位职能、内设机构和人员编制、年度主要工作")
    o.h(2, "资金投入和使用情况")
    b = view.budget
    if b is None:
        o.fill("资金来源、预算安排和使用情况（本次评价未填写预决算工作簿）")
    else:
        _budget_text(o, view, b)
    o.h(2, "绩效目标")
    o.fill("年度总体绩效目标和绩效指标（取自批复的绩效目标表）")
    o.p("评价指标体系中各三级指标的目标值和实际完成值见第四部分各表。")


def _budget_text(o: _Outline, view: ReportView, b: BudgetView) -> None:
    unit = view.info.get("unit", "")
    year = view.info.get("year", "")
    if b.income is not None:
        o.h(3, "收入预算情况")
        o.p(f"{unit}{year}年度年初收入数为 {b.income[0]} 万元，全年预算数为 {b.income[1]} 万元，"
            f"预算调整数为 {b.income[2]} 万元，收入预算调整率为 {b.income[3]}。")
    o.h(3, "支出预决算情况")
    initial, annual, final, rate = b.total
    o.p(f"{unit}{year}年度支出年初预算数为 {initial} 万元，全年预算数为 {annual} 万元，决算数为 {final} 万元，"
        f"预算执行率为 {rate}（决算数 ÷ 全年预算数）。具体见表1-1。")
    o.table(Table("表1-1", f"{view.subject}支出预决算情况表",
                  ("项目（按支出性质和经济分类）", "年初预算数", "全年预算数", "决算数", "预算执行率", "预算调整率"),
                  b.expense, unit="单位：万元", widths=(4.4, 1.6, 1.6, 1.6, 1.8, 1.8), total_rows=b.expense_totals,
                  left_columns=(0,)))
    if b.projects:
        pt = b.project_total
        o.p(f"项目年初预算数合计 {pt[0]} 万元，调整后预算数合计 {pt[1]} 万元，预算调整率为 {pt[2]}；"
            f"实际支出数合计 {pt[3]} 万元，预算执行率为 {pt[4]}。各项目情况见表1-2。")
        rows = tuple((*p[:3], *p[3:]) for p in b.projects) + (("合计", "", "", *pt),)
        o.table(Table("表1-2", f"{view.subject}项目预算安排及执行情况汇总表",
                      ("序号", "项目名称", "项目类型", "年初预算数", "调整后预算数", "预算调整率", "实际支出数", "预算执行率"),
                      rows, unit="单位：万元", widths=(0.7, 3.0, 1.5, 1.5, 1.5, 1.7, 1.5, 1.7),
                      total_rows=frozenset({len(rows) - 1}), left_columns=(1,)))
        o.note("注：预算调整率 =（调整后预算数 − 年初预算数）÷ 年初预算数，调减为负；年中追加项目无年初预算数，以“-”表示。")
    if view.fund is not None:
        o.h(3, "社会保险基金收支情况")
        _fund_table(o, view.fund, "表1-3")
    if b.three_public:
        o.h(3, "“三公”经费情况")
        o.p(f"{unit}{year}年度{b.three_public}。")


def _work_section(o: _Outline, view: ReportView) -> None:
    info = view.info
    o.h(1, "绩效评价工作开展情况")
    o.h(2, "绩效评价依据")
    o.p("《中华人民共和国预算法》、《项目支出绩效评价管理办法》（财预〔2020〕10号）等。")
    o.fill("本地区、本行业的绩效管理制度，预算批复、绩效目标批复等文件")
    o.h(2, "绩效评价对象和范围")
    scope = f"评价对象为{view.subject}"
    if info.get("period"):
        scope += f"，评价时段为{info['period']}"
    if view.budget is not None:
        scope += f"，涉及资金 {view.budget.total[2]} 万元（决算数）"
    o.p(scope + "。")
    o.h(2, "评价方法、指标体系及评分方法")
    n1 = len(view.level1())
    n2 = len([lv for lv in view.levels if lv.level == "二级"])
    o.p(f"评价指标体系设一级指标 {n1} 个、二级指标 {n2} 个、三级指标 {len(view.indicators)} 个，总分值 {view.total_weight} 分"
        f"（{'、'.join(f'{lv.name} {lv.weight} 分' for lv in view.level1())}）。每个三级指标按其评分标准计分，"
        f"三级指标得分保留两位小数后相加得到二级、一级指标得分和总分。指标体系见表2-1，各三级指标的评分标准见第四部分。")
    rows = []
    for lv1 in view.level1():
        for lv2 in view.children(lv1.code):
            rows.append((f"{lv1.code} {lv1.name}（{lv1.weight}分）", f"{lv2.code} {lv2.name}", lv2.weight,
                         str(lv2.indicators)))
    rows.append(("合计", "", view.total_weight, str(len(view.indicators))))
    o.table(Table("表2-1", f"{view.subject}绩效评价指标体系", ("一级指标", "二级指标", "分值", "三级指标个数"),
                  tuple(rows), unit="单位：分", widths=(3, 3.4, 1.2, 1.4), total_rows=frozenset({len(rows) - 1}),
                  merge_columns=(0,), left_columns=(0, 1)))
    o.p(f"等级划分：{view.bands}。")
    if view.survey is not None:
        s = view.survey
        o.h(2, "问卷调查")
        who = f"，调查对象为{s.respondents}" if s.respondents else ""
        how = f"，调查方式为{s.mode}" if s.mode else ""
        when = f"，调查时间为{s.dates}" if s.dates else ""
        o.p(f"为了解服务对象的满意程度，评价组开展了问卷调查（{s.title or '满意度调查'}）{who}{how}{when}。"
            f"调查对象总体 {s.population} 人，发放问卷 {s.distributed} 份，回收 {s.returned} 份，有效问卷 {s.valid} 份；"
            f"问卷覆盖率 {s.coverage}，回收率 {s.return_rate}，有效回收率 {s.valid_rate}。问卷结果见附件{_annex_no(view, 'survey')}。")
    if view.vouchers is not None:
        v = view.vouchers
        o.h(2, "凭证抽查")
        method = f"，抽查方式为{v.method}" if v.method else ""
        cover = f"，占决算数的 {v.coverage.value}" if v.coverage is not None and v.coverage.value != "-" else ""
        o.p(f"评价组抽查{v.period or '评价年度'}会计凭证 {len(v.rows)} 笔{method}，抽查金额 {v.total_yuan} 元"
            f"（{v.total_wan} 万元）{cover}。抽查台账见附件{_annex_no(view, 'vouchers')}。" + (f"{v.note}。" if v.note and not v.note.endswith("。") else v.note))
    o.h(2, "绩效评价工作过程")
    o.fill("前期准备、组织实施（资料收集、现场核查、访谈）、分析评价和报告撰写各阶段的时间与工作内容，评价组成员")


def _conclusion_section(o: _Outline, view: ReportView) -> None:
    o.h(1, "综合评价情况及评价结论")
    o.h(2, "绩效评价结果")
    o.p(f"根据评价指标体系及评分标准，{view.subject}绩效评价共设置三级指标 {len(view.indicators)} 个，"
        f"实现目标（得满分）{view.full_marks} 个，综合得分 {view.total} 分，绩效等级为“{view.grade}”。"
        "各一级指标的分值和得分见表3-1。")
    if view.veto_all:
        o.p("存在一票否决整体评价的情形，等级按最低等级确定。")
    levels = view.level1()
    o.table(Table("表3-1", f"{view.subject}绩效评价得分表", ("指标", *(lv.name for lv in levels), "合计"),
                  (("分值", *(lv.weight for lv in levels), view.total_weight),
                   ("得分", *(lv.score for lv in levels), view.total),
                   ("得分率", *(lv.rate for lv in levels), view.rate)),
                  unit="单位：分", widths=(1.2, *(1.6 for _ in levels), 1.4), left_columns=()))
    o.h(2, "综合评价结论")
    for lv in levels:
        lost = [i for i in view.indicators if i.level1 == lv.code and i.lost]
        where = ("，扣分指标为" + "、".join(f"{i.code}{i.name}（扣 {i.lost} 分）" for i in lost)) if lost else "，各指标均得满分"
        o.p(f"{lv.name}指标分值 {lv.weight} 分，得分 {lv.score} 分，得分率 {lv.rate}{where}。")
    o.fill("对项目（部门）整体绩效的定性评价：主要成效和主要不足，与得分一致")
    if view.comparisons:
        o.h(2, "与单位自评结果的对比")
    for k, c in enumerate(view.comparisons, 2):
        number = f"表3-{k}"
        if not c.self_total:
            o.p(f"单位自评表（{c.title}）不评分，逐项对比见{number}。")
        else:
            lower = c.difference.startswith("-")
            o.p(f"单位自评（{c.title}）总分 {c.self_total} 分，等级“{c.self_grade}”；本次评价总分 {c.eval_total} 分，"
                f"等级“{c.eval_grade}”，评价比自评{'低' if lower else '高'} {c.difference.lstrip('-')} 分。"
                f"逐项对比见{number}。")
        for cause in c.causes:
            o.p(cause + ("" if cause.endswith("。") else "。"))
        o.table(Table(number, f"单位自评（{c.title}）与评价结果对比表",
                      ("自评指标", "自评权重", "自评得分", "对应关系", "评价指标", "评价分值", "评价得分", "差异原因"),
                      c.rows, unit="单位：分", widths=(2.4, 1.1, 1.1, 1, 2.4, 1.1, 1.1, 3.4), left_columns=(0, 4, 7)))


def _analysis_section(o: _Outline, view: ReportView) -> None:
    o.h(1, "绩效评价指标分析")
    for n, lv1 in enumerate(view.level1(), 1):
        o.h(2, f"{lv1.name}指标分析")
        kids = view.children(lv1.code)
        o.p(f"{lv1.name}指标由 {len(kids)} 个二级指标和 {lv1.indicators} 个三级指标构成，分值 {lv1.weight} 分，"
            f"得分 {lv1.score} 分，得分率 {lv1.rate}。各指标得分见表4-{n}。")
        rows = []
        for lv2 in kids:
            for i in view.indicators_of(lv2.code):
                rows.append((f"{lv2.code} {lv2.name}", f"{i.code} {i.name}", i.weight, i.target, i.actual, i.score,
                             i.rate))
        rows.append(("合计", "", lv1.weight, "", "", lv1.score, lv1.rate))
        o.table(Table(f"表4-{n}", f"{lv1.name}指标得分情况",
                      ("二级指标", "三级指标", "分值", "目标值", "实际完成值", "得分", "得分率"), tuple(rows),
                      unit="单位：分", widths=(2.0, 3.6, 1.3, 1.8, 1.8, 1.3, 1.7), total_rows=frozenset({len(rows) - 1}),
                      merge_columns=(0,), left_columns=(0, 1)))
        for lv2 in kids:
            o.h(3, f"{lv2.name}")
            o.p(f"{lv2.name}分值 {lv2.weight} 分，得分 {lv2.score} 分，得分率 {lv2.rate}。")
            for i in view.indicators_of(lv2.code):
                o.h(4, f"{i.code}{i.name}")
                _indicator_passage(o, i)


def _indicator_passage(o: _Outline, i: IndicatorView) -> None:
    text = f"该指标分值 {i.weight} 分，得分 {i.score} 分，得分率 {i.rate}。"
    if i.target or i.actual:
        text += f"目标值为“{i.target or '—'}”，实际完成值为“{i.actual or '—'}”"
        text += f"，计算过程：{i.working}。" if i.working else "。"
    o.p(text)
    if i.standard:
        o.p(f"评分标准：{i.standard.rstrip('。')}。")
    if i.deductions:
        parts = []
        for n, d in enumerate(i.deductions, 1):
            mark = chr(0x2460 + n - 1) if len(i.deductions) > 1 and n <= 20 else ""
            ev = f"（依据：{d.evidence}）" if d.evidence and d.evidence not in d.reason else ""
            parts.append(f"{mark}{d.reason.rstrip('。')}{ev}，扣 {d.points} 分")
        o.p("扣分原因：" + "；".join(parts) + f"。综上，该指标扣 {i.lost} 分，得 {i.score} 分。")
    elif i.lost:
        reason = i.reason or "；".join(i.notes)
        o.p(f"扣分原因：{reason.rstrip('。') or '见评分标准'}。综上，该指标扣 {i.lost} 分，得 {i.score} 分。")
    o.fill(f"{i.code}的核查过程、佐证材料和分析")


def _problem_groups(view: ReportView) -> list[tuple[LevelView, list[IndicatorView]]]:
    out = []
    for lv1 in view.level1():
        lost = [i for i in view.indicators if i.level1 == lv1.code and i.lost]
        if lost:
            out.append((lv1, lost))
    return out


def _problems_section(o: _Outline, view: ReportView) -> None:
    o.h(1, "主要经验做法、存在的问题及原因分析")
    o.h(2, "主要经验做法")
    o.fill("被评价单位在预算管理、项目实施和绩效管理中的主要经验和做法")
    o.h(2, "存在的问题")
    groups = _problem_groups(view)
    if not groups:
        o.p("评价中各指标均得满分，未发现扣分事项。")
    for lv1, lost in groups:
        o.h(3, f"{lv1.name}方面")
        for i in lost:
            if i.deductions:
                items = "；".join(
                    d.reason.rstrip("。") + (f"（{d.evidence}）" if d.evidence and d.evidence not in d.reason else "")
                    for d in i.deductions)
            else:
                items = (i.reason or "；".join(i.notes)).rstrip("。")
            o.p(f"{i.code}{i.name}（扣 {i.lost} 分）：{items}。")
    o.h(2, "原因分析")
    o.fill("上述问题产生的原因（制度、管理、执行、外部因素），逐项对应")


def _annex_no(view: ReportView, what: str) -> int:
    """附件1 is the 综合评分表; the ledger and the questionnaire follow when the folder has them."""
    order = ["scores", *(["vouchers"] if view.vouchers is not None else []), *(["survey"] if view.survey is not None else [])]
    return order.index(what) + 1


def _annexes(o: _Outline, view: ReportView) -> None:
    n = 1
    o.doc.blocks.append(Section(landscape=True))
    o.unnumbered("附件1 综合评分表")
    rows, totals = [], set()
    for lv1 in view.level1():
        for lv2 in view.children(lv1.code):
            for i in view.indicators_of(lv2.code):
                rows.append((f"{lv1.code} {lv1.name}", f"{lv2.code} {lv2.name}", f"{i.code} {i.name}", i.target,
                             i.actual, i.weight, i.score, i.rate, i.reason))
        totals.add(len(rows))
        rows.append((f"{lv1.name} 小计", "", "", "", "", lv1.weight, lv1.score, lv1.rate, ""))
    totals.add(len(rows))
    rows.append(("合计", "", "", "", "", view.total_weight, view.total, view.rate, f"等级：{view.grade}"))
    o.table(Table("附表1", f"{view.subject}绩效评价综合评分表",
                  ("一级指标", "二级指标", "三级指标", "目标值", "实际完成值", "分值", "得分", "得分率", "扣分原因"),
                  tuple(rows), unit="单位：分", widths=(1.4, 1.5, 2.2, 1.3, 1.3, 1.2, 1.2, 1.4, 3.8),
                  total_rows=frozenset(totals), merge_columns=(0, 1), left_columns=(0, 1, 2, 8)))
    if view.vouchers is not None:
        v = view.vouchers
        n += 1
        o.doc.blocks.append(PageBreak())  # landscape like 附件1: the 问题 column is long
        o.unnumbered(f"附件{n} 凭证抽查台账")
        rows2 = [*v.rows, ("合计", "", "", "", v.total_yuan, "", "")]
        o.table(Table(f"附表{n}", f"{view.subject}凭证抽查台账",
                      ("序号", "凭证日期", "凭证号", "摘要", "金额（元）", "问题", "对应指标"), tuple(rows2),
                      unit="单位：元", widths=(0.8, 2.0, 1.8, 2.6, 2.0, 6.0, 1.2), total_rows=frozenset({len(rows2) - 1}),
                      left_columns=(3, 5)))
    if view.survey is not None:
        s = view.survey
        n += 1
        o.doc.blocks.append(Section(landscape=False))
        o.unnumbered(f"附件{n} 问卷调查分析")
        o.p(f"调查对象总体 {s.population} 人，发放问卷 {s.distributed} 份，回收 {s.returned} 份，有效问卷 {s.valid} 份；"
            f"问卷覆盖率 {s.coverage}，回收率 {s.return_rate}，有效回收率 {s.valid_rate}。"
            "各题的人数、占比和比率见附表。")
        rows3, totals3 = [], set()
        for q in s.questions:
            head = f"{q.qid} {q.text}"
            for label, count, share, score in q.options:
                rows3.append((head, label, count, share, score, q.rate))
            if not q.options:
                rows3.append((head, "", "", "", "", q.rate))
        if s.composite is not None:
            totals3.add(len(rows3))
            rows3.append(("综合满意度", s.composite.note, "", "", "", s.composite.value))
        o.table(Table(f"附表{n}", f"{view.subject}满意度问卷统计表", ("题目", "选项", "人数", "占比", "分值", "比率"),
                      tuple(rows3), widths=(3.6, 2.4, 1.0, 1.3, 1.0, 1.5), total_rows=frozenset(totals3),
                      merge_columns=(0, 5), left_columns=(0, 1)))
        o.note("注：比率 = Σ(选择人数 × 选项分值) ÷ 答题人数；计入综合满意度的题目为"
               + "、".join(q.qid for q in s.questions if q.scored) + "。")
        o.p("各题满意率：" + "；".join(f"{q.qid} {q.rate}" for q in s.questions if q.scored)
            + (f"；综合满意度 {s.composite.value}（{s.composite.note}：{s.composite.formula}）。"
               if s.composite is not None else "。"))
        o.fill("问卷的开放性意见归纳与分析")


# ---- 自评报告 -----------------------------------------------------------------------------

def _selfeval_document(view: ReportView) -> ReportDocument:
    unit = view.info.get("unit", "")
    year = view.info.get("year", "")
    doc = ReportDocument(f"{unit}{year}年度绩效自评报告", "", [
        ("自评单位", unit), ("自评年度", f"{year}年度"), ("报告日期", placeholder("报告日期（年 月 日）"))])
    o = _Outline(doc)
    evals = view.self_evals
    o.h(1, "基本情况")
    o.p(f"{unit}{year}年度开展绩效自评的项目（部门整体）共 {len(evals)} 个，"
        f"其中按评分规则计分的 {sum(1 for s in evals if s.scored)} 个。")
    o.fill("单位职能、年度主要工作和预算安排概况")
    if view.fund is not None:
        _fund_table(o, view.fund, "表1-1")
    o.h(1, "自评结果")
    rows = tuple((str(n), s.title, s.annual or "-", s.spent or "-", s.exec_rate or "-", s.total or "不评分",
                  s.grade or "-", s.printed_total or "-", s.printed_grade or "-") for n, s in enumerate(evals, 1))
    o.table(Table("表2-1", f"{unit}{year}年度绩效自评结果汇总表",
                  ("序号", "项目（部门整体）", "全年预算数（万元）", "执行数（万元）", "预算执行率", "自评得分", "自评等级",
                   "填报得分", "填报等级"), rows, unit="单位：分",
                  widths=(0.6, 2.6, 1.8, 1.8, 1.5, 1.2, 1.0, 1.2, 1.0), left_columns=(1,)))
    differ = [s for s in evals if s.printed_total and s.total and s.printed_total != s.total]
    if differ:
        o.p("按评分规则重算的得分与自评表填报得分不一致的有：" + "；".join(
            f"{s.title}（重算 {s.total} 分，填报 {s.printed_total} 分）" for s in differ) + "。差异原因见各项目的偏差分析。")
    o.h(1, "各项目自评情况及偏差分析")
    for n, s in enumerate(evals, 1):
        o.h(2, s.title)
        money = (f"全年预算数 {s.annual} 万元，执行数 {s.spent} 万元，预算执行率 {s.exec_rate}"
                 if s.annual and s.spent else "预算执行数据未填写")
        score = (f"；预算执行率分值 {s.exec_weight} 分，得 {s.exec_score} 分" if s.exec_score else "")
        total = f"。自评总分 {s.total} 分，等级“{s.grade}”" if s.total else "。本表不评分"
        printed = f"（自评表填报 {s.printed_total} 分）" if s.printed_total else ""
        o.p(f"{money}{score}{total}{printed}。")
        rows2 = tuple((i.level1, i.level2, i.name, i.weight, i.target, i.actual, i.completion or "-", i.score or "-",
                       i.printed or "-") for i in s.indicators)
        o.table(Table(f"表3-{n}", f"{s.title}绩效指标完成情况表",
                      ("一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "完成率", "得分", "填报得分"),
                      rows2, unit="单位：分", widths=(1.0, 1.2, 2.6, 1.2, 1.3, 1.3, 1.5, 1.2, 1.2),
                      merge_columns=(0, 1), left_columns=(2,)))
        off = [i for i in s.indicators if i.met is False or (i.score and i.weight and i.score != i.weight)]
        if off:
            o.p("偏差：" + "；".join(
                f"“{i.name}”指标值 {i.target}，实际完成 {i.actual}" + (f"，完成率 {i.completion}" if i.completion else "")
                + (f"，得 {i.score} 分（分值 {i.weight} 分）" if i.score else "") for i in off) + "。")
            o.fill("以上偏差的原因及改进措施")
        else:
            o.p("各项绩效指标均已完成。")
        if s.checks:
            o.p("表内问题：" + "；".join(c.rstrip("。") for c in s.checks) + "。")
    o.h(1, "存在的问题及原因分析")
    o.fill("自评中发现的主要问题及其原因")
    o.h(1, "改进措施及结果应用")
    o.fill("针对问题的改进措施和自评结果的应用")
    o.h(1, "其他需要说明的问题")
    o.fill("无则写“无”")
    return doc


def build_report(result: Result) -> ReportDocument:
    """The document for a scored folder: ``report_document(report_view(result))``."""
    return report_document(report_view(result))
