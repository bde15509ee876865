"""Finance measures of the budget tables: pure functions over Decimal.

Every amount is a ``Decimal`` in 万元 unless a name says otherwise (``_yuan``, ``_yi``). Every rate
is a fraction rounded half up to ``places`` decimals — 4 by default, i.e. a 2-decimal percent
(0.9531 = 95.31%); pass ``places=3`` for the 1-decimal percents some statements print (004: 6.9%)
or ``places=None`` for the exact quotient.

One convention for missing values, taken from the seeds' tables, where "-" stands in an amount
column for "nothing" (000 表1-1 prints 公用经费 全年预算数 "-", its text says "0.00万元"):

* ``None`` in an amount means "-" and counts as zero in sums and differences;
* a result computed from dashes only is a dash (``None``);
* a rate whose denominator is zero or a dash is ``None`` — the tables print "-" — never an error.

The denominators that reproduce the reports' figures are pinned by golden cases in tests/goldens:
000 (执行率, 收入预算调整率, 项目调整率, 固定资产利用率), 003 (到位率, 执行率 over 到位资金), 002 (fund
收支: 增长, 增幅, 执行预算%, 结余) and 004 (占比, 同比, 三公, 执行进度).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from xlkit.read.numbers import ZERO, D, fmt_pct, quantize, ratio

__all__ = [
    "Amount",
    "AMOUNT_TOLERANCE",
    "TEN_THOUSAND",
    # rates
    "execution_rate",
    "funds_in_place_rate",
    "carryover_rate",
    "unspent_rate",
    "asset_utilisation",
    "share",
    "shares",
    "coverage",
    "per_capita",
    # adjustments
    "Adjustment",
    "income_adjustment",
    "adjustment_rate",
    "check_adjustment",
    "BudgetLine",
    "PROJECT_KINDS",
    "INITIAL_PROJECT",
    "ADDED_PROJECT",
    "ProjectLine",
    "ProjectRate",
    "ProjectAdjustment",
    "project_adjustment",
    "ADJUSTMENT_MODES",
    # assets, 三公
    "net_value",
    "ThreePublic",
    "NOT_ARRANGED",
    "ARRANGED",
    "UNBUDGETED",
    "three_public",
    # year on year
    "Change",
    "growth",
    "growth_rate",
    "year_on_year",
    "previous_from_change",
    "describe_change",
    # footing and rounding envelopes
    "Footing",
    "foot",
    "rate_envelope",
    "within_envelope",
    # units and vouchers
    "to_wan",
    "to_yi",
    "yi_to_wan",
    "wan_to_yuan",
    "voucher_total",
    # social-insurance funds
    "budget_completion",
    "period_balance",
    "rolling_balance",
    "FundColumn",
    "FundAnalysis",
    "FundRow",
    "FundTable",
    "TOTAL_COLUMN",
]

Amount = Decimal | int | str | None
"""An amount as callers hold it; ``None`` is the tables' "-" (see the module docstring)."""

# Both sides of a footing are 2-decimal 万元 amounts, so one cent is the smallest real break.
AMOUNT_TOLERANCE = Decimal("0.01")
TEN_THOUSAND = Decimal(10000)


# --------------------------------------------------------------------------------------------
# Dash handling


def _amt(value: Amount) -> Decimal | None:
    return None if value is None else D(value)


def _zero(value: Amount) -> Decimal:
    return ZERO if value is None else D(value)


def _rate(numerator: Amount, denominator: Amount, places: int | None) -> Decimal | None:
    if denominator is None:
        return None
    return ratio(_zero(numerator), D(denominator), places)


def _diff(minuend: Amount, subtrahend: Amount) -> Decimal | None:
    if minuend is None and subtrahend is None:
        return None
    return _zero(minuend) - _zero(subtrahend)


def _sum(values: Iterable[Amount]) -> Decimal | None:
    items = list(values)
    if all(v is None for v in items):
        return None
    return sum((_zero(v) for v in items), ZERO)


def _signed(rate: Decimal | None, signed: bool) -> Decimal | None:
    if rate is None or signed:
        return rate
    return abs(rate)


# --------------------------------------------------------------------------------------------
# Rates


def execution_rate(spent: Amount, budget: Amount, places: int | None = 4) -> Decimal | None:
    """预算执行率 = 预算执行数 / 预算下达数.

    000 F1: "预算执行率=（预算执行数/预算下达数）×100.00%。预算执行数：部门（单位）本年度实际完成的
    预算支出数；预算下达数：财政部门批复的本年度部门（单位）预算支出数及预算调整数。" — so ``budget``
    is the 全年预算数 / 调整后预算数 (498.46 → 100.00%), never the 年初 figure (523.64 would give
    95.19%). 004 uses the same denominator for 完成预算 and the monthly 执行进度 ("1-10 月预算执行数
    1172.30 万元，占部门预算的 83.3%").

    003's project 资金管理 defines "预算执行率=(实际支出资金/实际到位资金)×100%": pass the 实际到位
    资金 as ``budget`` there.
    """
    return _rate(spent, budget, places)


def funds_in_place_rate(received: Amount, budget: Amount, places: int | None = 4) -> Decimal | None:
    """资金到位率 = 实际到位资金 / 预算资金.

    003: "资金到位率=(实际到位资金/预算资金)×100%", where 预算资金 is the 全年预算数 after
    adjustment (182.62/182.62 = 100.00%; against the 年初 200 it would be 91.31%).
    """
    return _rate(received, budget, places)


def carryover_rate(carryover: Amount, budget: Amount, places: int | None = 4) -> Decimal | None:
    """结转结余率 = 结转结余总额 / 全年预算数.

    No seed prints this rate (000 has no 结转结余 data; 004's 年末结转和结余 is 0). The definition
    follows the 部门整体 common indicator: money carried over or left unspent at year end
    (年末结转和结余) over the year's final budget (全年预算数, as in 执行率), so the two rates
    speak of the same base.
    """
    return _rate(carryover, budget, places)


def unspent_rate(budget: Amount, spent: Amount, places: int | None = 4) -> Decimal | None:
    """预算结余率 = (预算数 − 支出数) / 预算数, per project.

    004 F20: "预算结余率大于 10%的项目共计 0 个"; a fully spent project has 结余率 0.00%.
    Overspending gives a negative rate, which is left visible rather than clamped.
    """
    return _rate(_diff(budget, spent), budget, places)


def asset_utilisation(
    in_use_net: Amount, closing_net: Amount, places: int | None = 4
) -> Decimal | None:
    """固定资产利用率 = 在用固定资产净值 / 固定资产期末净值.

    000 F5: "固定资产期末净值为 41.81万元，在用固定资产净值为 41.81万元，固定资产利用率为 100.00%"
    — net book values, not 原值.
    """
    return _rate(in_use_net, closing_net, places)


def share(part: Amount, whole: Amount, places: int | None = 4) -> Decimal | None:
    """占比 = 分项 / 合计 (004 F3: "基本支出 832.61 万元，占 59.19%")."""
    return _rate(part, whole, places)


def shares(
    parts: Sequence[tuple[str, Amount]], whole: Amount = None, places: int | None = 4
) -> dict[str, Decimal | None]:
    """占比 of each named part; ``whole`` defaults to Σ parts.

    Pass the printed 合计 as ``whole`` when the report divides by it: the parts of a printed table
    need not foot (004 卫生健康 类 1280.44 vs Σ项 1280.45).
    """
    base = _sum(v for _, v in parts) if whole is None else whole
    return {name: _rate(value, base, places) for name, value in parts}


def coverage(sampled_wan: Amount, base_wan: Amount, places: int | None = 4) -> Decimal | None:
    """抽查占比 = 抽查金额 / 资金总额 (000 基础表1: 40.38/498.46 = 8.10% of 决算; 40.38/47.14 of 项目支出).

    The reports take the sample total already rounded to 万元, so this does too.
    """
    return _rate(sampled_wan, base_wan, places)


def per_capita(amount: Amount, people: Amount, places: int | None = 2) -> Decimal | None:
    """人均 = 金额 / 人数, 2 decimals (004 F16: "人均占有资产 7.59 万元" = 417.21/55).

    004's 人均资产变化率 (984.3%) is computed from the *displayed* 人均 values, so callers chain
    ``growth_rate`` on this rounded result, not on the exact quotient.
    """
    return _rate(amount, people, places)


# --------------------------------------------------------------------------------------------
# Adjustments


class Adjustment(NamedTuple):
    """调整数 (年初 − 全年, as the reports print it) and its rate over 年初."""

    amount: Decimal | None
    rate: Decimal | None


def income_adjustment(initial: Amount, annual: Amount, places: int | None = 4) -> Adjustment:
    """预算调整数 = 年初收入数 − 全年预算数; 收入预算调整率 = 预算调整数 / 年初收入数.

    000 F2: "预算调整数为 25.18万元，收入预算调整率为 4.81%" — 523.64 − 498.46 = 25.18 and
    25.18/523.64 = 4.81%; dividing by the 全年 498.46 would give 5.05%, which the report did not.
    A cut is positive here because that is how the report prints it; for the signed change use
    ``adjustment_rate``.
    """
    amount = _diff(initial, annual)
    return Adjustment(amount, None if amount is None else _rate(amount, initial, places))


def adjustment_rate(
    initial: Amount, adjusted: Amount, signed: bool = True, places: int | None = 4
) -> Decimal | None:
    """预算调整率 = (调整后预算数 − 年初预算数) / 年初预算数.

    000 表1-2 prints the column unsigned (项目3: 43.97 → 10.27 is "76.64%", a cut of −76.64%);
    ``signed=False`` gives that. A project with no 年初 figure (年中追加项目, "-") has no rate:
    ``None``, printed "-". A dash under 调整后 is a budget of zero (000 公用经费: 100.00%).
    """
    if initial is None or D(initial) == 0:
        return None
    return _signed(_rate(_diff(adjusted, initial), initial, places), signed)


@dataclass(frozen=True)
class BudgetLine:
    """One row of a 支出预决算 table: 年初预算数, 全年预算数 (调整后), 决算数 (000 表1-1, 004 附件1 L750–L775)."""

    name: str
    initial: Decimal | None
    annual: Decimal | None
    final: Decimal | None

    def execution_rate(self, places: int | None = 4) -> Decimal | None:
        """预算执行率 = 决算数 / 全年预算数 (the 预算下达数 of 000 F1)."""
        return execution_rate(self.final, self.annual, places)

    def adjustment(self, places: int | None = 4) -> Adjustment:
        """调整数 = 年初 − 全年 and its rate over 年初, as 000 F2 prints them."""
        return income_adjustment(self.initial, self.annual, places)

    def adjustment_rate(self, signed: bool = True, places: int | None = 4) -> Decimal | None:
        """(全年 − 年初) / 年初; ``signed=False`` for the reports' unsigned column."""
        return adjustment_rate(self.initial, self.annual, signed, places)


def check_adjustment(
    initial: Amount, annual: Amount, adjustment: Amount, *, signed: bool = False,
    tolerance: Decimal = AMOUNT_TOLERANCE,
) -> Footing | None:
    """Check 年初 − 全年 = 调整数; ``None`` when it holds exactly, else the ``Footing``.

    The reports print the adjustment without a sign (000 "预算调整数为 25.18万元"; 004 "执行中调整
    预算 3868.04 万元" for a cut), so by default magnitudes are compared; ``signed=True`` compares
    年初 − 全年 with the figure as given.
    """
    computed = _zero(_diff(initial, annual))
    printed = _zero(adjustment)
    if not signed:
        computed, printed = abs(computed), abs(printed)
    return _footing(computed, printed, 2, tolerance)


INITIAL_PROJECT = "年初预算项目"
ADDED_PROJECT = "年中追加项目"
PROJECT_KINDS = (INITIAL_PROJECT, ADDED_PROJECT)


@dataclass(frozen=True)
class ProjectLine:
    """One row of 项目预算安排及执行情况汇总表 (000 表1-2).

    ``initial`` is ``None`` for a 年中追加项目 (the table prints "-"); ``received`` (实际到位) is
    optional because only project evaluations (003) report it.
    """

    name: str
    kind: str
    initial: Decimal | None
    adjusted: Decimal | None
    spent: Decimal | None
    received: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in PROJECT_KINDS:
            raise ValueError(f"项目类型应为 {'/'.join(PROJECT_KINDS)}，实际为 \"{self.kind}\"")

    @property
    def change(self) -> Decimal | None:
        """调整后 − 年初: positive for 追加, negative for 追减."""
        return _diff(self.adjusted, self.initial)

    def adjustment_rate(self, signed: bool = True, places: int | None = 4) -> Decimal | None:
        """表1-2 预算调整率 = (调整后 − 年初)/年初; "-" for 年中追加项目."""
        return adjustment_rate(self.initial, self.adjusted, signed, places)

    def execution_rate(self, places: int | None = 4) -> Decimal | None:
        """表1-2 预算执行率 = 实际支出数 / 调整后预算数."""
        return execution_rate(self.spent, self.adjusted, places)

    def in_place_rate(self, places: int | None = 4) -> Decimal | None:
        """资金到位率 = 实际到位 / 调整后预算数 (003)."""
        return funds_in_place_rate(self.received, self.adjusted, places)


class ProjectRate(NamedTuple):
    """The two per-project columns of 000 表1-2."""

    name: str
    kind: str
    adjustment_rate: Decimal | None
    execution_rate: Decimal | None


@dataclass(frozen=True)
class ProjectAdjustment:
    """项目支出预算调整率 with the totals it is built from (see ``project_adjustment``)."""

    mode: str
    signed: bool
    initial_total: Decimal
    adjusted_total: Decimal
    spent_total: Decimal
    additions: Decimal
    reductions: Decimal
    rate: Decimal | None
    execution_rate: Decimal | None
    lines: tuple[ProjectRate, ...] = field(default_factory=tuple)

    @property
    def net(self) -> Decimal:
        """Σ调整后 − Σ年初 (= 追加 − 追减)."""
        return self.adjusted_total - self.initial_total

    @property
    def gross(self) -> Decimal:
        """追加 + 追减, both as magnitudes."""
        return self.additions + self.reductions


ADJUSTMENT_MODES = ("net", "gross")


def project_adjustment(
    projects: Iterable[ProjectLine], mode: str = "net", signed: bool = True, places: int | None = 4
) -> ProjectAdjustment:
    """项目支出预算调整率 = 项目预算调整数 / 项目预算数, over Σ年初预算数.

    000 F3: "项目支出预算调整率=（项目预算调整数/项目预算数）×100.00%；预算数：部门在本年度内涉及预算
    的追加、追减或结构调整的项目资金总和。" The report divides the **net** change by Σ年初:
    (47.14 − 59.08)/59.08 = −20.21%, printed "20.21%" (``signed=False``). ``mode="gross"`` divides
    追加 + 追减 instead — 000 would give 93.87%, which it did not use; the option exists because the
    wording "追加、追减或结构调整…总和" allows that reading. A 年中追加项目 counts as 追加 of its
    whole 调整后 amount (000 moved 公用经费 6.72 into a project that way).
    """
    if mode not in ADJUSTMENT_MODES:
        raise ValueError(f"调整率口径应为 net 或 gross，实际为 \"{mode}\"")
    items = list(projects)
    initial_total = _zero(_sum(p.initial for p in items))
    adjusted_total = _zero(_sum(p.adjusted for p in items))
    spent_total = _zero(_sum(p.spent for p in items))
    changes = [_zero(p.change) for p in items]
    additions = sum((c for c in changes if c > 0), ZERO)
    reductions = -sum((c for c in changes if c < 0), ZERO)
    if mode == "net":
        rate = _signed(_rate(adjusted_total - initial_total, initial_total, places), signed)
    else:
        rate = _rate(additions + reductions, initial_total, places)
    lines = tuple(
        ProjectRate(p.name, p.kind, p.adjustment_rate(signed, places), p.execution_rate(places))
        for p in items
    )
    return ProjectAdjustment(
        mode=mode,
        signed=signed,
        initial_total=initial_total,
        adjusted_total=adjusted_total,
        spent_total=spent_total,
        additions=additions,
        reductions=reductions,
        rate=rate,
        execution_rate=execution_rate(spent_total, adjusted_total, places),
        lines=lines,
    )


# --------------------------------------------------------------------------------------------
# Assets and 三公


def net_value(original: Amount, depreciation: Amount) -> Decimal | None:
    """期末账面净值 = 期末账面原值 − 累计折旧 (000: 82.80 − 40.99 = 41.81)."""
    return _diff(original, depreciation)


NOT_ARRANGED = "未安排"
ARRANGED = "已安排"
UNBUDGETED = "无预算支出"


@dataclass(frozen=True)
class ThreePublic:
    """三公经费 execution: a state as well as a rate, because "未安排" is not "0.00%"."""

    state: str
    budget: Decimal | None
    spent: Decimal | None
    rate: Decimal | None

    @property
    def arranged(self) -> bool:
        return self.state == ARRANGED

    def text(self, places: int = 2) -> str:
        """What the table cell shows: the percent, or the state word when there is no rate."""
        return fmt_pct(self.rate, places) if self.rate is not None else self.state


def three_public(budget: Amount, spent: Amount, places: int | None = 4) -> ThreePublic:
    """“三公”经费 执行率 = 实际执行 / 预算安排.

    000: "2024年度喀什市医疗保障局未安排“三公”经费预算。" — no budget means the state 未安排, not
    0.00%. 004: "“三公”经费预算安排 0.87 万元，实际执行 0.06 万元…完成预算的 6.9%" (``places=3``).
    Spending without a budget is its own state (无预算支出) so that a validator can flag it.
    """
    b, s = _amt(budget), _amt(spent)
    if b is None or b == 0:
        state = UNBUDGETED if s is not None and s != 0 else NOT_ARRANGED
        return ThreePublic(state, b, s, None)
    return ThreePublic(ARRANGED, b, s, _rate(s, b, places))


# --------------------------------------------------------------------------------------------
# Year on year


class Change(NamedTuple):
    """增长 (当年 − 上年, signed) and 增幅 (增长 / 上年)."""

    amount: Decimal | None
    rate: Decimal | None


def growth(current: Amount, previous: Amount) -> Decimal | None:
    """增长 = 当年 − 上年, signed (002 F1: 41.45 − 43.23 = −1.78)."""
    return _diff(current, previous)


def growth_rate(current: Amount, previous: Amount, places: int | None = 4) -> Decimal | None:
    """增幅% = 增长 / 上年 (002 F2; 004 F1 "下降 81.02%").

    The base is the previous year: 002's −1.78/43.23 = −4.12% is printed, −1.78/41.45 = −4.29%
    is not.
    """
    return _rate(_diff(current, previous), previous, places)


def year_on_year(current: Amount, previous: Amount, places: int | None = 4) -> Change:
    """增长 and 增幅% together."""
    return Change(growth(current, previous), growth_rate(current, previous, places))


def previous_from_change(current: Amount, change: Amount) -> Decimal | None:
    """上年 = 当年 − 增加额, for statements that print only "较上年增加/减少 X".

    004 F1: "收、支总计 1406.77 万元…各减少 6006.82 万元" → 上年 7413.59 (pass the cut as −6006.82).
    """
    return _diff(current, change)


def describe_change(
    change: Change, unit: str = "万元", places: int = 2, prefix: str = "较上年"
) -> str:
    """The narrative wording: "较上年减少2.73亿元，下降4.97%" / "较上年增加2.42亿元，增长6.15%".

    Verbs follow the sign (002 Part A L37); numbers are unsigned because the verb carries the sign.
    """
    amount, rate = change
    if amount is None:
        return "-"
    if amount == 0:
        return "与上年持平"
    more = amount > 0
    text = f"{prefix}{'增加' if more else '减少'}{quantize(abs(amount), places):.{places}f}{unit}"
    if rate is not None:
        text += f"，{'增长' if more else '下降'}{fmt_pct(abs(rate))}"
    return text


# --------------------------------------------------------------------------------------------
# Footing


@dataclass(frozen=True)
class Footing:
    """A total that does not agree with its parts.

    ``difference`` = computed − printed. ``is_break`` applies the tolerance inclusively: both sides
    are 2-decimal amounts, so a difference of exactly 0.01 is the smallest real disagreement and is
    a break (goldens 000 G12: 464.57 + 59.08 = 523.65 vs 523.64). ``within_rounding`` says whether the
    difference can come from rounding each part to the tolerance's unit (n parts × half a unit:
    goldens 004 G8, goldens 002 G9); callers typically warn then and report an error otherwise.
    """

    computed: Decimal
    printed: Decimal
    difference: Decimal
    count: int
    tolerance: Decimal = AMOUNT_TOLERANCE

    @property
    def is_break(self) -> bool:
        return abs(self.difference) >= self.tolerance

    @property
    def rounding_envelope(self) -> Decimal:
        return self.count * self.tolerance / 2

    @property
    def within_rounding(self) -> bool:
        return abs(self.difference) <= self.rounding_envelope


def _footing(computed: Decimal, printed: Decimal, count: int, tolerance: Decimal) -> Footing | None:
    difference = computed - printed
    if difference == 0:
        return None
    return Footing(computed, printed, difference, count, D(tolerance))


def foot(
    children: Iterable[Amount], parent: Amount, tolerance: Decimal = AMOUNT_TOLERANCE
) -> Footing | None:
    """Check Σ children = parent: ``None`` when it foots exactly, else a ``Footing``.

    Any non-zero difference is returned, so a caller can still see a sub-cent gap from unrounded
    inputs (``is_break`` False); dashes count as zero.
    """
    items = list(children)
    return _footing(_zero(_sum(items)), _zero(parent), len(items), tolerance)


def rate_envelope(
    numerator: Amount, denominator: Amount, half_unit: Decimal = Decimal("0.005")
) -> tuple[Decimal, Decimal] | None:
    """The exact range of numerator/denominator when both were rounded to ±``half_unit``.

    002 B1/B2 (万元): the same 执行率 printed as 97.86% (from 万元) and 97.87% (from 亿元 35.31/36.08);
    any rate inside 97.838–97.893% is explained by the rounding of the 亿元 inputs. ``None`` when
    the denominator's range touches zero. For positive inputs only, which every seed amount is.
    """
    num, den, half = _zero(numerator), _zero(denominator), D(half_unit)
    if den - half <= 0:
        return None
    return (num - half) / (den + half), (num + half) / (den - half)


def within_envelope(
    rate: Decimal,
    numerator: Amount,
    denominator: Amount,
    half_unit: Decimal = Decimal("0.005"),
    places: int = 4,
) -> bool:
    """Whether a printed rate (a fraction with ``places`` decimals) can come from inputs rounded
    to ±``half_unit``.

    The printed rate is itself rounded, so the range is widened by half its own last unit.
    """
    bounds = rate_envelope(numerator, denominator, half_unit)
    if bounds is None:
        return False
    own_half = Decimal(1).scaleb(-places) / 2
    low, high = bounds
    return low - own_half <= D(rate) <= high + own_half


# --------------------------------------------------------------------------------------------
# Units and vouchers


def to_wan(yuan: Amount, places: int = 2) -> Decimal | None:
    """元 → 万元: ÷10,000, half up to 2 decimals (goldens 000 G35: 403,778.41 元 = 40.38 万元).

    The same step turns 人 into 万人 (002: 43975 人 = 4.40 万人).
    """
    return None if yuan is None else quantize(D(yuan) / TEN_THOUSAND, places)


def to_yi(wan: Amount, places: int = 2) -> Decimal | None:
    """万元 → 亿元: ÷10,000, half up to 2 decimals (002 F17: 360780 → 36.08)."""
    return None if wan is None else quantize(D(wan) / TEN_THOUSAND, places)


def yi_to_wan(yi: Amount) -> Decimal | None:
    """亿元 → 万元, exact (no rounding: it only adds zeros)."""
    return None if yi is None else D(yi) * TEN_THOUSAND


def wan_to_yuan(wan: Amount) -> Decimal | None:
    """万元 → 元, exact."""
    return None if wan is None else D(wan) * TEN_THOUSAND


def voucher_total(amounts_yuan: Iterable[Amount]) -> Decimal:
    """Σ 金额（元） of the 凭证抽查台账, exact; blank amounts count as zero.

    Summed in 元 before converting, because the report states the sample as Σ元 → 万元
    (000: "抽取了会计凭证 9笔…共计 40.38万元").
    """
    return _zero(_sum(amounts_yuan))


# --------------------------------------------------------------------------------------------
# Social-insurance fund 收支 table (002 表(一))


def budget_completion(actual: Amount, budget: Amount, places: int | None = 4) -> Decimal | None:
    """执行预算% = 当年实际 / 当年预算, for income as well as expenditure (002 F3:
    "完成年度预算102.79%")."""
    return _rate(actual, budget, places)


def period_balance(income: Amount, expense: Amount) -> Decimal | None:
    """基金当期结余 = 当年收入 − 当年支出 (002 F4: "基金当期结余10.47亿元")."""
    return _diff(income, expense)


def rolling_balance(opening: Amount, income: Amount, expense: Amount) -> Decimal | None:
    """滚存结余 = 上年末滚存结余 + 当期结余.

    002 prints only the closing 滚存结余 (51.18 + 38.41 = 89.59), not the opening one, so the
    roll-forward cannot be checked against that seed.
    """
    if opening is None and income is None and expense is None:
        return None
    return _zero(opening) + _zero(period_balance(income, expense))


TOTAL_COLUMN = "合计"


@dataclass(frozen=True)
class FundColumn:
    """One 险种 column: 预算 / 当年 / 上年 × 基金收入小计 / 基金支出小计, plus 滚存结余.

    Subtotals exclude 上下级往来, as 002 notes under its table; that is the caller's input.
    """

    name: str
    budget_income: Decimal | None
    budget_expense: Decimal | None
    income: Decimal | None
    expense: Decimal | None
    prior_income: Decimal | None
    prior_expense: Decimal | None
    rolling_balance: Decimal | None = None


@dataclass(frozen=True)
class FundAnalysis:
    """The derived rows of one column: 收入/支出对比分析 and the 结余 lines."""

    name: str
    income: Change
    income_completion: Decimal | None
    expense: Change
    expense_completion: Decimal | None
    current_balance: Decimal | None
    prior_balance: Decimal | None
    budget_balance: Decimal | None
    rolling_balance: Decimal | None


class FundRow(NamedTuple):
    """One printed row: block (预算, 2022年, 收入对比分析 …), label, a value per column incl. 合计."""

    block: str
    label: str
    values: tuple[Decimal | None, ...]


_AMOUNT_FIELDS = (
    "budget_income", "budget_expense", "income", "expense", "prior_income", "prior_expense",
    "rolling_balance",
)


@dataclass(frozen=True)
class FundTable:
    """社会保险基金收支余总体情况 (002 表(一)): 险种 columns and a computed 合计.

    The 合计 column is built from the summed amounts, so its rates are ratios of sums (goldens 002 G5:
    102.79%, not the 99.16% mean of 105.87% and 92.45%). Amounts stay in the unit given; rates
    should be computed from the finest unit available (万元 before 亿元, goldens 002 G9).
    """

    columns: tuple[FundColumn, ...]
    year: int | None = None
    places: int | None = 4

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(self.columns))

    @property
    def total(self) -> FundColumn:
        sums = {f: _sum(getattr(c, f) for c in self.columns) for f in _AMOUNT_FIELDS}
        return FundColumn(TOTAL_COLUMN, **sums)

    @property
    def all_columns(self) -> tuple[FundColumn, ...]:
        return (*self.columns, self.total)

    def column(self, name: str) -> FundColumn:
        for col in self.all_columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def analysis(self, name: str) -> FundAnalysis:
        """增长 = 当年 − 上年, 增幅% = 增长/上年, 执行预算% = 当年/预算, 当期结余 = 收入 − 支出."""
        return self._analyse(self.column(name))

    def _analyse(self, c: FundColumn) -> FundAnalysis:
        p = self.places
        return FundAnalysis(
            name=c.name,
            income=year_on_year(c.income, c.prior_income, p),
            income_completion=budget_completion(c.income, c.budget_income, p),
            expense=year_on_year(c.expense, c.prior_expense, p),
            expense_completion=budget_completion(c.expense, c.budget_expense, p),
            current_balance=period_balance(c.income, c.expense),
            prior_balance=period_balance(c.prior_income, c.prior_expense),
            budget_balance=period_balance(c.budget_income, c.budget_expense),
            rolling_balance=c.rolling_balance,
        )

    def rows(self, this_label: str | None = None, last_label: str | None = None) -> list[FundRow]:
        """The table as 002 lays it out, then 当期结余 and 滚存结余; rates as fractions.

        ``this_label``/``last_label`` head the 当年/上年 blocks (default "2022年"/"2021年" from ``year``).
        """
        cols = self.all_columns
        # One analysis per column: a 险种 typed twice (or named 合计) must not be looked up by name.
        found = [self._analyse(c) for c in cols]
        this_year = this_label or (f"{self.year}年" if self.year else "当年")
        last_year = last_label or (f"{int(self.year) - 1}年" if self.year else "上年")

        def row(block: str, label: str, values: Iterable[Decimal | None]) -> FundRow:
            return FundRow(block, label, tuple(values))

        return [
            row("预算", "基金收入小计", (c.budget_income for c in cols)),
            row("预算", "基金支出小计", (c.budget_expense for c in cols)),
            row(this_year, "基金收入小计", (c.income for c in cols)),
            row(this_year, "基金支出小计", (c.expense for c in cols)),
            row(last_year, "基金收入小计", (c.prior_income for c in cols)),
            row(last_year, "基金支出小计", (c.prior_expense for c in cols)),
            row("收入对比分析", "增长", (a.income.amount for a in found)),
            row("收入对比分析", "增幅%", (a.income.rate for a in found)),
            row("收入对比分析", "执行预算%", (a.income_completion for a in found)),
            row("支出对比分析", "增长", (a.expense.amount for a in found)),
            row("支出对比分析", "增幅%", (a.expense.rate for a in found)),
            row("支出对比分析", "执行预算%", (a.expense_completion for a in found)),
            row("基金当期结余", "", (a.current_balance for a in found)),
            row("滚存结余", "", (a.rolling_balance for a in found)),
        ]

    def foot_total(
        self, printed: FundColumn, tolerance: Decimal = AMOUNT_TOLERANCE
    ) -> dict[str, Footing]:
        """Compare a printed 合计 column with the Σ of the 险种 columns; only breaks are returned."""
        found: dict[str, Footing] = {}
        for name in _AMOUNT_FIELDS:
            value = getattr(printed, name)
            if value is None:
                continue
            result = foot((getattr(c, name) for c in self.columns), value, tolerance)
            if result is not None:
                found[name] = result
        return found
