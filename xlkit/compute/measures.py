"""Named measures (绑定测算项) computed from the 预决算, 问卷 and 凭证 workbooks.

An indicator bound to a measure takes it as its 实际完成值, so 预算执行率 is computed from the
table the clerk filled rather than retyped. Every measure keeps its formula with the figures
put in ("498.46 ÷ 498.46") and the cells it came from, because an evaluator must be able to show
where a printed rate came from. Formulas and denominators are the reports' own (golden cases in
tests/goldens); the arithmetic itself lives in ``xlkit.compute.finance`` and ``xlkit.compute.survey``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlkit.compute import finance
from xlkit.compute import survey as sv
from xlkit.errors import RuleConfigError
from xlkit.read.numbers import D, fmt_amount, fmt_pct
from xlkit.read.reader import Row
from xlkit.read.records import BudgetBook, SurveyBook, VoucherBook
from xlkit.spec.templates import sheet_name

__all__ = ["MeasureValue", "Measures", "compute_measures", "survey_model", "SURVEY_METHODS"]

# 基本信息 › 满意度合成方式 → xlkit.compute.survey.composite method.
SURVEY_METHODS = {"等权平均": "mean", "合并计算": "pooled", "": "mean", None: "mean"}


@dataclass(frozen=True)
class MeasureValue:
    """One computed measure: a rate as a fraction (4 places) or None where not computable."""

    name: str
    value: Decimal | None
    formula: str  # with the figures: "498.46 ÷ 498.46"
    source: str  # workbook › sheet › cells
    note: str = ""

    @property
    def display(self) -> str:
        return fmt_pct(self.value) if self.value is not None else "-"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.display, "formula": self.formula, "source": self.source,
                "note": self.note}


@dataclass
class Measures:
    """All measures of a folder, by name, plus the problems met while computing them."""

    values: dict[str, MeasureValue] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, m: MeasureValue) -> None:
        self.values[m.name] = m

    def rates(self) -> dict[str, object]:
        """name → fraction, the mapping rules receive as ``RuleInput.measures``."""
        return {name: m.value for name, m in self.values.items()}

    def get(self, name: str) -> MeasureValue | None:
        return self.values.get(name)


def _amt(row: Row | None, key: str) -> Decimal | None:
    if row is None:
        return None
    value = row.get(key)
    return None if value is None else D(value)


def _cell(row: Row | None, key: str) -> str:
    return row.cells.get(key, "") if row is not None else ""


def _ratio_text(num: Decimal | None, den: Decimal | None) -> str:
    return f"{fmt_amount(num)} ÷ {fmt_amount(den)}"


def _budget(book: BudgetBook, out: Measures, adjustment_mode: str) -> None:
    file = book.data.path.name
    expense = book.expense
    for name, key in (("预算执行率", "total"), ("基本支出执行率", "basic"), ("项目支出执行率", "project")):
        row = expense.get(key)
        final, annual = _amt(row, "final"), _amt(row, "annual")
        out.add(MeasureValue(name, finance.execution_rate(final, annual), _ratio_text(final, annual),
                             f"{file} › {sheet_name('budget', 'expense')} › {_cell(row, 'final')}/{_cell(row, 'annual')}",
                             "决算数 ÷ 全年预算数（预算下达数）"))
    income = book.income.get("total")
    initial, annual = _amt(income, "initial"), _amt(income, "annual")
    adj = finance.income_adjustment(initial, annual)
    out.add(MeasureValue("收入预算调整率", adj.rate,
                         f"({fmt_amount(initial)} − {fmt_amount(annual)}) ÷ {fmt_amount(initial)}",
                         f"{file} › {sheet_name('budget', 'income')} › {_cell(income, 'initial')}/{_cell(income, 'annual')}",
                         "预算调整数 ÷ 年初收入数"))

    lines = []
    for row in book.projects:
        kind = row.get("kind") or (finance.ADDED_PROJECT if row.get("initial") is None else finance.INITIAL_PROJECT)
        if kind not in finance.PROJECT_KINDS:
            kind = finance.INITIAL_PROJECT
        lines.append(finance.ProjectLine(row.get("name") or "", kind, _amt(row, "initial"), _amt(row, "adjusted"),
                                         _amt(row, "spent"), _amt(row, "received")))
    where = f"{file} › 项目"
    if lines:
        pa = finance.project_adjustment(lines, mode=adjustment_mode, signed=False)
        if adjustment_mode == "net":
            formula = (f"|{fmt_amount(pa.adjusted_total)} − {fmt_amount(pa.initial_total)}| ÷ "
                       f"{fmt_amount(pa.initial_total)}")
            direction = "调减" if pa.net < 0 else "调增"
            note = f"净额口径：追加 {fmt_amount(pa.additions)}，追减 {fmt_amount(pa.reductions)}，净{direction} {fmt_amount(abs(pa.net))} 万元"
        else:
            formula = f"({fmt_amount(pa.additions)} + {fmt_amount(pa.reductions)}) ÷ {fmt_amount(pa.initial_total)}"
            note = "总额口径：（追加 + 追减）÷ 年初预算数"
        out.add(MeasureValue("项目支出预算调整率", pa.rate, formula, where, note))
        received = [ln.received for ln in lines if ln.received is not None]
        if received:  # 到位数 is only kept for project evaluations (003); no column, no measure
            received_total = sum(received, Decimal(0))
            out.add(MeasureValue("资金到位率", finance.funds_in_place_rate(received_total, pa.adjusted_total),
                                 _ratio_text(received_total, pa.adjusted_total), where, "Σ实际到位数 ÷ Σ调整后预算数"))
            out.add(MeasureValue("项目资金执行率", finance.execution_rate(pa.spent_total, received_total),
                                 _ratio_text(pa.spent_total, received_total), where, "Σ实际支出数 ÷ Σ实际到位数"))

    fixed = book.assets.get("fixed_total")
    in_use, net = _amt(fixed, "in_use_net"), _amt(fixed, "net")
    if net is None and fixed is not None:
        net = finance.net_value(_amt(fixed, "original"), _amt(fixed, "depreciation"))
    out.add(MeasureValue("固定资产利用率", finance.asset_utilisation(in_use, net), _ratio_text(in_use, net),
                         f"{file} › {sheet_name('budget', 'assets')} › {_cell(fixed, 'in_use_net')}/{_cell(fixed, 'net')}",
                         "在用固定资产净值 ÷ 固定资产期末净值"))

    tp = book.three_public.get("total")
    arranged = tp.get("arranged") if tp is not None else None
    if arranged == finance.NOT_ARRANGED:
        out.add(MeasureValue("三公经费执行率", None, "未安排三公经费预算", f"{file} › 三公经费", "不适用"))
    else:
        spent, budget = _amt(tp, "final"), _amt(tp, "annual")
        out.add(MeasureValue("三公经费执行率", finance.execution_rate(spent, budget), _ratio_text(spent, budget),
                             f"{file} › {sheet_name('budget', 'three_public')} › {_cell(tp, 'final')}/{_cell(tp, 'annual')}",
                             "三公经费决算数 ÷ 全年预算数"))

    carry = book.income.get("year_end_carryover")
    carried = _amt(carry, "annual") if _amt(carry, "annual") is not None else _amt(carry, "initial")
    total_budget = _amt(expense.get("total"), "annual")
    if carried is not None:
        out.add(MeasureValue("结转结余率", finance.carryover_rate(carried, total_budget),
                             _ratio_text(carried, total_budget),
                             f"{file} › {sheet_name('budget', 'income')} › 年末结转结余 / {sheet_name('budget', 'expense')} › 本年支出合计", "年末结转结余 ÷ 全年预算数"))


# Expense lines whose adjustments add up to the department's gross 调整 (其中 rows are inside their parent).
EXPENSE_LINES = ("personnel", "public", "project", "upper", "business", "affiliated")
QUARTERS = (("q1", "一季度末", Decimal("0.25")), ("q2", "二季度末", Decimal("0.50")), ("q3", "三季度末", Decimal("0.75")),
            ("q4", "四季度末", Decimal("1")))
COVERAGE_STAGES = (("declare", "绩效目标申报"), ("track", "绩效运行监控"), ("evaluate", "绩效评价"))


def _department(book: BudgetBook, out: Measures, adjustment_mode: str) -> None:
    """Measures of the department as a whole: 支出预算调整率, 人员, 支付进度, 绩效管理覆盖, 上年 comparisons."""
    file = book.data.path.name
    total = book.expense.get("total")
    initial, annual = _amt(total, "initial"), _amt(total, "annual")
    if initial is not None and annual is not None:
        if adjustment_mode == "net":
            out.add(MeasureValue("支出预算调整率", finance.adjustment_rate(initial, annual, signed=False),
                                 f"|{fmt_amount(annual)} − {fmt_amount(initial)}| ÷ {fmt_amount(initial)}",
                                 f"{file} › {sheet_name('budget', 'expense')} › {_cell(total, 'annual')}/{_cell(total, 'initial')}",
                                 "净额口径：|全年预算数 − 年初预算数| ÷ 年初预算数"))
        else:
            moved = []
            for key in EXPENSE_LINES:
                row = book.expense.get(key)
                start, end = _amt(row, "initial"), _amt(row, "annual")
                if start is not None or end is not None:  # "-" on one side is zero: a line cut out or added
                    moved.append(abs(D(end or 0) - D(start or 0)))
            moved = [m for m in moved if m]
            gross = sum(moved, Decimal(0))
            out.add(MeasureValue("支出预算调整率", finance.share(gross, initial),
                                 f"{' + '.join(fmt_amount(m) for m in moved) or '0.00'} ÷ {fmt_amount(initial)}",
                                 f"{file} › 支出", "总额口径：Σ各类支出|全年预算数 − 年初预算数| ÷ 年初预算数"))
    if book.staff:
        pairs = [(book.staff.get(k), label) for k, label in (("admin", "行政"), ("institution", "事业"))]
        used = [(r, label) for r, label in pairs if r is not None and r.get("quota") is not None]
        if used:
            staff = sum((D(r.get("staff") or 0) for r, _ in used), Decimal(0))
            quota = sum((D(r.get("quota")) for r, _ in used), Decimal(0))
            parts = "，".join(f"{label} {r.get('staff') or 0}/{r.get('quota')}" for r, label in used)
            out.add(MeasureValue("在职人员控制率", finance.share(staff, quota), f"{staff} ÷ {quota}", f"{file} › 人员",
                                 f"年末在职人数 ÷ 编制数（{parts}）"))
    _payments(book, out, file, annual)
    for key, stage in COVERAGE_STAGES:
        row = book.coverage.get(key)
        if row is None:
            continue
        for unit, num_key, den_key, text in (("项目数", "projects_covered", "projects_total", "{} ÷ {}"),
                                              ("资金", "funds_covered", "funds_total", None)):
            num, den = row.get(num_key), row.get(den_key)
            if num is None or den is None:
                continue
            shown = f"{num} ÷ {den}" if text else _ratio_text(D(num), D(den))
            out.add(MeasureValue(f"{stage}覆盖率（{unit}）", finance.share(D(num), D(den)), shown,
                                 f"{file} › {sheet_name('budget', 'coverage')} › {_cell(row, num_key)}/{_cell(row, den_key)}",
                                 f"{stage}覆盖的{unit} ÷ 全部{unit}"))
    tp = book.three_public.get("total")
    for name, now, key in (("三公经费预算变动率", _amt(tp, "annual"), "three_public_budget"),
                           ("三公经费决算变动率", _amt(tp, "final"), "three_public_final"),
                           ("支出决算变动率", _amt(total, "final"), "expense_final")):
        before = _amt(book.prior.get(key), "amount")
        if now is None or before is None:
            continue
        out.add(MeasureValue(name, finance.growth_rate(now, before),
                             f"({fmt_amount(now)} − {fmt_amount(before)}) ÷ {fmt_amount(before)}",
                             f"{file} › {sheet_name('budget', 'prior')} › {_cell(book.prior.get(key), 'amount')}", "(本年 − 上年) ÷ 上年"))


def _payments(book: BudgetBook, out: Measures, file: str, annual: Decimal | None) -> None:
    """Each quarter's cumulative 支付进度 (typed rate, else 累计支出 ÷ 全年预算数) and the share on schedule."""
    met, filled, lines = 0, 0, []
    for key, label, default in QUARTERS:
        row = book.payments.get(key)
        if row is None:
            continue
        typed, spent = row.get("rate"), _amt(row, "spent")
        rate: Decimal | None
        if typed is not None:
            rate, formula = D(typed), f"填写的支付率 {fmt_pct(D(typed))}"
        elif spent is not None:
            rate, formula = finance.execution_rate(spent, annual), _ratio_text(spent, annual)
        else:
            continue
        target = D(row.get("target")) if row.get("target") is not None else default
        out.add(MeasureValue(f"{label}支付进度", rate, formula, f"{file} › {sheet_name('budget', 'payments')} › {_cell(row, 'spent')}",
                             f"序时进度 {fmt_pct(target)}"))
        if rate is None:
            continue
        filled += 1
        ok = rate >= target
        met += 1 if ok else 0
        lines.append(f"{label} {fmt_pct(rate)}{'≥' if ok else '<'}{fmt_pct(target)}")
    if filled:
        out.add(MeasureValue("支付进度达标率", finance.share(Decimal(met), Decimal(filled)), f"{met} ÷ {filled}",
                             f"{file} › 支付进度", "达到序时进度的季度数 ÷ 已填季度数（" + "；".join(lines) + "）"))


def survey_model(book: SurveyBook) -> sv.Survey:
    """The questionnaire workbook as an ``xlkit.compute.survey.Survey`` (scores as typed, N per question)."""
    options: dict[str, list[sv.Option]] = {}
    for o in book.options:
        options.setdefault(o.qid, []).append(sv.Option(o.label, o.count or 0, o.score))
    questions = []
    for q in book.questions:
        kind = q.kind if q.kind in sv.KINDS else "单选"
        questions.append(sv.Question(q.qid, q.text, kind, tuple(options.get(q.qid, ())), q.answered, q.scored,
                                     q.weight))
    open_answers: dict[str, list[str]] = {}
    for qid, text in book.open_answers:
        open_answers.setdefault(qid, []).append(text)
    info = book.info
    return sv.Survey(title=info.get("title") or "", population=info.get("population"),
                     distributed=info.get("distributed"), returned=info.get("returned"), valid=info.get("valid"),
                     mode=info.get("mode"), questions=tuple(questions), open_answers=open_answers)


def _survey(book: SurveyBook, out: Measures, method: str) -> None:
    file = book.data.path.name
    try:
        model = survey_model(book)
    except ValueError as exc:
        out.problems.append(f"{file}：{exc}")
        return
    for q in model.questions:
        if not q.options:
            continue
        qn = model.question(q.qid)
        try:
            rate = sv.question_rate(qn)
        except RuleConfigError:
            continue  # options without scores (e.g. 单位类型): no rate, and no indicator may bind it
        n = sv.question_n(qn)
        weighted = sum((o.count * o.score for o in qn.options if o.score is not None), Decimal(0))
        out.add(MeasureValue(f"问卷:{q.qid}", rate, f"{weighted.normalize():f} ÷ {n}", f"{file} › {sheet_name('survey', 'options')} › {q.qid}",
                             "Σ(人数 × 选项分值) ÷ 答题人数"))
    scored = [q for q in model.questions if q.scored]
    if scored:
        try:
            value = sv.composite(model, method=method)
        except RuleConfigError as exc:
            out.problems.append(f"{file}：{exc}")
            value = None
        ids = "、".join(q.qid for q in scored)
        label = "等权平均" if method == "mean" else "合并计算"
        rates = [out.values[f"问卷:{q.qid}"].display for q in scored if f"问卷:{q.qid}" in out.values]
        formula = f"({' + '.join(rates)}) ÷ {len(rates)}" if method == "mean" else f"合并 {ids}"
        out.add(MeasureValue("问卷综合满意度", value, formula, f"{file} › 题目（计入满意度：{ids}）", label))
    cov = sv.coverage_rates(model)
    out.add(MeasureValue("问卷覆盖率", cov.coverage, f"{model.valid} ÷ {model.population}", f"{file} › 问卷信息",
                         "有效问卷数 ÷ 调查对象总体数"))
    out.add(MeasureValue("问卷回收率", cov.return_rate, f"{model.returned} ÷ {model.distributed}",
                         f"{file} › 问卷信息", "回收问卷数 ÷ 发放问卷数"))
    out.add(MeasureValue("有效回收率", cov.valid_rate, f"{model.valid} ÷ {model.returned}", f"{file} › 问卷信息",
                         "有效问卷数 ÷ 回收问卷数"))


def _vouchers(book: VoucherBook, budget: BudgetBook | None, out: Measures) -> None:
    file = book.data.path.name
    total_yuan = finance.voucher_total(v.amount for v in book.vouchers if v.amount is not None)
    total_wan = finance.to_wan(total_yuan)
    final = _amt(budget.expense.get("total"), "final") if budget else None
    project = _amt(budget.expense.get("project"), "final") if budget else None
    out.add(MeasureValue("凭证抽查覆盖率", finance.coverage(total_wan, final), _ratio_text(total_wan, final),
                         f"{file} › 台账", f"抽查金额 {fmt_amount(total_yuan)} 元 ÷ 决算数"))
    out.add(MeasureValue("凭证抽查占项目支出比例", finance.coverage(total_wan, project), _ratio_text(total_wan, project),
                         f"{file} › 台账", "抽查金额 ÷ 项目支出决算数"))


def compute_measures(budget: BudgetBook | None, survey: SurveyBook | None, vouchers: VoucherBook | None, *,
                     survey_method: str = "mean", adjustment_mode: str = "net") -> Measures:
    """Every measure the filled workbooks allow; a workbook left empty gives no measures."""
    out = Measures()
    if budget is not None:
        _budget(budget, out, adjustment_mode)
        _department(budget, out, adjustment_mode)
    if survey is not None and (survey.questions or survey.options):
        _survey(survey, out, survey_method)
    if vouchers is not None and vouchers.vouchers:
        _vouchers(vouchers, budget, out)
    return out
